"""Read and write X12 and EDIFACT supply-chain documents."""
