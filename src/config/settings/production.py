from config.settings.base import *  # noqa: F403
from config.settings.env import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
FIELD_HASH_KEY = env("FIELD_HASH_KEY")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# Files live in the bucket Terraform creates (terraform/modules/storage): web and worker
# containers share nothing on disk. FILES_BACKEND=filesystem only for a single-host install.
FILES_BACKEND = env("FILES_BACKEND", default="s3")
STORAGES["default"]["BACKEND"] = FILES_STORAGE_BACKENDS[FILES_BACKEND]  # noqa: F405
if FILES_BACKEND == "s3" and not AWS_STORAGE_BUCKET_NAME:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FILES_S3_BUCKET must name the files bucket in production.")

# Sign-up verification mail must leave the building: refuse to start with a backend that keeps
# mail in the process (console, locmem, dummy, file) or an SMTP backend without a host.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="")
EMAIL_HOST = env("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
_LOCAL_MAIL_BACKENDS = ("console", "locmem", "dummy", "filebased")
if not EMAIL_BACKEND or any(f".{name}." in EMAIL_BACKEND for name in _LOCAL_MAIL_BACKENDS):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "EMAIL_BACKEND must name a backend that sends (e.g. django.core.mail.backends.smtp.EmailBackend) in production."
    )
if EMAIL_BACKEND.endswith("smtp.EmailBackend") and not EMAIL_HOST:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EMAIL_HOST is required with the SMTP e-mail backend in production.")
