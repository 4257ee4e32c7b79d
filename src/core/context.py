"""Per-request / per-task context carried in contextvars (tenant, request id, actor, ip)."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
client_ip_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)
user_agent_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_agent", default="")


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None
    user_agent: str
    request_id: str


def current_request_info() -> RequestInfo:
    return RequestInfo(ip=client_ip_var.get(), user_agent=user_agent_var.get(), request_id=request_id_var.get())


def current_schema() -> str:
    from django.db import connection

    return getattr(connection, "schema_name", "public")
