"""`TenantFileField`: a FileField whose new uploads obey the tenant's upload limits (P15).

The check sits where every upload passes: `FieldFile.save()` (called by `obj.file.save(...)`
and by `Model.save()` for a freshly assigned upload), so a service that forgets
`full_clean()` still cannot store a file the tenant does not accept. `full_clean()` reports the
same problem as a form error before anything is stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile

from core.errors import ApplicationError
from core.files.validation import validate_upload


class UploadRejected(ApplicationError):
    code = "upload_rejected"


class TenantFieldFile(FieldFile):
    def save(self, name, content, save=True):
        try:
            validate_upload(content, kind=self.field.upload_kind, extensions=self.field.upload_extensions, name=name)
        except ValidationError as exc:
            message = exc.messages[0]
            raise UploadRejected(message, code=exc.code or "upload_rejected", fields={self.field.name: [message]}) from None
        super().save(name, content, save)


class TenantFileField(models.FileField):
    attr_class = TenantFieldFile

    def __init__(self, *args, kind: str = "file", extensions: tuple[str, ...] | None = None, **kwargs):
        self.upload_kind = kind
        self.upload_extensions = tuple(extensions) if extensions else None
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not getattr(value, "_committed", True):
            validate_upload(value, kind=self.upload_kind, extensions=self.upload_extensions)

    def deconstruct(self):
        # Same column, same migration state as a plain FileField: switching costs nothing.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs
