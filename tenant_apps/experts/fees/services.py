"""Writes for expert fees. Every service takes the actor, refuses writes on archived projects,
audits on the project in the same transaction (so the project panorama's log shows fee work),
and queues messages on commit.

Flow of a line: draft → sent for signing (a letter, version n) → signed → paid. Changing the
amounts of a sent or signed line sends it back to draft; a signed letter itself never changes."""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, NotFound
from core.importexport import services as job_services
from tenant_apps.experts.fees import documents
from tenant_apps.experts.fees.enums import FeeStatus, LetterStatus
from tenant_apps.experts.fees.errors import FeeErrorCode
from tenant_apps.experts.fees.models import FeeLetter, FeeLine, FeeStandard
from tenant_apps.experts.fees.selectors import (
    mask_bank_account,
    member_for_expert,
    member_for_project,
    payout_rows,
    payout_summary,
    project_by_code,
    standard_for,
)
from tenant_apps.experts.panels.enums import MemberStatus
from tenant_apps.experts.panels.models import PanelMember, Project
from tenant_apps.experts.panels.selectors import is_attending
from tenant_apps.experts.panels.services import absolute_url, ensure_writable

CENT = Decimal("0.01")
HALF = Decimal("0.5")
MAX_WORKLOAD_DAYS = Decimal("60")
MAX_SIGNATURE_BYTES = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URL_PREFIX = "data:image/png;base64,"
LINE_FIELDS = ["workload_days", "day_rate", "half_day_rate", "review_fee", "travel_fee", "other_fee", "tax_withheld", "total_amount",
               "net_amount", "note", "status", "standard"]
AMOUNT_FIELDS = ("workload_days", "review_fee", "travel_fee", "other_fee", "tax_withheld")
STATEMENT = "本人确认已实际参加上述评审活动，以上工作量及劳务报酬金额无误，同意按上述金额发放至本人银行账户。"


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError("请检查填写的内容。", fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from exc


def _audit(actor, action: str, project: Project, **after) -> None:
    audit_record(actor=actor, action=f"expert_fees.{action}", target=project, after=after or None, only_changes=False)


def _money(value, name: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError("金额格式不正确。", fields={name: ["请填写金额，如 300 或 300.50。"]}) from exc
    if amount < 0:
        raise ApplicationError("金额不能为负数。", fields={name: ["不能为负数。"]})
    return amount


# --- standards ------------------------------------------------------------------------------


@dataclass
class FeeStandardInput:
    name: str
    half_day_rate: Decimal
    day_rate: Decimal
    effective_from: datetime.date
    title_level: str = ""
    travel_allowance: Decimal = Decimal("0")
    is_active: bool = True
    note: str = ""


@transaction.atomic
def fee_standard_save(*, actor, data: FeeStandardInput, standard: FeeStandard | None = None) -> FeeStandard:
    """Create or change a rate of the bureau's standard. Lines keep the rates they were
    computed with; only new or recomputed lines use the change."""
    is_new = standard is None
    standard = standard or FeeStandard()
    before = None if is_new else snapshot(standard)
    standard.name = data.name.strip()
    standard.title_level = data.title_level or ""
    standard.half_day_rate = _money(data.half_day_rate, "half_day_rate")
    standard.day_rate = _money(data.day_rate, "day_rate")
    standard.travel_allowance = _money(data.travel_allowance or 0, "travel_allowance")
    standard.effective_from = data.effective_from
    standard.is_active = data.is_active
    standard.note = data.note.strip()[:300]
    _clean(standard)
    standard.save()
    audit_record(actor=actor, action="expert_fees.standard.create" if is_new else "expert_fees.standard.update", target=standard,
                 before=before, after=snapshot(standard), only_changes=not is_new)
    return standard


@transaction.atomic
def fee_standard_delete(*, actor, standard: FeeStandard) -> None:
    if standard.lines.exists():
        raise Conflict("该标准已用于计算劳务费，不能删除，可改为停用。", code=FeeErrorCode.LINE_LOCKED)
    audit_record(actor=actor, action="expert_fees.standard.delete", target=standard, before=snapshot(standard), only_changes=False)
    standard.delete()


# --- workload lines -------------------------------------------------------------------------


@dataclass
class FeeLineInput:
    """Workload in days (steps of half a day). Fees left as None come from the standard."""

    workload_days: Decimal
    travel_fee: Decimal | None = None
    other_fee: Decimal = Decimal("0")
    tax_withheld: Decimal = Decimal("0")
    review_fee: Decimal | None = None
    note: str = ""


def _workload(value) -> Decimal:
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError("工作量格式不正确。", code=FeeErrorCode.INVALID_WORKLOAD, fields={"workload_days": ["请填写天数，如 0.5、1、1.5。"]}) from exc
    if days <= 0 or days > MAX_WORKLOAD_DAYS or (days / HALF) != (days / HALF).to_integral_value():
        raise ApplicationError("工作量须为 0.5 天的整数倍，且不超过 60 天。", code=FeeErrorCode.INVALID_WORKLOAD,
                               fields={"workload_days": ["按半天计，如 0.5、1、1.5。"]})
    return days.quantize(Decimal("0.1"))


def review_fee_for(*, days: Decimal, day_rate: Decimal, half_day_rate: Decimal) -> Decimal:
    """Whole days at the day rate, a remaining half day at the half-day rate."""
    whole = int(days)
    half = 1 if days - whole else 0
    return (day_rate * whole + half_day_rate * half).quantize(CENT)


def _check_attending(member: PanelMember) -> None:
    if not is_attending(member):
        status = MemberStatus(member.status).label
        raise Conflict(f"专家“{member.expert.name}”的状态为“{status}”，未记录为实际参加评审，不能登记劳务费。", code=FeeErrorCode.MEMBER_NOT_ATTENDING,
                       fields={"member": ["只有确认参加或实际参评的专家才能登记劳务费。"]})


def _apply(line: FeeLine, data: FeeLineInput) -> None:
    project, expert = line.project, line.expert
    line.workload_days = _workload(data.workload_days)
    standard = standard_for(title_level=expert.title_level, on=timezone.localtime(project.opens_at).date())
    line.standard = standard
    line.day_rate = standard.day_rate if standard else Decimal("0.00")
    line.half_day_rate = standard.half_day_rate if standard else Decimal("0.00")
    if data.review_fee is None:
        if standard is None:
            level = expert.get_title_level_display() or "未填写"
            raise ApplicationError(f"没有适用的劳务费标准（职称级别：{level}），请先在“劳务费标准”中设置，或手工填写评审劳务费。",
                                   code=FeeErrorCode.STANDARD_MISSING, fields={"review_fee": ["无适用标准，请手工填写。"]})
        line.review_fee = review_fee_for(days=line.workload_days, day_rate=line.day_rate, half_day_rate=line.half_day_rate)
        line.is_fee_manual = False
    else:
        line.review_fee = _money(data.review_fee, "review_fee")
        line.is_fee_manual = True
    if data.travel_fee is None:
        line.travel_fee = standard.travel_allowance if standard else Decimal("0.00")
    else:
        line.travel_fee = _money(data.travel_fee, "travel_fee")
    line.other_fee = _money(data.other_fee or 0, "other_fee")
    line.tax_withheld = _money(data.tax_withheld or 0, "tax_withheld")
    line.total_amount = line.review_fee + line.travel_fee + line.other_fee
    if line.tax_withheld > line.total_amount:
        raise ApplicationError("代扣个税不能大于应发合计。", fields={"tax_withheld": ["不能大于应发合计。"]})
    line.net_amount = line.total_amount - line.tax_withheld
    line.note = (data.note or "").strip()[:200]


@transaction.atomic
def fee_line_create(*, actor, project: Project, member: PanelMember, data: FeeLineInput) -> FeeLine:
    """Enter the workload of one panel member for the project. Only members recorded as
    attending (accepted, or marked present) can have a fee; one line per member and project."""
    ensure_writable(project)
    seated = member_for_project(project=project, member_id=member.pk)
    if seated is None:
        raise NotFound("该专家不在本项目的评审组中。", code=FeeErrorCode.MEMBER_NOT_ON_PANEL)
    _check_attending(seated)
    if FeeLine.objects.filter(project=project, member=seated).exists():
        raise Conflict(f"专家“{seated.expert.name}”在本项目已有劳务费记录，请直接修改。", code=FeeErrorCode.LINE_EXISTS)
    line = FeeLine(project=project, member=seated, expert=seated.expert, created_by=actor if getattr(actor, "pk", None) else None)
    _apply(line, data)
    _clean(line)
    line.save()
    _audit(actor, "line.create", project, line=line.pk, expert=line.expert_id, **snapshot(line, fields=LINE_FIELDS))
    return line


def _withdraw(letter: FeeLetter, reason: str) -> None:
    letter.status = LetterStatus.WITHDRAWN
    letter.withdrawn_at = timezone.now()
    letter.withdraw_reason = reason[:200]
    letter.save(update_fields=["status", "withdrawn_at", "withdraw_reason"])


def _lock(line: FeeLine) -> FeeLine:
    return FeeLine.objects.select_for_update(of=("self",)).select_related("project", "expert", "member", "current_letter").get(pk=line.pk)


@transaction.atomic
def fee_line_update(*, actor, line: FeeLine, data: FeeLineInput) -> FeeLine:
    """Change the workload or amounts. A letter out for signing is withdrawn; a signed letter
    stays as signed evidence, and the line goes back to draft for a new letter (X27)."""
    line = _lock(line)
    ensure_writable(line.project)
    if line.is_locked:
        raise Conflict("劳务费已发放，不能再修改。", code=FeeErrorCode.LINE_LOCKED)
    before = snapshot(line, fields=LINE_FIELDS)
    _apply(line, data)
    after = snapshot(line, fields=LINE_FIELDS)
    changed = any(before[name] != after[name] for name in (*AMOUNT_FIELDS, "note"))
    if changed and line.status in (FeeStatus.SENT, FeeStatus.SIGNED):
        if line.current_letter is not None and line.current_letter.status == LetterStatus.SENT:
            _withdraw(line.current_letter, "金额或工作量已修改，需重新发函签字")
        line.current_letter = None
        line.status = FeeStatus.DRAFT
    _clean(line)
    line.save()
    audit_record(actor=actor, action="expert_fees.line.update", target=line.project, before={"line": line.pk, **before},
                 after={"line": line.pk, **snapshot(line, fields=LINE_FIELDS)}, only_changes=False)
    return line


@transaction.atomic
def fee_line_delete(*, actor, line: FeeLine) -> None:
    line = _lock(line)
    ensure_writable(line.project)
    if line.status != FeeStatus.DRAFT or line.letters.filter(signed_at__isnull=False).exists():
        raise Conflict("已发函或已签字的劳务费记录不能删除。", code=FeeErrorCode.LINE_STATE)
    _audit(actor, "line.delete", line.project, line=line.pk, expert=line.expert_id, net_amount=line.net_amount)
    line.delete()


# --- confirmation letters -------------------------------------------------------------------


def _tenant_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "name", "") or ""


def letter_content(line: FeeLine, *, version: int, number: str) -> dict:
    """What the expert confirms, frozen into the letter (and hashed)."""
    project, expert, member = line.project, line.expert, line.member
    whole = int(line.workload_days)
    return {
        "number": number, "version": version, "issuer": _tenant_name(), "issued_on": timezone.localdate().isoformat(),
        "project": {"id": project.pk, "code": project.code, "title": project.title, "owner_unit": project.owner_unit, "location": project.location,
                    "opens_at": timezone.localtime(project.opens_at).strftime("%Y-%m-%d %H:%M")},
        "expert": {"id": expert.pk, "name": expert.name, "employer": expert.employer, "title": expert.title,
                   "title_level": expert.get_title_level_display(), "bank_name": expert.bank_name, "bank_account": mask_bank_account(expert.bank_account)},
        "role": member.get_role_display(),
        "workload_days": str(line.workload_days), "full_days": whole, "half_days": 1 if line.workload_days - whole else 0,
        "standard": line.standard.name if line.standard_id else "", "day_rate": str(line.day_rate), "half_day_rate": str(line.half_day_rate),
        "is_fee_manual": line.is_fee_manual,
        "review_fee": str(line.review_fee), "travel_fee": str(line.travel_fee), "other_fee": str(line.other_fee),
        "total_amount": str(line.total_amount), "tax_withheld": str(line.tax_withheld), "net_amount": str(line.net_amount),
        "net_amount_words": documents.amount_in_words(line.net_amount), "note": line.note, "statement": STATEMENT,
    }


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def letter_path(letter: FeeLetter) -> str:
    return reverse("h5:experts_fees:my_letter", args=[letter.pk])


def _notify_letter(letter: FeeLetter, line: FeeLine) -> None:
    """Tell the expert a letter waits for their signature (SMS, e-mail, else in-app letter)."""
    expert, project = line.expert, line.project
    path = letter_path(letter)
    body = (f"{expert.name}专家您好：您参加“{project.title}”评审的劳务费确认函（实发 {line.net_amount} 元）已生成，"
            f"请登录专家端核对并手写签名确认：{absolute_url(path)}")

    def send() -> None:
        from tenant_apps.messaging.recipients import Recipient
        from tenant_apps.messaging.services import message_send

        message_send(actor=None, subject=f"劳务费确认函待签字：{project.title}", body=body, channels=["sms", "email", "letter"],
                     recipients=[Recipient(user_id=expert.user_id, name=expert.name, phone=expert.phone, email=expert.email)],
                     purpose="transactional", source=f"panels:project:{project.pk}", link=path)

    transaction.on_commit(send)


@transaction.atomic
def fee_letter_send(*, actor, line: FeeLine) -> FeeLetter:
    """Freeze the line into a new letter version, mark the line as sent and notify the expert."""
    line = _lock(line)
    ensure_writable(line.project)
    if line.status != FeeStatus.DRAFT:
        raise Conflict(f"该劳务费当前状态为“{line.get_status_display()}”，不能再次发函。", code=FeeErrorCode.LINE_STATE)
    _check_attending(line.member)
    if line.expert.user_id is None:
        raise Conflict(f"专家“{line.expert.name}”尚未开通专家端账号，无法在线签字，请先为其开通账号。", code=FeeErrorCode.EXPERT_WITHOUT_ACCOUNT)
    version = (line.letters.aggregate(last=Max("version"))["last"] or 0) + 1
    number = f"LWF{timezone.localdate():%Y%m%d}-{line.pk:06d}-{version}"
    content = letter_content(line, version=version, number=number)
    letter = FeeLetter.objects.create(line=line, version=version, number=number, content=content, content_hash=content_hash(content),
                                      sent_by=actor if getattr(actor, "pk", None) else None)
    line.current_letter = letter
    line.status = FeeStatus.SENT
    line.save(update_fields=["current_letter", "status", "updated_at"])
    _audit(actor, "letter.send", line.project, line=line.pk, letter=letter.pk, number=number, content_hash=letter.content_hash, net_amount=line.net_amount)
    _notify_letter(letter, line)
    return letter


@dataclass
class SendResult:
    sent: list[FeeLetter] = field(default_factory=list)
    skipped: list[tuple[FeeLine, str]] = field(default_factory=list)


def fee_letters_send(*, actor, project: Project) -> SendResult:
    """Send a letter for every draft line of the project; lines that cannot be sent are
    reported with the reason, the others go out."""
    ensure_writable(project)
    result = SendResult()
    for line in FeeLine.objects.filter(project=project, status=FeeStatus.DRAFT).select_related("expert").order_by("member__row", "id"):
        try:
            result.sent.append(fee_letter_send(actor=actor, line=line))
        except ApplicationError as exc:
            result.skipped.append((line, exc.message))
    return result


@transaction.atomic
def fee_letter_withdraw(*, actor, letter: FeeLetter, reason: str) -> FeeLetter:
    """Cancel a letter that has not been signed; the line goes back to draft."""
    line = _lock(letter.line)
    letter = FeeLetter.objects.select_for_update().get(pk=letter.pk)
    ensure_writable(line.project)
    if letter.status != LetterStatus.SENT:
        raise Conflict("只有待签字的确认函可以作废。", code=FeeErrorCode.LETTER_CLOSED)
    if not reason.strip():
        raise ApplicationError("请填写作废原因。", fields={"reason": ["必填。"]})
    _withdraw(letter, reason.strip())
    if line.current_letter_id == letter.pk:
        line.current_letter = None
        line.status = FeeStatus.DRAFT
        line.save(update_fields=["current_letter", "status", "updated_at"])
    _audit(actor, "letter.withdraw", line.project, line=line.pk, letter=letter.pk, number=letter.number, reason=letter.withdraw_reason)
    return letter


def signature_png(data_url: str) -> bytes:
    """The PNG bytes of the signature pad's data URL, refused when not a PNG, too large, or blank."""
    from PIL import Image, UnidentifiedImageError

    value = (data_url or "").strip()
    if not value.startswith(DATA_URL_PREFIX):
        raise ApplicationError("签名数据无效，请重新签名。", code=FeeErrorCode.SIGNATURE_INVALID, fields={"signature": ["须为 PNG 图片。"]})
    try:
        png = base64.b64decode(value[len(DATA_URL_PREFIX):], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ApplicationError("签名数据无效，请重新签名。", code=FeeErrorCode.SIGNATURE_INVALID, fields={"signature": ["数据损坏。"]}) from exc
    if len(png) > MAX_SIGNATURE_BYTES or not png.startswith(PNG_MAGIC):
        raise ApplicationError("签名图片无效或过大，请重新签名。", code=FeeErrorCode.SIGNATURE_INVALID, fields={"signature": ["须为不超过 512KB 的 PNG 图片。"]})
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ApplicationError("签名图片无法读取，请重新签名。", code=FeeErrorCode.SIGNATURE_INVALID, fields={"signature": ["图片损坏。"]}) from exc
    if image.width > 4000 or image.height > 4000:
        raise ApplicationError("签名图片尺寸过大。", code=FeeErrorCode.SIGNATURE_INVALID, fields={"signature": ["尺寸过大。"]})
    # The pad draws dark strokes on a transparent background: the ink is where alpha is set.
    alpha = image.convert("RGBA").getchannel("A")
    box = alpha.point(lambda a: 255 if a > 32 else 0).getbbox()
    if box is None or (box[2] - box[0]) < 20 or (box[3] - box[1]) < 8:
        raise ApplicationError("请在签名区域手写签名后再提交。", code=FeeErrorCode.SIGNATURE_EMPTY, fields={"signature": ["签名为空。"]})
    return png


@transaction.atomic
def fee_letter_sign(*, user, letter: FeeLetter, signature_data_url: str, ip: str | None = None, user_agent: str = "") -> FeeLetter:
    """The expert signs their letter in the H5: the hand-written signature is stored as a PNG
    with its SHA-256, the time and the IP; from then on the letter is immutable (X8)."""
    letter = FeeLetter.objects.select_for_update(of=("self",)).select_related("line", "line__expert", "line__project").get(pk=letter.pk)
    line = letter.line
    if line.expert.user_id is None or line.expert.user_id != user.pk:
        raise NotFound("确认函不存在。")
    ensure_writable(line.project)
    line = _lock(line)
    if letter.status != LetterStatus.SENT or line.current_letter_id != letter.pk:
        raise Conflict("该确认函已签字或已作废，无需再次签字。", code=FeeErrorCode.LETTER_CLOSED)
    if content_hash(letter.content) != letter.content_hash:  # stored snapshot must be what was sent
        raise Conflict("确认函内容校验失败，请联系管理员重新发函。", code=FeeErrorCode.LETTER_CLOSED)
    png = signature_png(signature_data_url)
    letter.signature.save(f"letter-{letter.pk}-v{letter.version}.png", ContentFile(png), save=False)
    letter.signature_sha256 = hashlib.sha256(png).hexdigest()
    letter.signed_at = timezone.now()
    letter.signed_by = user
    letter.signed_ip = ip or None
    letter.signed_user_agent = (user_agent or "")[:300]
    letter.status = LetterStatus.SIGNED
    letter.save()
    line.status = FeeStatus.SIGNED
    line.save(update_fields=["status", "updated_at"])
    _audit(user, "letter.sign", line.project, line=line.pk, letter=letter.pk, number=letter.number, content_hash=letter.content_hash,
           signature_sha256=letter.signature_sha256, ip=letter.signed_ip)
    return letter


# --- payout ---------------------------------------------------------------------------------


@transaction.atomic
def fee_lines_mark_paid(*, actor, lines: list[FeeLine], paid_on: datetime.date, reference: str = "") -> int:
    """Record that finance paid signed lines (发放登记). Unsigned lines are refused."""
    ids = [line.pk for line in lines]
    if not ids:
        raise ApplicationError("请选择要登记发放的劳务费。", fields={"lines": ["请选择。"]})
    locked = list(FeeLine.objects.select_for_update(of=("self",)).select_related("project").filter(pk__in=ids).order_by("pk"))
    for line in locked:
        ensure_writable(line.project)
    unsigned = [line for line in locked if line.status != FeeStatus.SIGNED]
    if unsigned:
        raise Conflict(f"只有专家已签字的劳务费才能登记发放，所选中有 {len(unsigned)} 条未签字或已发放。", code=FeeErrorCode.LINE_STATE)
    for line in locked:
        line.status = FeeStatus.PAID
        line.paid_on = paid_on
        line.payment_reference = reference.strip()[:100]
        line.save(update_fields=["status", "paid_on", "payment_reference", "updated_at"])
    by_project: dict[int, list[FeeLine]] = {}
    for line in locked:
        by_project.setdefault(line.project_id, []).append(line)
    for project_lines in by_project.values():
        _audit(actor, "line.paid", project_lines[0].project, lines=[line.pk for line in project_lines], paid_on=paid_on,
               reference=reference.strip()[:100], net_amount=sum((line.net_amount for line in project_lines), Decimal("0.00")))
    return len(locked)


@transaction.atomic
def payout_sheet_export(*, actor, lines, reason: str, title: str = "专家劳务费发放表") -> bytes:
    """The finance workbook (details and one row per expert). It holds names, ID numbers and
    bank accounts: refused without a stated reason, stamped with the requester, time and reason,
    and recorded in the audit trail with whether bank accounts went out in full."""
    lines = list(lines)
    rows = payout_rows(actor=actor, lines=lines)
    full = actor.has_perm("expert_fees.view_bank_account")
    return job_services.export_document(
        actor=actor, title=title, filename=f"{title}.xlsx", personal_data=True, reason=reason,
        build=lambda: documents.payout_xlsx(rows, payout_summary(rows), title=title),
        action="expert_fees.payout.export", object_type="expert_fees.feeline",
        details={"lines": [line.pk for line in lines][:500], "count": len(lines), "bank_accounts": "full" if full else "masked"},
    )


# --- import ---------------------------------------------------------------------------------


def workload_import_row(*, actor, project_code: str, expert_id: int, expert_name: str, data: FeeLineInput) -> FeeLine:
    """One row of the workload import: create the line, or update a draft one."""
    project = project_by_code(actor=actor, code=project_code)
    if project is None:
        raise ApplicationError(f"项目编号“{project_code}”不存在或不在您的管理范围内。", fields={"project_code": ["项目不存在。"]})
    member = member_for_expert(project=project, expert_id=expert_id)
    if member is None:
        raise ApplicationError(f"专家编号 {expert_id} 不在项目“{project.title}”的评审组中。", code=FeeErrorCode.MEMBER_NOT_ON_PANEL,
                               fields={"expert_id": ["不在评审组中。"]})
    if expert_name and expert_name.strip() != member.expert.name:
        raise ApplicationError(f"专家编号 {expert_id} 与姓名“{expert_name}”不一致。", fields={"expert_name": ["与专家编号不一致。"]})
    existing = FeeLine.objects.filter(project=project, member=member).first()
    if existing is None:
        return fee_line_create(actor=actor, project=project, member=member, data=data)
    if existing.status != FeeStatus.DRAFT:
        raise Conflict(f"该专家的劳务费已“{existing.get_status_display()}”，不能通过导入修改，请在页面上修改。", code=FeeErrorCode.LINE_STATE)
    return fee_line_update(actor=actor, line=existing, data=data)
