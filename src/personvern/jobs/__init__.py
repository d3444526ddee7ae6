"""Background work on Huey: embedded (SQLite file) by default, Redis for many workers."""
