"""A local server on 127.0.0.1 that speaks the WeChat official-account API's wire format.

Only what our adapter uses: cgi-bin/token and cgi-bin/stable_token, menu/create,
message/template/send (with the 45009 daily-quota answer), ticket/getticket, and the web
authorisation endpoints sns/oauth2/access_token and sns/userinfo. Every request is recorded.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, str]
    body: dict = field(default_factory=dict)


class FakeWeChat:
    def __init__(self, *, app_id: str, app_secret: str):
        self.app_id = app_id
        self.app_secret = app_secret
        self.requests: list[Recorded] = []
        self.valid_tokens: set[str] = set()
        self.token_delay = 0.0  # seconds the token endpoints take (to make races real)
        self.response_delay = 0.0  # seconds every other endpoint takes (timeouts)
        self.template_quota = 100_000
        # openid -> (errcode, errmsg) WeChat answers a template send with (e.g. 43004 not subscribed)
        self.refused_openids: dict[str, tuple[int, str]] = {}
        self.oauth_codes: dict[str, tuple[str, str]] = {}  # code -> (openid, scope)
        self.userinfo: dict[str, dict] = {}
        self.browser_openid = "o-browser"  # who "taps allow" on the fake authorisation page
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- control ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> FakeWeChat:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def calls(self, path: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def add_oauth_code(self, code: str, openid: str, scope: str = "snsapi_base", **userinfo) -> None:
        self.oauth_codes[code] = (openid, scope)
        if userinfo:
            self.userinfo[openid] = {"openid": openid, **userinfo}

    def revoke_tokens(self) -> None:
        self.valid_tokens.clear()

    # --- wire format ------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        with self._lock:
            self.requests.append(Recorded(method, parts.path, params, body))
        if parts.path == "/connect/oauth2/authorize":
            self._authorize_page(handler, params)
            return
        route = {
            "/cgi-bin/token": self._token,
            "/cgi-bin/stable_token": self._stable_token,
            "/cgi-bin/menu/create": self._menu_create,
            "/cgi-bin/message/template/send": self._template_send,
            "/cgi-bin/message/subscribe/bizsend": self._subscribe_send,
            "/cgi-bin/ticket/getticket": self._getticket,
            "/cgi-bin/qrcode/create": self._qrcode_create,
            "/sns/oauth2/access_token": self._oauth_access_token,
            "/sns/userinfo": self._userinfo,
        }.get(parts.path)
        if route is None:
            self._reply(handler, {"errcode": 404, "errmsg": "not found"}, status=404)
            return
        if parts.path not in ("/cgi-bin/token", "/cgi-bin/stable_token") and self.response_delay:
            time.sleep(self.response_delay)
        self._reply(handler, route(params, body))

    def _authorize_page(self, handler, params: dict) -> None:
        """open.weixin.qq.com's authorisation: WeChat sends the browser back with a one-time code."""
        code = f"CODE_{next(self._counter)}"
        self.add_oauth_code(code, self.browser_openid, params.get("scope", "snsapi_base"))
        separator = "&" if "?" in params["redirect_uri"] else "?"
        handler.send_response(302)
        handler.send_header("Location", f"{params['redirect_uri']}{separator}code={code}&state={params.get('state', '')}")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    @staticmethod
    def _reply(handler, payload: dict, status: int = 200) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; encoding=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _new_token(self) -> dict:
        time.sleep(self.token_delay)
        token = f"ACCESS_TOKEN_{next(self._counter)}"
        self.valid_tokens.add(token)
        return {"access_token": token, "expires_in": 7200}

    def _credentials_ok(self, appid: str, secret: str) -> bool:
        return appid == self.app_id and secret == self.app_secret

    def _token(self, params, body) -> dict:
        if not self._credentials_ok(params.get("appid", ""), params.get("secret", "")):
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        return self._new_token()

    def _stable_token(self, params, body) -> dict:
        if body.get("grant_type") != "client_credential" or not self._credentials_ok(body.get("appid", ""), body.get("secret", "")):
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        if not body.get("force_refresh") and self.valid_tokens:
            time.sleep(self.token_delay)
            return {"access_token": sorted(self.valid_tokens)[-1], "expires_in": 7000}
        return self._new_token()

    def _token_error(self, params) -> dict | None:
        if params.get("access_token") not in self.valid_tokens:
            return {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}
        return None

    def _menu_create(self, params, body) -> dict:
        if error := self._token_error(params):
            return error
        buttons = body.get("button", [])
        if not 1 <= len(buttons) <= 3 or any(len(b.get("sub_button", [])) > 5 for b in buttons):
            return {"errcode": 40017, "errmsg": "invalid button size"}
        return {"errcode": 0, "errmsg": "ok"}

    def _template_send(self, params, body) -> dict:
        if error := self._token_error(params):
            return error
        with self._lock:
            if self.template_quota <= 0:
                return {"errcode": 45009, "errmsg": "reach max api daily quota limit"}
            self.template_quota -= 1
        if not body.get("touser") or not body.get("template_id"):
            return {"errcode": 40003, "errmsg": "invalid openid"}
        if body["touser"] in self.refused_openids:
            errcode, errmsg = self.refused_openids[body["touser"]]
            return {"errcode": errcode, "errmsg": errmsg}
        return {"errcode": 0, "errmsg": "ok", "msgid": 200000 + next(self._counter)}

    def _subscribe_send(self, params, body) -> dict:
        if error := self._token_error(params):
            return error
        if not body.get("touser") or not body.get("template_id") or not isinstance(body.get("data"), dict):
            return {"errcode": 47003, "errmsg": "argument invalid!"}
        if any(not isinstance(v, dict) or "value" not in v for v in body["data"].values()):
            return {"errcode": 47003, "errmsg": "argument invalid! data.value empty"}
        return {"errcode": 0, "errmsg": "ok", "msgid": 300000 + next(self._counter)}

    def _getticket(self, params, body) -> dict:
        if error := self._token_error(params):
            return error
        return {"errcode": 0, "errmsg": "ok", "ticket": f"JSAPI_TICKET_{next(self._counter)}", "expires_in": 7200}

    def _qrcode_create(self, params, body) -> dict:
        """Temporary parametric QR (生成带参数的二维码): QR_STR_SCENE with a scene_str of 1-64
        characters, expire_seconds at most 2592000 (30 days)."""
        if error := self._token_error(params):
            return error
        scene = ((body.get("action_info") or {}).get("scene") or {})
        expire = int(body.get("expire_seconds") or 60)
        if body.get("action_name") not in ("QR_SCENE", "QR_STR_SCENE") or not (1 <= len(str(scene.get("scene_str") or scene.get("scene_id") or "")) <= 64) or not 60 <= expire <= 2592000:
            return {"errcode": 40013, "errmsg": "invalid qrcode parameter"}
        number = next(self._counter)
        return {"ticket": f"gQH47joAAAAAAAAAAS5odHRwOi8vd2VpeGluLnFxLmNvbS9xL{number}==", "expire_seconds": expire,
                "url": f"http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI{number}"}

    def _oauth_access_token(self, params, body) -> dict:
        if not self._credentials_ok(params.get("appid", ""), params.get("secret", "")) or params.get("grant_type") != "authorization_code":
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        found = self.oauth_codes.pop(params.get("code", ""), None)  # a code works once
        if found is None:
            return {"errcode": 40029, "errmsg": "invalid code"}
        openid, scope = found
        return {"access_token": f"OAUTH_{openid}", "expires_in": 7200, "refresh_token": "REFRESH", "openid": openid, "scope": scope}

    def _userinfo(self, params, body) -> dict:
        openid = params.get("openid", "")
        if params.get("access_token") != f"OAUTH_{openid}":
            return {"errcode": 40001, "errmsg": "invalid credential"}
        return self.userinfo.get(openid, {"openid": openid, "nickname": "", "headimgurl": ""})
