"""Audited reveal of personal data (P12).

Encrypted personal fields are shown masked; a person holding `<app_label>.reveal_personal_data`
may ask for one clear value, and each such read is written to the audit trail. Apps declare
which models can be revealed, and how an actor may reach an object, in `<app>/revealable.py`:

    register_revealable("accounts.user", lambda actor, pk: user_get(actor=actor, user_id=pk))

The function must raise `ObjectDoesNotExist` (or `Http404`) when the actor may not see the object,
so that objects outside the actor's data scope or tenant answer exactly like missing ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models, transaction
from django.http import Http404
from django.utils.module_loading import autodiscover_modules

from core.audit import audit_record
from core.crypto import EncryptedCharField
from core.errors import NotFound, PermissionDenied

REVEAL_PERMISSION = "reveal_personal_data"
AUDIT_ACTION = "personal_data.reveal"

ObjectGetter = Callable[[Any, int], models.Model]
_registry: dict[str, ObjectGetter] = {}
_discovered = False


def register_revealable(model_label: str, get_object: ObjectGetter) -> None:
    """Allow reveals on `model_label` ("app_label.modelname"); `get_object(actor, pk)` scopes the lookup."""
    _registry[model_label.lower()] = get_object


def _getter(model_label: str) -> ObjectGetter | None:
    global _discovered
    if not _discovered:
        autodiscover_modules("revealable")
        _discovered = True
    return _registry.get(model_label.lower())


def revealable_field(model: type[models.Model], field_name: str) -> EncryptedCharField | None:
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, EncryptedCharField) else None


@transaction.atomic
def personal_data_reveal(*, actor: Any, model_label: str, pk: int, field_name: str) -> str:
    """The clear value of one encrypted field, after checking permission, field and scope.

    Raises PermissionDenied (403) without the app's reveal permission, NotFound (404) for an
    unknown model / field, a field that is not encrypted personal data, or an object the actor
    cannot see. Writes one audit event per successful reveal.
    """
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as exc:
        raise NotFound("没有这类数据。", code="not_found") from exc
    if not (actor and actor.is_authenticated and actor.has_perm(f"{model._meta.app_label}.{REVEAL_PERMISSION}")):
        raise PermissionDenied("没有查看完整个人信息的权限。")
    get_object = _getter(model._meta.label_lower)
    field = revealable_field(model, field_name)
    if get_object is None or field is None:
        raise NotFound("该字段不能查看明文。", code="field_not_revealable")
    try:
        instance = get_object(actor, pk)
    except (ObjectDoesNotExist, Http404) as exc:
        raise NotFound("记录不存在或不在您的数据范围内。") from exc
    value = getattr(instance, field.attname) or ""
    audit_record(
        actor=actor, action=AUDIT_ACTION, target=instance,
        after={"field": field.name, "field_label": str(field.verbose_name)}, only_changes=False,
    )
    return value
