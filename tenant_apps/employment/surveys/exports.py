"""Survey responses as a workbook: one row per response, one column per question."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tenant_apps.employment.surveys.selectors import export_rows


def build_responses_workbook(survey) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("答卷")
    for row in export_rows(survey=survey):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
