"""Sentry error reporting, switched on by SENTRY_DSN. Events are tagged with the tenant."""

from __future__ import annotations

from typing import Any


def tag_tenant(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Requests are tagged by core.middleware.AuditContextMiddleware; this covers the rest
    (Celery tasks, management commands): the schema the connection is in."""
    tags = event.setdefault("tags", {})
    if isinstance(tags, dict) and "tenant" not in tags:
        try:
            from django.db import connection

            tags["tenant"] = getattr(connection, "schema_name", None) or "public"
        except Exception:  # settings not ready: report the event untagged rather than not at all
            tags["tenant"] = "-"
    return event


def init_sentry(dsn: str, *, environment: str, release: str = "") -> None:
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,  # personal data stays out of Sentry (PIPL)
        traces_sample_rate=0.0,
        before_send=tag_tenant,
    )
