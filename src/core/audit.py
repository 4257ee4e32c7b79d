"""Audit trail: every state-changing service writes one event in the same transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from core.context import current_request_info
from core.models import AuditEvent

# Never written into the trail, even when a model is snapshotted whole.
SECRET_FIELDS = {"password", "secret", "token", "app_secret", "aes_key"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # not hasattr(value, "url"): an empty file field raises ValueError there
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of the concrete fields of `instance` (secrets dropped, PII masked)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in SECRET_FIELDS or field.name.endswith("_hash"):
            continue
        value = getattr(instance, field.attname)
        if getattr(field, "is_personal_data", False) and value:
            from core.masking import mask_value

            value = mask_value(field.mask_kind, value)
        data[field.name] = _plain(value)
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys whose values changed."""
    if before is None or after is None:
        return before, after
    keys = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    only_changes: bool = True,
) -> AuditEvent:
    info = current_request_info()
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk or ""
        object_label = object_label or str(target)[:200]
    if only_changes:
        before, after = diff(before, after)
    impersonator = getattr(actor, "impersonator_label", "") if actor is not None else ""
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_label=_actor_label(actor),
        impersonator_label=impersonator or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:200],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        ip=info.ip or None,
        user_agent=info.user_agent[:500],
        request_id=info.request_id,
    )


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "系统"
    if getattr(actor, "is_anonymous", False):
        return "匿名"
    name = getattr(actor, "display_name", "") or getattr(actor, "get_username", lambda: "")()
    return str(name)[:150]


def audit_record_many(*, actor: Any, action: str, targets: list[models.Model], after: dict[str, Any] | None = None) -> list[AuditEvent]:
    """`audit_record` of one action on several objects: one event per object, written in one
    INSERT (e.g. the participation of every expert of a drawn panel)."""
    info = current_request_info()
    impersonator = getattr(actor, "impersonator_label", "") if actor is not None else ""
    return AuditEvent.objects.bulk_create([
        AuditEvent(
            actor_id=getattr(actor, "pk", None), actor_label=_actor_label(actor), impersonator_label=impersonator or "", action=action,
            object_type=target._meta.label_lower, object_id=str(target.pk or ""), object_label=str(target)[:200], before=None,
            after=_plain(after) if after is not None else None, ip=info.ip or None, user_agent=info.user_agent[:500], request_id=info.request_id,
        )
        for target in targets
    ])
