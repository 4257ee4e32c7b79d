"""API: the callback URL WeChat pushes to, the JS-SDK signature for H5 pages, and the official
account's settings (secrets write-only)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, error_responses
from core.errors import ApplicationError
from tenant_apps.wechat import selectors, services
from tenant_apps.wechat.enums import StudentBindingMode


@method_decorator(csrf_exempt, name="dispatch")
class CallbackView(View):
    """dangerously_unauthenticated by design: WeChat's servers call it; the signature made with
    the tenant's Token (or the AES message signature) is the authentication."""

    def _account(self):
        account = selectors.account_get()
        if account is None or not account.is_configured:
            raise Http404
        return account

    def get(self, request):
        try:
            echo = services.callback_verify_url(
                account=self._account(), signature=request.GET.get("signature", ""), timestamp=request.GET.get("timestamp", ""),
                nonce=request.GET.get("nonce", ""), echostr=request.GET.get("echostr", ""),
            )
        except ApplicationError as exc:
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
        return HttpResponse(echo, content_type="text/plain; charset=utf-8")

    def post(self, request):
        try:
            reply = services.callback_receive(account=self._account(), body=request.body, params=request.GET.dict())
        except ApplicationError as exc:
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
        content_type = "text/plain; charset=utf-8" if reply == "success" else "application/xml; charset=utf-8"
        return HttpResponse(reply, content_type=content_type)


class JssdkSignatureSerializer(serializers.Serializer):
    app_id = serializers.CharField()
    timestamp = serializers.IntegerField()
    nonce_str = serializers.CharField()
    signature = serializers.CharField()

    class Meta:
        ref_name = "WeChatJssdkSignature"


class JssdkSignatureView(TenantAPIMixin, APIView):
    """wx.config parameters for a page of this site (e.g. the QR-code scanner of a check-in page)."""

    permission_map = {"GET": ""}  # any signed-in user of the tenant

    @extend_schema(
        operation_id="wechat_jssdk_signature",
        summary="微信 JS-SDK 签名",
        parameters=[OpenApiParameter("url", str, required=True, description="当前页面完整地址（不含 # 之后的部分）")],
        responses={200: JssdkSignatureSerializer, **error_responses(400, 401, 404)},
        tags=["wechat"],
    )
    def get(self, request):
        account = selectors.account_get_configured()
        data = services.jssdk_signature(account=account, url=request.query_params.get("url", ""), host=request.get_host())
        return Response(JssdkSignatureSerializer(data).data)


# --- settings of the official account (P8, P19): what the 公众号设置 page edits -----------------

MANAGE_ACCOUNT = "wechat.change_wechataccount"


class WechatAccountSettingsSerializer(serializers.Serializer):
    """Secrets are write-only: reads give `*_hint` (已设置（尾号 xxxx）) and never the value;
    a blank or missing secret keeps the stored one."""

    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    app_id = serializers.CharField(max_length=32, help_text="AppID（wx 开头，18 位）")
    app_secret = serializers.CharField(max_length=64, required=False, allow_blank=True, write_only=True, default="",
                                       style={"input_type": "password"}, help_text="留空则保持不变")
    app_secret_hint = serializers.CharField(read_only=True)
    token = serializers.CharField(max_length=32, required=False, allow_blank=True, default="", help_text="3-32 位字母或数字；首次留空自动生成")
    aes_key = serializers.CharField(max_length=43, required=False, allow_blank=True, write_only=True, default="",
                                    style={"input_type": "password"}, help_text="EncodingAESKey，留空则保持不变")
    aes_key_hint = serializers.CharField(read_only=True)
    is_encrypted_mode = serializers.BooleanField(required=False, default=False)
    uses_userinfo_scope = serializers.BooleanField(required=False, default=False)
    student_binding_mode = serializers.ChoiceField(choices=StudentBindingMode.choices, required=False, default=StudentBindingMode.NUMBER_AND_NAME)
    student_h5_entries = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list)
    subscribe_reply = serializers.CharField(max_length=600, required=False, allow_blank=True, default="")
    callback_url = serializers.CharField(read_only=True)
    is_configured = serializers.BooleanField(read_only=True)
    followers = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    def validate_student_h5_entries(self, value):
        allowed = {key for key, _ in selectors.h5_entry_choices()}
        unknown = [key for key in value if key not in allowed]
        if unknown:
            raise serializers.ValidationError(f"未知的入口：{'、'.join(unknown)}")
        return value


def _account_settings(request) -> dict:
    account = selectors.account_get()
    data = {
        "name": "", "app_id": "", "app_secret_hint": "", "token": "", "aes_key_hint": "", "is_encrypted_mode": False,
        "uses_userinfo_scope": False, "student_binding_mode": StudentBindingMode.NUMBER_AND_NAME, "student_h5_entries": [],
        "subscribe_reply": "", "is_configured": False,
    }
    if account is not None:
        data.update(
            name=account.name, app_id=account.app_id, app_secret_hint=selectors.secret_hint(account.app_secret), token=account.token,
            aes_key_hint=selectors.secret_hint(account.aes_key), is_encrypted_mode=account.is_encrypted_mode,
            uses_userinfo_scope=account.uses_userinfo_scope, student_binding_mode=account.student_binding_mode,
            student_h5_entries=account.student_h5_entries or [], subscribe_reply=account.subscribe_reply, is_configured=account.is_configured,
        )
    data["callback_url"] = request.build_absolute_uri(reverse("api:wechat_callback"))
    data["followers"] = selectors.follower_counts()
    return data


class WechatAccountSettingsAPI(TenantAPIMixin, APIView):
    permission_map = {"GET": MANAGE_ACCOUNT, "PUT": MANAGE_ACCOUNT}
    serializer_class = WechatAccountSettingsSerializer

    @extend_schema(operation_id="wechat_account_settings_retrieve", tags=["微信"], summary="公众号设置（密钥只显示是否已设置）",
                   responses={200: WechatAccountSettingsSerializer, **error_responses(401, 403)})
    def get(self, request):
        return Response(WechatAccountSettingsSerializer(_account_settings(request)).data)

    @extend_schema(operation_id="wechat_account_settings_update", tags=["微信"], summary="保存公众号设置（密钥留空则保持不变）",
                   request=WechatAccountSettingsSerializer, responses={200: WechatAccountSettingsSerializer, **error_responses(400, 401, 403)})
    def put(self, request):
        serializer = WechatAccountSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.account_save(
            actor=request.user, name=data["name"], app_id=data["app_id"], app_secret=data["app_secret"], token=data["token"],
            aes_key=data["aes_key"], is_encrypted_mode=data["is_encrypted_mode"], uses_userinfo_scope=data["uses_userinfo_scope"],
            student_binding_mode=data["student_binding_mode"], student_h5_entries=data["student_h5_entries"],
            subscribe_reply=data["subscribe_reply"],
        )
        return Response(WechatAccountSettingsSerializer(_account_settings(request)).data)


class WechatBindingSerializer(serializers.Serializer):
    is_bound = serializers.BooleanField(help_text="当前账号是否已绑定微信（绑定须在后台“微信绑定”页扫码）")
    scan_login_mode = serializers.CharField(help_text="本单位后台微信扫码登录方式：off / second_factor / instead_of_password")


class WechatBindingAPI(TenantAPIMixin, APIView):
    """The signed-in user's own WeChat binding: whether it is bound, and unbinding it (binding
    itself needs a scan in a browser: 个人设置 → 微信绑定)."""

    permission_map = {"GET": "", "DELETE": ""}  # any signed-in user, about themselves
    serializer_class = WechatBindingSerializer

    def _data(self, request) -> dict:
        from tenant_apps.accounts.selectors import security_settings

        return {"is_bound": bool(request.user.wechat_openid), "scan_login_mode": security_settings().wechat_scan_login}

    @extend_schema(operation_id="wechat_binding_retrieve", tags=["微信"], summary="我的微信绑定状态",
                   responses={200: WechatBindingSerializer, **error_responses(401)})
    def get(self, request):
        return Response(WechatBindingSerializer(self._data(request)).data)

    @extend_schema(operation_id="wechat_binding_delete", tags=["微信"], summary="解除我的微信绑定", request=None,
                   responses={200: WechatBindingSerializer, **error_responses(401)})
    def delete(self, request):
        services.wechat_unbind(actor=request.user, user=request.user)
        return Response(WechatBindingSerializer(self._data(request)).data)
