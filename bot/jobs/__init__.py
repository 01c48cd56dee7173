"""Scheduled work. State lives in the database; jobs are rebuilt from it at start-up."""
