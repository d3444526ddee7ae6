"""Data-subject requests: access, erasure, rectification, restriction, objection."""
