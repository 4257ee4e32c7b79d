"""The intention statistics as a workbook, one sheet per breakdown."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tenant_apps.employment.recommend.selectors import IntentionStatistics


def breakdowns(stats: IntentionStatistics) -> list[tuple[str, list[tuple[str, int]]]]:
    from tenant_apps.employment.employers.enums import Industry
    from tenant_apps.employment.jobs.enums import JobKind
    from tenant_apps.employment.recommend.enums import SalaryBand

    industries, kinds, bands = dict(Industry.choices), dict(JobKind.choices), dict(SalaryBand.choices)
    return [
        ("求职类型", [(kinds.get(k, k), n) for k, n in stats.kinds.most_common()]),
        ("意向省份", stats.provinces.most_common()),
        ("意向城市", stats.cities.most_common(30)),
        ("意向行业", [(industries.get(k, k), n) for k, n in stats.industries.most_common()]),
        ("期望月薪", [(bands[b], stats.salary_bands.get(b, 0)) for b in SalaryBand.values]),
        ("意向职位", stats.job_types.most_common(30)),
    ]


def build_intention_workbook(stats: IntentionStatistics) -> bytes:
    workbook = Workbook(write_only=True)
    overview = workbook.create_sheet("总览")
    overview.append(["学生数", "已填写意向", "填写率(%)", "关闭个性化推荐", "开启每日推送"])
    overview.append([stats.students, stats.stated, stats.stated_rate, stats.personalised_off, stats.push_on])
    colleges = workbook.create_sheet("按学院")
    colleges.append(["学院", "学生数", "已填写意向"])
    for name, (students, stated) in stats.by_college.items():
        colleges.append([name, students, stated])
    for title, rows in breakdowns(stats):
        sheet = workbook.create_sheet(title)
        sheet.append([title, "人数"])
        for name, count in rows:
            sheet.append([name, count])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
