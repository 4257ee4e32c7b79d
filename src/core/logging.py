import logging

from core.context import current_schema, request_id_var


class ContextFilter(logging.Filter):
    """Adds the tenant schema and the request id to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.tenant = current_schema()
        except Exception:  # settings not ready yet, e.g. during startup
            record.tenant = "-"
        record.request_id = request_id_var.get()
        return True
