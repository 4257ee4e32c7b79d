"""Writes of intentions and recommendations: the student's intentions and switches, the
recompute that fills the table of scored matches, and the daily push of new matches."""

from __future__ import annotations

import io
import logging
import re

from django.db import connection, transaction
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError
from tenant_apps.employment.employers.enums import Industry
from tenant_apps.employment.jobs.enums import JobKind
from tenant_apps.employment.recommend import regions, selectors
from tenant_apps.employment.recommend.engine import JobIndex
from tenant_apps.employment.recommend.errors import RecommendErrorCode
from tenant_apps.employment.recommend.models import JobIntention, Recommendation

logger = logging.getLogger(__name__)

FIELDS = ["job_kinds", "job_types", "city_codes", "industries", "salary_floor", "is_personalised", "wants_daily_push"]
CHUNK = 2000
MAX_TYPES, MAX_CITIES = 5, 5
UNSAFE_TEXT = re.compile(r'[\t\r\n\\"{},]')
PUSH_CHANNELS = ["wechat", "letter"]
PUSH_LINK = "/h5/employment/recommend/"
PUSH_LISTED = 3


def _queue_recompute(student_id: int) -> None:
    from tenant_apps.employment.recommend.tasks import recompute_student

    transaction.on_commit(lambda: recompute_student.delay(student_id))


@transaction.atomic
def intention_save(*, student, job_kinds: list[str], job_types: list[str], city_codes: list[str], industries: list[str],
                   salary_floor: int | None, wants_daily_push: bool | None = None) -> JobIntention:
    """Save what the student is looking for and recompute their list after commit."""
    if getattr(student, "kind", "") != "student":
        raise ApplicationError("只有学生可以填写求职意向。", code=RecommendErrorCode.NOT_A_STUDENT)
    intention = JobIntention.objects.select_for_update().filter(student=student).first() or JobIntention(student=student)
    before = snapshot(intention, FIELDS) if intention.pk else None
    kinds = [k for k in dict.fromkeys(job_kinds or []) if k]
    if any(k not in JobKind.values for k in kinds):
        raise ApplicationError("求职类型无效。", code=RecommendErrorCode.INVALID_INTENTION, fields={"job_kinds": ["类型无效。"]})
    types = [UNSAFE_TEXT.sub("", t).strip()[:30] for t in job_types or []]
    types = [t for t in dict.fromkeys(types) if t]
    cities = [c.strip() for c in dict.fromkeys(city_codes or []) if c and c.strip()]
    bad = [c for c in cities if not regions.is_valid(c)]
    if bad:
        raise ApplicationError(f"城市代码无效：{'、'.join(bad)}（应为 GB/T 2260 六位代码）。", code=RecommendErrorCode.INVALID_CITY,
                               fields={"city_codes": ["代码无效。"]})
    chosen_industries = [i for i in dict.fromkeys(industries or []) if i]
    if any(i not in Industry.values for i in chosen_industries):
        raise ApplicationError("行业无效。", code=RecommendErrorCode.INVALID_INTENTION, fields={"industries": ["行业无效。"]})
    if len(types) > MAX_TYPES or len(cities) > MAX_CITIES:
        raise ApplicationError(f"意向职位和意向城市各最多 {MAX_TYPES} 个。", code=RecommendErrorCode.INVALID_INTENTION,
                               fields={"job_types" if len(types) > MAX_TYPES else "city_codes": ["太多了。"]})
    if salary_floor is not None and not (0 <= int(salary_floor) <= 200000):
        raise ApplicationError("期望月薪应在 0-200000 元之间。", code=RecommendErrorCode.INVALID_INTENTION, fields={"salary_floor": ["金额无效。"]})
    intention.job_kinds, intention.job_types, intention.city_codes, intention.industries = kinds, types, cities, chosen_industries
    intention.salary_floor = int(salary_floor) if salary_floor else None
    if wants_daily_push is not None:
        _set_push(intention, wants_daily_push)
    intention.full_clean(exclude=["student"])
    intention.save()
    audit_record(actor=student, action="recommend.intention_save", target=intention, before=before, after=snapshot(intention, FIELDS))
    if intention.is_personalised:
        _queue_recompute(student.pk)
    return intention


def _set_push(intention: JobIntention, enabled: bool) -> None:
    if enabled and not intention.wants_daily_push and intention.pk:
        # Consent starts now: what is already on the list is not "new" to the student.
        Recommendation.objects.filter(student_id=intention.student_id, notified_at__isnull=True).update(notified_at=timezone.now())
    intention.wants_daily_push = bool(enabled)


@transaction.atomic
def preferences_set(*, student, is_personalised: bool | None = None, wants_daily_push: bool | None = None) -> JobIntention:
    """The student's switches. Turning personalised recommendation off (PIPL art. 24) deletes
    their computed matches and stops the push; turning it on recomputes."""
    intention = JobIntention.objects.select_for_update().filter(student=student).first() or JobIntention(student=student)
    if intention.pk is None:
        intention.save()
    before = snapshot(intention, FIELDS)
    if is_personalised is not None:
        intention.is_personalised = bool(is_personalised)
        if not intention.is_personalised:
            Recommendation.objects.filter(student=student).delete()
            intention.wants_daily_push = False
            intention.computed_at = None
    if wants_daily_push is not None:
        if wants_daily_push and not intention.is_personalised:
            raise ApplicationError("请先开启个性化推荐，再开启每日推送。", code=RecommendErrorCode.INVALID_INTENTION,
                                   fields={"wants_daily_push": ["需先开启个性化推荐。"]})
        _set_push(intention, wants_daily_push)
    intention.save()
    audit_record(actor=student, action="recommend.preferences_set", target=intention, before=before, after=snapshot(intention, FIELDS))
    if is_personalised and intention.is_personalised:
        _queue_recompute(student.pk)
    return intention


# --- the recompute ------------------------------------------------------------------------


def _array_literal(values: list[str]) -> str:
    # Reasons hold no quote, backslash, brace, comma, tab or newline (job types are cleaned on save).
    return "{" + ",".join(f'"{UNSAFE_TEXT.sub("", v)}"' for v in values) + "}"


def _write(rows: list[tuple[int, int, int, list[str]]], student_ids: list[int], now) -> None:
    """Upsert this chunk's matches (COPY into a temporary table, one INSERT .. ON CONFLICT keeping
    first_seen_at and notified_at, skipping unchanged rows) and delete the chunk's matches that
    did not come back."""
    table = Recommendation._meta.db_table
    buffer = io.StringIO()
    for student_id, job_id, score, reasons in rows:
        buffer.write(f"{student_id}\t{job_id}\t{score}\t{_array_literal(reasons)}\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS emp_recommend_incoming "
                       "(student_id bigint, job_id bigint, score smallint, reasons varchar(100)[]) ON COMMIT DELETE ROWS")
        cursor.execute("DELETE FROM emp_recommend_incoming")  # left over when the caller's transaction has not committed yet
        cursor.cursor.copy_expert("COPY emp_recommend_incoming (student_id, job_id, score, reasons) FROM STDIN", buffer)
        cursor.execute("ANALYZE emp_recommend_incoming")  # a hash anti-join below, not a nested loop over an unanalysed table
        # Unchanged matches are not rewritten (no dead rows on the daily run); computed_at is when a row last changed.
        cursor.execute(f"""INSERT INTO {table} AS t (student_id, job_id, score, reasons, computed_at, first_seen_at)
                           SELECT student_id, job_id, score, reasons, %s, %s FROM emp_recommend_incoming
                           ON CONFLICT (student_id, job_id) DO UPDATE
                           SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, computed_at = EXCLUDED.computed_at
                           WHERE t.score IS DISTINCT FROM EXCLUDED.score OR t.reasons IS DISTINCT FROM EXCLUDED.reasons""", [now, now])
        cursor.execute(f"""DELETE FROM {table} t WHERE t.student_id = ANY(%s) AND NOT EXISTS
                           (SELECT 1 FROM emp_recommend_incoming i WHERE i.student_id = t.student_id AND i.job_id = t.job_id)""", [student_ids])
    JobIntention.objects.filter(student_id__in=student_ids).update(computed_at=now)


def recommendations_recompute(*, student_ids: list[int] | None = None, index: JobIndex | None = None, chunk: int = CHUNK) -> int:
    """Recompute the table of scored matches for these students (None = everyone eligible),
    chunk by chunk, each chunk in its own transaction. Running it twice writes the same rows.
    Returns the number of matches written."""
    index = index or selectors.job_index()
    ids = selectors.students_to_compute(student_ids=student_ids)
    written = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        rows = []
        for facts in selectors.student_facts(student_ids=part):
            rows.extend((facts.user_id, m.job_id, m.score, m.reasons) for m in index.match(facts))
        with transaction.atomic():
            _write(rows, part, timezone.now())
        written += len(rows)
    if student_ids is None:
        audit_record(actor=None, action="recommend.recompute_all", object_type="employment_recommend.recommendation",
                     after={"students": len(ids), "matches": written, "jobs": len(index.jobs)}, only_changes=False)
    return written


def recompute_all_start(*, actor) -> None:
    """A teacher asks for a recompute now (normally the daily task does it)."""
    from tenant_apps.employment.recommend.tasks import recompute_all

    audit_record(actor=actor, action="recommend.recompute_requested", object_type="employment_recommend.recommendation", after={}, only_changes=False)
    transaction.on_commit(lambda: recompute_all.delay())


# --- the daily push -----------------------------------------------------------------------


def new_matches_push(*, student_ids: list[int] | None = None) -> int:
    """Tell each consenting student of matches they have not been told of, once, through the
    messaging gateway (WeChat template first, in-app letter otherwise; channel opt-outs are the
    gateway's). Returns the number of students messaged."""
    from tenant_apps.accounts.models import User
    from tenant_apps.messaging.services import Recipient, message_send

    pending = selectors.new_matches_to_push(student_ids=student_ids)
    users = {u.pk: u for u in User.objects.filter(pk__in=list(pending))}
    sent = 0
    for student_id, matches in pending.items():
        user = users.get(student_id)
        if user is None:
            continue
        with transaction.atomic():
            claimed = Recommendation.objects.filter(pk__in=[m.pk for m in matches], notified_at__isnull=True).update(notified_at=timezone.now())
            if not claimed:
                continue  # another run got there first
            listed = "、".join(f"{m.job.title}（{m.job.employer.name}）" for m in matches[:PUSH_LISTED])
            more = f"等 {len(matches)} 个" if len(matches) > PUSH_LISTED else ""
            message_send(actor=None, subject="新的职位推荐", body=f"根据你的求职意向，为你找到新职位：{listed}{more}。点击查看推荐理由。",
                         channels=PUSH_CHANNELS, recipients=[Recipient(user_id=user.pk, name=user.display_name, openid=user.wechat_openid)],
                         purpose="notice", source="employment_recommend.daily", link=PUSH_LINK)
            sent += 1
    return sent


def daily_run() -> dict:
    """The daily task: recompute every list, then push what is new."""
    written = recommendations_recompute()
    pushed = new_matches_push()
    logger.info("recommend daily run", extra={"matches": written, "pushed": pushed})
    return {"matches": written, "pushed": pushed}
