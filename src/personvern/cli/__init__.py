"""Thin commands: parse arguments, build the container, call services, print."""
