"""Login security in the API (P11, P19): what the back office's 登录日志 / 登录统计 / IP 封禁 /
活跃统计 pages show, over the same functions of `tenant_apps.accounts.security`. Phones in the
login log are stored masked already; nothing here reveals personal data."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.web.filtering import parse_day
from tenant_apps.accounts import security
from tenant_apps.accounts.enums import LoginResult
from tenant_apps.accounts.models import IPBlock, LoginLog, SecuritySettings
from tenant_apps.accounts.selectors import security_settings
from tenant_apps.accounts.services import security_settings_update

MONITORING = "accounts.view_login_monitoring"
IP_BLOCKS = "accounts.manage_ip_blocks"
TAGS = ["账号-登录安全"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class AccountsLoginLogSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(allow_null=True, read_only=True)
    user_label = serializers.SerializerMethodField()
    channel_label = serializers.SerializerMethodField()

    class Meta:
        model = LoginLog
        fields = ["id", "created_at", "user_id", "user_label", "identifier", "result", "ip", "device", "platform", "browser", "channel", "channel_label", "wechat_openid"]

    def get_user_label(self, log) -> str:
        return str(log.user) if log.user_id else ""

    def get_channel_label(self, log) -> str:
        return security.CHANNEL_LABELS.get(log.channel, log.channel)


class AccountsLoginStatRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    success = serializers.IntegerField()
    failed = serializers.IntegerField()
    total = serializers.IntegerField()


class AccountsLoginStatsSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    success = serializers.IntegerField()
    failed = serializers.IntegerField()
    by_day = AccountsLoginStatRowSerializer(many=True)
    by_hour = AccountsLoginStatRowSerializer(many=True)
    by_device = AccountsLoginStatRowSerializer(many=True)
    by_platform = AccountsLoginStatRowSerializer(many=True)
    by_browser = AccountsLoginStatRowSerializer(many=True)
    by_channel = AccountsLoginStatRowSerializer(many=True)


class AccountsIPBlockSerializer(serializers.ModelSerializer):
    class Meta:
        model = IPBlock
        fields = ["id", "ip", "reason", "created_at", "expires_at", "is_automatic"]


class AccountsIPBlockCreateSerializer(serializers.Serializer):
    ip = serializers.CharField(max_length=45)
    reason = serializers.CharField(max_length=200)
    hours = serializers.IntegerField(min_value=1, max_value=24 * 366, required=False, allow_null=True, help_text="留空为永久封禁")


class AccountsActivityDaySerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    user_label = serializers.CharField()
    day = serializers.DateField()
    active_seconds = serializers.IntegerField()
    duration = serializers.CharField()


class AccountsSecuritySettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SecuritySettings
        fields = ["wechat_scan_login", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"wechat_scan_login": {"required": True}}


class _SecurityAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = AccountsLoginLogSerializer


class LoginLogListAPI(_SecurityAPI):
    permission_map = {"GET": MONITORING}

    @extend_schema(
        operation_id="accounts_security_logins_list", tags=TAGS, summary="登录日志",
        parameters=[
            OpenApiParameter("result", str, enum=LoginResult.values, description="结果"),
            OpenApiParameter("channel", str, enum=list(security.CHANNEL_LABELS), description="入口"),
            OpenApiParameter("ip", str, description="IP（完整地址）"),
            OpenApiParameter("account", str, description="登录名、用户名、姓名（包含）或完整手机号"),
            OpenApiParameter("date_from", str, description="起始日期 YYYY-MM-DD"),
            OpenApiParameter("date_to", str, description="截止日期 YYYY-MM-DD"),
        ],
        responses={200: AccountsLoginLogSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        params = request.query_params
        result = params.get("result", "")
        channel = params.get("channel", "")
        logs = security.login_log_search(
            result=result if result in LoginResult.values else "", channel=channel if channel in security.CHANNEL_LABELS else "",
            ip=params.get("ip", "").strip()[:45], account=params.get("account", "").strip()[:150],
            date_from=parse_day(params.get("date_from")), date_to=parse_day(params.get("date_to")),
        )
        page = self.paginate_queryset(logs)
        return self.get_paginated_response(AccountsLoginLogSerializer(page, many=True).data)


def _stat_rows(rows: list[dict], label_key: str) -> list[dict]:
    out = []
    for row in rows:
        label = row.get(label_key)
        if hasattr(label, "isoformat"):
            label = label.isoformat()
        out.append({"label": str(label if label is not None else row.get("label", "")), "success": row["success"], "failed": row["failed"],
                    "total": row.get("total", row["success"] + row["failed"])})
    return out


class LoginStatsAPI(_SecurityAPI):
    permission_map = {"GET": MONITORING}

    @extend_schema(
        operation_id="accounts_security_login_stats", tags=TAGS, summary="登录统计（按日、小时、设备、平台、浏览器）",
        parameters=[OpenApiParameter("days", int, enum=[7, 30, 90], description="最近天数，默认 30")],
        responses={200: AccountsLoginStatsSerializer, **ERRORS},
    )
    def get(self, request):
        days = request.query_params.get("days", "30")
        days = int(days) if days in ("7", "30", "90") else 30
        stats = security.login_statistics(days=days)
        data = {"days": days, "success": stats["success"], "failed": stats["failed"]}
        for key, label in (("by_day", "day"), ("by_hour", "label"), ("by_device", "label"), ("by_platform", "label"), ("by_browser", "label"),
                           ("by_channel", "label")):
            data[key] = _stat_rows(stats.get(key, []), label)
        return Response(AccountsLoginStatsSerializer(data).data)


class IPBlockListCreateAPI(_SecurityAPI):
    permission_map = {"GET": IP_BLOCKS, "POST": IP_BLOCKS}

    @extend_schema(operation_id="accounts_security_ip_blocks_list", tags=TAGS, summary="IP 封禁列表",
                   responses={200: AccountsIPBlockSerializer(many=True), **ERRORS})
    def get(self, request):
        page = self.paginate_queryset(security.ip_block_list())
        return self.get_paginated_response(AccountsIPBlockSerializer(page, many=True).data)

    @extend_schema(operation_id="accounts_security_ip_blocks_create", tags=TAGS, summary="封禁 IP",
                   request=AccountsIPBlockCreateSerializer, responses={201: AccountsIPBlockSerializer, **ERRORS})
    def post(self, request):
        serializer = AccountsIPBlockCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        block = security.ip_block_add(actor=request.user, ip=data["ip"].strip(), reason=data["reason"], hours=data.get("hours"))
        return Response(AccountsIPBlockSerializer(block).data, status=status.HTTP_201_CREATED)


class IPBlockLiftAPI(_SecurityAPI):
    permission_map = {"POST": IP_BLOCKS}

    @extend_schema(operation_id="accounts_security_ip_blocks_lift", tags=TAGS, summary="解除 IP 封禁", request=None,
                   responses={204: None, **ERRORS})
    def post(self, request, pk: int):
        security.ip_block_lift(actor=request.user, block=get_object_or_404(IPBlock, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActivityListAPI(_SecurityAPI):
    permission_map = {"GET": MONITORING}

    @extend_schema(
        operation_id="accounts_security_activity_list", tags=TAGS, summary="活跃统计（每人每天的在线时长）",
        parameters=[OpenApiParameter("date_from", str, description="起始日期 YYYY-MM-DD，默认 30 天前"),
                    OpenApiParameter("date_to", str, description="截止日期 YYYY-MM-DD，默认今天"),
                    OpenApiParameter("account", str, description="用户名或姓名（包含）")],
        responses={200: AccountsActivityDaySerializer(many=True), **ERRORS},
    )
    def get(self, request):
        import datetime

        from django.utils import timezone

        today = timezone.localdate()
        date_to = parse_day(request.query_params.get("date_to")) or today
        date_from = parse_day(request.query_params.get("date_from")) or date_to - datetime.timedelta(days=29)
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        if (date_to - date_from).days >= security.MAX_RANGE_DAYS:
            date_from = date_to - datetime.timedelta(days=security.MAX_RANGE_DAYS - 1)
        rows = security.activity_day_list(date_from=date_from, date_to=date_to, account=request.query_params.get("account", "").strip()[:150])
        page = self.paginate_queryset(rows)
        data = [{"user_id": row.user_id, "user_label": str(row.user), "day": row.day, "active_seconds": row.active_seconds,
                 "duration": security.format_duration(row.active_seconds)} for row in page]
        return self.get_paginated_response(AccountsActivityDaySerializer(data, many=True).data)


SETTINGS = "accounts.change_securitysettings"


class SecuritySettingsAPI(_SecurityAPI):
    """登录安全设置: the back office's WeChat scan login (off / second factor / instead of the password)."""

    permission_map = {"GET": SETTINGS, "PUT": SETTINGS}

    @extend_schema(operation_id="accounts_security_settings_retrieve", tags=TAGS, summary="登录安全设置",
                   responses={200: AccountsSecuritySettingsSerializer, **ERRORS})
    def get(self, request):
        return Response(AccountsSecuritySettingsSerializer(security_settings()).data)

    @extend_schema(operation_id="accounts_security_settings_update", tags=TAGS, summary="修改登录安全设置（微信扫码登录方式）",
                   request=AccountsSecuritySettingsSerializer, responses={200: AccountsSecuritySettingsSerializer, **ERRORS})
    def put(self, request):
        serializer = AccountsSecuritySettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = security_settings_update(actor=request.user, wechat_scan_login=serializer.validated_data["wechat_scan_login"])
        return Response(AccountsSecuritySettingsSerializer(saved).data)
