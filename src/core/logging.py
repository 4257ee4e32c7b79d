import logging

from core.context import current_schema, request_id_var


class ContextFilter(logging.Filter):
    """Adds the tenant schema and the request id to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs 4xx/5xx after the middleware chain has returned (and reset the
        # context), but it passes the request along: prefer what the request carries.
        request = getattr(record, "request", None)
        tenant = getattr(getattr(request, "tenant", None), "schema_name", None)
        try:
            record.tenant = tenant or current_schema()
        except Exception:  # settings not ready yet, e.g. during startup
            record.tenant = "-"
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True
