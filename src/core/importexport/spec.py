"""Declarative import and export specs, and the registry that finds them by name.

Apps declare their specs in `<app>/imports.py` and `<app>/exports.py`; the registry imports
those modules the first time a spec is looked up (web process and Celery worker alike), so
core never imports an app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from core.errors import NotFound

# A parser takes the cell text (already stripped, never empty) and returns the value to use,
# or raises ValueError / django ValidationError / ApplicationError with a Chinese message.
Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Chinese header, as in the template's first row
    required: bool = False
    parser: Parser | None = None
    example: str = ""
    help: str = ""
    # Values are compared case-insensitively across the file; a repeat is rejected.
    unique_in_file: bool = False


@dataclass(frozen=True)
class ImportSpec:
    """What one import accepts and how a valid row is saved.

    `handler(actor=, values=)` saves one row inside its own savepoint; it raises
    ApplicationError to reject the row with its message. It may return a dict of values for
    the result workbook (`result_columns`), e.g. a generated initial password.
    """

    name: str
    title: str
    columns: list[Column]
    handler: Callable[..., dict | None]
    permission: str
    result_columns: list[tuple[str, str]] = field(default_factory=list)  # (key, header)
    result_title: str = "导入结果"
    notes: list[str] = field(default_factory=list)  # extra lines for the help sheet
    max_rows: int = 20000
    chunk_size: int = 50  # rows committed together with the job's progress (resume point)
    # Optional set-based path for big imports: batch_handler(actor=, rows=[(row number, values)])
    # saves the valid rows of a chunk together and returns {row number: (reason or None,
    # result dict or None)}; rows it leaves out count as saved. `handler` stays the one-row path.
    batch_handler: Callable[..., dict] | None = None
    # Optional columns the tenant defines (e.g. its custom fields), read in the current schema
    # each time the spec is looked up and appended after `columns` (template, parsing, report).
    tenant_columns: Callable[[], list[Column]] | None = None

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def header_for(self, key: str) -> str:
        column = self.column(key)
        return column.header if column else key


@dataclass(frozen=True)
class ExportField:
    """One column of an export. Without `permission` the actor sees the full value; with it,
    an actor lacking the permission gets `mask(value)`, or no column at all when mask is None.
    `personal` marks a column about an identifiable person (a name, a phone number...): an
    export with such a column must declare `personal_data=True`."""

    key: str
    header: str
    value: Callable[[Any], Any]
    permission: str | None = None
    mask: Callable[[str], str] | None = None
    personal: bool = False

    @property
    def holds_personal_data(self) -> bool:
        return self.personal or self.permission is not None or self.mask is not None


# Above this many rows a page runs the export as a background job with progress (P13);
# below it the file is built in the request. settings.EXPORT_BACKGROUND_THRESHOLD overrides it.
BACKGROUND_THRESHOLD = 2000


@dataclass(frozen=True)
class ExportSpec:
    """One export. `personal_data` has no default on purpose: every export states whether its
    file holds data about identifiable people, and the engine then refuses it without a stated
    reason (个人信息保护法 §51). `register_export` refuses a spec that says False while one of
    its fields is personal."""

    name: str
    title: str
    fields: list[ExportField]
    # rows(actor=, params=) -> iterable of objects (data scope applied by the app's selector)
    rows: Callable[..., Iterable[Any]]
    count: Callable[..., int]
    permission: str
    param_names: tuple[str, ...] = ()  # filters copied from the request into the job
    personal_data: bool = field(kw_only=True)
    # columns(actor=, params=) -> [(ExportField, masked)] when the columns depend on the actor
    # beyond field permissions (e.g. a per-group allow list); default: `fields` by permission.
    columns: Callable[..., list[tuple[ExportField, bool]]] | None = field(default=None, kw_only=True)
    # Extra permissions the actor needs besides `permission` (all of them).
    extra_permissions: tuple[str, ...] = field(default=(), kw_only=True)
    audit_action: str = field(default="file_job.export", kw_only=True)
    # audit_details(actor=, params=) -> extra keys for the audit event (e.g. "unmasked").
    audit_details: Callable[..., dict] | None = field(default=None, kw_only=True)
    # The file name shown to the user, without extension (default: the title).
    file_title: str = field(default="", kw_only=True)
    background_threshold: int | None = field(default=None, kw_only=True)  # None: the setting


def holds_personal_data(spec: ExportSpec, columns) -> bool:
    """Whether this export, with these columns, needs a stated reason: always when the spec
    declares personal data, except that a spec with per-actor columns (`columns`) whose chosen
    columns hold no personal field (e.g. titles only) is not personal."""
    if not spec.personal_data:
        return False
    if spec.columns is None:
        return True
    return any(f.holds_personal_data for f, _ in columns)


_imports: dict[str, ImportSpec] = {}
_exports: dict[str, ExportSpec] = {}
_discovered = False


def register_import(spec: ImportSpec) -> ImportSpec:
    _imports[spec.name] = spec
    return spec


def register_export(spec: ExportSpec) -> ExportSpec:
    if not isinstance(spec.personal_data, bool):
        raise ImproperlyConfigured(f"export {spec.name}: personal_data must be True or False")
    personal = [f.key for f in spec.fields if f.holds_personal_data]
    if personal and not spec.personal_data:
        raise ImproperlyConfigured(f"export {spec.name} has personal fields {personal} but declares personal_data=False")
    _exports[spec.name] = spec
    return spec


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("imports", "exports")


def import_spec(name: str) -> ImportSpec:
    _discover()
    try:
        spec = _imports[name]
    except KeyError:
        raise NotFound("没有这种导入类型。", code="unknown_import_spec") from None
    if spec.tenant_columns is None:
        return spec
    return replace(spec, columns=[*spec.columns, *spec.tenant_columns()], tenant_columns=None)


def export_spec(name: str) -> ExportSpec:
    _discover()
    try:
        return _exports[name]
    except KeyError:
        raise NotFound("没有这种导出类型。", code="unknown_export_spec") from None


def export_specs() -> list[ExportSpec]:
    _discover()
    return list(_exports.values())


def spec_title(kind: str, name: str) -> str:
    _discover()
    spec = (_imports if kind == "import" else _exports).get(name)
    return spec.title if spec else name
