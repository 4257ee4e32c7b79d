"""Request context, security headers and audit context."""

from __future__ import annotations

import secrets
import uuid

from django.http import HttpRequest, HttpResponse

from core.context import client_ip_var, request_id_var, user_agent_var


def client_ip(request: HttpRequest) -> str:
    # The proxy in front of us (infra/proxy) appends the peer address as the last hop.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"


class RequestContextMiddleware:
    """Gives each request an id (echoed in X-Request-ID) and records ip / user agent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.META.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex[:16]
        request.request_id = request_id
        request.csp_nonce = secrets.token_urlsafe(16)
        tokens = [
            request_id_var.set(request_id[:64]),
            client_ip_var.set(client_ip(request)),
            user_agent_var.set(request.META.get("HTTP_USER_AGENT", "")[:500]),
        ]
        try:
            response = self.get_response(request)
        finally:
            for var, token in zip((request_id_var, client_ip_var, user_agent_var), tokens, strict=True):
                var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy (scripts only from us, with a per-request nonce) and friends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        nonce = getattr(request, "csp_nonce", "")
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                "default-src 'self'; "
                f"script-src 'self' 'nonce-{nonce}'; "
                "style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data: blob:; "
                "font-src 'self' data:; "
                "connect-src 'self'; "
                "frame-ancestors 'none'; "
                "base-uri 'self'; form-action 'self'"
            )
        response.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class AuditContextMiddleware:
    """Tags Sentry events with the tenant and the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            import sentry_sdk

            tenant = getattr(request, "tenant", None)
            sentry_sdk.set_tag("tenant", getattr(tenant, "schema_name", "public"))
            sentry_sdk.set_tag("request_id", getattr(request, "request_id", "-"))
        except ImportError:  # pragma: no cover
            pass
        return self.get_response(request)
