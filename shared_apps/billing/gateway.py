"""The one adapter to Stripe. Everything that talks to Stripe goes through here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import stripe
from django.conf import settings

from core.errors import ApplicationError


class BillingNotConfigured(ApplicationError):
    code = "billing_not_configured"
    status = 503


class BillingGatewayError(ApplicationError):
    """Stripe refused a call or could not be reached; nothing was changed on our side."""

    code = "billing_gateway_error"
    status = 502


def _refusal_message(exc: stripe.StripeError) -> str:
    detail = (exc.user_message or "").strip()
    if isinstance(exc, stripe.APIConnectionError):
        return "暂时无法连接在线支付平台（Stripe），请稍后重试。"
    if isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
        return "在线支付平台拒绝了平台的访问密钥，请联系平台技术人员检查 Stripe 配置。"
    if isinstance(exc, stripe.RateLimitError):
        return "在线支付平台繁忙，请稍后重试。"
    if isinstance(exc, stripe.CardError):
        return f"支付方式被拒绝（{detail or exc.code or '未说明原因'}），请更新支付方式后重试。"
    if isinstance(exc, stripe.InvalidRequestError):
        return f"在线支付平台拒绝了该请求（{detail or '未说明原因'}）。"
    return f"在线支付平台出错（{detail or type(exc).__name__}），请稍后重试。"


@contextmanager
def stripe_errors() -> Iterator[None]:
    """Turn any Stripe error into BillingGatewayError with a message a person can act on."""
    try:
        yield
    except stripe.StripeError as exc:
        raise BillingGatewayError(_refusal_message(exc)) from exc


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


@lru_cache(maxsize=4)
def _client(secret_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(secret_key, base_addresses={"api": api_base}, max_network_retries=2)


def client() -> stripe.StripeClient:
    if not is_configured():
        raise BillingNotConfigured("在线支付尚未配置，请选择试用或联系我们签订线下合同。")
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def customer_create(*, email: str, name: str, tenant_slug: str, idempotency_key: str) -> str:
    customer = client().v1.customers.create(
        params={"email": email, "name": name, "metadata": {"tenant": tenant_slug}},
        options={"idempotency_key": idempotency_key},
    )
    return customer.id


def checkout_session_create(*, price_id: str, customer_email: str, reference: str, success_url: str, cancel_url: str, trial_days: int = 0, idempotency_key: str) -> tuple[str, str]:
    params: dict = {
        "mode": "subscription",
        "line_items": [{"price": price_id, "quantity": 1}],
        "customer_email": customer_email,
        "client_reference_id": reference,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "metadata": {"signup": reference},
    }
    if trial_days:
        params["subscription_data"] = {"trial_period_days": trial_days}
    session = client().v1.checkout.sessions.create(params=params, options={"idempotency_key": idempotency_key})
    return session.id, session.url


def checkout_session_get(session_id: str) -> dict:
    return client().v1.checkout.sessions.retrieve(session_id).to_dict()


def subscription_get(subscription_id: str) -> dict:
    return client().v1.subscriptions.retrieve(subscription_id).to_dict()


def subscription_item_price_set(*, subscription_id: str, item_id: str, price_id: str) -> dict:
    """Swap the price of one subscription item (a plan change); Stripe prorates the difference
    onto the next invoice. Stripe's client adds its own idempotency key for its retries."""
    subscription = client().v1.subscriptions.update(
        subscription_id,
        params={"items": [{"id": item_id, "price": price_id}], "proration_behavior": "create_prorations"},
    )
    return subscription.to_dict()


def product_create(*, name: str, plan_code: str, idempotency_key: str) -> str:
    product = client().v1.products.create(params={"name": name, "metadata": {"plan": plan_code}}, options={"idempotency_key": idempotency_key})
    return product.id


def price_create(*, product_id: str, unit_amount: int, currency: str, interval: str, plan_code: str, idempotency_key: str) -> str:
    """A recurring price (amount in the currency's smallest unit: fen for CNY)."""
    price = client().v1.prices.create(
        params={
            "product": product_id, "unit_amount": unit_amount, "currency": currency,
            "recurring": {"interval": interval}, "metadata": {"plan": plan_code, "interval": interval},
        },
        options={"idempotency_key": idempotency_key},
    )
    return price.id


def price_get(price_id: str) -> dict:
    return client().v1.prices.retrieve(price_id).to_dict()


def portal_session_create(*, customer_id: str, return_url: str) -> str:
    session = client().v1.billing_portal.sessions.create(params={"customer": customer_id, "return_url": return_url})
    return session.url


def event_from_webhook(payload: bytes, signature: str) -> tuple[str, str, dict]:
    """Verify the signature on the raw body (raises stripe.SignatureVerificationError / ValueError).
    Returns (event id, type, the event's object as a plain dict)."""
    event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    return event.id, event.type, event.data.object.to_dict()
