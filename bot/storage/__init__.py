"""Persistence: SQLAlchemy models, the database wrapper and Alembic migrations."""
