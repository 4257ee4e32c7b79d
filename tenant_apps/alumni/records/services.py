"""Writes for records, members, matching and merges. Every service takes the actor, validates
with full_clean, writes one audit event and runs side effects on commit."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from core import hooks
from core.audit import audit_record, audit_record_many, snapshot
from core.crypto import blind_index, decrypt, encrypt
from core.errors import ApplicationError, Conflict
from tenant_apps.alumni.records import matching
from tenant_apps.alumni.records.enums import CandidateStatus, DuplicateStatus, MemberStatus
from tenant_apps.alumni.records.errors import RecordErrorCode
from tenant_apps.alumni.records.models import (
    AlumniRecord,
    College,
    CustomField,
    DuplicatePair,
    MatchCandidate,
    Member,
    MemberGroup,
    MergeLog,
    NameAlias,
)

MEMBER_VERIFIED = "alumni.member_verified"  # hooks event: member=Member
RECORD_DECEASED = "alumni.record_deceased"  # hooks event: record=AlumniRecord

# Fields a person can hold a value for, in display order (merge preview, sources, import).
RECORD_FIELDS = [
    "name", "gender", "birth_date", "student_no", "id_number", "class_year", "graduation_year", "degree", "college_name", "major",
    "phone", "email", "region", "industry", "employer", "first_employer",
]
AUDIT_FIELDS = [*RECORD_FIELDS, "is_deceased", "deceased_on", "deceased_source", "source", "merged_into"]


def _clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError("信息不完整或格式错误。", fields=exc.message_dict) from exc


def prepare_record(record: AlumniRecord, aliases: matching.AliasBook, colleges: dict[str, int] | None = None) -> AlumniRecord:
    """Derived columns: matching keys, hashes, canonical college and major."""
    record.name = (record.name or "").strip()
    record.name_simplified = matching.simplify(record.name)
    record.name_keys = list(matching.name_keys(record.name))
    record.phone_hash = blind_index(record.phone) if record.phone else ""
    if record.id_number:  # a hash handed over without the number (graduates) is kept
        record.id_number_hash = blind_index(record.id_number)
    year = record.class_year or record.graduation_year
    if record.college_name:
        canonical = aliases.canonical("college", record.college_name, year)
        if colleges is None:
            colleges = dict(College.objects.values_list("name", "pk"))
        record.college_id = colleges.get(canonical)
    record.major_canonical = aliases.canonical("major", record.major, year) if record.major else ""
    return record


def _stamp_sources(record: AlumniRecord, fields: list[str], source: str, date: datetime.date | None = None) -> None:
    day = (date or timezone.localdate()).isoformat()
    for name in fields:
        value = getattr(record, name, None) if name in RECORD_FIELDS else record.extra.get(name)
        if value not in (None, ""):
            record.field_sources[name] = {"source": source, "date": day}


@transaction.atomic
def record_save(*, actor, record: AlumniRecord | None = None, data: dict, source: str = "手工录入", source_date: datetime.date | None = None) -> AlumniRecord:
    """Create or edit a record. `data` holds model fields and custom fields (by key); each
    changed field gets `source` and the date in `field_sources`."""
    creating = record is None
    record = record or AlumniRecord(source=source)
    if record.merged_into_id:
        raise Conflict("该档案已并入其他档案，不能修改。", code=RecordErrorCode.MERGE_ARCHIVED)
    before = None if creating else snapshot(record, AUDIT_FIELDS)
    custom_keys = set(CustomField.objects.values_list("key", flat=True))
    changed = []
    for key, value in data.items():
        if key in RECORD_FIELDS:
            if getattr(record, key) != value:
                setattr(record, key, value)
                changed.append(key)
        elif key in custom_keys and record.extra.get(key) != value:
            record.extra[key] = value
            changed.append(key)
    if not (record.name or "").strip():
        raise ApplicationError("请填写姓名。", fields={"name": ["必填。"]})
    prepare_record(record, matching.AliasBook.load())
    _stamp_sources(record, changed, source, source_date)
    _clean(record, exclude=["name_keys", "merged_into"])
    record.save()
    audit_record(actor=actor, action="alumni.record.create" if creating else "alumni.record.update", target=record, before=before,
                 after=snapshot(record, AUDIT_FIELDS), only_changes=not creating)
    return record


def records_bulk_create(*, rows: list[dict], source: str, source_date: datetime.date | None = None, batch_size: int = 2000) -> int:
    """Fast path for the demo seeder and benchmarks: prepared rows straight into the table
    (no per-row audit; the caller writes one summary event)."""
    aliases = matching.AliasBook.load()
    colleges = dict(College.objects.values_list("name", "pk"))
    objects = []
    for data in rows:
        record = AlumniRecord(source=source, **{k: v for k, v in data.items() if k in RECORD_FIELDS or k in ("extra", "is_deceased", "deceased_on", "deceased_source")})
        prepare_record(record, aliases, colleges)
        _stamp_sources(record, [k for k in data if k in RECORD_FIELDS], source, source_date)
        objects.append(record)
    return fast_insert(objects, batch_size=batch_size)


# Fields whose Python values psycopg2 adapts as they are: fast_insert skips get_db_prep_save for
# them (exact types only, so encrypted subclasses of CharField still encrypt). Halves the Python
# side of the demo's 60,000-record insert.
_AS_IS_FIELDS = (
    models.CharField, models.TextField, models.BooleanField, models.DateField, models.FloatField,
    models.IntegerField, models.PositiveIntegerField, models.SmallIntegerField, models.PositiveSmallIntegerField,
    models.BigIntegerField, models.ForeignKey,
)


def _as_is(field) -> bool:
    if isinstance(field, ArrayField):
        return type(field.base_field) in _AS_IS_FIELDS
    return type(field) in _AS_IS_FIELDS


def fast_insert(objects: list, *, batch_size: int = 2000) -> int:
    """INSERT … VALUES in pages through psycopg2's execute_values: what bulk_create does,
    without Django compiling a placeholder per array value (5x faster for tens of thousands
    of rows with ArrayFields). Values go through each field's get_db_prep_save where it does
    something (encrypted fields are encrypted, JSON is adapted); no ids are returned."""
    from psycopg2.extras import execute_values

    if not objects:
        return 0
    model = type(objects[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objects:
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                field.pre_save(obj, add=True)
    casts = []
    for field in fields:
        db_type = field.db_type(connection)
        casts.append(f"%s::{db_type}" if "[]" in db_type or db_type == "jsonb" else "%s")
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES %s"
    template = "(" + ", ".join(casts) + ")"
    values = [(field.attname, None if _as_is(field) else field.get_db_prep_save) for field in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for start in range(0, len(objects), batch_size):
            rows = [[getattr(obj, attname) if prep is None else prep(getattr(obj, attname), connection) for attname, prep in values]
                    for obj in objects[start:start + batch_size]]
            execute_values(raw, sql, rows, template=template, page_size=batch_size)
    return len(objects)


@transaction.atomic
def record_mark_deceased(*, actor, record: AlumniRecord, deceased_on: datetime.date | None, source: str) -> AlumniRecord:
    """From now on the person receives nothing and appears nowhere as a contact."""
    if not source.strip():
        raise ApplicationError("请填写信息来源（如家属告知、讣告）。", fields={"deceased_source": ["必填。"]})
    before = snapshot(record, ["is_deceased", "deceased_on", "deceased_source"])
    record.is_deceased, record.deceased_on, record.deceased_source = True, deceased_on, source.strip()[:200]
    record.field_sources["is_deceased"] = {"source": record.deceased_source, "date": timezone.localdate().isoformat()}
    record.save(update_fields=["is_deceased", "deceased_on", "deceased_source", "field_sources", "updated_at"])
    audit_record(actor=actor, action="alumni.record.mark_deceased", target=record, before=before, after=snapshot(record, ["is_deceased", "deceased_on", "deceased_source"]))
    hooks.publish(RECORD_DECEASED, record=record)
    return record


@transaction.atomic
def record_unmark_deceased(*, actor, record: AlumniRecord, reason: str) -> AlumniRecord:
    """A correction (wrong person marked): needs a reason, kept in the audit trail."""
    if not reason.strip():
        raise ApplicationError("请填写更正原因。", fields={"reason": ["必填。"]})
    before = snapshot(record, ["is_deceased", "deceased_on", "deceased_source"])
    record.is_deceased, record.deceased_on, record.deceased_source = False, None, ""
    record.field_sources.pop("is_deceased", None)
    record.save(update_fields=["is_deceased", "deceased_on", "deceased_source", "field_sources", "updated_at"])
    audit_record(actor=actor, action="alumni.record.unmark_deceased", target=record, before=before, after={"is_deceased": False, "reason": reason.strip()})
    return record


@transaction.atomic
def record_delete(*, actor, record: AlumniRecord) -> None:
    if record.members.exists():
        raise Conflict("已有注册校友认证到此档案，不能删除；可以与其他档案合并。")
    audit_record(actor=actor, action="alumni.record.delete", target=record, before=snapshot(record, AUDIT_FIELDS), after=None, only_changes=False)
    record.delete()


# --- members and matching ---------------------------------------------------------------------

MEMBER_FIELDS = ["name", "gender", "birth_date", "class_year", "graduation_year", "degree", "college_name", "major", "region", "industry", "employer"]


def person_of_record(record: AlumniRecord, aliases: matching.AliasBook) -> matching.Person:
    return matching.Person(
        name=record.name, class_year=record.class_year, graduation_year=record.graduation_year, birth_date=record.birth_date,
        college=record.college.name if record.college_id else aliases.canonical("college", record.college_name, record.class_year),
        major=record.major_canonical, gender=record.gender, phone_hash=record.phone_hash, id_number_hash=record.id_number_hash,
        keys=tuple(record.name_keys), simplified=record.name_simplified,
    )


def person_of_member(member: Member, aliases: matching.AliasBook, phone_hash: str = "") -> matching.Person:
    year = member.class_year or member.graduation_year
    return matching.Person(
        name=member.name, class_year=member.class_year, graduation_year=member.graduation_year, birth_date=member.birth_date,
        college=aliases.canonical("college", member.college_name, year), major=aliases.canonical("major", member.major, year),
        gender=member.gender, phone_hash=phone_hash,
    )


def match_candidates(member: Member, *, aliases: matching.AliasBook | None = None, limit: int = 10) -> list[tuple[AlumniRecord, matching.Score]]:
    """Records that may be this member, best first: blocking on any shared reading of the
    name (or the same phone), then scoring."""
    aliases = aliases or matching.AliasBook.load()
    phone_hash = getattr(member.user, "phone_hash", "") if member.user_id else ""
    person = person_of_member(member, aliases, phone_hash)
    query = Q(name_keys__overlap=list(person.keys)) | Q(name_simplified=person.simplified)
    if phone_hash:
        query |= Q(phone_hash=phone_hash)
    records = AlumniRecord.objects.filter(query, merged_into__isnull=True).select_related("college")[:500]
    scored = [(r, matching.score(person, person_of_record(r, aliases))) for r in records]
    scored = [(r, s) for r, s in scored if s.total >= matching.CANDIDATE_FLOOR]
    scored.sort(key=lambda item: (-item[1].total, item[0].pk))
    return scored[:limit]


def _member_from(member: Member, data: dict) -> None:
    for key in MEMBER_FIELDS:
        if key in data:
            setattr(member, key, data[key] if data[key] is not None else ("" if key not in ("birth_date", "class_year", "graduation_year") else None))
    member.name = (member.name or "").strip()
    member.name_simplified = matching.simplify(member.name)
    member.name_keys = list(matching.name_keys(member.name))


@transaction.atomic
def member_apply(*, user, data: dict, answers: dict | None = None, auto_accept: bool = True) -> Member:
    """The join application (入会资料), new or edited. Matching runs at once: candidates are
    stored for the reviewer; with `auto_accept` a clear best match verifies immediately."""
    member = Member.objects.select_for_update().filter(user=user).first()
    creating = member is None
    member = member or Member(user=user)
    before = None if creating else snapshot(member, MEMBER_FIELDS + ["status"])
    _member_from(member, data)
    if answers is not None:
        member.answers = answers
    if not member.name:
        raise ApplicationError("请填写姓名。", fields={"name": ["必填。"]})
    if not (member.class_year or member.graduation_year):
        raise ApplicationError("请填写入学年份或毕业年份。", fields={"class_year": ["入学或毕业年份至少填一项。"]})
    if member.status == MemberStatus.REJECTED:
        member.status = MemberStatus.PENDING  # an edited application goes back to review
    _clean(member, exclude=["name_keys", "user", "record", "reviewed_by"])
    member.save()
    audit_record(actor=user, action="alumni.member.apply" if creating else "alumni.member.update", target=member, before=before,
                 after=snapshot(member, MEMBER_FIELDS + ["status"]), only_changes=not creating)
    if not member.is_verified:
        candidates_refresh(member=member, auto_accept=auto_accept)
    return member


def candidates_refresh(*, member: Member, auto_accept: bool = True) -> list[MatchCandidate]:
    scored = match_candidates(member)
    MatchCandidate.objects.filter(member=member, status=CandidateStatus.PENDING).delete()
    taken = set(MatchCandidate.objects.filter(member=member).values_list("record_id", flat=True))
    rows = [MatchCandidate(member=member, record=r, score=s.total, reasons=s.reasons) for r, s in scored if r.pk not in taken]
    MatchCandidate.objects.bulk_create(rows)
    if auto_accept and rows:
        best = rows[0]
        runner_up = rows[1].score if len(rows) > 1 else 0
        if best.score >= matching.AUTO_ACCEPT and best.score - runner_up >= matching.AUTO_MARGIN and not best.record.is_deceased:
            candidate_confirm(actor=None, candidate=best, automatic=True)
    return rows


@transaction.atomic
def candidate_confirm(*, actor, candidate: MatchCandidate, automatic: bool = False) -> Member:
    """The reviewer (or the automatic rule) says this record is this member: verified."""
    candidate = MatchCandidate.objects.select_for_update().select_related("member", "record").get(pk=candidate.pk)
    if candidate.status != CandidateStatus.PENDING:
        raise Conflict("该候选已处理。", code=RecordErrorCode.CANDIDATE_CLOSED)
    if candidate.record.is_deceased:
        raise Conflict("该档案标记为已故，不能认证到此档案；如有误请先更正档案。", code=RecordErrorCode.DECEASED)
    now = timezone.now()
    candidate.status, candidate.reviewed_by, candidate.reviewed_at = CandidateStatus.CONFIRMED, actor, now
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    MatchCandidate.objects.filter(member=candidate.member, status=CandidateStatus.PENDING).exclude(pk=candidate.pk).update(
        status=CandidateStatus.REJECTED, reviewed_by=actor, reviewed_at=now)
    member = candidate.member
    member.record = candidate.record
    member.status = MemberStatus.APPROVED
    member.verified_at, member.reviewed_at, member.reviewed_by = now, now, actor
    member.review_note = "自动匹配认证" if automatic else member.review_note
    member.save(update_fields=["record", "status", "verified_at", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
    audit_record(actor=actor, action="alumni.member.verify", target=member, after={"record": candidate.record_id, "score": candidate.score, "automatic": automatic})
    hooks.publish(MEMBER_VERIFIED, member=member)
    return member


@transaction.atomic
def candidate_reject(*, actor, candidate: MatchCandidate) -> MatchCandidate:
    if candidate.status != CandidateStatus.PENDING:
        raise Conflict("该候选已处理。", code=RecordErrorCode.CANDIDATE_CLOSED)
    candidate.status, candidate.reviewed_by, candidate.reviewed_at = CandidateStatus.REJECTED, actor, timezone.now()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action="alumni.candidate.reject", target=candidate.member, after={"record": candidate.record_id})
    return candidate


@transaction.atomic
def member_review(*, actor, member: Member, approve: bool, note: str = "") -> Member:
    """Join review without a record (e.g. review mode 'by admins'): approved members are
    members but only verified ones (linked to a record) are in the directory."""
    before = snapshot(member, ["status", "review_note"])
    member.status = MemberStatus.APPROVED if approve else MemberStatus.REJECTED
    member.review_note, member.reviewed_by, member.reviewed_at = note.strip()[:200], actor, timezone.now()
    member.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(actor=actor, action="alumni.member.review", target=member, before=before, after=snapshot(member, ["status", "review_note"]))
    if approve and member.record_id:
        hooks.publish(MEMBER_VERIFIED, member=member)
    return member


@transaction.atomic
def member_groups_set(*, actor, member: Member, groups: list[MemberGroup]) -> Member:
    before = sorted(member.groups.values_list("pk", flat=True))
    member.groups.set(groups)
    audit_record(actor=actor, action="alumni.member.groups", target=member, before={"groups": before}, after={"groups": sorted(g.pk for g in groups)})
    return member


@transaction.atomic
def member_group_save(*, actor, group: MemberGroup | None = None, name: str, description: str = "") -> MemberGroup:
    group = group or MemberGroup()
    before = None if group.pk is None else snapshot(group)
    group.name, group.description = name.strip(), description.strip()
    _clean(group)
    group.save()
    audit_record(actor=actor, action="alumni.member_group.save", target=group, before=before, after=snapshot(group), only_changes=before is not None)
    return group


# --- colleges, aliases, custom fields -----------------------------------------------------------


@transaction.atomic
def college_save(*, actor, college: College | None = None, name: str, code: str = "", sort_order: int = 0, is_active: bool = True) -> College:
    college = college or College()
    before = None if college.pk is None else snapshot(college)
    old_name = college.name
    college.name, college.code, college.sort_order, college.is_active = name.strip(), code.strip(), sort_order, is_active
    _clean(college)
    college.save()
    if old_name and old_name != college.name:  # a renamed college keeps its old name as an alias
        NameAlias.objects.get_or_create(kind="college", alias=old_name, defaults={"canonical": college.name, "college": college, "note": "改名自动保留"})
        NameAlias.objects.filter(kind="college", canonical=old_name).update(canonical=college.name)
    audit_record(actor=actor, action="alumni.college.save", target=college, before=before, after=snapshot(college), only_changes=before is not None)
    return college


@transaction.atomic
def alias_save(*, actor, alias: NameAlias | None = None, kind: str, name: str, canonical: str, valid_from: int | None = None, valid_to: int | None = None, note: str = "") -> NameAlias:
    alias = alias or NameAlias()
    before = None if alias.pk is None else snapshot(alias)
    alias.kind, alias.alias, alias.canonical = kind, name.strip(), canonical.strip()
    alias.valid_from, alias.valid_to, alias.note = valid_from, valid_to, note.strip()
    alias.college = College.objects.filter(name=alias.canonical).first() if kind == "college" else None
    if valid_from and valid_to and valid_from > valid_to:
        raise ApplicationError("起始年份不能晚于截止年份。", fields={"valid_to": ["年份顺序不对。"]})
    _clean(alias)
    alias.save()
    audit_record(actor=actor, action="alumni.alias.save", target=alias, before=before, after=snapshot(alias), only_changes=before is not None)
    return alias


@transaction.atomic
def alias_delete(*, actor, alias: NameAlias) -> None:
    audit_record(actor=actor, action="alumni.alias.delete", target=alias, before=snapshot(alias), after=None, only_changes=False)
    alias.delete()


def records_recanonicalize() -> int:
    """After the alias table changed: recompute canonical college/major of every record."""
    aliases = matching.AliasBook.load()
    colleges = dict(College.objects.values_list("name", "pk"))
    changed = []
    for record in AlumniRecord.objects.only("pk", "college_name", "major", "class_year", "graduation_year", "college_id", "major_canonical").iterator(chunk_size=5000):
        year = record.class_year or record.graduation_year
        college_id = colleges.get(aliases.canonical("college", record.college_name, year)) if record.college_name else None
        major = aliases.canonical("major", record.major, year) if record.major else ""
        if college_id != record.college_id or major != record.major_canonical:
            record.college_id, record.major_canonical = college_id, major
            changed.append(record)
    AlumniRecord.objects.bulk_update(changed, ["college_id", "major_canonical"], batch_size=2000)
    return len(changed)


@transaction.atomic
def custom_field_save(*, actor, field: CustomField | None = None, key: str, label: str, type: str, sort_order: int = 0) -> CustomField:
    field = field or CustomField()
    before = None if field.pk is None else snapshot(field)
    field.key, field.label, field.type, field.sort_order = key.strip(), label.strip(), type, sort_order
    if field.key in RECORD_FIELDS:
        raise ApplicationError("字段标识与内置字段重名。", fields={"key": ["请换一个标识。"]})
    _clean(field)
    field.save()
    audit_record(actor=actor, action="alumni.custom_field.save", target=field, before=before, after=snapshot(field), only_changes=before is not None)
    return field


# --- merge ----------------------------------------------------------------------------------------


@dataclass
class MergeRow:
    field: str
    label: str
    a: object
    b: object
    choice: str  # "a" or "b"
    a_source: dict | None = None
    b_source: dict | None = None

    @property
    def differs(self) -> bool:
        return self.a != self.b


def merge_preview(*, survivor: AlumniRecord, absorbed: AlumniRecord, choices: dict[str, str] | None = None) -> list[MergeRow]:
    """Field by field: survivor's value unless empty or the reviewer chose the other one."""
    choices = choices or {}
    rows = []
    for name in RECORD_FIELDS:
        a, b = getattr(survivor, name), getattr(absorbed, name)
        default = "a" if a not in (None, "") or b in (None, "") else "b"
        label = AlumniRecord._meta.get_field(name).verbose_name
        rows.append(MergeRow(name, str(label), a, b, choices.get(name, default), survivor.field_sources.get(name), absorbed.field_sources.get(name)))
    for field in CustomField.objects.all():
        a, b = survivor.extra.get(field.key), absorbed.extra.get(field.key)
        default = "a" if a not in (None, "") or b in (None, "") else "b"
        rows.append(MergeRow(f"extra.{field.key}", field.label, a, b, choices.get(f"extra.{field.key}", default), survivor.field_sources.get(field.key), absorbed.field_sources.get(field.key)))
    return rows


def _full_state(record: AlumniRecord) -> dict:
    data = {name: getattr(record, name) for name in RECORD_FIELDS}
    data.update(extra=record.extra, field_sources=record.field_sources, is_deceased=record.is_deceased, deceased_on=record.deceased_on,
                deceased_source=record.deceased_source, contact_opt_out=record.contact_opt_out, merged_into=record.merged_into_id)
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}


def _restore(record: AlumniRecord, state: dict) -> None:
    for key, value in state.items():
        if key in ("birth_date", "deceased_on"):
            value = datetime.date.fromisoformat(value) if value else None
        if key == "merged_into":
            record.merged_into_id = value
        else:
            setattr(record, key, value)


@transaction.atomic
def records_merge(*, actor, survivor: AlumniRecord, absorbed: AlumniRecord, choices: dict[str, str] | None = None) -> MergeLog:
    """Merge `absorbed` into `survivor` with the chosen values; the absorbed record is archived
    (merged_into), members verified to it move to the survivor, and the before-images of both
    are kept encrypted in the log so that the merge can be undone."""
    if survivor.pk == absorbed.pk:
        raise ApplicationError("不能与自身合并。", code=RecordErrorCode.MERGE_SAME)
    locked = {r.pk: r for r in AlumniRecord.objects.select_for_update().filter(pk__in=[survivor.pk, absorbed.pk])}
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    if survivor.merged_into_id or absorbed.merged_into_id:
        raise Conflict("其中一份档案已被合并过。", code=RecordErrorCode.MERGE_ARCHIVED)
    rows = merge_preview(survivor=survivor, absorbed=absorbed, choices=choices)
    before = {"survivor": _full_state(survivor), "absorbed": _full_state(absorbed)}
    chosen = {}
    for row in rows:
        if row.choice != "b":
            continue
        chosen[row.field] = "b"
        if row.field.startswith("extra."):
            key = row.field.removeprefix("extra.")
            survivor.extra[key] = row.b
            if row.b_source:
                survivor.field_sources[key] = row.b_source
        else:
            setattr(survivor, row.field, row.b)
            if row.b_source:
                survivor.field_sources[row.field] = row.b_source
    if absorbed.is_deceased and not survivor.is_deceased:  # never lose a death notice in a merge
        survivor.is_deceased, survivor.deceased_on, survivor.deceased_source = True, absorbed.deceased_on, absorbed.deceased_source
    survivor.contact_opt_out = survivor.contact_opt_out or absorbed.contact_opt_out
    prepare_record(survivor, matching.AliasBook.load())
    survivor.save()
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["merged_into", "updated_at"])
    moved = list(Member.objects.filter(record=absorbed).values_list("pk", flat=True))
    Member.objects.filter(pk__in=moved).update(record=survivor)
    DuplicatePair.objects.filter(Q(record_a=absorbed, record_b=survivor) | Q(record_a=survivor, record_b=absorbed)).update(status=DuplicateStatus.MERGED)
    log = MergeLog.objects.create(survivor=survivor, absorbed=absorbed, choices=chosen, before=encrypt(json.dumps(before, ensure_ascii=False)), moved_members=moved,
                                  actor=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action="alumni.record.merge", target=survivor, after={"absorbed": absorbed.pk, "merge_log": log.pk, "chosen_from_absorbed": sorted(chosen)})
    return log


@transaction.atomic
def merge_reverse(*, actor, log: MergeLog) -> MergeLog:
    """Undo a merge: both records get their exact before-images back, moved members return.
    Only the latest merge into a survivor can be undone (later merges depend on it)."""
    log = MergeLog.objects.select_for_update().get(pk=log.pk)
    if log.reversed_at:
        raise Conflict("该合并已撤销。", code=RecordErrorCode.MERGE_NOT_REVERSIBLE)
    if MergeLog.objects.filter(survivor_id=log.survivor_id, reversed_at__isnull=True, pk__gt=log.pk).exists() or \
            MergeLog.objects.filter(absorbed_id=log.survivor_id, reversed_at__isnull=True, pk__gt=log.pk).exists():
        raise Conflict("该档案之后又有合并，请先撤销后面的合并。", code=RecordErrorCode.MERGE_NOT_REVERSIBLE)
    before = json.loads(decrypt(log.before))
    survivor = AlumniRecord.objects.select_for_update().get(pk=log.survivor_id)
    absorbed = AlumniRecord.objects.select_for_update().get(pk=log.absorbed_id)
    _restore(survivor, before["survivor"])
    _restore(absorbed, before["absorbed"])
    aliases = matching.AliasBook.load()
    for record in (survivor, absorbed):
        prepare_record(record, aliases)
        record.save()
    Member.objects.filter(pk__in=log.moved_members).update(record=absorbed)
    DuplicatePair.objects.filter(Q(record_a=absorbed, record_b=survivor) | Q(record_a=survivor, record_b=absorbed)).update(status=DuplicateStatus.OPEN)
    log.reversed_at, log.reversed_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    log.save(update_fields=["reversed_at", "reversed_by"])
    audit_record(actor=actor, action="alumni.record.merge_reverse", target=survivor, after={"absorbed": absorbed.pk, "merge_log": log.pk})
    return log


@transaction.atomic
def duplicate_dismiss(*, actor, pair: DuplicatePair) -> DuplicatePair:
    pair.status = DuplicateStatus.DISMISSED
    pair.save(update_fields=["status"])
    audit_record(actor=actor, action="alumni.duplicate.dismiss", target=pair.record_a, after={"other": pair.record_b_id})
    return pair


def duplicates_scan(*, actor=None) -> int:
    """Find likely duplicates among active records. Blocking: same simplified name, or a shared
    pinyin reading with the same class year; each block is scored pairwise. Returns the number
    of new pairs (existing pairs, dismissed ones included, are left alone)."""
    aliases = matching.AliasBook.load()
    college_names = dict(College.objects.values_list("pk", "name"))
    blocks: dict[tuple, list[int]] = {}
    people: dict[int, matching.Person] = {}
    fields = ("pk", "name", "name_simplified", "name_keys", "class_year", "graduation_year", "birth_date", "college_id", "college_name", "major_canonical",
              "gender", "phone_hash", "id_number_hash")
    for row in AlumniRecord.objects.filter(merged_into__isnull=True).values_list(*fields).iterator(chunk_size=10000):
        pk, name, simplified, keys, class_year, grad, birth, college_id, college_name, major, gender, phone_hash, id_hash = row
        people[pk] = matching.Person(name=name, class_year=class_year, graduation_year=grad, birth_date=birth,
                                     college=college_names.get(college_id) or aliases.canonical("college", college_name, class_year), major=major, gender=gender,
                                     phone_hash=phone_hash, id_number_hash=id_hash, keys=tuple(keys), simplified=simplified)
        blocks.setdefault(("n", simplified), []).append(pk)
        for key in keys[:4]:
            blocks.setdefault(("k", key, class_year), []).append(pk)
        if id_hash:
            blocks.setdefault(("i", id_hash), []).append(pk)
    seen = set(DuplicatePair.objects.values_list("record_a_id", "record_b_id"))
    new_pairs = []
    for ids in blocks.values():
        if len(ids) < 2 or len(ids) > 200:  # a block of 200 identical names is a common name, not a duplicate signal
            continue
        ids = sorted(set(ids))
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if (a, b) in seen:
                    continue
                result = matching.score(people[a], people[b])
                seen.add((a, b))
                if result.total >= matching.DUPLICATE_FLOOR:
                    new_pairs.append(DuplicatePair(record_a_id=a, record_b_id=b, score=result.total, reasons=result.reasons))
    DuplicatePair.objects.bulk_create(new_pairs, batch_size=2000, ignore_conflicts=True)
    audit_record(actor=actor, action="alumni.duplicates.scan", object_type="alumni_records.duplicatepair", object_label="疑似重复扫描", after={"new_pairs": len(new_pairs)})
    return len(new_pairs)


# --- invitations -------------------------------------------------------------------------------

OPT_OUT_TAIL = "拒收请回复R"


@transaction.atomic
def records_invite(*, actor, records, text: str, link: str = "") -> object:
    """SMS invitation to imported people to join (a promotional SMS under the rules: it ends
    with the opt-out, goes only to living people who did not refuse)."""
    from tenant_apps.alumni.records.audiences import record_recipients
    from tenant_apps.messaging.services import message_send

    text = text.strip()
    if not text:
        raise ApplicationError("请填写邀请内容。", fields={"text": ["必填。"]})
    if not text.endswith(OPT_OUT_TAIL):
        text = f"{text} {OPT_OUT_TAIL}"
    ids = [r.pk for r in records]
    recipients = list(record_recipients(AlumniRecord.objects.filter(pk__in=ids)))
    if not recipients:
        raise ApplicationError("勾选的档案没有可接收短信的校友。")
    message = message_send(actor=actor, subject="校友会邀请", body=text, channels=["sms"], recipients=recipients, purpose="marketing",
                           is_commercial=True, source="alumni.invite", link=link)
    audit_record_many(actor=actor, action="alumni.record.invite", targets=list(AlumniRecord.objects.filter(pk__in=ids)), after={"message": message.pk})
    return message


# --- H5 sign-up ----------------------------------------------------------------------------------


def join_code_send(*, phone: str) -> None:
    from tenant_apps.messaging.services import verification_code_send

    phone = phone.strip().replace(" ", "")
    if not (phone.isdigit() and len(phone) == 11 and phone.startswith("1")):
        raise ApplicationError("请填写 11 位手机号。", fields={"phone": ["手机号格式不对。"]})
    verification_code_send(target=phone, channel="sms", purpose="login")


@transaction.atomic
def join_login(*, phone: str, code: str):
    """Check the SMS code; return the alumnus account of this phone, creating it on first use."""
    from tenant_apps.accounts.models import User
    from tenant_apps.accounts.services import user_create
    from tenant_apps.messaging.services import verification_code_verify

    phone = phone.strip().replace(" ", "")
    if not verification_code_verify(target=phone, purpose="login", code=code.strip()):
        raise ApplicationError("验证码错误或已过期。", code="invalid_code", fields={"code": ["验证码不正确。"]})
    user = User.objects.filter(phone_hash=blind_index(phone)).first()
    if user is not None:
        if not user.is_active:
            raise ApplicationError("该账号已停用，请联系校友会。", code="account_disabled")
        return user
    import secrets

    return user_create(actor=None, username=f"alumnus_{secrets.token_hex(6)}", kind="alumnus", phone=phone)
