"""Per-tenant backups to S3-compatible object storage (P14)."""

from config.settings.env import env

BACKUP_S3_BUCKET = env("BACKUP_S3_BUCKET", default="campus-saas-backups")
BACKUP_S3_ENDPOINT_URL = env("BACKUP_S3_ENDPOINT_URL", default="") or None
BACKUP_S3_REGION = env("BACKUP_S3_REGION", default="cn-north-1")
BACKUP_S3_ACCESS_KEY_ID = env("BACKUP_S3_ACCESS_KEY_ID", default="") or None
BACKUP_S3_SECRET_ACCESS_KEY = env("BACKUP_S3_SECRET_ACCESS_KEY", default="") or None
BACKUP_RETENTION_DAYS = env.int("BACKUP_RETENTION_DAYS", default=30)
# Folder with pg_dump / pg_restore; found automatically when empty (PATH, then pgserver's).
PG_BIN_DIR = env("PG_BIN_DIR", default="")
