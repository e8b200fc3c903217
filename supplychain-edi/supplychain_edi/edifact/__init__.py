"""EDIFACT: tokenising (pydifact), envelopes, per-message readers."""
