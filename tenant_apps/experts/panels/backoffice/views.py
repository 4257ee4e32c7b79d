"""Back office of projects and draws: thin views over services and selectors."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView

from core.errors import ApplicationError
from core.web.views import BackofficeMixin
from tenant_apps.accounts.models import OrgUnit, User
from tenant_apps.experts.enums import TitleLevel
from tenant_apps.experts.models import Tag
from tenant_apps.experts.panels import documents, selectors, services
from tenant_apps.experts.panels.enums import (
    Channel,
    DrawStatus,
    InvitationMode,
    MemberStatus,
    PanelRole,
    ProjectStatus,
)
from tenant_apps.experts.panels.models import Draw, PanelMember, Project
from tenant_apps.experts.panels.selectors import EXCLUSION_LABELS, GroupConditions
from tenant_apps.experts.selectors import domain_tree

GROUP_SLOTS = 3
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


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
        projects = selectors.project_search(actor=request.user, search=search)
        if request.GET.get("export"):
            if not request.user.has_perm("expert_panels.export_project"):
                raise Http404
            return _file(documents.projects_xlsx(projects[:5000]), "projects.xlsx", XLSX)
        page = Paginator(projects, 20).get_page(request.GET.get("page"))
        return self.render_to_response(self.get_context_data(page=page, search=search, statuses=ProjectStatus.choices,
                                                             departments=OrgUnit.objects.all(), query=request.GET.urlencode()))


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
            context["values"] = {}
        return context

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

    def post(self, request, *args, **kwargs):
        project = self.project(kwargs["pk"])
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
        groups = [{"group": g, "label": selectors.group_label(g)} for g in draw.groups.order_by("number")]
        context.update(draw=draw, page_title=f"抽取 #{draw.pk} · {draw.project.title}", groups=groups, members=selectors.members_for_display(actor=self.request.user, draw=draw),
                       roles=PanelRole.choices, verification=documents.verify_draw(draw), not_drawn=draw.status == DrawStatus.NOT_DRAWN,
                       verify_url=reverse("h5:experts_panels:verify", args=[draw.verify_token]), absent=[(s, MemberStatus(s).label) for s in ("declined", "leave", "no_answer")])
        return context

    def post(self, request, *args, **kwargs):
        draw = self.draw(kwargs["pk"])
        action = request.POST.get("action", "")
        if action == "execute":
            if not request.user.has_perm("expert_panels.supervise_draw") and not request.user.has_perm("expert_panels.draw_panel"):
                raise Http404
            services.draw_execute(actor=request.user, draw=draw, supervisor_values=[request.POST.get(f"value_{i}", "") for i in range(len(draw.supervisors))])
            messages.success(request, "抽取完成，邀请已发出。")
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


class DrawFileView(PanelsMixin, TemplateView):
    permission_required = "expert_panels.view_draw"

    def get(self, request, *args, **kwargs):
        draw = self.draw(kwargs["pk"])
        kind = kwargs["kind"]
        if kind == "receipt":
            url = request.build_absolute_uri(reverse("h5:experts_panels:verify", args=[draw.verify_token]))
            return _file(documents.receipt_pdf(draw, verify_url=url, tenant_name=getattr(request.tenant, "name", "")), f"draw-{draw.pk}-receipt.pdf", "application/pdf")
        if not request.user.has_perm("expert_panels.export_project"):
            raise Http404
        if kind == "docx":
            return _file(documents.sheet_docx(draw), f"draw-{draw.pk}-sheet.docx", DOCX)
        if kind == "xlsx":
            return _file(documents.sheet_xlsx(draw), f"draw-{draw.pk}-sheet.xlsx", XLSX)
        raise Http404


class HistoryView(PanelsMixin, TemplateView):
    """X25: all draws with conditions, counts, replacements, receipts; search and export."""

    permission_required = "expert_panels.view_draw"
    template_name = "panels/backoffice/history.html"
    page_title = "抽取历史"

    def get(self, request, *args, **kwargs):
        search = selectors.ProjectSearch.from_query(request.GET)
        draws = selectors.draw_history(actor=request.user, search=search).prefetch_related("groups")
        if request.GET.get("export"):
            if not request.user.has_perm("expert_panels.export_project"):
                raise Http404
            return _file(documents.history_xlsx(draws[:5000]), "draw-history.xlsx", XLSX)
        page = Paginator(draws, 20).get_page(request.GET.get("page"))
        return self.render_to_response(self.get_context_data(page=page, search=search, departments=OrgUnit.objects.all(), query=request.GET.urlencode()))
