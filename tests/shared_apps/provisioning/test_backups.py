import datetime
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context
from moto.server import ThreadedMotoServer

from shared_apps.provisioning.backups import (
    backup_key,
    backups_list,
    backups_prune,
    ensure_bucket,
    s3,
    tenant_backup,
)


@pytest.fixture
def s3_server(settings):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    settings.BACKUP_S3_ENDPOINT_URL = f"http://{host}:{port}"
    settings.BACKUP_S3_ACCESS_KEY_ID = "test"
    settings.BACKUP_S3_SECRET_ACCESS_KEY = "test"
    settings.BACKUP_S3_BUCKET = "backups-test"
    ensure_bucket()
    yield server
    server.stop()


def test_backup_and_restore_round_trip(live_db, s3_server):
    from tenant_apps.accounts.models import User

    marker = f"backup-{uuid.uuid4().hex[:8]}"
    with schema_context("live"):
        User.objects.create(username=marker, display_name="备份校验")
    key = tenant_backup(slug="live")
    assert key in backups_list("live")
    restored = f"restored_{uuid.uuid4().hex[:6]}"
    try:
        call_command("restore_tenant", slug="live", into=restored)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT display_name FROM "{restored}".accounts_user WHERE username = %s', [marker])
            assert cursor.fetchone() == ("备份校验",)
            cursor.execute(f'SELECT count(*) FROM "{restored}".django_migrations')
            assert cursor.fetchone()[0] > 0
        # the live tenant is untouched
        with schema_context("live"):
            assert User.objects.filter(username=marker).exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{restored}" CASCADE')


def test_retention_keeps_n_days(live_db, s3_server, settings):
    now = datetime.datetime(2026, 11, 23, 3, 0, tzinfo=datetime.UTC)
    client = s3()
    for days_ago in (0, 5, 31, 40):
        client.put_object(Bucket=settings.BACKUP_S3_BUCKET, Key=backup_key("keepme", now - datetime.timedelta(days=days_ago)), Body=b"x")
    assert backups_prune(slug="keepme", keep_days=30, now=now) == 2
    assert len(backups_list("keepme")) == 2
