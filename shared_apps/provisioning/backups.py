"""Daily dumps of each tenant schema to S3-compatible storage, retention, and restoring one
tenant's dump into a new schema."""

from __future__ import annotations

import datetime
import logging
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import boto3
from django.conf import settings
from django.db import connection
from django.utils import timezone

from shared_apps.provisioning.pool import TENANT_EXTENSIONS

logger = logging.getLogger(__name__)
KEY_RE = re.compile(r"^backups/(?P<slug>[a-z0-9_]+)/(?P<stamp>\d{8}T\d{6}Z)\.dump$")


def s3():
    return boto3.client(
        "s3", endpoint_url=settings.BACKUP_S3_ENDPOINT_URL, region_name=settings.BACKUP_S3_REGION,
        aws_access_key_id=settings.BACKUP_S3_ACCESS_KEY_ID, aws_secret_access_key=settings.BACKUP_S3_SECRET_ACCESS_KEY,
    )


def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _tool_major(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"\)\s*(\d+)", output).group(1))


@lru_cache(maxsize=4)
def pg_tool(name: str) -> str:
    """The pg_dump / pg_restore that fits the server: the same major version if we have it,
    else the lowest newer one (PATH, settings.PG_BIN_DIR and the pgserver package are searched)."""
    candidates = []
    if settings.PG_BIN_DIR:
        candidates.append(str(Path(settings.PG_BIN_DIR) / name))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    try:
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    server = _server_major()
    usable = []
    for path in candidates:
        if os.path.exists(path):
            try:
                usable.append((_tool_major(path), path))
            except (OSError, subprocess.CalledProcessError, AttributeError, ValueError):
                continue
    exact = [path for major, path in usable if major == server]
    if exact:
        return exact[0]
    newer = sorted((major, path) for major, path in usable if major > server)
    if newer:
        return newer[0][1]
    raise RuntimeError(f"no {name} for PostgreSQL {server} found")


def _libpq_env(database: str | None = None) -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update({"PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or 5432), "PGUSER": db.get("USER") or "postgres", "PGDATABASE": database or db["NAME"]})
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def backup_key(slug: str, when: datetime.datetime) -> str:
    return f"backups/{slug}/{when.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}.dump"


def ensure_bucket() -> None:
    client = s3()
    try:
        client.head_bucket(Bucket=settings.BACKUP_S3_BUCKET)
    except client.exceptions.ClientError:
        if settings.BACKUP_S3_REGION == "us-east-1":
            client.create_bucket(Bucket=settings.BACKUP_S3_BUCKET)
        else:
            client.create_bucket(Bucket=settings.BACKUP_S3_BUCKET, CreateBucketConfiguration={"LocationConstraint": settings.BACKUP_S3_REGION})


def tenant_backup(*, slug: str, when: datetime.datetime | None = None) -> str:
    """Dump one schema (custom format) and upload it; returns the object key."""
    when = when or timezone.now()
    key = backup_key(slug, when)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tenant.dump"
        subprocess.run(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--schema={slug}", f"--file={path}"],
            env=_libpq_env(), check=True, capture_output=True, timeout=3600,
        )
        s3().upload_file(str(path), settings.BACKUP_S3_BUCKET, key)
    logger.info("tenant backed up", extra={"slug": slug, "key": key})
    return key


def backups_list(slug: str) -> list[str]:
    paginator = s3().get_paginator("list_objects_v2")
    keys = []
    for page in paginator.paginate(Bucket=settings.BACKUP_S3_BUCKET, Prefix=f"backups/{slug}/"):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return sorted(keys)


def backups_prune(*, slug: str, keep_days: int | None = None, now: datetime.datetime | None = None) -> int:
    keep_days = settings.BACKUP_RETENTION_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=keep_days)
    removed = 0
    for key in backups_list(slug):
        match = KEY_RE.match(key)
        if not match:
            continue
        stamp = datetime.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
        if stamp < cutoff:
            s3().delete_object(Bucket=settings.BACKUP_S3_BUCKET, Key=key)
            removed += 1
    return removed


def tenant_restore(*, key: str, new_schema: str) -> None:
    """Restore a dump into a NEW schema. pg_restore cannot rename, so the dump goes through a
    scratch database where the schema is renamed, then is copied into ours."""
    match = KEY_RE.match(key)
    if not match:
        raise ValueError(f"not a tenant backup key: {key}")
    original = match["slug"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [new_schema])
        if cursor.fetchone():
            raise ValueError(f"schema {new_schema} already exists")
    scratch = f"restore_{new_schema}_{os.getpid()}"
    admin_env = _libpq_env("postgres")
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "tenant.dump"
        renamed = Path(folder) / "renamed.dump"
        s3().download_file(settings.BACKUP_S3_BUCKET, key, str(dump))
        psql = shutil.which("psql") or pg_tool("psql")
        subprocess.run([psql, "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{scratch}"'], env=admin_env, check=True, capture_output=True)
        try:
            scratch_env = _libpq_env(scratch)
            # The extensions tenant tables use live in the public schema, which a tenant dump leaves out.
            for extension in TENANT_EXTENSIONS:
                subprocess.run([psql, "-c", f"CREATE EXTENSION IF NOT EXISTS {extension}"], env=scratch_env, capture_output=True)
            subprocess.run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", f"--dbname={scratch}", str(dump)], env=scratch_env, check=True, capture_output=True, timeout=3600)
            subprocess.run([psql, "-v", "ON_ERROR_STOP=1", "-c", f'ALTER SCHEMA "{original}" RENAME TO "{new_schema}"'], env=scratch_env, check=True, capture_output=True)
            subprocess.run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--schema={new_schema}", f"--file={renamed}"], env=scratch_env, check=True, capture_output=True, timeout=3600)
            subprocess.run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={settings.DATABASES['default']['NAME']}", str(renamed)], env=_libpq_env(), check=True, capture_output=True, timeout=3600)
        finally:
            subprocess.run([psql, "-c", f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'], env=admin_env, capture_output=True)
