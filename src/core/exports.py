"""Exports of the kernel itself, found by the export registry's autodiscovery (web and worker):
the back-office audit log (spec in core.web.audit_views)."""

from core.web import audit_views  # noqa: F401 - registers "core.audit_events"
