"""Every log line carries the tenant and the request id; the request id is echoed back."""

import json
import logging

import pytest
from django.conf import settings
from django_tenants.utils import schema_context
from pythonjsonlogger.json import JsonFormatter

from core.logging import ContextFilter

pytestmark = pytest.mark.django_db


class _JsonCapture(logging.Handler):
    """The production formatter and filter, writing into a list instead of stderr."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
        self.setFormatter(JsonFormatter(**options))
        self.addFilter(ContextFilter())
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_lines():
    handler = _JsonCapture()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    app_logger = logging.getLogger("campus.test")
    app_logger.addHandler(handler)
    app_logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    app_logger.removeHandler(handler)


def test_request_log_line_carries_tenant_and_request_id(client_a, json_lines):
    response = client_a.get("/admin-ui/no-such-page/", HTTP_X_REQUEST_ID="req-abc-123")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-abc-123"
    line = next(line for line in json_lines if line["logger"] == "django.request")
    assert line["tenant"] == "alpha"
    assert line["request_id"] == "req-abc-123"
    assert line["level"] == "WARNING"
    assert "time" in line and "message" in line


def test_request_id_is_generated_when_missing(client_b, json_lines):
    response = client_b.get("/admin-ui/no-such-page/")
    request_id = response["X-Request-ID"]
    assert len(request_id) >= 16
    line = next(line for line in json_lines if line["logger"] == "django.request")
    assert (line["tenant"], line["request_id"]) == ("beta", request_id)


def test_log_line_outside_a_request_names_the_schema(tenant_a, json_lines):
    logger = logging.getLogger("campus.test")
    with schema_context("alpha"):
        logger.info("inside a task")
    logger.info("public job")
    assert [(line["tenant"], line["request_id"]) for line in json_lines] == [("alpha", "-"), ("public", "-")]


def test_production_logging_config_is_json():
    from config.settings.integrations import logging as logging_settings

    assert logging_settings.LOGGING["handlers"]["console"]["filters"] == ["context"]
    assert "%(tenant)s" in logging_settings.LOGGING["formatters"]["json"]["fmt"]
    assert "%(request_id)s" in logging_settings.LOGGING["formatters"]["json"]["fmt"]
