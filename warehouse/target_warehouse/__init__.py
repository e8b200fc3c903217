"""target-warehouse: load Singer streams into the embedded DuckDB warehouse."""
