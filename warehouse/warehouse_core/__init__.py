"""What target-warehouse and tap-warehouse share: opening the DuckDB file, and the job lock."""
