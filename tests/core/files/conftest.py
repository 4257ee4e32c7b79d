"""A local S3-compatible server (moto's) for the file kernel's production backend."""

from __future__ import annotations

import socket

import pytest

from tests.tenant_apps.experts.conftest import (  # noqa: F401 - fixtures re-exported
    admin_client_bureau,
    bureau_admin,
    client_bureau,
    in_bureau,
    make_staff,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_files(s3_server, settings):
    """Switch the default storage to the S3 backend against the local server, one bucket."""
    import boto3

    bucket = "campus-files-test"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=s3_server, **credentials)
    if bucket not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
        client.create_bucket(Bucket=bucket)
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.AWS_S3_ENDPOINT_URL = s3_server
    settings.AWS_S3_ACCESS_KEY_ID = "test"
    settings.AWS_S3_SECRET_ACCESS_KEY = "test"
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_LOCATION = "tenants"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "core.storage.TenantS3Storage"}}
    yield client, bucket
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
