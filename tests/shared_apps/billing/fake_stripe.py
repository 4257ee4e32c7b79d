"""A local HTTP server that answers the Stripe API calls our gateway makes, in Stripe's wire
format (form-encoded requests, JSON objects), plus a /pay page that plays the hosted Checkout."""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse

import stripe

WEBHOOK_SECRET = "whsec_test_secret"


class FakeStripe:
    def __init__(self) -> None:
        self.customers: dict[str, dict] = {}
        self.sessions: dict[str, dict] = {}
        self.subscriptions: dict[str, dict] = {}
        self.products: dict[str, dict] = {}
        self.prices: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict]] = []
        self.idempotency: dict[str, dict] = {}
        # (method, path prefix) -> (status, error body): the next matching call is refused.
        self.refusals: dict[tuple[str, str], tuple[int, dict]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                fake.handle(self, "GET")

            def do_POST(self):
                fake.handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- behaviour -------------------------------------------------------------------------
    def handle(self, handler, method):
        parsed = urlparse(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        params = dict(parse_qsl(handler.rfile.read(length).decode())) if length else dict(parse_qsl(parsed.query))
        self.requests.append((method, parsed.path, params))
        if not handler.headers.get("Authorization", "").startswith("Bearer sk_test_") and not parsed.path.startswith("/pay/"):
            return handler._send(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})
        key = handler.headers.get("Idempotency-Key")
        if method == "POST" and key and key in self.idempotency:
            return handler._send(200, self.idempotency[key])
        refusal = next((key for key in self.refusals if key[0] == method and parsed.path.startswith(key[1])), None)
        if refusal is not None:
            return handler._send(*self.refusals.pop(refusal))
        status, body = self.route(method, parsed.path, params)
        if parsed.path.startswith("/pay/") and status == 302:
            handler.send_response(302)
            handler.send_header("Location", body)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if method == "POST" and key and status == 200:
            self.idempotency[key] = body
        return handler._send(status, body)

    def route(self, method, path, params):
        if method == "POST" and path == "/v1/customers":
            customer = {"id": f"cus_{secrets.token_hex(6)}", "object": "customer", "email": params.get("email"), "name": params.get("name")}
            self.customers[customer["id"]] = customer
            return 200, customer
        if method == "POST" and path == "/v1/checkout/sessions":
            session_id = f"cs_test_{secrets.token_hex(8)}"
            session = {
                "id": session_id, "object": "checkout.session", "mode": "subscription", "status": "open", "payment_status": "unpaid",
                "client_reference_id": params.get("client_reference_id"), "customer_email": params.get("customer_email"),
                "success_url": params.get("success_url"), "cancel_url": params.get("cancel_url"),
                "url": f"{self.base}/pay/{session_id}", "customer": None, "subscription": None,
                "metadata": {"signup": params.get("metadata[signup]")}, "price": params.get("line_items[0][price]"),
            }
            self.sessions[session_id] = session
            return 200, session
        if method == "GET" and path.startswith("/v1/checkout/sessions/"):
            session = self.sessions.get(path.rsplit("/", 1)[1])
            return (200, session) if session else (404, {"error": {"type": "invalid_request_error", "message": "No such checkout.session"}})
        if method == "GET" and path.startswith("/v1/subscriptions/"):
            sub = self.subscriptions.get(path.rsplit("/", 1)[1])
            return (200, sub) if sub else (404, {"error": {"type": "invalid_request_error", "message": "No such subscription"}})
        if method == "POST" and path.startswith("/v1/subscriptions/"):
            return self.subscription_update(path.rsplit("/", 1)[1], params)
        if method == "POST" and path == "/v1/products":
            product = {"id": f"prod_{secrets.token_hex(6)}", "object": "product", "name": params.get("name"), "active": True, "metadata": {"plan": params.get("metadata[plan]")}}
            self.products[product["id"]] = product
            return 200, product
        if method == "POST" and path == "/v1/prices":
            if params.get("product") not in self.products:
                return 400, {"error": {"type": "invalid_request_error", "message": f"No such product: '{params.get('product')}'", "param": "product"}}
            price = self.price_add(
                product=params["product"], unit_amount=int(params.get("unit_amount") or 0), currency=params.get("currency", ""),
                interval=params.get("recurring[interval]", ""),
            )
            return 200, price
        if method == "GET" and path.startswith("/v1/prices/"):
            price = self.prices.get(path.rsplit("/", 1)[1])
            return (200, price) if price else (404, {"error": {"type": "invalid_request_error", "message": "No such price", "param": "price"}})
        if method == "POST" and path == "/v1/billing_portal/sessions":
            return 200, {"id": f"bps_{secrets.token_hex(6)}", "object": "billing_portal.session", "url": f"{self.base}/portal/{params.get('customer')}"}
        if method == "GET" and path.startswith("/pay/"):
            session = self.complete_checkout(path.rsplit("/", 1)[1])
            return 302, session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({method} {path})"}}

    def complete_checkout(self, session_id: str) -> dict:
        """What Stripe does when the customer pays: a customer, an active subscription, a complete session."""
        session = self.sessions[session_id]
        if session["status"] != "complete":
            customer = {"id": f"cus_{secrets.token_hex(6)}", "object": "customer", "email": session["customer_email"]}
            self.customers[customer["id"]] = customer
            sub = self.subscription_create(customer["id"], status="active", price=session.get("price") or "")
            session.update(status="complete", payment_status="paid", customer=customer["id"], subscription=sub["id"])
        return session

    def subscription_create(self, customer_id: str, *, status: str = "active", price: str = "", interval: str = "month") -> dict:
        """A subscription with one item, as Stripe returns it (items is a list object)."""
        now = int(time.time())
        sub_id = f"sub_{secrets.token_hex(6)}"
        sub = {
            "id": sub_id, "object": "subscription", "customer": customer_id, "status": status,
            "cancel_at_period_end": False, "current_period_end": now + 30 * 86400,
            "items": {"object": "list", "has_more": False, "url": f"/v1/subscription_items?subscription={sub_id}", "data": [{
                "id": f"si_{secrets.token_hex(6)}", "object": "subscription_item", "subscription": sub_id, "quantity": 1,
                "current_period_end": now + 30 * 86400, "price": self._price(price or f"price_{secrets.token_hex(4)}", interval),
            }]},
        }
        self.subscriptions[sub["id"]] = sub
        return sub

    @staticmethod
    def _price(price_id: str, interval: str) -> dict:
        return {"id": price_id, "object": "price", "type": "recurring", "recurring": {"interval": interval, "interval_count": 1}}

    def subscription_update(self, sub_id: str, params: dict) -> tuple[int, dict]:
        """POST /v1/subscriptions/{id}: items[0][id] + items[0][price] swap the item's price (the
        interval stays); proration_behavior is recorded, as Stripe would bill it."""
        sub = self.subscriptions.get(sub_id)
        if sub is None:
            return 404, {"error": {"type": "invalid_request_error", "message": f"No such subscription: '{sub_id}'", "param": "id"}}
        if sub["status"] in ("canceled", "incomplete_expired"):
            return 400, {"error": {"type": "invalid_request_error", "message": "A canceled subscription can only update its cancellation_details and metadata."}}
        if "items[0][price]" in params:
            item = next((i for i in sub["items"]["data"] if i["id"] == params.get("items[0][id]")), None)
            if item is None:
                return 400, {"error": {"type": "invalid_request_error", "message": "Invalid subscription item", "param": "items[0][id]"}}
            item["price"] = self._price(params["items[0][price]"], item["price"]["recurring"]["interval"])
        if "proration_behavior" in params:
            sub["proration_behavior"] = params["proration_behavior"]
        return 200, sub

    def price_add(self, *, product: str, unit_amount: int, currency: str, interval: str, active: bool = True, price_id: str = "") -> dict:
        """A recurring price as Stripe stores it (also for tests that need one made beforehand)."""
        price = {
            "id": price_id or f"price_{secrets.token_hex(6)}", "object": "price", "active": active, "product": product,
            "unit_amount": unit_amount, "currency": currency, "type": "recurring",
            "recurring": {"interval": interval, "interval_count": 1},
        }
        self.prices[price["id"]] = price
        return price

    def price_of(self, sub_id: str) -> str:
        return self.subscriptions[sub_id]["items"]["data"][0]["price"]["id"]

    def refuse_next(self, method: str, path_prefix: str, *, status: int = 400, error_type: str = "invalid_request_error", message: str = "refused", code: str = "") -> None:
        """Make Stripe answer the next matching call with an error, in its error format."""
        error = {"type": error_type, "message": message}
        if code:
            error["code"] = code
        self.refusals[(method, path_prefix)] = (status, {"error": error})

    def set_subscription_status(self, sub_id: str, status: str) -> dict:
        self.subscriptions[sub_id]["status"] = status
        return self.subscriptions[sub_id]


def signed_event(event_type: str, obj: dict, *, secret: str, event_id: str | None = None) -> tuple[bytes, str]:
    """A webhook body and Stripe-Signature header made with Stripe's own scheme."""
    event = {"id": event_id or f"evt_{secrets.token_hex(8)}", "object": "event", "type": event_type, "created": int(time.time()), "data": {"object": obj}, "api_version": "2024-06-20"}
    payload = json.dumps(event)
    timestamp = int(time.time())
    signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{payload}", secret)
    return payload.encode(), f"t={timestamp},v1={signature}"
