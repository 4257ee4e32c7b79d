"""Demo alumni for the university demo tenant (scripts/run): colleges with the names they had
over the decades, 60,000 records from 1955 to 2025 (traditional-character and homophone
variants, about 2% duplicates, a few deceased) and 12,000 registered, verified members.

bulk_create throughout; runs once (a tenant that has records is left alone) and takes well
under a minute. Members sign in with their username (alumni00001 …) and DEMO_PASSWORD."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

RECORDS = 60_000
MEMBERS = 12_000
DUPLICATE_SHARE = 0.02
DEMO_PASSWORD = "Alumni-demo-2026"
SOURCE = "历年学籍册（演示）"
# Showcase people for the matching page: polyphonic surnames and traditional forms.
SHOWCASE = [
    {"name": "單偉", "class_year": 1982, "birth_date": datetime.date(1964, 5, 3), "college_name": "数学系", "major": "数学与应用数学", "gender": "m"},
    {"name": "曾丽", "class_year": 1990, "birth_date": datetime.date(1972, 8, 9), "college_name": "外语系", "major": "英语", "gender": "f"},
    {"name": "仇刚", "class_year": 1978, "birth_date": datetime.date(1960, 1, 20), "college_name": "机械系", "major": "机械制造工艺与设备", "gender": "m"},
    {"name": "解宁", "class_year": 2001, "birth_date": None, "college_name": "计算机科学系", "major": "计算机科学与技术", "gender": "f"},
]


def seed_demo_records(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from core.audit import audit_record
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.records import synthetic
    from tenant_apps.alumni.records.models import (
        AlumniRecord,
        College,
        Member,
        MemberGroup,
        NameAlias,
    )
    from tenant_apps.alumni.records.services import fast_insert, member_apply, records_bulk_create

    if AlumniRecord.objects.exists():
        return
    College.objects.bulk_create([College(name=name, sort_order=i) for i, (name, _) in enumerate(synthetic.COLLEGES)], ignore_conflicts=True)
    colleges = dict(College.objects.values_list("name", "pk"))
    NameAlias.objects.bulk_create([NameAlias(kind=k, alias=a, canonical=c, college_id=colleges.get(c) if k == "college" else None, valid_from=f, valid_to=t,
                                             note="演示：院系调整") for k, a, c, f, t in synthetic.alias_rows()], ignore_conflicts=True)
    rng = random.Random(2026)
    people = [synthetic.person(rng) for _ in range(int(RECORDS * (1 - DUPLICATE_SHARE)) - len(SHOWCASE))]
    rows = [synthetic.public(p) for p in people] + SHOWCASE
    rows += [synthetic.public(synthetic.variant(rng, rng.choice(people))) for _ in range(RECORDS - len(rows))]
    for row in rows:
        row["birth_date"] = row.get("birth_date")
    deceased = [r for r in rows if r["class_year"] and r["class_year"] < 1962][:40]
    for row in deceased:
        row.update(is_deceased=True, deceased_on=datetime.date(2020 + rng.randint(0, 5), rng.randint(1, 12), 1), deceased_source="家属告知（演示）")
    for start in range(0, len(rows), 10_000):
        records_bulk_create(rows=rows[start:start + 10_000], source=SOURCE, source_date=datetime.date(2024, 9, 1))
    # Registered members: verified against a record each (not the deceased, not duplicates).
    now = timezone.now()
    password = make_password(DEMO_PASSWORD)
    candidates = list(AlumniRecord.objects.filter(is_deceased=False, class_year__gte=1960).order_by("pk").values_list("pk", "name", "class_year", "graduation_year",
                                                                                                                   "college_name", "major", "region", "industry", "employer", "gender", "name_simplified", "name_keys")[:len(people)])
    chosen = rng.sample(candidates, MEMBERS)
    users = User.objects.bulk_create([User(username=f"alumni{i + 1:05d}", display_name=row[1], kind="alumnus", password=password, is_active=True) for i, row in enumerate(chosen)],
                                     batch_size=4000)
    fast_insert([
        Member(user=user, record_id=row[0], name=row[1], class_year=row[2], graduation_year=row[3], college_name=row[4], major=row[5], region=row[6], industry=row[7],
               employer=row[8], gender=row[9], name_simplified=row[10], name_keys=row[11], status="approved", verified_at=now, reviewed_at=now, review_note="演示：已认证")
        for user, row in zip(users, chosen, strict=True)
    ], batch_size=4000)
    for name in ("理事", "联络员", "捐赠人"):
        MemberGroup.objects.get_or_create(name=name)
    # A review queue: people who joined with details that match more than one record or none.
    for i, showcase in enumerate(SHOWCASE[:2] + [{"name": "张伟", "class_year": 2001, "major": "会计学"}, {"name": "不在档案", "class_year": 1999}]):
        user = User.objects.create(username=f"joiner{i + 1}", display_name=showcase["name"], kind="alumnus", password=password)
        data = {k: v for k, v in showcase.items() if k in ("name", "class_year", "major", "college_name")}
        member_apply(user=user, data=data, auto_accept=False)
    audit_record(actor=None, action="alumni.demo.seed", object_type="alumni_records.alumnirecord", object_label="演示数据",
                 after={"records": len(rows), "members": MEMBERS}, only_changes=False)
