"""Demo personal-data requests: one open access request, one overdue correction, so the data
officer's queue shows its deadline column and the overdue mark."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone


def seed_demo_privacy(schema_name: str, tenant_type: str) -> None:
    from tenant_apps.accounts.models import User
    from tenant_apps.privacy.deadlines import legal_due_date
    from tenant_apps.privacy.models import PersonalDataRequest

    if PersonalDataRequest.objects.exists():
        return
    people = list(User.objects.filter(kind__in=("student", "alumnus", "expert"), is_active=True).order_by("pk")[:2])
    if not people:
        return
    today = timezone.localdate()
    late = today - datetime.timedelta(days=30)
    rows = [PersonalDataRequest(subject=people[0], kind="access", details="请提供我在系统中的全部个人信息。", received_on=today,
                                due_on=legal_due_date(today))]
    if len(people) > 1:
        rows.append(PersonalDataRequest(subject=people[1], kind="correction", received_on=late, due_on=legal_due_date(late),
                                        corrections=json.dumps([{"field": "工作单位", "current": "", "requested": "南京某科技有限公司"}], ensure_ascii=False)))
    PersonalDataRequest.objects.bulk_create(rows)
