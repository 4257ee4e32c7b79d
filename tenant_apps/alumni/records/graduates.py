"""Graduates become alumni: the employment module publishes `employment.cohort_graduated`
(graduation_year, records=[cohort_payload...], actor) and we create or complete alumni records
through our services, once per student number (running it twice changes nothing).

What is copied (docs/decisions/0094): identity and study fields, the destination employer as
first employer. Contacts only when the student agreed (`share_contact` true in the payload);
the ID number is never copied, only its keyed hash for matching."""

from __future__ import annotations

from django.db import transaction

from core.audit import audit_record
from core.crypto import blind_index
from tenant_apps.alumni.records import matching
from tenant_apps.alumni.records.models import AlumniRecord, College
from tenant_apps.alumni.records.services import _stamp_sources, prepare_record

COHORT_GRADUATED = "employment.cohort_graduated"
GENDERS = {"男": "m", "女": "f", "m": "m", "f": "f", "male": "m", "female": "f", "1": "m", "2": "f"}
DEGREES = {"专科": "junior", "本科": "bachelor", "硕士": "master", "硕士研究生": "master", "博士": "doctor", "博士研究生": "doctor",
           "junior": "junior", "bachelor": "bachelor", "master": "master", "doctor": "doctor"}
DURATIONS = {"junior": 3, "bachelor": 4, "master": 3, "doctor": 4}


def _employer(destination: dict) -> str:
    for key in ("employer_name", "employer", "organization", "unit_name"):
        if destination.get(key):
            return str(destination[key])[:200]
    return ""


@transaction.atomic
def on_cohort_graduated(*, graduation_year: int, records: list[dict], actor=None, **_ignored) -> int:
    source = f"{graduation_year} 届毕业生（就业系统）"
    aliases = matching.AliasBook.load()
    colleges = dict(College.objects.values_list("name", "pk"))
    existing = {r.student_no: r for r in AlumniRecord.objects.filter(student_no__in=[p.get("student_number") for p in records if p.get("student_number")], merged_into__isnull=True)}
    created, updated = [], []
    for payload in records:
        number = str(payload.get("student_number") or "")
        degree = DEGREES.get(str(payload.get("education") or ""), "")
        values = {
            "name": str(payload.get("name") or "")[:50], "gender": GENDERS.get(str(payload.get("gender") or "").lower(), ""),
            "graduation_year": graduation_year, "degree": degree, "college_name": str(payload.get("college") or "")[:100],
            "major": str(payload.get("major") or "")[:100], "student_no": number[:30],
            "class_year": graduation_year - DURATIONS[degree] if degree in DURATIONS else None,
            "first_employer": _employer(payload.get("destination") or {}),
        }
        if payload.get("share_contact"):
            values.update(phone=str(payload.get("phone") or ""), email=str(payload.get("email") or ""))
        if not values["name"]:
            continue
        record = existing.get(number)
        if record is None:
            record = AlumniRecord(source=source, **values)
            created.append(record)
            changed = [k for k, v in values.items() if v not in (None, "")]
        else:  # complete, never overwrite what the alumni office already holds
            changed = [k for k, v in values.items() if v not in (None, "") and getattr(record, k) in (None, "")]
            for key in changed:
                setattr(record, key, values[key])
            if not changed:
                continue
            updated.append(record)
        prepare_record(record, aliases, colleges)
        if payload.get("id_number") and not record.id_number_hash:
            record.id_number_hash = blind_index(str(payload["id_number"]))
        _stamp_sources(record, changed, source)
    AlumniRecord.objects.bulk_create(created, batch_size=1000)
    for record in updated:
        record.save()
    audit_record(actor=actor, action="alumni.record.from_graduates", object_type="alumni_records.alumnirecord", object_label=source,
                 after={"graduation_year": graduation_year, "created": len(created), "completed": len(updated)}, only_changes=False)
    return len(created)
