"""The data store: versioned documents, indicators and values in SQLite or PostgreSQL, one revision per change."""
