"""The file kernel: one way to store, check and hand out files (P18).

For other apps:

- `TenantFileField(...)` on a model (a `FileField` whose uploads are checked against the
  tenant's size and type limits when the model is `full_clean()`ed; `kind="image"` for
  pictures). Migrations see a plain `FileField`, so switching a field costs no migration.
- `validate_upload(file, kind=...)` for an upload that is not a model field yet.
- `download_url(fieldfile, user=..., filename=...)` / `{% load files %}{% file_url obj.file %}`:
  the link a page or an API answer shows. It points at the permission-checking view, which
  then hands out a short-lived signed link (S3 presigned, or the app's own range-capable view
  in development). PDFs and images open inline, everything else downloads.
- `register_download_rule(model_label, func)` to re-check, at download time, that a user may
  still see an object (besides "the page that minted this link showed it to this user").
- `register_upload_limits(func)`: the site-settings app supplies the tenant's limits.
"""

from core.files.fields import TenantFileField
from core.files.links import blob_url, download_url
from core.files.rules import register_download_rule
from core.files.validation import (
    UploadLimits,
    register_upload_limits,
    upload_limits,
    validate_upload,
)

__all__ = [
    "TenantFileField",
    "UploadLimits",
    "blob_url",
    "download_url",
    "register_download_rule",
    "register_upload_limits",
    "upload_limits",
    "validate_upload",
]
