"""Admin access: API tokens with roles."""
