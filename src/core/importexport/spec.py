"""Declarative import and export specs, and the registry that finds them by name.

Apps declare their specs in `<app>/imports.py` and `<app>/exports.py`; the registry imports
those modules the first time a spec is looked up (web process and Celery worker alike), so
core never imports an app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

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

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def header_for(self, key: str) -> str:
        column = self.column(key)
        return column.header if column else key


@dataclass(frozen=True)
class ExportField:
    """One column of an export. Without `permission` the actor sees the full value; with it,
    an actor lacking the permission gets `mask(value)`, or no column at all when mask is None."""

    key: str
    header: str
    value: Callable[[Any], Any]
    permission: str | None = None
    mask: Callable[[str], str] | None = None


@dataclass(frozen=True)
class ExportSpec:
    name: str
    title: str
    fields: list[ExportField]
    # rows(actor=, params=) -> iterable of objects (data scope applied by the app's selector)
    rows: Callable[..., Iterable[Any]]
    count: Callable[..., int]
    permission: str
    param_names: tuple[str, ...] = ()  # filters copied from the request into the job


_imports: dict[str, ImportSpec] = {}
_exports: dict[str, ExportSpec] = {}
_discovered = False


def register_import(spec: ImportSpec) -> ImportSpec:
    _imports[spec.name] = spec
    return spec


def register_export(spec: ExportSpec) -> ExportSpec:
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
        return _imports[name]
    except KeyError:
        raise NotFound("没有这种导入类型。", code="unknown_import_spec") from None


def export_spec(name: str) -> ExportSpec:
    _discover()
    try:
        return _exports[name]
    except KeyError:
        raise NotFound("没有这种导出类型。", code="unknown_export_spec") from None


def spec_title(kind: str, name: str) -> str:
    _discover()
    spec = (_imports if kind == "import" else _exports).get(name)
    return spec.title if spec else name
