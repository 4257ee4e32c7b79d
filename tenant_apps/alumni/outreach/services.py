"""Writes of mass e-mail and SMS. Every send goes through the messaging gateway
(`tenant_apps.messaging.services.message_send`): this app decides who and what, counts the SMS
quota and keeps opens and unsubscribes; the gateway resolves, batches, sends and logs."""

from __future__ import annotations

import datetime
import html
import io
import re
from dataclasses import dataclass, field

import nh3
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.crypto import blind_index
from core.errors import ApplicationError, NotFound
from core.web.links import tenant_url
from tenant_apps.alumni.outreach import selectors
from tenant_apps.alumni.outreach.enums import CampaignKind, CampaignStatus, Channel, SourceKind
from tenant_apps.alumni.outreach.errors import OutreachErrorCode
from tenant_apps.alumni.outreach.layouts import DEFAULT_LAYOUT, LAYOUTS
from tenant_apps.alumni.outreach.models import (
    BirthdayRun,
    BirthdaySetting,
    Campaign,
    EmailOpen,
    OutreachTemplate,
    SmsQuota,
    Unsubscribe,
    UploadedRecipient,
)
from tenant_apps.messaging.services import Recipient, message_send

SOURCE_PREFIX = "alumni_outreach:"
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "img", "span", "div", "hr", "table",
                "tbody", "tr", "td", "th"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^1\d{10}$")
MAX_UPLOAD_ROWS = 100_000
CAMPAIGN_FIELDS = ["channel", "title", "layout", "is_marketing", "source_kind", "source_filters", "status"]


def sanitize_html(value: str) -> str:
    """Staff HTML reduced to an allow-list (no scripts, styles, event handlers or javascript: links)."""
    return nh3.clean(value or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def html_to_text(value: str) -> str:
    text = re.sub(r"<(br|/p|/div|/h[1-6]|/li|/tr)\s*/?>", "\n", value or "", flags=re.IGNORECASE)
    return html.unescape(nh3.clean(text, tags=set())).strip()


def _school() -> str:
    return getattr(connection.tenant, "name", "") or "母校"


def _schema() -> str:
    return connection.schema_name


# --- signed links ------------------------------------------------------------------------------


def _signer(purpose: str) -> signing.Signer:
    # The schema is in the salt: a link from one school's mail does nothing at another school.
    return signing.Signer(salt=f"alumni_outreach.{purpose}:{_schema()}")


def unsubscribe_token(*, channel: str, address: str, campaign_id: int | None) -> str:
    return _signer("unsubscribe").sign_object({"c": channel, "h": blind_index(address), "m": campaign_id})


def unsubscribe_url(*, channel: str, address: str, campaign_id: int | None) -> str:
    return tenant_url(f"/h5/alumni/outreach/unsubscribe/{unsubscribe_token(channel=channel, address=address, campaign_id=campaign_id)}/")


def open_url(*, campaign_id: int, delivery_id: int) -> str:
    return tenant_url(f"/h5/alumni/outreach/open/{_signer('open').sign(f'{campaign_id}.{delivery_id}')}/")


def unsubscribe_check(*, token: str) -> dict:
    try:
        data = _signer("unsubscribe").unsign_object(token)
    except signing.BadSignature as exc:
        raise ApplicationError("退订链接无效或已损坏。", code=OutreachErrorCode.INVALID_TOKEN, status=404) from exc
    if data.get("c") not in Channel.values or not data.get("h"):
        raise ApplicationError("退订链接无效或已损坏。", code=OutreachErrorCode.INVALID_TOKEN, status=404)
    return data


@transaction.atomic
def unsubscribe_confirm(*, token: str) -> Unsubscribe:
    """The address of a signed link never gets mass mail (or marketing SMS) again. Idempotent."""
    data = unsubscribe_check(token=token)
    campaign = Campaign.objects.filter(pk=data.get("m")).first() if data.get("m") else None
    entry, created = Unsubscribe.objects.get_or_create(channel=data["c"], address_hash=data["h"], defaults={"campaign": campaign})
    if created:
        audit_record(actor=None, action="alumni_outreach.unsubscribe", target=entry, after={"channel": data["c"], "campaign": data.get("m")})
    return entry


def open_record(*, token: str) -> bool:
    """The tracking image of a mail was loaded: first time recorded, later ones counted. No
    audit event (the recipient's mail client, not a person acting)."""
    try:
        campaign_id, delivery_id = (int(part) for part in _signer("open").unsign(token).split("."))
    except (signing.BadSignature, ValueError):
        return False
    if not Campaign.objects.filter(pk=campaign_id).exists():
        return False
    updated = EmailOpen.objects.filter(delivery_id=delivery_id, campaign_id=campaign_id).update(open_count=F("open_count") + 1)
    if not updated:
        EmailOpen.objects.bulk_create([EmailOpen(campaign_id=campaign_id, delivery_id=delivery_id)], ignore_conflicts=True)
    return True


# --- rendering ---------------------------------------------------------------------------------


def render_email(*, title: str, body: str, layout: str, name: str, unsubscribe: str, pixel: str = "") -> str:
    """The HTML a recipient gets: the layout around the cleaned content, the name escaped."""
    chosen = LAYOUTS.get(layout) or LAYOUTS[DEFAULT_LAYOUT]
    content = body.replace("{{ name }}", html.escape(name)).replace("{{name}}", html.escape(name))
    out = (chosen.html.replace("{{ content }}", content).replace("{{ title }}", html.escape(title))
           .replace("{{ school }}", html.escape(_school())).replace("{{ unsubscribe_url }}", html.escape(unsubscribe)))
    if pixel:
        out += f'<img src="{html.escape(pixel)}" width="1" height="1" alt="" style="display:block;border:0">'
    return out


def campaign_preview(*, campaign: Campaign, name: str = "张三") -> dict:
    if campaign.channel == Channel.EMAIL:
        return {"subject": campaign.title, "html": render_email(title=campaign.title, body=campaign.body, layout=campaign.layout, name=name, unsubscribe="#"),
                "text": "", "segments": 0, "length": 0}
    text = selectors.sms_signature() + selectors.sms_text_as_sent(campaign.body.replace("{{ name }}", name).replace("{{name}}", name), is_marketing=campaign.is_marketing)
    return {"subject": campaign.title, "html": "", "text": text, "segments": selectors.sms_segments(text), "length": len(text)}


_campaign_cache: dict[tuple[str, int], tuple[str, str, str]] = {}


def personalize_item(message, row, item):
    """Gateway hook (dispatch.register_item_personalizer): a mass mail gets its HTML with this
    recipient's name, signed unsubscribe link (also as List-Unsubscribe) and open pixel."""
    if item.channel != "email":
        return item
    try:
        campaign_id = int(message.source.removeprefix(SOURCE_PREFIX).split(":")[0])
    except ValueError:
        return item
    key = (_schema(), campaign_id)
    if key not in _campaign_cache:
        if len(_campaign_cache) > 256:
            _campaign_cache.clear()
        campaign = Campaign.objects.filter(pk=campaign_id).only("title", "body", "layout").first()
        if campaign is None:
            return item
        _campaign_cache[key] = (campaign.title, campaign.body, campaign.layout)
    title, body, layout = _campaign_cache[key]
    link = unsubscribe_url(channel=Channel.EMAIL, address=item.to, campaign_id=campaign_id)
    page = render_email(title=title, body=body, layout=layout, name=item.recipient_name or "校友", unsubscribe=link,
                        pixel=open_url(campaign_id=campaign_id, delivery_id=row.pk))
    import dataclasses

    return dataclasses.replace(item, html_body=page, body=f"{item.body}\n\n退订：{link}",
                               headers={**item.headers, "List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


# --- templates ---------------------------------------------------------------------------------

TEMPLATE_FIELDS = ["channel", "name", "subject", "body", "layout", "is_marketing"]


def _clean_content(channel: str, subject: str, body: str, layout: str) -> tuple[str, str]:
    if channel not in Channel.values:
        raise ApplicationError("渠道无效。", fields={"channel": ["请选择邮件或短信。"]})
    if channel == Channel.EMAIL:
        if layout and layout not in LAYOUTS:
            raise ApplicationError("版式不存在。", code=OutreachErrorCode.UNKNOWN_LAYOUT, fields={"layout": ["请选择素材库中的版式。"]})
        body = sanitize_html(body)
        if not subject.strip():
            raise ApplicationError("请填写邮件标题。", fields={"subject": ["必填。"], "title": ["必填。"]})
    else:
        body = body.strip()
    if not html_to_text(body) and "<img" not in body:
        raise ApplicationError("请填写内容。", code=OutreachErrorCode.EMPTY_CONTENT, fields={"body": ["必填。"]})
    return body, layout or (DEFAULT_LAYOUT if channel == Channel.EMAIL else "")


@transaction.atomic
def template_save(*, actor, template: OutreachTemplate | None = None, data: dict) -> OutreachTemplate:
    creating = template is None
    template = template or OutreachTemplate(created_by=actor if getattr(actor, "pk", None) else None)
    before = None if creating else snapshot(template, fields=TEMPLATE_FIELDS)
    for name in TEMPLATE_FIELDS:
        if name in data:
            setattr(template, name, data[name])
    template.body, template.layout = _clean_content(template.channel, template.subject, template.body, template.layout)
    template.full_clean(exclude=["created_by"])
    template.save()
    audit_record(actor=actor, action="alumni_outreach.template_create" if creating else "alumni_outreach.template_update", target=template,
                 before=before, after=snapshot(template, fields=TEMPLATE_FIELDS))
    return template


@transaction.atomic
def template_delete(*, actor, template: OutreachTemplate) -> None:
    audit_record(actor=actor, action="alumni_outreach.template_delete", target=template, before=snapshot(template, fields=TEMPLATE_FIELDS))
    template.delete()


# --- campaigns ---------------------------------------------------------------------------------


@dataclass
class CampaignInput:
    channel: str
    title: str
    body: str
    layout: str = ""
    is_marketing: bool = True
    source_kind: str = SourceKind.RECORDS
    source_filters: dict = field(default_factory=dict)
    template_id: int | None = None


def _clean_filters(kind: str, filters: dict) -> dict:
    if kind not in SourceKind.values:
        raise ApplicationError("发送对象来源无效。", code=OutreachErrorCode.INVALID_SOURCE, fields={"source_kind": ["无效。"]})
    keys = {SourceKind.RECORDS: ("class_year", "graduation_year", "college_id", "region"), SourceKind.CHAPTER: ("organization_id",),
            SourceKind.GROUP: ("group_id",), SourceKind.UPLOAD: ()}[kind]
    cleaned: dict = {}
    for key in keys:
        value = (filters or {}).get(key)
        if value in (None, ""):
            continue
        if key == "region":
            cleaned[key] = str(value)[:50]
        else:
            try:
                cleaned[key] = int(value)
            except (TypeError, ValueError) as exc:
                raise ApplicationError("筛选条件须为数字。", code=OutreachErrorCode.INVALID_SOURCE, fields={key: ["须为数字。"]}) from exc
    if kind == SourceKind.CHAPTER and "organization_id" not in cleaned:
        raise ApplicationError("请选择校友组织。", code=OutreachErrorCode.INVALID_SOURCE, fields={"organization_id": ["必填。"]})
    if kind == SourceKind.GROUP and "group_id" not in cleaned:
        raise ApplicationError("请选择校友分组。", code=OutreachErrorCode.INVALID_SOURCE, fields={"group_id": ["必填。"]})
    return cleaned


def _editable(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.DRAFT:
        raise ApplicationError("已发送的群发不能修改。", code=OutreachErrorCode.NOT_DRAFT, status=409)


@transaction.atomic
def campaign_save(*, actor, campaign: Campaign | None = None, data: CampaignInput) -> Campaign:
    """Create or change a draft."""
    creating = campaign is None
    if campaign is not None:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _editable(campaign)
    campaign = campaign or Campaign(created_by=actor if getattr(actor, "pk", None) else None)
    before = None if creating else snapshot(campaign, fields=CAMPAIGN_FIELDS)
    template = OutreachTemplate.objects.filter(pk=data.template_id).first() if data.template_id else None
    body, layout = _clean_content(data.channel, data.title, data.body, data.layout)
    campaign.channel, campaign.title, campaign.body, campaign.layout = data.channel, data.title.strip(), body, layout
    campaign.is_marketing = bool(data.is_marketing) if data.channel == Channel.SMS else False
    campaign.source_kind, campaign.source_filters = data.source_kind, _clean_filters(data.source_kind, data.source_filters)
    campaign.template = template
    if not campaign.title:
        raise ApplicationError("请填写标题。", fields={"title": ["必填。"]})
    campaign.full_clean(exclude=["created_by", "sent_by", "template"])
    campaign.save()
    audit_record(actor=actor, action="alumni_outreach.campaign_create" if creating else "alumni_outreach.campaign_update", target=campaign,
                 before=before, after=snapshot(campaign, fields=CAMPAIGN_FIELDS))
    return campaign


@transaction.atomic
def campaign_delete(*, actor, campaign: Campaign) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _editable(campaign)
    audit_record(actor=actor, action="alumni_outreach.campaign_delete", target=campaign, before=snapshot(campaign, fields=CAMPAIGN_FIELDS))
    campaign.delete()


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


@transaction.atomic
def campaign_upload_recipients(*, actor, campaign: Campaign, content: bytes) -> dict:
    """Replace the draft's uploaded list with an Excel file (columns 姓名, 邮箱, 手机号; a header
    row). Rows without a usable address for the campaign's channel are refused and reported."""
    import openpyxl

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _editable(campaign)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable upload is the user's to fix
        raise ApplicationError("无法读取文件，请上传 .xlsx 格式的 Excel。", code=OutreachErrorCode.INVALID_UPLOAD, fields={"file": ["格式无效。"]}) from exc
    rows = book.active.iter_rows(values_only=True)
    header = [_cell(v) for v in next(rows, ())]
    columns = {}
    for index, title in enumerate(header):
        for key, words in (("name", ("姓名", "name")), ("email", ("邮箱", "email", "e-mail", "电子邮箱")), ("phone", ("手机", "手机号", "phone", "电话"))):
            if title.lower() in words:
                columns[key] = index
    wanted = "email" if campaign.channel == Channel.EMAIL else "phone"
    if wanted not in columns:
        raise ApplicationError(f"表头缺少「{'邮箱' if wanted == 'email' else '手机号'}」列。", code=OutreachErrorCode.INVALID_UPLOAD, fields={"file": ["表头不符。"]})
    accepted: list[UploadedRecipient] = []
    rejected: list[dict] = []
    seen: set[str] = set()
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_UPLOAD_ROWS:
            raise ApplicationError(f"名单最多 {MAX_UPLOAD_ROWS} 行。", code=OutreachErrorCode.INVALID_UPLOAD)
        get = lambda key, values=values: _cell(values[columns[key]]) if key in columns and columns[key] < len(values) else ""  # noqa: E731
        name, email, phone = get("name")[:50], get("email").lower(), get("phone").replace(" ", "").removeprefix("+86")
        if not (name or email or phone):
            continue
        address = email if wanted == "email" else phone
        if not address:
            rejected.append({"row": number, "reason": "缺少邮箱" if wanted == "email" else "缺少手机号"})
        elif wanted == "email" and not EMAIL_RE.match(email):
            rejected.append({"row": number, "reason": "邮箱格式错误"})
        elif wanted == "phone" and not PHONE_RE.match(phone):
            rejected.append({"row": number, "reason": "手机号格式错误"})
        elif address in seen:
            rejected.append({"row": number, "reason": "与前面的行重复"})
        else:
            seen.add(address)
            accepted.append(UploadedRecipient(campaign=campaign, row_number=number, name=name, email=email if EMAIL_RE.match(email) else "",
                                              phone=phone if PHONE_RE.match(phone) else ""))
    UploadedRecipient.objects.filter(campaign=campaign).delete()
    UploadedRecipient.objects.bulk_create(accepted, batch_size=2000)
    campaign.source_kind, campaign.source_filters, campaign.upload_report = SourceKind.UPLOAD, {}, rejected[:1000]
    campaign.save(update_fields=["source_kind", "source_filters", "upload_report", "updated_at"])
    audit_record(actor=actor, action="alumni_outreach.campaign_upload", target=campaign, after={"accepted": len(accepted), "rejected": len(rejected)})
    return {"accepted": len(accepted), "rejected": rejected}


def _quota_reserve(units: int) -> SmsQuota:
    """Take `units` SMS segments from this year's quota, or refuse when they are not left."""
    year = timezone.localdate().year
    SmsQuota.objects.get_or_create(year=year, defaults={"limit": selectors.default_sms_quota()})
    quota = SmsQuota.objects.select_for_update().get(year=year)
    if quota.used + units > quota.limit:
        raise ApplicationError(f"短信额度不足：本次需 {units} 条，本年剩余 {quota.balance} 条。", code=OutreachErrorCode.SMS_QUOTA_EXCEEDED, status=409)
    quota.used = F("used") + units
    quota.save(update_fields=["used", "updated_at"])
    quota.refresh_from_db()
    return quota


def _gateway_send(*, actor, campaign: Campaign, recipients: list[Recipient] | None = None, suffix: str = ""):
    is_email = campaign.channel == Channel.EMAIL
    return message_send(
        actor=actor,
        subject=campaign.title,
        body=html_to_text(campaign.body) if is_email else campaign.body,
        channels=[campaign.channel],
        recipients=recipients,
        audience=None if recipients else {"resolver": "alumni_outreach.campaign", "filters": {"campaign_id": campaign.pk}},
        purpose="alumni_greeting" if campaign.kind == CampaignKind.BIRTHDAY else "alumni_outreach",
        # Greetings and promotions are commercial texts (MIIT 2015, Aliyun): the gateway appends
        # the opt-out wording; e-mails carry their own unsubscribe link.
        is_commercial=campaign.is_marketing and not is_email,
        source=f"{SOURCE_PREFIX}{campaign.pk}{suffix}",
    )


@transaction.atomic
def campaign_send(*, actor, campaign: Campaign, expected_count: int | None = None) -> Campaign:
    """Send a draft to its recipients now. SMS take their segments from the yearly quota first
    and are refused when the quota is short. The gateway resolves and sends in the background."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _editable(campaign)
    count = selectors.recipient_count(campaign)
    if not count.sendable:
        raise ApplicationError("没有可发送的对象（可能均已退订、已故或缺少联系方式）。", code=OutreachErrorCode.NO_RECIPIENTS)
    before = snapshot(campaign, fields=CAMPAIGN_FIELDS)
    if campaign.channel == Channel.SMS:
        text = selectors.sms_signature() + selectors.sms_text_as_sent(campaign.body, is_marketing=campaign.is_marketing)
        # {{ name }} becomes a name of up to ~4 characters: count the longest plausible text.
        campaign.sms_segments = selectors.sms_segments(text.replace("{{ name }}", "某某某某").replace("{{name}}", "某某某某"))
        campaign.sms_units = campaign.sms_segments * count.sendable
        _quota_reserve(campaign.sms_units)
    message = _gateway_send(actor=actor, campaign=campaign)
    campaign.message_id, campaign.recipient_count = message.pk, count.sendable
    campaign.status, campaign.sent_at, campaign.sent_by = CampaignStatus.SENDING, timezone.now(), actor if getattr(actor, "pk", None) else None
    campaign.save(update_fields=["message_id", "recipient_count", "status", "sent_at", "sent_by", "sms_segments", "sms_units", "updated_at"])
    audit_record(actor=actor, action="alumni_outreach.campaign_send", target=campaign, before=before,
                 after=snapshot(campaign, fields=CAMPAIGN_FIELDS) | {"recipients": count.sendable, "sms_units": campaign.sms_units})
    return campaign


@transaction.atomic
def campaign_test_send(*, actor, campaign: Campaign, address: str = "") -> int:
    """Send the draft to one address (default: the acting user's own) to check how it looks."""
    address = (address or (actor.email if campaign.channel == Channel.EMAIL else getattr(actor, "phone", "")) or "").strip()
    valid = EMAIL_RE.match(address) if campaign.channel == Channel.EMAIL else PHONE_RE.match(address)
    if not valid:
        raise ApplicationError("请填写有效的测试邮箱或手机号。", fields={"address": ["格式无效。"]})
    if campaign.channel == Channel.SMS:
        _quota_reserve(selectors.sms_segments(selectors.sms_signature() + selectors.sms_text_as_sent(campaign.body, is_marketing=campaign.is_marketing)))
    recipient = Recipient(name=str(getattr(actor, "display_name", "") or actor), email=address if campaign.channel == Channel.EMAIL else "",
                          phone=address if campaign.channel == Channel.SMS else "")
    message = _gateway_send(actor=actor, campaign=campaign, recipients=[recipient], suffix=":test")
    audit_record(actor=actor, action="alumni_outreach.campaign_test_send", target=campaign, after={"message_id": message.pk})
    return message.pk


def campaign_refresh_status(*, campaign: Campaign) -> Campaign:
    """Follow the gateway: a sending campaign becomes sent once its message completed."""
    if campaign.status == CampaignStatus.SENDING:
        message = selectors.campaign_message(campaign)
        if message is not None and not message.is_active:
            done = CampaignStatus.SENT if message.status == "completed" else CampaignStatus.CANCELLED
            Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).update(status=done)
            campaign.status = done
    return campaign


# --- quota and birthdays -----------------------------------------------------------------------


@transaction.atomic
def sms_quota_update(*, actor, limit: int, year: int | None = None) -> SmsQuota:
    year = year or timezone.localdate().year
    if limit < 0:
        raise ApplicationError("额度不能为负数。", fields={"limit": ["须大于等于 0。"]})
    quota, _ = SmsQuota.objects.select_for_update().get_or_create(year=year, defaults={"limit": limit})
    before = snapshot(quota, fields=["limit", "used"])
    quota.limit = limit
    quota.save(update_fields=["limit", "updated_at"])
    audit_record(actor=actor, action="alumni_outreach.sms_quota_update", target=quota, before=before, after=snapshot(quota, fields=["limit", "used"]))
    return quota


def birthday_setting() -> BirthdaySetting:
    return BirthdaySetting.objects.order_by("pk").first() or BirthdaySetting()


@transaction.atomic
def birthday_setting_save(*, actor, is_enabled: bool, text: str) -> BirthdaySetting:
    setting = birthday_setting()
    before = snapshot(setting, fields=["is_enabled", "text"]) if setting.pk else None
    setting.is_enabled, setting.text = bool(is_enabled), (text or "").strip()
    if not setting.text:
        raise ApplicationError("请填写祝福内容。", fields={"text": ["必填。"]})
    setting.full_clean()
    setting.save()
    audit_record(actor=actor, action="alumni_outreach.birthday_setting_save", target=setting, before=before, after=snapshot(setting, fields=["is_enabled", "text"]))
    return setting


def birthday_record_ids(day: datetime.date) -> list[int]:
    """Records born on `day` (29 February counts on 28 February in other years) who may get a
    greeting: alive, not refusing SMS, with a phone."""
    from tenant_apps.alumni.records.models import AlumniRecord

    days = [(day.month, day.day)]
    if day.month == 2 and day.day == 28 and not _is_leap(day.year):
        days.append((2, 29))
    ids: list[int] = []
    for month, dom in days:
        ids += AlumniRecord.objects.filter(birth_date__month=month, birth_date__day=dom, is_deceased=False, contact_opt_out=False,
                                           merged_into__isnull=True).exclude(phone="").values_list("pk", flat=True)
    return sorted(ids)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def birthday_greetings_send(*, day: datetime.date | None = None) -> BirthdayRun | None:
    """The daily job: greet everyone born today, once a day (the run's unique date is the guard:
    a second run the same day does nothing). The greeting is a marketing SMS and uses the quota."""
    day = day or timezone.localdate()
    setting = birthday_setting()
    if not setting.pk or not setting.is_enabled:
        return None
    try:
        with transaction.atomic():
            run = BirthdayRun.objects.create(date=day)
            ids = birthday_record_ids(day)
            if not ids:
                run.note = "今日无寿星"
                run.save(update_fields=["note"])
                return run
            campaign = Campaign.objects.create(kind=CampaignKind.BIRTHDAY, channel=Channel.SMS, title=f"{day:%Y-%m-%d} 生日祝福", body=setting.text,
                                               is_marketing=True, source_kind=SourceKind.RECORDS, source_filters={"record_ids": ids})
            try:
                with transaction.atomic():
                    campaign_send(actor=None, campaign=campaign)
            except ApplicationError as exc:
                run.note = exc.message[:200]
            campaign.refresh_from_db()
            run.campaign, run.recipient_count = campaign, campaign.recipient_count
            run.save(update_fields=["campaign", "recipient_count", "note"])
            return run
    except IntegrityError:
        return None  # already greeted today


def campaign_get(*, pk: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise NotFound("群发不存在。")
    return campaign
