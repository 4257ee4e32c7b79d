"""WeChat Pay v3 against a local v3 server: JSAPI order and paySign, notifications verified,
fresh and applied once (replayed, shuffled, forged, stale), query-back before paid, refunds
full and partial with idempotent numbers and refund notifications, platform-certificate mode,
daily reconciliation."""

from __future__ import annotations

import base64
import datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.utils import timezone

from core import hooks
from core.errors import ApplicationError
from tenant_apps.payments import services
from tenant_apps.payments.models import MerchantSettings, Notification, Order

from .conftest import configure, merchant_keys, post_notification
from .fakepay import APPID, FakeWeChatPay

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_events():
    seen = []

    def handler(*, order):
        seen.append(order.out_trade_no)

    hooks.subscribe(services.EVENT_PAID, handler)
    yield seen
    hooks._subscribers[services.EVENT_PAID].remove(handler)


def _order(user=None, amount=8800):
    return services.order_create(purpose="test", reference="1", description="校友年会门票", amount_fen=amount, payer=user, payer_openid="o-payer",
                                 expires_at=timezone.now() + datetime.timedelta(minutes=15), notify_url="https://alpha.example.com/api/v1/payments/notify/",
                                 beneficiary_label="张三")


def test_jsapi_order_and_pay_sign(paying_tenant_a):
    checkout = _order()
    assert checkout.order.prepay_id.startswith("wx") and checkout.order.amount_fen == 8800
    sent = paying_tenant_a.orders[checkout.order.out_trade_no]
    assert sent["amount"] == {"total": 8800, "currency": "CNY"} and sent["payer"] == {"openid": "o-payer"} and sent["appid"] == APPID
    jsapi = checkout.jsapi
    message = f"{jsapi['appId']}\n{jsapi['timeStamp']}\n{jsapi['nonceStr']}\n{jsapi['package']}\n".encode()
    merchant_keys().key.public_key().verify(base64.b64decode(jsapi["paySign"]), message, padding.PKCS1v15(), hashes.SHA256())
    assert paying_tenant_a.unauthorized == 0


def test_merchant_secrets_are_encrypted_at_rest(paying_tenant_a):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key, apiv3_key FROM payments_merchantsettings")
        private_key, apiv3_key = cursor.fetchone()
    assert "PRIVATE KEY" not in private_key and "0123456789abcdef" not in apiv3_key
    assert MerchantSettings.objects.get().apiv3_key == "0123456789abcdef0123456789abcdef"


def test_notification_applied_once_even_when_replayed(paying_tenant_a, client_a, paid_events):
    order = _order().order
    notification = paying_tenant_a.pay(order.out_trade_no)
    assert post_notification(client_a, notification) == 204
    assert post_notification(client_a, notification) == 204  # redelivered: no second effect
    order.refresh_from_db()
    assert order.status == "paid" and order.transaction_id and paid_events == [order.out_trade_no]
    assert Notification.objects.count() == 1


def test_forged_and_stale_notifications_are_refused_then_the_real_one_applies(paying_tenant_a, client_a):
    order = _order().order
    body, _ = real = paying_tenant_a.pay(order.out_trade_no)
    plain = {"out_trade_no": order.out_trade_no, "trade_state": "SUCCESS"}
    forged = paying_tenant_a.notification("TRANSACTION.SUCCESS", plain, original_type="transaction", bad_signature=True)
    stale = paying_tenant_a.notification("TRANSACTION.SUCCESS", plain, original_type="transaction", timestamp=int(timezone.now().timestamp()) - 600)
    assert post_notification(client_a, forged) == 401
    assert post_notification(client_a, stale) == 401
    assert Order.objects.get(pk=order.pk).status == "created"
    # WeChat Pay retries until it gets a 2xx
    assert FakeWeChatPay.deliver(real, lambda b, h: post_notification(client_a, (b, h))) == [204]
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_notification_without_payment_behind_it_does_not_mark_paid(paying_tenant_a, client_a):
    """A genuine signature over a SUCCESS claim is not enough: the order is queried back."""
    order = _order().order
    remote = paying_tenant_a.orders[order.out_trade_no]
    fake_claim = {"out_trade_no": order.out_trade_no, "trade_state": "SUCCESS", "amount": {"total": remote["amount"]["total"]}}
    assert post_notification(client_a, paying_tenant_a.notification("TRANSACTION.SUCCESS", fake_claim, original_type="transaction")) == 204
    assert Order.objects.get(pk=order.pk).status == "created"


def test_notification_retried_when_query_back_fails(paying_tenant_a, client_a, settings):
    order = _order().order
    notification = paying_tenant_a.pay(order.out_trade_no)
    settings.WECHAT_PAY_BASE_URL = "http://127.0.0.1:9"  # unreachable for the first delivery
    assert post_notification(client_a, notification) == 500
    settings.WECHAT_PAY_BASE_URL = paying_tenant_a.url
    assert post_notification(client_a, notification) == 204
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_partial_then_full_refund_idempotent_with_notifications(paying_tenant_a, client_a):
    order = _order(amount=10000).order
    post_notification(client_a, paying_tenant_a.pay(order.out_trade_no))
    order.refresh_from_db()
    first = services.refund_create(actor=None, order=order, amount_fen=3000, reason="部分退款", out_refund_no="RF-1")
    again = services.refund_create(actor=None, order=order, amount_fen=3000, reason="部分退款", out_refund_no="RF-1")
    assert first.pk == again.pk and len(paying_tenant_a.refunds) == 1
    with pytest.raises(ApplicationError) as exc:
        services.refund_create(actor=None, order=order, amount_fen=8000, reason="超额")
    assert exc.value.code == "refund_exceeds_paid_amount"
    refund_notice = paying_tenant_a.finish_refund("RF-1")
    assert post_notification(client_a, refund_notice) == 204
    assert post_notification(client_a, refund_notice) == 204
    order.refresh_from_db()
    assert order.status == "partially_refunded" and order.refunded_fen == 3000
    rest = services.refund_create(actor=None, order=order, amount_fen=7000, reason="活动取消")
    post_notification(client_a, paying_tenant_a.finish_refund(rest.out_refund_no))
    order.refresh_from_db()
    assert order.status == "refunded" and order.refunded_fen == 10000


def test_refund_notifications_out_of_order(paying_tenant_a, client_a):
    order = _order(amount=5000).order
    paid = paying_tenant_a.pay(order.out_trade_no)
    order.status = "paid"  # the payment notice is late; the refund needs a paid order
    Order.objects.filter(pk=order.pk).update(status="paid")
    refund = services.refund_create(actor=None, order=order, amount_fen=5000, reason="取消")
    success = paying_tenant_a.finish_refund(refund.out_refund_no)
    assert post_notification(client_a, success) == 204
    assert post_notification(client_a, paid) == 204  # the older payment notice arrives last
    order.refresh_from_db()
    assert order.status == "refunded"


@pytest.mark.parametrize("fakepay", ["platform_cert"], indirect=True)
def test_platform_certificate_mode(in_tenant_a, fakepay, client_a):
    configure(fakepay)
    order = _order().order
    assert ("GET", "/v3/certificates") in fakepay.requests
    assert post_notification(client_a, fakepay.pay(order.out_trade_no)) == 204
    assert Order.objects.get(pk=order.pk).status == "paid"


def test_daily_reconciliation(paying_tenant_a, client_a):
    order = _order().order
    post_notification(client_a, paying_tenant_a.pay(order.out_trade_no))
    today = timezone.localdate()
    result = services.reconcile_day(bill_date=today)
    assert result.status == "matched" and result.matched_rows == 1
    other = _order().order
    paying_tenant_a.pay(other.out_trade_no)  # paid at WeChat, notification never arrived
    result = services.reconcile_day(bill_date=today)
    assert result.status == "mismatched" and result.differences == [{"out_trade_no": other.out_trade_no, "problem": "账单已支付、系统未支付"}]


def test_daily_reconciliation_of_refunds(paying_tenant_a, client_a, tenant_b, admin_client_b):
    order = _order(amount=10000).order
    post_notification(client_a, paying_tenant_a.pay(order.out_trade_no))
    order.refresh_from_db()
    refunds = []
    for amount in (3000, 1000, 2000):
        refund = services.refund_create(actor=None, order=order, amount_fen=amount, reason="活动取消")
        assert post_notification(client_a, paying_tenant_a.finish_refund(refund.out_refund_no)) == 204
        refunds.append(refund)
    today = timezone.localdate()
    result = services.reconcile_day(bill_date=today)
    assert result.status == "matched" and result.bill_rows == 4 and result.matched_rows == 4  # the payment and its three refunds

    matching, missing, changed = refunds
    with paying_tenant_a.lock:
        paying_tenant_a.refunds.pop(missing.out_refund_no)  # WeChat Pay's bill lacks a refund we recorded as succeeded
        paying_tenant_a.refunds[changed.out_refund_no]["amount"]["refund"] = 2500
        stranger = {**paying_tenant_a.refunds[matching.out_refund_no], "out_refund_no": "RUNKNOWN01", "refund_id": "50unknown", "amount": {"refund": 100, "total": 10000}}
        paying_tenant_a.refunds["RUNKNOWN01"] = stranger
    result = services.reconcile_day(bill_date=today)
    assert result.status == "mismatched" and result.matched_rows == 2  # the payment and the matching refund
    no = order.out_trade_no
    assert sorted(result.differences, key=lambda d: d["out_refund_no"]) == sorted([
        {"out_trade_no": no, "out_refund_no": changed.out_refund_no, "problem": "退款金额不一致：账单 2500 分，系统 2000 分"},
        {"out_trade_no": no, "out_refund_no": "RUNKNOWN01", "problem": "账单有退款、系统无"},
        {"out_trade_no": no, "out_refund_no": missing.out_refund_no, "problem": "系统已退款、账单无"},
    ], key=lambda d: d["out_refund_no"])

    with paying_tenant_a.lock:
        paying_tenant_a.refunds[changed.out_refund_no].update(status="PROCESSING", amount={"refund": 2000, "total": 10000})
    assert {"out_trade_no": no, "out_refund_no": changed.out_refund_no, "problem": "退款状态不一致：账单 退款中，系统 退款成功"} in (
        services.reconcile_day(bill_date=today).differences)

    # shown on the back-office page and in the API, to this tenant's payment admins only
    from tests.tenant_apps.alumni_activities.conftest import make_user

    admin = make_user(kind="staff", perms=("payments.manage_payments", "payments.view_order"))
    client = client_a.login_as(admin)
    page = client.get("/admin-ui/payments/reconciliation/").content.decode()
    assert f"退款单 {missing.out_refund_no} 系统已退款、账单无" in page
    listed = client.get("/api/v1/payments/reconciliations/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {"out_trade_no": no, "out_refund_no": missing.out_refund_no, "problem": "系统已退款、账单无"} in rows[0]["differences"]
    other = admin_client_b.get("/api/v1/payments/reconciliations/")
    assert other.status_code != 200 or not (other.json().get("results", []) if isinstance(other.json(), dict) else other.json())


def test_reconciliation_queries_do_not_grow_with_refund_rows(paying_tenant_a, client_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    order = _order(amount=10000).order
    post_notification(client_a, paying_tenant_a.pay(order.out_trade_no))
    order.refresh_from_db()

    def refund(amount):
        made = services.refund_create(actor=None, order=order, amount_fen=amount, reason="活动取消")
        assert post_notification(client_a, paying_tenant_a.finish_refund(made.out_refund_no)) == 204

    today = timezone.localdate()
    refund(1000)
    services.reconcile_day(bill_date=today)  # the day's row exists: every later run updates it
    with CaptureQueriesContext(connection) as one_refund:
        assert services.reconcile_day(bill_date=today).matched_rows == 2
    for amount in (1000, 2000, 500):
        refund(amount)
    with CaptureQueriesContext(connection) as four_refunds:
        result = services.reconcile_day(bill_date=today)
    assert result.status == "matched" and result.matched_rows == 5
    assert len(four_refunds) == len(one_refund)


def test_unconfigured_tenant_is_told(in_tenant_b):
    with pytest.raises(ApplicationError) as exc:
        services.merchant()
    assert exc.value.code == "payments_not_configured"


def test_notify_without_merchant_is_not_found(tenant_b, client_b):
    assert client_b.post("/api/v1/payments/notify/", data=b"{}", content_type="application/json").status_code == 404
