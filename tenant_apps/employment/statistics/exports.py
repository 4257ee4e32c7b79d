"""The statistics page as a workbook: overview, categories, one sheet per breakdown."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tenant_apps.employment.destinations.enums import CATEGORIES
from tenant_apps.employment.statistics.selectors import DIMENSIONS, Figures

HEADERS = ["人数", "已落实", "毕业去向落实率(%)", "签约人数", "签约率(%)（本校口径）", "已核验", "已填报", "已终审"]


def _tally_row(t) -> list:
    return [t.total, t.placed, t.placement_rate, t.signed, t.signing_rate, t.verified, t.filed, t.approved]


def build_statistics_workbook(figures: Figures) -> bytes:
    workbook = Workbook(write_only=True)
    overview = workbook.create_sheet("总览")
    overview.append([f"{figures.year or '全部'} 届", f"截至 {figures.as_of:%Y-%m-%d}" if figures.as_of else "当前"])
    overview.append(["口径", "毕业去向落实率 = 审核通过且去向代码为 10/11/12/27/46/50/51/75/76/80/85 的人数 ÷ 毕业生总数（含定向、委培）；签约率为本校口径：10+11 ÷ 毕业生总数"])
    overview.append(["", *HEADERS])
    overview.append(["全部", *_tally_row(figures.overall)])
    categories = workbook.create_sheet("去向分类")
    categories.append(["代码", "毕业去向", "类别", "人数"])
    for code, count in figures.categories.items():
        categories.append([code, CATEGORIES[code].label, CATEGORIES[code].group, count])
    for key, label in DIMENSIONS:
        sheet = workbook.create_sheet(f"按{label}")
        sheet.append([label, *HEADERS])
        for name, tally in figures.breakdown(key):
            sheet.append([name, *_tally_row(tally)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
