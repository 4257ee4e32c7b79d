"""Demo destinations for the demo cohort (students/demo.py runs first): drafts, every review
level, returns, staff filings, confirmations and disputes, with evidence files and a valid
hash chain per graduate (so the chain check of the demo is clean). Bulk inserts; skipped when
the cohort already has destinations."""

from __future__ import annotations

import datetime
import hashlib
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

CATEGORY_WEIGHTS = {"10": 25, "11": 20, "12": 6, "27": 1, "46": 1, "50": 2, "51": 2, "75": 2, "76": 3, "80": 20, "85": 5, "70": 8, "71": 4, "72": 1}
# final state -> share of verified graduates
STAGES = {"approved": 55, "college_approved": 5, "counsellor_approved": 5, "submitted": 8, "returned": 3, "draft": 4, "none": 20}
EMPLOYERS = [
    ("华为技术有限公司", "914403001922038216", "440307", "private", "large"), ("中国建设银行股份有限公司北京市分行", "91110000801100390H", "110102", "state_owned", "large"),
    ("国家电网有限公司", "9111000071093123XX", "110102", "state_owned", "large"), ("北京市海淀区教育委员会", "11110108000085213X", "110108", "government", "large"),
    ("腾讯科技（深圳）有限公司", "91440300708461136T", "440305", "private", "large"), ("上海汽车集团股份有限公司", "91310000132260250X", "310115", "state_owned", "large"),
    ("杭州某某网络科技有限公司", "91330106MA2B0XXXXX", "330106", "private", "small"),
]
SMALL_NEW_EMPLOYER = ("成都某某信息咨询有限公司", "91510104MA6XXXXXXX", "510104", "private", "micro")
SCHOOLS = ["北京大学", "清华大学", "浙江大学", "复旦大学", "本校"]
ABROAD = [("英国", "伦敦大学学院"), ("澳大利亚", "墨尔本大学"), ("美国", "哥伦比亚大学"), ("中国香港", "香港大学")]


def _credit_code(rng: random.Random, template: str) -> str:
    """Real-looking, check-digit-valid 统一社会信用代码 from a template (X = random)."""
    from core.validators.china import USCC_ALPHABET, credit_code_check_character

    body = "".join(rng.choice(USCC_ALPHABET[:10]) if c == "X" else c for c in template[:17])
    return body + credit_code_check_character(body)


def _fill(destination, category: str, rng: random.Random, employer) -> None:
    year = destination.record.graduation_year
    if category in ("10", "11", "12", "27", "75", "76"):
        name, template, region, nature, size = employer
        destination.employer_name, destination.employer_credit_code, destination.employer_region = name, _credit_code(rng, template), region
        destination.employer_nature, destination.employer_size = nature, size
        destination.job_title = rng.choice(["软件工程师", "客户经理", "管理培训生", "会计", "翻译", "机械工程师", "运营专员"])
        destination.contract_start = datetime.date(year, 7, 1)
        destination.monthly_pay = rng.randrange(4500, 15000, 100)
    if category == "11":
        destination.contract_end = datetime.date(year + 3, 6, 30)
    if category == "27":
        destination.employer_name, destination.sub_code = "本校科研处", "271"
    if category == "76":
        destination.employer_name, destination.employer_credit_code = "", ""
        destination.job_title = rng.choice(["自媒体运营", "独立设计师", "电竞解说"])
    if category == "46":
        destination.employer_region = "110105"
    if category in ("50", "51"):
        destination.sub_code = "502" if category == "50" else "512"
        destination.project_name, destination.employer_region = ("三支一扶" if category == "50" else "地方选调生"), rng.choice(["520102", "620102", "630102"])
    if category == "80":
        destination.sub_code, destination.admitting_school = "801", rng.choice(SCHOOLS)
    if category == "85":
        destination.country, destination.admitting_school = rng.choice(ABROAD)


@transaction.atomic
def seed_demo_destinations(schema_name: str, tenant_type: str, *, write_files: bool = True) -> None:
    """`write_files=False` (benchmarks) records the evidence hashes without storing the files."""
    if tenant_type != "university":
        return
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.destinations import ledger
    from tenant_apps.employment.destinations.enums import (
        CATEGORIES,
        Confirmation,
        DestinationStatus,
    )
    from tenant_apps.employment.destinations.models import (
        Destination,
        Evidence,
        LedgerEntry,
        Review,
    )
    from tenant_apps.employment.students.demo import demo_year
    from tenant_apps.employment.students.enums import VerificationStatus
    from tenant_apps.employment.students.models import GraduateRecord

    year = demo_year()
    records = list(GraduateRecord.objects.filter(graduation_year=year, verification_status=VerificationStatus.VERIFIED).select_related("org_unit")
                   .order_by("student_number"))
    if not records or Destination.objects.filter(record__graduation_year=year).exists():
        return
    rng = random.Random(year * 7)
    staff = {u.username: u for u in User.objects.filter(username__in=["fdy_jike", "xy_jisuanji", "jyzx"])}
    counsellor, college, center = staff.get("fdy_jike"), staff.get("xy_jisuanji"), staff.get("jyzx")
    categories = [code for code, weight in CATEGORY_WEIGHTS.items() for _ in range(weight)]
    stages = [stage for stage, weight in STAGES.items() for _ in range(weight)]
    spike_class = records[-1].org_unit_id
    now = timezone.now()
    plan, destinations = [], []
    small_employer_left = 7
    for record in records:
        stage = rng.choice(stages)
        if stage == "none":
            continue
        category = rng.choice(categories)
        if record.org_unit_id == spike_class and rng.random() < 0.6:
            category = "76"  # one class files an unusual number of 自由职业
        employer = rng.choice(EMPLOYERS)
        if category in ("10", "11") and small_employer_left and stage == "approved":
            employer, small_employer_left = SMALL_NEW_EMPLOYER, small_employer_left - 1
        destination = Destination(record=record, category=category, filed_by_id=record.user_id, is_filed_by_staff=False)
        _fill(destination, category, rng, employer)
        if employer is SMALL_NEW_EMPLOYER:
            destination.employer_founded_on = timezone.localdate() - datetime.timedelta(days=120)
        if rng.random() < 0.03 and counsellor is not None:
            destination.filed_by_id, destination.is_filed_by_staff = counsellor.pk, True
        started = now - datetime.timedelta(days=rng.randrange(8, 60), minutes=rng.randrange(600))
        destination.status = {"none": "", "approved": DestinationStatus.APPROVED}.get(stage, stage)
        if stage == "returned":
            destination.return_reason, destination.returned_by_level = "就业协议书缺少单位人事章，请补充盖章页", "counsellor"
        if stage != "draft":
            destination.submitted_at = started + datetime.timedelta(hours=2)
        confirmation = ""
        if stage == "approved":
            destination.approved_at = started + datetime.timedelta(days=3)
            roll = rng.random()
            confirmation = Confirmation.DISPUTED if roll < 0.004 else Confirmation.CONFIRMED if roll < 0.6 else Confirmation.PENDING
            destination.confirmation, destination.confirmation_token = confirmation, hashlib.sha256(f"demo-{record.pk}".encode()).hexdigest()[:43]
            if confirmation == Confirmation.DISPUTED:
                destination.dispute_text = "我并没有与该单位签约，是辅导员让我先填的。"
        destinations.append(destination)
        plan.append((record, destination, stage, started, confirmation))
    Destination.objects.bulk_create(destinations, batch_size=2000)

    files = {}
    for record, destination, _stage, _started, _ in plan:
        if not CATEGORIES[destination.category].needs_evidence:
            continue
        content = f"%PDF-1.4 demo evidence {record.student_number} {destination.category}".encode()
        name = f"employment/evidence/demo/{record.student_number}.pdf"
        if write_files:
            name = default_storage.save(name, ContentFile(content))
        files[destination.pk] = Evidence(destination=destination, file=name, original_name=f"{CATEGORIES[destination.category].label}证明.pdf",
                                         sha256=hashlib.sha256(content).hexdigest(), uploaded_by_id=destination.filed_by_id)
    Evidence.objects.bulk_create(list(files.values()), batch_size=2000)

    reviews, entries = [], []
    blank = {"return_reason": "", "confirmation": "", "dispute_text": "", "dispute_resolution": ""}
    for record, destination, stage, started, confirmation in plan:
        final = ledger.destination_state(destination, [files[destination.pk]] if destination.pk in files else [])
        steps = [("filed_by_staff" if destination.is_filed_by_staff else "draft", {**final, **blank, "status": "draft"}, destination.filed_by_id)]
        levels = []
        if stage != "draft":
            steps.append(("submit", {**final, **blank, "status": "submitted"}, destination.filed_by_id))
        if stage == "returned":
            steps.append(("return_counsellor", final, getattr(counsellor, "pk", None)))
            levels = [("counsellor", False)]
        for level, status, actor in (("counsellor", "counsellor_approved", counsellor), ("college", "college_approved", college), ("university", "approved", center)):
            if stage in ("approved", "college_approved", "counsellor_approved") and (stage != "counsellor_approved" or level == "counsellor") \
                    and (stage != "college_approved" or level != "university"):
                steps.append((f"approve_{level}", {**final, **blank, "status": status, "confirmation": "pending" if status == "approved" else ""},
                              getattr(actor, "pk", None)))
                levels.append((level, True))
        if confirmation in (Confirmation.CONFIRMED, Confirmation.DISPUTED):
            steps.append(("student_confirm" if confirmation == Confirmation.CONFIRMED else "student_dispute", final, record.user_id))
        steps[-1] = (steps[-1][0], final, steps[-1][2])  # the chain ends exactly where the row is
        previous, before = ledger.GENESIS, {}
        for sequence, (action, state, actor_id) in enumerate(steps, start=1):
            at = started + datetime.timedelta(hours=sequence * 5)
            changes = ledger._changes(before, state)
            digest = ledger.entry_hash(previous_hash=previous, record_id=record.pk, sequence=sequence, action=action, actor_id=actor_id, created_at=at,
                                       state=state, changes=changes, evidence_hashes=state.get("evidence", []))
            entries.append(LedgerEntry(record_id=record.pk, sequence=sequence, action=action, actor_id=actor_id, actor_label="演示数据", created_at=at,
                                       state=state, changes=changes, evidence_hashes=state.get("evidence", []), previous_hash=previous, entry_hash=digest))
            previous, before = digest, state
        for level, approved in levels:
            reviewer = {"counsellor": counsellor, "college": college, "university": center}[level]
            reviews.append(Review(destination=destination, level=level, is_approved=approved, reviewer=reviewer,
                                  reason="" if approved else destination.return_reason))
    LedgerEntry.objects.bulk_create(entries, batch_size=5000)
    Review.objects.bulk_create(reviews, batch_size=5000)
