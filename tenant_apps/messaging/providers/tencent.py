"""Tencent Cloud SMS (API 3.0 SendSms, TC3-HMAC-SHA256 signature, JSON POST)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import time
from urllib.parse import urlparse

from tenant_apps.messaging.errors import ProviderError
from tenant_apps.messaging.netguard import provider_endpoint
from tenant_apps.messaging.providers.base import OutgoingItem, Provider, SendResult
from tenant_apps.messaging.providers.http import request_json

TRANSIENT_CODES = {"RequestLimitExceeded", "InternalError", "FailedOperation.FailResolvePacket", "LimitExceeded.PhoneNumberThirtySecondLimit"}


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def tc3_authorization(*, secret_id: str, secret_key: str, service: str, host: str, payload: str, timestamp: int, content_type: str = "application/json; charset=utf-8") -> str:
    date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
    canonical_headers = f"content-type:{content_type}\nhost:{host}\n"
    signed_headers = "content-type;host"
    canonical_request = "\n".join(["POST", "/", "", canonical_headers, signed_headers, hashlib.sha256(payload.encode()).hexdigest()])
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders={signed_headers}, Signature={signature}"


class TencentSmsProvider(Provider):
    """Options: endpoint, sdk_app_id, sign_name, template_id, code_template_id, region.
    Secrets: secret_id, secret_key. Template parameters are positional."""

    name = "tencent_sms"
    channel = "sms"
    rate_per_second = 50

    def send(self, item: OutgoingItem) -> SendResult:
        secret_id = self.secrets.get("secret_id", "")
        secret_key = self.secrets.get("secret_key", "")
        if not secret_id or not secret_key:
            raise ProviderError("未配置 SecretId/SecretKey", code="not_configured")
        endpoint = provider_endpoint(self.name, self.options)
        host = urlparse(endpoint).netloc
        phone = item.to if item.to.startswith("+") else f"+86{item.to}"
        params = list((item.template_params or {"content": item.body}).values())
        payload = json.dumps(
            {
                "PhoneNumberSet": [phone],
                "SmsSdkAppId": self.options.get("sdk_app_id", ""),
                "SignName": self.options.get("sign_name", ""),
                "TemplateId": item.template_code or self.options.get("template_id", ""),
                "TemplateParamSet": [str(p) for p in params],
                "SessionContext": item.out_id,
            },
            ensure_ascii=False,
        )
        timestamp = int(time.time())
        content_type = "application/json; charset=utf-8"
        headers = {
            "Authorization": tc3_authorization(secret_id=secret_id, secret_key=secret_key, service="sms", host=host, payload=payload, timestamp=timestamp, content_type=content_type),
            "Content-Type": content_type,
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": "2021-01-11",
            "X-TC-Region": self.options.get("region", "ap-guangzhou"),
        }
        data = request_json("POST", endpoint, data=payload.encode(), headers=headers).get("Response", {})
        if "Error" in data:
            code = data["Error"].get("Code", "")
            raise ProviderError(f"{code}: {data['Error'].get('Message', '')}", code=code, transient=code in TRANSIENT_CODES)
        status = (data.get("SendStatusSet") or [{}])[0]
        if status.get("Code") != "Ok":
            code = status.get("Code", "")
            raise ProviderError(f"{code}: {status.get('Message', '')}", code=code, transient=code in TRANSIENT_CODES)
        return SendResult(provider_message_id=status.get("SerialNo", ""))
