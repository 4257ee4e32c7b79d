"""Domain errors. Services raise these; the API turns them into {code, message, fields}."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    VALIDATION_ERROR = "validation_error"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    TENANT_READ_ONLY = "tenant_read_only"
    TENANT_SUSPENDED = "tenant_suspended"
    MODULE_DISABLED = "module_disabled"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    PLAN_LIMIT_REACHED = "plan_limit_reached"


class ApplicationError(Exception):
    """An error a user can act on. `message` is shown to users (Chinese), `code` is for machines."""

    code: str = ErrorCode.VALIDATION_ERROR
    status: int = 400

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, list[str]] | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields or {}


class NotFound(ApplicationError):
    code = ErrorCode.NOT_FOUND
    status = 404


class PermissionDenied(ApplicationError):
    code = ErrorCode.PERMISSION_DENIED
    status = 403


class Conflict(ApplicationError):
    code = ErrorCode.CONFLICT
    status = 409
