from rest_framework import serializers

from tenant_apps.employment.chat.enums import ReportReason
from tenant_apps.employment.chat.models import (
    MESSAGE_MAX,
    ChatMessage,
    Conversation,
    ConversationReport,
)


class ConversationSerializer(serializers.ModelSerializer):
    job_title = serializers.CharField(source="job.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    student_name = serializers.SerializerMethodField()
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = ["id", "job", "job_title", "employer", "employer_name", "student_name", "unread", "last_message", "last_message_at", "created_at"]
        read_only_fields = fields

    def get_student_name(self, obj) -> str:
        return obj.student.display_name or obj.student.username

    def get_unread(self, obj) -> int:
        side = self.context.get("side", {}).get(obj.pk, "student")
        return obj.employer_unread if side == "employer" else obj.student_unread


class ConversationStartSerializer(serializers.Serializer):
    job = serializers.IntegerField(min_value=1)


class MessageSerializer(serializers.ModelSerializer):
    mine = serializers.SerializerMethodField()

    class Meta:
        model = ChatMessage
        fields = ["id", "side", "body", "mine", "created_at"]
        read_only_fields = ["id", "side", "mine", "created_at"]
        extra_kwargs = {"body": {"max_length": MESSAGE_MAX}}

    def get_mine(self, obj) -> bool:
        return obj.sender_id == self.context.get("user_id")


class MessagePageSerializer(serializers.Serializer):
    results = MessageSerializer(many=True)
    has_earlier = serializers.BooleanField()


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    details = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConversationReport
        fields = ["id", "conversation", "side", "reason", "details", "status", "resolution", "created_at", "resolved_at"]
        read_only_fields = fields


class ReportedConversationSerializer(ConversationSerializer):
    open_reports = serializers.IntegerField(read_only=True)
    all_reports = serializers.IntegerField(read_only=True)

    class Meta(ConversationSerializer.Meta):
        fields = [*ConversationSerializer.Meta.fields, "open_reports", "all_reports"]
        read_only_fields = fields


class ResolveInputSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    resolution = serializers.CharField(max_length=500)


class ResolveOutputSerializer(serializers.Serializer):
    resolved = serializers.IntegerField()
