"""Panels API: projects (approval, archiving, follow-up, attachments, batches), the verifiable
draw (pre-query, prepare, execute, manual), the panel (roles, absences, attendance,
invitations), history, and the invited expert's own invitations.

Thin views over the panels services, selectors and documents, with the permissions the back
office uses. Every object is looked up through the department-scoped project selector, so
another department's or another tenant's id answers 404. Writes on an archived project answer
409 project_archived (checked before the body is parsed). No endpoint returns the candidate
pool: pre-query and frozen lists are counts, hashes and (in the receipt) expert ids only;
drawn members' names are masked exactly as on the pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.errors import NotFound, PermissionDenied
from core.files import download_url
from core.importexport import services as job_services
from tenant_apps.accounts.models import OrgUnit, User
from tenant_apps.experts.panels import documents, selectors, services, sheets
from tenant_apps.experts.panels.api import serializers as s
from tenant_apps.experts.panels.enums import MemberStatus
from tenant_apps.experts.panels.models import Draw, PanelMember, Project, ProjectBatch
from tenant_apps.experts.panels.selectors import EXCLUSION_LABELS, GroupConditions
from tenant_apps.experts.selectors import can_reveal

TAG = ["专家抽取"]
MY_TAG = ["专家抽取（专家本人）"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
WRITE_ERRORS = {**ERRORS, 409: ErrorSerializer}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="项目名称、编号或项目单位"),
    OpenApiParameter("department", int, description="负责部门"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="评审时间起"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="评审时间止"),
]
PROJECT_PARAMETERS = [
    *SEARCH_PARAMETERS,
    OpenApiParameter("status", str, description="draft/pending/approved/rejected/closed"),
    OpenApiParameter("archived", str, description="active（默认）/archived/all"),
]
MATCHED_LABEL = "符合入选条件"

VIEW_PROJECT = "expert_panels.view_project"
CHANGE_PROJECT = "expert_panels.change_project"
VIEW_DRAW = "expert_panels.view_draw"
DRAW_PANEL = "expert_panels.draw_panel"
EXPORT = "expert_panels.export_project"
REASON_PARAMETER = OpenApiParameter("reason", str, description="导出事由（文件含专家姓名等个人信息，必填，至少 4 个字；写入文件和审计日志）")


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _read(stored) -> bytes:
    with stored.open("rb") as handle:
        return handle.read()


def _binary(content_type: str) -> dict:
    return {(200, content_type): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS}


def _exclusions(counts: dict) -> list[dict]:
    return [{"reason": key, "label": MATCHED_LABEL if key == "matched" else EXCLUSION_LABELS.get(key, key), "count": int(value)}
            for key, value in (counts or {}).items()]


class PanelsAPI(TenantAPIMixin, generics.GenericAPIView):
    """Lookups through the scoped selectors; `parse` validates one input serializer."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def project(self, pk) -> Project:
        project = selectors.project_get(actor=self.request.user, pk=int(pk))
        if project is None:
            raise NotFound("项目不存在。")
        return project

    def writable_project(self, pk) -> Project:
        project = self.project(pk)
        services.ensure_writable(project)
        return project

    def draw(self, pk) -> Draw:
        draw = Draw.objects.select_related("project").filter(pk=int(pk)).first()
        if draw is None or selectors.project_get(actor=self.request.user, pk=draw.project_id) is None:
            raise NotFound("抽取记录不存在。")
        return draw

    def member(self, draw: Draw, pk) -> PanelMember:
        member = draw.members.filter(pk=int(pk)).first()
        if member is None:
            raise NotFound("评审组中没有该专家。")
        return member

    def links(self, draw: Draw) -> dict:
        return {
            "receipt": reverse("api:experts_panels:draw-receipt", args=[draw.pk]),
            "receipt_pdf": reverse("api:experts_panels:draw-receipt-pdf", args=[draw.pk]),
            "sheet_docx": reverse("api:experts_panels:draw-sheet-docx", args=[draw.pk]),
            "sheet_xlsx": reverse("api:experts_panels:draw-sheet-xlsx", args=[draw.pk]),
            "verify_page": reverse("h5:experts_panels:verify", args=[draw.verify_token]),
            "verify_json": reverse("h5:experts_panels:verify_json", args=[draw.verify_token]),
        }


def _project_input(data: dict) -> services.ProjectInput:
    return services.ProjectInput(
        title=data["title"], owner_unit=data["owner_unit"], opens_at=data["opens_at"], code=data.get("code", ""),
        related_units=list(data.get("related_units", [])), department_id=data.get("department_id"), category=data.get("category", ""),
        location=data.get("location", ""), ends_at=data.get("ends_at"), description=data.get("description", ""), batch_name=data.get("batch_name", ""),
    )


def _current_values(project: Project) -> dict:
    return {"title": project.title, "owner_unit": project.owner_unit, "opens_at": project.opens_at, "code": project.code,
            "related_units": project.related_units, "department_id": project.department_id, "category": project.category, "location": project.location,
            "ends_at": project.ends_at, "description": project.description, "batch_name": project.batch.name if project.batch_id else ""}


def _check_department(department_id: int | None) -> None:
    if department_id is not None and not OrgUnit.objects.filter(pk=department_id).exists():
        raise ValidationError({"department_id": ["部门不存在。"]})


# --- projects -------------------------------------------------------------------------------


class ProjectListAPI(PanelsAPI):
    permission_map = {"GET": VIEW_PROJECT, "POST": "expert_panels.add_project"}
    serializer_class = s.PanelProjectSerializer

    @extend_schema(operation_id="panels_projects_list", tags=TAG, summary="抽取项目（按部门范围）", parameters=PROJECT_PARAMETERS,
                   responses={200: s.PanelProjectSerializer(many=True), **ERRORS})
    def get(self, request):
        search = selectors.ProjectSearch.from_query(request.query_params)
        page = self.paginate_queryset(selectors.project_search(actor=request.user, search=search))
        return self.get_paginated_response(s.PanelProjectSerializer(page, many=True).data)

    @extend_schema(operation_id="panels_projects_create", tags=TAG, summary="新建抽取项目（待审核）", request=s.PanelProjectSerializer,
                   responses={201: s.PanelProjectSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.PanelProjectSerializer)
        if data.get("department_id") is None:
            data["department_id"] = request.user.org_unit_id
        _check_department(data["department_id"])
        project = services.project_create(actor=request.user, data=_project_input(data))
        return Response(s.PanelProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectDetailAPI(PanelsAPI):
    permission_map = {"GET": VIEW_PROJECT, "PUT": CHANGE_PROJECT, "PATCH": CHANGE_PROJECT}
    serializer_class = s.PanelProjectSerializer

    @extend_schema(operation_id="panels_projects_retrieve", tags=TAG, summary="项目详情", responses={200: s.PanelProjectSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.PanelProjectSerializer(self.project(pk)).data)

    def _save(self, pk, *, partial: bool) -> Response:
        project = self.writable_project(pk)
        data = {**_current_values(project), **self.parse(s.PanelProjectSerializer, partial=partial)} if partial else self.parse(s.PanelProjectSerializer)
        _check_department(data.get("department_id"))
        project = services.project_update(actor=self.request.user, project=project, data=_project_input(data))
        return Response(s.PanelProjectSerializer(project).data)

    @extend_schema(operation_id="panels_projects_update", tags=TAG, summary="修改项目", request=s.PanelProjectSerializer,
                   responses={200: s.PanelProjectSerializer, **WRITE_ERRORS})
    def put(self, request, pk: int):
        return self._save(pk, partial=False)

    @extend_schema(operation_id="panels_projects_partial_update", tags=TAG, summary="修改项目（部分字段）", request=s.PanelProjectSerializer,
                   responses={200: s.PanelProjectSerializer, **WRITE_ERRORS})
    def patch(self, request, pk: int):
        return self._save(pk, partial=True)


class ProjectReviewAPI(PanelsAPI):
    """Approve or reject (the subclass says which); only approved projects can be drawn."""

    permission_map = {"POST": "expert_panels.approve_project"}
    approve = True

    def review(self, request, pk) -> Response:
        project = self.writable_project(pk)
        data = self.parse(s.PanelReviewSerializer)
        project = services.project_review(actor=request.user, project=project, approve=self.approve, note=data["note"])
        return Response(s.PanelProjectSerializer(project).data)


class ProjectApproveAPI(ProjectReviewAPI):
    approve = True

    @extend_schema(operation_id="panels_projects_approve", tags=TAG, summary="审核通过", request=s.PanelReviewSerializer,
                   responses={200: s.PanelProjectSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        return self.review(request, pk)


class ProjectRejectAPI(ProjectReviewAPI):
    approve = False

    @extend_schema(operation_id="panels_projects_reject", tags=TAG, summary="驳回", request=s.PanelReviewSerializer,
                   responses={200: s.PanelProjectSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        return self.review(request, pk)


class ProjectArchiveAPI(PanelsAPI):
    permission_map = {"POST": "expert_panels.archive_project"}

    @extend_schema(operation_id="panels_projects_archive", tags=TAG, summary="归档（此后项目只读）", request=None,
                   responses={200: s.PanelProjectSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        project = services.project_archive(actor=request.user, project=self.writable_project(pk))
        return Response(s.PanelProjectSerializer(project).data)


class ProjectNoteListAPI(PanelsAPI):
    permission_map = {"GET": VIEW_PROJECT, "POST": CHANGE_PROJECT}
    serializer_class = s.PanelNoteSerializer

    @extend_schema(operation_id="panels_projects_notes_list", tags=TAG, summary="项目跟进记录", responses={200: s.PanelNoteSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        page = self.paginate_queryset(self.project(pk).notes.select_related("author").order_by("-created_at", "-id"))
        return self.get_paginated_response(s.PanelNoteSerializer(page, many=True).data)

    @extend_schema(operation_id="panels_projects_notes_create", tags=TAG, summary="添加跟进（可同时指派跟进人）", request=s.PanelNoteSerializer,
                   responses={201: s.PanelNoteSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        project = self.writable_project(pk)
        data = self.parse(s.PanelNoteSerializer)
        assignee = None
        if data["assign_to_id"] is not None:
            assignee = User.objects.filter(pk=data["assign_to_id"], kind="staff", is_active=True).first()
            if assignee is None:
                raise ValidationError({"assign_to_id": ["工作人员不存在。"]})
        note = services.project_note_add(actor=request.user, project=project, text=data["text"], assign_to=assignee)
        return Response(s.PanelNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ProjectAttachmentListAPI(PanelsAPI):
    permission_map = {"GET": VIEW_PROJECT, "POST": CHANGE_PROJECT}
    serializer_class = s.PanelAttachmentSerializer

    @extend_schema(operation_id="panels_projects_attachments_list", tags=TAG, summary="项目附件", responses={200: s.PanelAttachmentSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        return Response(s.PanelAttachmentSerializer(self.project(pk).attachments.order_by("id"), many=True, context={"request": request}).data)

    @extend_schema(operation_id="panels_projects_attachments_create", tags=TAG, summary="上传附件（multipart，最大 20MB）",
                   request={"multipart/form-data": s.PanelAttachmentSerializer}, responses={201: s.PanelAttachmentSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        project = self.writable_project(pk)
        data = self.parse(s.PanelAttachmentSerializer)
        attachment = services.project_attachment_add(actor=request.user, project=project, uploaded=data["file"], shared=data["is_shared_with_experts"])
        return Response(s.PanelAttachmentSerializer(attachment, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ProjectAttachmentDetailAPI(PanelsAPI):
    permission_map = {"DELETE": CHANGE_PROJECT}

    @extend_schema(operation_id="panels_projects_attachments_delete", tags=TAG, summary="删除附件", responses={204: None, **WRITE_ERRORS})
    def delete(self, request, pk: int, attachment_pk: int):
        project = self.writable_project(pk)
        attachment = project.attachments.filter(pk=int(attachment_pk)).first()
        if attachment is None:
            raise NotFound("附件不存在。")
        services.project_attachment_delete(actor=request.user, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BatchListAPI(PanelsAPI):
    """Batches (项目批次) with the caller's projects in them; a batch shares one panel."""

    permission_map = {"GET": VIEW_PROJECT, "POST": CHANGE_PROJECT}

    @extend_schema(operation_id="panels_batches_list", tags=TAG, summary="项目批次（共用一个评审组）", responses={200: s.PanelBatchSerializer(many=True), **ERRORS})
    def get(self, request):
        projects = list(selectors.project_scope(actor=request.user).filter(batch__isnull=False).order_by("id"))
        by_batch: dict[int, list[Project]] = {}
        for project in projects:
            by_batch.setdefault(project.batch_id, []).append(project)
        page = self.paginate_queryset(ProjectBatch.objects.filter(pk__in=list(by_batch)).order_by("-id"))
        data = [{"id": b.pk, "name": b.name, "created_at": b.created_at, "projects": by_batch[b.pk]} for b in page]
        return self.get_paginated_response(s.PanelBatchSerializer(data, many=True).data)

    @extend_schema(operation_id="panels_batches_set", tags=TAG, summary="把项目放入同一批次（批次名为空则移出批次）", request=s.PanelBatchSetSerializer,
                   responses={200: s.PanelProjectSerializer(many=True), **WRITE_ERRORS})
    def post(self, request):
        data = self.parse(s.PanelBatchSetSerializer)
        projects = selectors.projects_for_bulk(actor=request.user, ids=data["project_ids"])
        if len(projects) != len(set(data["project_ids"])):
            raise NotFound("项目不存在。")
        services.projects_batch_set(actor=request.user, projects=projects, batch_name=data["batch_name"])
        return Response(s.PanelProjectSerializer(selectors.projects_for_bulk(actor=request.user, ids=data["project_ids"]), many=True).data)


# --- pre-query and draws --------------------------------------------------------------------


def _conditions(data: dict) -> dict:
    groups = [GroupConditions(count=g["count"], name=g["name"], domain_ids=g["domain_ids"], title_levels=g["title_levels"],
                              regions=[r.strip() for r in g["regions"] if r.strip()], tag_ids=g["tag_ids"], max_times_drawn=g["max_times_drawn"])
              for g in data["groups"]]
    return {"work_start": data["work_start"], "work_end": data["work_end"], "groups": groups, "avoid_expert_ids": data["avoid_expert_ids"],
            "cool_down_days": data["cool_down_days"], "cool_down_max": data["cool_down_max"], "allow_parent_fallback": data["allow_parent_fallback"]}


class PrequeryAPI(PanelsAPI):
    """X18: counts per group and per exclusion reason; nothing is drawn or stored."""

    permission_map = {"POST": DRAW_PANEL}

    @extend_schema(operation_id="panels_projects_prequery", tags=TAG, summary="预查询（只给人数，不显示专家）", request=s.PanelDrawConditionsSerializer,
                   responses={200: s.PanelPrequeryGroupSerializer(many=True), **WRITE_ERRORS})
    def post(self, request, pk: int):
        project = self.writable_project(pk)  # as on the page: an archived project is not drawn again
        result = services.draw_prequery(project=project, **_conditions(self.parse(s.PanelDrawConditionsSerializer)))
        data = [{**g, "is_short": g["available"] < g["count"], "exclusions": _exclusions(g["exclusions"])} for g in result]
        return Response(s.PanelPrequeryGroupSerializer(data, many=True).data)


class ProjectDrawListAPI(PanelsAPI):
    permission_map = {"GET": VIEW_PROJECT, "POST": DRAW_PANEL}

    @extend_schema(operation_id="panels_projects_draws_list", tags=TAG, summary="项目（含同批次）的抽取记录", responses={200: s.PanelDrawSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        return Response(s.PanelDrawSerializer(selectors.project_draws(self.project(pk)), many=True).data)

    @extend_schema(operation_id="panels_draws_prepare", tags=TAG, summary="冻结候选名单并公布随机值承诺（监督人随后输入随机值）",
                   request=s.PanelDrawPrepareSerializer, responses={201: s.PanelDrawDetailSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        project = self.writable_project(pk)
        data = self.parse(s.PanelDrawPrepareSerializer)
        draw = services.draw_prepare(actor=request.user, project=project, supervisors=data["supervisors"], invitation_mode=data["invitation_mode"],
                                     channels=data["channels"], response_hours=data["response_hours"], **_conditions(data))
        return Response(_draw_detail(self, draw), status=status.HTTP_201_CREATED)


class ManualDrawAPI(PanelsAPI):
    permission_map = {"POST": DRAW_PANEL}

    @extend_schema(operation_id="panels_draws_manual", tags=TAG, summary="人工指定专家（标记为人工，须填理由）", request=s.PanelManualDrawSerializer,
                   responses={201: s.PanelDrawDetailSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        project = self.writable_project(pk)
        data = self.parse(s.PanelManualDrawSerializer)
        draw = services.draw_manual(actor=request.user, project=project, expert_ids=data["expert_ids"], work_start=data["work_start"], work_end=data["work_end"],
                                    reason=data["reason"], channels=data["channels"] or None, response_hours=data["response_hours"])
        return Response(_draw_detail(self, draw), status=status.HTTP_201_CREATED)


def _verification(draw: Draw) -> dict | None:
    result = documents.verify_draw(draw)
    return None if result is None else {"ok": result.ok, "problems": result.problems}


def _member_rows(actor, draw: Draw) -> list[dict]:
    rows = []
    for item in selectors.members_for_display(actor=actor, draw=draw):
        m = item["member"]
        rows.append({"id": m.pk, "row": m.row, "expert_id": m.expert_id, "name": item["name"], "is_revealed": item["revealed"],
                     "group": m.group.number if m.group_id else None, "position": m.position, "kind": m.kind, "status": m.status, "role": m.role,
                     "replaces_row": m.replaces.row if m.replaces_id else None, "reason": m.reason, "invited_at": m.invited_at, "deadline": m.deadline,
                     "responded_at": m.responded_at, "response_channel": m.response_channel, "attended": m.attended})
    return rows


def _draw_detail(view: PanelsAPI, draw: Draw) -> dict:
    draw = Draw.objects.select_related("project").get(pk=draw.pk)
    groups = [{"number": g.number, "name": g.name, "label": selectors.group_label(g), "count": g.count, "domain_ids": g.domain_ids,
               "title_levels": g.title_levels, "regions": g.regions, "tag_ids": g.tag_ids, "max_times_drawn": g.max_times_drawn,
               "candidate_count": g.candidate_count, "used_fallback": g.used_fallback, "list_hash": g.list_hash, "exclusions": _exclusions(g.exclusions)}
              for g in draw.groups.defer("candidates").order_by("number")]
    data = {field: getattr(draw, field) for field in s.PanelDrawSerializer().fields if field != "is_manual"}
    data.update(is_manual=draw.is_manual, project_title=draw.project.title, supervisor_values=draw.supervisor_values,
                server_value=draw.server_value if draw.server_value_revealed else None, groups=groups,
                members=_member_rows(view.request.user, draw), verification=_verification(draw), links=view.links(draw))
    return s.PanelDrawDetailSerializer(data).data


class DrawDetailAPI(PanelsAPI):
    permission_map = {"GET": VIEW_DRAW}

    @extend_schema(operation_id="panels_draws_retrieve", tags=TAG, summary="抽取详情：条件组（人数与哈希）、评审组成员（按规定遮蔽）、复算结果",
                   responses={200: s.PanelDrawDetailSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(_draw_detail(self, self.draw(pk)))


class DrawExecuteAPI(PanelsAPI):
    """Supervisors' values → seed → panel; invitations go out. Either a supervisor or a drawing
    operator may run it (as on the page)."""

    permission_map = {"POST": VIEW_DRAW}

    @extend_schema(operation_id="panels_draws_execute", tags=TAG, summary="输入监督随机值并执行抽取", request=s.PanelExecuteSerializer,
                   responses={200: s.PanelDrawDetailSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        if not (request.user.has_perm("expert_panels.supervise_draw") or request.user.has_perm(DRAW_PANEL)):
            raise PermissionDenied("您无权执行抽取。")
        draw = self.draw(pk)
        services.ensure_writable(draw.project)
        data = self.parse(s.PanelExecuteSerializer)
        draw = services.draw_execute(actor=request.user, draw=draw, supervisor_values=data["supervisor_values"])
        return Response(_draw_detail(self, draw))


class DrawReceiptAPI(PanelsAPI):
    permission_map = {"GET": VIEW_DRAW}

    @extend_schema(operation_id="panels_draws_receipt", tags=TAG, summary="抽取回执 JSON（供复算）与 PDF、公开验证链接",
                   responses={200: s.PanelReceiptSerializer, **ERRORS})
    def get(self, request, pk: int):
        draw = self.draw(pk)
        data = {"receipt": documents.receipt_json(draw), "verification": _verification(draw), "links": self.links(draw)}
        return Response(s.PanelReceiptSerializer(data).data)


class DrawReceiptPdfAPI(PanelsAPI):
    permission_map = {"GET": VIEW_DRAW}

    @extend_schema(operation_id="panels_draws_receipt_pdf", tags=TAG, summary="抽取回执 PDF（姓名遮蔽）", responses=_binary("application/pdf"))
    def get(self, request, pk: int):
        draw = self.draw(pk)
        verify_url = services.absolute_url(reverse("h5:experts_panels:verify", args=[draw.verify_token]))
        content = documents.receipt_pdf(draw, verify_url=verify_url, tenant_name=getattr(request.tenant, "name", ""))
        return _file(content, f"专家抽取回执-{draw.project.code}-{draw.pk}.pdf", "application/pdf")


class DrawSheetAPI(PanelsAPI):
    """The draw sheet for offline sign-in, as the back office makes it: the project type's active
    template (else the type-wide one, else the built-in one), names masked outside the reveal
    window. It names the drawn experts: `reason` is required (400 `export_reason_required`),
    stamped into the file and audited."""

    permission_map = {"GET": (VIEW_DRAW, EXPORT)}
    fmt = "xlsx"

    def get(self, request, pk: int):
        draw = self.draw(pk)
        name = f"评审专家抽取表-{draw.project.code}-{draw.pk}.{self.fmt}"
        content = job_services.export_document(
            actor=request.user, title="评审专家抽取表", filename=name, personal_data=True, reason=request.query_params.get("reason", ""),
            build=lambda: sheets.draw_sheet(draw, kind=self.fmt, revealed=can_reveal(request.user, project_starts_at=draw.project.opens_at)),
            action="expert_panels.draw.sheet_export", target=draw,
        )
        response = _file(content, name, DOCX if self.fmt == "docx" else XLSX)
        response["Cache-Control"] = "no-store"
        return response


class DrawSheetDocxAPI(DrawSheetAPI):
    fmt = "docx"

    @extend_schema(operation_id="panels_draws_sheet_docx", tags=TAG, summary="签到表 Word（须填写导出事由）", parameters=[REASON_PARAMETER],
                   responses=_binary(DOCX))
    def get(self, request, pk: int):
        return super().get(request, pk)


class DrawSheetXlsxAPI(DrawSheetAPI):
    fmt = "xlsx"

    @extend_schema(operation_id="panels_draws_sheet_xlsx", tags=TAG, summary="签到表 Excel（须填写导出事由）", parameters=[REASON_PARAMETER],
                   responses=_binary(XLSX))
    def get(self, request, pk: int):
        return super().get(request, pk)


class DrawInvitationListAPI(PanelsAPI):
    permission_map = {"GET": VIEW_DRAW}

    @extend_schema(operation_id="panels_draws_invitations", tags=TAG, summary="本次抽取的邀请与答复状态", responses={200: s.PanelInvitationSerializer(many=True), **ERRORS})
    def get(self, request, pk: int):
        rows = [{"member_id": r["id"], "row": r["row"], "name": r["name"], "kind": r["kind"], "status": r["status"], "status_label": MemberStatus(r["status"]).label,
                 "invited_at": r["invited_at"], "deadline": r["deadline"], "responded_at": r["responded_at"], "response_channel": r["response_channel"],
                 "reason": r["reason"]} for r in _member_rows(request.user, self.draw(pk))]
        return Response(s.PanelInvitationSerializer(rows, many=True).data)


class MemberRolesAPI(PanelsAPI):
    permission_map = {"POST": DRAW_PANEL}

    @extend_schema(operation_id="panels_members_roles", tags=TAG, summary="批量设置角色（组长/副组长/组员）", request=s.PanelRolesSerializer,
                   responses={200: s.PanelRolesResultSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        draw = self.draw(pk)
        services.ensure_writable(draw.project)
        data = self.parse(s.PanelRolesSerializer)
        updated = services.members_set_role(actor=request.user, draw=draw, member_ids=data["member_ids"], role=data["role"])
        return Response({"updated": updated})


class MemberAbsentAPI(PanelsAPI):
    permission_map = {"POST": DRAW_PANEL}

    @extend_schema(operation_id="panels_members_absent", tags=TAG, summary="登记拒绝/请假/未应答（自动同条件补抽并追加）", request=s.PanelAbsentSerializer,
                   responses={200: s.PanelDrawDetailSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int, member_pk: int):
        draw = self.draw(pk)
        member = self.member(draw, member_pk)
        services.ensure_writable(draw.project)
        data = self.parse(s.PanelAbsentSerializer)
        services.member_set_absent(actor=request.user, member=member, status=data["status"], reason=data["reason"])
        return Response(_draw_detail(self, draw))


class MemberAttendedAPI(PanelsAPI):
    permission_map = {"POST": DRAW_PANEL}

    @extend_schema(operation_id="panels_members_attended", tags=TAG, summary="登记实际参评", request=s.PanelAttendedSerializer,
                   responses={200: s.PanelMemberSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int, member_pk: int):
        draw = self.draw(pk)
        member = self.member(draw, member_pk)
        services.ensure_writable(draw.project)
        data = self.parse(s.PanelAttendedSerializer)
        member = services.member_set_attended(actor=request.user, member=member, attended=data["attended"])
        row = next(r for r in _member_rows(request.user, draw) if r["id"] == member.pk)
        return Response(s.PanelMemberSerializer(row).data)


# --- history --------------------------------------------------------------------------------


class HistoryAPI(PanelsAPI):
    """X25: every draw with its conditions, counts and replacements."""

    permission_map = {"GET": VIEW_DRAW}

    @extend_schema(operation_id="panels_history_list", tags=TAG, summary="抽取历史（按项目、项目单位、部门、时间段搜索）", parameters=SEARCH_PARAMETERS,
                   responses={200: s.PanelHistorySerializer(many=True), **ERRORS})
    def get(self, request):
        draws = selectors.draw_history(actor=request.user, search=selectors.ProjectSearch.from_query(request.query_params))
        page = self.paginate_queryset(draws)
        return self.get_paginated_response(s.PanelHistorySerializer(page, many=True).data)


class HistoryExportAPI(PanelsAPI):
    permission_map = {"GET": (VIEW_DRAW, EXPORT)}

    @extend_schema(operation_id="panels_history_export", tags=TAG, summary="导出抽取历史 Excel（同样的搜索条件）", parameters=SEARCH_PARAMETERS,
                   responses=_binary(XLSX))
    def get(self, request):
        exported = job_services.export_now(actor=request.user, spec_name="expert_panels.history", params=request.query_params.dict())
        return _file(exported.content, exported.filename, XLSX)


# --- the invited expert ---------------------------------------------------------------------


def _my_invitation(member: PanelMember, *, with_files: bool = False) -> dict:
    project = member.draw.project
    now = timezone.now()
    data = {
        "id": member.pk, "project_title": project.title, "project_code": project.code, "opens_at": project.opens_at, "location": project.location,
        "status": member.status, "status_label": member.get_status_display(), "role": member.role, "deadline": member.deadline,
        "responded_at": member.responded_at, "reason": member.reason,
        "can_respond": member.status == MemberStatus.INVITED and not project.is_archived and (member.deadline is None or now <= member.deadline),
        "can_take_leave": member.holds_seat and not project.is_archived and now <= project.opens_at - services.LEAVE_CUTOFF,
    }
    if with_files:
        data["files"] = [{"name": f.original_name, "url": download_url(f.file, user=member.expert.user, filename=f.original_name)} for f in project.attachments.filter(is_shared_with_experts=True).order_by("id")]
    return data


class MyInvitationsMixin:
    """The signed-in expert's own invitations only (someone else's id answers 404). Any
    signed-in user may call these ("" in the permission map): the selector keeps them to the
    seats of their own expert record."""

    def my_member(self, pk, *, for_write: bool = False) -> PanelMember:
        member = selectors.expert_invitation(user=self.request.user, pk=int(pk))
        if member is None:
            raise NotFound("邀请不存在。")
        if for_write:
            services.ensure_writable(member.draw.project)
        return member


class MyInvitationListAPI(MyInvitationsMixin, PanelsAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="panels_my_invitations_list", tags=MY_TAG, summary="我的评审邀请", responses={200: s.PanelMyInvitationSerializer(many=True), **ERRORS})
    def get(self, request):
        page = self.paginate_queryset(selectors.expert_invitations(user=request.user))
        return self.get_paginated_response(s.PanelMyInvitationSerializer([_my_invitation(m) for m in page], many=True).data)


class MyInvitationDetailAPI(MyInvitationsMixin, PanelsAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="panels_my_invitations_retrieve", tags=MY_TAG, summary="邀请详情与项目文件", responses={200: s.PanelMyInvitationSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(s.PanelMyInvitationSerializer(_my_invitation(self.my_member(pk), with_files=True)).data)


class MyInvitationRespondAPI(MyInvitationsMixin, PanelsAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="panels_my_invitations_respond", tags=MY_TAG, summary="接受或拒绝邀请（拒绝须填原因，系统自动补抽）",
                   request=s.PanelRespondSerializer, responses={200: s.PanelMyInvitationSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        member = self.my_member(pk, for_write=True)
        data = self.parse(s.PanelRespondSerializer)
        member = services.member_respond(member=member, accept=data["accept"], reason=data["reason"], channel="api", actor=request.user)
        return Response(s.PanelMyInvitationSerializer(_my_invitation(member)).data)


class MyInvitationLeaveAPI(MyInvitationsMixin, PanelsAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="panels_my_invitations_leave", tags=MY_TAG, summary="项目请假（评审开始前 2 小时截止）", request=s.PanelLeaveSerializer,
                   responses={200: s.PanelMyInvitationSerializer, **WRITE_ERRORS})
    def post(self, request, pk: int):
        member = self.my_member(pk, for_write=True)
        data = self.parse(s.PanelLeaveSerializer)
        member = services.member_leave(user=request.user, member=member, reason=data["reason"])
        return Response(s.PanelMyInvitationSerializer(_my_invitation(member)).data)
