"""Back office of giving: projects with their timeline, donation records, the foundation's
receipts import, statistics with charts and the yearly report, and the settings (the
foundation's public-fundraising qualification and the certificate policy)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views import View
from django.views.generic import TemplateView

from core.charts import bar_chart, pie_chart
from core.errors import ApplicationError
from core.importexport.views import ImportPageView, ImportTemplateView, export_start_response
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.alumni.giving import documents, selectors, services
from tenant_apps.alumni.giving.enums import (
    Audience,
    CertificateDesign,
    DonationChannel,
    DonationStatus,
    FieldKind,
    ProjectStatus,
    UpdateKind,
)
from tenant_apps.alumni.giving.imports import RECEIPT_IMPORT_NAME
from tenant_apps.alumni.giving.models import Donation, Project, ProjectUpdate

KIND_BY_LABEL = {label: value for value, label in FieldKind.choices}


def _project(pk) -> Project:
    return get_object_or_404(Project, pk=pk, deleted_at__isnull=True)


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _fen(value, field: str, *, required: bool = True) -> int:
    if not str(value or "").strip() and not required:
        return 0
    try:
        return services.yuan_to_fen(value)
    except ValueError as exc:
        raise ApplicationError(str(exc), fields={field: [str(exc)]}) from None


def parse_form_fields(text: str) -> list[dict]:
    """One question a line: 名称 | 单行文本/单选 | 选项,选项 | 必填."""
    items = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        kind = KIND_BY_LABEL.get(parts[1] if len(parts) > 1 else "", parts[1] if len(parts) > 1 and parts[1] in FieldKind.values else FieldKind.TEXT)
        options = [o.strip() for o in (parts[2] if len(parts) > 2 else "").replace("，", ",").split(",") if o.strip()]
        items.append({"label": parts[0], "type": kind, "options": options, "required": len(parts) > 3 and parts[3] == "必填"})
    return items


def format_form_fields(fields: list[dict]) -> str:
    return "\n".join(f"{f['label']} | {FieldKind(f['type']).label} | {','.join(f['options'])} | {'必填' if f['required'] else ''}".rstrip(" |")
                     for f in fields)


class ProjectListView(BackofficeMixin, TemplateView):
    template_name = "alumni_giving/backoffice/project_list.html"
    permission_required = "alumni_giving.view_project"
    page_title = "捐赠项目"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        search = {"q": get.get("q", "").strip(), "status": get.get("status", ""), "audience": get.get("audience", "")}
        context.update(paginate(self.request, selectors.projects(keyword=search["q"], status=search["status"], audience=search["audience"])),
                       search=search, statuses=ProjectStatus.choices, audiences=Audience.choices)
        return context


class ProjectFormView(BackofficeMixin, TemplateView):
    template_name = "alumni_giving/backoffice/project_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "alumni_giving.change_project" if kwargs.get("pk") else "alumni_giving.add_project"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = _project(self.kwargs["pk"]) if self.kwargs.get("pk") else None
        initial = {"title": "", "summary": "", "story": "", "audience": Audience.MEMBERS, "platform_url": "", "status": ProjectStatus.ACTIVE, "target": "",
                   "min_amount": "1", "amount_options": "50,100,500,1000", "form_fields": "", "certificate_design": CertificateDesign.CLASSIC,
                   "certificate_title": "捐赠证书", "certificate_text": Project._meta.get_field("certificate_text").default, "ends_on": ""}
        if project:
            initial.update(title=project.title, summary=project.summary, story=project.story, audience=project.audience, platform_url=project.platform_url,
                           status=project.status, target=f"{project.target_fen / 100:g}", min_amount=f"{project.min_amount_fen / 100:g}",
                           amount_options=",".join(f"{a / 100:g}" for a in project.amount_options), form_fields=format_form_fields(project.form_fields),
                           certificate_design=project.certificate_design, certificate_title=project.certificate_title, certificate_text=project.certificate_text,
                           ends_on=project.ends_on.isoformat() if project.ends_on else "")
        if kwargs.get("form") is not None:
            initial.update({k: kwargs["form"].get(k, "") for k in initial})
        context.update(project=project, initial=initial, audiences=Audience.choices, statuses=ProjectStatus.choices, designs=CertificateDesign.choices,
                       settings=selectors.giving_settings(), page_title="编辑捐赠项目" if project else "发起捐赠项目")
        return context

    def post(self, request, pk=None):
        post = request.POST
        try:
            options = [services.yuan_to_fen(v) for v in post.get("amount_options", "").replace("，", ",").split(",") if v.strip()]
        except ValueError as exc:
            return self.render_to_response(self.get_context_data(error=f"推荐金额：{exc}", field_errors={}, form=post), status=400)
        try:
            data = services.ProjectInput(
                title=post.get("title", ""), target_fen=_fen(post.get("target"), "target"), audience=post.get("audience") or Audience.MEMBERS,
                summary=post.get("summary", ""), story=post.get("story", ""), platform_url=post.get("platform_url", "").strip(),
                status=post.get("status") or ProjectStatus.DRAFT, min_amount_fen=_fen(post.get("min_amount") or "1", "min_amount"), amount_options=options,
                form_fields=parse_form_fields(post.get("form_fields", "")), certificate_design=post.get("certificate_design") or CertificateDesign.CLASSIC,
                certificate_title=post.get("certificate_title", "").strip() or "捐赠证书", certificate_text=post.get("certificate_text", ""),
                ends_on=parse_date(post.get("ends_on", "")) if post.get("ends_on") else None)
            project = services.project_update(actor=request.user, project=_project(pk), data=data) if pk else services.project_create(actor=request.user, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields, form=post), status=400)
        messages.success(request, "项目已保存。")
        return redirect("backoffice:alumni_giving:project_detail", pk=project.pk)


class ProjectDetailView(BackofficeMixin, TemplateView):
    template_name = "alumni_giving/backoffice/project_detail.html"
    permission_required = "alumni_giving.view_project"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = _project(self.kwargs["pk"])
        context.update(project=project, page_title=project.title, updates=selectors.project_updates(project), kinds=UpdateKind.choices,
                       donations=project.donations.exclude(status=DonationStatus.CANCELLED)[:20], today=timezone.localdate().isoformat())
        return context

    def post(self, request, pk):
        project = _project(pk)
        action = request.POST.get("action", "")
        needed = {"delete": "alumni_giving.delete_project", "offline": "alumni_giving.manage_donation"}.get(action, "alumni_giving.change_project")
        if not request.user.has_perm(needed):
            raise PermissionDenied
        post = request.POST
        try:
            if action == "delete":
                services.project_delete(actor=request.user, project=project)
                messages.success(request, "项目已删除。")
                return redirect("backoffice:alumni_giving:project_list")
            if action == "update_delete":
                services.update_delete(actor=request.user, update=get_object_or_404(ProjectUpdate, pk=post.get("update"), project=project))
            elif action == "offline":
                services.donation_record_offline(actor=request.user, project=project, donor_name=post.get("donor_name", ""), amount_fen=_fen(post.get("amount"), "amount"),
                                                 paid_on=parse_date(post.get("paid_on", "")) if post.get("paid_on") else None, message=post.get("message", ""))
            else:
                services.update_add(actor=request.user, project=project, kind=post.get("kind", ""), title=post.get("title", ""), body=post.get("body", ""),
                                    spent_fen=_fen(post.get("spent"), "spent", required=False),
                                    happened_on=parse_date(post.get("happened_on", "")) if post.get("happened_on") else None, attachment=request.FILES.get("attachment"))
            messages.success(request, "已保存。")
        except ApplicationError as exc:
            messages.error(request, exc.message + "".join(f" {v[0]}" for v in (exc.fields or {}).values()))
        return redirect("backoffice:alumni_giving:project_detail", pk=pk)


def donation_search(get) -> selectors.DonationSearch:
    return selectors.DonationSearch(q=get.get("q", "").strip(), project_id=_int(get.get("project")), status=get.get("status", ""), year=_int(get.get("year")),
                                    receipt=get.get("receipt", ""), channel=get.get("channel", ""))


class DonationListView(BackofficeMixin, TemplateView):
    template_name = "alumni_giving/backoffice/donation_list.html"
    permission_required = "alumni_giving.view_donation"
    page_title = "捐赠记录"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        context.update(paginate(self.request, selectors.donations(donation_search(get))), search={k: get.get(k, "") for k in ("q", "project", "status", "year", "receipt", "channel")},
                       projects=selectors.projects(), statuses=DonationStatus.choices, channels=DonationChannel.choices,
                       years=selectors.statistics()["years"] or [selectors.this_year()])
        return context

    def post(self, request):
        if not request.user.has_perm("alumni_giving.export_donation"):
            raise PermissionDenied
        params = {k: request.POST.get(k, "") for k in ("q", "project", "status", "year", "receipt")}
        try:
            return export_start_response(request, spec_name="alumni_giving.donations", params=params, reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:alumni_giving:donation_list")


class DonationDetailView(BackofficeMixin, TemplateView):
    template_name = "alumni_giving/backoffice/donation_detail.html"
    permission_required = "alumni_giving.view_donation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        donation = get_object_or_404(Donation.objects.select_related("project"), pk=self.kwargs["pk"])
        answers = [(f["label"], donation.answers.get(f["key"], "")) for f in donation.project.form_fields]
        context.update(donation=donation, page_title=f"捐赠 {donation.number}", policy=services.certificate_policy(donation.amount_fen), answers=answers)
        return context

    def post(self, request, pk):
        if not request.user.has_perm("alumni_giving.manage_donation"):
            raise PermissionDenied
        donation = get_object_or_404(Donation, pk=pk)
        action, post = request.POST.get("action", ""), request.POST
        try:
            if action == "amount":
                services.donation_amount_change(actor=request.user, donation=donation, amount_fen=_fen(post.get("amount"), "amount"), reason=post.get("reason", ""))
            elif action == "refund":
                services.donation_refund(actor=request.user, donation=donation, reason=post.get("reason", ""))
            elif action == "certificate":
                services.certificate_issue(actor=request.user, donation=donation)
            messages.success(request, "已处理。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:alumni_giving:donation_detail", pk=pk)


class DonationCertificateView(BackofficeMixin, View):
    permission_required = "alumni_giving.view_donation"

    def get(self, request, pk):
        return documents.certificate_response(request, get_object_or_404(Donation.objects.select_related("project"), pk=pk))


class ReceiptImportView(ImportPageView):
    spec_name = RECEIPT_IMPORT_NAME
    permission_required = "alumni_giving.record_receipt"
    template_download_url = "backoffice:alumni_giving:receipt_template"
    page_title = "登记基金会电子票据"


class ReceiptTemplateView(ImportTemplateView):
    spec_name = RECEIPT_IMPORT_NAME
    permission_required = "alumni_giving.record_receipt"


def statistics_charts(stats: dict) -> list:
    def yuan(rows):
        return [round(r["amount_fen"] / 100, 2) for r in rows]

    return [
        bar_chart("按项目（元）", [r["label"] for r in stats["by_project"]], [("到账金额", yuan(stats["by_project"]))]),
        pie_chart("按分会（元）", [(r["label"], round(r["amount_fen"] / 100, 2)) for r in stats["by_chapter"]]),
        bar_chart("按入学年份（元）", [r["label"] for r in stats["by_class_year"]], [("到账金额", yuan(stats["by_class_year"]))]),
        bar_chart("按月份（元）", [r["label"] for r in stats["by_month"]], [("到账金额", yuan(stats["by_month"]))]),
    ]


class StatisticsView(BackofficeMixin, TemplateView):
    template_name = "alumni_giving/backoffice/statistics.html"
    permission_required = "alumni_giving.view_giving_statistics"
    page_title = "捐赠统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _int(self.request.GET.get("year"))
        stats = selectors.statistics(year=year)
        context.update(stats=stats, year=year, charts=statistics_charts(stats), amount_yuan=f"{stats['amount_fen'] / 100:,.2f}",
                       report_year=year or selectors.this_year())
        return context

    def post(self, request):
        year = _int(request.POST.get("year")) or selectors.this_year()
        return export_start_response(request, spec_name="alumni_giving.yearly_report", params={"year": str(year)}, reason="")


class SettingsView(BackofficeMixin, TemplateView):
    template_name = "alumni_giving/backoffice/settings.html"
    permission_required = "alumni_giving.manage_giving_settings"
    page_title = "捐赠设置"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = selectors.giving_settings()
        context.update(current=current, certificate_threshold=f"{current.certificate_threshold_fen / 100:g}",
                       seal_threshold=f"{current.seal_threshold_fen / 100:g}" if current.seal_threshold_fen is not None else "")
        return context

    def post(self, request):
        post = request.POST
        try:
            seal = post.get("seal_threshold", "").strip()
            services.settings_save(actor=request.user, data={
                "foundation_name": post.get("foundation_name", "").strip(), "has_public_qualification": post.get("has_public_qualification") == "on",
                "qualification_number": post.get("qualification_number", "").strip(), "platform_name": post.get("platform_name", "").strip(),
                "certificate_threshold_fen": _fen(post.get("certificate_threshold") or "0.01", "certificate_threshold"),
                "seal_threshold_fen": _fen(seal, "seal_threshold") if seal else None, "seal_text": post.get("seal_text", "").strip(),
                "thanks_enabled": post.get("thanks_enabled") == "on"})
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, field_errors=exc.fields), status=400)
        messages.success(request, "设置已保存。")
        return redirect("backoffice:alumni_giving:settings")
