"""Online review API. Staff: setup, indicators, submissions, progress, reminders, summary
(permissions expert_review.*, projects of the caller's data scope). Experts: their reviews and
score sheets (any signed-in user; access is the accepted seat on the panel, else 404).
Archived projects answer 409 project_archived on every write."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.experts.panels.selectors import project_get
from tenant_apps.experts.review import selectors, services
from tenant_apps.experts.review.api import serializers as s
from tenant_apps.experts.review.models import ReviewSetup, ScoreSheet

TAGS = ["网上评审"]
VIEW = "expert_review.view_reviewsetup"
CHANGE = "expert_review.change_reviewsetup"


class _ReviewAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = s.ReviewSetupSerializer

    def parse(self, serializer_class, *, partial: bool = False, instance=None) -> dict:
        serializer = serializer_class(instance, data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def review(self, pk) -> ReviewSetup:
        review = selectors.setup_get(actor=self.request.user, pk=int(pk))
        if review is None:
            raise NotFound("网上评审不存在。")
        return review

    def submission(self, review, sid):
        submission = selectors.submission_get(review, int(sid))
        if submission is None:
            raise NotFound("评审材料不存在。")
        return submission


def _setup_input(data: dict, current: ReviewSetup | None = None) -> services.SetupInput:
    base = {} if current is None else {f: getattr(current, f) for f in ("opens_at", "closes_at", "instructions", "total_method", "aggregation",
                                                                       "trim_min_experts", "min_scorers", "decimals", "pass_score", "is_comment_required")}
    base.update({k: v for k, v in data.items() if k != "project_id"})
    return services.SetupInput(**base)


# --- staff ----------------------------------------------------------------------------------


class SetupListAPI(_ReviewAPI):
    permission_map = {"GET": VIEW, "POST": "expert_review.add_reviewsetup"}

    @extend_schema(operation_id="review_setup_list", tags=TAGS, summary="网上评审列表",
                   parameters=[OpenApiParameter("search", str), OpenApiParameter("state", str, enum=["preparing", "scheduled", "open", "closed"])],
                   responses={200: s.ReviewSetupSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        queryset = selectors.setup_search(actor=request.user, q=request.query_params.get("search", "").strip()[:100], state=request.query_params.get("state", ""))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.ReviewSetupSerializer(page, many=True).data)

    @extend_schema(operation_id="review_setup_create", tags=TAGS, summary="为抽取项目设置网上评审",
                   request=s.ReviewSetupSerializer, responses={201: s.ReviewSetupSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request):
        data = self.parse(s.ReviewSetupSerializer)
        project = project_get(actor=request.user, pk=data["project_id"])
        if project is None:
            raise NotFound("项目不存在。")
        review = services.setup_create(actor=request.user, project=project, data=_setup_input(data))
        return Response(s.ReviewSetupSerializer(review).data, status=status.HTTP_201_CREATED)


class SetupDetailAPI(_ReviewAPI):
    permission_map = {"GET": VIEW, "PUT": CHANGE, "PATCH": CHANGE}

    @extend_schema(operation_id="review_setup_get", tags=TAGS, summary="网上评审设置", responses={200: s.ReviewSetupSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.ReviewSetupSerializer(self.review(pk)).data)

    @extend_schema(operation_id="review_setup_update", tags=TAGS, summary="修改评审时间与汇总规则（评审结束后规则不可改）",
                   request=s.ReviewSetupUpdateSerializer, responses={200: s.ReviewSetupSerializer, **error_responses(400, 401, 403, 404, 409)})
    def put(self, request, pk):
        review = self.review(pk)
        data = self.parse(s.ReviewSetupUpdateSerializer, partial=request.method == "PATCH")
        review = services.setup_update(actor=request.user, setup=review, data=_setup_input(data, review))
        return Response(s.ReviewSetupSerializer(review).data)

    @extend_schema(operation_id="review_setup_partial_update", tags=TAGS, summary="修改部分评审设置",
                   request=s.ReviewSetupUpdateSerializer, responses={200: s.ReviewSetupSerializer, **error_responses(400, 401, 403, 404, 409)})
    def patch(self, request, pk):
        return self.put(request, pk)


class SetupPublishAPI(_ReviewAPI):
    permission_map = {"POST": CHANGE}

    @extend_schema(operation_id="review_setup_publish", tags=TAGS, summary="发布评审（通知评审组专家）", request=None,
                   responses={200: s.ReviewSetupSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        return Response(s.ReviewSetupSerializer(services.setup_publish(actor=request.user, setup=self.review(pk))).data)


class SetupCloseAPI(_ReviewAPI):
    permission_map = {"POST": CHANGE}

    @extend_schema(operation_id="review_setup_close", tags=TAGS, summary="提前结束评审", request=None,
                   responses={200: s.ReviewSetupSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk):
        return Response(s.ReviewSetupSerializer(services.setup_close(actor=request.user, setup=self.review(pk))).data)


class IndicatorsAPI(_ReviewAPI):
    permission_map = {"GET": VIEW, "PUT": CHANGE}

    @extend_schema(operation_id="review_indicator_list", tags=TAGS, summary="评分指标", responses={200: s.ReviewIndicatorSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.ReviewIndicatorSerializer(selectors.setup_indicators(self.review(pk)), many=True).data)

    @extend_schema(operation_id="review_indicator_replace", tags=TAGS, summary="整体设置评分指标（已有专家评分后锁定）",
                   request=s.ReviewIndicatorSerializer(many=True), responses={200: s.ReviewIndicatorSerializer(many=True), **error_responses(400, 401, 403, 404, 409)})
    def put(self, request, pk):
        review = self.review(pk)
        serializer = s.ReviewIndicatorSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        rows = [services.IndicatorInput(id=r.get("id"), name=r["name"], max_score=r["max_score"], weight=r.get("weight", 0), description=r.get("description", ""))
                for r in serializer.validated_data]
        return Response(s.ReviewIndicatorSerializer(services.indicators_replace(actor=request.user, setup=review, rows=rows), many=True).data)


class SubmissionListAPI(_ReviewAPI):
    permission_map = {"GET": VIEW, "POST": CHANGE}

    @extend_schema(operation_id="review_submission_list", tags=TAGS, summary="评审材料", parameters=[OpenApiParameter("search", str)],
                   responses={200: s.ReviewSubmissionSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        queryset = selectors.submission_search(self.review(pk), q=request.query_params.get("search", "").strip()[:100]).prefetch_related("files")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.ReviewSubmissionSerializer(page, many=True).data)

    @extend_schema(operation_id="review_submission_create", tags=TAGS, summary="添加评审材料", request=s.ReviewSubmissionSerializer,
                   responses={201: s.ReviewSubmissionSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        data = self.parse(s.ReviewSubmissionSerializer)
        submission = services.submission_create(actor=request.user, setup=self.review(pk), data=services.SubmissionInput(**data))
        return Response(s.ReviewSubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)


class SubmissionDetailAPI(_ReviewAPI):
    permission_map = {"GET": VIEW, "PATCH": CHANGE, "DELETE": CHANGE}

    @extend_schema(operation_id="review_submission_get", tags=TAGS, summary="评审材料详情", responses={200: s.ReviewSubmissionSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk, sid):
        return Response(s.ReviewSubmissionSerializer(self.submission(self.review(pk), sid)).data)

    @extend_schema(operation_id="review_submission_update", tags=TAGS, summary="修改评审材料", request=s.ReviewSubmissionSerializer,
                   responses={200: s.ReviewSubmissionSerializer, **error_responses(400, 401, 403, 404, 409)})
    def patch(self, request, pk, sid):
        submission = self.submission(self.review(pk), sid)
        data = self.parse(s.ReviewSubmissionSerializer, partial=True)
        current = {"title": submission.title, "applicant": submission.applicant, "unit": submission.unit, "description": submission.description}
        submission = services.submission_update(actor=request.user, submission=submission, data=services.SubmissionInput(**{**current, **data}))
        return Response(s.ReviewSubmissionSerializer(submission).data)

    @extend_schema(operation_id="review_submission_delete", tags=TAGS, summary="删除评审材料（已有评分的不能删除）", responses={204: None, **error_responses(401, 403, 404, 409)})
    def delete(self, request, pk, sid):
        services.submission_delete(actor=request.user, submission=self.submission(self.review(pk), sid))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmissionFileAPI(_ReviewAPI):
    permission_map = {"POST": CHANGE}
    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="review_submission_file_upload", tags=TAGS, summary="上传材料附件（multipart）", request={"multipart/form-data": s.ReviewFileUploadSerializer},
                   responses={201: s.ReviewFileSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk, sid):
        submission = self.submission(self.review(pk), sid)
        data = self.parse(s.ReviewFileUploadSerializer)
        item = services.submission_file_add(actor=request.user, submission=submission, uploaded=data["file"])
        return Response(s.ReviewFileSerializer(item).data, status=status.HTTP_201_CREATED)


class ProgressAPI(_ReviewAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="review_progress", tags=TAGS, summary="评审进度（谁评了什么）", responses={200: s.ReviewProgressSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.ReviewProgressSerializer(selectors.review_progress(setup=self.review(pk), actor=request.user)).data)


class RemindAPI(_ReviewAPI):
    permission_map = {"POST": CHANGE}

    @extend_schema(operation_id="review_remind", tags=TAGS, summary="催办未完成的专家（消息网关，10 分钟内不重复）", request=s.ReviewRemindSerializer,
                   responses={200: s.ReviewRemindResultSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        data = self.parse(s.ReviewRemindSerializer)
        count = services.reviewers_remind(actor=request.user, setup=self.review(pk), channels=data["channels"])
        return Response({"reminded": count})


class SheetReopenAPI(_ReviewAPI):
    permission_map = {"POST": (VIEW, "expert_review.reopen_sheet")}

    @extend_schema(operation_id="review_sheet_reopen", tags=TAGS, summary="退回专家评分表（评审进行中）", request=s.ReviewReopenSerializer,
                   responses={200: s.ReviewMySheetSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk, sheet_id):
        review = self.review(pk)
        sheet = ScoreSheet.objects.filter(pk=int(sheet_id), submission__setup=review).first()
        if sheet is None:
            raise NotFound("评分表不存在。")
        sheet = services.sheet_reopen(actor=request.user, sheet=sheet, reason=self.parse(s.ReviewReopenSerializer)["reason"])
        return Response(s.ReviewMySheetSerializer(_my_sheet(sheet)).data)


class SummaryAPI(_ReviewAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="review_summary", tags=TAGS, summary="评审汇总表（按规则计算，按排名）", responses={200: s.ReviewSummarySerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.ReviewSummarySerializer(selectors.review_summary(setup=self.review(pk), actor=request.user)).data)


# --- experts --------------------------------------------------------------------------------


class _MineAPI(_ReviewAPI):
    # Any signed-in user: the seat on the panel is checked by the selectors (404 otherwise).
    permission_map = {"GET": "", "POST": "", "PUT": ""}

    def mine(self, pk):
        found = selectors.expert_setup(user=self.request.user, pk=int(pk))
        if found is None:
            raise NotFound("评审不存在。")
        return found


class MineListAPI(_MineAPI):
    @extend_schema(operation_id="review_my_list", tags=TAGS, summary="我的网上评审（专家）", responses={200: s.ReviewMineSerializer(many=True), **error_responses(401)})
    def get(self, request):
        return Response(s.ReviewMineSerializer(selectors.expert_review_items(user=request.user), many=True).data)


def _my_sheet(sheet) -> dict | None:
    if sheet is None:
        return None
    return {"status": sheet.status, "scores": [{"indicator_id": x.indicator_id, "value": x.value} for x in sheet.scores.all()], "comment": sheet.comment,
            "declared_no_conflict": sheet.declared_no_conflict, "recusal_reason": sheet.recusal_reason, "submitted_at": sheet.submitted_at}


class MineDetailAPI(_MineAPI):
    @extend_schema(operation_id="review_my_get", tags=TAGS, summary="评审详情：指标、材料与我的评分（专家）",
                   responses={200: s.ReviewMineDetailSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        review, member = self.mine(pk)
        sheets = selectors.expert_sheets(setup=review, expert_id=member.expert_id)
        submissions = [{"id": x.pk, "number": x.number, "title": x.title, "applicant": x.applicant, "unit": x.unit, "description": x.description,
                        "files": list(x.files.all()), "sheet": _my_sheet(sheets.get(x.pk))} for x in review.submissions.order_by("number").prefetch_related("files")]
        data = {"id": review.pk, "project_title": review.project.title, "state": review.state(), "opens_at": review.opens_at, "closes_at": review.closes_at,
                "instructions": review.instructions, "rules": selectors.rules_text(review), "indicators": selectors.setup_indicators(review), "submissions": submissions}
        return Response(s.ReviewMineDetailSerializer(data).data)


class MineSheetAPI(_MineAPI):
    @extend_schema(operation_id="review_my_sheet_save", tags=TAGS, summary="保存草稿或提交评分（提交后锁定；评审时间外不可评分）",
                   request=s.ReviewSheetInputSerializer, responses={200: s.ReviewMySheetSerializer, **error_responses(400, 401, 404, 409)})
    def put(self, request, pk, sid):
        review, _member = self.mine(pk)
        data = self.parse(s.ReviewSheetInputSerializer)
        sheet = services.sheet_save(user=request.user, setup=review, submission=self.submission(review, sid),
                                    scores={x["indicator_id"]: x["value"] for x in data["scores"]}, comment=data["comment"],
                                    declared_no_conflict=data["declared_no_conflict"], submit=data["submit"])
        return Response(s.ReviewMySheetSerializer(_my_sheet(sheet)).data)


class MineRecuseAPI(_MineAPI):
    @extend_schema(operation_id="review_my_recuse", tags=TAGS, summary="利益冲突回避（不计入汇总，不可撤回）", request=s.ReviewRecuseSerializer,
                   responses={200: s.ReviewMySheetSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request, pk, sid):
        review, _member = self.mine(pk)
        data = self.parse(s.ReviewRecuseSerializer)
        sheet = services.sheet_recuse(user=request.user, setup=review, submission=self.submission(review, sid), reason=data["reason"])
        return Response(s.ReviewMySheetSerializer(_my_sheet(sheet)).data)
