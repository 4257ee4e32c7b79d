"""What the benchmark scripts share: a log line on stderr and a database of their own, dropped and
made again on every run, on the server DATABASE_URL points at (scripts/bench sets it)."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit, urlunsplit


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def bench_database_url(name: str) -> str:
    """DATABASE_URL with its database replaced by `name`."""
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campus_saas"))
    return urlunsplit((url.scheme, url.netloc, f"/{name}", url.query, ""))


def recreate_database(url: str) -> None:
    """Drop (closing its connections) and create the database of `url`."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", password=parts.password, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    conn.close()
