"""Back office of the employer registry: list and search, review with its thread, tags, lists,
rules, statistics. Thin views over the services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.masking import mask_email, mask_phone
from core.reveal import personal_data_reveal
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.employment.employers import selectors, services
from tenant_apps.employment.employers.enums import (
    PROVINCES,
    EmployerNature,
    EmployerSize,
    Industry,
    ListKind,
    ReviewStatus,
)
from tenant_apps.employment.employers.models import (
    Employer,
    EmployerListEntry,
    EmployerTag,
    RecruitmentSettings,
)

VIEW = "employment_employers.view_employer"


class EmployersMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:employment_employers:list"))

    def employer(self, pk) -> Employer:
        employer = selectors.employer_get(pk=int(pk))
        if employer is None:
            raise Http404
        return employer


def _filter_choices() -> dict:
    return {"statuses": ReviewStatus.choices, "natures": EmployerNature.choices, "industries": Industry.choices,
            "sizes": EmployerSize.choices, "provinces": sorted(PROVINCES.items()), "list_kinds": ListKind.choices}


class EmployerListView(EmployersMixin, TemplateView):
    permission_required = VIEW
    template_name = "employers/backoffice/list.html"
    page_title = "用人单位库"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = selectors.EmployerSearch.from_query(self.request.GET)
        pages = paginate(self.request, selectors.employer_search(search=search).prefetch_related("tags", "rule_tags"), per_page=20)
        context.update(pages, search=search, counts=selectors.review_queue_counts(), tags=EmployerTag.objects.all(), **_filter_choices())
        context["export_params"] = search.as_params()
        return context


class EmployerAddView(EmployersMixin, TemplateView):
    permission_required = "employment_employers.add_employer"
    template_name = "employers/backoffice/add.html"
    page_title = "录入用人单位"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | _filter_choices() | {"form": kwargs.get("form", {})}

    def post(self, request):
        try:
            employer = services.employer_create(actor=request.user, profile=services.profile_from_mapping(request.POST))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(form=request.POST, error=exc.message, errors=exc.fields), status=exc.status)
        messages.success(request, "单位已录入并审核通过。")
        return redirect("backoffice:employment_employers:detail", pk=employer.pk)


class EmployerDetailView(EmployersMixin, TemplateView):
    permission_required = VIEW
    template_name = "employers/backoffice/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        employer = self.employer(self.kwargs["pk"])
        context.update({
            "employer": employer, "page_title": employer.name, "comments": employer.comments.select_related("author"),
            "entries": EmployerListEntry.objects.filter(credit_code=employer.credit_code), "accounts": employer.accounts.select_related("user"),
            "all_tags": EmployerTag.objects.filter(rule={}), "tag_ids": set(employer.tags.values_list("id", flat=True)),
            "rule_tags": employer.rule_tags.all(), "list_kinds": ListKind.choices,
            "masked_phone": mask_phone(employer.contact_phone), "masked_email": mask_email(employer.contact_email),
            "can_review": self.request.user.has_perm("employment_employers.review_employer"),
            "can_manage_lists": self.request.user.has_perm("employment_employers.manage_employer_lists"),
            "can_reveal": self.request.user.has_perm("employment_employers.reveal_personal_data"),
        })
        context["job_counts"] = self._job_counts(employer)
        from core.employer_risk import RiskCategory, risk_lookup

        context.update(shared_risks=risk_lookup(credit_code=employer.credit_code), risk_categories=RiskCategory.choices,
                       share_risk=RecruitmentSettings.current().share_risk_signals)
        return context

    @staticmethod
    def _job_counts(employer) -> list[dict]:
        from core.hooks import publish

        return [card for cards in publish("employment.portal_home_cards", employer=employer) for card in (cards or [])]

    def post(self, request, pk):
        employer = self.employer(pk)
        action = request.POST.get("action", "")
        reviewer_actions = {"comment", "approve", "decline", "permissions"}
        if action in reviewer_actions and not request.user.has_perm("employment_employers.review_employer"):
            raise PermissionDenied
        if action == "list_add" and not request.user.has_perm("employment_employers.manage_employer_lists"):
            raise PermissionDenied
        if action == "tags" and not request.user.has_perm("employment_employers.change_employer"):
            raise PermissionDenied
        if action == "comment":
            services.employer_comment_add(actor=request.user, employer=employer, body=request.POST.get("body", ""), from_school=True)
            messages.success(request, "已发送给单位，单位状态为“审核中”。")
        elif action == "approve":
            services.employer_approve(actor=request.user, employer=employer, note=request.POST.get("note", ""))
            messages.success(request, "已审核通过，并开通发布职位、申请宣讲会和报名双选会权限。")
        elif action == "decline":
            services.employer_decline(actor=request.user, employer=employer, reason=request.POST.get("reason", ""))
            messages.success(request, "已设为未通过，单位会看到原因。")
        elif action == "permissions":
            services.employer_permissions_set(actor=request.user, employer=employer, can_post_jobs=bool(request.POST.get("can_post_jobs")),
                                              can_apply_sessions=bool(request.POST.get("can_apply_sessions")),
                                              can_join_fairs=bool(request.POST.get("can_join_fairs")))
            messages.success(request, "权限已保存。")
        elif action == "tags":
            ids = [int(v) for v in request.POST.getlist("tag") if v.isdigit()]
            services.employer_tags_set(actor=request.user, employer=employer, tags=list(EmployerTag.objects.filter(pk__in=ids)))
            messages.success(request, "标签已保存。")
        elif action == "list_add":
            entry = services.list_entry_add(actor=request.user, kind=request.POST.get("kind", ""), credit_code=employer.credit_code,
                                            reason=request.POST.get("reason", ""), share_category=request.POST.get("share_category", ""))
            messages.success(request, f"已加入{entry.get_kind_display()}。")
        else:
            messages.error(request, "请选择操作。")
        return redirect("backoffice:employment_employers:detail", pk=employer.pk)


class EmployerRevealView(EmployersMixin, View):
    permission_required = "employment_employers.reveal_personal_data"

    def post(self, request, pk):
        employer = self.employer(pk)
        phone = personal_data_reveal(actor=request.user, model_label="employment_employers.employer", pk=employer.pk, field_name="contact_phone")
        email = personal_data_reveal(actor=request.user, model_label="employment_employers.employer", pk=employer.pk, field_name="contact_email")
        return HttpResponse(f'{escape(phone)}{" · " + escape(email) if email else ""} <span class="tag warn">已记录查看</span>')


class EmployerLicenceView(EmployersMixin, View):
    permission_required = "employment_employers.review_employer"

    def get(self, request, pk):
        employer = self.employer(pk)
        if not employer.licence:
            raise Http404
        return FileResponse(employer.licence.open("rb"), filename=employer.licence.name.rsplit("/", 1)[-1])


class ListEntriesView(EmployersMixin, TemplateView):
    permission_required = "employment_employers.manage_employer_lists"
    template_name = "employers/backoffice/lists.html"
    page_title = "黑名单 / 白名单 / 风险单位"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, q = self.request.GET.get("kind", ""), self.request.GET.get("q", "").strip()
        context.update(paginate(self.request, selectors.list_entries(kind=kind, q=q), per_page=30), kind=kind, q=q,
                       list_kinds=ListKind.choices, form=kwargs.get("form", {}))
        from core.employer_risk import RiskCategory

        context.update(risk_categories=RiskCategory.choices, share_risk=RecruitmentSettings.current().share_risk_signals)
        return context

    def post(self, request):
        if request.POST.get("action") == "remove":
            entry = EmployerListEntry.objects.filter(pk=request.POST.get("entry") or 0).first()
            if entry is None:
                raise Http404
            services.list_entry_remove(actor=request.user, entry=entry)
            messages.success(request, "已移出名单。")
            return redirect("backoffice:employment_employers:lists")
        try:
            entry = services.list_entry_add(actor=request.user, kind=request.POST.get("kind", ""), credit_code=request.POST.get("credit_code", ""),
                                            reason=request.POST.get("reason", ""), name=request.POST.get("name", ""),
                                            share_category=request.POST.get("share_category", ""))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=request.POST), status=exc.status)
        messages.success(request, f"已加入{entry.get_kind_display()}。")
        return redirect("backoffice:employment_employers:lists")


class TagListView(EmployersMixin, TemplateView):
    permission_required = "employment_employers.change_employer"
    template_name = "employers/backoffice/tags.html"
    page_title = "单位标签"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | _filter_choices() | {"tags": selectors.tag_list(), "form": kwargs.get("form", {})}

    def post(self, request):
        if request.POST.get("action") == "delete":
            tag = EmployerTag.objects.filter(pk=request.POST.get("tag") or 0).first()
            if tag is None:
                raise Http404
            services.tag_delete(actor=request.user, tag=tag)
            messages.success(request, "标签已删除。")
            return redirect("backoffice:employment_employers:tags")
        rule = {key: request.POST.getlist(key) for key in services.RULE_KEYS}
        try:
            services.tag_save(actor=request.user, name=request.POST.get("name", ""), rule=rule)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, form=request.POST), status=exc.status)
        messages.success(request, "标签已保存。")
        return redirect("backoffice:employment_employers:tags")


class SettingsView(EmployersMixin, TemplateView):
    permission_required = "employment_employers.change_recruitmentsettings"
    template_name = "employers/backoffice/settings.html"
    page_title = "招聘审核规则"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"settings_row": RecruitmentSettings.current(), "natures": EmployerNature.choices}

    def post(self, request):
        threshold = request.POST.get("complaint_threshold", "3")
        services.settings_save(actor=request.user, auto_approve_natures=[v for v in request.POST.getlist("auto_approve_natures") if v in EmployerNature.values],
                               auto_approve_white_list=bool(request.POST.get("auto_approve_white_list")),
                               auto_approve_jobs=bool(request.POST.get("auto_approve_jobs")),
                               complaint_threshold=int(threshold) if threshold.isdigit() else 3,
                               share_risk_signals=bool(request.POST.get("share_risk_signals")))
        messages.success(request, "规则已保存。")
        return redirect("backoffice:employment_employers:settings")


class StatisticsView(EmployersMixin, TemplateView):
    permission_required = "employment_employers.view_employer_statistics"
    template_name = "employers/backoffice/statistics.html"
    page_title = "用人单位统计"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dimension = self.request.GET.get("by", "industry")
        dimension = dimension if dimension in selectors.STATISTIC_DIMENSIONS else "industry"
        rows = selectors.employer_statistics(dimension=dimension)
        peak = max((row.total for row in rows), default=0) or 1
        try:  # the chart kernel (core.charts) where it is present; the table below works without it
            from core.charts import bar_chart

            shown = [row for row in rows if row.total][:20]
            context["chart"] = bar_chart(f"按{selectors.STATISTIC_DIMENSIONS[dimension]}统计", [row.label for row in shown],
                                         [("注册", [row.total for row in shown]), ("通过", [row.approved for row in shown])], horizontal=True,
                                         height=max(240, 28 * len(shown) + 80))
        except ImportError:
            context["chart"] = None
        context.update(rows=rows, peak=peak, dimension=dimension, dimensions=selectors.STATISTIC_DIMENSIONS.items(),
                       total=sum(row.total for row in rows), approved=sum(row.approved for row in rows),
                       counts=selectors.review_queue_counts())
        return context


class SchoolProfileView(EmployersMixin, TemplateView):
    permission_required = "employment_employers.change_schoolprofile"
    template_name = "employers/backoffice/school_profile.html"
    page_title = "学校概况"

    def get_context_data(self, **kwargs):
        from tenant_apps.employment.employers.models import SchoolProfile

        return super().get_context_data(**kwargs) | {"profile": SchoolProfile.current()}

    def post(self, request):
        try:
            services.school_profile_save(actor=request.user, data=request.POST, logo=request.FILES.get("logo"))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc.message, errors=exc.fields), status=exc.status)
        messages.success(request, "学校概况已保存，用人单位平台和学生端同步显示。")
        return redirect("backoffice:employment_employers:school")
