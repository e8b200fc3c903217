"""tap-trading-grid: a Singer tap for OpenText Trading Grid EDI mailboxes and Active Community."""
