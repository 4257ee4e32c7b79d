"""Uploaded files (P18): the file system in development, an S3-compatible bucket in
production (docs/decisions/0105-files-kernel-and-signed-links.md)."""

from config.settings.env import env

# "filesystem" (MEDIA_ROOT/<schema>/...) or "s3" (<bucket>/<FILES_S3_PREFIX>/<schema>/...).
FILES_BACKEND = env("FILES_BACKEND", default="filesystem")
FILES_STORAGE_BACKENDS = {
    "filesystem": "core.storage.TenantFileSystemStorage",
    "s3": "core.storage.TenantS3Storage",
}
# How long the link a page shows stays valid, and the signed blob link it hands out.
FILES_LINK_MAX_AGE = env.int("FILES_LINK_MAX_AGE", default=8 * 3600)
FILES_BLOB_MAX_AGE = env.int("FILES_BLOB_MAX_AGE", default=120)

# Import/export files (uploads, results, reports) are deleted after this many days unless the
# tenant's site settings say otherwise (core.files.retention).
FILES_JOB_RETENTION_DAYS = env.int("FILES_JOB_RETENTION_DAYS", default=30)

# django-storages (S3Storage) reads these names. Credentials: the task role in AWS, or the
# access key pair for another S3-compatible service (MinIO, OSS, COS).
AWS_STORAGE_BUCKET_NAME = env("FILES_S3_BUCKET", default="")
AWS_S3_ENDPOINT_URL = env("FILES_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env("FILES_S3_REGION", default="") or None
AWS_S3_ACCESS_KEY_ID = env("FILES_S3_ACCESS_KEY_ID", default="") or None
AWS_S3_SECRET_ACCESS_KEY = env("FILES_S3_SECRET_ACCESS_KEY", default="") or None
AWS_LOCATION = env("FILES_S3_PREFIX", default="tenants")
AWS_S3_ADDRESSING_STYLE = env("FILES_S3_ADDRESSING_STYLE", default="") or None
AWS_S3_SIGNATURE_VERSION = "s3v4"
AWS_DEFAULT_ACL = None  # the bucket blocks public access; objects are private
AWS_S3_FILE_OVERWRITE = False  # two uploads named alike never replace each other
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = FILES_BLOB_MAX_AGE
AWS_S3_OBJECT_PARAMETERS = {"ServerSideEncryption": env("FILES_S3_SSE", default="AES256")} if env.bool("FILES_S3_SSE_ENABLED", default=True) else {}
