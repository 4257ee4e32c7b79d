"""Public links in mass mails: the unsubscribe page (signed link, no login) and the open pixel."""

from __future__ import annotations

import base64

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.errors import ApplicationError
from tenant_apps.alumni.outreach import services

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@csrf_exempt  # the signed token is the credential; mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF cookie
@never_cache
def unsubscribe(request, token: str):
    try:
        data = services.unsubscribe_check(token=token)
    except ApplicationError as exc:
        return render(request, "alumni_outreach/h5/unsubscribe.html", {"error": exc.message, "page_title": "退订"}, status=404)
    done = False
    if request.method == "POST":
        services.unsubscribe_confirm(token=token)
        done = True
    channel = "邮件" if data["c"] == "email" else "短信"
    return render(request, "alumni_outreach/h5/unsubscribe.html", {"done": done, "channel": channel, "page_title": "退订"})


@never_cache
def open_pixel(request, token: str):
    services.open_record(token=token)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response
