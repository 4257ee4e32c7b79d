"""Writes of archive transfers: bulk assignment from the proposals, edits, the national numbers,
mailing records, the student's confirmation and receipt, reminders. One audit event each."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, audit_record_many, snapshot
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.employment.archives.enums import ArchiveDestination, ArchiveStatus, Carrier
from tenant_apps.employment.archives.errors import ArchiveErrorCode
from tenant_apps.employment.archives.models import ArchiveTransfer
from tenant_apps.employment.archives.selectors import archive_proposal, origin_proposal
from tenant_apps.employment.destinations.models import Destination
from tenant_apps.employment.students import parsing
from tenant_apps.employment.students.enums import VerificationStatus
from tenant_apps.employment.students.selectors import settings_get

# 转递编号 / 核验编号 come from the national system; their format is not public: accept letters,
# digits and dashes, 6-40 characters.
NUMBER_RE = re.compile(r"^[0-9A-Za-z-]{6,40}$")
EDITABLE = ["destination_kind", "receiving_unit", "receiving_address", "receiving_region", "recipient", "moves_hukou", "hukou_address",
            "transfer_number", "verification_number"]


def clean_number(value: str, label: str) -> str:
    cleaned = parsing.plain_number(value or "")
    if cleaned and not NUMBER_RE.match(cleaned):
        raise ValueError(f"{label}只能包含字母、数字和“-”，6-40 位。")
    return cleaned


def _clean(archive: ArchiveTransfer) -> None:
    try:
        archive.full_clean(exclude=["record"])
    except ValidationError as exc:
        raise ApplicationError("档案信息有误。", fields=exc.message_dict) from exc


@transaction.atomic
def archives_assign(*, actor, records, to_origin: bool = False) -> int:
    """One click: every verified graduate in `records` without a file being sent gets the proposed
    destination (or the 生源地 with `to_origin`). Files already mailed are left alone."""
    records = list(records.filter(verification_status=VerificationStatus.VERIFIED).select_for_update(of=("self",)))
    if not records:
        raise ApplicationError("所选范围内没有已核验的毕业生。", code=ArchiveErrorCode.NOTHING_TO_ASSIGN)
    destinations = {d.record_id: d for d in Destination.objects.filter(record__in=records)}
    existing = {a.record_id: a for a in ArchiveTransfer.objects.filter(record__in=records)}
    waiting = ArchiveStatus.AWAITING_STUDENT if settings_get().archive_needs_student_confirmation else ArchiveStatus.ASSIGNED
    creates, updates = [], []
    for record in records:
        proposal = origin_proposal(record) if to_origin else archive_proposal(record, destinations.get(record.pk))
        archive = existing.get(record.pk)
        if archive is not None and archive.status in (ArchiveStatus.MAILED, ArchiveStatus.RECEIVED):
            continue
        archive = archive or ArchiveTransfer(record=record)
        archive.destination_kind, archive.receiving_unit = proposal.kind, proposal.unit[:200]
        archive.receiving_address, archive.receiving_region = proposal.address[:300], proposal.region
        archive.status, archive.student_confirmed_at = waiting, None
        (updates if archive.pk else creates).append(archive)
    ArchiveTransfer.objects.bulk_create(creates)
    ArchiveTransfer.objects.bulk_update(updates, ["destination_kind", "receiving_unit", "receiving_address", "receiving_region", "status", "student_confirmed_at"])
    audit_record_many(actor=actor, action="archive.assign", targets=creates + updates, after={"to_origin": to_origin})
    return len(creates) + len(updates)


@transaction.atomic
def archive_update(*, actor, archive: ArchiveTransfer, data: dict) -> ArchiveTransfer:
    archive = ArchiveTransfer.objects.select_for_update().get(pk=archive.pk)
    before = snapshot(archive, EDITABLE)
    errors: dict[str, list[str]] = {}
    for field in EDITABLE:
        if field not in data:
            continue
        value = data[field]
        try:
            if field in ("transfer_number", "verification_number"):
                value = clean_number(str(value or ""), ArchiveTransfer._meta.get_field(field).verbose_name)
            elif field == "receiving_region" and value:
                value = parsing.region_code(str(value))
            elif field == "moves_hukou":
                value = bool(value)
            else:
                value = str(value or "").strip()
        except ValueError as exc:
            errors[field] = [str(exc)]
            continue
        setattr(archive, field, value)
    if errors:
        raise ApplicationError("档案信息有误。", fields=errors)
    if archive.destination_kind not in ArchiveDestination.values or not archive.receiving_unit:
        raise ApplicationError("请选择档案去向并填写接收单位。", fields={"receiving_unit": ["必填。"]})
    _clean(archive)
    archive.save()
    audit_record(actor=actor, action="archive.update", target=archive, before=before, after=snapshot(archive, EDITABLE))
    return archive


def _own(actor, archive: ArchiveTransfer) -> None:
    if archive.record.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("只能确认本人的档案。", code=ArchiveErrorCode.NOT_YOURS)


@transaction.atomic
def archive_student_confirm(*, actor, archive: ArchiveTransfer) -> ArchiveTransfer:
    """The graduate agrees with where the file goes (when the school asks for it)."""
    archive = ArchiveTransfer.objects.select_for_update().select_related("record").get(pk=archive.pk)
    _own(actor, archive)
    if archive.status != ArchiveStatus.AWAITING_STUDENT:
        raise Conflict("档案去向当前无需确认。", code=ArchiveErrorCode.NOT_CONFIRMABLE)
    archive.status, archive.student_confirmed_at = ArchiveStatus.CONFIRMED, timezone.now()
    archive.save(update_fields=["status", "student_confirmed_at", "updated_at"])
    audit_record(actor=actor, action="archive.student_confirm", target=archive, after={"status": archive.status}, only_changes=False)
    return archive


@transaction.atomic
def archive_receipt_confirm(*, actor, archive: ArchiveTransfer) -> ArchiveTransfer:
    """The graduate confirms the file arrived."""
    archive = ArchiveTransfer.objects.select_for_update().select_related("record").get(pk=archive.pk)
    _own(actor, archive)
    if archive.status != ArchiveStatus.MAILED:
        raise Conflict("档案尚未寄出或已确认送达。", code=ArchiveErrorCode.NOT_MAILED)
    archive.status, archive.received_at = ArchiveStatus.RECEIVED, timezone.now()
    archive.save(update_fields=["status", "received_at", "updated_at"])
    audit_record(actor=actor, action="archive.received", target=archive, after={"status": archive.status}, only_changes=False)
    return archive


def archive_mailing_import_row(*, actor, values: dict) -> dict:
    """One row of the mailing sheet (学号, numbers, carrier, tracking number, office, date)."""
    archive = ArchiveTransfer.objects.select_for_update().select_related("record").filter(record__student_number=values["student_number"]).first()
    if archive is None:
        raise ApplicationError("该学号尚未派定档案去向。", code=ArchiveErrorCode.NOT_FOUND_BY_NUMBER)
    if archive.status == ArchiveStatus.AWAITING_STUDENT:
        raise ApplicationError("学生尚未确认档案去向，不能寄出。", code=ArchiveErrorCode.NOT_CONFIRMABLE)
    before = snapshot(archive, EDITABLE + ["carrier", "tracking_number", "mailed_on", "status"])
    for field in ("transfer_number", "verification_number", "carrier", "tracking_number", "mailed_on", "receiving_unit"):
        if values.get(field):
            setattr(archive, field, values[field])
    if archive.tracking_number and archive.mailed_on and archive.status != ArchiveStatus.RECEIVED:
        archive.status = ArchiveStatus.MAILED
    _clean(archive)
    archive.save()
    audit_record(actor=actor, action="archive.mailing_import", target=archive, before=before,
                 after=snapshot(archive, EDITABLE + ["carrier", "tracking_number", "mailed_on", "status"]))
    return {"student_number": archive.record.student_number, "status": archive.get_status_display()}


def carrier(value: str) -> str:
    cleaned = parsing.text(value).upper()
    for choice in Carrier:
        if cleaned in (choice.value.upper(), choice.label.upper()) or (choice == Carrier.CONFIDENTIAL and "机要" in cleaned):
            return choice.value
    raise ValueError("寄送方式应为 EMS、机要 或 专人（档案不得由本人携带）。")


@transaction.atomic
def archives_remind(*, actor, archives) -> int:
    """Remind graduates whose file was mailed but who have not confirmed receipt (or who must
    confirm the destination)."""
    from tenant_apps.messaging.services import Recipient, message_send

    targets = list(archives.filter(status__in=[ArchiveStatus.MAILED, ArchiveStatus.AWAITING_STUDENT]).select_related("record", "record__user"))
    if not targets:
        raise ApplicationError("没有需要提醒的学生。", code=ArchiveErrorCode.NOTHING_TO_REMIND)
    recipients = [Recipient(user_id=a.record.user_id, name=a.record.name, phone=a.record.phone, email=a.record.email,
                            openid=getattr(a.record.user, "wechat_openid", "") or "") for a in targets]
    message_send(actor=actor, subject="请查看并确认你的档案转递", body="同学你好：你的人事档案转递信息已更新，请在微信公众号“就业管理-档案查询”中查看；收到后请点击“确认送达”。",
                 channels=["wechat", "letter", "sms"], recipients=recipients, source="employment", link="/h5/employment/archives/")
    ArchiveTransfer.objects.filter(pk__in=[a.pk for a in targets]).update(reminded_at=timezone.now())
    audit_record(actor=actor, action="archive.remind", object_type="employment_archives.archivetransfer", object_label="档案确认提醒",
                 after={"count": len(targets)}, only_changes=False)
    return len(targets)
