"""Braze Currents: Avro files in a bucket, read incrementally with bounded state."""
