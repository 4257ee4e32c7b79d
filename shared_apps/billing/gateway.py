"""The one adapter to Stripe. Everything that talks to Stripe goes through here."""

from __future__ import annotations

from functools import lru_cache

import stripe
from django.conf import settings

from core.errors import ApplicationError


class BillingNotConfigured(ApplicationError):
    code = "billing_not_configured"
    status = 503


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


def portal_session_create(*, customer_id: str, return_url: str) -> str:
    session = client().v1.billing_portal.sessions.create(params={"customer": customer_id, "return_url": return_url})
    return session.url


def event_from_webhook(payload: bytes, signature: str) -> tuple[str, str, dict]:
    """Verify the signature on the raw body (raises stripe.SignatureVerificationError / ValueError).
    Returns (event id, type, the event's object as a plain dict)."""
    event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    return event.id, event.type, event.data.object.to_dict()
