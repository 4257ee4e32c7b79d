"""The public site: landing page and the sign-up wizard (www.<base> and the bare domain)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ApplicationError
from shared_apps.billing.gateway import is_configured as billing_configured
from shared_apps.billing.models import Plan
from shared_apps.provisioning import onboarding
from shared_apps.provisioning.enums import Module, TenantType
from shared_apps.provisioning.models import SignupRequest
from shared_apps.provisioning.selectors import slug_problem, tenant_domain_for


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


@require_GET
def landing(request):
    plans = Plan.objects.filter(is_public=True)
    return render(request, "provisioning/public/landing.html", {"plans": plans, "modules": Module.choices})


@require_GET
def legal_terms(request):
    return render(request, "provisioning/public/legal_terms.html")


@require_GET
def legal_privacy(request):
    return render(request, "provisioning/public/legal_privacy.html")


@require_http_methods(["GET", "POST"])
def signup(request):
    plans = list(Plan.objects.filter(is_public=True))
    context = {
        "plans": plans, "modules": Module.choices, "types": TenantType.choices, "base_domain": settings.BASE_DOMAIN,
        "billing_configured": billing_configured(), "values": {}, "fields": {},
        "submit_token": secrets.token_urlsafe(24),
    }
    if request.method == "GET":
        context["values"] = {"plan": request.GET.get("plan", plans[0].code if plans else ""), "type": "university", "interval": "month", "modules": [m for m, _ in Module.choices]}
        return render(request, "provisioning/public/signup.html", context)
    data = request.POST
    values = {key: data.get(key, "") for key in ("org_name", "type", "slug", "admin_name", "admin_email", "admin_phone", "plan", "interval")}
    values["modules"] = data.getlist("modules")
    if data.get("agree") != "1":  # the user agreement and privacy policy, accepted explicitly
        context.update(values=values, fields={"agree": ["请阅读并同意《用户协议》和《隐私政策》。"]}, error="请阅读并同意《用户协议》和《隐私政策》后提交。",
                       submit_token=data.get("submit_token"))
        return render(request, "provisioning/public/signup.html", context, status=400)
    try:
        signup_request = onboarding.signup_start(
            submit_token=data.get("submit_token") or secrets.token_urlsafe(24), password=data.get("password", ""),
            org_name=values["org_name"], type=values["type"], slug=values["slug"], admin_name=values["admin_name"],
            admin_email=values["admin_email"], admin_phone=values["admin_phone"], modules=values["modules"],
            plan_code=values["plan"], interval=values["interval"] or "month",
            verify_url_for=lambda token: _absolute(request, reverse("signup_verify", args=[token])),
        )
    except ApplicationError as exc:
        context.update(values=values, fields=exc.fields, error=exc.message, submit_token=data.get("submit_token"))
        return render(request, "provisioning/public/signup.html", context, status=400)
    return redirect("signup_sent", public_id=signup_request.public_id)


@require_GET
def check_slug(request):
    slug = request.GET.get("slug", "").strip().lower()
    problem = slug_problem(slug) if slug else "请输入子域名。"
    return render(request, "provisioning/public/_slug_check.html", {"slug": slug, "problem": problem, "domain": tenant_domain_for(slug) if slug else ""})


@require_GET
def signup_sent(request, public_id):
    signup_request = get_object_or_404(SignupRequest, public_id=public_id)
    return render(request, "provisioning/public/sent.html", {"signup": signup_request})


@require_POST
def signup_resend(request, public_id):
    signup_request = get_object_or_404(SignupRequest, public_id=public_id)
    try:
        onboarding.signup_resend_verification(signup=signup_request, verify_url_for=lambda token: _absolute(request, reverse("signup_verify", args=[token])))
    except ApplicationError as exc:
        return render(request, "provisioning/public/sent.html", {"signup": signup_request, "error": exc.message}, status=exc.status)
    return render(request, "provisioning/public/sent.html", {"signup": signup_request, "resent": True})


@require_GET
def signup_verify(request, token):
    try:
        signup_request = onboarding.signup_verify(token=token)
    except ApplicationError as exc:
        return render(request, "provisioning/public/problem.html", {"message": exc.message}, status=exc.status)
    return redirect("signup_progress", public_id=signup_request.public_id)


@require_GET
def signup_checkout(request, public_id):
    """A plain link, not a form: the page's CSP (form-action 'self') would block a form whose
    response redirects to Stripe. Creating the session is idempotent (one per sign-up)."""
    signup_request = get_object_or_404(SignupRequest, public_id=public_id)
    progress = _absolute(request, reverse("signup_progress", args=[signup_request.public_id]))
    try:
        url = onboarding.signup_checkout_start(
            signup=signup_request, success_url=progress + "?session_id={CHECKOUT_SESSION_ID}", cancel_url=progress + "?cancelled=1",
        )
    except ApplicationError as exc:
        return render(request, "provisioning/public/problem.html", {"message": exc.message, "signup": signup_request}, status=exc.status)
    return redirect(url)


@require_GET
def signup_progress(request, public_id):
    signup_request = get_object_or_404(SignupRequest, public_id=public_id)
    error = ""
    if request.GET.get("session_id"):
        try:
            signup_request = onboarding.signup_checkout_return(signup=signup_request, session_id=request.GET["session_id"])
        except ApplicationError as exc:
            error = exc.message
    if request.GET.get("cancelled"):
        error = "支付已取消。您可以重新发起支付。"
    return render(request, "provisioning/public/progress.html", _progress_context(request, signup_request, error=error))


@require_GET
def signup_status(request, public_id):
    signup_request = get_object_or_404(SignupRequest, public_id=public_id)
    response = render(request, "provisioning/public/_status.html", _progress_context(request, signup_request))
    if signup_request.status not in (SignupRequest.Status.QUEUED, SignupRequest.Status.PROVISIONING):
        response.status_code = 286  # htmx: stop polling
    return response


@require_POST
def signup_retry(request, public_id):
    signup_request = get_object_or_404(SignupRequest, public_id=public_id)
    try:
        onboarding.signup_retry(signup=signup_request, new_slug=request.POST.get("slug", ""))
    except ApplicationError as exc:
        return render(request, "provisioning/public/progress.html", _progress_context(request, signup_request, error=exc.message), status=400)
    return redirect("signup_progress", public_id=public_id)


def _progress_context(request, signup_request: SignupRequest, *, error: str = "") -> dict:
    host_port = request.get_host().rsplit(":", 1)
    port = f":{host_port[1]}" if len(host_port) == 2 and host_port[1] not in ("80", "443") else ""
    return {
        "signup": signup_request,
        "error": error,
        "login_url": f"http://{tenant_domain_for(signup_request.slug)}{port}/admin-ui/login/",
        "finished": signup_request.status in (SignupRequest.Status.READY, SignupRequest.Status.FAILED, SignupRequest.Status.EXPIRED),
    }


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /signup/\n", content_type="text/plain")
