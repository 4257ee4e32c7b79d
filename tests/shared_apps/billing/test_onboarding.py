import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from shared_apps.provisioning.models import SignupRequest, Tenant
from shared_apps.provisioning.onboarding import signup_provision

pytestmark = pytest.mark.django_db

FORM = {
    "org_name": "测试学院", "type": "university", "admin_name": "张老师", "admin_email": "zhang@example.cn",
    "admin_phone": "13800138000", "password": "Good-pass-2026", "modules": ["employment", "alumni"], "interval": "month",
    "agree": "1",  # the user agreement and privacy policy (issue 19)
}


@pytest.fixture
def www():
    return Client(HTTP_HOST="www.localhost")


def _submit(www, slug, plan="trial", **extra):
    data = {**FORM, "slug": slug, "plan": plan, "submit_token": f"tok-{slug}", **extra}
    return www.post("/signup/", data)


def _verify_link():
    body = mail.outbox[-1].body
    return re.search(r"http://[^\s]+/signup/verify/[^\s/]+/", body).group(0)


def test_landing_lists_plans(www):
    page = www.get("/").content.decode()
    assert "试用版" in page and "标准版" in page and "专家库" in page


def test_live_slug_check_rejects_reserved_taken_and_malformed(www, tenant_a):
    assert "可以使用" in www.get("/signup/check-slug/?slug=newschool").content.decode()
    assert "保留" in www.get("/signup/check-slug/?slug=www").content.decode()
    assert "已被占用" in www.get("/signup/check-slug/?slug=alpha").content.decode()
    assert "小写字母开头" in www.get("/signup/check-slug/?slug=9Bad").content.decode()


def test_form_errors_are_shown_in_chinese(www):
    response = www.post("/signup/", {**FORM, "slug": "www", "admin_phone": "123", "plan": "trial", "submit_token": "x1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "保留" in page and "11 位手机号" in page


def test_trial_signup_end_to_end(www, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(www, "trialu")
    assert response.status_code == 302
    assert "请验证您的邮箱" in mail.outbox[-1].subject
    # a double submit of the same form returns the same request
    _submit(www, "trialu")
    assert SignupRequest.objects.filter(slug="trialu").count() == 1
    # the slug is held while the sign-up is pending
    assert "正在被其他单位注册" in www.get("/signup/check-slug/?slug=trialu").content.decode()

    with django_capture_on_commit_callbacks(execute=False):
        progress = www.get(_verify_link().replace("http://www.localhost", ""), follow=True)
    assert progress.status_code == 200
    signup = SignupRequest.objects.get(slug="trialu")
    assert signup.status == SignupRequest.Status.QUEUED
    signup_provision(signup_id=signup.pk)
    signup.refresh_from_db()
    assert signup.status == "ready" and signup.progress == 100
    tenant = Tenant.objects.get(schema_name="trialu")
    assert tenant.status == "active" and tenant.modules == ["employment", "alumni"]
    assert "欢迎使用" in mail.outbox[-1].subject
    status = www.get(f"/signup/{signup.public_id}/status/")
    assert status.status_code == 286 and "前往登录" in status.content.decode()
    # first login on the new sub-domain with the password chosen at sign-up
    tenant_client = Client(HTTP_HOST="trialu.localhost")
    login = tenant_client.post("/admin-ui/login/", {"username": "admin", "password": FORM["password"]})
    assert login.status_code == 302 and login["Location"].endswith("/admin-ui/")
    # running the task twice changes nothing
    assert signup_provision(signup_id=signup.pk).status == "ready"


def test_expired_link_releases_the_name(www, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(www, "expiring")
    SignupRequest.objects.filter(slug="expiring").update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = www.get(_verify_link().replace("http://www.localhost", ""))
    assert response.status_code == 410 and "已过期" in response.content.decode()
    assert "可以使用" in www.get("/signup/check-slug/?slug=expiring").content.decode()


def test_slug_taken_late_fails_clearly_and_can_be_retried(www, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(www, "latetaken")
    with django_capture_on_commit_callbacks(execute=False):
        www.get(_verify_link().replace("http://www.localhost", ""))
    signup = SignupRequest.objects.get(slug="latetaken")
    # someone else got the name meanwhile (e.g. vendor staff by hand)
    from shared_apps.provisioning.services import tenant_provision

    SignupRequest.objects.filter(pk=signup.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    tenant_provision(slug="latetaken", name="别人", admin_username="root", admin_password="pool-pass-123")
    SignupRequest.objects.filter(pk=signup.pk).update(expires_at=timezone.now() + datetime.timedelta(hours=1))
    signup = signup_provision(signup_id=signup.pk)
    assert signup.status == "failed" and "已被占用" in signup.error
    page = www.get(f"/signup/{signup.public_id}/progress/").content.decode()
    assert "重试开通" in page
    with django_capture_on_commit_callbacks(execute=False):
        response = www.post(f"/signup/{signup.public_id}/retry/", {"slug": "latetaken2"})
    assert response.status_code == 302
    assert signup_provision(signup_id=signup.pk).status == "ready"
    assert Tenant.objects.filter(schema_name="latetaken2").exists()


def test_paid_signup_goes_through_checkout(www, fake_stripe, django_capture_on_commit_callbacks):
    from shared_apps.billing.models import Plan, Subscription

    Plan.objects.filter(code="standard").update(stripe_price_month="price_std_month")
    with django_capture_on_commit_callbacks(execute=True):
        _submit(www, "paidu", plan="standard")
    www.get(_verify_link().replace("http://www.localhost", ""))
    signup = SignupRequest.objects.get(slug="paidu")
    assert signup.status == "awaiting_payment"
    checkout = www.get(f"/signup/{signup.public_id}/checkout/")
    assert checkout.status_code == 302 and checkout["Location"].startswith(fake_stripe.base + "/pay/")
    session_id = checkout["Location"].rsplit("/", 1)[1]
    assert fake_stripe.sessions[session_id]["price"] == "price_std_month"
    # a second click reuses the same session (idempotency key)
    again = www.get(f"/signup/{signup.public_id}/checkout/")
    assert again["Location"].endswith(session_id)
    fake_stripe.complete_checkout(session_id)
    with django_capture_on_commit_callbacks(execute=False):
        back = www.get(f"/signup/{signup.public_id}/progress/?session_id={session_id}")
    assert back.status_code == 200
    signup.refresh_from_db()
    assert signup.status == "queued" and signup.stripe_subscription_id
    assert signup_provision(signup_id=signup.pk).status == "ready"
    sub = Subscription.objects.get(tenant__schema_name="paidu")
    assert sub.status == "active" and sub.stripe_customer_id == signup.stripe_customer_id


def test_cancelled_checkout_can_be_restarted(www, fake_stripe, django_capture_on_commit_callbacks):
    from shared_apps.billing.models import Plan

    Plan.objects.filter(code="standard").update(stripe_price_month="price_std_month")
    with django_capture_on_commit_callbacks(execute=True):
        _submit(www, "cancelu", plan="standard")
    www.get(_verify_link().replace("http://www.localhost", ""))
    signup = SignupRequest.objects.get(slug="cancelu")
    page = www.get(f"/signup/{signup.public_id}/progress/?cancelled=1").content.decode()
    assert "支付已取消" in page and "前往支付" in page
