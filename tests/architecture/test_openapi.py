"""The OpenAPI schema is an artifact: the committed file must match what the code generates."""

from __future__ import annotations

import difflib
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "src" / "config" / "openapi" / "tenant-api.yaml"


def _generate() -> str:
    out = StringIO()
    call_command("spectacular", urlconf="config.urls_api_schema", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_committed_schema_is_current():
    assert COMMITTED.exists(), "src/config/openapi/tenant-api.yaml is missing: run scripts/openapi to update"
    generated = _generate()
    committed = COMMITTED.read_text()
    if generated.strip() != committed.strip():
        diff = "".join(list(difflib.unified_diff(
            committed.splitlines(keepends=True), generated.splitlines(keepends=True),
            fromfile="committed", tofile="generated", n=2,
        ))[:80])
        raise AssertionError(f"The API changed but the committed OpenAPI schema did not: run scripts/openapi to update.\n{diff}")


def test_schema_documents_error_body_and_pagination():
    committed = COMMITTED.read_text()
    assert "Error:" in committed
    for key in ("count:", "page_size:", "next:", "previous:"):
        assert key in committed
