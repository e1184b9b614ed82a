"""The package in the forms analysts load: a SQLite database, Parquet files with a DuckDB
script of views, and Datasette metadata, all derived from ``schemas/*.schema.json``."""
