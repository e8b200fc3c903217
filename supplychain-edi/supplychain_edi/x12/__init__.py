"""X12: tokenising, envelopes, per-set readers and the set writers."""
