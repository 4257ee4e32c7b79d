"""Aliyun SMS (dysmsapi SendSms), voice notification (dyvmsapi SingleCallByTts) and interactive
voice calls that collect a key press (dyvmsapi IvrCall, answered through the VoiceCallReport
receipt: a JSON array of {call_id, out_id, status_code, dtmf, status_time} pushed to our callback).

Both use Aliyun's RPC signature: sorted, RFC 3986 percent-encoded query parameters, signed
with HMAC-SHA1 keyed by `AccessKeySecret&`.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import uuid
from urllib.parse import quote

from tenant_apps.messaging.errors import ProviderError
from tenant_apps.messaging.netguard import provider_endpoint
from tenant_apps.messaging.providers.base import OutgoingItem, Provider, SendResult
from tenant_apps.messaging.providers.http import request_json

# Aliyun codes that mean "slow down / try later": nothing was sent.
TRANSIENT_CODES = {"isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "isp.SYSTEM_ERROR", "isv.DAY_LIMIT_CONTROL", "SignatureNonceUsed"}


def percent_encode(value: str) -> str:
    return quote(str(value), safe="~")


def rpc_string_to_sign(method: str, params: dict[str, str]) -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(params[k])}" for k in sorted(params))
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def rpc_signature(method: str, params: dict[str, str], secret: str) -> str:
    digest = hmac.new(f"{secret}&".encode(), rpc_string_to_sign(method, params).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_rpc_params(*, action: str, version: str, access_key_id: str, secret: str, params: dict[str, str], method: str = "POST") -> dict[str, str]:
    common = {
        "AccessKeyId": access_key_id,
        "Action": action,
        "Format": "JSON",
        "RegionId": "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": version,
    }
    all_params = {**common, **{k: str(v) for k, v in params.items() if v not in (None, "")}}
    all_params["Signature"] = rpc_signature(method, all_params, secret)
    return all_params


class _AliyunRpcProvider(Provider):
    default_endpoint = ""
    version = ""

    def _call(self, action: str, params: dict[str, str]) -> dict:
        key_id = self.secrets.get("access_key_id", "")
        secret = self.secrets.get("access_key_secret", "")
        if not key_id or not secret:
            raise ProviderError("未配置 AccessKey", code="not_configured")
        endpoint = provider_endpoint(self.name, self.options)
        signed = signed_rpc_params(action=action, version=self.version, access_key_id=key_id, secret=secret, params=params)
        data = request_json("POST", endpoint, data=signed)
        code = data.get("Code", "")
        if code != "OK":
            message = data.get("Message", "") or code
            raise ProviderError(f"{code}: {message}", code=code, transient=code in TRANSIENT_CODES)
        return data


class AliyunSmsProvider(_AliyunRpcProvider):
    """Options: endpoint, sign_name, template_code (default template with a ${content}
    variable), code_template_code (verification codes, ${code}), rate_per_second.
    Secrets: access_key_id, access_key_secret. SendSms has no idempotency key."""

    name = "aliyun_sms"
    channel = "sms"
    default_endpoint = "https://dysmsapi.aliyuncs.com/"
    version = "2017-05-25"
    rate_per_second = 50

    def send(self, item: OutgoingItem) -> SendResult:
        template_code = item.template_code or self.options.get("template_code", "")
        params = item.template_params or {"content": item.body}
        data = self._call(
            "SendSms",
            {
                "PhoneNumbers": item.to,
                "SignName": self.options.get("sign_name", ""),
                "TemplateCode": template_code,
                "TemplateParam": json.dumps(params, ensure_ascii=False),
                "OutId": item.out_id,
            },
        )
        return SendResult(provider_message_id=data.get("BizId", ""))


class AliyunVoiceProvider(_AliyunRpcProvider):
    """Voice calls by text-to-speech. A call that expects a key press (`item.voice_keys`) is an
    interactive call (IvrCall): the invitation plays (StartCode with ${content}), each key plays its
    own prompt (MenuKeyMap; the repeat key plays the invitation again), and the key pressed comes
    back on the VoiceCallReport receipt. A call without keys is a notification (SingleCallByTts),
    which collects nothing.

    Options: endpoint, called_show_number, tts_code (notification template, ${content}),
    ivr_start_code (invitation template, ${content}; default tts_code), ivr_key_codes
    ({"1": "TTS_…", "2": "TTS_…"}: the prompt after each answer key), ivr_bye_code, ivr_timeout_ms
    (wait for a key, default 10000), ivr_play_times (1-3, default 2), ivr_repeat_key (default "3").
    Secrets: access_key_id, access_key_secret, callback_token."""

    name = "aliyun_vms"
    channel = "voice"
    default_endpoint = "https://dyvmsapi.aliyuncs.com/"
    version = "2017-05-25"
    rate_per_second = 10

    def send(self, item: OutgoingItem) -> SendResult:
        if item.voice_keys:
            return self.send_interactive(item)
        data = self._call(
            "SingleCallByTts",
            {
                "CalledNumber": item.to,
                "CalledShowNumber": self.options.get("called_show_number", ""),
                "TtsCode": item.template_code or self.options.get("tts_code", ""),
                "TtsParam": json.dumps(item.template_params or {"content": item.body}, ensure_ascii=False),
                "PlayTimes": "2",
                "OutId": item.out_id,
            },
        )
        return SendResult(provider_message_id=data.get("CallId", ""))

    def ivr_params(self, item: OutgoingItem) -> dict[str, str]:
        """IvrCall's request parameters (RPC form: the MenuKeyMap list as MenuKeyMap.N.Key/Code/TtsParams)."""
        start_code = self.options.get("ivr_start_code") or item.template_code or self.options.get("tts_code", "")
        if not start_code:
            raise ProviderError("未配置语音交互模板（ivr_start_code）", code="not_configured")
        start_params = json.dumps(item.template_params or {"content": item.body}, ensure_ascii=False)
        key_codes = self.options.get("ivr_key_codes") or {}
        repeat_key = str(self.options.get("ivr_repeat_key") or "3")
        params = {
            "CalledNumber": item.to,
            "CalledShowNumber": self.options.get("called_show_number", ""),
            "StartCode": start_code,
            "StartTtsParams": start_params,
            "ByeCode": self.options.get("ivr_bye_code", ""),
            "Timeout": str(int(self.options.get("ivr_timeout_ms") or 10000)),
            "PlayTimes": str(min(3, max(1, int(self.options.get("ivr_play_times") or 2)))),
            "OutId": item.out_id,
        }
        for number, key in enumerate(item.voice_keys, start=1):
            if key == repeat_key:  # replay the invitation
                code, tts_params = start_code, start_params
            else:
                code, tts_params = key_codes.get(key) or start_code, "" if key_codes.get(key) else start_params
            params[f"MenuKeyMap.{number}.Key"] = key
            params[f"MenuKeyMap.{number}.Code"] = code
            if tts_params:
                params[f"MenuKeyMap.{number}.TtsParams"] = tts_params
        return params

    def send_interactive(self, item: OutgoingItem) -> SendResult:
        data = self._call("IvrCall", self.ivr_params(item))
        return SendResult(provider_message_id=data.get("CallId", ""))
