from __future__ import annotations

from rest_framework import serializers

from core.masking import mask_value
from tenant_apps.alumni.activities.enums import RegistrationStatus
from tenant_apps.alumni.activities.models import (
    Activity,
    ActivityPhoto,
    BlacklistEntry,
    Comment,
    Invitation,
    Registration,
    TicketType,
)


class TicketTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = TicketType
        ref_name = "ActivityTicketType"
        fields = ["id", "name", "price_fen", "capacity", "places_taken", "is_active"]


class ActivitySerializer(serializers.ModelSerializer):
    ticket_types = TicketTypeSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        ref_name = "AlumniActivity"
        fields = ["id", "title", "summary", "description", "place", "city", "is_online", "starts_at", "ends_at", "registration_closes_at", "tags",
                  "organiser_kind", "organiser_name", "chapter_id", "status", "review_note", "is_pinned", "is_recommended", "capacity", "places_taken",
                  "requires_review", "waitlist_enabled", "offer_hours", "blacklist_enabled", "assign_seats", "form_fields", "ticket_types", "published_at"]
        read_only_fields = ["status", "review_note", "places_taken", "published_at"]


class ActivityWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, default="")
    city = serializers.CharField(max_length=50, required=False, default="")
    summary = serializers.CharField(max_length=300, required=False, default="")
    description = serializers.CharField(required=False, default="")
    is_online = serializers.BooleanField(required=False, default=False)
    registration_closes_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    tags = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)
    organiser_kind = serializers.ChoiceField(choices=["association", "chapter", "alumnus"], required=False, default="association")
    organiser_name = serializers.CharField(max_length=100, required=False, default="")
    chapter_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    capacity = serializers.IntegerField(min_value=1, max_value=100000)
    requires_review = serializers.BooleanField(required=False, default=False)
    waitlist_enabled = serializers.BooleanField(required=False, default=True)
    offer_hours = serializers.IntegerField(min_value=1, max_value=168, required=False, default=24)
    blacklist_enabled = serializers.BooleanField(required=False, default=True)
    assign_seats = serializers.BooleanField(required=False, default=False)
    form_fields = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    ticket_types = serializers.ListField(child=serializers.DictField(), required=False, default=list, help_text='[{"name", "price_fen", "capacity"}]，仅新建时')

    class Meta:
        ref_name = "AlumniActivityWrite"


class RegistrationSerializer(serializers.ModelSerializer):
    attendee_phone = serializers.SerializerMethodField()
    activity_title = serializers.CharField(source="activity.title", read_only=True)

    class Meta:
        model = Registration
        ref_name = "ActivityRegistration"
        fields = ["id", "activity", "activity_title", "ticket_type", "user", "attendee_name", "attendee_phone", "answers", "status", "reason", "amount_fen",
                  "order_no", "payment_due_at", "paid_at", "waitlisted_at", "offer_expires_at", "ticket_serial", "checked_in_at", "seat_label", "created_at"]

    def get_attendee_phone(self, obj) -> str:
        return mask_value("phone", obj.attendee_phone)


class MyRegistrationSerializer(RegistrationSerializer):
    class Meta(RegistrationSerializer.Meta):
        ref_name = "MyActivityRegistration"
        fields = [*RegistrationSerializer.Meta.fields, "ticket_code"]


class RegisterSerializer(serializers.Serializer):
    ticket_type = serializers.IntegerField()
    attendee_name = serializers.CharField(max_length=50)
    attendee_phone = serializers.CharField(max_length=20)
    answers = serializers.DictField(required=False, default=dict)
    invitation_code = serializers.CharField(max_length=16, required=False, default="", allow_blank=True)

    class Meta:
        ref_name = "ActivityRegister"


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    class Meta:
        ref_name = "ActivityReviewDecision"


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)

    class Meta:
        ref_name = "ActivityReason"


class ScanSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=1000)
    nonce = serializers.CharField(max_length=64)
    scanned_at = serializers.DateTimeField()
    device_status = serializers.CharField(max_length=16, required=False, default="", allow_blank=True)

    class Meta:
        ref_name = "DoorScan"


class ScanUploadSerializer(serializers.Serializer):
    device = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)
    scans = ScanSerializer(many=True)

    class Meta:
        ref_name = "DoorScanUpload"


class ScanResultSerializer(serializers.Serializer):
    nonce = serializers.CharField()
    status = serializers.CharField(help_text="admitted / duplicate / revoked / invalid / wrong_scope")
    serial = serializers.CharField()
    first_scanned_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "DoorScanResult"


class ScanResultsSerializer(serializers.Serializer):
    results = ScanResultSerializer(many=True)

    class Meta:
        ref_name = "DoorScanResults"


class DoorBundleSerializer(serializers.Serializer):
    scope = serializers.CharField()
    keys = serializers.DictField(child=serializers.CharField(), help_text="密钥编号 -> SPKI 公钥（Base64）")
    revoked = serializers.ListField(child=serializers.CharField())
    admitted = serializers.ListField(child=serializers.CharField())
    generated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "DoorBundle"


class TicketVerifySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=1000)

    class Meta:
        ref_name = "TicketVerify"


class TicketVerdictSerializer(serializers.Serializer):
    status = serializers.CharField()
    serial = serializers.CharField()
    registration = serializers.IntegerField(allow_null=True)
    attendee_name = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "TicketVerdict"


class PaymentStartSerializer(serializers.Serializer):
    out_trade_no = serializers.CharField()
    jsapi = serializers.DictField(child=serializers.CharField(), help_text="WeixinJSBridge getBrandWCPayRequest 参数")

    class Meta:
        ref_name = "ActivityPaymentStart"


class PrizeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    item = serializers.CharField(max_length=100)
    count = serializers.IntegerField(min_value=1)
    value_fen = serializers.IntegerField(min_value=0)

    class Meta:
        ref_name = "LotteryPrize"


class LotterySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=100)
    rules = serializers.CharField(required=False, default="", allow_blank=True)
    entrant_rule = serializers.ChoiceField(choices=["checked_in", "confirmed"], default="checked_in")
    status = serializers.CharField(read_only=True)
    public_token = serializers.CharField(read_only=True)
    entrants_hash = serializers.CharField(read_only=True)
    commitment = serializers.CharField(read_only=True)
    prizes = PrizeSerializer(many=True)

    class Meta:
        ref_name = "ActivityLottery"


class LotteryDrawSerializer(serializers.Serializer):
    witness_values = serializers.ListField(child=serializers.CharField(max_length=64), min_length=1)

    class Meta:
        ref_name = "LotteryDraw"


class LotteryReceiptSerializer(serializers.Serializer):
    algorithm = serializers.CharField()
    entrants = serializers.ListField(child=serializers.IntegerField())
    entrants_hash = serializers.CharField()
    commitment = serializers.CharField()
    server_value = serializers.CharField()
    witness_values = serializers.ListField(child=serializers.CharField())
    seed = serializers.CharField()
    prizes = PrizeSerializer(many=True)
    winners = serializers.ListField(child=serializers.IntegerField())

    class Meta:
        ref_name = "LotteryReceipt"


class ActivityChapterChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    depth = serializers.IntegerField(read_only=True)

    class Meta:
        ref_name = "AlumniActivityChapterChoice"


class ActivityPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="权限校验后的下载/展示链接")
    uploader = serializers.SerializerMethodField()

    class Meta:
        model = ActivityPhoto
        ref_name = "AlumniActivityPhoto"
        fields = ["id", "activity", "caption", "source", "status", "review_note", "uploader", "url", "created_at", "reviewed_at"]

    def get_url(self, obj) -> str:
        from core.files import download_url

        request = self.context.get("request")
        return download_url(obj.image, user=getattr(request, "user", None))

    def get_uploader(self, obj) -> str:
        user = obj.uploaded_by
        return (user.display_name or user.username) if user else ""


class ActivityPhotoUploadSerializer(serializers.Serializer):
    image = serializers.ImageField(help_text="照片（受本单位上传大小与类型限制）")
    caption = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "AlumniActivityPhotoUpload"


class ActivityPhotoReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", help_text="不通过时必填，上传人可见")

    class Meta:
        ref_name = "AlumniActivityPhotoReview"


class ActivityFlagsSerializer(serializers.Serializer):
    is_pinned = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="置顶")
    is_recommended = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="推荐")

    class Meta:
        ref_name = "AlumniActivityFlags"


class InvitationSerializer(serializers.ModelSerializer):
    ticket_type = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Invitation
        ref_name = "AlumniActivityInvitation"
        fields = ["id", "code", "guest_name", "max_uses", "uses", "ticket_type", "created_at"]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    guest_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    max_uses = serializers.IntegerField(min_value=1, max_value=1000, default=1, help_text="1 = 单次；大于 1 = 限定次数")
    ticket_type = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="限定票种（可不填）")

    class Meta:
        ref_name = "AlumniActivityInvitationCreate"


class BlacklistEntrySerializer(serializers.ModelSerializer):
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = BlacklistEntry
        ref_name = "AlumniActivityBlacklistEntry"
        fields = ["id", "user", "user_name", "reason", "created_at"]
        read_only_fields = fields

    def get_user_name(self, entry) -> str:
        return entry.user.display_name or entry.user.username


class BlacklistAddSerializer(serializers.Serializer):
    who = serializers.CharField(max_length=50, help_text="用户名或手机号")
    reason = serializers.CharField(max_length=200, help_text="原因（本人报名时可见）")

    class Meta:
        ref_name = "AlumniActivityBlacklistAdd"


class ActivityCommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        ref_name = "AlumniActivityComment"
        fields = ["id", "activity", "author", "body", "status", "created_at"]
        read_only_fields = ["activity", "status", "created_at"]

    def get_author(self, comment) -> str:
        return comment.user.display_name or "校友"


class CommentModerationSerializer(serializers.Serializer):
    visible = serializers.BooleanField(help_text="true 显示 / false 隐藏")

    class Meta:
        ref_name = "AlumniActivityCommentModeration"


class NoticeSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=1000)
    statuses = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list,
                                     help_text="发给哪些状态的报名人（报名状态值），默认报名成功的 confirmed")
    channels = serializers.ListField(child=serializers.CharField(max_length=10), required=False, default=list, help_text="wechat / sms，默认两者（微信优先）")

    class Meta:
        ref_name = "AlumniActivityNotice"

    def validate_statuses(self, value: list[str]) -> list[str]:
        if any(v not in RegistrationStatus.values for v in value):
            raise serializers.ValidationError("报名状态无效。")
        return value

    def validate_channels(self, value: list[str]) -> list[str]:
        if any(v not in ("wechat", "sms") for v in value):
            raise serializers.ValidationError("只能选择微信或短信。")
        return value


class NoticeResultSerializer(serializers.Serializer):
    message = serializers.IntegerField(help_text="消息编号（消息中心可查进度）")
    status = serializers.CharField(help_text="消息状态（queued 已排队）")

    class Meta:
        ref_name = "AlumniActivityNoticeResult"
