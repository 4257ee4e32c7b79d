"""Messaging API: messages and their delivery log, templates, outbox, the caller's letters,
and the voice provider's callback. Permissions per method via TenantAPIMixin."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.errors import ApplicationError
from tenant_apps.messaging import selectors, services
from tenant_apps.messaging.api.serializers import (
    MessagingCallbackResultSerializer,
    MessagingDeliverySerializer,
    MessagingLetterSerializer,
    MessagingMessageCreateSerializer,
    MessagingMessageSerializer,
    MessagingOutboxEntrySerializer,
    MessagingPreviewResultSerializer,
    MessagingPreviewSerializer,
    MessagingProviderSerializer,
    MessagingTemplateSerializer,
    MessagingVoiceEventSerializer,
)
from tenant_apps.messaging.enums import Channel, DeliveryStatus, MessageStatus
from tenant_apps.messaging.models import Message, MessageTemplate
from tenant_apps.messaging.recipients import Recipient

TAGS = ["消息"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _get(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class _MessagingAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = MessagingMessageSerializer

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def page(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)


class MessageListCreateAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_message", "POST": "messaging.add_message"}

    @extend_schema(
        operation_id="messaging_messages_list", tags=TAGS, summary="推送日志",
        parameters=[OpenApiParameter("status", str, enum=MessageStatus.values), OpenApiParameter("search", str)],
        responses={200: MessagingMessageSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        status_filter = request.query_params.get("status", "")
        queryset = selectors.message_list(status=status_filter if status_filter in MessageStatus.values else "", search=request.query_params.get("search", "").strip())
        return self.page(queryset, MessagingMessageSerializer)

    @extend_schema(
        operation_id="messaging_messages_create", tags=TAGS, summary="发送消息（可定时）",
        request=MessagingMessageCreateSerializer, responses={201: MessagingMessageSerializer, **ERRORS},
    )
    def post(self, request):
        data = self.parse(MessagingMessageCreateSerializer)
        recipients = [Recipient(**{k: v or ("" if k != "user_id" else None) for k, v in r.items()}) for r in data.get("recipients") or []]
        message = services.message_send(
            actor=request.user, subject=data["subject"], body=data["body"], channels=data["channels"], recipients=recipients or None,
            audience=data.get("audience"), send_at=data.get("send_at"), is_commercial=data["is_commercial"],
            template_code=data["template_code"] or None, context=data["context"], link=data["link"], source="api",
        )
        return Response(MessagingMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class MessageDetailAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_message"}

    @extend_schema(operation_id="messaging_messages_retrieve", tags=TAGS, summary="消息详情与进度", responses={200: MessagingMessageSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(MessagingMessageSerializer(_get(Message.objects.all(), pk)).data)


class MessageCancelAPI(_MessagingAPI):
    permission_map = {"POST": "messaging.change_message"}

    @extend_schema(operation_id="messaging_messages_cancel", tags=TAGS, summary="取消发送", request=None, responses={200: MessagingMessageSerializer, **ERRORS})
    def post(self, request, pk):
        message = services.message_cancel(actor=request.user, message=_get(Message.objects.all(), pk))
        message.refresh_from_db()
        return Response(MessagingMessageSerializer(message).data)


class DeliveryListAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_message"}

    @extend_schema(
        operation_id="messaging_deliveries_list", tags=TAGS, summary="发送明细（每位接收人）",
        parameters=[OpenApiParameter("status", str, enum=DeliveryStatus.values), OpenApiParameter("channel", str, enum=Channel.values)],
        responses={200: MessagingDeliverySerializer(many=True), **ERRORS},
    )
    def get(self, request, pk):
        message = _get(Message.objects.all(), pk)
        params = request.query_params
        queryset = selectors.delivery_list(
            message=message,
            status=params.get("status", "") if params.get("status", "") in DeliveryStatus.values else "",
            channel=params.get("channel", "") if params.get("channel", "") in Channel.values else "",
        )
        return self.page(queryset, MessagingDeliverySerializer)


class TemplateListCreateAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_messagetemplate", "POST": "messaging.add_messagetemplate"}

    @extend_schema(operation_id="messaging_templates_list", tags=TAGS, summary="消息模板", responses={200: MessagingTemplateSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.template_list(search=request.query_params.get("search", "").strip()), MessagingTemplateSerializer)

    @extend_schema(operation_id="messaging_templates_create", tags=TAGS, summary="新建模板", request=MessagingTemplateSerializer, responses={201: MessagingTemplateSerializer, **ERRORS})
    def post(self, request):
        template = services.template_save(actor=request.user, data=dict(self.parse(MessagingTemplateSerializer)))
        return Response(MessagingTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_messagetemplate", "PATCH": "messaging.change_messagetemplate", "DELETE": "messaging.delete_messagetemplate"}

    @extend_schema(operation_id="messaging_templates_retrieve", tags=TAGS, summary="模板详情", responses={200: MessagingTemplateSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(MessagingTemplateSerializer(_get(MessageTemplate.objects.all(), pk)).data)

    @extend_schema(operation_id="messaging_templates_update", tags=TAGS, summary="修改模板", request=MessagingTemplateSerializer, responses={200: MessagingTemplateSerializer, **ERRORS})
    def patch(self, request, pk):
        template = _get(MessageTemplate.objects.all(), pk)
        template = services.template_save(actor=request.user, template=template, data=dict(self.parse(MessagingTemplateSerializer, partial=True)))
        return Response(MessagingTemplateSerializer(template).data)

    @extend_schema(operation_id="messaging_templates_destroy", tags=TAGS, summary="删除模板", responses={204: None, **ERRORS})
    def delete(self, request, pk):
        services.template_delete(actor=request.user, template=_get(MessageTemplate.objects.all(), pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplatePreviewAPI(_MessagingAPI):
    permission_map = {"POST": "messaging.view_messagetemplate"}

    @extend_schema(operation_id="messaging_templates_preview", tags=TAGS, summary="预览（变量替换）", request=MessagingPreviewSerializer, responses={200: MessagingPreviewResultSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(MessagingPreviewSerializer)
        return Response(services.template_preview(subject=data["subject"], body=data["body"], context=data["context"], name=str(request.user)))


class OutboxListAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_outboxentry"}

    @extend_schema(
        operation_id="messaging_outbox_list", tags=TAGS, summary="发件箱（未配置服务商时保存的消息）",
        parameters=[OpenApiParameter("channel", str, enum=Channel.values), OpenApiParameter("message", int)],
        responses={200: MessagingOutboxEntrySerializer(many=True), **ERRORS},
    )
    def get(self, request):
        channel = request.query_params.get("channel", "")
        message_id = request.query_params.get("message", "")
        queryset = selectors.outbox_list(channel=channel if channel in Channel.values else "", message_id=int(message_id) if message_id.isdigit() else None)
        return self.page(queryset, MessagingOutboxEntrySerializer)


class LetterListAPI(_MessagingAPI):
    permission_map = {"GET": ""}  # any signed-in user: their own letters only

    @extend_schema(
        operation_id="messaging_letters_list", tags=TAGS, summary="我的站内信",
        parameters=[OpenApiParameter("unread", bool)], responses={200: MessagingLetterSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        unread = request.query_params.get("unread", "").lower() in ("1", "true")
        return self.page(selectors.letter_list(user=request.user, is_read=False if unread else None), MessagingLetterSerializer)


class LetterReadAPI(_MessagingAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="messaging_letters_read", tags=TAGS, summary="标为已读", request=None, responses={200: MessagingLetterSerializer, **ERRORS})
    def post(self, request, pk):
        return Response(MessagingLetterSerializer(services.letter_mark_read(user=request.user, letter_id=pk)).data)


class VoiceCallbackAPI(APIView):
    """dangerously_unauthenticated: the voice provider calls this; it proves itself with the
    shared callback token configured for the provider (query `token` or X-Callback-Token)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="messaging_voice_callback", tags=TAGS, summary="语音按键回调（服务商调用）",
        parameters=[OpenApiParameter("token", str, description="回调令牌")],
        request=MessagingVoiceEventSerializer(many=True), responses={200: MessagingCallbackResultSerializer, 403: ErrorSerializer},
    )
    def post(self, request, provider):
        token = request.query_params.get("token") or request.headers.get("X-Callback-Token", "")
        events = request.data if isinstance(request.data, list) else [request.data]
        serializer = MessagingVoiceEventSerializer(data=events, many=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.voice_callback_receive(provider=provider, token=token, events=serializer.validated_data)
        except ApplicationError:
            raise
        return Response({"code": 0, "msg": "成功"})


# --- providers (P19): what the 消息服务商 page edits -------------------------------------------


def _provider_write(request, config, data: dict):
    return services.provider_config_save(
        actor=request.user, config=config, channel=data.get("channel", getattr(config, "channel", "")),
        provider=data.get("provider", getattr(config, "provider", "")),
        options=data["options"] if "options" in data else getattr(config, "options", {}),
        secrets_update=data.get("secrets") or {}, is_active=data.get("is_active", getattr(config, "is_active", True)),
    )


class ProviderListCreateAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_providerconfig", "POST": "messaging.add_providerconfig"}

    @extend_schema(operation_id="messaging_providers_list", tags=TAGS, summary="消息服务商（密钥只显示键名）",
                   responses={200: MessagingProviderSerializer(many=True), **ERRORS})
    def get(self, request):
        return self.page(selectors.provider_config_list(), MessagingProviderSerializer)

    @extend_schema(operation_id="messaging_providers_create", tags=TAGS, summary="添加服务商（同一渠道只有一个启用）",
                   description="接口地址按服务商取自系统设置；SMTP 主机须解析为公网地址。密钥只写。",
                   request=MessagingProviderSerializer, responses={201: MessagingProviderSerializer, **ERRORS})
    def post(self, request):
        config = _provider_write(request, None, self.parse(MessagingProviderSerializer))
        return Response(MessagingProviderSerializer(config).data, status=status.HTTP_201_CREATED)


class ProviderDetailAPI(_MessagingAPI):
    permission_map = {"GET": "messaging.view_providerconfig", "PATCH": "messaging.change_providerconfig"}

    @extend_schema(operation_id="messaging_providers_retrieve", tags=TAGS, summary="服务商详情（密钥只显示键名）",
                   responses={200: MessagingProviderSerializer, **ERRORS})
    def get(self, request, pk: int):
        return Response(MessagingProviderSerializer(_get(selectors.provider_config_list(), pk)).data)

    @extend_schema(operation_id="messaging_providers_update", tags=TAGS, summary="修改服务商（只改提交的字段；密钥留空则保持不变）",
                   request=MessagingProviderSerializer, responses={200: MessagingProviderSerializer, **ERRORS})
    def patch(self, request, pk: int):
        config = _get(selectors.provider_config_list(), pk)
        config = _provider_write(request, config, self.parse(MessagingProviderSerializer, partial=True))
        return Response(MessagingProviderSerializer(config).data)
