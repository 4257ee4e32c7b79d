"""Partner mode (服务商模式, sp_mchid/sp_appid + sub_mchid) against the local v3 server, and the
merchant-settings API (secrets write-only, isolation, permissions)."""

from __future__ import annotations

import base64
import datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tenant_apps.payments import services
from tenant_apps.payments.enums import OrderStatus, RefundStatus
from tenant_apps.payments.models import MerchantSettings, Order
from tests.conftest import TenantClient
from tests.tenant_apps.alumni_activities.conftest import make_user

from .conftest import configure, merchant_keys, post_notification
from .fakepay import APPID, MCHID, SUB_APPID, SUB_MCHID, FakeWeChatPay

pytestmark = pytest.mark.django_db
URL = "/api/v1/payments/merchant/"


@pytest.fixture
def partnerpay(in_tenant_a, settings):
    with FakeWeChatPay(merchant_keys(), partner=True) as fake:
        settings.WECHAT_PAY_BASE_URL = fake.url
        configure(fake)
        yield fake


def _order(amount=6600):
    return services.order_create(purpose="test", reference="9", description="分会年会门票", amount_fen=amount, payer=None, payer_openid="o-sub-payer",
                                 expires_at=timezone.now() + datetime.timedelta(minutes=15), notify_url="https://alpha.example.com/api/v1/payments/notify/")


def test_partner_jsapi_order_uses_the_partner_endpoint_and_sub_appid(partnerpay):
    checkout = _order()
    assert ("POST", "/v3/pay/partner/transactions/jsapi") in partnerpay.requests
    sent = partnerpay.orders[checkout.order.out_trade_no]
    assert (sent["sp_mchid"], sent["sp_appid"], sent["sub_mchid"], sent["sub_appid"]) == (MCHID, APPID, SUB_MCHID, SUB_APPID)
    assert sent["payer"] == {"sub_openid": "o-sub-payer"} and "mchid" not in sent
    assert checkout.order.sub_mchid == SUB_MCHID
    jsapi = checkout.jsapi
    assert jsapi["appId"] == SUB_APPID  # the payer's openid is of the school's official account
    message = f"{jsapi['appId']}\n{jsapi['timeStamp']}\n{jsapi['nonceStr']}\n{jsapi['package']}\n".encode()
    merchant_keys().key.public_key().verify(base64.b64decode(jsapi["paySign"]), message, padding.PKCS1v15(), hashes.SHA256())
    assert partnerpay.unauthorized == 0


def test_partner_without_sub_appid_pays_with_the_providers_openid(in_tenant_a, settings):
    with FakeWeChatPay(merchant_keys(), partner=True, sub_appid=False) as fake:
        settings.WECHAT_PAY_BASE_URL = fake.url
        configure(fake)
        checkout = _order()
        sent = fake.orders[checkout.order.out_trade_no]
        assert sent["payer"] == {"sp_openid": "o-sub-payer"} and "sub_appid" not in sent
        assert checkout.jsapi["appId"] == APPID


def test_partner_notification_queries_back_with_sp_and_sub_mchid(partnerpay, client_a):
    order = _order().order
    assert post_notification(client_a, partnerpay.pay(order.out_trade_no)) == 204
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.transaction_id
    queried = [path for method, path in partnerpay.requests if method == "GET" and "/v3/pay/partner/transactions/out-trade-no/" in path]
    assert queried and f"sp_mchid={MCHID}" in queried[0] and f"sub_mchid={SUB_MCHID}" in queried[0]


def test_partner_sync_and_refunds_carry_sub_mchid(partnerpay, client_a):
    order = _order().order
    partnerpay.pay(order.out_trade_no)  # paid at WeChat Pay; we learn it by querying
    assert services.order_sync(order=order).status == OrderStatus.PAID
    refund = services.refund_create(actor=None, order=Order.objects.get(pk=order.pk), amount_fen=1600, reason="部分退款", out_refund_no="RP1")
    assert partnerpay.refunds["RP1"]["sub_mchid"] == SUB_MCHID and refund.status == RefundStatus.PROCESSING
    post_notification(client_a, partnerpay.finish_refund("RP1"))
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCESS
    order.refresh_from_db()
    assert (order.status, order.refunded_fen) == (OrderStatus.PARTIALLY_REFUNDED, 1600)
    assert services.refund_create(actor=None, order=order, amount_fen=1600, reason="again", out_refund_no="RP1").pk == refund.pk
    assert any(path.startswith("/v3/refund/domestic/refunds/RP1?sub_mchid=" + SUB_MCHID) for _, path in partnerpay.requests)


def test_a_transaction_of_another_sub_merchant_is_not_marked_paid(partnerpay):
    from django.db import transaction

    order = _order().order
    partnerpay.pay(order.out_trade_no)
    remote = partnerpay._transaction(partnerpay.orders[order.out_trade_no])
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        for forged in ({**remote, "sub_mchid": "1900000999"}, {**remote, "sp_mchid": "1900000888"}, {**remote, "sub_appid": "wx0000000000000000"}):
            assert services._apply_transaction(locked, forged).status == OrderStatus.CREATED
        assert services._apply_transaction(locked, remote).status == OrderStatus.PAID


def test_partner_reconciliation(partnerpay, client_a):
    order = _order().order
    post_notification(client_a, partnerpay.pay(order.out_trade_no))
    result = services.reconcile_day(bill_date=timezone.localdate())
    assert result.status == "matched" and result.matched_rows == 1
    assert any("/v3/bill/tradebill" in path and f"sub_mchid={SUB_MCHID}" in path for _, path in partnerpay.requests)


def test_partner_mode_needs_a_sub_mchid(in_tenant_a):
    with pytest.raises(ApplicationError) as caught:
        services.merchant_settings_save(actor=None, data={"pay_mode": "partner", "appid": APPID, "mchid": MCHID, "cert_serial_no": "X", "private_key": "k",
                                                          "apiv3_key": "0123456789abcdef0123456789abcdef"})
    assert "sub_mchid" in caught.value.fields


# --- the merchant-settings API --------------------------------------------------------------


def _payments_admin():
    return make_user(kind="staff", perms=("payments.manage_payments", "payments.view_order"))


def test_settings_api_round_trip_with_write_only_secrets(tenant_a):
    with schema_context("alpha"):
        client = TenantClient(tenant_a).login_as(_payments_admin())
    assert client.get(URL).status_code == 404  # nothing configured yet
    fake = FakeWeChatPay(merchant_keys(), partner=True)
    body = fake.merchant_settings()
    response = client.put(URL, body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["pay_mode"] == "partner" and data["sub_mchid"] == SUB_MCHID and data["mchid"] == MCHID
    assert "private_key" not in data and "apiv3_key" not in data and data["has_private_key"] and data["has_apiv3_key"]
    read = client.get(URL).json()
    assert "PRIVATE KEY" not in str(read) and "0123456789abcdef" not in str(read)
    # a patch without the secrets keeps them; switching to direct clears the sub-merchant
    response = client.patch(URL, {"pay_mode": "direct", "apiv3_key": ""}, content_type="application/json")
    assert response.status_code == 200 and response.json()["sub_mchid"] == ""
    with schema_context("alpha"):
        stored = MerchantSettings.objects.get()
        assert stored.apiv3_key == body["apiv3_key"] and stored.private_key == body["private_key"] and stored.pay_mode == "direct"
    bad = client.patch(URL, {"pay_mode": "partner", "sub_mchid": ""}, content_type="application/json")
    assert bad.status_code == 400 and "sub_mchid" in str(bad.json())


def test_settings_api_permission(tenant_a):
    with schema_context("alpha"):
        viewer = make_user(kind="staff", perms=("payments.view_order",))
        services.merchant_settings_save(actor=None, data=FakeWeChatPay(merchant_keys()).merchant_settings())
    client = TenantClient(tenant_a).login_as(viewer)
    assert client.get(URL).status_code == 403
    assert client.patch(URL, {"mchid": "1"}, content_type="application/json").status_code == 403
    assert TenantClient(tenant_a).get(URL).status_code in (401, 403)


def test_settings_api_is_per_tenant(tenant_a, tenant_b, admin_client_b):
    with schema_context("alpha"):
        services.merchant_settings_save(actor=None, data=FakeWeChatPay(merchant_keys(), partner=True).merchant_settings())
        admin = _payments_admin()
    assert admin_client_b.get(URL).status_code == 404  # tenant B has no merchant; A's is not visible
    # tenant A's staff signed in on A cannot use the session on B's host
    client = TenantClient(tenant_a).login_as(admin)
    client.defaults["HTTP_HOST"] = TenantClient(tenant_b).defaults["HTTP_HOST"]
    assert client.get(URL).status_code in (401, 403)
    with schema_context("beta"):
        assert not MerchantSettings.objects.exists()
