"""scripts/services.py: the embedded PostgreSQL and Redis that scripts/run and scripts/test
start when DATABASE_URL / REDIS_URL are unset, reused by a second run."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
import redis
from django.conf import settings

SERVICES = Path(settings.BASE_DIR) / "scripts" / "services.py"


def _services(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["CAMPUS_VAR_DIR"] = str(var_dir)
    return subprocess.run([sys.executable, str(SERVICES), *args], env=env, capture_output=True, text=True, timeout=180)


def _exports(output: str) -> dict[str, str]:
    pairs = (line.removeprefix("export ").split("=", 1) for line in output.splitlines() if line.startswith("export "))
    return {key: value.strip("'") for key, value in pairs}


@pytest.fixture
def var_dir(tmp_path):
    yield tmp_path / "var"
    _services(tmp_path / "var", "down")


def test_embedded_services_start_and_are_reused(var_dir):
    first = _services(var_dir, "up")
    assert first.returncode == 0, first.stderr
    exports = _exports(first.stdout)
    assert exports["EMBEDDED_SERVICES_STARTED"] == "postgres redis"
    assert (var_dir / "pg" / "PG_VERSION").exists()

    database = exports["DATABASE_URL"]
    assert database.startswith("postgres://postgres@127.0.0.1:")
    conn = psycopg2.connect(database.replace("postgres://", "postgresql://"))
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] == "campus_saas"
    conn.close()
    client = redis.Redis.from_url(exports["REDIS_URL"])
    client.set("probe", "1")
    assert client.get("probe") == b"1"

    again = _services(var_dir, "up")
    assert again.returncode == 0, again.stderr
    assert _exports(again.stdout)["DATABASE_URL"] == database
    assert _exports(again.stdout)["EMBEDDED_SERVICES_STARTED"] == ""
    assert "already running" in again.stderr

    assert _services(var_dir, "down").returncode == 0
    assert "stopped" in _services(var_dir, "status").stdout


def test_set_urls_are_left_alone(tmp_path):
    env = dict(os.environ, DATABASE_URL="postgres://elsewhere/db", REDIS_URL="redis://elsewhere/0", CAMPUS_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, str(SERVICES), "up"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert _exports(result.stdout) == {"EMBEDDED_SERVICES_STARTED": ""}
    assert not (tmp_path / "pg").exists()


def test_a_missing_database_on_ones_own_server_is_created():
    """`scripts/run` against one's own PostgreSQL: the database in DATABASE_URL is created on the
    first run (it used to stop with "database does not exist"), and left alone afterwards."""
    db = settings.DATABASES["default"]
    name = f"campus_created_{os.getpid()}"
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    env = dict(os.environ, DATABASE_URL=url)
    admin = psycopg2.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"] or "postgres", password=db["PASSWORD"] or None, dbname="postgres")
    admin.autocommit = True
    try:
        runs = [subprocess.run([sys.executable, str(SERVICES), "ensure-database"], env=env, capture_output=True, text=True, timeout=60) for _ in range(2)]
        assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
        assert f"created database {name}" in runs[0].stderr
        assert "created database" not in runs[1].stderr  # the second run found it
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = %s", [name])
            assert cursor.fetchone() == ("UTF8",)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
