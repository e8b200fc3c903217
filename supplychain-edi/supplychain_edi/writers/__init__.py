"""Writers: normalised records back to X12 and EDIFACT, with caller-owned control numbers."""
