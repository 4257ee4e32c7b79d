"""Turn the roster a school really sends into the layout the import engine reads.

Schools' files have title rows above the header ("2026届毕业生生源信息表"), merged cells (one
college name over many rows), headers with spaces, asterisks or other names ("身份证件号",
"手机号码"). This finds the header row, copies each merged value into every cell it covers,
renames the headers to the import's own and writes a plain workbook. Cell values keep their
type, so the row parsers still see Excel date serials and numbers that lost their zeros."""

from __future__ import annotations

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import range_boundaries

from core.errors import ApplicationError
from core.importexport.xlsx import XLSX_CONTENT_TYPE
from core.validators.china import clean_text

HEADER_SCAN_ROWS = 15
MERGE_RE = re.compile(r'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')

# canonical header -> other names seen in schools' files (compared without spaces/asterisks)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "学号": ("学生学号",),
    "姓名": ("学生姓名", "XM"),
    "身份证号": ("身份证件号", "身份证号码", "证件号码", "证件号", "SFZH"),
    "考生号": ("高考考生号", "KSH"),
    "性别": ("性别代码", "XBDM"),
    "民族": ("民族代码", "MZDM"),
    "政治面貌": ("政治面貌代码", "ZZMMDM"),
    "学历": ("学历代码", "学历层次", "XLDM"),
    "专业代码": ("ZYDM",),
    "专业名称": ("专业", "ZYMC"),
    "学院": ("院系", "学院名称", "院系名称", "所在院系"),
    "班级": ("班级名称", "行政班"),
    "培养方式": ("PYFS",),
    "定向委培单位": ("定向/委培单位", "委培单位", "定向单位"),
    "定向委培单位所在地": ("定向/委培单位所在地", "定向委培单位所在地代码"),
    "生源所在地": ("生源地", "生源所在地代码", "生源地代码", "SYSZDDM"),
    "学制": ("XZ",),
    "入学时间": ("入学日期", "RXSJ"),
    "毕业时间": ("毕业日期", "BYSJ"),
    "师范生类别": ("师范类别",),
    "困难生类别": ("困难类别", "困难生"),
    "手机号": ("手机号码", "手机", "联系电话"),
    "电子邮箱": ("邮箱", "电子邮件", "EMAIL"),
    "毕业年份": ("毕业届别", "届别", "毕业年度"),
}


def _key(value) -> str:
    return clean_text(value).replace("*", "").replace("＊", "")


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, aliases in HEADER_ALIASES.items():
        for name in (canonical, *aliases):
            table[_key(name)] = canonical
    return table


def _merged_ranges(upload, sheet) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col), 1-based, of the sheet's merged cells, read from the
    sheet's XML: the read-only reader (the one fast enough for 10,000 rows) does not expose them."""
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        xml = archive.read(sheet._worksheet_path).decode("utf-8", "replace")
    ranges = []
    for ref in MERGE_RE.findall(xml):
        if ":" in ref:
            low, high = range_boundaries(ref)[:2], range_boundaries(ref)[2:]
            ranges.append((low[1], low[0], high[1], high[0]))
    return ranges


def roster_normalise(upload) -> SimpleUploadedFile:
    """A clean one-sheet .xlsx (header on row 1, canonical names) built from a messy roster."""
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(upload, sheet)
    except Exception:
        raise ApplicationError("无法读取该文件，请上传 .xlsx 格式的生源信息表。", code="unreadable_file", fields={"file": ["文件无法读取。"]}) from None
    # merged cell -> the value of its top-left cell (read before any cell it covers)
    covering: dict[tuple[int, int], tuple[int, int]] = {}
    for min_row, min_col, max_row, max_col in merged:
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                if (row, column) != (min_row, min_col):
                    covering[(row, column)] = (min_row, min_col)
    anchors = {(r, c) for r, c, _, _ in merged}
    anchor_values: dict[tuple[int, int], object] = {}

    def filled(row_number: int, values: tuple) -> list:
        out = list(values)
        for column in range(1, len(out) + 1):
            if (row_number, column) in anchors:
                anchor_values[(row_number, column)] = out[column - 1]
            elif (row_number, column) in covering:
                out[column - 1] = anchor_values.get(covering[(row_number, column)])
        return out

    lookup = _lookup()
    header_row, positions = None, {}
    rows = sheet.iter_rows(values_only=True)
    width = max((c for _, _, _, c in merged), default=0)
    for index, raw in enumerate(rows, start=1):
        row = filled(index, tuple(raw) + (None,) * max(0, width - len(raw)))
        if index > HEADER_SCAN_ROWS:
            break
        found = {lookup[_key(v)]: i for i, v in enumerate(row) if v is not None and _key(v) in lookup}
        if len(found) >= 3 and "学号" in found:
            header_row, positions = index, found
            break
    if header_row is None:
        raise ApplicationError("没有找到表头行：请确认表中有“学号”“姓名”“身份证号”等列。", code="missing_columns", fields={"file": ["没有表头。"]})
    out = Workbook(write_only=True)
    target = out.create_sheet("生源信息")
    headers = list(positions)
    target.append(headers)
    # Blank rows keep each data row on its original row number, so the report of rejected
    # rows points at the row of the school's own file (the engine skips blank rows).
    for _ in range(header_row - 1):
        target.append([])
    for index, raw in enumerate(rows, start=header_row + 1):
        row = filled(index, tuple(raw) + (None,) * max(0, width - len(raw)))
        values = [row[positions[h]] if positions[h] < len(row) else None for h in headers]
        target.append([] if all(v is None or str(v).strip() == "" for v in values) else values)
    workbook.close()
    buffer = io.BytesIO()
    out.save(buffer)
    name = getattr(upload, "name", "roster.xlsx") or "roster.xlsx"
    return SimpleUploadedFile(name if name.lower().endswith(".xlsx") else f"{name}.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
