"""A local WeChat Pay API v3 server for tests (there is no v3 sandbox): it checks our request
signatures with the merchant's public key, signs its answers with its own RSA key (public-key
mode or a self-signed platform certificate), encrypts notification resources with AES-256-GCM
under the APIv3 key, redelivers notifications until answered 2xx, and can send a forged one.

Partner mode (服务商模式): the service provider (MCHID/APPID as sp_mchid/sp_appid) signs the
calls, the order belongs to SUB_MCHID (optionally with SUB_APPID). The partner endpoints
(`/v3/pay/partner/transactions/jsapi`, `/v3/pay/partner/transactions/out-trade-no/{no}?sp_mchid=&sub_mchid=`,
refunds with `sub_mchid`) check those ids and answer in the partner shapes."""

from __future__ import annotations

import base64
import datetime
import gzip
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

APIV3_KEY = "0123456789abcdef0123456789abcdef"
MCHID, APPID = "1900000109", "wx8888888888888888"
PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092026120600000000000001"
SUB_MCHID, SUB_APPID = "1900000209", "wx7777777777777777"


def _pem_private(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def _pem_public(key) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _sign(key, message: str) -> str:
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def encrypt_resource(plain: dict, key: str = APIV3_KEY, associated_data: str = "transaction") -> dict:
    nonce = secrets.token_hex(6)  # 12 ASCII characters, as WeChat Pay sends
    ciphertext = AESGCM(key.encode()).encrypt(nonce.encode(), json.dumps(plain).encode(), associated_data.encode())
    return {"algorithm": "AEAD_AES_256_GCM", "ciphertext": base64.b64encode(ciphertext).decode(), "associated_data": associated_data, "nonce": nonce}


class Merchant:
    """The merchant's own key pair (what the tenant stores) — made once per test session."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = _pem_private(self.key)
        self.serial = secrets.token_hex(20).upper()


class FakeWeChatPay:
    def __init__(self, merchant: Merchant, *, mode: str = "public_key", partner: bool = False, sub_appid: bool = True) -> None:
        self.merchant, self.mode, self.partner, self.with_sub_appid = merchant, mode, partner, sub_appid
        self.platform_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA (fake)")])
        now = datetime.datetime.now(datetime.UTC)
        self.certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(self.platform_key.public_key())
                            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                            .not_valid_after(now + datetime.timedelta(days=365)).sign(self.platform_key, hashes.SHA256()))
        self.public_key_pem = _pem_public(self.platform_key)
        self.orders: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.unauthorized = 0
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # --- what the tenant configures ---------------------------------------------------------

    def merchant_settings(self) -> dict:
        data = {"appid": APPID, "mchid": MCHID, "cert_serial_no": self.merchant.serial, "private_key": self.merchant.private_pem, "apiv3_key": APIV3_KEY,
                "key_mode": self.mode, "public_key": "", "public_key_id": ""}
        if self.mode == "public_key":
            data.update(public_key=self.public_key_pem, public_key_id=PUBLIC_KEY_ID)
        if self.partner:
            data.update(pay_mode="partner", sub_mchid=SUB_MCHID, sub_appid=SUB_APPID if self.with_sub_appid else "")
        return data

    @property
    def serial_header(self) -> str:
        return PUBLIC_KEY_ID if self.mode == "public_key" else format(self.certificate.serial_number, "X")

    # --- server -----------------------------------------------------------------------------

    def start(self) -> FakeWeChatPay:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _authorized(self, method: str, path: str, body: str, header: str) -> bool:
        fields = dict(re.findall(r'(\w+)="([^"]*)"', header))
        if not header.startswith("WECHATPAY2-SHA256-RSA2048 ") or fields.get("mchid") != MCHID or fields.get("serial_no") != self.merchant.serial:
            return False
        if abs(time.time() - int(fields.get("timestamp", "0"))) > 300:
            return False
        message = f"{method}\n{path}\n{fields['timestamp']}\n{fields['nonce_str']}\n{body}\n".encode()
        try:
            self.merchant.key.public_key().verify(base64.b64decode(fields.get("signature", "")), message, padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        return True

    def _reply(self, handler, status: int, payload, *, content_type: str = "application/json") -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        if content_type == "application/json":
            timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
            handler.send_header("Wechatpay-Timestamp", timestamp)
            handler.send_header("Wechatpay-Nonce", nonce)
            handler.send_header("Wechatpay-Serial", self.serial_header)
            handler.send_header("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
            handler.send_header("Wechatpay-Signature", _sign(self.platform_key, f"{timestamp}\n{nonce}\n{body.decode()}\n"))
        handler.end_headers()
        handler.wfile.write(body)

    def _handle(self, handler, method: str) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0)).decode()
        path = handler.path
        self.requests.append((method, path))
        if not path.startswith("/v3/billdownload/") and not self._authorized(method, path, body, handler.headers.get("Authorization", "")):
            self.unauthorized += 1
            return self._reply(handler, 401, {"code": "SIGN_ERROR", "message": "签名错误"})
        data = json.loads(body) if body else {}
        parsed = urlparse(path)
        with self.lock:
            if method == "GET" and parsed.path == "/v3/certificates":
                pem = self.certificate.public_bytes(serialization.Encoding.PEM).decode()
                encrypted = AESGCM(APIV3_KEY.encode())
                nonce = secrets.token_hex(6)
                ciphertext = base64.b64encode(encrypted.encrypt(nonce.encode(), pem.encode(), b"certificate")).decode()
                return self._reply(handler, 200, {"data": [{"serial_no": self.serial_header, "effective_time": "2026-01-01T00:00:00+08:00",
                                                            "expire_time": "2030-01-01T00:00:00+08:00", "encrypt_certificate": {
                                                                "algorithm": "AEAD_AES_256_GCM", "nonce": nonce, "associated_data": "certificate",
                                                                "ciphertext": ciphertext}}]})
            if method == "POST" and parsed.path == "/v3/pay/transactions/jsapi":
                if data["mchid"] != MCHID or data["appid"] != APPID or not isinstance(data["amount"]["total"], int):
                    return self._reply(handler, 400, {"code": "PARAM_ERROR", "message": "参数错误"})
                existing = self.orders.get(data["out_trade_no"])
                if existing is None:
                    existing = self.orders[data["out_trade_no"]] = {**data, "trade_state": "NOTPAY", "prepay_id": "wx" + secrets.token_hex(14)}
                return self._reply(handler, 200, {"prepay_id": existing["prepay_id"]})
            if method == "POST" and parsed.path == "/v3/pay/partner/transactions/jsapi":
                payer = data.get("payer") or {}
                if (data.get("sp_mchid") != MCHID or data.get("sp_appid") != APPID or data.get("sub_mchid") != SUB_MCHID
                        or not isinstance(data["amount"]["total"], int) or data.get("sub_appid") not in (None, SUB_APPID)
                        or ("sub_openid" in payer) != ("sub_appid" in data) or not (payer.get("sub_openid") or payer.get("sp_openid"))):
                    return self._reply(handler, 400, {"code": "PARAM_ERROR", "message": "参数错误"})
                existing = self.orders.get(data["out_trade_no"])
                if existing is None:
                    existing = self.orders[data["out_trade_no"]] = {**data, "partner": True, "trade_state": "NOTPAY", "prepay_id": "wx" + secrets.token_hex(14)}
                return self._reply(handler, 200, {"prepay_id": existing["prepay_id"]})
            match = re.fullmatch(r"/v3/pay/(partner/)?transactions/out-trade-no/([^/]+)", parsed.path)
            if method == "GET" and match:
                order = self.orders.get(match.group(2))
                query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                partner_call = bool(match.group(1))
                if order is None or partner_call != bool(order.get("partner")):
                    return self._reply(handler, 404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"})
                if partner_call and (query.get("sp_mchid") != MCHID or query.get("sub_mchid") != order["sub_mchid"]):
                    return self._reply(handler, 400, {"code": "PARAM_ERROR", "message": "sp_mchid/sub_mchid 与订单不符"})
                return self._reply(handler, 200, self._transaction(order))
            if method == "POST" and parsed.path == "/v3/refund/domestic/refunds":
                refund = self.refunds.get(data["out_refund_no"])
                if refund is None:
                    order = self.orders.get(data.get("out_trade_no", ""))
                    if order is None or order["trade_state"] not in ("SUCCESS", "REFUND"):
                        return self._reply(handler, 400, {"code": "INVALID_REQUEST", "message": "订单未支付"})
                    if data.get("sub_mchid") != order.get("sub_mchid"):
                        return self._reply(handler, 400, {"code": "PARAM_ERROR", "message": "sub_mchid 与订单不符"})
                    refunded = sum(r["amount"]["refund"] for r in self.refunds.values() if r["out_trade_no"] == order["out_trade_no"])
                    if refunded + data["amount"]["refund"] > order["amount"]["total"]:
                        return self._reply(handler, 400, {"code": "NOT_ENOUGH", "message": "退款金额超过订单可退金额"})
                    refund = self.refunds[data["out_refund_no"]] = {"refund_id": "50" + secrets.token_hex(10), "out_refund_no": data["out_refund_no"],
                                                                    "out_trade_no": order["out_trade_no"], "transaction_id": order["transaction_id"],
                                                                    "status": "PROCESSING", "amount": {**data["amount"]},
                                                                    **({"sub_mchid": order["sub_mchid"]} if order.get("partner") else {})}
                    order["trade_state"] = "REFUND"
                return self._reply(handler, 200, refund)
            match = re.fullmatch(r"/v3/refund/domestic/refunds/([^/]+)", parsed.path)
            if method == "GET" and match:
                refund = self.refunds.get(match.group(1))
                if refund and refund.get("sub_mchid") != parse_qs(parsed.query).get("sub_mchid", [None])[0]:
                    return self._reply(handler, 404, {"code": "RESOURCE_NOT_EXISTS", "message": "退款单不存在"})
                return self._reply(handler, 200, refund) if refund else self._reply(handler, 404, {"code": "RESOURCE_NOT_EXISTS", "message": "退款单不存在"})
            if method == "GET" and parsed.path == "/v3/bill/tradebill":
                day = parse_qs(parsed.query)["bill_date"][0]
                return self._reply(handler, 200, {"hash_type": "SHA1", "hash_value": "x", "download_url": f"{self.url}/v3/billdownload/file?token={day}"})
            if method == "GET" and parsed.path == "/v3/billdownload/file":
                return self._reply(handler, 200, gzip.compress(self.bill().encode()), content_type="application/octet-stream")
        return self._reply(handler, 404, {"code": "NOT_FOUND", "message": "无此接口"})

    def _transaction(self, order: dict) -> dict:
        if order.get("partner"):
            return {"sp_appid": order["sp_appid"], "sp_mchid": order["sp_mchid"], "sub_mchid": order["sub_mchid"],
                    **({"sub_appid": order["sub_appid"]} if order.get("sub_appid") else {}), "out_trade_no": order["out_trade_no"],
                    "transaction_id": order.get("transaction_id", ""), "trade_type": "JSAPI", "trade_state": order["trade_state"], "payer": order["payer"],
                    "amount": {"total": order["amount"]["total"], "payer_total": order["amount"]["total"], "currency": "CNY", "payer_currency": "CNY"},
                    "success_time": order.get("success_time", "")}
        return {"appid": order["appid"], "mchid": order["mchid"], "out_trade_no": order["out_trade_no"], "transaction_id": order.get("transaction_id", ""),
                "trade_type": "JSAPI", "trade_state": order["trade_state"], "payer": order["payer"],
                "amount": {"total": order["amount"]["total"], "payer_total": order["amount"]["total"], "currency": "CNY", "payer_currency": "CNY"},
                "success_time": order.get("success_time", "")}

    # --- the payer and WeChat Pay's side ------------------------------------------------------

    def pay(self, out_trade_no: str) -> tuple[bytes, dict]:
        """The payer confirms in WeChat: the order succeeds and a notification is produced."""
        with self.lock:
            order = self.orders[out_trade_no]
            if order["trade_state"] == "NOTPAY":
                order.update(trade_state="SUCCESS", transaction_id="42" + secrets.token_hex(13), success_time=datetime.datetime.now().astimezone().isoformat())
            plain = self._transaction(order)
        return self.notification("TRANSACTION.SUCCESS", plain, original_type="transaction")

    def finish_refund(self, out_refund_no: str, status: str = "SUCCESS") -> tuple[bytes, dict]:
        with self.lock:
            refund = self.refunds[out_refund_no]
            refund["status"] = status
            if status == "SUCCESS":
                refund["success_time"] = datetime.datetime.now().astimezone().isoformat()
            plain = {**({"sp_mchid": MCHID, "sub_mchid": refund["sub_mchid"]} if refund.get("sub_mchid") else {"mchid": MCHID}), "out_trade_no": refund["out_trade_no"], "transaction_id": refund["transaction_id"], "out_refund_no": out_refund_no,
                     "refund_id": refund["refund_id"], "refund_status": status, "amount": {"total": refund["amount"]["total"], "refund": refund["amount"]["refund"]}}
        return self.notification(f"REFUND.{status}", plain, original_type="refund")

    def notification(self, event_type: str, plain: dict, *, original_type: str, bad_signature: bool = False, timestamp: int | None = None,
                     notification_id: str | None = None) -> tuple[bytes, dict]:
        body = json.dumps({"id": notification_id or secrets.token_hex(18), "create_time": datetime.datetime.now().astimezone().isoformat(),
                           "resource_type": "encrypt-resource", "event_type": event_type, "summary": "支付成功",
                           "resource": {**encrypt_resource(plain, associated_data=original_type), "original_type": original_type}}, ensure_ascii=False).encode()
        stamp, nonce = str(timestamp if timestamp is not None else int(time.time())), secrets.token_hex(16)
        signer = rsa.generate_private_key(public_exponent=65537, key_size=2048) if bad_signature else self.platform_key  # 签名探测流量
        headers = {"HTTP_WECHATPAY_TIMESTAMP": stamp, "HTTP_WECHATPAY_NONCE": nonce, "HTTP_WECHATPAY_SERIAL": self.serial_header,
                   "HTTP_WECHATPAY_SIGNATURE_TYPE": "WECHATPAY2-SHA256-RSA2048",
                   "HTTP_WECHATPAY_SIGNATURE": _sign(signer, f"{stamp}\n{nonce}\n{body.decode()}\n")}
        return body, headers

    @staticmethod
    def deliver(notification: tuple[bytes, dict], post, *, attempts: int = 15) -> list[int]:
        """Post until answered 2xx (WeChat Pay's schedule compressed to no wait); the statuses seen."""
        body, headers = notification
        statuses = []
        for _ in range(attempts):
            statuses.append(post(body, headers))
            if 200 <= statuses[-1] < 300:
                break
        return statuses

    @staticmethod
    def as_http_headers(headers: dict) -> dict:
        """META names to real header names (for posting over HTTP rather than the test client)."""
        return {"-".join(p.capitalize() for p in k[5:].split("_")).replace("Wechatpay", "Wechatpay"): v for k, v in headers.items()}

    def bill(self) -> str:
        rows = ["交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,"
                "微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"]
        for order in self.orders.values():
            if order.get("transaction_id"):
                amount = f"{order['amount']['total'] / 100:.2f}"
                rows.append(",".join(f"`{v}" for v in [order.get("success_time", ""), APPID, MCHID, order.get("sub_mchid", "0"), "", order["transaction_id"], order["out_trade_no"],
                                                       next(iter(order["payer"].values())), "JSAPI", "SUCCESS", "OTHERS", "CNY", amount, "0.00", "0", "0", "0.00", "0.00",
                                                       "", "", order["description"], "", "0.00", "0.60%", amount, "0.00", ""]))
        for refund in self.refunds.values():  # refund rows: 交易状态 REFUND, the refund in 退款金额, 应结订单金额 0
            order = self.orders[refund["out_trade_no"]]
            amount = f"{refund['amount']['refund'] / 100:.2f}"
            rows.append(",".join(f"`{v}" for v in [refund.get("success_time") or order.get("success_time", ""), APPID, MCHID, order.get("sub_mchid", "0"), "",
                                                   order["transaction_id"], order["out_trade_no"], next(iter(order["payer"].values())), "JSAPI", "REFUND", "OTHERS",
                                                   "CNY", "0.00", "0.00", refund["refund_id"], refund["out_refund_no"], amount, "0.00", "ORIGINAL", refund["status"],
                                                   order["description"], "", "0.00", "0.60%", f"{order['amount']['total'] / 100:.2f}", amount, ""]))
        rows.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
        rows.append("`0,`0.00,`0.00,`0.00,`0.00,`0.00,`0.00")
        return "\n".join(rows) + "\n"
