"""Demo employers for the demo university: 300 in every review state, with valid credit codes
(some letter-first), tags, lists, HR accounts for a few. Idempotent (keyed by credit code) and
fast (bulk inserts)."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
COUNT = 300
PREFIXES = ["华夏", "中科", "长江", "珠江", "东方", "海纳", "新锐", "博远", "启明", "云帆", "星河", "天衡", "鼎信", "弘毅", "远景", "青禾"]
SUFFIXES = ["科技有限公司", "信息技术股份有限公司", "智能制造有限公司", "生物医药有限公司", "建设集团有限公司", "银行股份有限公司", "设计研究院",
            "教育科技有限公司", "新能源有限公司", "物流有限公司"]
REGIONS = ["110108", "310115", "440305", "330106", "420111", "510107", "320102", "610113", "370102", "500112"]
DEMO_HR_PASSWORD = "demo-employer-1"


def demo_credit_code(index: int) -> str:
    from core.validators.china import USCC_ALPHABET, credit_code_check_character

    authority = "9" if index % 10 else ("Y" if index % 20 else "N")
    body = f"{authority}1{REGIONS[index % len(REGIONS)]}MA{index:07d}"
    body = "".join(ch if ch in USCC_ALPHABET else "0" for ch in body)[:17]
    return body + credit_code_check_character(body)


def seed_demo_employers(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.employment.employers.enums import (
        EmployerNature,
        EmployerSize,
        Industry,
        ListKind,
        ReviewStatus,
    )
    from tenant_apps.employment.employers.models import (
        Employer,
        EmployerListEntry,
        EmployerTag,
        RecruitmentSettings,
    )
    from tenant_apps.employment.employers.search import index_text

    if Employer.objects.filter(credit_code=demo_credit_code(0)).exists():
        return
    rng = random.Random(2026)
    statuses = [ReviewStatus.APPROVED] * 6 + [ReviewStatus.PENDING, ReviewStatus.IN_PROGRESS, ReviewStatus.DECLINED, ReviewStatus.PENDING]
    now = timezone.now()
    rows = []
    for i in range(COUNT):
        status = statuses[i % len(statuses)]
        name = f"{PREFIXES[i % len(PREFIXES)]}{SUFFIXES[(i // len(PREFIXES)) % len(SUFFIXES)]}{'' if i < 160 else f'（{i}）'}"
        industry = rng.choice(Industry.values)
        approved = status == ReviewStatus.APPROVED
        rows.append(Employer(
            name=name, credit_code=demo_credit_code(i), nature=rng.choice(EmployerNature.values), industry=industry,
            size=rng.choice(EmployerSize.values), region_code=REGIONS[i % len(REGIONS)], address="示范路 1 号",
            introduction=f"{name}是一家专注于{Industry(industry).label}的单位，常年招聘高校毕业生。", contact_name=f"王{'一二三四五六七八九十'[i % 10]}",
            contact_phone=f"139{i:08d}", status=status, decline_reason="营业执照模糊，请重新上传清晰扫描件。" if status == ReviewStatus.DECLINED else "",
            submitted_at=now, reviewed_at=now if approved or status == ReviewStatus.DECLINED else None,
            can_post_jobs=approved, can_apply_sessions=approved, can_join_fairs=approved, has_approved_job=approved,
            search_text=index_text([name, industry]), contact_phone_verified_at=now,
        ))
    with transaction.atomic():
        for row in rows:
            row.contact_phone_hash = ""  # filled by save(); bulk_create skips save(), so hash here
        from core.crypto import blind_index

        for row in rows:
            row.contact_phone_hash = blind_index(row.contact_phone)
        Employer.objects.bulk_create(rows, batch_size=500)
        settings = RecruitmentSettings.current()
        settings.auto_approve_natures = [EmployerNature.GOVERNMENT, EmployerNature.PUBLIC_INSTITUTION]
        settings.save()
        tags = [EmployerTag.objects.get_or_create(name=name, defaults={"rule": rule})[0] for name, rule in (
            ("央国企", {"nature": [EmployerNature.STATE_OWNED]}), ("大型单位", {"size": [EmployerSize.LARGE, EmployerSize.HUGE]}),
            ("信息技术", {"industry": ["I"]}), ("长三角", {"province": ["31", "32", "33"]}))]
        manual, _ = EmployerTag.objects.get_or_create(name="重点合作单位")
        employers = list(Employer.objects.all())
        through = Employer.rule_tags.through
        through.objects.bulk_create([through(employer_id=e.pk, employertag_id=t.pk) for e in employers for t in tags if t.matches(e)],
                                    ignore_conflicts=True)
        manual.employers.add(*employers[:15])
        for i, kind in enumerate([ListKind.BLACK, ListKind.WHITE, ListKind.RISK] * 3):
            employer = employers[-(i + 1)]
            EmployerListEntry.objects.get_or_create(kind=kind, credit_code=employer.credit_code, defaults={
                "employer": employer, "name": employer.name, "reason": {"black": "发布虚假招聘信息", "white": "长期合作单位", "risk": "被学生投诉拖欠实习工资"}[kind]})
    _seed_hr_accounts(employers[:3])


def _seed_hr_accounts(employers) -> None:
    from tenant_apps.accounts.enums import UserKind
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.employers.models import EmployerAccount

    for i, employer in enumerate(employers, start=1):
        username = f"hr{i}"
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, display_name=f"{employer.name[:4]}HR", kind=UserKind.EMPLOYER)
        user.set_password(DEMO_HR_PASSWORD)
        user.save()
        EmployerAccount.objects.create(user=user, employer=employer, is_primary=True)
