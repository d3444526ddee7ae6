"""The HTTP service: admin API, privacy center and public pages."""
