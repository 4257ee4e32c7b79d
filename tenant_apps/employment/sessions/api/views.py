"""Info-sessions API: venues, the queue and assignment (with the database refusing overlaps:
409 venue_already_booked), door check-in; students list published sessions and sign up."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.sessions import selectors, services
from tenant_apps.employment.sessions.api import serializers as s
from tenant_apps.employment.sessions.models import Venue

TAGS = ["就业-宣讲会"]


class SessionsAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def session(self, pk):
        session = selectors.session_get(pk=int(pk))
        if session is None:
            raise NotFound("宣讲会不存在。")
        return session

    @staticmethod
    def venue(pk) -> Venue:
        venue = Venue.objects.filter(pk=pk).first()
        if venue is None:
            raise NotFound("场地不存在。")
        return venue


class VenueListAPI(SessionsAPI):
    permission_map = {"GET": "employment_sessions.view_venue", "POST": "employment_sessions.add_venue"}
    serializer_class = s.VenueSerializer

    @extend_schema(operation_id="employment_venue_list", summary="场地", tags=TAGS, responses={200: s.VenueSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        return Response(s.VenueSerializer(selectors.venues(kind=request.query_params.get("kind", "")), many=True).data)

    @extend_schema(operation_id="employment_venue_create", summary="新增场地", tags=TAGS, request=s.VenueSerializer,
                   responses={201: s.VenueSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        venue = services.venue_save(actor=request.user, **self.parse(s.VenueSerializer))
        return Response(s.VenueSerializer(venue).data, status=status.HTTP_201_CREATED)


class SessionListAPI(SessionsAPI):
    permission_map = {"GET": "employment_sessions.view_infosession"}
    serializer_class = s.InfoSessionSerializer

    @extend_schema(operation_id="employment_session_list", summary="宣讲会（全部状态）", tags=TAGS,
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses={200: s.InfoSessionSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.session_list(status=request.query_params.get("status", ""), q=request.query_params.get("q", "")))
        return self.get_paginated_response(s.InfoSessionSerializer(page, many=True).data)


class SessionPublishedAPI(SessionsAPI):
    permission_map = {"GET": ""}
    serializer_class = s.InfoSessionSerializer

    @extend_schema(operation_id="employment_session_published", summary="学生可报名的宣讲会", tags=TAGS,
                   responses={200: s.InfoSessionSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.published_sessions())
        return self.get_paginated_response(s.InfoSessionSerializer(page, many=True).data)


class SessionAssignAPI(SessionsAPI):
    permission_map = {"POST": "employment_sessions.arrange_infosession"}
    serializer_class = s.AssignInputSerializer

    @extend_schema(operation_id="employment_session_assign", summary="安排场地与时间（笔试、面试室一并预订）", tags=TAGS, request=s.AssignInputSerializer,
                   responses={200: s.InfoSessionSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        session = self.session(pk)
        data = self.parse(s.AssignInputSerializer)
        extra = {key: (self.venue(data[key]["venue_id"]), services.Slot(data[key]["start"], data[key]["end"]))
                 for key in ("written_test", "interview") if data.get(key)}
        services.session_assign(actor=request.user, session=session, venue=self.venue(data["venue_id"]), slot=services.Slot(data["start"], data["end"]),
                                capacity=data.get("capacity"), **extra)
        return Response(s.InfoSessionSerializer(selectors.session_list().get(pk=session.pk)).data)


class SessionCheckInAPI(SessionsAPI):
    permission_map = {"POST": "employment_sessions.check_in_infosession"}
    serializer_class = s.CheckInInputSerializer

    @extend_schema(operation_id="employment_session_check_in", summary="扫码签到", tags=TAGS, request=s.CheckInInputSerializer,
                   responses={200: s.CheckInOutputSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        session = self.session(pk)
        signup, first = services.signup_check_in(actor=request.user, session=session, code=self.parse(s.CheckInInputSerializer)["code"])
        body = {"signup_id": signup.pk, "student": signup.student.display_name or signup.student.username, "first_time": first,
                "checked_in_at": signup.checked_in_at}
        return Response(s.CheckInOutputSerializer(body).data)


class SessionSignupAPI(SessionsAPI):
    permission_map = {"POST": ""}  # any signed-in student of the school
    serializer_class = s.SignupOutputSerializer

    @extend_schema(operation_id="employment_session_signup", summary="学生报名宣讲会", tags=TAGS, request=None,
                   responses={201: s.SignupOutputSerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk):
        session = selectors.published_session_get(pk=int(pk))
        if session is None:
            raise NotFound("宣讲会不存在。")
        signup = services.signup_create(student=request.user, session=session)
        return Response(s.SignupOutputSerializer(signup).data, status=status.HTTP_201_CREATED)
