"""The Terraform files parse (python-hcl2) and wire what the app reads (issue 12, item 11):
a broken file, a module output that does not exist or a bucket the settings never learn
about fails CI, without running terraform."""

from __future__ import annotations

import re
from pathlib import Path

import hcl2
import pytest
from django.conf import settings

TERRAFORM = Path(settings.BASE_DIR) / "terraform"
FILES = sorted(TERRAFORM.rglob("*.tf"))
REFERENCE = re.compile(r"module\.([a-z_]+)\.([a-z_]+)")


def _load(path: Path) -> dict:
    with path.open() as handle:
        return hcl2.load(handle)


def _module_dir(source: str, env_dir: Path) -> Path:
    return (env_dir / source.strip('"')).resolve()


def _declared(directory: Path, kind: str) -> dict[str, dict]:
    """Variables or outputs declared in every .tf file of a module directory."""
    found: dict[str, dict] = {}
    for path in directory.glob("*.tf"):
        for block in _load(path).get(kind, []):
            for name, body in block.items():
                found[name.strip('"')] = body
    return found


def _modules(env_file: Path) -> dict[str, dict]:
    return {name.strip('"'): body for block in _load(env_file).get("module", []) for name, body in block.items()}


def _strip(value) -> str:
    return str(value).strip('"')


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TERRAFORM)))
def test_every_terraform_file_parses(path):
    parsed = _load(path)
    assert isinstance(parsed, dict)


def test_there_is_terraform_to_check():
    assert len(FILES) >= 8


@pytest.mark.parametrize("env_file", sorted(TERRAFORM.glob("envs/*/main.tf")), ids=lambda p: p.parent.name)
def test_modules_get_their_required_variables_and_outputs_exist(env_file):
    modules = _modules(env_file)
    text = env_file.read_text()
    for name, body in modules.items():
        directory = _module_dir(body["source"], env_file.parent)
        assert directory.is_dir(), f"module {name}: {directory} missing"
        variables = _declared(directory, "variable")
        given = {key for key in body if key not in ("source", "depends_on", "count", "for_each", "providers") and not key.startswith("__")}
        assert not given - set(variables), f"module {name} is given unknown variables {sorted(given - set(variables))}"
        required = {key for key, spec in variables.items() if "default" not in spec}
        assert required <= given, f"module {name} misses required variables {sorted(required - given)}"
    for module, output in set(REFERENCE.findall(text)):
        directory = _module_dir(modules[module]["source"], env_file.parent)
        assert output in _declared(directory, "output"), f"module.{module}.{output} is not an output of {directory.name}"


def test_files_and_backups_buckets_reach_the_settings_with_the_permissions_they_need():
    env_file = TERRAFORM / "envs" / "production" / "main.tf"
    app = _modules(env_file)["app"]
    environment = app["environment"]
    # The names the settings read (integrations/files.py, integrations/backups.py).
    assert _strip(environment["FILES_BACKEND"]) == "s3"
    assert "module.storage.files_bucket" in _strip(environment["FILES_S3_BUCKET"])
    assert "module.storage.backups_bucket" in _strip(environment["BACKUP_S3_BUCKET"])
    assert _strip(environment["DJANGO_SETTINGS_MODULE"]) == "config.settings.production"
    files_settings = (Path(settings.BASE_DIR) / "src/config/settings/integrations/files.py").read_text()
    backup_settings = (Path(settings.BASE_DIR) / "src/config/settings/integrations/backups.py").read_text()
    for name in ("FILES_BACKEND", "FILES_S3_BUCKET", "FILES_S3_REGION"):
        assert f'"{name}"' in files_settings, name
    for name in ("BACKUP_S3_BUCKET", "BACKUP_S3_REGION", "BACKUP_RETENTION_DAYS"):
        assert f'"{name}"' in backup_settings, name
    assert "module.storage.files_bucket_arn" in _strip(app["files_bucket_arn"])
    assert "module.storage.backups_bucket_arn" in _strip(app["backups_bucket_arn"])

    policy = (TERRAFORM / "modules" / "app" / "main.tf").read_text()
    for bucket in ("files", "backups"):
        assert f'Action = ["s3:ListBucket"], Resource = var.{bucket}_bucket_arn' in policy
        assert f'Action = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource = "${{var.{bucket}_bucket_arn}}/*"' in policy


def test_buckets_are_private_encrypted_and_tls_only():
    storage = _load(TERRAFORM / "modules" / "storage" / "main.tf")
    resources = {}
    for block in storage["resource"]:
        for kind, named in block.items():
            for name, body in named.items():
                resources[(kind.strip('"'), name.strip('"'))] = body
    access = resources[("aws_s3_bucket_public_access_block", "this")]
    assert all(access[key] is True for key in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
    assert ("aws_s3_bucket_server_side_encryption_configuration", "this") in resources
    assert "aws:SecureTransport" in str(resources[("aws_s3_bucket_policy", "tls_only")])
    buckets = storage["locals"][0]["buckets"]
    assert set(buckets) == {"files", "backups"}
