"""Writes of personal-data requests. Each step (filing, export, every erased or pseudonymised
kind of data, the answer) is one audit event on the request (PIPL art. 45-47, 50)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from core.audit import audit_record
from core.errors import ApplicationError, Conflict, PermissionDenied
from core.personal_data import ACTION_LABELS, Subject, personal_data_providers
from tenant_apps.privacy import documents
from tenant_apps.privacy.deadlines import calendar_from, legal_due_date
from tenant_apps.privacy.enums import OPEN_STATUSES, RequestChannel, RequestKind, RequestStatus
from tenant_apps.privacy.errors import PrivacyError
from tenant_apps.privacy.models import PersonalDataRequest
from tenant_apps.privacy.selectors import HANDLE_PERMISSION

MAX_CORRECTIONS = 20


@dataclass(frozen=True)
class Correction:
    field: str
    requested: str
    current: str = ""


def subject_of(user) -> Subject:
    return Subject(user_id=user.pk, username=user.get_username(), display_name=getattr(user, "display_name", "") or "",
                   phone=getattr(user, "phone", "") or "", email=user.email or "")


def _require_officer(actor) -> None:
    if not actor.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied("只有数据保护负责人可以处理个人信息请求。")


def _require_open(request: PersonalDataRequest) -> None:
    if request.status not in OPEN_STATUSES:
        raise Conflict(f"该请求{request.get_status_display()}，不能再处理。", code=PrivacyError.WRONG_STATUS)


def _audit(actor, action: str, request: PersonalDataRequest, after: dict) -> None:
    audit_record(actor=actor, action=action, target=request, after=after, only_changes=False)


@transaction.atomic
def request_create(*, actor, subject, kind: str, details: str = "", corrections: list[Correction] | None = None,
                   channel: str = RequestChannel.H5) -> PersonalDataRequest:
    """A person files a request about themselves, or the officer files one on their behalf."""
    if subject is None:
        raise ApplicationError("请选择当事人。", code=PrivacyError.SUBJECT_REQUIRED, fields={"subject": ["请选择当事人。"]})
    if subject.pk != actor.pk:
        _require_officer(actor)
    if kind not in RequestKind.values:
        raise ApplicationError("请选择请求类型。", fields={"kind": ["请选择请求类型。"]})
    corrections = [c for c in (corrections or []) if c.field.strip() and c.requested.strip()][:MAX_CORRECTIONS]
    if kind == RequestKind.CORRECTION and not corrections:
        raise ApplicationError("请填写要更正的信息和更正后的内容。", code=PrivacyError.CORRECTION_FIELDS_REQUIRED,
                               fields={"corrections": ["至少填写一项。"]})
    if PersonalDataRequest.objects.filter(subject=subject, kind=kind, status__in=OPEN_STATUSES).exists():
        raise Conflict("已有一条同类请求正在处理中，请等待答复。", code=PrivacyError.OPEN_REQUEST_EXISTS)
    today = timezone.localdate()
    request = PersonalDataRequest(
        subject=subject, kind=kind, channel=channel if subject.pk == actor.pk else RequestChannel.BACKOFFICE,
        filed_by=actor if subject.pk != actor.pk else None, details=details.strip()[:2000],
        corrections=json.dumps([{"field": c.field.strip()[:50], "current": c.current.strip()[:200], "requested": c.requested.strip()[:200]}
                                for c in corrections], ensure_ascii=False) if corrections else "",
        received_on=today, due_on=legal_due_date(today),
    )
    request.full_clean()
    request.save()
    _audit(actor, "privacy.request.create", request, {"kind": kind, "channel": request.channel, "due_on": request.due_on,
                                                      "corrections": [c.field for c in corrections]})
    return request


def collect_personal_data(request: PersonalDataRequest) -> dict:
    """Everything every registered module holds about the request's subject."""
    subject = subject_of(request.subject)
    providers = []
    for provider in personal_data_providers():
        with translation.override(settings.LANGUAGE_CODE):  # column names are verbose names: always in Chinese
            sections = {section.kind: section for section in provider.collect(subject)}
        providers.append({
            "name": provider.name, "label": provider.label,
            "sections": [{"kind": kind.key, "label": kind.label, "on_erasure": kind.on_erasure, "on_erasure_label": ACTION_LABELS[kind.on_erasure],
                          "legal_reason": kind.legal_reason, "rows": sections[kind.key].rows if kind.key in sections else []}
                         for kind in provider.kinds],
        })
    return {
        "request": {"number": f"PDR-{request.pk}", "kind": request.get_kind_display(), "received_on": request.received_on.isoformat()},
        "subject": {"user_id": subject.user_id, "username": subject.username, "display_name": subject.display_name},
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "providers": providers,
    }


def _start(actor, request: PersonalDataRequest) -> None:
    if request.status == RequestStatus.PENDING:
        request.status = RequestStatus.IN_PROGRESS
    request.handled_by = actor


@transaction.atomic
def request_export(*, actor, request: PersonalDataRequest) -> PersonalDataRequest:
    """Builds the person's copy (zip with JSON, and a PDF) from every provider."""
    _require_officer(actor)
    request = PersonalDataRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request)
    payload = collect_personal_data(request)
    for field in (request.export_archive, request.export_pdf):
        if field:
            field.delete(save=False)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    request.export_archive.save(f"personal-data-{request.pk}-{stamp}.zip", ContentFile(documents.archive_bytes(payload)), save=False)
    request.export_pdf.save(f"personal-data-{request.pk}-{stamp}.pdf", ContentFile(documents.pdf_bytes(payload)), save=False)
    request.exported_at = timezone.now()
    _start(actor, request)
    request.save()
    rows = {p["name"]: sum(len(s["rows"]) for s in p["sections"]) for p in payload["providers"]}
    _audit(actor, "privacy.request.export", request, {"rows": rows})
    return request


@transaction.atomic
def request_erase(*, actor, request: PersonalDataRequest) -> PersonalDataRequest:
    """Erases what may be erased and pseudonymises what a law makes us keep, module by module;
    one audit event per kind of data (what was done, how many rows, the legal reason)."""
    _require_officer(actor)
    request = PersonalDataRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request)
    if request.kind != RequestKind.ERASURE:
        raise ApplicationError("只有删除请求可以执行删除。", code=PrivacyError.WRONG_KIND)
    subject = subject_of(request.subject)
    report = []
    for provider in personal_data_providers():
        for step in provider.erase(subject):
            kind = provider.kind(step.kind)
            entry = {"provider": provider.name, "provider_label": provider.label, "kind": kind.key, "label": kind.label,
                     "action": kind.on_erasure, "action_label": ACTION_LABELS[kind.on_erasure], "count": step.count,
                     "legal_reason": kind.legal_reason, "note": step.note}
            report.append(entry)
            _audit(actor, "privacy.request.erasure_step", request, entry)
    request.refresh_from_db()  # the privacy provider blanked this request's own details
    request.erasure_report = report
    request.erased_at = timezone.now()
    _start(actor, request)
    request.save()
    _audit(actor, "privacy.request.erase", request, {"steps": len(report), "rows": sum(e["count"] for e in report)})
    return request


@transaction.atomic
def request_complete(*, actor, request: PersonalDataRequest, resolution: str) -> PersonalDataRequest:
    """Answers the request. Access and copy need the export; erasure needs the erasure run;
    a correction needs the staff's resolution (what was corrected where, or why not)."""
    _require_officer(actor)
    request = PersonalDataRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request)
    resolution = resolution.strip()
    if request.kind in (RequestKind.ACCESS, RequestKind.COPY) and not request.exported_at:
        raise ApplicationError("请先导出个人信息副本。", code=PrivacyError.NOT_EXPORTED)
    if request.kind == RequestKind.ERASURE and not request.erased_at:
        raise ApplicationError("请先执行删除。", code=PrivacyError.NOT_EXPORTED)
    if request.kind == RequestKind.CORRECTION and not resolution:
        raise ApplicationError("请填写更正处理结果。", code=PrivacyError.RESOLUTION_REQUIRED, fields={"resolution": ["请填写处理结果。"]})
    request.resolution = resolution[:2000]
    request.status = RequestStatus.COMPLETED
    request.handled_by = actor
    request.completed_at = timezone.now()
    request.save()
    _audit(actor, "privacy.request.complete", request, {"resolution": request.resolution})
    return request


@transaction.atomic
def request_reject(*, actor, request: PersonalDataRequest, resolution: str) -> PersonalDataRequest:
    """Refuses with the reasons (PIPL art. 50: a refusal states why)."""
    _require_officer(actor)
    request = PersonalDataRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request)
    if not resolution.strip():
        raise ApplicationError("拒绝请求须说明理由。", code=PrivacyError.RESOLUTION_REQUIRED, fields={"resolution": ["请填写理由。"]})
    request.resolution = resolution.strip()[:2000]
    request.status = RequestStatus.REJECTED
    request.handled_by = actor
    request.completed_at = timezone.now()
    request.save()
    _audit(actor, "privacy.request.reject", request, {"resolution": request.resolution})
    return request


@transaction.atomic
def request_withdraw(*, actor, request: PersonalDataRequest) -> PersonalDataRequest:
    request = PersonalDataRequest.objects.select_for_update().get(pk=request.pk)
    if request.subject_id != actor.pk:
        raise PermissionDenied("只能撤回本人的请求。")
    if request.status != RequestStatus.PENDING:
        raise Conflict("请求已在处理，不能撤回。", code=PrivacyError.WRONG_STATUS)
    request.status = RequestStatus.WITHDRAWN
    request.completed_at = timezone.now()
    request.save()
    _audit(actor, "privacy.request.withdraw", request, {})
    return request


def due_dates_recompute() -> int:
    """Open requests' deadlines again from the holiday arrangement (after vendor staff entered or
    corrected a year). Each moved deadline is audited with its old and new date."""
    open_requests = list(PersonalDataRequest.objects.filter(status__in=OPEN_STATUSES).order_by("pk"))
    if not open_requests:
        return 0
    # One calendar for all of them, so the queries do not grow with the number of open requests.
    received = [request.received_on for request in open_requests]
    calendar = calendar_from(min(received), max(received))
    changed = 0
    for request in open_requests:
        due_on = legal_due_date(request.received_on, calendar=calendar)
        if due_on != request.due_on:
            audit_record(actor=None, action="privacy.request.due_recomputed", target=request,
                         before={"due_on": request.due_on}, after={"due_on": due_on})
            PersonalDataRequest.objects.filter(pk=request.pk).update(due_on=due_on)
            changed += 1
    return changed
