"""The base of every domain error. Services raise these; routes and commands map them."""

from __future__ import annotations


class DomainError(Exception):
    """An expected failure with a message fit for the user."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class Invalid(DomainError):
    status_code = 422


class Forbidden(DomainError):
    status_code = 403
