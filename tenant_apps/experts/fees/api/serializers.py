"""Serializers of the fees API. Names start with Fees (unique across the project)."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.experts.enums import TitleLevel
from tenant_apps.experts.fees.enums import FeeStatus, LetterStatus
from tenant_apps.experts.fees.selectors import display_name

MONEY = {"max_digits": 10, "decimal_places": 2}


class FeesStandardSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    title_level = serializers.ChoiceField(choices=TitleLevel.choices, required=False, allow_blank=True, default="", help_text="留空表示适用所有职称级别")
    half_day_rate = serializers.DecimalField(**MONEY, min_value=0)
    day_rate = serializers.DecimalField(**MONEY, min_value=0)
    travel_allowance = serializers.DecimalField(**MONEY, min_value=0, required=False, default=0)
    effective_from = serializers.DateField()
    is_active = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FeesLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    project_code = serializers.CharField(source="project.code")
    project_title = serializers.CharField(source="project.title")
    member_id = serializers.IntegerField()
    expert_id = serializers.IntegerField()
    expert_name = serializers.SerializerMethodField(help_text="评审开始前按规则脱敏")
    workload_days = serializers.DecimalField(max_digits=5, decimal_places=1)
    standard_id = serializers.IntegerField(allow_null=True)
    day_rate = serializers.DecimalField(**MONEY)
    half_day_rate = serializers.DecimalField(**MONEY)
    review_fee = serializers.DecimalField(**MONEY)
    is_fee_manual = serializers.BooleanField()
    travel_fee = serializers.DecimalField(**MONEY)
    other_fee = serializers.DecimalField(**MONEY)
    tax_withheld = serializers.DecimalField(**MONEY)
    total_amount = serializers.DecimalField(**MONEY)
    net_amount = serializers.DecimalField(**MONEY)
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=FeeStatus.choices)
    current_letter_id = serializers.IntegerField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    payment_reference = serializers.CharField()

    def get_expert_name(self, line) -> str:
        return display_name(actor=self.context.get("actor"), expert=line.expert, project=line.project)


class FeesLineInputSerializer(serializers.Serializer):
    workload_days = serializers.DecimalField(max_digits=5, decimal_places=1, help_text="按半天计：0.5、1、1.5…")
    review_fee = serializers.DecimalField(**MONEY, required=False, allow_null=True, default=None, help_text="留空按劳务费标准计算")
    travel_fee = serializers.DecimalField(**MONEY, required=False, allow_null=True, default=None, help_text="留空取标准中的交通补贴默认值")
    other_fee = serializers.DecimalField(**MONEY, required=False, default=0)
    tax_withheld = serializers.DecimalField(**MONEY, required=False, default=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FeesLineCreateSerializer(FeesLineInputSerializer):
    project = serializers.IntegerField(help_text="抽取项目 id")
    member = serializers.IntegerField(help_text="评审组成员 id（抽取结果中的行）")


class FeesLetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    line_id = serializers.IntegerField()
    version = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=LetterStatus.choices)
    content = serializers.JSONField(help_text="确认函内容快照（发函时冻结）")
    content_hash = serializers.CharField(help_text="内容快照的 SHA-256")
    sent_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdraw_reason = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    signature_sha256 = serializers.CharField(help_text="签名图片（PNG）的 SHA-256")
    signed_ip = serializers.CharField(allow_null=True)


class FeesSignSerializer(serializers.Serializer):
    signature = serializers.CharField(max_length=800_000, help_text="签名板导出的 PNG data URL：data:image/png;base64,…")


class FeesWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class FeesMarkPaidSerializer(serializers.Serializer):
    lines = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=2000)
    paid_on = serializers.DateField()
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class FeesMarkPaidResultSerializer(serializers.Serializer):
    paid = serializers.IntegerField()


class FeesTotalsSerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    signed = serializers.IntegerField(help_text="已签字或已发放的条数")
    total = serializers.DecimalField(**MONEY)
    net = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)


class FeesPanelRowSerializer(serializers.Serializer):
    member_id = serializers.IntegerField(source="member.pk")
    row = serializers.IntegerField(source="member.row")
    expert_id = serializers.IntegerField(source="member.expert_id")
    name = serializers.CharField()
    member_status = serializers.CharField(source="member.status")
    is_attending = serializers.BooleanField(help_text="确认参加或实际参评：只有这些专家可以登记劳务费")
    line = FeesLineSerializer(allow_null=True)


class FeesProjectSerializer(serializers.Serializer):
    project_id = serializers.IntegerField()
    is_archived = serializers.BooleanField()
    rows = FeesPanelRowSerializer(many=True)
    totals = FeesTotalsSerializer()


class FeesSkippedSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class FeesSendResultSerializer(serializers.Serializer):
    sent = FeesLetterSerializer(many=True)
    skipped = FeesSkippedSerializer(many=True)


class FeesHistorySerializer(serializers.Serializer):
    lines = FeesLineSerializer(many=True)
    totals = FeesTotalsSerializer()


class FeesMyLetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=LetterStatus.choices)
    project_title = serializers.CharField(source="line.project.title")
    net_amount = serializers.CharField(source="content.net_amount")
    content = serializers.JSONField()
    content_hash = serializers.CharField()
    sent_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField(allow_null=True)
    signature_sha256 = serializers.CharField()
