"""Back office of projects and draws: thin views over services and selectors."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.importexport import services as job_services
from core.importexport.views import (
    ExportReasonPageMixin,
    ImportPageView,
    ImportTemplateView,
    export_start_response,
)
from core.web.pagination import paginate
from core.web.views import BackofficeMixin
from tenant_apps.accounts.models import OrgUnit, User
from tenant_apps.experts.enums import TitleLevel
from tenant_apps.experts.models import Tag
from tenant_apps.experts.panels import documents, selectors, services, sheets
from tenant_apps.experts.panels.enums import (
    Channel,
    DrawStatus,
    InvitationMode,
    MemberStatus,
    PanelRole,
    ProjectSource,
    ProjectStatus,
)
from tenant_apps.experts.panels.imports import IMPORT_SPEC_NAME
from tenant_apps.experts.panels.models import Draw, PanelMember, Project, SheetTemplate
from tenant_apps.experts.panels.selectors import EXCLUSION_LABELS, GroupConditions
from tenant_apps.experts.selectors import can_reveal, domain_tree

GROUP_SLOTS = 3
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _read(stored) -> bytes:
    with stored.open("rb") as handle:
        return handle.read()


def _refuse_if_archived(request, project: Project):
    """Archived projects are read-only: pages that only lead to a change send the user back."""
    if project.archived_at is None:
        return None
    messages.error(request, "项目已归档，不能再修改。")
    return redirect("backoffice:experts_panels:project_detail", pk=project.pk)


class PanelsMixin(BackofficeMixin):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("backoffice:experts_panels:project_list"))

    def project(self, pk) -> Project:
        project = selectors.project_get(actor=self.request.user, pk=int(pk))
        if project is None:
            raise Http404
        return project

    def draw(self, pk) -> Draw:
        draw = Draw.objects.select_related("project").filter(pk=int(pk)).first()
        if draw is None or selectors.project_get(actor=self.request.user, pk=draw.project_id) is None:
            raise Http404
        return draw


def _project_input(post) -> services.ProjectInput:
    opens = parse_datetime(post.get("opens_at", "")) if post.get("opens_at") else None
    if opens is None:
        raise ApplicationError("请填写评审时间。", fields={"opens_at": ["必填。"]})
    if timezone.is_naive(opens):
        opens = timezone.make_aware(opens)
    dept = post.get("department", "")
    return services.ProjectInput(
        title=post.get("title", ""), owner_unit=post.get("owner_unit", ""), opens_at=opens, code=post.get("code", ""),
        related_units=[u for u in post.get("related_units", "").replace("，", ",").replace("\n", ",").split(",")],
        department_id=int(dept) if dept.isdigit() else None, category=post.get("category", ""), location=post.get("location", ""),
        description=post.get("description", ""), batch_name=post.get("batch_name", ""),
    )


class ProjectListView(PanelsMixin, TemplateView):
    permission_required = "expert_panels.view_project"
    template_name = "panels/backoffice/project_list.html"
    page_title = "抽取项目"

    def get(self, request, *args, **kwargs):
        search = selectors.ProjectSearch.from_query(request.GET)
        source = request.GET.get("source", "")
        projects = selectors.project_search_by_source(actor=request.user, search=search, source=source)
        if request.GET.get("export"):
            if not request.user.has_perm("expert_panels.export_project"):
                raise Http404
            return _export(request, "expert_panels.projects")
        pages = paginate(request, projects, per_page=20)
        return self.render_to_response(self.get_context_data(**pages, page=pages["page_obj"], search=search, statuses=ProjectStatus.choices, source=source,
                                                             sources=ProjectSource.choices, departments=OrgUnit.objects.all(), query=request.GET.urlencode()))

    def post(self, request, *args, **kwargs):
        """Bulk actions on the ticked projects: approve, reject, put in a batch."""
        back = reverse("backoffice:experts_panels:project_list") + (f"?{request.POST['back']}" if request.POST.get("back") else "")
        projects = selectors.projects_for_bulk(actor=request.user, ids=_ints(request.POST.getlist("project")))
        action = request.POST.get("action", "")
        if not projects:
            messages.error(request, "请先勾选项目。")
        elif action in ("approve", "reject"):
            if not request.user.has_perm("expert_panels.approve_project"):
                raise PermissionDenied
            done = services.projects_review_bulk(actor=request.user, projects=projects, approve=action == "approve", note=request.POST.get("note", ""))
            skipped = len(projects) - done
            messages.success(request, f"已{'审核通过' if action == 'approve' else '驳回'} {done} 个项目" + (f"，{skipped} 个不是待审核状态、已归档或是您本人创建的（管用分离），未处理。" if skipped else "。"))
        elif action == "batch":
            if not request.user.has_perm("expert_panels.change_project"):
                raise PermissionDenied
            name = request.POST.get("batch_name", "").strip()
            services.projects_batch_set(actor=request.user, projects=projects, batch_name=name)
            messages.success(request, f"已将 {len(projects)} 个项目设为批次“{name}”，同批次共用一组专家。" if name else f"已将 {len(projects)} 个项目移出批次。")
        else:
            messages.error(request, "请选择操作。")
        return redirect(back)


class ProjectImportView(PanelsMixin, ImportPageView):
    """Template, upload and recent jobs; the import kernel checks and saves the rows in the
    worker, and the job page shows progress and the report of rejected rows."""

    spec_name = IMPORT_SPEC_NAME
    permission_required = ("expert_panels.view_project", "expert_panels.import_project")
    template_name = "panels/backoffice/project_import.html"
    template_download_url = "backoffice:experts_panels:project_import_template"
    page_title = "导入抽取项目"


class ProjectImportTemplateView(PanelsMixin, ImportTemplateView):
    spec_name = IMPORT_SPEC_NAME
    permission_required = ("expert_panels.view_project", "expert_panels.import_project")


class ProjectFormView(PanelsMixin, TemplateView):
    template_name = "panels/backoffice/project_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = "expert_panels.change_project" if "pk" in kwargs else "expert_panels.add_project"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("project", self.project(self.kwargs["pk"]) if "pk" in self.kwargs else None)
        context["departments"] = OrgUnit.objects.all()
        context["page_title"] = "编辑项目" if context["project"] else "新建抽取项目"
        project = context["project"]
        if "form" in context:
            context["values"] = context["form"].dict()
        elif project is not None:
            context["values"] = {"title": project.title, "code": project.code, "owner_unit": project.owner_unit, "related_units": ",".join(project.related_units),
                                 "department": str(project.department_id or ""), "opens_at": timezone.localtime(project.opens_at).strftime("%Y-%m-%dT%H:%M"),
                                 "location": project.location, "category": project.category, "batch_name": project.batch.name if project.batch_id else "",
                                 "description": project.description}
        else:
            context["values"] = {"department": str(self.request.user.org_unit_id or "")}
        return context

    def get(self, request, *args, **kwargs):
        if "pk" in kwargs and (refused := _refuse_if_archived(request, self.project(kwargs["pk"]))):
            return refused
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            data = _project_input(request.POST)
            if "pk" in kwargs:
                project = services.project_update(actor=request.user, project=self.project(kwargs["pk"]), data=data)
            else:
                project = services.project_create(actor=request.user, data=data)
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc, form=request.POST), status=400)
        messages.success(request, "项目已保存，审核通过后可抽取专家。")
        return redirect("backoffice:experts_panels:project_detail", pk=project.pk)


class ProjectDetailView(PanelsMixin, TemplateView):
    """Project panorama: info, draws, invitations, attachments, follow-up, log, notifications."""

    permission_required = "expert_panels.view_project"
    template_name = "panels/backoffice/project_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project(self.kwargs["pk"])
        draws = list(selectors.project_draws(project))
        context.update(pending_draw=next((d for d in draws if d.status == DrawStatus.NOT_DRAWN), None),
                       drawn=any(d.status != DrawStatus.NOT_DRAWN for d in draws))
        context.update(project=project, page_title=project.title, draws=[{"draw": d, "members": selectors.members_for_display(actor=self.request.user, draw=d)} for d in draws],
                       batch_projects=selectors.panel_projects(project), log=selectors.project_log(project)[:100],
                       notifications=selectors.project_notifications(project)[:50], staff=User.objects.filter(kind="staff", is_active=True)[:200])
        return context

    def post(self, request, *args, **kwargs):
        project = self.project(kwargs["pk"])
        action = request.POST.get("action", "")
        if action in ("approve", "reject"):
            services.project_review(actor=request.user, project=project, approve=action == "approve", note=request.POST.get("note", ""))
            messages.success(request, "已审核。")
        elif action == "archive":
            if not request.user.has_perm("expert_panels.archive_project"):
                raise Http404
            services.project_archive(actor=request.user, project=project)
            messages.success(request, "项目已归档，此后只读。")
        elif action == "note":
            if not request.user.has_perm("expert_panels.change_project"):
                raise Http404
            assignee = request.POST.get("assign_to", "")
            user = User.objects.filter(pk=int(assignee)).first() if assignee.isdigit() else None
            services.project_note_add(actor=request.user, project=project, text=request.POST.get("text", ""), assign_to=user)
            messages.success(request, "已添加跟进。")
        elif action == "attach":
            if not request.user.has_perm("expert_panels.change_project") or "file" not in request.FILES:
                raise Http404
            services.project_attachment_add(actor=request.user, project=project, uploaded=request.FILES["file"], shared=bool(request.POST.get("shared")))
            messages.success(request, "附件已上传。")
        return redirect("backoffice:experts_panels:project_detail", pk=project.pk)


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).strip().isdigit()]


def _draw_params(post) -> dict:
    def date(name):
        try:
            return datetime.date.fromisoformat(post.get(name, ""))
        except ValueError as exc:
            raise ApplicationError("请填写工作日期。", fields={name: ["日期无效。"]}) from exc

    groups = []
    for slot in range(1, GROUP_SLOTS + 1):
        count = post.get(f"g{slot}_count", "")
        if not count.isdigit() or int(count) == 0:
            continue
        max_times = post.get(f"g{slot}_max_times", "")
        groups.append(GroupConditions(
            count=int(count), name=post.get(f"g{slot}_name", ""), domain_ids=_ints(post.getlist(f"g{slot}_domain")),
            title_levels=[t for t in post.getlist(f"g{slot}_title") if t in TitleLevel.values],
            regions=[r.strip() for r in post.get(f"g{slot}_regions", "").replace("，", ",").split(",") if r.strip()],
            tag_ids=_ints(post.getlist(f"g{slot}_tag")), max_times_drawn=int(max_times) if max_times.isdigit() else None,
        ))
    return {
        "work_start": date("work_start"), "work_end": date("work_end"), "groups": groups,
        "avoid_expert_ids": _ints(post.get("avoid_expert_ids", "").replace("，", ",").split(",")),
        "cool_down_days": int(post.get("cool_down_days") or 0), "cool_down_max": int(post.get("cool_down_max") or 0),
        "allow_parent_fallback": bool(post.get("allow_parent_fallback")),
    }


class DrawNewView(PanelsMixin, TemplateView):
    """Conditions (X19) with pre-query (X18, counts only) and freezing the lists."""

    permission_required = "expert_panels.draw_panel"
    template_name = "panels/backoffice/draw_new.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project(self.kwargs["pk"])
        day = timezone.localtime(project.opens_at).date()
        context.update(project=project, page_title=f"抽取专家 · {project.title}", domains=domain_tree(), tags=Tag.objects.all(), titles=TitleLevel.choices,
                       slots=range(1, GROUP_SLOTS + 1), day=day.isoformat(), channels=Channel.choices, modes=InvitationMode.choices, labels=EXCLUSION_LABELS)
        return context

    def get(self, request, *args, **kwargs):
        if refused := _refuse_if_archived(request, self.project(kwargs["pk"])):
            return refused
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        project = self.project(kwargs["pk"])
        services.ensure_writable(project)
        params = _draw_params(request.POST)
        if request.POST.get("action") == "prequery":
            result = services.draw_prequery(project=project, **params)
            return render(request, "panels/backoffice/_prequery.html", {"result": result, "labels": EXCLUSION_LABELS})
        draw = services.draw_prepare(
            actor=request.user, project=project, supervisors=request.POST.get("supervisors", "").replace("，", ",").split(","),
            invitation_mode=request.POST.get("invitation_mode", ""), channels=request.POST.getlist("channels"),
            response_hours=int(request.POST.get("response_hours") or 24), **params,
        )
        messages.success(request, "候选名单已冻结，请监督人输入随机值后抽取。")
        return redirect("backoffice:experts_panels:draw_detail", pk=draw.pk)


class DrawDetailView(PanelsMixin, TemplateView):
    permission_required = "expert_panels.view_draw"
    template_name = "panels/backoffice/draw_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draw = self.draw(self.kwargs["pk"])
        groups = [{"group": g, "label": selectors.group_label(g)} for g in draw.groups.defer("candidates").order_by("number")]
        context.update(draw=draw, page_title=f"抽取 #{draw.pk} · {draw.project.title}", groups=groups, members=selectors.members_for_display(actor=self.request.user, draw=draw),
                       roles=PanelRole.choices, verification=documents.verify_draw(draw), not_drawn=draw.status == DrawStatus.NOT_DRAWN,
                       verify_url=reverse("h5:experts_panels:verify", args=[draw.verify_token]), absent=[(s, MemberStatus(s).label) for s in ("declined", "leave", "no_answer")],
                       read_only=draw.project.archived_at is not None, sheet_template=selectors.sheet_template_for(draw.project))
        return context

    def post(self, request, *args, **kwargs):
        draw = self.draw(kwargs["pk"])
        action = request.POST.get("action", "")
        if action == "execute":
            if not request.user.has_perm("expert_panels.supervise_draw") and not request.user.has_perm("expert_panels.draw_panel"):
                raise Http404
            services.draw_execute(actor=request.user, draw=draw, supervisor_values=[request.POST.get(f"value_{i}", "") for i in range(len(draw.supervisors))])
            messages.success(request, "抽取完成，邀请已发出。")
        elif action in ("role", "absent") and not request.user.has_perm("expert_panels.draw_panel"):
            raise PermissionDenied
        elif action == "role":
            services.members_set_role(actor=request.user, draw=draw, member_ids=_ints(request.POST.getlist("member")), role=request.POST.get("role", ""))
            messages.success(request, "角色已设置。")
        elif action == "absent":
            member = PanelMember.objects.filter(draw=draw, pk=int(request.POST.get("member") or 0)).first()
            if member is None:
                raise Http404
            services.member_set_absent(actor=request.user, member=member, status=request.POST.get("status", ""), reason=request.POST.get("reason", ""))
            messages.success(request, "已更新，系统已按同条件补抽。")
        return redirect("backoffice:experts_panels:draw_detail", pk=draw.pk)


class DrawFileView(ExportReasonPageMixin, PanelsMixin, TemplateView):
    """The receipt (names masked, public) opens directly; the draw sheets name the drawn
    experts, so GET asks for the export reason and the form POSTs back for the file."""

    permission_required = "expert_panels.view_draw"

    def _sheet_allowed(self, request, kind: str) -> None:
        if not request.user.has_perm("expert_panels.export_project") or kind not in ("docx", "xlsx"):
            raise Http404

    def get(self, request, *args, **kwargs):
        draw = self.draw(kwargs["pk"])
        kind = kwargs["kind"]
        if kind == "receipt":
            url = services.absolute_url(reverse("h5:experts_panels:verify", args=[draw.verify_token]))
            return _file(documents.receipt_pdf(draw, verify_url=url, tenant_name=getattr(request.tenant, "name", "")), f"专家抽取回执-{draw.project.code}-{draw.pk}.pdf", "application/pdf")
        self._sheet_allowed(request, kind)
        return self.export_reason_page(request, title=f"评审专家抽取表（{draw.project.code}，{'Word' if kind == 'docx' else 'Excel'}）",
                                       back_url=reverse("backoffice:experts_panels:draw_detail", args=[draw.pk]))

    def post(self, request, *args, **kwargs):
        draw = self.draw(kwargs["pk"])
        kind = kwargs["kind"]
        self._sheet_allowed(request, kind)
        name = f"评审专家抽取表-{draw.project.code}-{draw.pk}.{kind}"
        try:
            content = job_services.export_document(
                actor=request.user, title="评审专家抽取表", filename=name, personal_data=True, reason=request.POST.get("reason", ""),
                build=lambda: sheets.draw_sheet(draw, kind=kind, revealed=can_reveal(request.user, project_starts_at=draw.project.opens_at)),
                action="expert_panels.draw.sheet_export", target=draw,
            )
        except ApplicationError as exc:
            return self.export_reason_page(request, title=f"评审专家抽取表（{draw.project.code}）", error=exc.message, status=400,
                                           back_url=reverse("backoffice:experts_panels:draw_detail", args=[draw.pk]))
        response = _file(content, name, DOCX if kind == "docx" else XLSX)
        response["Cache-Control"] = "no-store"
        return response


def _export(request, spec_name: str):
    """A list page's export through the engine: the file at once, or a background job with
    progress when the list is long (P13)."""
    params = request.GET.dict()
    params.pop("export", None)
    try:
        return export_start_response(request, spec_name=spec_name, params=params, reason=params.pop("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(request.path)


class HistoryView(PanelsMixin, TemplateView):
    """X25: all draws with conditions, counts, replacements, receipts; search and export."""

    permission_required = "expert_panels.view_draw"
    template_name = "panels/backoffice/history.html"
    page_title = "抽取历史"

    def get(self, request, *args, **kwargs):
        search = selectors.ProjectSearch.from_query(request.GET)
        draws = selectors.draw_history(actor=request.user, search=search)
        if request.GET.get("export"):
            if not request.user.has_perm("expert_panels.export_project"):
                raise Http404
            return _export(request, "expert_panels.history")
        pages = paginate(request, draws, per_page=20)
        return self.render_to_response(self.get_context_data(**pages, page=pages["page_obj"], search=search, departments=OrgUnit.objects.all(), query=request.GET.urlencode()))


# --- draw-sheet templates (X22) -------------------------------------------------------------


class SheetTemplateListView(PanelsMixin, TemplateView):
    """Upload (checked by rendering with sample data), list, activate, delete; the placeholders
    that templates may use are listed on the page."""

    permission_required = "expert_panels.view_sheettemplate"
    template_name = "panels/backoffice/sheet_templates.html"
    page_title = "抽取表模板"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:100]
        context.update(paginate(self.request, selectors.sheet_templates(q=q), per_page=20), q=q, project_placeholders=sheets.PROJECT_PLACEHOLDERS,
                       member_placeholders=sheets.MEMBER_PLACEHOLDERS, categories=selectors.project_categories())
        context.setdefault("values", {"activate": "1"})
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("expert_panels.add_sheettemplate"):
            raise PermissionDenied
        try:
            template = services.sheet_template_upload(actor=request.user, name=request.POST.get("name", ""), category=request.POST.get("category", ""),
                                                      docx=request.FILES.get("docx"), xlsx=request.FILES.get("xlsx"), activate=bool(request.POST.get("activate")))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc, values=request.POST), status=400)
        messages.success(request, f"模板“{template.name}”已上传" + ("并启用。" if template.is_active else "，尚未启用。"))
        return redirect("backoffice:experts_panels:sheet_templates")


class SheetTemplateActionView(PanelsMixin, View):
    permission_required = "expert_panels.view_sheettemplate"
    ACTIONS = {"activate": "expert_panels.change_sheettemplate", "deactivate": "expert_panels.change_sheettemplate",
               "delete": "expert_panels.delete_sheettemplate"}

    def post(self, request, *args, **kwargs):
        template = SheetTemplate.objects.filter(pk=kwargs["pk"]).first()
        if template is None:
            raise Http404
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            raise Http404
        if not request.user.has_perm(self.ACTIONS[action]):
            raise PermissionDenied
        if action == "activate":
            services.sheet_template_activate(actor=request.user, template=template)
            messages.success(request, f"已启用“{template.name}”" + (f"（项目类型：{template.category}）。" if template.category else "（所有项目类型）。"))
        elif action == "deactivate":
            services.sheet_template_deactivate(actor=request.user, template=template)
            messages.success(request, f"已停用“{template.name}”。")
        else:
            services.sheet_template_delete(actor=request.user, template=template)
            messages.success(request, f"已删除“{template.name}”。")
        return redirect("backoffice:experts_panels:sheet_templates")


class SheetTemplateFileView(PanelsMixin, TemplateView):
    """Download an uploaded template, or the built-in one to start a new template from."""

    permission_required = "expert_panels.view_sheettemplate"

    def get(self, request, *args, **kwargs):
        kind = kwargs["kind"]
        if kind not in ("docx", "xlsx"):
            raise Http404
        if "pk" not in kwargs:
            content = sheets.default_docx() if kind == "docx" else sheets.default_xlsx()
            return _file(content, f"默认抽取表模板.{kind}", DOCX if kind == "docx" else XLSX)
        template = SheetTemplate.objects.filter(pk=kwargs["pk"]).first()
        stored = getattr(template, kind, None) if template is not None else None
        if not stored:
            raise Http404
        return _file(_read(stored), f"{template.name}.{kind}", DOCX if kind == "docx" else XLSX)


# --- settings and project applications (X17) ------------------------------------------------


class PanelSettingsView(PanelsMixin, TemplateView):
    """Which user groups may apply for projects."""

    permission_required = "expert_panels.change_panelsettings"
    template_name = "panels/backoffice/settings.html"
    page_title = "抽取设置"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settings_row = selectors.panel_settings()
        context.update(groups=Group.objects.order_by("name"), selected={g.pk for g in settings_row.applicant_groups.all()}, settings=settings_row)
        return context

    def post(self, request, *args, **kwargs):
        settings_row = services.panel_settings_save(actor=request.user, group_ids=_ints(request.POST.getlist("groups")))
        names = "、".join(g.name for g in settings_row.applicant_groups.all()) or "无"
        messages.success(request, f"已保存。可申请项目的用户组：{names}。")
        return redirect("backoffice:experts_panels:settings")


class ApplicantMixin(PanelsMixin):
    """Pages for users of the groups the settings allow to apply for projects."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.may_apply(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ApplicationListView(ApplicantMixin, TemplateView):
    template_name = "panels/backoffice/application_list.html"
    page_title = "我的项目申请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q, status = self.request.GET.get("q", "").strip()[:100], self.request.GET.get("status", "")
        context.update(paginate(self.request, selectors.my_applications(user=self.request.user, q=q, status=status), per_page=20),
                       q=q, status=status, statuses=ProjectStatus.choices)
        return context


class ApplicationCreateView(ApplicantMixin, TemplateView):
    template_name = "panels/backoffice/application_form.html"
    page_title = "申请抽取项目"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("values", {})
        context["max_files"] = services.MAX_APPLICATION_FILES
        return context

    def post(self, request, *args, **kwargs):
        try:
            data = _project_input(request.POST)
            project = services.project_apply(actor=request.user, data=data, files=request.FILES.getlist("files"))
        except ApplicationError as exc:
            return self.render_to_response(self.get_context_data(error=exc, values=request.POST), status=400)
        messages.success(request, f"项目申请已提交（{project.code}），审核结果将以站内信通知您。")
        return redirect("backoffice:experts_panels:application_detail", pk=project.pk)


class ApplicationDetailView(ApplicantMixin, TemplateView):
    template_name = "panels/backoffice/application_detail.html"
    page_title = "项目申请"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = selectors.my_application(user=self.request.user, pk=int(self.kwargs["pk"]))
        if project is None:
            raise Http404
        context.update(project=project, page_title=f"项目申请 · {project.title}")
        return context
