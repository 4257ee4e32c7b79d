"""API: the callback URL WeChat pushes to, and the JS-SDK signature for H5 pages."""

from __future__ import annotations

from django.http import Http404, HttpResponse
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
