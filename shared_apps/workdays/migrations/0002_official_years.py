"""The arrangements of 2024-2026 as the General Office of the State Council published them
(国务院办公厅关于20XX年部分节假日安排的通知). Later years are entered on the console."""

import datetime

from django.db import migrations

YEARS = {
    2024: {
        "holidays": [
            ("元旦", "2024-01-01", "2024-01-01"), ("春节", "2024-02-10", "2024-02-17"), ("清明节", "2024-04-04", "2024-04-06"),
            ("劳动节", "2024-05-01", "2024-05-05"), ("端午节", "2024-06-08", "2024-06-10"), ("中秋节", "2024-09-15", "2024-09-17"),
            ("国庆节", "2024-10-01", "2024-10-07"),
        ],
        "workdays": ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"],
    },
    2025: {
        "holidays": [
            ("元旦", "2025-01-01", "2025-01-01"), ("春节", "2025-01-28", "2025-02-04"), ("清明节", "2025-04-04", "2025-04-06"),
            ("劳动节", "2025-05-01", "2025-05-05"), ("端午节", "2025-05-31", "2025-06-02"), ("国庆节、中秋节", "2025-10-01", "2025-10-08"),
        ],
        "workdays": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    },
    2026: {
        "holidays": [
            ("元旦", "2026-01-01", "2026-01-03"), ("春节", "2026-02-15", "2026-02-23"), ("清明节", "2026-04-04", "2026-04-06"),
            ("劳动节", "2026-05-01", "2026-05-05"), ("端午节", "2026-06-19", "2026-06-21"), ("中秋节", "2026-09-25", "2026-09-27"),
            ("国庆节", "2026-10-01", "2026-10-07"),
        ],
        "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    },
}


def load(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    for year, arrangement in YEARS.items():
        if CalendarYear.objects.filter(year=year).exists():
            continue
        CalendarYear.objects.create(year=year, source=f"国务院办公厅关于{year}年部分节假日安排的通知", updated_by_label="系统预置")
        rows = []
        for name, first, last in arrangement["holidays"]:
            day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
            while day <= end:
                rows.append(CalendarDay(calendar_id=year, date=day, kind="holiday", name=name))
                day += datetime.timedelta(days=1)
        rows += [CalendarDay(calendar_id=year, date=datetime.date.fromisoformat(day), kind="workday", name="调休上班") for day in arrangement["workdays"]]
        CalendarDay.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
