"""Storage: SQLAlchemy models, the encrypted engine, keys and migrations. No Qt, no domain rules."""
