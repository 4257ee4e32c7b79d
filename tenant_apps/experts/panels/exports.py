"""Exports of the draw register (core.importexport): the project list and the draw history,
with the filters of their pages. Neither names a person (projects and draws, units and counts
only), so they need no stated reason; the draw sheets, which name the drawn experts, are
documents exported through `core.importexport.services.export_document` with a reason."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from core.importexport.spec import ExportField, ExportSpec, register_export
from tenant_apps.experts.panels.enums import MemberKind
from tenant_apps.experts.panels.selectors import (
    ProjectSearch,
    draw_history,
    project_search_by_source,
)

EXPORT = "expert_panels.export_project"
SEARCH_PARAMS = ("q", "status", "department", "from", "to", "archived")


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _projects(*, actor, params: dict):
    return (project_search_by_source(actor=actor, search=ProjectSearch.from_query(params), source=params.get("source", ""))
            .select_related("department", "batch")
            .annotate(export_draw_count=Count("draws", distinct=True),
                      export_replacement_count=Count("draws__members", filter=Q(draws__members__kind=MemberKind.REPLACEMENT), distinct=True)))


PROJECT_EXPORT = register_export(ExportSpec(
    name="expert_panels.projects",
    title="抽取项目",
    permission="expert_panels.view_project",
    extra_permissions=(EXPORT,),
    rows=lambda *, actor, params: _projects(actor=actor, params=params).iterator(chunk_size=1000),
    count=lambda *, actor, params: project_search_by_source(actor=actor, search=ProjectSearch.from_query(params),
                                                           source=params.get("source", "")).count(),
    param_names=(*SEARCH_PARAMS, "source"),
    personal_data=False,
    fields=[
        ExportField("code", "项目编号", lambda p: p.code),
        ExportField("title", "项目名称", lambda p: p.title),
        ExportField("owner_unit", "项目单位", lambda p: p.owner_unit),
        ExportField("related_units", "相关单位", lambda p: list(p.related_units or [])),
        ExportField("department", "负责部门", lambda p: p.department.name if p.department_id else ""),
        ExportField("status", "状态", lambda p: p.get_status_display()),
        ExportField("opens_at", "评审时间", lambda p: _local(p.opens_at)),
        ExportField("batch", "批次", lambda p: p.batch.name if p.batch_id else ""),
        ExportField("archived", "已归档", lambda p: "是" if p.archived_at else "否"),
        ExportField("draws", "抽取次数", lambda p: p.export_draw_count),
        ExportField("replacements", "补抽人数", lambda p: p.export_replacement_count),
    ],
))


def _conditions(draw) -> str:
    return "；".join(f"第{g.number}组{g.count}人/候选{g.candidate_count}" for g in draw.groups.all())


HISTORY_EXPORT = register_export(ExportSpec(
    name="expert_panels.history",
    title="抽取历史",
    permission="expert_panels.view_draw",
    extra_permissions=(EXPORT,),
    rows=lambda *, actor, params: draw_history(actor=actor, search=ProjectSearch.from_query(params)).iterator(chunk_size=1000),
    count=lambda *, actor, params: draw_history(actor=actor, search=ProjectSearch.from_query(params)).count(),
    param_names=SEARCH_PARAMS,
    personal_data=False,
    fields=[
        ExportField("id", "抽取编号", lambda d: d.pk),
        ExportField("project_code", "项目编号", lambda d: d.project.code),
        ExportField("project_title", "项目名称", lambda d: d.project.title),
        ExportField("owner_unit", "项目单位", lambda d: d.project.owner_unit),
        ExportField("department", "负责部门", lambda d: d.project.department.name if d.project.department_id else ""),
        ExportField("mode", "方式", lambda d: d.get_mode_display()),
        ExportField("status", "状态", lambda d: d.get_status_display()),
        ExportField("short_reason", "不足原因", lambda d: d.short_reason),
        ExportField("conditions", "条件", _conditions),
        ExportField("members", "人数", lambda d: getattr(d, "member_count", 0)),
        ExportField("replacements", "补抽", lambda d: getattr(d, "replacement_count", 0)),
        ExportField("drawn_at", "抽取时间", lambda d: _local(d.drawn_at)),
        ExportField("commitment", "承诺哈希", lambda d: d.commitment),
        ExportField("seed", "种子", lambda d: d.seed),
    ],
))
