from __future__ import annotations

from rest_framework import serializers

from tenant_apps.alumni.giving.enums import (
    Audience,
    CertificateDesign,
    FieldKind,
    ProjectStatus,
    UpdateKind,
)
from tenant_apps.alumni.giving.models import Donation, GivingSettings, Project, ProjectUpdate


class AlumniGivingFormFieldSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(max_length=40)
    type = serializers.ChoiceField(choices=FieldKind.choices, default=FieldKind.TEXT)
    required = serializers.BooleanField(default=False)
    options = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)


class AlumniGivingProjectSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    form_fields = AlumniGivingFormFieldSerializer(many=True, read_only=True)
    amount_options = serializers.ListField(child=serializers.IntegerField(), read_only=True, help_text="推荐金额（分）")

    class Meta:
        model = Project
        fields = ["id", "title", "summary", "story", "audience", "platform_url", "status", "target_fen", "raised_fen", "donor_count", "percent",
                  "min_amount_fen", "amount_options", "form_fields", "certificate_design", "certificate_title", "certificate_text", "ends_on", "created_at"]


class AlumniGivingProjectWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    target_fen = serializers.IntegerField(min_value=0)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.MEMBERS)
    summary = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    story = serializers.CharField(required=False, default="", allow_blank=True)
    platform_url = serializers.URLField(required=False, default="", allow_blank=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    min_amount_fen = serializers.IntegerField(min_value=1, default=100)
    amount_options = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    form_fields = AlumniGivingFormFieldSerializer(many=True, required=False, default=list)
    certificate_design = serializers.ChoiceField(choices=CertificateDesign.choices, default=CertificateDesign.CLASSIC)
    certificate_title = serializers.CharField(max_length=30, default="捐赠证书")
    certificate_text = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class AlumniGivingUpdateSerializer(serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title", read_only=True)

    class Meta:
        model = ProjectUpdate
        fields = ["id", "project", "project_title", "kind", "title", "body", "spent_fen", "happened_on", "created_at"]
        read_only_fields = ["project"]


class AlumniGivingUpdateWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=UpdateKind.choices, default=UpdateKind.PROGRESS)
    title = serializers.CharField(max_length=100)
    body = serializers.CharField(required=False, default="", allow_blank=True)
    spent_fen = serializers.IntegerField(min_value=0, default=0)
    happened_on = serializers.DateField(required=False, allow_null=True, default=None)


class AlumniGivingDonationSerializer(serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title", read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Donation
        fields = ["id", "number", "project", "project_title", "donor_name", "is_anonymous", "message", "answers", "amount_fen", "channel", "status",
                  "paid_at", "chapter_name", "class_year", "receipt_number", "is_locked", "certificate_number", "certificate_has_seal", "certificate_issued_at",
                  "created_at"]


class AlumniGivingDonateSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1)
    donor_name = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    is_anonymous = serializers.BooleanField(default=False)
    message = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)


class AlumniGivingCheckoutSerializer(serializers.Serializer):
    out_trade_no = serializers.CharField()
    jsapi = serializers.DictField(child=serializers.CharField(), help_text="WeixinJSBridge getBrandWCPayRequest 参数")


class AlumniGivingAmountChangeSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=200)


class AlumniGivingReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=80, required=False, default="", allow_blank=True)


class AlumniGivingReceiptSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20, help_text="捐赠编号")
    receipt_number = serializers.CharField(max_length=40, help_text="基金会电子票据号码")


class AlumniGivingTimelineEntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    date = serializers.DateField()
    title = serializers.CharField()
    project_id = serializers.IntegerField(source="project.pk")
    project_title = serializers.CharField(source="project.title")
    spent_fen = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    def get_spent_fen(self, entry) -> int:
        return entry["update"].spent_fen if "update" in entry else 0

    def get_body(self, entry) -> str:
        return entry["update"].body if "update" in entry else ""


class AlumniGivingBreakdownSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount_fen = serializers.IntegerField()
    count = serializers.IntegerField()


class AlumniGivingStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    years = serializers.ListField(child=serializers.IntegerField())
    amount_fen = serializers.IntegerField()
    count = serializers.IntegerField()
    donors = serializers.IntegerField()
    receipted = serializers.IntegerField()
    by_project = AlumniGivingBreakdownSerializer(many=True)
    by_chapter = AlumniGivingBreakdownSerializer(many=True)
    by_class_year = AlumniGivingBreakdownSerializer(many=True)
    by_month = AlumniGivingBreakdownSerializer(many=True)


class AlumniGivingSettingsSerializer(serializers.ModelSerializer):
    may_fundraise_publicly = serializers.BooleanField(read_only=True)

    class Meta:
        model = GivingSettings
        fields = ["foundation_name", "has_public_qualification", "qualification_number", "platform_name", "certificate_threshold_fen", "seal_threshold_fen",
                  "seal_text", "thanks_enabled", "may_fundraise_publicly"]


class AlumniGivingVerificationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[("valid", "有效"), ("revoked", "已作废"), ("invalid", "无效")])
    certificate_number = serializers.CharField(allow_blank=True)
    donor = serializers.CharField(allow_blank=True, help_text="脱敏姓名")
    project_title = serializers.CharField(allow_blank=True)
    amount_fen = serializers.IntegerField(allow_null=True)
