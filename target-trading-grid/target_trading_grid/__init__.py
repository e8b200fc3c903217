"""target-trading-grid: a Singer target for outbound EDI and Active Community case updates."""
