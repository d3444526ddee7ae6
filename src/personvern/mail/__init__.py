"""Outgoing mail: a backend chosen by settings (an outbox folder or SMTP) and per-language texts."""
