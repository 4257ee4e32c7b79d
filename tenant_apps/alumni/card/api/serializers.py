from __future__ import annotations

from rest_framework import serializers

from tenant_apps.alumni.card.enums import CouponKind, PartnerCategory
from tenant_apps.alumni.card.models import (
    Card,
    CardSettings,
    Check,
    Coupon,
    CouponBatch,
    KeyAlumnus,
    Partner,
    Scan,
)


class AlumniCardSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = CardSettings
        fields = ["name", "tagline", "claim_intro", "is_claim_open", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"name": {"required": True}}  # PUT replaces the settings: the card needs its name


class AlumniCardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Card
        fields = ["id", "number", "holder_name", "class_year", "college", "status", "claimed_via", "claimed_at", "revoked_at", "revoke_reason"]


class AlumniCardMineSerializer(serializers.Serializer):
    card_name = serializers.CharField()
    card = AlumniCardSerializer(allow_null=True)
    claim_refusal = serializers.CharField(allow_null=True, help_text="不能领取时的原因；可以领取或已领取为 null")


class AlumniCardClaimSerializer(serializers.Serializer):
    via = serializers.ChoiceField(choices=["link", "qr", "partner", "api"], default="api")


class AlumniCardRevokeSerializer(serializers.Serializer):
    active = serializers.BooleanField()
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class AlumniCardPartnerPublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "category", "offer", "address", "contact"]


class AlumniCardPartnerSerializer(serializers.ModelSerializer):
    qr_url = serializers.SerializerMethodField()
    staff_url = serializers.SerializerMethodField()
    scan_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Partner
        fields = ["id", "name", "category", "offer", "address", "contact", "is_active", "sort_order", "qr_url", "staff_url", "scan_count", "created_at"]

    def _url(self, name: str, key: str) -> str:
        from django.urls import reverse

        request = self.context.get("request")
        path = reverse(name, args=[key])
        return request.build_absolute_uri(path) if request else path

    def get_qr_url(self, partner) -> str:
        return self._url("h5:alumni_card:partner_scan", partner.qr_key)

    def get_staff_url(self, partner) -> str:
        return self._url("h5:alumni_card:staff", partner.staff_key)


class AlumniCardPartnerWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    category = serializers.ChoiceField(choices=PartnerCategory.values, default=PartnerCategory.OTHER)
    offer = serializers.CharField(required=False, default="", allow_blank=True)
    address = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    contact = serializers.CharField(required=False, default="", allow_blank=True, max_length=40)
    is_active = serializers.BooleanField(default=True)
    sort_order = serializers.IntegerField(min_value=0, default=0)


class AlumniCardScanSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name")
    holder_name = serializers.CharField(source="card.holder_name")
    card_number = serializers.CharField(source="card.number")
    accepted_checks = serializers.IntegerField(source="accepted", read_only=True, required=False)

    class Meta:
        model = Scan
        fields = ["id", "partner", "partner_name", "holder_name", "card_number", "scanned_at", "in_wechat", "is_key_alumnus", "alert_sent", "accepted_checks"]


class AlumniCardCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = Check
        fields = ["id", "partner", "scan", "result", "token_age", "via", "checked_at"]


class AlumniCardLiveSerializer(serializers.Serializer):
    scan_id = serializers.IntegerField()
    partner = AlumniCardPartnerPublicSerializer()
    token = serializers.CharField(help_text="服务器签名的实时令牌，生成后 valid_seconds 秒内有效")
    check_url = serializers.CharField(help_text="机构核验设备扫描的链接（页面上二维码的内容）")
    valid_seconds = serializers.IntegerField()
    refresh_seconds = serializers.IntegerField()


class AlumniCardVerifyInputSerializer(serializers.Serializer):
    staff_key = serializers.CharField(max_length=64, help_text="机构的工作人员核验链接中的密钥")
    token = serializers.CharField(max_length=2000, help_text="校友实时核验页二维码中的令牌（或整条核验链接）")


class AlumniCardVerifyOutputSerializer(serializers.Serializer):
    result = serializers.CharField()
    accepted = serializers.BooleanField()
    message = serializers.CharField()
    token_age = serializers.IntegerField(allow_null=True)
    holder_name = serializers.CharField(allow_null=True)
    class_year = serializers.IntegerField(allow_null=True)
    card_number = serializers.CharField(allow_null=True)
    coupons_redeemed = serializers.ListField(child=serializers.CharField())


class AlumniCardBatchSerializer(serializers.ModelSerializer):
    issued = serializers.IntegerField(read_only=True, required=False)
    redeemed = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = CouponBatch
        fields = ["id", "name", "kind", "value_text", "description", "partner", "valid_from", "valid_until", "total_limit", "activity_id", "is_active",
                  "issued", "redeemed", "created_at"]


class AlumniCardBatchWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=CouponKind.values)
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    value_text = serializers.CharField(required=False, default="", allow_blank=True, max_length=30)
    description = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    partner_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    total_limit = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    activity_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    is_active = serializers.BooleanField(default=True)


class AlumniCardIssueSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["numbers", "users", "key_alumni", "activity"], default="numbers")
    numbers = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)
    user_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class AlumniCardIssueResultSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    unknown_numbers = serializers.ListField(child=serializers.CharField())


class AlumniCardCouponSerializer(serializers.ModelSerializer):
    batch_name = serializers.CharField(source="batch.name")
    kind = serializers.CharField(source="batch.kind")
    value_text = serializers.CharField(source="batch.value_text")
    valid_until = serializers.DateTimeField(source="batch.valid_until")
    partner_only = serializers.IntegerField(source="batch.partner_id", allow_null=True)

    class Meta:
        model = Coupon
        fields = ["id", "batch", "batch_name", "kind", "value_text", "valid_until", "partner_only", "code", "status", "source", "issued_at", "redeemed_at",
                  "redeemed_partner"]


class AlumniCardRedeemSerializer(serializers.Serializer):
    scan_id = serializers.IntegerField(help_text="在本机构扫码得到的扫码记录 ID")


class AlumniCardKeyAlumnusSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="record.name", read_only=True)
    class_year = serializers.IntegerField(source="record.class_year", read_only=True, allow_null=True)

    class Meta:
        model = KeyAlumnus
        fields = ["id", "record", "name", "class_year", "note", "created_at"]


class AlumniCardKeyAlumnusWriteSerializer(serializers.Serializer):
    record_id = serializers.IntegerField()
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
