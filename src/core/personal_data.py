"""What each module holds about a person: one registry for personal-data requests (P21, PIPL
art. 45-47).

A module registers a provider in its `AppConfig.ready()` (in a `privacy.py` beside its models):

    register_personal_data_provider(
        "experts", label="专家库",
        kinds=[
            DataKind("experts.attachments", "专家附件", ERASE),
            DataKind("experts.fee_lines", "劳务费记录", PSEUDONYMISE, legal_reason="《会计档案管理办法》第十四条：会计凭证保管30年"),
        ],
        collect=collect, erase=erase,
    )

- `collect(subject) -> list[Section]`: everything held about the person, as rows of
  {Chinese column: value}; values in clear (it is the person's own copy).
- `erase(subject) -> list[ErasureStep]`: does, per declared kind, what the kind says: ERASE
  deletes the rows or blanks the personal fields; PSEUDONYMISE keeps the rows a law requires
  and replaces what identifies the person with `subject.pseudonym`. It runs inside the caller's
  transaction; the privacy app audits each returned step.

Core imports no app: the privacy app (tenant_apps/privacy) drives the registry, and a module
that is absent or switched off simply registers nothing.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

ERASE = "erase"
PSEUDONYMISE = "pseudonymise"
ACTION_LABELS = {ERASE: "删除", PSEUDONYMISE: "去标识化后依法保留"}


@dataclass(frozen=True)
class Subject:
    """The person a request is about, as the account of this tenant knows them."""

    user_id: int
    username: str = ""
    display_name: str = ""
    phone: str = ""
    email: str = ""

    @property
    def pseudonym(self) -> str:
        """Stable per person and tenant key, not reversible without the hash key: what kept
        records show instead of the name once the person is erased."""
        from core.crypto import blind_index

        return f"已注销用户-{blind_index(f'personal-data-subject:{self.user_id}')[:10]}"


@dataclass(frozen=True)
class DataKind:
    """One kind of data a module holds, and what erasure does to it (with the law that makes
    us keep it, when we keep it)."""

    key: str
    label: str
    on_erasure: str = ERASE
    legal_reason: str = ""

    def __post_init__(self) -> None:
        if self.on_erasure not in (ERASE, PSEUDONYMISE):
            raise ValueError(f"{self.key}: on_erasure must be ERASE or PSEUDONYMISE")
        if self.on_erasure == PSEUDONYMISE and not self.legal_reason:
            raise ValueError(f"{self.key}: data kept after erasure needs its legal reason")


@dataclass
class Section:
    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ErasureStep:
    kind: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    kinds: tuple[DataKind, ...]
    collect: Callable[[Subject], list[Section]]
    erase: Callable[[Subject], list[ErasureStep]]
    order: int = 100

    def kind(self, key: str) -> DataKind:
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise KeyError(f"{self.name} did not declare data kind {key}")


_providers: dict[str, Provider] = {}


def register_personal_data_provider(
    name: str,
    *,
    label: str,
    kinds: Iterable[DataKind],
    collect: Callable[[Subject], list[Section]],
    erase: Callable[[Subject], list[ErasureStep]],
    order: int = 100,
) -> None:
    """Register (or replace, on a second `ready()`) what module `name` holds about a person."""
    _providers[name] = Provider(name=name, label=label, kinds=tuple(kinds), collect=collect, erase=erase, order=order)


def personal_data_providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.name))


# --- helpers for providers ---------------------------------------------------------------


def plain_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)  # the school's time, as the pages show it
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def model_rows(queryset, fields: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of `queryset` as {verbose_name: value}, choices shown as their labels and
    encrypted fields in clear (the model decrypts them on read)."""
    fields = list(fields)
    rows = []
    for obj in queryset:
        row = {}
        for name in fields:
            model_field = obj._meta.get_field(name)
            if getattr(model_field, "choices", None):
                value = getattr(obj, f"get_{name}_display")()
            elif model_field.many_to_many:
                value = "、".join(str(item) for item in getattr(obj, name).all())
            else:
                value = getattr(obj, name)
            row[str(model_field.verbose_name)] = plain_value(value)
        rows.append(row)
    return rows
