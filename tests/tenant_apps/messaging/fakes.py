"""Local stand-ins for outside providers, speaking their wire formats on 127.0.0.1.

`FakeHTTPProvider` is generic: give it a handler `(FakeRequest) -> (status, json_body)`;
it records every request, can add latency, and can hold requests after the N-th one (to kill
a worker while a call is in flight). Ready-made handlers: Aliyun SMS / voice (RPC signature
checked), Tencent SMS (TC3-HMAC-SHA256 checked). `FakeSMTPServer` is a real SMTP server
(aiosmtpd). Other apps' tests may reuse them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlparse


@dataclass
class FakeRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)  # query + form fields
    json: object = None
    received_at: float = 0.0


Handler = Callable[[FakeRequest], tuple[int, dict]]


class FakeHTTPProvider:
    def __init__(self, handler: Handler, *, delay: float = 0.0, hold_after: int | None = None) -> None:
        self.handler = handler
        self.delay = delay
        self.hold_after = hold_after
        self.requests: list[FakeRequest] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parsed = urlparse(self.path)
                params = dict(parse_qsl(parsed.query, keep_blank_values=True))
                content_type = self.headers.get("Content-Type", "")
                payload = None
                if "x-www-form-urlencoded" in content_type:
                    params.update(dict(parse_qsl(body.decode(), keep_blank_values=True)))
                elif "json" in content_type and body:
                    payload = json.loads(body)
                request = FakeRequest(self.command, parsed.path, {k.lower(): v for k, v in self.headers.items()}, body, params, payload, time.time())
                with fake._lock:
                    fake.requests.append(request)
                    number = len(fake.requests)
                if fake.hold_after is not None and number > fake.hold_after:
                    fake.release.wait(60)
                if fake.delay:
                    time.sleep(fake.delay)
                status, data = fake.handler(request)
                out = json.dumps(data, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> FakeHTTPProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def count_by(self, key: Callable[[FakeRequest], str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for request in list(self.requests):
            value = key(request)
            counts[value] = counts.get(value, 0) + 1
        return counts


# --- Aliyun RPC (SMS and voice) --------------------------------------------------------------


def _aliyun_encode(value: str) -> str:
    # Aliyun's POP encoding: RFC 3986 unreserved kept, space as %20, '*' as %2A, '~' kept.
    return quote(value, safe="-_.~")


def aliyun_expected_signature(method: str, params: dict[str, str], secret: str) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    query = "&".join(f"{_aliyun_encode(k)}={_aliyun_encode(v)}" for k, v in pairs)
    to_sign = f"{method}&%2F&{_aliyun_encode(query)}"
    return base64.b64encode(hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


def aliyun_handler(*, access_key_id: str, secret: str, action: str, id_field: str, fail_phones: dict[str, str] | None = None) -> Handler:
    """Checks the RPC signature like Aliyun does; answers {"Code": "OK", <id_field>: ...}."""
    counter = iter(range(1, 10**9))

    def handle(request: FakeRequest) -> tuple[int, dict]:
        params = request.params
        if params.get("AccessKeyId") != access_key_id:
            return 404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."}
        if params.get("Signature") != aliyun_expected_signature(request.method, params, secret):
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calculation."}
        if params.get("Action") != action:
            return 400, {"Code": "InvalidAction.NotFound", "Message": "Specified api is not found."}
        phone = params.get("PhoneNumbers") or params.get("CalledNumber", "")
        if fail_phones and phone in fail_phones:
            return 200, {"Code": fail_phones[phone], "Message": "failed", "RequestId": "r"}
        return 200, {"Code": "OK", "Message": "OK", "RequestId": f"req-{next(counter)}", id_field: f"{action}-{next(counter)}"}

    return handle


def aliyun_ivr_handler(*, access_key_id: str, secret: str) -> Handler:
    """IvrCall as Aliyun checks it: the RPC signature, the required parameters, and a MenuKeyMap
    in its RPC list form (MenuKeyMap.N.Key / .Code / .TtsParams, keys one character, no repeats).
    Answers {"Code": "OK", "CallId": "<n>^<m>"}; `handle.calls` maps call id -> the parameters."""
    counter = iter(range(1, 10**9))
    calls: dict[str, dict[str, str]] = {}

    def handle(request: FakeRequest) -> tuple[int, dict]:
        params = request.params
        if params.get("AccessKeyId") != access_key_id:
            return 404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."}
        if params.get("Signature") != aliyun_expected_signature(request.method, params, secret):
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calculation."}
        if params.get("Action") != "IvrCall":
            return 400, {"Code": "InvalidAction.NotFound", "Message": "Specified api is not found."}
        for required in ("CalledNumber", "CalledShowNumber", "StartCode"):
            if not params.get(required):
                return 400, {"Code": "MissingParameter", "Message": f"{required} is mandatory for this action."}
        keys = []
        number = 1
        while f"MenuKeyMap.{number}.Key" in params:
            key, code = params[f"MenuKeyMap.{number}.Key"], params.get(f"MenuKeyMap.{number}.Code", "")
            if len(key) != 1 or not code or key in keys:
                return 400, {"Code": "isv.INVALID_PARAMETERS", "Message": f"MenuKeyMap.{number} is invalid"}
            tts = params.get(f"MenuKeyMap.{number}.TtsParams")
            if tts is not None:
                json.loads(tts)
            keys.append(key)
            number += 1
        if not keys:
            return 400, {"Code": "MissingParameter", "Message": "MenuKeyMap is mandatory for this action."}
        if params.get("StartTtsParams"):
            json.loads(params["StartTtsParams"])
        if not 1 <= int(params.get("PlayTimes") or 1) <= 3:
            return 400, {"Code": "isv.INVALID_PARAMETERS", "Message": "PlayTimes is invalid"}
        call_id = f"{116000000 + next(counter)}^{100000000 + next(counter)}"
        calls[call_id] = dict(params)
        return 200, {"Code": "OK", "Message": "OK", "RequestId": f"req-{next(counter)}", "CallId": call_id}

    handle.calls = calls  # type: ignore[attr-defined]
    return handle


def voice_call_report(*, call_id: str, out_id: str, dtmf: str = "", status_code: str = "300000") -> list[dict]:
    """The body Aliyun pushes to the VoiceCallReport callback (a JSON array)."""
    return [{"status_code": status_code, "smart_status_code": "ANSWERED" if status_code == "300000" else "", "dtmf": dtmf,
             "status_time": time.strftime("%Y-%m-%d %H:%M:%S"), "out_id": out_id, "call_id": call_id}]


def aliyun_phone(request: FakeRequest) -> str:
    return request.params.get("PhoneNumbers") or request.params.get("CalledNumber", "")


# --- Tencent Cloud TC3 --------------------------------------------------------------------------


def tencent_handler(*, secret_id: str, secret_key: str) -> Handler:
    def handle(request: FakeRequest) -> tuple[int, dict]:
        authorization = request.headers.get("authorization", "")
        timestamp = int(request.headers.get("x-tc-timestamp", "0"))
        date = time.strftime("%Y-%m-%d", time.gmtime(timestamp))
        content_type = request.headers.get("content-type", "")
        host = request.headers.get("host", "")
        canonical = f"POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n{hashlib.sha256(request.body).hexdigest()}"
        scope = f"{date}/sms/tc3_request"
        to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        key = ("TC3" + secret_key).encode()
        for part in (date, "sms", "tc3_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        wanted = f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={expected}"
        if authorization != wanted or request.headers.get("x-tc-action") != "SendSms":
            return 200, {"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "signature mismatch"}, "RequestId": "r"}}
        body = request.json or {}
        statuses = [
            {"SerialNo": f"serial-{i}", "PhoneNumber": phone, "Fee": 1, "SessionContext": body.get("SessionContext", ""), "Code": "Ok", "Message": "send success", "IsoCode": "CN"}
            for i, phone in enumerate(body.get("PhoneNumberSet", []))
        ]
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": "req"}}

    return handle


# --- SMTP ----------------------------------------------------------------------------------


class FakeSMTPServer:
    """A real SMTP server (aiosmtpd) that keeps the envelopes it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list = []
        server = self

        class _Handler:
            async def handle_DATA(self, smtp, session, envelope):
                server.messages.append(envelope)
                return "250 Message accepted for delivery"

        import socket

        with socket.socket() as probe:  # aiosmtpd needs a fixed port: take a free one
            probe.bind(("127.0.0.1", 0))
            self._port = probe.getsockname()[1]
        self.controller = Controller(_Handler(), hostname="127.0.0.1", port=self._port)

    def start(self) -> FakeSMTPServer:
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return self._port

    def stop(self) -> None:
        self.controller.stop()
