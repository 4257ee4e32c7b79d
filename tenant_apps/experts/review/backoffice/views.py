"""Back office of online reviews: setup (window, rules, indicators), submissions with files
and import, progress with reminders, the summary table and its export. Thin views over
services and selectors; the project's data scope decides what a user may see."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport import services as job_services
from core.importexport.views import ExportReasonPageMixin
from core.web.views import BackofficeMixin
from tenant_apps.experts.panels.selectors import project_get
from tenant_apps.experts.review import documents, selectors, services
from tenant_apps.experts.review.enums import Aggregation, SetupState, SheetStatus, TotalMethod
from tenant_apps.experts.review.models import ReviewSetup, ScoreSheet, Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BLANK_INDICATOR_ROWS = 3
VIEW = "expert_review.view_reviewsetup"
CHANGE = "expert_review.change_reviewsetup"


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


class ReviewMixin(BackofficeMixin):
    """Refused actions come back as a message on the page the user came from."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:experts_review:list"))

    def review(self) -> ReviewSetup:
        review = selectors.setup_get(actor=self.request.user, pk=int(self.kwargs["pk"]))
        if review is None:
            raise Http404
        return review

    def submission(self, review: ReviewSetup) -> Submission:
        submission = selectors.submission_get(review, int(self.kwargs["sid"]))
        if submission is None:
            raise Http404
        return submission

    def require(self, permission: str) -> None:
        if not self.request.user.has_perm(permission):
            raise PermissionDenied

    def review_context(self, review: ReviewSetup, tab: str) -> dict:
        return {"review": review, "project": review.project, "tab": tab, "state": review.state(), "page_title": f"网上评审 · {review.project.title}",
                "writable": review.project.archived_at is None}


def _setup_input(post) -> services.SetupInput:
    def moment(name):
        value = parse_datetime(post.get(name, "")) if post.get(name) else None
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value

    def integer(name, default):
        value = post.get(name, "")
        return int(value) if value.strip().isdigit() else default

    pass_score = None
    if post.get("pass_score", "").strip():
        try:
            pass_score = Decimal(post["pass_score"].strip())
        except InvalidOperation as exc:
            raise ApplicationError("合格分数线应为数字。", fields={"pass_score": ["应为数字。"]}) from exc
    return services.SetupInput(
        opens_at=moment("opens_at"), closes_at=moment("closes_at"), instructions=post.get("instructions", ""),
        total_method=post.get("total_method", TotalMethod.SUM), aggregation=post.get("aggregation", Aggregation.MEAN),
        trim_min_experts=integer("trim_min_experts", 5), min_scorers=integer("min_scorers", 1), decimals=integer("decimals", 2),
        pass_score=pass_score, is_comment_required=bool(post.get("is_comment_required")),
    )


def _setup_values(review: ReviewSetup | None, project) -> dict:
    if review is None:
        opens = timezone.localtime(project.opens_at)
        return {"opens_at": _local(opens), "closes_at": _local(project.ends_at or opens + datetime.timedelta(days=3)), "total_method": TotalMethod.SUM,
                "aggregation": Aggregation.MEAN, "trim_min_experts": 5, "min_scorers": 1, "decimals": 2, "pass_score": "", "instructions": ""}
    return {"opens_at": _local(review.opens_at), "closes_at": _local(review.closes_at), "total_method": review.total_method, "aggregation": review.aggregation,
            "trim_min_experts": review.trim_min_experts, "min_scorers": review.min_scorers, "decimals": review.decimals,
            "pass_score": "" if review.pass_score is None else review.pass_score, "instructions": review.instructions,
            "is_comment_required": review.is_comment_required}


class ReviewListView(ReviewMixin, TemplateView):
    permission_required = VIEW
    template_name = "review/backoffice/list.html"
    page_title = "网上评审"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, state = self.request.GET.get("q", "").strip()[:100], self.request.GET.get("state", "")
        page = Paginator(selectors.setup_search(actor=self.request.user, q=q, state=state), 20).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(page_obj=page, q=q, state=state, states=SetupState.choices, querystring_without_page=f"{query.urlencode()}&" if query else "")
        return context


class SetupFormView(ReviewMixin, TemplateView):
    """Create the review of a project (`project` in the URL) or edit its window and rules."""

    template_name = "review/backoffice/setup_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = CHANGE if "pk" in kwargs else "expert_review.add_reviewsetup"
        return super().dispatch(request, *args, **kwargs)

    def target(self):
        if "pk" in self.kwargs:
            review = self.review()
            return review, review.project
        project = project_get(actor=self.request.user, pk=int(self.kwargs["project"]))
        if project is None:
            raise Http404
        return selectors.setup_for_project(project), project

    def get(self, request, *args, **kwargs):
        review, project = self.target()
        if review is not None and "pk" not in kwargs:
            return redirect("backoffice:experts_review:detail", pk=review.pk)
        return self.render_to_response(self.get_context_data(review=review, project=project, values=_setup_values(review, project)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(methods=TotalMethod.choices, aggregations=Aggregation.choices, tab="edit",
                       page_title=f"{'评审设置' if context.get('review') else '设置网上评审'} · {context['project'].title}")
        return context

    def post(self, request, *args, **kwargs):
        review, project = self.target()
        try:
            data = _setup_input(request.POST)
            if review is None:
                review = services.setup_create(actor=request.user, project=project, data=data)
                messages.success(request, "网上评审已创建，请设置评分指标并录入评审材料。")
            elif "pk" in kwargs:
                services.setup_update(actor=request.user, setup=review, data=data)
                messages.success(request, "评审设置已保存。")
            else:
                return redirect("backoffice:experts_review:detail", pk=review.pk)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(review=review, project=project, values=request.POST.dict(), error=exc), status=400)
        return redirect("backoffice:experts_review:detail", pk=review.pk)


class SetupDetailView(ReviewMixin, TemplateView):
    """Overview: state, window, rules and indicators; publish and close."""

    permission_required = VIEW
    template_name = "review/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review()
        indicators = selectors.setup_indicators(review)
        progress = selectors.review_progress(setup=review, actor=self.request.user)
        weights = sum((i.weight for i in indicators), Decimal(0))
        context.update(self.review_context(review, "detail"), indicators=indicators, progress=progress, rules=selectors.rules_text(review),
                       weights=weights, weights_off=review.total_method == TotalMethod.WEIGHTED and indicators and weights != 100,
                       submission_count=len(progress.submissions))
        return context

    def post(self, request, *args, **kwargs):
        self.require(CHANGE)
        review = self.review()
        action = request.POST.get("action", "")
        if action == "publish":
            services.setup_publish(actor=request.user, setup=review)
            messages.success(request, "评审已发布，已通知评审组专家。")
        elif action == "close":
            services.setup_close(actor=request.user, setup=review)
            messages.success(request, "评审已结束，汇总表按规则生成。")
        return redirect("backoffice:experts_review:detail", pk=review.pk)


class IndicatorsView(ReviewMixin, TemplateView):
    """The whole indicator list in one form (locked once scoring started)."""

    permission_required = CHANGE
    template_name = "review/backoffice/indicators.html"

    def rows(self, review):
        return [{"id": i.pk, "name": i.name, "max_score": i.max_score, "weight": i.weight, "description": i.description} for i in selectors.setup_indicators(review)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review()
        rows = kwargs.get("rows") or self.rows(review)
        context.update(self.review_context(review, "indicators"), rows=rows + [{} for _ in range(BLANK_INDICATOR_ROWS)], locked=selectors.has_scores(review),
                       weighted=review.total_method == TotalMethod.WEIGHTED)
        return context

    def post(self, request, *args, **kwargs):
        review = self.review()
        post = request.POST
        rows = []
        for index, name in enumerate(post.getlist("name")):
            def value(key, i=index):
                values = post.getlist(key)
                return values[i] if i < len(values) else ""

            raw_id = value("id")
            if not name.strip() and not value("max_score").strip():
                continue
            rows.append(services.IndicatorInput(id=int(raw_id) if raw_id.isdigit() else None, name=name, max_score=value("max_score"),
                                                weight=value("weight") or "0", description=value("description")))
        try:
            services.indicators_replace(actor=request.user, setup=review, rows=rows)
        except ApplicationError as exc:
            shown = [{"id": r.id, "name": r.name, "max_score": r.max_score, "weight": r.weight, "description": r.description} for r in rows]
            return self.render_to_response(self.get_context_data(rows=shown, error=exc), status=exc.status)
        messages.success(request, "评分指标已保存。")
        return redirect("backoffice:experts_review:detail", pk=review.pk)


class SubmissionListView(ReviewMixin, TemplateView):
    permission_required = VIEW
    template_name = "review/backoffice/submissions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review()
        q = self.request.GET.get("q", "").strip()[:100]
        page = Paginator(selectors.submission_search(review, q=q), 20).get_page(self.request.GET.get("page"))
        context.update(self.review_context(review, "submissions"), page_obj=page, q=q, querystring_without_page=f"q={q}&" if q else "")
        return context

    def post(self, request, *args, **kwargs):
        self.require(CHANGE)
        review = self.review()
        action = request.POST.get("action", "")
        if action == "add":
            submission = services.submission_create(actor=request.user, setup=review, data=services.SubmissionInput(
                title=request.POST.get("title", ""), applicant=request.POST.get("applicant", ""), unit=request.POST.get("unit", ""),
                description=request.POST.get("description", "")))
            messages.success(request, f"已添加第 {submission.number} 号材料，可在详情中上传附件。")
        elif action == "import":
            result = services.submissions_import(actor=request.user, setup=review, upload=request.FILES.get("file"))
            if result.rejected:
                context = self.get_context_data(import_result=result)
                return self.render_to_response(context)
            messages.success(request, f"已导入 {len(result.created)} 份材料。")
        elif action == "delete":
            services.submission_delete(actor=request.user, submission=self._by_id(review, request.POST.get("submission", "")))
            messages.success(request, "材料已删除。")
        return redirect("backoffice:experts_review:submissions", pk=review.pk)

    def _by_id(self, review, raw) -> Submission:
        submission = selectors.submission_get(review, int(raw)) if str(raw).isdigit() else None
        if submission is None:
            raise Http404
        return submission


class ImportTemplateView(ReviewMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        self.review()
        return _file(documents.import_template_xlsx(), "网上评审申报材料导入模板.xlsx", XLSX)


class SubmissionDetailView(ReviewMixin, TemplateView):
    """One submission: details, files, and every expert's sheet (reopen while open)."""

    permission_required = VIEW
    template_name = "review/backoffice/submission_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review()
        submission = self.submission(review)
        summary = selectors.review_summary(setup=review, actor=self.request.user)
        row = next(r for r in summary.rows if r.submission.pk == submission.pk)
        context.update(self.review_context(review, "submissions"), submission=submission, files=submission.files.all(), row=row, indicators=summary.indicators)
        return context

    def post(self, request, *args, **kwargs):
        review = self.review()
        submission = self.submission(review)
        action = request.POST.get("action", "")
        if action == "reopen":
            self.require("expert_review.reopen_sheet")
            sheet = ScoreSheet.objects.filter(submission=submission, pk=int(request.POST.get("sheet") or 0)).first()
            if sheet is None:
                raise Http404
            services.sheet_reopen(actor=request.user, sheet=sheet, reason=request.POST.get("reason", ""))
            messages.success(request, "评分表已退回专家修改。")
            return redirect("backoffice:experts_review:submission", pk=review.pk, sid=submission.pk)
        self.require(CHANGE)
        if action == "update":
            services.submission_update(actor=request.user, submission=submission, data=services.SubmissionInput(
                title=request.POST.get("title", ""), applicant=request.POST.get("applicant", ""), unit=request.POST.get("unit", ""),
                description=request.POST.get("description", "")))
            messages.success(request, "材料已保存。")
        elif action == "attach":
            if "file" not in request.FILES:
                raise ApplicationError("请选择文件。", fields={"file": ["必填。"]})
            services.submission_file_add(actor=request.user, submission=submission, uploaded=request.FILES["file"])
            messages.success(request, "附件已上传。")
        elif action == "delete_file":
            item = submission.files.filter(pk=int(request.POST.get("file") or 0)).first()
            if item is None:
                raise Http404
            services.submission_file_delete(actor=request.user, item=item)
            messages.success(request, "附件已删除。")
        return redirect("backoffice:experts_review:submission", pk=review.pk, sid=submission.pk)


class FileDownloadView(ReviewMixin, View):
    permission_required = VIEW

    def get(self, request, pk, fid):
        item = selectors.file_get(self.review(), int(fid))
        if item is None:
            raise Http404
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


class ProgressView(ReviewMixin, TemplateView):
    """Who scored what, and a reminder to those not finished (through the messaging gateway)."""

    permission_required = VIEW
    template_name = "review/backoffice/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review()
        progress = selectors.review_progress(setup=review, actor=self.request.user)
        labels = {"": "未评", **dict(SheetStatus.choices)}
        rows = [{"reviewer": r, "cells": [(status, labels[status]) for status in r.statuses]} for r in progress.reviewers]
        context.update(self.review_context(review, "progress"), progress=progress, rows=rows)
        return context

    def post(self, request, *args, **kwargs):
        self.require(CHANGE)
        review = self.review()
        count = services.reviewers_remind(actor=request.user, setup=review, channels=request.POST.getlist("channels"))
        messages.success(request, f"已向 {count} 位未完成的专家发送提醒。")
        return redirect("backoffice:experts_review:progress", pk=review.pk)


class SummaryView(ReviewMixin, TemplateView):
    permission_required = VIEW
    template_name = "review/backoffice/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review()
        summary = selectors.review_summary(setup=review, actor=self.request.user)
        context.update(self.review_context(review, "summary"), summary=summary)
        return context


class SummaryExportView(ExportReasonPageMixin, ReviewMixin, View):
    """The summary names the applicants and every expert's scores: GET asks for the export
    reason, the form POSTs back for the file (stamped and audited by the export engine)."""

    permission_required = (VIEW, "expert_review.export_review")

    def get(self, request, pk, kind):
        review = self.review()
        if kind not in ("xlsx", "pdf"):
            raise Http404
        return self.export_reason_page(request, title=f"网上评审汇总表（{review.project.code}）",
                                       back_url=reverse("backoffice:experts_review:summary", args=[review.pk]))

    def post(self, request, pk, kind):
        review = self.review()
        if kind not in ("xlsx", "pdf"):
            raise Http404
        summary = selectors.review_summary(setup=review, actor=request.user)
        tenant_name = getattr(request.tenant, "name", "")
        name = f"网上评审汇总表-{review.project.code}.{kind}"
        build = (lambda: documents.summary_xlsx(summary, tenant_name=tenant_name)) if kind == "xlsx" else (lambda: documents.summary_pdf(summary, tenant_name=tenant_name))
        try:
            content = job_services.export_document(actor=request.user, title="网上评审汇总表", filename=name, personal_data=True,
                                                   reason=request.POST.get("reason", ""), build=build, action="expert_review.summary.export",
                                                   object_type="expert_review.reviewsetup", details={"review": review.pk})
        except ApplicationError as exc:
            return self.export_reason_page(request, title=f"网上评审汇总表（{review.project.code}）", error=exc.message, status=400,
                                           back_url=reverse("backoffice:experts_review:summary", args=[review.pk]))
        response = _file(content, name, XLSX if kind == "xlsx" else "application/pdf")
        response["Cache-Control"] = "no-store"
        return response
