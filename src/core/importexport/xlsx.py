"""Excel files for imports and exports: template, reading uploads, reports, exports (openpyxl)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.errors import ApplicationError
from core.importexport.spec import ImportSpec

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REASON_HEADER = "失败原因"
ROW_NUMBER_HEADER = "原行号"
HEADER_FILL = PatternFill("solid", fgColor="F2F3F5")
REQUIRED_FONT = Font(bold=True, color="C8102E")
EXAMPLE_FONT = Font(italic=True, color="8A919F")


def normalize_header(value) -> str:
    return str(value or "").strip().rstrip("*＊").strip()


def cell_text(value) -> str:
    """Excel cells as text: 13800000000.0 -> "13800000000", dates as ISO, None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_template(spec: ImportSpec) -> bytes:
    """Headers (required ones in red, each with a comment), one example row and a help sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.title[:31]
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.fill = HEADER_FILL
        cell.font = REQUIRED_FONT if column.required else Font(bold=True)
        note = ("必填。" if column.required else "选填。") + (column.help or "")
        cell.comment = Comment(note, "系统")
        example = sheet.cell(row=2, column=index, value=column.example)
        example.font = EXAMPLE_FONT
        example.number_format = "@"  # keep phone numbers and codes as text
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) * 3)
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列名", "是否必填", "填写规则", "示例"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in spec.columns:
        help_sheet.append([column.header, "必填" if column.required else "选填", column.help, column.example])
    help_sheet.append([])
    general = [
        "第 1 行是列名，请勿修改；从第 2 行起每行一条记录。",
        "第 2 行灰色斜体为示例，与示例完全相同的行会被跳过，可直接覆盖填写。",
        f"只接受 .xlsx 文件，每次最多 {spec.max_rows} 行。",
        "校验不通过的行不会导入，完成后可下载失败报告，改正后重新上传报告文件即可。",
        *spec.notes,
    ]
    for line in general:
        help_sheet.append([line])
    for letter, width in zip("ABCD", (16, 10, 60, 24), strict=True):
        help_sheet.column_dimensions[letter].width = width
    return _to_bytes(workbook)


def read_rows(fileobj, spec: ImportSpec) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header texts and the non-blank data rows as (excel row number, cell texts),
    aligned to the spec's columns. Raises ApplicationError for unreadable files or
    missing required columns."""
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        raise ApplicationError("无法读取该文件，请上传用模板填写的 .xlsx 文件。", code="unreadable_file") from None
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header_row = next(iterator, None) or ()
        headers = [normalize_header(h) for h in header_row]
        positions: dict[str, int] = {}
        for column in spec.columns:
            if column.header in headers:
                positions[column.key] = headers.index(column.header)
        missing = [c.header for c in spec.columns if c.required and c.key not in positions]
        if missing:
            raise ApplicationError(f"文件缺少必填列：{'、'.join(missing)}。请使用下载的模板。", code="missing_columns")
        example = [c.example for c in spec.columns]
        rows: list[tuple[int, list[str]]] = []
        for number, raw in enumerate(iterator, start=2):
            values = [cell_text(raw[positions[c.key]]) if c.key in positions and positions[c.key] < len(raw) else "" for c in spec.columns]
            if not any(values) or values == example:
                continue
            rows.append((number, values))
            if len(rows) > spec.max_rows:
                raise ApplicationError(f"文件超过 {spec.max_rows} 行，请拆分后分批导入。", code="too_many_rows")
        return headers, rows
    finally:
        workbook.close()


def build_report(spec: ImportSpec, rejections: Iterable[list]) -> bytes:
    """Rejected rows with the spec's columns plus the reason and the original row number.
    The report can be corrected and uploaded again: extra columns are ignored."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("失败报告")
    sheet.append([c.header for c in spec.columns] + [REASON_HEADER, ROW_NUMBER_HEADER])
    for number, values, reason in rejections:
        sheet.append([*values, reason, number])
    return _to_bytes(workbook)


class StreamingTable:
    """A write_only workbook filled row by row (exports of any size in bounded memory)."""

    def __init__(self, title: str, headers: list[str]) -> None:
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title[:31])
        self.sheet.append(headers)

    def append(self, row: list) -> None:
        self.sheet.append(row)

    def to_bytes(self) -> bytes:
        return _to_bytes(self.workbook)
