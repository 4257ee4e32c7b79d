"""Chat API (E10): one set of endpoints for both sides (the student's app and the employer's
HR), each seeing only the conversations it is part of; the school's report queue for teachers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from core.api.base import TenantAPIMixin, error_responses
from core.errors import NotFound
from tenant_apps.employment.chat import selectors, services
from tenant_apps.employment.chat.api import serializers as s

TAGS = ["就业-职位咨询"]


class ChatAPI(TenantAPIMixin, generics.GenericAPIView):
    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def conversation(self, pk):
        conversation = selectors.conversation_for(user=self.request.user, pk=int(pk))
        if conversation is None:
            raise NotFound("会话不存在。")
        return conversation

    def sides(self, conversations) -> dict[int, str]:
        return {c.pk: selectors.side_of(user=self.request.user, conversation=c) for c in conversations}


class ConversationListAPI(ChatAPI):
    permission_map = {"GET": "", "POST": ""}  # participants only: the selectors filter by the signed-in user
    serializer_class = s.ConversationSerializer

    @extend_schema(operation_id="employment_chat_conversation_list", summary="我的职位咨询会话（学生或 HR）", tags=TAGS,
                   parameters=[OpenApiParameter("q", str, description="职位、单位或学生姓名")],
                   responses={200: s.ConversationSerializer(many=True), **error_responses(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.conversations_for(user=request.user, q=request.query_params.get("q", "")))
        return self.get_paginated_response(s.ConversationSerializer(page, many=True, context={"side": self.sides(page)}).data)

    @extend_schema(operation_id="employment_chat_conversation_start", summary="学生就某职位发起咨询（已有则返回原会话）", tags=TAGS,
                   request=s.ConversationStartSerializer, responses={201: s.ConversationSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request):
        conversation = services.conversation_start(student=request.user, job_id=self.parse(s.ConversationStartSerializer)["job"])
        return Response(s.ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED)


class MessageListAPI(ChatAPI):
    permission_map = {"GET": "", "POST": ""}
    serializer_class = s.MessageSerializer

    @extend_schema(operation_id="employment_chat_message_list", summary="会话消息（最近 50 条，before 翻看更早）；读取即标为已读", tags=TAGS,
                   parameters=[OpenApiParameter("before", int, description="消息 id，取更早的消息")],
                   responses={200: s.MessagePageSerializer, **error_responses(401, 404)})
    def get(self, request, pk):
        conversation = self.conversation(pk)
        before = request.query_params.get("before", "")
        rows, has_earlier = selectors.messages_page(conversation=conversation, before=int(before) if before.isdigit() else None)
        services.conversation_mark_read(actor=request.user, conversation=conversation)
        return Response({"results": s.MessageSerializer(rows, many=True, context={"user_id": request.user.pk}).data, "has_earlier": has_earlier})

    @extend_schema(operation_id="employment_chat_message_send", summary="发送消息（对方收到站内信，微信/短信按其授权）", tags=TAGS,
                   request=s.MessageSerializer, responses={201: s.MessageSerializer, **error_responses(400, 401, 404)})
    def post(self, request, pk):
        message = services.message_post(actor=request.user, conversation=self.conversation(pk), body=self.parse(s.MessageSerializer)["body"])
        return Response(s.MessageSerializer(message, context={"user_id": request.user.pk}).data, status=status.HTTP_201_CREATED)


class ReportAPI(ChatAPI):
    permission_map = {"POST": ""}
    serializer_class = s.ReportInputSerializer

    @extend_schema(operation_id="employment_chat_report", summary="举报会话（提交学校处理）", tags=TAGS, request=s.ReportInputSerializer,
                   responses={201: s.ReportSerializer, **error_responses(400, 401, 404, 409)})
    def post(self, request, pk):
        report = services.conversation_report(actor=request.user, conversation=self.conversation(pk), **self.parse(s.ReportInputSerializer))
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportQueueAPI(ChatAPI):
    permission_map = {"GET": "employment_chat.view_conversationreport"}
    serializer_class = s.ReportedConversationSerializer

    @extend_schema(operation_id="employment_chat_report_queue", summary="被举报的会话（老师）", tags=TAGS,
                   parameters=[OpenApiParameter("status", str, description="open（默认）或 all")],
                   responses={200: s.ReportedConversationSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        page = self.paginate_queryset(selectors.report_queue(status=request.query_params.get("status", "open")))
        return self.get_paginated_response(s.ReportedConversationSerializer(page, many=True, context={"side": {}}).data)


class ReportResolveAPI(ChatAPI):
    permission_map = {"POST": "employment_chat.change_conversationreport"}
    serializer_class = s.ResolveInputSerializer

    @extend_schema(operation_id="employment_chat_reports_resolve", summary="处理会话的全部待处理举报（举报人收到结果）", tags=TAGS,
                   request=s.ResolveInputSerializer, responses={200: s.ResolveOutputSerializer, **error_responses(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        conversation = selectors.reported_conversation(pk=int(pk))
        if conversation is None:
            raise NotFound("会话不存在。")
        return Response({"resolved": services.reports_resolve(actor=request.user, conversation=conversation, **self.parse(s.ResolveInputSerializer))})
