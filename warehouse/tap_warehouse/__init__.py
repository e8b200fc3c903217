"""tap-warehouse: read the tables and views of one warehouse schema as Singer streams."""
