"""Back office of the expert library: thin views over services and selectors."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.charts import bar_chart
from core.errors import ApplicationError
from core.importexport.services import background_threshold
from core.importexport.spec import export_spec
from core.importexport.views import ImportPageView, ImportTemplateView, export_start_response
from core.web.links import tenant_url
from core.web.views import BackofficeMixin
from tenant_apps.accounts.models import OrgUnit
from tenant_apps.experts import documents, selectors, services
from tenant_apps.experts.enums import (
    AttachmentKind,
    AvoidanceKind,
    ChangeStatus,
    ExpertSource,
    Gender,
    LeaveReason,
    PointEvent,
    ReviewDecision,
    TitleLevel,
)
from tenant_apps.experts.exports import params_from_query
from tenant_apps.experts.imports import IMPORT_SPEC_NAME
from tenant_apps.experts.models import (
    AvoidanceUnit,
    Certificate,
    CertificateTemplate,
    ConfirmationCampaign,
    Domain,
    Expert,
    ExpertLeave,
    ExpertType,
    ExportPolicy,
    ImportRun,
    PointRule,
    ProfileChange,
    SavedSearch,
    Tag,
)
from tenant_apps.experts.pages import ApplicationErrorPageMixin

FIELD_LABELS = {f.name: str(f.verbose_name) for f in Expert._meta.get_fields() if hasattr(f, "verbose_name")}


class ExpertBackofficeMixin(ApplicationErrorPageMixin, BackofficeMixin):
    """Back-office access checks; a refused or stale action shows its message with its status."""

    error_area = "backoffice"


def _expert(request, pk: int) -> Expert:
    expert = selectors.expert_get(actor=request.user, pk=pk)
    if expert is None:
        raise Http404
    return expert


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class ExpertPage(ExpertBackofficeMixin, TemplateView):
    permission_required = "experts.view_expert"


# --- list, search, bulk actions ------------------------------------------------------------


class ExpertPaginator(Paginator):
    """Counts with `selectors.result_count`: exact for usual result sizes, the planner's
    estimate (shown as 约) when a list spans most of a large library."""

    exact_up_to = 200_000  # exact for a bureau library, so the list agrees with the dashboard

    @cached_property
    def result(self) -> selectors.ResultCount:
        return selectors.result_count(self.object_list, exact_up_to=self.exact_up_to)

    @cached_property
    def count(self) -> int:
        return self.result.value


class ExpertListView(ExpertPage):
    template_name = "experts/backoffice/expert_list.html"
    page_title = "专家管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.ExpertSearch.from_query(self.request.GET)
        queryset = selectors.expert_search(actor=self.request.user, search=search).prefetch_related("domains", "tags")
        page = ExpertPaginator(queryset, 20).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            search=search, page_obj=page, rows=[selectors.masked(e) for e in page.object_list],
            querystring_without_page=(params.urlencode() + "&") if params else "", current_query=params.urlencode(),
            pools=selectors.POOLS, domains=selectors.domain_tree(), tags=Tag.objects.all(), title_levels=TitleLevel.choices,
            expert_types=ExpertType.objects.all(), sources=ExpertSource.choices, saved=selectors.saved_searches(user=self.request.user),
            today=timezone.localdate(),
        )
        return context

    def post(self, request):
        action = request.POST.get("action", "")
        ids = _ids(request.POST.getlist("ids"))
        experts = list(selectors.expert_scope(actor=request.user).filter(pk__in=ids))
        back = request.POST.get("back", "")
        target = reverse("backoffice:experts:expert_list") + (f"?{back}" if back else "")
        needs = {"delete": "experts.delete_expert", "restore": "experts.delete_expert", "blacklist": "experts.manage_blacklist",
                 "unblacklist": "experts.manage_blacklist", "tag": "experts.change_expert", "untag": "experts.change_expert"}
        if action not in needs or not request.user.has_perm(needs[action]):
            messages.error(request, "无权执行该操作。")
            return redirect(target)
        if not experts:
            messages.error(request, "请先勾选专家。")
            return redirect(target)
        try:
            if action == "delete":
                count = services.experts_delete(actor=request.user, experts=experts, reason=request.POST.get("reason", ""))
            elif action == "restore":
                count = services.experts_restore(actor=request.user, experts=experts)
            elif action == "blacklist":
                count = services.experts_blacklist(actor=request.user, experts=experts, reason=request.POST.get("reason", ""))
            elif action == "unblacklist":
                count = services.experts_unblacklist(actor=request.user, experts=experts)
            else:
                tag = Tag.objects.filter(pk=request.POST.get("tag") or 0).first()
                if tag is None:
                    raise ApplicationError("请选择标签。")
                count = services.experts_tag(actor=request.user, experts=experts, tag=tag, add=action == "tag")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, f"已处理 {count} 位专家。")
        return redirect(target)


class SavedSearchView(ExpertBackofficeMixin, View):
    permission_required = "experts.view_expert"

    def post(self, request):
        delete_id = request.POST.get("delete")
        if delete_id:
            saved = SavedSearch.objects.filter(pk=delete_id, user=request.user).first()
            if saved:
                services.saved_search_delete(user=request.user, saved=saved)
            return redirect("backoffice:experts:expert_list")
        query = request.POST.get("query", "")
        try:
            services.saved_search_save(user=request.user, name=request.POST.get("name", ""), query=query)
            messages.success(request, "已存为常用搜索。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("backoffice:experts:expert_list") + (f"?{query}" if query else ""))


class ExpertAddView(ExpertPage):
    permission_required = ("experts.view_expert", "experts.add_expert")
    template_name = "experts/backoffice/expert_add.html"
    page_title = "添加专家"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(domains=selectors.domain_tree(), tags=Tag.objects.all(), title_levels=TitleLevel.choices, genders=Gender.choices,
                       expert_types=ExpertType.objects.all(), org_units=OrgUnit.objects.filter(kind="department"))
        return context

    def post(self, request):
        post = request.POST
        data = services.ExpertInput(
            name=post.get("name", ""), phone=post.get("phone", "").strip(), employer=post.get("employer", ""), title=post.get("title", ""),
            email=post.get("email", ""), gender=post.get("gender", ""), id_number=post.get("id_number", ""), position=post.get("position", ""),
            title_level=post.get("title_level", ""), education=post.get("education", ""), specialty=post.get("specialty", ""),
            region=post.get("region", ""), domain_ids=tuple(_ids(post.getlist("domains"))), tag_ids=tuple(_ids(post.getlist("tags"))),
            expert_type=ExpertType.objects.filter(pk=post.get("expert_type") or 0).first(),
            org_unit=OrgUnit.objects.filter(pk=post.get("org_unit") or 0).first() or request.user.org_unit,
        )
        try:
            expert = services.expert_create(actor=request.user, data=data, notify=post.get("notify") == "1")
        except ApplicationError as exc:
            context = self.get_context_data(error=exc, form=post, selected_domains=_ids(post.getlist("domains")))
            return self.render_to_response(context, status=400)
        messages.success(request, f"已添加专家 {expert.name}。")
        return redirect("backoffice:experts:expert_detail", pk=expert.pk)


class ExpertImportView(ApplicationErrorPageMixin, ImportPageView):
    """Template, upload and recent jobs; the rows are checked and saved by the import kernel's
    worker task, and the job page shows progress and the report of rejected rows."""

    error_area = "backoffice"
    spec_name = IMPORT_SPEC_NAME
    permission_required = ("experts.view_expert", "experts.import_expert")
    template_name = "experts/backoffice/expert_import.html"
    template_download_url = "backoffice:experts:expert_import_template"
    page_title = "批量导入专家"

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):  # links from before the template had its own URL
            return redirect("backoffice:experts:expert_import_template")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["legacy_runs"] = ImportRun.objects.filter(created_by=self.request.user)[:10]
        return context


class ExpertImportTemplateView(ApplicationErrorPageMixin, ImportTemplateView):
    error_area = "backoffice"
    spec_name = IMPORT_SPEC_NAME
    permission_required = ("experts.view_expert", "experts.import_expert")


class ImportReportView(ExpertBackofficeMixin, View):
    permission_required = "experts.import_expert"

    def get(self, request, pk: int):
        run = ImportRun.objects.filter(pk=pk, created_by=request.user).first()
        if run is None or not run.report:
            raise Http404
        return FileResponse(run.report.open("rb"), as_attachment=True, filename=f"未导入信息-{run.pk}.xlsx")


class ExpertExportView(ExpertBackofficeMixin, TemplateView):
    """GET: what the export will hold (fields, masked or not, how many experts) and the reason
    form; POST: the file. Personal data needs a stated reason, plain values the reveal right and
    an explicit choice; the file carries the requester, the time and the reason."""

    permission_required = ("experts.view_expert", "experts.export_expert")
    template_name = "experts/backoffice/export_confirm.html"
    page_title = "导出专家名单"

    def _fields(self):
        return selectors.export_fields_for(self.request.user)

    def _refuse(self):
        messages.error(self.request, "您的角色没有可导出的字段，请联系管理员在“专家库设置”中配置。")
        return redirect("backoffice:experts:expert_list")

    def get(self, request, *args, **kwargs):
        if not self._fields():
            return self._refuse()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fields = self._fields()
        query = self.request.GET if self.request.method == "GET" else self.request.POST
        search = selectors.ExpertSearch.from_query(query)
        count = selectors.result_count(selectors.expert_search(actor=self.request.user, search=search))
        keep = {k: v for k, v in query.items() if k not in {"csrfmiddlewaretoken", "reason", "unmasked"}}
        context.update(
            fields=[{"key": f, "label": selectors.EXPORT_FIELDS[f], "personal": f in selectors.PERSONAL_FIELDS} for f in fields],
            personal=documents.export_holds_personal_data(fields), can_reveal=self.request.user.has_perm(selectors.REVEAL_PERMISSION),
            count=count, query=keep, back_query=urlencode(keep), reason=kwargs.get("reason", ""), error=kwargs.get("error", ""),
            background_threshold=background_threshold(export_spec("experts.experts")),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Through the export engine: built here when small, else a background job whose page
        shows the progress and then the signed download link (P13)."""
        if not self._fields():
            return self._refuse()
        params = params_from_query(request.POST)
        params.pop("reason", None)
        try:
            return export_start_response(request, spec_name="experts.experts", params=params, reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, reason=request.POST.get("reason", "")), status=400)


# --- panorama ------------------------------------------------------------------------------

TABS = [("info", "专家信息"), ("schedule", "日程与请假"), ("avoidance", "回避单位"), ("changes", "变更记录"), ("draws", "抽取记录"),
        ("evaluations", "专家评价"), ("fees", "专家费"), ("points", "积分"), ("certificates", "证书与附件")]


def _change_rows(changes, *, reveal: bool):
    domain_names = dict(Domain.objects.values_list("pk", "name"))
    rows = []
    for change in changes:
        fields = []
        for key in change.after:
            before, after = change.before.get(key), change.after.get(key)
            if key == "domains":
                before = "、".join(domain_names.get(i, str(i)) for i in before or [])
                after = "、".join(domain_names.get(i, str(i)) for i in after or [])
            elif key in ("name", "employer") and not reveal:
                before, after = selectors.mask_default(str(before or "")), selectors.mask_default(str(after or ""))
            fields.append({"label": FIELD_LABELS.get(key, "专业领域" if key == "domains" else key), "before": before, "after": after})
        rows.append({"change": change, "fields": fields})
    return rows


class ExpertDetailView(ExpertPage):
    template_name = "experts/backoffice/expert_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        expert = _expert(self.request, kwargs["pk"])
        tab = self.request.GET.get("tab", "info")
        tab = tab if tab in dict(TABS) else "info"
        reveal = self.request.user.has_perm(selectors.REVEAL_PERMISSION)
        context.update(
            expert=expert, view=selectors.masked(expert), tab=tab, tabs=TABS, can_reveal=reveal, page_title=f"专家全景 · {selectors.masked(expert).name}",
            on_leave=selectors.expert_is_on_leave(expert), is_eligible=selectors.eligible_experts().filter(pk=expert.pk).exists(),
            domains_of=list(expert.domains.all()), tags_of=list(expert.tags.all()), all_tags=Tag.objects.all(),
            reviews=expert.reviews.select_related("reviewer"), can_review=expert.status == "pending" and selectors.can_review_level(self.request.user, expert.review_level),
            level=selectors.review_level_for(expert.review_level), levels=selectors.review_levels(),
            leaves=expert.leaves.all(), leave_reasons=LeaveReason.choices, today=timezone.localdate(),
            avoidance=expert.avoidance_units.all(), avoidance_kinds=AvoidanceKind.choices,
            changes=_change_rows(expert.changes.select_related("requested_by", "reviewed_by")[:50], reveal=reveal),
            participations=expert.participations.select_related("org_unit")[:100],
            point_entries=expert.point_entries.all()[:100], certificates=expert.certificates.all(), attachments=expert.attachments.all(),
            settings_row=selectors.library_settings(),
        )
        return context


PROFILE_EDIT_FIELDS = ["gender", "birth_date", "email", "position", "title", "title_level", "education", "specialty", "region",
                       "postal_code", "address", "bank_name", "resume"]
PERSONAL_EDIT_FIELDS = ["name", "employer", "bank_account"]


class ExpertProfileEditView(ExpertBackofficeMixin, View):
    """In-place edit of the profile card (htmx): GET the form, POST saves and returns the card."""

    permission_required = ("experts.view_expert", "experts.change_expert")

    def _context(self, request, expert, **extra):
        reveal = request.user.has_perm(selectors.REVEAL_PERMISSION)
        return {"expert": expert, "view": selectors.masked(expert), "can_reveal": reveal, "domains": selectors.domain_tree(),
                "selected": list(expert.domains.values_list("pk", flat=True)), "title_levels": TitleLevel.choices, "genders": Gender.choices,
                "expert_types": ExpertType.objects.all(), "domains_of": list(expert.domains.all()), **extra}

    def get(self, request, pk: int):
        expert = _expert(request, pk)
        template = "experts/backoffice/_profile_card.html" if request.GET.get("cancel") else "experts/backoffice/_profile_form.html"
        return render(request, template, self._context(request, expert))

    def post(self, request, pk: int):
        expert = _expert(request, pk)
        fields = PROFILE_EDIT_FIELDS + (PERSONAL_EDIT_FIELDS if request.user.has_perm(selectors.REVEAL_PERMISSION) else [])
        values = {name: request.POST.get(name, "").strip() for name in fields if name in request.POST}
        values["domains"] = _ids(request.POST.getlist("domains"))
        try:
            if request.POST.get("phone", "").strip() and request.user.has_perm(selectors.REVEAL_PERMISSION):
                services.expert_phone_set(actor=request.user, expert=expert, phone=request.POST["phone"].strip())
            expert_type = ExpertType.objects.filter(pk=request.POST.get("expert_type") or 0).first()
            services.expert_type_set(actor=request.user, expert=expert, expert_type=expert_type)
            services.expert_change(actor=request.user, expert=expert, values=values, by_admin=True)
        except ApplicationError as exc:
            if exc.code != "expert_nothing_changed":
                return render(request, "experts/backoffice/_profile_form.html", self._context(request, expert, error=exc), status=400)
        expert.refresh_from_db()
        return render(request, "experts/backoffice/_profile_card.html", self._context(request, expert, saved=True))


class ExpertRevealView(ExpertBackofficeMixin, View):
    permission_required = ("experts.view_expert", selectors.REVEAL_PERMISSION)

    def post(self, request, pk: int):
        expert = _expert(request, pk)
        data = services.expert_reveal(actor=request.user, expert=expert, reason=request.POST.get("reason", "后台查看"))
        return render(request, "experts/backoffice/_revealed.html", {"data": data, "expert": expert})


class ExpertActionView(ExpertBackofficeMixin, View):
    """One POST endpoint for the panorama's buttons; each action checks its own permission."""

    permission_required = "experts.view_expert"
    PERMS = {
        "review": "experts.review_expert", "blacklist": "experts.manage_blacklist", "unblacklist": "experts.manage_blacklist",
        "delete": "experts.delete_expert", "restore": "experts.delete_expert", "unfreeze": "experts.change_expert",
        "leave_add": "experts.change_expert", "leave_cancel": "experts.change_expert", "avoidance_add": "experts.change_expert",
        "avoidance_delete": "experts.change_expert", "certificate_issue": "experts.change_expert", "certificate_revoke": "experts.change_expert",
        "points_adjust": "experts.change_expert", "tag": "experts.change_expert", "untag": "experts.change_expert",
    }

    def post(self, request, pk: int):
        expert = _expert(request, pk)
        action = request.POST.get("action", "")
        tab = request.POST.get("tab", "info")
        if action not in self.PERMS or not request.user.has_perm(self.PERMS[action]):
            messages.error(request, "无权执行该操作。")
            return redirect(reverse("backoffice:experts:expert_detail", args=[pk]) + f"?tab={tab}")
        post, actor = request.POST, request.user
        try:
            if action == "review":
                services.expert_review(actor=actor, expert=expert, decision=post.get("decision", ""), note=post.get("note", ""))
                messages.success(request, "审核意见已提交。")
            elif action == "blacklist":
                services.experts_blacklist(actor=actor, experts=[expert], reason=post.get("reason", ""))
            elif action == "unblacklist":
                services.experts_unblacklist(actor=actor, experts=[expert])
            elif action == "delete":
                services.experts_delete(actor=actor, experts=[expert], reason=post.get("reason", ""))
            elif action == "restore":
                services.experts_restore(actor=actor, experts=[expert])
            elif action == "unfreeze":
                services.expert_unfreeze(actor=actor, expert=expert)
            elif action == "leave_add":
                start, end = _date(post.get("start_date", "")), _date(post.get("end_date", ""))
                if not start or not end:
                    raise ApplicationError("请填写请假起止日期。")
                services.leave_create(actor=actor, expert=expert, start_date=start, end_date=end, reason=post.get("reason", ""), note=post.get("note", ""))
            elif action == "leave_cancel":
                leave = ExpertLeave.objects.filter(pk=post.get("leave") or 0, expert=expert).first()
                if leave is None:
                    raise Http404
                services.leave_cancel(actor=actor, leave=leave)
            elif action == "avoidance_add":
                services.avoidance_add(actor=actor, expert=expert, name=post.get("name", ""), kind=post.get("kind", ""), note=post.get("note", ""))
            elif action == "avoidance_delete":
                unit = AvoidanceUnit.objects.filter(pk=post.get("unit") or 0, expert=expert).first()
                if unit is None:
                    raise Http404
                services.avoidance_delete(actor=actor, unit=unit)
            elif action == "certificate_issue":
                services.certificate_issue(actor=actor, expert=expert)
            elif action == "certificate_revoke":
                certificate = Certificate.objects.filter(pk=post.get("certificate") or 0, expert=expert).first()
                if certificate is None:
                    raise Http404
                services.certificate_revoke(actor=actor, certificate=certificate, reason=post.get("reason", ""))
            elif action == "points_adjust":
                value = post.get("points", "")
                if not value.lstrip("-").isdigit():
                    raise ApplicationError("请填写整数积分。")
                services.points_adjust(actor=actor, expert=expert, points=int(value), reason=post.get("reason", ""))
            elif action in ("tag", "untag"):
                tag = Tag.objects.filter(pk=post.get("tag") or 0).first()
                if tag is None:
                    raise ApplicationError("请选择标签。")
                services.experts_tag(actor=actor, experts=[expert], tag=tag, add=action == "tag")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if action != "review":
                messages.success(request, "操作成功。")
        return redirect(reverse("backoffice:experts:expert_detail", args=[pk]) + f"?tab={tab}")


class AttachmentDownloadView(ExpertBackofficeMixin, View):
    permission_required = "experts.view_expert"

    def get(self, request, pk: int, attachment_id: int):
        expert = _expert(request, pk)
        attachment = expert.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404
        return FileResponse(attachment.file.open("rb"), filename=attachment.original_name)


def verify_url(request, certificate: Certificate) -> str:
    return tenant_url(reverse("h5:experts:certificate_verify", args=[certificate.token]))


def certificate_response(request, certificate: Certificate) -> HttpResponse:
    content = documents.certificate_pdf(certificate, verify_url=verify_url(request, certificate), issuer=getattr(request.tenant, "name", ""))
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = content_disposition_header(disposition == "attachment", f"专家聘书-{certificate.number}.pdf")
    return response


class CertificatePdfView(ExpertBackofficeMixin, View):
    permission_required = "experts.view_expert"

    def get(self, request, pk: int, certificate_id: int):
        expert = _expert(request, pk)
        certificate = expert.certificates.select_related("template", "expert__expert_type").filter(pk=certificate_id).first()
        if certificate is None:
            raise Http404
        return certificate_response(request, certificate)


# --- review queues -------------------------------------------------------------------------


class ReviewQueueView(ExpertPage):
    permission_required = ("experts.view_expert", "experts.review_expert")
    template_name = "experts/backoffice/review_queue.html"
    page_title = "入库审核"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        levels = selectors.review_levels()
        queue = selectors.review_queue(actor=self.request.user).prefetch_related("domains")
        level_filter = self.request.GET.get("level", "")
        if level_filter.isdigit():
            queue = queue.filter(review_level=int(level_filter))
        page = Paginator(queue, 20).get_page(self.request.GET.get("page"))
        rows = [{"view": selectors.masked(e), "can": selectors.can_review_level(self.request.user, e.review_level),
                 "level": next((lv.name for lv in levels if lv.order == e.review_level), "管理员审核")} for e in page.object_list]
        context.update(rows=rows, page_obj=page, levels=levels, level_filter=level_filter, decisions=ReviewDecision.choices)
        return context


class ChangeQueueView(ExpertPage):
    permission_required = ("experts.view_expert", "experts.review_expert")
    template_name = "experts/backoffice/change_queue.html"
    page_title = "信息变更审核"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", ChangeStatus.PENDING)
        changes = ProfileChange.objects.filter(expert__in=selectors.expert_scope(actor=self.request.user)).select_related("expert", "requested_by", "reviewed_by")
        if status in ChangeStatus.values:
            changes = changes.filter(status=status)
        page = Paginator(changes, 20).get_page(self.request.GET.get("page"))
        reveal = self.request.user.has_perm(selectors.REVEAL_PERMISSION)
        context.update(page_obj=page, rows=_change_rows(page.object_list, reveal=reveal), status=status, statuses=ChangeStatus.choices)
        return context

    def post(self, request):
        change = ProfileChange.objects.filter(pk=request.POST.get("change") or 0, expert__in=selectors.expert_scope(actor=request.user)).first()
        if change is None:
            raise Http404
        try:
            services.change_review(actor=request.user, change=change, approve=request.POST.get("decision") == "approve", note=request.POST.get("note", ""))
            messages.success(request, "已处理该变更。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:experts:change_queue")


# --- domains -------------------------------------------------------------------------------


class DomainListView(ExpertPage):
    permission_required = "experts.view_domain"
    template_name = "experts/backoffice/domain_list.html"
    page_title = "专业领域"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from django.db.models import Count

        counts = dict(Expert.domains.through.objects.values("domain_id").annotate(n=Count("id")).values_list("domain_id", "n"))
        domains = selectors.domain_tree()
        for domain in domains:
            domain.expert_count = counts.get(domain.pk, 0)
        context.update(domains=domains, parents=[d for d in domains if d.level < 3])
        return context

    def post(self, request):
        action = request.POST.get("action", "save")
        needed = "experts.delete_domain" if action == "delete" else "experts.add_domain"
        if not request.user.has_perm(needed):
            messages.error(request, "无权修改专业领域。")
            return redirect("backoffice:experts:domain_list")
        if action == "import_standard":
            added = services.domain_tree_import_standard(actor=request.user)
            messages.success(request, f"已导入标准领域分类，新增 {added} 个领域。" if added else "标准领域分类已全部存在，没有新增。")
            return redirect("backoffice:experts:domain_list")
        try:
            domain = Domain.objects.filter(pk=request.POST.get("domain") or 0).first()
            if action == "delete":
                if domain is None:
                    raise Http404
                services.domain_delete(actor=request.user, domain=domain)
            else:
                parent = Domain.objects.filter(pk=request.POST.get("parent") or 0).first()
                if domain is not None:
                    parent = domain.parent
                services.domain_save(actor=request.user, domain=domain, name=request.POST.get("name", ""), parent=parent,
                                     sort_order=int(request.POST.get("sort_order") or 0))
            messages.success(request, "已保存。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:experts:domain_list")


# --- campaigns -----------------------------------------------------------------------------


class CampaignListView(ExpertPage):
    permission_required = ("experts.view_expert", "experts.manage_campaign")
    template_name = "experts/backoffice/campaign_list.html"
    page_title = "年度信息确认"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaigns = list(ConfirmationCampaign.objects.all()[:50])
        for campaign in campaigns:
            campaign.progress = selectors.campaign_progress(campaign)
        context["campaigns"] = campaigns
        context["default_deadline"] = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
        return context

    def post(self, request):
        deadline = _date(request.POST.get("deadline", ""))
        try:
            if deadline is None:
                raise ApplicationError("请填写截止日期。")
            moment = timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(23, 59, 59)))
            confirm_url = tenant_url(reverse("h5:experts:confirm", args=["x"]))[: -len("x/")]
            campaign = services.campaign_start(actor=request.user, title=request.POST.get("title", ""), deadline=moment, confirm_url=confirm_url)
            messages.success(request, f"已发起“{campaign.title}”，正在向专家发送确认链接。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:experts:campaign_list")


# --- certificates --------------------------------------------------------------------------


class CertificateListView(ExpertPage):
    permission_required = ("experts.view_expert", "experts.manage_settings")
    template_name = "experts/backoffice/certificate_list.html"
    page_title = "证书管理"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificates = Certificate.objects.filter(expert__in=selectors.expert_scope(actor=self.request.user)).select_related("expert")
        page = Paginator(certificates, 20).get_page(self.request.GET.get("page"))
        context.update(templates=CertificateTemplate.objects.select_related("expert_type"), expert_types=ExpertType.objects.all(), page_obj=page,
                       rows=[{"certificate": c, "name": selectors.masked(c.expert).name, "status": selectors.certificate_status(c)} for c in page.object_list],
                       editing=CertificateTemplate.objects.filter(pk=self.request.GET.get("edit") or 0).first())
        # Shown as JSON (not the Python repr of the list), so saving the form again round-trips.
        editing = context["editing"]
        context["editing_layout"] = json.dumps(editing.layout, ensure_ascii=False) if editing is not None and editing.layout else ""
        return context

    def post(self, request):
        template = CertificateTemplate.objects.filter(pk=request.POST.get("template") or 0).first()
        post = request.POST
        try:
            # The form always sends the layout as JSON text (blank = the default layout).
            layout = post.get("layout", "") if "layout" in post else None
            services.certificate_template_save(
                actor=request.user, template=template, name=post.get("name", ""), expert_type=ExpertType.objects.filter(pk=post.get("expert_type") or 0).first(),
                title_text=post.get("title_text", "评审专家证书"), body_text=post.get("body_text", ""), validity_years=int(post.get("validity_years") or 3),
                background=request.FILES.get("background"), layout=layout, is_active=post.get("is_active") == "1",
            )
            messages.success(request, "证书模板已保存。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:experts:certificate_list")


# --- statistics ----------------------------------------------------------------------------


class StatisticsView(ExpertPage):
    permission_required = "experts.view_statistics"
    template_name = "experts/backoffice/statistics.html"
    page_title = "专家统计分析"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt in ("xlsx", "pdf"):
            stats = selectors.cached_statistics(actor=request.user)["stats"]
            if fmt == "xlsx":
                response = HttpResponse(documents.statistics_workbook(stats), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            else:
                response = HttpResponse(documents.statistics_pdf(stats, title=f"{getattr(request.tenant, 'name', '')} 专家统计分析"), content_type="application/pdf")
            response["Content-Disposition"] = content_disposition_header(True, f"专家统计分析-{timezone.localdate():%Y%m%d}.{fmt}")
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = selectors.cached_statistics(actor=self.request.user, refresh=self.request.GET.get("refresh") == "1")
        stats = found["stats"]
        charts = [
            bar_chart(title, [bar["label"] for bar in stats[key]], [("专家数", [bar["count"] for bar in stats[key]])], horizontal=True)
            for key, title in (("by_domain", "按专业领域（一级）"), ("by_title", "按职称级别"), ("by_region", "按地区（前 15）"),
                               ("by_activity", "近 12 个月参评活跃度"))
        ]
        context.update(stats=stats, charts=charts, exclusions=found["exclusions"], computed_at=found["computed_at"],
                       refresh_minutes=selectors.STATISTICS_TTL_SECONDS // 60)
        return context


# --- settings ------------------------------------------------------------------------------


class SettingsView(ExpertPage):
    permission_required = "experts.manage_settings"
    template_name = "experts/backoffice/settings.html"
    page_title = "专家库设置"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(Group.objects.all().order_by("name"))
        policies = {p.group_id: p.fields for p in ExportPolicy.objects.all()}
        sensitive_choices = [(name, FIELD_LABELS.get(name, name)) for name in services.PROFILE_FIELDS] + [("domains", "专业领域")]
        rules = {r.event: r for r in PointRule.objects.all()}
        join_url = tenant_url(reverse("h5:experts:join"))
        context.update(
            settings_row=selectors.library_settings(), levels=selectors.review_levels(), groups=groups, sensitive_choices=sensitive_choices,
            export_fields=selectors.EXPORT_FIELDS, policies=[{"group": g, "fields": policies.get(g.pk, [])} for g in groups],
            point_rules=[{"event": value, "label": label, "rule": rules.get(value)} for value, label in PointEvent.choices if value != PointEvent.MANUAL],
            tags=Tag.objects.all(), expert_types=ExpertType.objects.all(), join_url=join_url, join_qr=documents.qr_svg(join_url),
            attachment_kinds=AttachmentKind.choices,
        )
        return context

    def post(self, request):
        section, post, actor = request.POST.get("section", ""), request.POST, request.user
        try:
            if section == "general":
                services.library_settings_update(
                    actor=actor, reveal_hours_before=int(post.get("reveal_hours_before") or 0), sensitive_fields=post.getlist("sensitive_fields"),
                    registration_open=post.get("registration_open") == "1", max_attachment_mb=int(post.get("max_attachment_mb") or 10),
                    separation_of_duties=post.get("separation_of_duties") == "1",
                )
            elif section == "levels":
                names = post.getlist("level_name")
                groups = post.getlist("level_group")
                services.review_levels_replace(actor=actor, levels=[(n, Group.objects.filter(pk=g or 0).first()) for n, g in zip(names, groups, strict=False)])
            elif section == "export":
                group = Group.objects.filter(pk=post.get("group") or 0).first()
                if group is None:
                    raise Http404
                services.export_policy_save(actor=actor, group=group, fields=post.getlist("fields"))
            elif section == "points":
                for event in PointEvent.values:
                    if f"points_{event}" in post:
                        services.point_rule_save(actor=actor, event=event, points=int(post.get(f"points_{event}") or 0), is_active=post.get(f"active_{event}") == "1")
            elif section == "tag":
                tag = Tag.objects.filter(pk=post.get("tag") or 0).first()
                if post.get("delete") and tag:
                    services.tag_delete(actor=actor, tag=tag)
                else:
                    services.tag_save(actor=actor, tag=tag, name=post.get("name", ""), color=post.get("color", "#c8102e"))
            elif section == "type":
                services.expert_type_save(actor=actor, name=post.get("name", ""))
            messages.success(request, "设置已保存。")
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "输入有误。"))
        return redirect(reverse("backoffice:experts:settings") + f"#{section}")


def list_url_with(params: dict) -> str:
    return reverse("backoffice:experts:expert_list") + "?" + urlencode(params, doseq=True)
