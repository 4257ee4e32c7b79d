"""Writes for online reviews (X29). Staff services take the acting user; the experts' services
take the user and find the user's accepted seat on the project's panel themselves (no seat:
not found). Every write refuses archived projects, writes one audit event on the project (it
shows in the project panorama's log) and queues messages on commit."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tenant_apps.experts.models import Expert
from tenant_apps.experts.panels.models import Project
from tenant_apps.experts.panels.services import absolute_url, ensure_writable
from tenant_apps.experts.review.enums import Aggregation, SheetStatus, TotalMethod
from tenant_apps.experts.review.errors import ReviewErrorCode
from tenant_apps.experts.review.models import (
    Indicator,
    ReviewSetup,
    Score,
    ScoreSheet,
    Submission,
    SubmissionFile,
)
from tenant_apps.experts.review.selectors import has_scores, review_progress, reviewer_member

SETUP_FIELDS = ["instructions", "opens_at", "closes_at", "total_method", "aggregation", "trim_min_experts", "min_scorers", "decimals", "pass_score",
                "is_comment_required", "published_at", "closed_at"]
RULE_FIELDS = ["total_method", "aggregation", "trim_min_experts", "min_scorers", "decimals", "pass_score"]
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 500
REMINDER_INTERVAL = datetime.timedelta(minutes=10)
REMINDER_CHANNELS = ("sms", "email", "letter", "wechat")
TWO_PLACES = Decimal("0.01")


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError("请检查填写的内容。", fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from exc


def _audit(actor, action: str, setup: ReviewSetup, *, before: dict | None = None, **after) -> None:
    """On the project, so that the panorama's log shows the review's history."""
    audit_record(actor=actor, action=f"expert_review.{action}", target=setup.project, before=before, after=after or None, only_changes=before is not None)


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


# --- setup ----------------------------------------------------------------------------------


@dataclass
class SetupInput:
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    instructions: str = ""
    total_method: str = TotalMethod.SUM
    aggregation: str = Aggregation.MEAN
    trim_min_experts: int = 5
    min_scorers: int = 1
    decimals: int = 2
    pass_score: Decimal | None = None
    is_comment_required: bool = False


def _apply_setup(setup: ReviewSetup, data: SetupInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.opens_at is None or data.closes_at is None:
        errors["opens_at"] = ["请填写评审时间。"]
    elif data.closes_at <= data.opens_at:
        errors["closes_at"] = ["截止时间须晚于开始时间。"]
    if data.total_method not in TotalMethod.values:
        errors["total_method"] = ["计算方式无效。"]
    if data.aggregation not in Aggregation.values:
        errors["aggregation"] = ["汇总方式无效。"]
    if not 3 <= int(data.trim_min_experts) <= 99:
        errors["trim_min_experts"] = ["应为 3 到 99 之间的整数。"]
    if not 1 <= int(data.min_scorers) <= 99:
        errors["min_scorers"] = ["应为 1 到 99 之间的整数。"]
    if not 0 <= int(data.decimals) <= 4:
        errors["decimals"] = ["应为 0 到 4。"]
    if data.pass_score is not None and data.pass_score < 0:
        errors["pass_score"] = ["不能为负数。"]
    if errors:
        raise ApplicationError("请检查评审设置。", fields=errors)
    setup.opens_at, setup.closes_at = data.opens_at, data.closes_at
    setup.instructions = data.instructions.strip()[:5000]
    setup.total_method, setup.aggregation = data.total_method, data.aggregation
    setup.trim_min_experts, setup.min_scorers, setup.decimals = int(data.trim_min_experts), int(data.min_scorers), int(data.decimals)
    setup.pass_score = data.pass_score
    setup.is_comment_required = bool(data.is_comment_required)


def _check_weights(setup: ReviewSetup, weights: list[Decimal] | None = None) -> None:
    """Weighted totals are out of 100: the weights must add up to 100."""
    if setup.total_method != TotalMethod.WEIGHTED:
        return
    weights = weights if weights is not None else list(setup.indicators.values_list("weight", flat=True))
    if weights and sum(weights, Decimal(0)) != 100:
        raise ApplicationError(f"按权重折算时各指标权重合计须为 100（当前 {sum(weights, Decimal(0)).normalize():f}）。", code=ReviewErrorCode.NOT_READY,
                               fields={"weight": ["权重合计须为 100。"]})


@transaction.atomic
def setup_create(*, actor, project: Project, data: SetupInput) -> ReviewSetup:
    """Start the online review of a project (one per project)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    ensure_writable(project)
    if ReviewSetup.objects.filter(project=project).exists():
        raise Conflict("该项目已设置网上评审。", code=ReviewErrorCode.SETUP_EXISTS)
    setup = ReviewSetup(project=project, created_by=_user_or_none(actor))
    _apply_setup(setup, data)
    _clean(setup)
    setup.save()
    _audit(actor, "setup.create", setup, **snapshot(setup, fields=SETUP_FIELDS))
    return setup


@transaction.atomic
def setup_update(*, actor, setup: ReviewSetup, data: SetupInput) -> ReviewSetup:
    """Window and rules. The rules are frozen once the review has closed (extend the window to
    reopen it first); every change is audited with before/after."""
    setup = ReviewSetup.objects.select_for_update().select_related("project").get(pk=setup.pk)
    ensure_writable(setup.project)
    before = snapshot(setup, fields=SETUP_FIELDS)
    was_closed = setup.is_closed
    _apply_setup(setup, data)
    if was_closed and any(before[f] != snapshot(setup, fields=[f])[f] for f in RULE_FIELDS):
        raise Conflict("评审已结束，汇总规则不能再修改。", code=ReviewErrorCode.RULES_LOCKED)
    if setup.published_at is not None:
        _check_weights(setup)
    if setup.closed_at and setup.closes_at > timezone.now():
        setup.closed_at = None  # the window was extended: open again
    _clean(setup)
    setup.save()
    audit_record(actor=actor, action="expert_review.setup.update", target=setup.project, before=before, after=snapshot(setup, fields=SETUP_FIELDS))
    return setup


def _check_ready(setup: ReviewSetup) -> None:
    if not setup.indicators.exists():
        raise ApplicationError("请先设置评分指标。", code=ReviewErrorCode.NOT_READY, fields={"indicators": ["至少一个指标。"]})
    if not setup.submissions.exists():
        raise ApplicationError("请先录入评审材料。", code=ReviewErrorCode.NOT_READY, fields={"submissions": ["至少一份材料。"]})
    _check_weights(setup)
    if setup.closes_at <= timezone.now():
        raise ApplicationError("评审截止时间已过，请先修改评审时间。", code=ReviewErrorCode.NOT_READY, fields={"closes_at": ["已过期。"]})


@transaction.atomic
def setup_publish(*, actor, setup: ReviewSetup, notify: bool = True) -> ReviewSetup:
    """Make the review visible to the panel and tell the accepted members."""
    setup = ReviewSetup.objects.select_for_update().select_related("project").get(pk=setup.pk)
    ensure_writable(setup.project)
    if setup.published_at is not None:
        raise Conflict("评审已发布。", code=ReviewErrorCode.NOT_READY)
    _check_ready(setup)
    setup.published_at = timezone.now()
    setup.save(update_fields=["published_at", "updated_at"])
    reviewers = review_progress(setup=setup).reviewers
    _audit(actor, "setup.publish", setup, reviewers=len(reviewers))
    if notify and reviewers:
        window = f"{timezone.localtime(setup.opens_at):%Y-%m-%d %H:%M} 至 {timezone.localtime(setup.closes_at):%Y-%m-%d %H:%M}"
        _notify([r.member.expert for r in reviewers], setup, subject=f"网上评审：{setup.project.title}",
                text=f"“{setup.project.title}”网上评审已发布，评审时间 {window}，请登录后在线评分。", channels=["sms", "email"])
    return setup


@transaction.atomic
def setup_close(*, actor, setup: ReviewSetup) -> ReviewSetup:
    """End the review now: drafts stay out of the summary and nothing can be scored any more."""
    setup = ReviewSetup.objects.select_for_update().select_related("project").get(pk=setup.pk)
    ensure_writable(setup.project)
    if setup.published_at is None or setup.is_closed:
        raise Conflict("只能结束已发布且未结束的评审。", code=ReviewErrorCode.CLOSED)
    now = timezone.now()
    setup.closes_at = setup.closed_at = now
    if setup.opens_at > now:
        setup.opens_at = now
    setup.save(update_fields=["opens_at", "closes_at", "closed_at", "updated_at"])
    _audit(actor, "setup.close", setup, closed_at=now.isoformat())
    return setup


# --- indicators -----------------------------------------------------------------------------


@dataclass
class IndicatorInput:
    name: str
    max_score: Decimal
    weight: Decimal = Decimal(0)
    description: str = ""
    id: int | None = None


def _decimal(value, *, field_name: str, errors: dict, low: Decimal, high: Decimal, label: str) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[field_name] = [f"{label}应为数字。"]
        return None
    if not number.is_finite() or number != number.quantize(TWO_PLACES) or not low <= number <= high:
        errors[field_name] = [f"{label}应在 {low} 到 {high} 之间，最多两位小数。"]
        return None
    return number.quantize(TWO_PLACES)


@transaction.atomic
def indicators_replace(*, actor, setup: ReviewSetup, rows: list[IndicatorInput]) -> list[Indicator]:
    """Set the whole indicator list at once (rows with an id are kept and updated, missing ones
    removed). Locked once any expert has scored, so that every sheet has the same indicators."""
    setup = ReviewSetup.objects.select_for_update().select_related("project").get(pk=setup.pk)
    ensure_writable(setup.project)
    if has_scores(setup):
        raise Conflict("已有专家开始评分，评分指标不能再修改。", code=ReviewErrorCode.INDICATORS_LOCKED)
    errors: dict[str, list[str]] = {}
    cleaned: list[tuple[IndicatorInput, Decimal, Decimal]] = []
    names: set[str] = set()
    for index, row in enumerate(rows, start=1):
        name = row.name.strip()
        if not name:
            errors[f"name_{index}"] = [f"第 {index} 个指标缺少名称。"]
            continue
        if name in names:
            errors[f"name_{index}"] = [f"指标“{name}”重复。"]
        names.add(name)
        max_score = _decimal(row.max_score, field_name=f"max_score_{index}", errors=errors, low=TWO_PLACES, high=Decimal(1000), label="满分")
        weight = _decimal(row.weight or 0, field_name=f"weight_{index}", errors=errors, low=Decimal(0), high=Decimal(100), label="权重")
        if max_score is not None and weight is not None:
            cleaned.append((row, max_score, weight))
    if not rows:
        errors["indicators"] = ["至少一个指标。"]
    if errors:
        raise ApplicationError("请检查评分指标。", fields=errors)
    if setup.published_at is not None:
        _check_weights(setup, [w for _, _, w in cleaned])
    existing = {i.pk: i for i in setup.indicators.all()}
    keep = {row.id for row, _, _ in cleaned if row.id in existing}
    Indicator.objects.filter(setup=setup).exclude(pk__in=keep).delete()
    # Free the names first: a rename may take a name that another kept row gives up.
    Indicator.objects.filter(setup=setup).update(name=Concat(Value("__"), Cast(F("pk"), output_field=CharField())))
    saved = []
    for order, (row, max_score, weight) in enumerate(cleaned, start=1):
        indicator = existing.get(row.id) if row.id in keep else Indicator(setup=setup)
        indicator.order, indicator.name, indicator.max_score, indicator.weight = order, row.name.strip()[:100], max_score, weight
        indicator.description = row.description.strip()[:500]
        indicator.save()
        saved.append(indicator)
    _audit(actor, "indicators.replace", setup, indicators=[{"name": i.name, "max_score": str(i.max_score), "weight": str(i.weight)} for i in saved])
    return saved


# --- submissions ----------------------------------------------------------------------------


@dataclass
class SubmissionInput:
    title: str
    applicant: str = ""
    unit: str = ""
    description: str = ""


def _apply_submission(submission: Submission, data: SubmissionInput) -> None:
    submission.title = data.title.strip()[:200]
    submission.applicant = data.applicant.strip()[:100]
    submission.unit = data.unit.strip()[:200]
    submission.description = data.description.strip()[:5000]
    if not submission.title:
        raise ApplicationError("请填写材料名称。", fields={"title": ["必填。"]})


def _next_number(setup: ReviewSetup) -> int:
    return (setup.submissions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def submission_create(*, actor, setup: ReviewSetup, data: SubmissionInput) -> Submission:
    setup = ReviewSetup.objects.select_for_update().select_related("project").get(pk=setup.pk)
    ensure_writable(setup.project)
    if setup.is_closed:
        raise Conflict("评审已结束，不能再添加材料。", code=ReviewErrorCode.CLOSED)
    submission = Submission(setup=setup, number=_next_number(setup), created_by=_user_or_none(actor))
    _apply_submission(submission, data)
    _clean(submission)
    submission.save()
    _audit(actor, "submission.create", setup, submission=submission.pk, title=submission.title)
    return submission


@transaction.atomic
def submission_update(*, actor, submission: Submission, data: SubmissionInput) -> Submission:
    setup = submission.setup
    ensure_writable(setup.project)
    before = snapshot(submission, fields=["title", "applicant", "unit", "description"])
    _apply_submission(submission, data)
    _clean(submission)
    submission.save()
    audit_record(actor=actor, action="expert_review.submission.update", target=setup.project, before=before,
                 after=snapshot(submission, fields=["title", "applicant", "unit", "description"]))
    return submission


@transaction.atomic
def submission_delete(*, actor, submission: Submission) -> None:
    """Only while no expert has scored or recused it (drafts without scores go with it)."""
    setup = submission.setup
    ensure_writable(setup.project)
    if submission.sheets.exclude(status=SheetStatus.DRAFT).exists() or Score.objects.filter(sheet__submission=submission).exists():
        raise Conflict("已有专家评分的材料不能删除。", code=ReviewErrorCode.SUBMISSION_SCORED)
    files = [f.file.name for f in submission.files.all()]
    _audit(actor, "submission.delete", setup, submission=submission.pk, title=submission.title)
    submission.delete()
    storage = SubmissionFile._meta.get_field("file").storage

    def remove() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def submission_file_add(*, actor, submission: Submission, uploaded: UploadedFile) -> SubmissionFile:
    setup = submission.setup
    ensure_writable(setup.project)
    if uploaded.size > MAX_FILE_BYTES:
        raise ApplicationError("附件不能超过 50MB。", fields={"file": ["文件过大。"]})
    item = SubmissionFile.objects.create(submission=submission, file=uploaded, original_name=uploaded.name[:200], size=uploaded.size, uploaded_by=_user_or_none(actor))
    _audit(actor, "submission.file_add", setup, submission=submission.pk, name=item.original_name)
    return item


@transaction.atomic
def submission_file_delete(*, actor, item: SubmissionFile) -> None:
    setup = item.submission.setup
    ensure_writable(setup.project)
    _audit(actor, "submission.file_delete", setup, submission=item.submission_id, name=item.original_name)
    name, storage = item.file.name, item.file.storage
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))


@dataclass
class ImportResult:
    created: list[Submission] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (row number in the file, reason)


EXAMPLE_PREFIX = "（示例）"  # the template's example row, skipped when left in
IMPORT_HEADERS = {"名称": "title", "材料名称": "title", "项目名称": "title", "标题": "title", "申报人": "applicant", "申报单位": "unit", "单位": "unit",
                  "简介": "description", "说明": "description"}


def _read_rows(upload) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    from core.importexport.xlsx import cell_text, normalize_header

    if upload is None:
        raise ApplicationError("请选择要上传的文件。", code=ReviewErrorCode.IMPORT_INVALID, fields={"file": ["请选择文件。"]})
    if not (getattr(upload, "name", "") or "").lower().endswith(".xlsx") or upload.size > MAX_IMPORT_BYTES:
        raise ApplicationError("请上传不超过 5MB 的 .xlsx 文件。", code=ReviewErrorCode.IMPORT_INVALID, fields={"file": ["文件类型或大小不符。"]})
    upload.seek(0)
    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise ApplicationError("文件内容不是有效的 .xlsx 表格。", code=ReviewErrorCode.IMPORT_INVALID, fields={"file": ["无法读取。"]}) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [IMPORT_HEADERS.get(normalize_header(h), "") for h in next(rows, ())]
    if "title" not in header:
        raise ApplicationError("表头缺少“名称”列，请使用导入模板。", code=ReviewErrorCode.IMPORT_INVALID, fields={"file": ["缺少名称列。"]})
    out = []
    for number, values in enumerate(rows, start=2):
        record = {key: cell_text(value) for key, value in zip(header, values, strict=False) if key}
        if any(record.values()) and not record.get("title", "").startswith(EXAMPLE_PREFIX):
            out.append((number, record))
        if len(out) > MAX_IMPORT_ROWS:
            raise ApplicationError(f"每次最多导入 {MAX_IMPORT_ROWS} 行。", code=ReviewErrorCode.IMPORT_INVALID, fields={"file": ["行数过多。"]})
    workbook.close()
    return out


@transaction.atomic
def submissions_import(*, actor, setup: ReviewSetup, upload) -> ImportResult:
    """Rows of the template (名称*, 申报人, 申报单位, 简介): valid rows become submissions,
    the others are returned with the reason (a list is tens of rows: done in the request)."""
    setup = ReviewSetup.objects.select_for_update().select_related("project").get(pk=setup.pk)
    ensure_writable(setup.project)
    if setup.is_closed:
        raise Conflict("评审已结束，不能再添加材料。", code=ReviewErrorCode.CLOSED)
    rows = _read_rows(upload)
    result = ImportResult()
    seen = {(t.strip(), u.strip()) for t, u in setup.submissions.values_list("title", "unit")}
    number = _next_number(setup)
    for row_number, record in rows:
        title, unit = record.get("title", "").strip(), record.get("unit", "").strip()
        if not title:
            result.rejected.append((row_number, "缺少名称"))
            continue
        limits = [("title", 200, "名称"), ("applicant", 100, "申报人"), ("unit", 200, "申报单位")]
        too_long = [label for key, size, label in limits if len(record.get(key, "")) > size]
        if too_long:
            result.rejected.append((row_number, f"{'、'.join(too_long)}过长"))
            continue
        if (title, unit) in seen:
            result.rejected.append((row_number, "与已有材料重复（名称和单位相同）"))
            continue
        seen.add((title, unit))
        submission = Submission(setup=setup, number=number, created_by=_user_or_none(actor))
        _apply_submission(submission, SubmissionInput(title=title, applicant=record.get("applicant", ""), unit=unit, description=record.get("description", "")))
        submission.save()
        result.created.append(submission)
        number += 1
    _audit(actor, "submission.import", setup, created=len(result.created), rejected=len(result.rejected))
    return result


# --- the experts' score sheets ---------------------------------------------------------------


def _seat(*, user, setup: ReviewSetup, submission: Submission):
    member = reviewer_member(setup=setup, user=user)
    if member is None or setup.published_at is None or submission.setup_id != setup.pk:
        raise NotFound("评审不存在。")
    return member


def _check_window(setup: ReviewSetup, *, scoring: bool) -> None:
    ensure_writable(setup.project)
    now = timezone.now()
    if now >= setup.closes_at:
        raise Conflict("评审已结束，不能再修改。", code=ReviewErrorCode.CLOSED)
    if scoring and now < setup.opens_at:
        raise Conflict(f"评审将于 {timezone.localtime(setup.opens_at):%Y-%m-%d %H:%M} 开始，届时才能评分。", code=ReviewErrorCode.NOT_OPEN)


def _locked_sheet(submission: Submission, member) -> ScoreSheet:
    Submission.objects.select_for_update().filter(pk=submission.pk).first()  # one writer per submission
    sheet = ScoreSheet.objects.filter(submission=submission, expert_id=member.expert_id).first()
    if sheet is None:
        return ScoreSheet(submission=submission, expert_id=member.expert_id, member=member)
    if sheet.is_locked:
        raise Conflict("该评分表已提交或已回避，不能再修改。", code=ReviewErrorCode.SHEET_LOCKED)
    return sheet


@transaction.atomic
def sheet_save(*, user, setup: ReviewSetup, submission: Submission, scores: dict, comment: str = "", declared_no_conflict: bool = False,
               submit: bool = False) -> ScoreSheet:
    """Save the expert's scores as a draft, or submit them (all indicators scored, no conflict
    declared, comment when the rules ask for one). A submitted sheet is locked."""
    member = _seat(user=user, setup=setup, submission=submission)
    _check_window(setup, scoring=True)
    sheet = _locked_sheet(submission, member)
    indicators = {i.pk: i for i in setup.indicators.all()}
    errors: dict[str, list[str]] = {}
    values: dict[int, Decimal] = {}
    for key, raw in scores.items():
        indicator = indicators.get(int(key)) if str(key).isdigit() else None
        if indicator is None:
            errors[f"score_{key}"] = ["指标不存在。"]
            continue
        if raw is None or str(raw).strip() == "":
            continue
        value = _decimal(raw, field_name=f"score_{indicator.pk}", errors=errors, low=Decimal(0), high=indicator.max_score, label=indicator.name)
        if value is not None:
            values[indicator.pk] = value
    if errors:
        raise ApplicationError("请检查填写的分数。", fields=errors)
    comment = (comment or "").strip()[:5000]
    if submit:
        missing = [i for i in indicators.values() if i.pk not in values]
        if missing:
            raise ApplicationError(f"请为每个指标打分后再提交（未评：{'、'.join(i.name for i in missing)}）。", code=ReviewErrorCode.INCOMPLETE,
                                   fields={f"score_{i.pk}": ["必填。"] for i in missing})
        if not declared_no_conflict:
            raise ApplicationError("提交前请声明与该材料无利益冲突；如有冲突请申请回避。", code=ReviewErrorCode.INCOMPLETE,
                                   fields={"declared_no_conflict": ["请确认声明。"]})
        if setup.is_comment_required and not comment:
            raise ApplicationError("请填写评审意见后再提交。", code=ReviewErrorCode.INCOMPLETE, fields={"comment": ["必填。"]})
    sheet.comment = comment
    sheet.declared_no_conflict = bool(declared_no_conflict)
    if submit:
        sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, timezone.now()
    sheet.save()
    sheet.scores.exclude(indicator_id__in=list(values)).delete()
    for indicator_id, value in values.items():
        Score.objects.update_or_create(sheet=sheet, indicator_id=indicator_id, defaults={"value": value})
    _audit(user, "sheet.submit" if submit else "sheet.save", setup, submission=submission.pk, expert=member.expert_id,
           scores={str(k): str(v) for k, v in values.items()})
    return sheet


@transaction.atomic
def sheet_recuse(*, user, setup: ReviewSetup, submission: Submission, reason: str) -> ScoreSheet:
    """Conflict of interest: the expert steps aside for this submission (excluded from the
    summary). Possible from publication until the review closes; final like a submission."""
    member = _seat(user=user, setup=setup, submission=submission)
    _check_window(setup, scoring=False)
    if not (reason or "").strip():
        raise ApplicationError("请说明回避理由。", fields={"reason": ["必填。"]})
    sheet = _locked_sheet(submission, member)
    sheet.status, sheet.submitted_at = SheetStatus.RECUSED, timezone.now()
    sheet.recusal_reason = reason.strip()[:300]
    sheet.declared_no_conflict = False
    sheet.save()
    sheet.scores.all().delete()
    _audit(user, "sheet.recuse", setup, submission=submission.pk, expert=member.expert_id, reason=sheet.recusal_reason)
    return sheet


@transaction.atomic
def sheet_reopen(*, actor, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """Staff return a submitted (or recused) sheet to the expert as a draft, while the review
    is still open, e.g. when the expert submitted by mistake."""
    if not actor.has_perm("expert_review.reopen_sheet"):
        raise PermissionDenied("您无权退回专家评分表。")
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related("submission__setup__project", "expert").get(pk=sheet.pk)
    setup = sheet.submission.setup
    _check_window(setup, scoring=False)
    if not sheet.is_locked:
        raise Conflict("该评分表尚未提交。", code=ReviewErrorCode.SHEET_LOCKED)
    if not (reason or "").strip():
        raise ApplicationError("请填写退回原因。", fields={"reason": ["必填。"]})
    previous = sheet.status
    sheet.status, sheet.submitted_at, sheet.recusal_reason = SheetStatus.DRAFT, None, ""
    sheet.save(update_fields=["status", "submitted_at", "recusal_reason", "updated_at"])
    _audit(actor, "sheet.reopen", setup, submission=sheet.submission_id, expert=sheet.expert_id, previous=previous, reason=reason.strip()[:300])
    _notify([sheet.expert], setup, subject=f"评分已退回：{setup.project.title}",
            text=f"您对“{sheet.submission.title}”的评分已退回修改，原因：{reason.strip()[:100]}。请在 {timezone.localtime(setup.closes_at):%m-%d %H:%M} 前重新提交。",
            channels=["sms", "email"])
    return sheet


# --- reminders ------------------------------------------------------------------------------


def _recipient(expert: Expert):
    from tenant_apps.messaging.recipients import Recipient

    return Recipient(user_id=expert.user_id, name=expert.name, phone=expert.phone, email=expert.email)


def _notify(experts: list[Expert], setup: ReviewSetup, *, subject: str, text: str, channels: list[str]) -> None:
    """Through the messaging gateway, on commit, with the H5 link. The source is the project's,
    so the message shows among the project panorama's notifications."""
    path = reverse("h5:experts_review:detail", args=[setup.pk])
    recipients = [_recipient(e) for e in experts]
    project_id = setup.project_id

    def send() -> None:
        from tenant_apps.messaging.services import message_send

        message_send(actor=None, subject=subject, body=f"{text}评审入口：{absolute_url(path)}", channels=channels, recipients=recipients,
                     purpose="transactional", source=f"panels:project:{project_id}", link=path)

    transaction.on_commit(send)


@transaction.atomic
def reviewers_remind(*, actor, setup: ReviewSetup, channels: list[str] | None = None) -> int:
    """Remind the panel members who have not finished every submission. At most once every 10
    minutes per review, so that a double click does not send twice."""
    setup = ReviewSetup.objects.select_for_update().select_related("project").get(pk=setup.pk)
    ensure_writable(setup.project)
    if setup.published_at is None or setup.is_closed:
        raise Conflict("只能催办已发布且未结束的评审。", code=ReviewErrorCode.CLOSED)
    now = timezone.now()
    if setup.last_reminded_at and now - setup.last_reminded_at < REMINDER_INTERVAL:
        raise Conflict("刚刚已催办过，请 10 分钟后再试。", code=ReviewErrorCode.REMINDER_TOO_SOON)
    channels = [c for c in (channels or ["sms", "email"]) if c in REMINDER_CHANNELS] or ["sms", "email"]
    pending = review_progress(setup=setup).incomplete
    if not pending:
        raise Conflict("所有专家均已完成评分，无需催办。", code=ReviewErrorCode.NOTHING_TO_REMIND)
    setup.last_reminded_at = now
    setup.save(update_fields=["last_reminded_at", "updated_at"])
    deadline = timezone.localtime(setup.closes_at).strftime("%Y-%m-%d %H:%M")
    _notify([r.member.expert for r in pending], setup, subject=f"评审提醒：{setup.project.title}",
            text=f"“{setup.project.title}”网上评审尚有材料未完成评分，请于 {deadline} 前完成。", channels=channels)
    _audit(actor, "reviewers.remind", setup, experts=[r.member.expert_id for r in pending], channels=channels)
    return len(pending)
