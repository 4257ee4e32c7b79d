"""The student statistics as a workbook: by college and by major."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tenant_apps.employment.statistics.student_selectors import StudentFigures, StudentTally


def headers(figures: StudentFigures) -> list[str]:
    base = ["入库人数", "已绑定", "绑定率(%)", "已登录", "近30天登录", "信息已核实", "去向已填报"]
    return base + (["有简历人数", "简历数", "投递数", "面试邀约数"] if figures.has_applications else [])


def tally_row(figures: StudentFigures, t: StudentTally) -> list:
    row = [t.imported, t.bound, t.binding_rate, t.logged_in, t.recent_login, t.verified, t.filed]
    return row + ([t.with_resume, t.resumes, t.applications, t.interviews] if figures.has_applications else [])


def build_student_workbook(figures: StudentFigures) -> bytes:
    workbook = Workbook(write_only=True)
    for key, label in (("college", "学院"), ("major", "专业")):
        sheet = workbook.create_sheet(f"按{label}")
        sheet.append([label, *headers(figures)])
        for name, tally in figures.by(key):
            sheet.append([name, *tally_row(figures, tally)])
        sheet.append(["合计", *tally_row(figures, figures.overall)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
