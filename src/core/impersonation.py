"""Impersonated sessions: vendor staff working in a tenant's back office as one of its users.

The console (shared_apps.console) opens the session and marks it with `impersonation_start`.
`ImpersonationMiddleware` then, on every request of that session:

- sets `request.impersonator_label` (the layout shows a banner) and
  `request.user.impersonator_label` (core.audit writes it into every audit row);
- ends the session once its time is over (logout, a message, the `expired_url` page).

Ending the session in any way (the end button, logout, expiry) writes one audit row in the
tenant (`impersonation.end`), through the `user_logged_out` signal.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_out
from django.contrib.messages.storage import default_storage
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url

from core.audit import audit_record

SESSION_KEY = "_impersonation"


def impersonation_start(
    request: HttpRequest, *, label: str, expires_at: float, grant_id: int, end_url: str = "", expired_url: str = ""
) -> None:
    """Mark the (already logged-in) session as impersonated until `expires_at` (epoch seconds).
    `end_url` is the end button's target (POST); `expired_url` the page shown once time is up."""
    request.session[SESSION_KEY] = {
        "label": label,
        "expires_at": float(expires_at),
        "grant_id": grant_id,
        "user_id": request.user.pk,
        "end_url": end_url,
        "expired_url": expired_url,
    }
    # The cookie dies with the impersonation even if the browser is left open.
    request.session.set_expiry(max(1, int(expires_at - time.time())))
    _apply(request, request.session[SESSION_KEY])


def impersonation_info(request: HttpRequest) -> dict | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def _apply(request: HttpRequest, data: dict) -> None:
    request.impersonator_label = data["label"]
    request.impersonation_end_url = data.get("end_url", "")
    request.user.impersonator_label = data["label"]


class ImpersonationMiddleware:
    """Runs right after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        data = impersonation_info(request)
        if data:
            user = request.user
            if not user.is_authenticated or user.pk != data.get("user_id"):
                request.session.pop(SESSION_KEY, None)  # a stale mark never leaks into another login
            elif time.time() >= float(data.get("expires_at", 0)):
                return self._expire(request, data)
            else:
                _apply(request, data)
        return self.get_response(request)

    def _expire(self, request: HttpRequest, data: dict) -> HttpResponse:
        request.user.impersonator_label = data["label"]
        request.impersonation_end_cause = "expired"
        logout(request)
        message = "代为登录已到时（最长 30 分钟），已自动退出。"
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "impersonation_expired", "message": message, "fields": {}}, status=401)
        # This middleware runs before MessageMiddleware (right after authentication), so it
        # opens the message storage itself and writes it into its own response.
        request._messages = default_storage(request)
        messages.warning(request, message)
        response = redirect(data.get("expired_url") or resolve_url(settings.LOGIN_URL))
        request._messages.update(response)
        return response


@receiver(user_logged_out, dispatch_uid="core.impersonation.end")
def _record_end(sender, request=None, user=None, **kwargs) -> None:
    data = impersonation_info(request) if request is not None else None
    if not data or user is None or user.pk != data.get("user_id"):
        return
    user.impersonator_label = data["label"]
    cause = getattr(request, "impersonation_end_cause", "logout")
    audit_record(
        actor=user, action="impersonation.end", target=user,
        before=None, after={"grant": data.get("grant_id"), "cause": cause}, only_changes=False,
    )
