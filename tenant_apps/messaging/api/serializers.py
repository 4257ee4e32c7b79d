"""API shapes of the messaging gateway. Names start with "Messaging" (unique OpenAPI names)."""

from __future__ import annotations

from rest_framework import serializers

from core.masking import mask_value
from tenant_apps.messaging.enums import Channel, ProviderName
from tenant_apps.messaging.models import Delivery, Letter, Message, MessageTemplate, OutboxEntry


class MessagingMessageSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True)

    class Meta:
        model = Message
        fields = [
            "id", "subject", "body", "channels", "audience", "purpose", "is_commercial", "template_code", "source", "link", "status",
            "send_at", "created_at", "started_at", "finished_at", "total", "sent", "succeeded", "failed", "skipped", "progress",
        ]
        read_only_fields = fields


class MessagingRecipientSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True)
    openid = serializers.CharField(required=False, allow_blank=True, max_length=64)


class MessagingAudienceSerializer(serializers.Serializer):
    resolver = serializers.CharField()
    filters = serializers.DictField(required=False)


class MessagingMessageCreateSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="")
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), min_length=1)
    recipients = MessagingRecipientSerializer(many=True, required=False)
    audience = MessagingAudienceSerializer(required=False)
    send_at = serializers.DateTimeField(required=False, allow_null=True)
    is_commercial = serializers.BooleanField(default=False)
    template_code = serializers.CharField(required=False, allow_blank=True, default="")
    context = serializers.DictField(required=False, default=dict)
    link = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class MessagingDeliverySerializer(serializers.ModelSerializer):
    address = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = ["id", "recipient_name", "user", "channel", "address", "status", "reason", "provider", "provider_message_id", "attempts", "sent_at"]
        read_only_fields = fields

    def get_address(self, obj) -> str:
        return mask_value("phone" if obj.channel in ("sms", "voice") else "default", obj.address) if obj.address else ""


class MessagingTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MessageTemplate
        fields = ["id", "code", "name", "subject", "body", "sms_template_code", "wechat_template_id", "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness is checked by the service (full_clean), which gives our error body.
        extra_kwargs = {"code": {"validators": []}}


class MessagingPreviewSerializer(serializers.Serializer):
    subject = serializers.CharField(allow_blank=True, default="")
    body = serializers.CharField(allow_blank=True, default="")
    context = serializers.DictField(required=False, default=dict)


class MessagingPreviewResultSerializer(serializers.Serializer):
    subject = serializers.CharField()
    body = serializers.CharField()


class MessagingOutboxEntrySerializer(serializers.ModelSerializer):
    to_address = serializers.SerializerMethodField()
    body = serializers.CharField(source="body_for_staff", read_only=True, help_text="验证码类消息中的验证码以掩码显示")

    class Meta:
        model = OutboxEntry
        fields = ["id", "channel", "to_address", "subject", "body", "out_id", "message", "created_at"]
        read_only_fields = fields

    def get_to_address(self, obj) -> str:
        return mask_value("phone" if obj.channel in ("sms", "voice") else "default", obj.to_address)


class MessagingLetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letter
        fields = ["id", "title", "body", "link", "is_read", "read_at", "created_at"]
        read_only_fields = fields


class MessagingVoiceEventSerializer(serializers.Serializer):
    """One Aliyun VoiceCallReport receipt (the callback body is a JSON array of these)."""

    call_id = serializers.CharField(required=False, allow_blank=True)
    out_id = serializers.CharField(required=False, allow_blank=True)
    dtmf = serializers.CharField(required=False, allow_blank=True, help_text="按键：1 接受，2 拒绝，3 重听（在通话内重播）")
    status_code = serializers.CharField(required=False, allow_blank=True)
    smart_status_code = serializers.CharField(required=False, allow_blank=True)
    status_time = serializers.CharField(required=False, allow_blank=True)
    status_msg = serializers.CharField(required=False, allow_blank=True)


class MessagingCallbackResultSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    msg = serializers.CharField()


class MessagingProviderSerializer(serializers.Serializer):
    """A channel's provider. `options` are the non-secret parameters (address, signature,
    template ids, rate); `secrets` is write-only (merged in: an empty value keeps the stored
    one) and reads show only which secret keys are set."""

    id = serializers.IntegerField(read_only=True)
    channel = serializers.ChoiceField(choices=Channel.choices)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    provider = serializers.ChoiceField(choices=ProviderName.choices)
    provider_label = serializers.CharField(source="get_provider_display", read_only=True)
    options = serializers.DictField(required=False, default=dict)
    secrets = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=2000), required=False, default=dict,
                                    write_only=True, help_text='如 {"access_key_id": "...", "access_key_secret": "..."}；只写，不会返回')
    secret_keys = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(required=False, default=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_secret_keys(self, config) -> list[str]:
        return sorted(config.secret_values) if hasattr(config, "secret_values") else []
