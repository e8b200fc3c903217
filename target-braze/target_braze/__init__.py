"""target-braze: a Singer target for Braze users, events, messages and catalogs."""
