"""Domain errors. Entry points map each kind to one HTTP status and the API.md error shape."""
from __future__ import annotations


class DomainError(Exception):
    """Base: `code` is machine-readable, the message is a sentence a person can act on, and
    `field` (when one field is at fault) its path in the request body, e.g. `roles[0].name`."""

    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class InvalidInput(DomainError):
    code = "invalid_request"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class TooLarge(DomainError):
    code = "too_large"


class RuleBroken(DomainError):
    code = "rule_broken"


class RateLimited(DomainError):
    """Over a limit: `retry_after` (seconds) becomes the response's Retry-After header."""

    code = "rate_limited"

    def __init__(self, message: str, code: str | None = None, retry_after: int = 60) -> None:
        super().__init__(message, code)
        self.retry_after = max(1, int(retry_after))
