"""Helpers for tests of imports and exports: real .xlsx files built with openpyxl."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from openpyxl import Workbook, load_workbook

from core.importexport.xlsx import XLSX_CONTENT_TYPE


def xlsx_bytes(headers: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(headers: list[str], rows: list[list], name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(headers, rows), content_type=XLSX_CONTENT_TYPE)


def workbook_rows(data, sheet: int | str = 0) -> list[list]:
    """All rows of a sheet (bytes, a file or a FieldFile) as lists of values."""
    if isinstance(data, bytes):
        data = io.BytesIO(data)
    elif isinstance(data, FieldFile):
        data = io.BytesIO(data.open("rb").read())
    workbook = load_workbook(data, read_only=True)
    try:
        target = workbook[sheet] if isinstance(sheet, str) else workbook.worksheets[sheet]
        return [list(row) for row in target.iter_rows(values_only=True)]
    finally:
        workbook.close()
