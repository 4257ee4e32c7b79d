"""Q&A and advising API: students ask and book, teachers and the asked employer's HR answer,
teachers keep the FAQ and the advising slots with attendance and private notes."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound, PermissionDenied
from tenant_apps.accounts.models import User
from tenant_apps.employment.employers.selectors import employer_for_user
from tenant_apps.employment.qa import selectors, services
from tenant_apps.employment.qa.api import serializers as s
from tenant_apps.employment.qa.models import FaqEntry, QuestionMessage

TAGS = ["就业-在线问答与咨询预约"]


class QAAPI(TenantAPIMixin, generics.GenericAPIView):
    parser_classes = [JSONParser]

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def question(self, pk):
        question = selectors.question_get(pk=int(pk))
        if question is None or services.side_of(user=self.request.user, question=question) is None:
            raise NotFound("问题不存在。")
        return question

    def slot(self, pk):
        slot = selectors.slot_get(pk=int(pk))
        if slot is None:
            raise NotFound("时段不存在。")
        return slot

    @staticmethod
    def detail(question) -> dict:
        data = s.QAQuestionSerializer(question).data
        data["messages"] = s.QAMessageSerializer(selectors.question_messages(question=question), many=True).data
        return data


class QuestionListAPI(QAAPI):
    permission_map = {"GET": "employment_qa.view_question"}
    serializer_class = s.QAQuestionSerializer

    @extend_schema(operation_id="employment_qa_question_list", summary="全部提问（老师）", tags=TAGS,
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("category", str), OpenApiParameter("q", str)],
                   responses={200: s.QAQuestionSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        params = {k: request.query_params.get(k, "") for k in ("status", "category", "q")}
        page = self.paginate_queryset(selectors.staff_questions(**params))
        return self.get_paginated_response(s.QAQuestionSerializer(page, many=True).data)


class MyQuestionsAPI(QAAPI):
    permission_map = {"GET": "", "POST": ""}
    serializer_class = s.QAQuestionSerializer

    @extend_schema(operation_id="employment_qa_question_mine", summary="我的提问", tags=TAGS,
                   responses={200: s.QAQuestionSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.student_questions(student=request.user))
        return self.get_paginated_response(s.QAQuestionSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_qa_question_ask", summary="提问（向学校，或向某单位）", tags=TAGS, request=s.QAAskSerializer,
                   responses={201: s.QAQuestionDetailSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        question = services.question_ask(student=request.user, **self.parse(s.QAAskSerializer))
        return Response(self.detail(question), status=status.HTTP_201_CREATED)


class EmployerQuestionsAPI(QAAPI):
    permission_map = {"GET": ""}
    serializer_class = s.QAQuestionSerializer

    @extend_schema(operation_id="employment_qa_question_employer", summary="学生向本单位的提问（单位 HR）", tags=TAGS,
                   parameters=[OpenApiParameter("status", str)], responses={200: s.QAQuestionSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        employer = employer_for_user(request.user)
        if employer is None:
            raise PermissionDenied("仅用人单位 HR 可查看。")
        page = self.paginate_queryset(selectors.employer_questions(employer=employer, status=request.query_params.get("status", "")))
        return self.get_paginated_response(s.QAQuestionSerializer(page, many=True).data)


class QuestionDetailAPI(QAAPI):
    permission_map = {"GET": ""}  # participants only: anybody else gets 404
    serializer_class = s.QAQuestionDetailSerializer

    @extend_schema(operation_id="employment_qa_question_get", summary="问题与全部消息", tags=TAGS,
                   responses={200: s.QAQuestionDetailSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        question = self.question(pk)
        services.question_mark_read(student=request.user, question=question)
        return Response(self.detail(question))


class QuestionMessageAPI(QAAPI):
    permission_map = {"POST": ""}
    serializer_class = s.QAMessageInputSerializer

    @extend_schema(operation_id="employment_qa_message_post", summary="发送消息（学生追问、老师或单位回复）", tags=TAGS, request=s.QAMessageInputSerializer,
                   responses={201: s.QAMessageSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        message = services.message_post(actor=request.user, question=self.question(pk), **self.parse(s.QAMessageInputSerializer))
        return Response(s.QAMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class QuestionCloseAPI(QAAPI):
    permission_map = {"POST": ""}
    serializer_class = s.QAQuestionSerializer

    @extend_schema(operation_id="employment_qa_question_close", summary="关闭问题", tags=TAGS, request=None,
                   responses={200: s.QAQuestionSerializer, **error_responses(401, 403, 404)})
    def post(self, request, pk):
        question = services.question_close(actor=request.user, question=self.question(pk))
        return Response(s.QAQuestionSerializer(question).data)


class PromoteAPI(QAAPI):
    permission_map = {"POST": "employment_qa.manage_faq"}
    serializer_class = s.QAPromoteSerializer

    @extend_schema(operation_id="employment_qa_message_promote", summary="把回答设为常见问题", tags=TAGS, request=s.QAPromoteSerializer,
                   responses={201: s.QAFaqSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, pk):
        message = QuestionMessage.objects.select_related("question").filter(pk=int(pk)).first()
        if message is None:
            raise NotFound("消息不存在。")
        data = self.parse(s.QAPromoteSerializer)
        entry = services.faq_promote(actor=request.user, message=message, question_text=data["question"], answer_text=data["answer"], category=data["category"])
        return Response(s.QAFaqSerializer(entry).data, status=status.HTTP_201_CREATED)


class FaqListAPI(QAAPI):
    permission_map = {"GET": "", "POST": "employment_qa.manage_faq"}
    serializer_class = s.QAFaqSerializer

    @extend_schema(operation_id="employment_qa_faq_list", summary="常见问题（公开的）", tags=TAGS,
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("category", str)], responses={200: s.QAFaqSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.faq_entries(q=request.query_params.get("q", ""), category=request.query_params.get("category", "")))
        return self.get_paginated_response(s.QAFaqSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_qa_faq_create", summary="新增常见问题", tags=TAGS, request=s.QAFaqSerializer,
                   responses={201: s.QAFaqSerializer, **error_responses(400, 401, 403)})
    def post(self, request):
        entry = services.faq_save(actor=request.user, **self.parse(s.QAFaqSerializer))
        return Response(s.QAFaqSerializer(entry).data, status=status.HTTP_201_CREATED)


class FaqDetailAPI(QAAPI):
    permission_map = {"PUT": "employment_qa.manage_faq", "DELETE": "employment_qa.manage_faq"}
    serializer_class = s.QAFaqSerializer

    def entry(self, pk) -> FaqEntry:
        entry = FaqEntry.objects.filter(pk=int(pk)).first()
        if entry is None:
            raise NotFound("常见问题不存在。")
        return entry

    @extend_schema(operation_id="employment_qa_faq_update", summary="修改常见问题", tags=TAGS, request=s.QAFaqSerializer,
                   responses={200: s.QAFaqSerializer, **error_responses(400, 401, 403, 404)})
    def put(self, request, pk):
        entry = services.faq_save(actor=request.user, entry=self.entry(pk), **self.parse(s.QAFaqSerializer))
        return Response(s.QAFaqSerializer(entry).data)

    @extend_schema(operation_id="employment_qa_faq_delete", summary="删除常见问题", tags=TAGS, request=None, responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, pk):
        services.faq_delete(actor=request.user, entry=self.entry(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SlotListAPI(QAAPI):
    permission_map = {"GET": "employment_qa.view_advisingslot", "POST": "employment_qa.manage_advising"}
    serializer_class = s.QASlotSerializer

    @extend_schema(operation_id="employment_qa_slot_list", summary="咨询时段（老师）", tags=TAGS,
                   parameters=[OpenApiParameter("kind", str), OpenApiParameter("when", str, description="upcoming / past")],
                   responses={200: s.QASlotSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.staff_slots(kind=request.query_params.get("kind", ""), when=request.query_params.get("when", "upcoming")))
        return self.get_paginated_response(s.QASlotSerializer(page, many=True).data)

    @extend_schema(operation_id="employment_qa_slot_publish", summary="发布连续的咨询时段", tags=TAGS, request=s.QAPublishSerializer,
                   responses={201: s.QASlotSerializer(many=True), **error_responses(400, 401, 403, 409)})
    def post(self, request):
        data = self.parse(s.QAPublishSerializer)
        advisor_id = data.pop("advisor_id")
        advisor = User.objects.filter(pk=advisor_id, kind="staff").first() if advisor_id else request.user
        if advisor is None:
            raise NotFound("咨询老师不存在。")
        slots = services.slots_publish(actor=request.user, advisor=advisor, **data)
        return Response(s.QASlotSerializer(slots, many=True).data, status=status.HTTP_201_CREATED)


class SlotDetailAPI(QAAPI):
    permission_map = {"GET": "employment_qa.view_advisingslot"}
    serializer_class = s.QASlotDetailSerializer

    @extend_schema(operation_id="employment_qa_slot_get", summary="时段与预约学生（含咨询记录）", tags=TAGS,
                   responses={200: s.QASlotDetailSerializer, **error_responses(401, 403, 404)})
    def get(self, request, pk):
        slot = self.slot(pk)
        data = s.QASlotSerializer(slot).data
        data["bookings"] = s.QAStaffBookingSerializer(selectors.slot_bookings(slot=slot), many=True).data
        return Response(data)


class SlotCancelAPI(QAAPI):
    permission_map = {"POST": "employment_qa.manage_advising"}
    serializer_class = s.QACancelInputSerializer

    @extend_schema(operation_id="employment_qa_slot_cancel", summary="取消时段（通知已预约学生）", tags=TAGS, request=s.QACancelInputSerializer,
                   responses={200: s.QASlotSerializer, **error_responses(401, 403, 404)})
    def post(self, request, pk):
        slot = services.slot_cancel(actor=request.user, slot=self.slot(pk), **self.parse(s.QACancelInputSerializer))
        return Response(s.QASlotSerializer(slot).data)


class OpenSlotsAPI(QAAPI):
    permission_map = {"GET": ""}
    serializer_class = s.QASlotSerializer

    @extend_schema(operation_id="employment_qa_slot_open", summary="可预约的时段（30 天内）", tags=TAGS, parameters=[OpenApiParameter("kind", str)],
                   responses={200: s.QASlotSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.open_slots(kind=request.query_params.get("kind", "")))
        return self.get_paginated_response(s.QASlotSerializer(page, many=True).data)


class SlotBookAPI(QAAPI):
    permission_map = {"POST": ""}
    serializer_class = s.QABookInputSerializer

    @extend_schema(operation_id="employment_qa_slot_book", summary="预约时段", tags=TAGS, request=s.QABookInputSerializer,
                   responses={201: s.QABookingSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        slot = self.slot(pk)
        booking = services.booking_create(student=request.user, slot=slot, **self.parse(s.QABookInputSerializer))
        return Response(s.QABookingSerializer(selectors.student_booking_get(student=request.user, pk=booking.pk)).data, status=status.HTTP_201_CREATED)


class MyBookingsAPI(QAAPI):
    permission_map = {"GET": ""}
    serializer_class = s.QABookingSerializer

    @extend_schema(operation_id="employment_qa_booking_mine", summary="我的预约", tags=TAGS, responses={200: s.QABookingSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.student_bookings(student=request.user))
        return self.get_paginated_response(s.QABookingSerializer(page, many=True).data)


class BookingCancelAPI(QAAPI):
    permission_map = {"POST": ""}
    serializer_class = s.QABookingSerializer

    @extend_schema(operation_id="employment_qa_booking_cancel", summary="取消我的预约", tags=TAGS, request=None,
                   responses={200: s.QABookingSerializer, **error_responses(401, 404, 409)})
    def post(self, request, pk):
        booking = selectors.student_booking_get(student=request.user, pk=int(pk))
        if booking is None:
            raise NotFound("预约不存在。")
        services.booking_cancel(student=request.user, booking=booking)
        return Response(s.QABookingSerializer(selectors.student_booking_get(student=request.user, pk=booking.pk)).data)


class BookingRecordAPI(QAAPI):
    permission_map = {"POST": "employment_qa.manage_advising"}
    serializer_class = s.QARecordInputSerializer

    @extend_schema(operation_id="employment_qa_booking_record", summary="记录到场情况与咨询记录", tags=TAGS, request=s.QARecordInputSerializer,
                   responses={200: s.QAStaffBookingSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        booking = selectors.booking_get(pk=int(pk))
        if booking is None:
            raise NotFound("预约不存在。")
        booking = services.booking_record(actor=request.user, booking=booking, **self.parse(s.QARecordInputSerializer))
        return Response(s.QAStaffBookingSerializer(booking).data)
