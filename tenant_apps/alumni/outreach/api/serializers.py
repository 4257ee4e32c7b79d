"""Serializers of the mass e-mail and SMS API (names prefixed AlumniOutreach)."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.alumni.outreach.enums import Channel, SourceKind
from tenant_apps.alumni.outreach.models import BirthdayRun, Campaign, OutreachTemplate


class AlumniOutreachCampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "kind", "channel", "title", "body", "layout", "is_marketing", "template_id", "source_kind", "source_filters", "upload_report",
                  "status", "message_id", "recipient_count", "sms_segments", "sms_units", "created_at", "sent_at"]
        read_only_fields = fields


class AlumniOutreachCampaignWriteSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    layout = serializers.CharField(required=False, default="", allow_blank=True)
    is_marketing = serializers.BooleanField(default=True)
    source_kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.RECORDS)
    source_filters = serializers.DictField(required=False, default=dict, help_text="records: class_year, graduation_year, college_id, region; chapter: organization_id; group: group_id")
    template_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class AlumniOutreachPreviewSerializer(serializers.Serializer):
    subject = serializers.CharField()
    html = serializers.CharField(help_text="邮件的 HTML（短信为空）")
    text = serializers.CharField(help_text="短信实际内容（含退订语）")
    segments = serializers.IntegerField(help_text="短信计费条数")
    length = serializers.IntegerField()


class AlumniOutreachRecipientCountSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    sendable = serializers.IntegerField()
    deceased = serializers.IntegerField()
    opted_out = serializers.IntegerField()
    no_contact = serializers.IntegerField()
    sms_units = serializers.IntegerField(help_text="短信预计占用条数（邮件为 0）")
    sms_balance = serializers.IntegerField()


class AlumniOutreachUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=".xlsx，表头：姓名、邮箱、手机号")


class AlumniOutreachUploadRejectSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    reason = serializers.CharField()


class AlumniOutreachUploadResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    rejected = AlumniOutreachUploadRejectSerializer(many=True)


class AlumniOutreachTestSendSerializer(serializers.Serializer):
    address = serializers.CharField(required=False, default="", allow_blank=True, help_text="测试邮箱或手机号；不填则发给自己")


class AlumniOutreachTestSendResultSerializer(serializers.Serializer):
    message_id = serializers.IntegerField()


class AlumniOutreachProgressSerializer(serializers.Serializer):
    status = serializers.CharField()
    progress = serializers.IntegerField()
    total = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    failed = serializers.IntegerField()
    skipped = serializers.IntegerField()
    opened = serializers.IntegerField()
    is_active = serializers.BooleanField()


class AlumniOutreachLogSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    recipient_name = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)
    opened_at = serializers.DateTimeField(allow_null=True)


class AlumniOutreachTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutreachTemplate
        fields = ["id", "channel", "name", "subject", "body", "layout", "is_marketing", "updated_at"]
        read_only_fields = ["id", "updated_at"]


class AlumniOutreachLayoutSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    html = serializers.CharField(help_text="示例内容渲染后的 HTML")


class AlumniOutreachQuotaSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    limit = serializers.IntegerField(min_value=0)
    used = serializers.IntegerField(read_only=True)
    balance = serializers.IntegerField(read_only=True)


class AlumniOutreachBirthdayRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = BirthdayRun
        fields = ["date", "campaign_id", "recipient_count", "note"]


class AlumniOutreachBirthdaySerializer(serializers.Serializer):
    is_enabled = serializers.BooleanField()
    text = serializers.CharField(max_length=300)
    runs = AlumniOutreachBirthdayRunSerializer(many=True, read_only=True)
