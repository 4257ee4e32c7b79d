"""Project-wide rules that review should not have to catch: import layering, lint, migrations,
the repository layout, primary keys and foreign keys across the public / tenant divide."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

ROOT = Path(settings.BASE_DIR)
OUR_APPS = ("core", "shared_apps.", "tenant_apps.")

# The top level of the repository (ARCHITECTURE.md "Layout"); requirements/ holds the lock files.
ALLOWED_TOP_LEVEL = {
    "src", "tenants", "shared_apps", "tenant_apps", "infra", "terraform", "scripts", "tests", "docs",
    "requirements", "pyproject.toml", "CHANGELOG.md", "README.md", "CONTRIBUTING.md", "manage.py",
}
# Ignored by git, created by running things locally.
LOCAL_ONLY = {"var", "__pycache__", "node_modules", "test-results"}


def _run(*command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = _run(str(lint_imports), "--no-cache", "--no-logo")
    assert result.returncode == 0, f"import-linter contracts broken (pyproject.toml [tool.importlinter]):\n{result.stdout[-6000:]}{result.stderr[-2000:]}"


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = _run(str(ruff), "check", "--output-format", "concise", "src", "shared_apps", "tenant_apps", "tests", "scripts")
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration (run manage.py makemigrations <app>):\n{out.getvalue()}")


def test_top_level_layout():
    unexpected = sorted(
        name for name in os.listdir(ROOT)
        if not name.startswith(".") and name not in ALLOWED_TOP_LEVEL and name not in LOCAL_ONLY
    )
    assert not unexpected, f"Unexpected top-level entries {unexpected}; see ARCHITECTURE.md 'Layout'."


def _our_models():
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith(OUR_APPS)]


def test_every_model_uses_big_auto_field():
    wrong = [
        m._meta.label for m in _our_models()
        if isinstance(m._meta.pk, models.AutoField | models.SmallAutoField) and not isinstance(m._meta.pk, models.BigAutoField)
    ]
    assert not wrong, f"Models without BigAutoField: {wrong}"


def test_no_foreign_key_from_tenant_tables_to_public_tables():
    tenant_apps = set(settings.TENANT_APPS)
    shared_only = set(settings.SHARED_APPS) - tenant_apps
    offending = []
    for model in apps.get_models():
        if model._meta.app_config.name not in tenant_apps:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            if field.related_model._meta.app_config.name in shared_only:
                offending.append(f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}")
    assert not offending, f"Tenant tables must store the id, not a foreign key, of public tables: {offending}"
