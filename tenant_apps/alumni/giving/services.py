"""Writes of giving: settings, projects and their timeline, donations paid through
tenant_apps.payments (purpose "alumni_donation"), certificates signed by core.tickets, the
foundation's e-receipt numbers (after which a donation's amount is locked) and thank-you mails
through the messaging gateway.

The law decides what a project may be (docs/decisions/0134): a members-only project is 定向募捐
among the association's verified members; a public one needs the school foundation's
公开募捐资格 recorded in the settings and the project's page on a designated platform.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, NotFound
from core.tickets import services as tickets
from tenant_apps.alumni.giving import selectors
from tenant_apps.alumni.giving.enums import (
    Audience,
    DonationChannel,
    DonationStatus,
    FieldKind,
    ProjectStatus,
    UpdateKind,
)
from tenant_apps.alumni.giving.errors import GivingErrorCode
from tenant_apps.alumni.giving.models import Donation, GivingSettings, Project, ProjectUpdate

logger = logging.getLogger(__name__)
PAYMENT_PURPOSE = "alumni_donation"
PAYMENT_MINUTES = 30
THANKS_TEMPLATE = "alumni_giving_thanks"
THANKS_SUBJECT = "感谢您对“{{ project }}”的捐赠"
THANKS_BODY = ("{{ name }}：您好！您为“{{ project }}”捐赠的 {{ amount }} 元已到账（捐赠编号 {{ number }}）。{{ certificate }}"
               "捐赠票据由{{ foundation }}开具。您可以随时在“我的捐赠”查看项目进展和善款的使用情况。感谢您对母校的支持！")


def yuan_to_fen(value) -> int:
    """"88" / "88.5" / "1,000" 元 → fen; ValueError with a Chinese message otherwise."""
    text = str(value or "").replace(",", "").replace("，", "").replace("元", "").replace("¥", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("请填写金额，如 100 或 99.50") from None
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("金额须大于 0，最多两位小数")
    return int(amount * 100)


# --- settings -------------------------------------------------------------------------------

SETTINGS_FIELDS = ["foundation_name", "has_public_qualification", "qualification_number", "platform_name", "certificate_threshold_fen",
                   "seal_threshold_fen", "seal_text", "thanks_enabled"]


@transaction.atomic
def settings_save(*, actor, data: dict) -> GivingSettings:
    current = GivingSettings.objects.select_for_update().filter(pk=selectors.giving_settings().pk).get()
    before = snapshot(current, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if current.has_public_qualification and not (current.foundation_name and current.qualification_number and current.platform_name):
        raise ApplicationError("登记公开募捐资格须同时填写基金会名称、资格证书编号和指定平台。", code=GivingErrorCode.QUALIFICATION_REQUIRED,
                               fields={"qualification_number": ["请填写资格证书编号。"]})
    _full_clean(current)
    current.save()
    audit_record(actor=actor, action="alumni_giving.settings_save", target=current, before=before, after=snapshot(current, SETTINGS_FIELDS))
    return current


def _full_clean(instance, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError("填写有误，请检查。", fields=exc.message_dict) from exc


# --- projects -------------------------------------------------------------------------------


@dataclass
class ProjectInput:
    title: str
    target_fen: int
    audience: str = Audience.MEMBERS
    summary: str = ""
    story: str = ""
    platform_url: str = ""
    status: str = ProjectStatus.DRAFT
    min_amount_fen: int = 100
    amount_options: list[int] = field(default_factory=list)
    form_fields: list[dict] = field(default_factory=list)
    certificate_design: str = "classic"
    certificate_title: str = "捐赠证书"
    certificate_text: str = ""
    ends_on: datetime.date | None = None


def clean_form_fields(items: list[dict]) -> list[dict]:
    """The donation form's extra questions: text or single choice, each with a stable key."""
    cleaned = []
    for index, item in enumerate(items or []):
        label, kind = str(item.get("label", "")).strip()[:40], item.get("type") or FieldKind.TEXT
        options = [str(o).strip()[:40] for o in item.get("options") or [] if str(o).strip()]
        if not label or kind not in FieldKind.values or (kind == FieldKind.CHOICE and len(options) < 2):
            raise ApplicationError(f"捐赠表单第 {index + 1} 项不完整（名称、类型，单选至少两个选项）。", code=GivingErrorCode.INVALID_FORM,
                                   fields={"form_fields": ["表单字段不完整。"]})
        cleaned.append({"key": f"q{index + 1}", "label": label, "type": kind, "required": bool(item.get("required")), "options": options})
    return cleaned


def _check_law(project: Project) -> None:
    if project.audience != Audience.PUBLIC:
        return
    if not selectors.giving_settings().may_fundraise_publicly:
        raise ApplicationError("公开募捐须先在捐赠设置中登记学校基金会的公开募捐资格和指定平台；否则只能面向本会认证校友定向募捐。",
                               code=GivingErrorCode.QUALIFICATION_REQUIRED, fields={"audience": ["尚未登记公开募捐资格。"]})
    if not project.platform_url:
        raise ApplicationError("公开募捐项目须填写其在指定互联网公开募捐服务平台上的链接。", code=GivingErrorCode.PLATFORM_LINK_REQUIRED,
                               fields={"platform_url": ["请填写指定平台链接。"]})


def _assign(project: Project, data: ProjectInput) -> None:
    for name in ("title", "summary", "story", "audience", "platform_url", "status", "target_fen", "min_amount_fen", "certificate_design",
                 "certificate_title", "ends_on"):
        setattr(project, name, getattr(data, name))
    project.title, project.summary = project.title.strip(), project.summary.strip()
    project.certificate_text = data.certificate_text.strip() or Project._meta.get_field("certificate_text").default
    project.amount_options = sorted({int(a) for a in data.amount_options if int(a) > 0})[:6]
    project.form_fields = clean_form_fields(data.form_fields)
    if project.audience == Audience.MEMBERS:
        project.platform_url = ""
    _check_law(project)
    _full_clean(project, exclude=["created_by"])


PROJECT_FIELDS = ["title", "audience", "status", "target_fen", "platform_url", "min_amount_fen"]


@transaction.atomic
def project_create(*, actor, data: ProjectInput) -> Project:
    project = Project(created_by=actor if getattr(actor, "pk", None) else None)
    _assign(project, data)
    project.save()
    audit_record(actor=actor, action="alumni_giving.project_create", target=project, after=snapshot(project, PROJECT_FIELDS))
    return project


@transaction.atomic
def project_update(*, actor, project: Project, data: ProjectInput) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = snapshot(project, PROJECT_FIELDS)
    _assign(project, data)
    project.save()
    audit_record(actor=actor, action="alumni_giving.project_update", target=project, before=before, after=snapshot(project, PROJECT_FIELDS))
    return project


@transaction.atomic
def project_delete(*, actor, project: Project) -> None:
    """Soft delete; a project with gifts keeps them (records and receipts stay)."""
    if project.donations.filter(status=DonationStatus.PAID).exists():
        raise Conflict("项目已有到账捐赠，不能删除；请将状态设为“已结束”。", code=GivingErrorCode.NOT_OPEN)
    project.deleted_at = timezone.now()
    project.save(update_fields=["deleted_at", "updated_at"])
    audit_record(actor=actor, action="alumni_giving.project_delete", target=project)


@transaction.atomic
def update_add(*, actor, project: Project, kind: str, title: str, body: str = "", spent_fen: int = 0, happened_on: datetime.date | None = None,
               attachment=None) -> ProjectUpdate:
    """A timeline entry every donor of the project sees: progress, a spending line or a usage report."""
    update = ProjectUpdate(project=project, kind=kind or UpdateKind.PROGRESS, title=title.strip(), body=body.strip(), spent_fen=max(0, int(spent_fen or 0)),
                           happened_on=happened_on or timezone.localdate(), created_by=actor if getattr(actor, "pk", None) else None)
    if attachment:
        update.attachment = attachment
    _full_clean(update, exclude=["created_by"])
    update.save()
    audit_record(actor=actor, action="alumni_giving.update_add", target=project, after={"update": update.pk, "kind": update.kind, "spent_fen": update.spent_fen})
    return update


@transaction.atomic
def update_delete(*, actor, update: ProjectUpdate) -> None:
    audit_record(actor=actor, action="alumni_giving.update_delete", target=update.project, before={"update": update.pk, "title": update.title})
    update.delete()


# --- donations ------------------------------------------------------------------------------


def _new_number() -> str:
    return f"JZ{timezone.localdate():%Y%m%d}{secrets.token_hex(3).upper()}"


def _clean_answers(project: Project, answers: dict) -> dict:
    cleaned, errors = {}, {}
    for item in project.form_fields:
        value = str((answers or {}).get(item["key"], "") or "").strip()[:200]
        if value and item["type"] == FieldKind.CHOICE and value not in item["options"]:
            errors[item["key"]] = ["选项无效。"]
        if item["required"] and not value:
            errors[item["key"]] = [f"请填写“{item['label']}”。"]
        cleaned[item["key"]] = value
    if errors:
        raise ApplicationError("捐赠表单填写有误。", code=GivingErrorCode.INVALID_FORM, fields=errors)
    return cleaned


@transaction.atomic
def donation_create(*, actor, project: Project, amount_fen: int, donor_name: str = "", is_anonymous: bool = False, message: str = "",
                    answers: dict | None = None) -> Donation:
    """A pledge waiting for payment. Only a project the actor may see, and only while it is open."""
    if not selectors.visible_projects(actor).filter(pk=project.pk).exists():
        raise NotFound("项目不存在。", code=GivingErrorCode.NOT_VISIBLE)
    if project.status != ProjectStatus.ACTIVE or (project.ends_on and project.ends_on < timezone.localdate()):
        raise Conflict("该项目已结束募捐。", code=GivingErrorCode.NOT_OPEN)
    if amount_fen < max(1, project.min_amount_fen) or amount_fen > 100_000_000:
        raise ApplicationError(f"捐赠金额须在 {max(1, project.min_amount_fen) / 100:.2f} 元至 100 万元之间（更大金额请联系基金会）。",
                               code=GivingErrorCode.AMOUNT_INVALID, fields={"amount": ["金额无效。"]})
    name = (donor_name or getattr(actor, "display_name", "") or str(actor)).strip()[:50]
    donation = Donation(number=_new_number(), project=project, donor=actor, donor_name=name, is_anonymous=is_anonymous, message=message.strip()[:200],
                        answers=_clean_answers(project, answers or {}), amount_fen=amount_fen)
    _full_clean(donation, exclude=["donor", "project"])
    donation.save()
    audit_record(actor=actor, action="alumni_giving.donation_create", target=donation, after=snapshot(donation, ["number", "project", "amount_fen"]))
    return donation


def donation_pay(*, actor, donation: Donation, openid: str, notify_url: str = ""):
    """Start (or resume) the WeChat Pay JSAPI payment of a pledge; returns the payments Checkout."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.enums import OrderStatus
    from tenant_apps.payments.models import Order

    donation = Donation.objects.select_related("project").get(pk=donation.pk)
    if donation.status != DonationStatus.PENDING or donation.donor_id != actor.pk:
        raise Conflict("该捐赠当前无需支付。", code=GivingErrorCode.DONATION_STATE)
    if donation.order_no:
        order = Order.objects.filter(out_trade_no=donation.order_no).first()
        if order is not None and order.status == OrderStatus.CREATED and order.expires_at > timezone.now():
            return payments.Checkout(order=order, jsapi=payments.order_checkout(order=order))
    checkout = payments.order_create(purpose=PAYMENT_PURPOSE, reference=str(donation.pk), description=f"捐赠·{donation.project.title[:60]}",
                                     amount_fen=donation.amount_fen, payer=actor, payer_openid=openid,
                                     expires_at=timezone.now() + datetime.timedelta(minutes=PAYMENT_MINUTES), notify_url=notify_url,
                                     beneficiary_label=donation.project.title[:100])
    Donation.objects.filter(pk=donation.pk).update(order_no=checkout.order.out_trade_no)
    return checkout


def donation_payment_sync(*, donation: Donation) -> Donation:
    """The donor says it is paid: ask WeChat Pay (the page's `ok` is no proof) and apply."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.models import Order

    order = Order.objects.filter(out_trade_no=donation.order_no).first() if donation.order_no else None
    if order is not None:
        try:
            payments.order_sync(order=order)
        except ApplicationError as exc:
            raise ApplicationError("暂时无法确认支付结果，请稍后刷新。", status=503) from exc
    donation.refresh_from_db()
    return donation


def _received(donation: Donation, *, actor=None) -> None:
    """Money arrived (inside the transaction holding the donation row): counters, certificate,
    thanks after commit."""
    donation.status, donation.paid_at = DonationStatus.PAID, donation.paid_at or timezone.now()
    if donation.donor_id and not donation.chapter_name and donation.class_year is None:
        for key, value in selectors.donor_snapshot(donation.donor).items():
            setattr(donation, key, value)
    donation.save()
    Project.objects.filter(pk=donation.project_id).update(raised_fen=F("raised_fen") + donation.amount_fen, donor_count=F("donor_count") + 1)
    _certificate_issue(donation)
    audit_record(actor=actor, action="alumni_giving.donation_paid", target=donation, after={"amount_fen": donation.amount_fen, "order": donation.order_no,
                                                                                              "certificate": donation.certificate_number})
    _thanks_on_commit(donation.pk)


def on_order_paid(*, order) -> None:
    """payments.order_paid (same transaction): the pledge becomes a gift. Applied once."""
    if order.purpose != PAYMENT_PURPOSE or not str(order.reference).isdigit():
        return
    donation = Donation.objects.select_for_update().filter(pk=int(order.reference)).first()
    if donation is None or donation.status == DonationStatus.PAID:
        return
    donation.order_no = order.out_trade_no
    _received(donation)


def on_refund_finished(*, refund) -> None:
    """payments.refund_finished: a fully refunded gift leaves the totals and its certificate is revoked."""
    from tenant_apps.payments.enums import OrderStatus, RefundStatus
    from tenant_apps.payments.models import Order

    order = Order.objects.get(pk=refund.order_id)
    if order.purpose != PAYMENT_PURPOSE or refund.status != RefundStatus.SUCCESS or order.status != OrderStatus.REFUNDED:
        return
    donation = Donation.objects.select_for_update().filter(pk=int(order.reference)).first()
    if donation is not None and donation.status == DonationStatus.PAID:
        _withdraw(donation, reason="已退款")


def _withdraw(donation: Donation, *, reason: str, actor=None) -> None:
    donation.status = DonationStatus.REFUNDED
    donation.save(update_fields=["status", "updated_at"])
    Project.objects.filter(pk=donation.project_id).update(raised_fen=F("raised_fen") - donation.amount_fen, donor_count=F("donor_count") - 1)
    if donation.certificate_number:
        tickets.ticket_revoke(serial=donation.certificate_number.lower(), scope=selectors.CERTIFICATE_SCOPE, reason=reason)
    audit_record(actor=actor, action="alumni_giving.donation_refunded", target=donation, after={"reason": reason})


def _locked(donation: Donation) -> Donation:
    return Donation.objects.select_for_update().select_related("project").get(pk=donation.pk)


def donation_refund(*, actor, donation: Donation, reason: str, notify_url: str = "") -> Donation:
    """Refund a WeChat Pay gift in full (before the foundation issued its receipt); an offline
    gift is marked refunded at once."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.models import Order

    with transaction.atomic():
        donation = _locked(donation)
        if donation.status != DonationStatus.PAID:
            raise Conflict("只有已到账的捐赠可以退款。", code=GivingErrorCode.DONATION_STATE)
        if donation.is_locked:
            raise Conflict("基金会已开具捐赠票据，须先由基金会作废票据后才能退款。", code=GivingErrorCode.AMOUNT_LOCKED)
        audit_record(actor=actor, action="alumni_giving.donation_refund", target=donation, after={"reason": reason[:80]})
        if donation.channel == DonationChannel.OFFLINE:
            _withdraw(donation, reason=reason or "线下退款", actor=actor)
            return donation
    order = Order.objects.get(out_trade_no=donation.order_no)
    payments.refund_create(actor=actor, order=order, amount_fen=order.amount_fen - order.refunded_fen, reason=(reason or "捐赠退款")[:80],
                           notify_url=notify_url, out_refund_no=f"R{order.out_trade_no}D")
    donation.refresh_from_db()
    return donation


@transaction.atomic
def donation_record_offline(*, actor, project: Project, donor_name: str, amount_fen: int, paid_on: datetime.date | None = None,
                            donor=None, message: str = "") -> Donation:
    """A gift received by bank transfer or in cash, recorded by staff."""
    if amount_fen <= 0:
        raise ApplicationError("金额须大于 0。", code=GivingErrorCode.AMOUNT_INVALID, fields={"amount": ["金额无效。"]})
    paid_at = timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12))) if paid_on else timezone.now()
    donation = Donation(number=_new_number(), project=project, donor=donor, donor_name=donor_name.strip()[:50], amount_fen=amount_fen,
                        channel=DonationChannel.OFFLINE, message=message[:200], paid_at=paid_at)
    _full_clean(donation, exclude=["donor", "project"])
    donation.save()
    _received(donation, actor=actor)
    return donation


@transaction.atomic
def donation_amount_change(*, actor, donation: Donation, amount_fen: int, reason: str) -> Donation:
    """Correct the amount of a gift recorded by hand. Refused once the foundation's e-receipt
    number is recorded: the receipt is the accounting voucher and our record must match it."""
    donation = _locked(donation)
    if donation.is_locked:
        raise Conflict(f"基金会已开具电子票据（{donation.receipt_number}），金额已锁定，不能修改。", code=GivingErrorCode.AMOUNT_LOCKED)
    if donation.channel != DonationChannel.OFFLINE:
        raise Conflict("微信支付的捐赠金额以支付金额为准，不能修改。", code=GivingErrorCode.DONATION_STATE)
    if amount_fen <= 0:
        raise ApplicationError("金额须大于 0。", code=GivingErrorCode.AMOUNT_INVALID, fields={"amount": ["金额无效。"]})
    if not reason.strip():
        raise ApplicationError("请填写修改原因。", fields={"reason": ["请填写原因。"]})
    before = donation.amount_fen
    donation.amount_fen = amount_fen
    donation.save(update_fields=["amount_fen", "updated_at"])
    if donation.status == DonationStatus.PAID:
        Project.objects.filter(pk=donation.project_id).update(raised_fen=F("raised_fen") + (amount_fen - before))
    audit_record(actor=actor, action="alumni_giving.donation_amount_change", target=donation, before={"amount_fen": before},
                 after={"amount_fen": amount_fen, "reason": reason.strip()[:200]})
    return donation


@transaction.atomic
def donation_receipt_record(*, actor, number: str, receipt_number: str) -> Donation:
    """Finance records the foundation's e-receipt number (one row of the receipts import)."""
    receipt_number = receipt_number.strip()
    donation = Donation.objects.select_for_update().filter(number=number.strip().upper()).first()
    if donation is None:
        raise NotFound(f"捐赠编号 {number} 不存在。", code=GivingErrorCode.NOT_FOUND)
    if donation.status != DonationStatus.PAID:
        raise Conflict(f"捐赠 {donation.number} 状态为“{donation.get_status_display()}”，不能登记票据。", code=GivingErrorCode.DONATION_STATE)
    if donation.receipt_number == receipt_number:
        return donation  # the same file imported twice
    if donation.receipt_number:
        raise Conflict(f"捐赠 {donation.number} 已登记票据 {donation.receipt_number}。", code=GivingErrorCode.RECEIPT_CONFLICT)
    if not receipt_number:
        raise ApplicationError("票据号码不能为空。", fields={"receipt_number": ["请填写票据号码。"]})
    donation.receipt_number, donation.receipt_recorded_at = receipt_number, timezone.now()
    try:
        with transaction.atomic():
            donation.save(update_fields=["receipt_number", "receipt_recorded_at", "updated_at"])
    except IntegrityError:
        raise Conflict(f"票据号码 {receipt_number} 已登记在其他捐赠上。", code=GivingErrorCode.RECEIPT_CONFLICT) from None
    audit_record(actor=actor, action="alumni_giving.receipt_record", target=donation, after={"receipt_number": receipt_number})
    return donation


# --- certificates ---------------------------------------------------------------------------


def certificate_policy(amount_fen: int, policy: GivingSettings | None = None) -> tuple[bool, bool]:
    """(gets a certificate, with the seal) for a gift of `amount_fen` under the school's policy."""
    policy = policy or selectors.giving_settings()
    has_certificate = amount_fen >= policy.certificate_threshold_fen
    has_seal = has_certificate and policy.seal_threshold_fen is not None and amount_fen >= policy.seal_threshold_fen
    return has_certificate, has_seal


def _certificate_issue(donation: Donation) -> None:
    has_certificate, has_seal = certificate_policy(donation.amount_fen)
    if not has_certificate or donation.certificate_number:
        return
    number = f"ZS{timezone.localdate():%Y}{donation.pk:07d}"
    issued = tickets.ticket_issue(scope=selectors.CERTIFICATE_SCOPE, subject=donation.pk, serial=number.lower())
    donation.certificate_number, donation.certificate_code = number, issued.code
    donation.certificate_has_seal, donation.certificate_issued_at = has_seal, timezone.now()
    donation.save(update_fields=["certificate_number", "certificate_code", "certificate_has_seal", "certificate_issued_at", "updated_at"])


@transaction.atomic
def certificate_issue(*, actor, donation: Donation) -> Donation:
    """Issue the certificate of a paid gift now (e.g. after the threshold was lowered)."""
    donation = _locked(donation)
    if donation.status != DonationStatus.PAID:
        raise Conflict("只有已到账的捐赠可以发放证书。", code=GivingErrorCode.DONATION_STATE)
    if not certificate_policy(donation.amount_fen)[0]:
        raise Conflict("金额低于证书发放标准。", code=GivingErrorCode.CERTIFICATE_NONE)
    _certificate_issue(donation)
    audit_record(actor=actor, action="alumni_giving.certificate_issue", target=donation, after={"certificate": donation.certificate_number})
    return donation


# --- thanks ---------------------------------------------------------------------------------


def thanks_template_ensure():
    from tenant_apps.messaging.models import MessageTemplate
    from tenant_apps.messaging.services import template_save

    found = MessageTemplate.objects.filter(code=THANKS_TEMPLATE).first()
    if found is not None:
        return found
    return template_save(actor=None, data={"code": THANKS_TEMPLATE, "name": "捐赠感谢信", "subject": THANKS_SUBJECT, "body": THANKS_BODY, "is_active": True})


def thanks_send(*, donation_id: int) -> bool:
    """Send the thank-you mail of a paid gift once (by template, e-mail then site letter)."""
    from tenant_apps.messaging.recipients import Recipient
    from tenant_apps.messaging.services import message_send

    policy = selectors.giving_settings()
    with transaction.atomic():
        donation = Donation.objects.select_for_update(of=("self",)).select_related("project", "donor").filter(pk=donation_id).first()
        if donation is None or donation.donor is None or donation.thanked_at or donation.status != DonationStatus.PAID or not policy.thanks_enabled:
            return False
        template = thanks_template_ensure()
        user = donation.donor
        certificate = f"您的捐赠证书（编号 {donation.certificate_number}）可在“我的捐赠”中下载。" if donation.certificate_number else ""
        message_send(actor=None, subject="", body="", channels=["email", "letter"], template_code=template.code, purpose="notice", source="alumni_giving",
                     recipients=[Recipient(user_id=user.pk, name=donation.donor_name, email=user.email or "", openid=getattr(user, "wechat_openid", "") or "")],
                     context={"project": donation.project.title, "amount": donation.amount_yuan, "number": donation.number, "certificate": certificate,
                              "foundation": policy.foundation_name or "学校教育基金会"},
                     link=f"/h5/alumni/giving/donations/{donation.pk}/")
        donation.thanked_at = timezone.now()
        donation.save(update_fields=["thanked_at", "updated_at"])
    return True


def _thanks_on_commit(donation_id: int) -> None:
    def send() -> None:
        try:
            thanks_send(donation_id=donation_id)
        except Exception:  # noqa: BLE001 - a mail problem must not fail the payment notification
            logger.exception("thank-you mail of donation %s failed", donation_id)

    transaction.on_commit(send)
