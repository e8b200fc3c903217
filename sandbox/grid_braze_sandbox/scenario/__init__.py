"""Seeded scenarios: a ground truth, drivers that push it into the sandbox, and the manifest that
says what the pipeline must make of it (DESIGN §5)."""
