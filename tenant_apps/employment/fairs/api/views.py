"""Job-fairs API, one endpoint per page: staff (fairs, halls and the booth map, review, booth
assignment, door, live figures, statistics), employers (open fairs, applications with staff
tickets) and students (published fairs, exhibitors, tickets, follows)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound, PermissionDenied
from core.tickets import services as tickets
from tenant_apps.employment.employers.selectors import employer_for_user
from tenant_apps.employment.fairs import selectors, services
from tenant_apps.employment.fairs.api import serializers as s
from tenant_apps.employment.fairs.models import Booth, FairHall

TAGS = ["就业-双选会"]
VIEW, ADD, CHANGE = "employment_fairs.view_fair", "employment_fairs.add_fair", "employment_fairs.change_fair"
REVIEW, ARRANGE, CHECK_IN = "employment_fairs.review_fairapplication", "employment_fairs.arrange_booths", "employment_fairs.check_in_fair"


class FairsAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def fair(self, pk):
        fair = selectors.fair_get(pk=int(pk))
        if fair is None:
            raise NotFound("双选会不存在。")
        return fair

    def application(self, fair, pk):
        application = selectors.application_get(fair=fair, pk=int(pk))
        if application is None:
            raise NotFound("参会申请不存在。")
        return application

    def employer(self):
        employer = employer_for_user(self.request.user)
        if employer is None:
            raise PermissionDenied("仅限用人单位 HR 账号。")
        return employer


def _hall_map(hall_map) -> dict:
    booths = [{"id": b.pk, "hall_id": b.hall_id, "code": b.code, "row": b.row, "column": b.column, "kind": b.kind,
               "application_id": b.occupant.pk if b.occupant else None, "employer_name": b.occupant.employer.name if b.occupant else ""}
              for row in hall_map.grid for b in row if b is not None]
    return {"hall": s.FairHallSerializer(hall_map.hall).data, "booths": booths}


# --- staff ----------------------------------------------------------------------------------


class FairListAPI(FairsAPI):
    permission_map = {"GET": VIEW, "POST": ADD}
    serializer_class = s.FairListItemSerializer

    @extend_schema(operation_id="employment_fair_list", summary="双选会（全部状态）", tags=TAGS,
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.FairListItemSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.fair_list(status=request.query_params.get("status", ""), q=request.query_params.get("q", "")))
        return self.get_paginated_response(s.FairListItemSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_fair_create", summary="新建双选会", tags=TAGS, request=s.FairSerializer,
                   responses={201: s.FairSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        fair = services.fair_save(actor=request.user, **self.parse(s.FairSerializer))
        return Response(s.FairSerializer(fair).data, status=status.HTTP_201_CREATED)


class FairDetailAPI(FairsAPI):
    permission_map = {"GET": VIEW, "PUT": CHANGE}
    serializer_class = s.FairSerializer

    @extend_schema(operation_id="employment_fair_get", summary="双选会详情与统计", tags=TAGS,
                   responses={200: s.FairSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(s.FairSerializer(self.fair(pk)).data)

    @extend_schema(operation_id="employment_fair_update", summary="修改双选会", tags=TAGS, request=s.FairSerializer,
                   responses={200: s.FairSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk):
        fair = services.fair_save(actor=request.user, fair=self.fair(pk), **self.parse(s.FairSerializer))
        return Response(s.FairSerializer(fair).data)


class FairPublishAPI(FairsAPI):
    permission_map = {"POST": CHANGE}
    serializer_class = s.FairSerializer

    @extend_schema(operation_id="employment_fair_publish", summary="发布双选会（单位可报名、学生可领票）", tags=TAGS, request=None,
                   responses={200: s.FairSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        return Response(s.FairSerializer(services.fair_publish(actor=request.user, fair=self.fair(pk))).data)


class FairCancelAPI(FairsAPI):
    permission_map = {"POST": CHANGE}
    serializer_class = s.FairReasonSerializer

    @extend_schema(operation_id="employment_fair_cancel", summary="取消双选会（全部门票作废）", tags=TAGS, request=s.FairReasonSerializer,
                   responses={200: s.FairSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        fair = services.fair_cancel(actor=request.user, fair=self.fair(pk), reason=self.parse(s.FairReasonSerializer)["reason"])
        return Response(s.FairSerializer(fair).data)


class FairHallListAPI(FairsAPI):
    permission_map = {"GET": VIEW, "POST": ARRANGE}
    serializer_class = s.FairHallSerializer

    @extend_schema(operation_id="employment_fair_booth_map", summary="展厅与展位图（含已分配单位）", tags=TAGS,
                   responses={200: s.FairHallMapSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response([_hall_map(hall_map) for hall_map in selectors.booth_map(fair=self.fair(pk))])

    @extend_schema(operation_id="employment_fair_hall_create", summary="新增展厅", tags=TAGS, request=s.FairHallSerializer,
                   responses={201: s.FairHallSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        hall = services.hall_save(actor=request.user, fair=self.fair(pk), **self.parse(s.FairHallSerializer))
        return Response(s.FairHallSerializer(hall).data, status=status.HTTP_201_CREATED)


class FairHallLayoutAPI(FairsAPI):
    permission_map = {"PUT": ARRANGE}
    serializer_class = s.FairLayoutSerializer

    @extend_schema(operation_id="employment_fair_hall_layout", summary="保存展厅的展位图（网格编辑器）", tags=TAGS, request=s.FairLayoutSerializer,
                   responses={200: s.FairHallMapSerializer, **error_responses(400, 401, 403, 404, 409)})
    def put(self, request, pk, hall_pk):
        fair = self.fair(pk)
        hall = FairHall.objects.filter(fair=fair, pk=hall_pk).first()
        if hall is None:
            raise NotFound("展厅不存在。")
        services.hall_layout_save(actor=request.user, hall=hall, cells=self.parse(s.FairLayoutSerializer)["cells"])
        return Response(next(_hall_map(m) for m in selectors.booth_map(fair=fair) if m.hall.pk == hall.pk))


class FairApplicationListAPI(FairsAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FairApplicationSerializer

    @extend_schema(operation_id="employment_fair_application_list", summary="参会申请", tags=TAGS,
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.FairApplicationSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, pk):
        queryset = selectors.application_list(fair=self.fair(pk), status=request.query_params.get("status", ""), q=request.query_params.get("q", ""))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.FairApplicationSerializer(page, many=True).data)


class FairApplicationReviewAPI(FairsAPI):
    permission_map = {"POST": REVIEW}
    serializer_class = s.FairReviewSerializer

    @extend_schema(operation_id="employment_fair_application_review", summary="审核参会申请（通过 / 不通过并说明原因）", tags=TAGS,
                   request=s.FairReviewSerializer, responses={200: s.FairApplicationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk, application_pk):
        application = self.application(self.fair(pk), application_pk)
        data = self.parse(s.FairReviewSerializer)
        if data["action"] == "approve":
            application = services.application_approve(actor=request.user, application=application)
        else:
            application = services.application_decline(actor=request.user, application=application, reason=data["reason"])
        return Response(s.FairApplicationSerializer(application).data)


class FairBoothAssignAPI(FairsAPI):
    permission_map = {"POST": ARRANGE}
    serializer_class = s.FairBoothAssignSerializer

    @extend_schema(operation_id="employment_fair_booth_assign", summary="手工安排展位（展位图上拖拽）", tags=TAGS, request=s.FairBoothAssignSerializer,
                   responses={200: s.FairApplicationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk, application_pk):
        fair = self.fair(pk)
        application = self.application(fair, application_pk)
        booth_id = self.parse(s.FairBoothAssignSerializer)["booth_id"]
        booth = None
        if booth_id is not None:
            booth = Booth.objects.filter(fair=fair, pk=booth_id).first()
            if booth is None:
                raise NotFound("展位不存在。")
        application = services.booth_assign(actor=request.user, application=application, booth=booth)
        return Response(s.FairApplicationSerializer(selectors.application_get(fair=fair, pk=application.pk)).data)


class FairAutoAssignAPI(FairsAPI):
    permission_map = {"POST": ARRANGE}
    serializer_class = s.FairAutoAssignResultSerializer

    @extend_schema(operation_id="employment_fair_auto_assign", summary="自动分配展位（同行业相邻、特装给申请者、无障碍优先）", tags=TAGS, request=None,
                   responses={200: s.FairAutoAssignResultSerializer, **error_responses(401, 403, 404)})
    def post(self, request, pk):
        plan = services.booths_auto_assign(actor=request.user, fair=self.fair(pk))
        return Response({"placed": len(plan.placements), "unplaced": {str(k): v for k, v in plan.unplaced.items()}})


class FairNoShowsAPI(FairsAPI):
    permission_map = {"POST": CHANGE}
    serializer_class = s.FairFiguresSerializer

    @extend_schema(operation_id="employment_fair_no_shows", summary="登记报名未到场的单位（会后）", tags=TAGS, request=None,
                   responses={200: s.FairFiguresSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, pk):
        fair = self.fair(pk)
        services.no_shows_record(actor=request.user, fair=fair)
        return Response(selectors.fair_figures(fair=fair))


class FairFiguresAPI(FairsAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FairFiguresSerializer

    @extend_schema(operation_id="employment_fair_figures", summary="一场双选会的统计", tags=TAGS,
                   responses={200: s.FairFiguresSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(selectors.fair_figures(fair=self.fair(pk)))


class FairLiveAPI(FairsAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FairLiveSerializer

    @extend_schema(operation_id="employment_fair_live", summary="现场实时数据（大屏同源）", tags=TAGS,
                   responses={200: s.FairLiveSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(selectors.live_figures(fair=self.fair(pk)))


class FairDoorBundleAPI(FairsAPI):
    permission_map = {"GET": CHECK_IN}
    serializer_class = s.FairDoorBundleSerializer

    @extend_schema(operation_id="employment_fair_door_bundle", summary="检票手机离线所需数据（公钥、作废名单、已入场名单）", tags=TAGS,
                   responses={200: s.FairDoorBundleSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        return Response(tickets.door_bundle(scope=self.fair(pk).ticket_scope))


class FairDoorScansAPI(FairsAPI):
    permission_map = {"POST": CHECK_IN}
    serializer_class = s.FairScanUploadSerializer

    @extend_schema(operation_id="employment_fair_door_scans", summary="上传检票记录（离线扫描联网后上传；同一扫描编号只记一次）", tags=TAGS,
                   request=s.FairScanUploadSerializer, responses={200: s.FairScanResultsSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        fair = self.fair(pk)
        data = self.parse(s.FairScanUploadSerializer)
        outcomes = services.checkin_upload(actor=request.user, fair=fair, scans=data["scans"], device=data["device"])
        return Response({"results": [{"nonce": o.nonce, "status": o.status, "serial": o.serial, "first_scanned_at": o.first_scanned_at}
                                     for o in outcomes]})


# --- employers ------------------------------------------------------------------------------


class FairEmployerOpenAPI(FairsAPI):
    permission_map = {"GET": ""}  # an HR account of an employer (checked in the view)
    serializer_class = s.FairPublicSerializer

    @extend_schema(operation_id="employment_fair_employer_open", summary="单位可报名的双选会", tags=TAGS,
                   responses={200: s.FairPublicSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        self.employer()
        page = self.paginate_queryset(selectors.open_fairs_for_employers())
        return self.get_paginated_response(s.FairPublicSerializer(page, many=True).data)


def _with_live_tickets(applications):
    for application in applications:
        application.live_tickets = list(application.tickets.all()) if application.status == "approved" else []
    return applications


class FairEmployerApplicationAPI(FairsAPI):
    permission_map = {"GET": "", "POST": ""}  # an HR account of an employer (checked in the view)
    serializer_class = s.FairEmployerApplicationSerializer

    @extend_schema(operation_id="employment_fair_employer_applications", summary="本单位的双选会报名（含展位号与工作人员电子票）", tags=TAGS,
                   responses={200: s.FairEmployerApplicationSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.employer_applications(employer=self.employer()))
        return self.get_paginated_response(s.FairEmployerApplicationSerializer(_with_live_tickets(page), many=True).data)

    @extend_schema(operation_id="employment_fair_employer_apply", summary="报名双选会（带上职位，可申请特装/无障碍展位）", tags=TAGS,
                   request=s.FairApplyInputSerializer, responses={201: s.FairEmployerApplicationSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request):
        employer = self.employer()
        data = self.parse(s.FairApplyInputSerializer)
        fair = selectors.public_fair_get(pk=data.pop("fair_id"))
        if fair is None:
            raise NotFound("双选会不存在。")
        application = services.application_apply(actor=request.user, fair=fair, employer=employer, **data)
        application = selectors.employer_applications(employer=employer).get(pk=application.pk)
        return Response(s.FairEmployerApplicationSerializer(_with_live_tickets([application])[0]).data, status=status.HTTP_201_CREATED)


class FairEmployerWithdrawAPI(FairsAPI):
    permission_map = {"POST": ""}  # an HR account of the employer (checked in the view)
    serializer_class = s.FairEmployerApplicationSerializer

    @extend_schema(operation_id="employment_fair_employer_withdraw", summary="撤回双选会报名", tags=TAGS, request=None,
                   responses={200: s.FairEmployerApplicationSerializer, **error_responses(401, 403, 404, 409)})
    def post(self, request, application_pk):
        employer = self.employer()
        application = selectors.employer_applications(employer=employer).filter(pk=application_pk).first()
        if application is None:
            raise NotFound("报名不存在。")
        services.application_withdraw(actor=request.user, application=application)
        application = selectors.employer_applications(employer=employer).get(pk=application.pk)
        return Response(s.FairEmployerApplicationSerializer(_with_live_tickets([application])[0]).data)


# --- students -------------------------------------------------------------------------------


class FairPublishedAPI(FairsAPI):
    permission_map = {"GET": ""}  # any signed-in user of the school
    serializer_class = s.FairPublicSerializer

    @extend_schema(operation_id="employment_fair_published", summary="学生可见的双选会", tags=TAGS,
                   responses={200: s.FairPublicSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.public_fairs())
        return self.get_paginated_response(s.FairPublicSerializer(page, many=True).data)


class FairExhibitorsAPI(FairsAPI):
    permission_map = {"GET": ""}
    serializer_class = s.FairExhibitorSerializer

    @extend_schema(operation_id="employment_fair_exhibitors", summary="参会单位与职位（可按单位、职位、展位号搜索）", tags=TAGS,
                   parameters=[OpenApiParameter("q", str)], responses={200: s.FairExhibitorSerializer(many=True), **error_responses(401, 404)})
    def get(self, request, pk):
        fair = selectors.public_fair_get(pk=int(pk))
        if fair is None:
            raise NotFound("双选会不存在。")
        page = self.paginate_queryset(selectors.exhibitors(fair=fair, q=request.query_params.get("q", "").strip(), student=request.user))
        return self.get_paginated_response(s.FairExhibitorSerializer(page, many=True).data)


class FairTicketAPI(FairsAPI):
    permission_map = {"POST": "", "DELETE": ""}  # the student's own ticket
    serializer_class = s.FairTicketSerializer

    def published(self, pk):
        fair = selectors.public_fair_get(pk=int(pk))
        if fair is None:
            raise NotFound("双选会不存在。")
        return fair

    @extend_schema(operation_id="employment_fair_ticket_claim", summary="领取电子门票", tags=TAGS, request=None,
                   responses={201: s.FairTicketSerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk):
        ticket = services.ticket_claim(student=request.user, fair=self.published(pk))
        return Response(s.FairTicketSerializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="employment_fair_ticket_cancel", summary="退回电子门票", tags=TAGS, request=None,
                   responses={204: None, **error_responses(401, 404, 409)})
    def delete(self, request, pk):
        ticket = selectors.student_ticket(student=request.user, fair=self.published(pk))
        if ticket is None:
            raise NotFound("没有该场门票。")
        services.ticket_cancel(student=request.user, ticket=ticket)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FairMyTicketsAPI(FairsAPI):
    permission_map = {"GET": ""}
    serializer_class = s.FairTicketSerializer

    @extend_schema(operation_id="employment_fair_my_tickets", summary="我的双选会门票", tags=TAGS,
                   responses={200: s.FairTicketSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.student_tickets(student=request.user))
        return self.get_paginated_response(s.FairTicketSerializer(page, many=True).data)


class FairFollowAPI(FairsAPI):
    permission_map = {"POST": ""}
    serializer_class = s.FairFollowSerializer

    @extend_schema(operation_id="employment_fair_follow", summary="关注 / 取消关注参会单位", tags=TAGS, request=s.FairFollowSerializer,
                   responses={200: s.FairFollowSerializer, **error_responses(400, 401, 404)})
    def post(self, request, pk):
        fair = selectors.public_fair_get(pk=int(pk))
        if fair is None:
            raise NotFound("双选会不存在。")
        data = self.parse(s.FairFollowSerializer)
        following = services.follow_set(student=request.user, fair=fair, employer_id=data["employer_id"], following=data["following"])
        return Response({"employer_id": data["employer_id"], "following": following})
