"""Stripe billing. With no secret key, paid plans are offered only as trials (development)."""

from config.settings.env import env

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Tests point this at a local server that speaks Stripe's API.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
# Days a past_due tenant keeps writing before it turns read-only.
BILLING_GRACE_DAYS = env.int("BILLING_GRACE_DAYS", default=14)
# Hours a sign-up keeps its sub-domain reserved while waiting for e-mail verification / payment.
SIGNUP_RESERVATION_HOURS = env.int("SIGNUP_RESERVATION_HOURS", default=24)
