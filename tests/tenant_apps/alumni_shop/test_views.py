"""Back office, H5 and API over the same services: pages render and act, cross-tenant isolation,
the permission matrix, personal data masked for staff without the fulfilment right."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from tests.conftest import TenantClient

from .conftest import STAFF_PERMS, allow_points, make_goods, make_user, place

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 16, 46)).save(out, format="PNG")
    return out.getvalue()


def test_backoffice_goods_crud_with_image(tenant_a):
    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        from tenant_apps.alumni.shop.services import category_save

        category = category_save(actor=None, name="纪念品")
    client = TenantClient(tenant_a).login_as(staff)
    response = client.post("/admin-ui/alumni/shop/goods/new/", {
        "name": "校徽纪念章", "category": str(category.pk), "price": "39.00", "points_price": "390", "stock": "20", "limit_per_order": "3",
        "is_on_shelf": "on", "is_recommended": "on", "summary": "珐琅工艺", "image": SimpleUploadedFile("badge.png", _png(), content_type="image/png")})
    assert response.status_code == 302, response.content.decode()[:800]
    with schema_context("alpha"):
        from tenant_apps.alumni.shop.models import Goods

        goods = Goods.objects.get(name="校徽纪念章")
        assert goods.price_fen == 3900 and goods.stock == 20 and goods.image.name and goods.category_id == category.pk
    bad = client.post("/admin-ui/alumni/shop/goods/new/", {"name": "x", "price": "3.999", "stock": "1"})
    assert bad.status_code == 400 and "金额" in bad.content.decode()
    for url in ["/admin-ui/alumni/shop/", "/admin-ui/alumni/shop/?q=校徽&shelf=on", f"/admin-ui/alumni/shop/goods/{goods.pk}/",
                "/admin-ui/alumni/shop/orders/", "/admin-ui/alumni/shop/orders/?status=paid&pay_method=wechat&q=x", "/admin-ui/alumni/shop/settings/"]:
        page = client.get(url)
        assert page.status_code == 200, url
    assert "校徽纪念章" in client.get("/admin-ui/alumni/shop/?q=校徽").content.decode()
    assert "没有找到相关商品" in client.get("/admin-ui/alumni/shop/?q=不存在的东西").content.decode()
    assert client.post("/admin-ui/alumni/shop/", {"goods": goods.pk, "action": "off"}).status_code == 302
    assert client.post("/admin-ui/alumni/shop/", {"goods": goods.pk, "action": "delete"}).status_code == 302
    with schema_context("alpha"):
        goods.refresh_from_db()
        assert goods.deleted_at and not goods.is_on_shelf


def test_backoffice_settings_categories_and_points(tenant_a):
    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        alumnus = make_user()
    client = TenantClient(tenant_a).login_as(staff)
    assert client.post("/admin-ui/alumni/shop/settings/", {"action": "settings", "is_open": "on", "allow_points": "on", "payment_minutes": "20",
                                                            "pickup_address": "校友之家"}).status_code == 302
    client.post("/admin-ui/alumni/shop/settings/", {"action": "category_add", "name": "文创"})
    client.post("/admin-ui/alumni/shop/settings/", {"action": "points", "username": alumnus.username, "delta": "300", "reason": "志愿服务"})
    with schema_context("alpha"):
        from tenant_apps.alumni.shop import selectors

        shop = selectors.shop_settings()
        assert shop.allow_points and shop.payment_minutes == 20 and selectors.categories().filter(name="文创").exists()
        assert selectors.points_balance(alumnus) == 300


def test_backoffice_order_fulfilment_and_masking(tenant_a):
    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        viewer = make_user(kind="staff", perms=("alumni_shop.view_order",))
        allow_points()
        goods = make_goods(points_price=100, stock=3)
        buyer = make_user()
        from tenant_apps.alumni.shop.services import points_grant

        points_grant(actor=None, user=buyer, delta=500, reason="奖励")
        order = place(goods, buyer, pay_method="points")
    url = f"/admin-ui/alumni/shop/orders/{order.pk}/"
    masked = TenantClient(tenant_a).login_as(viewer).get(url).content.decode()
    assert "139****5678" in masked and "13912345678" not in masked and "data-ship" not in masked
    assert TenantClient(tenant_a).login_as(viewer).post(url, {"action": "ship", "company": "顺丰", "tracking_no": "SF1"}).status_code == 403
    client = TenantClient(tenant_a).login_as(staff)
    full = client.get(url).content.decode()
    assert "13912345678" in full and "data-ship" in full
    assert client.post(url, {"action": "ship", "company": "顺丰速运", "tracking_no": "SF100200300"}).status_code == 302
    assert client.post(url, {"action": "done"}).status_code == 302
    assert client.post(url, {"action": "refund", "reason": "质量问题", "restock": "on"}).status_code == 302
    with schema_context("alpha"):
        from core.models import AuditEvent

        order.refresh_from_db()
        goods.refresh_from_db()
        assert order.status == "refunded" and order.tracking_no == "SF100200300" and goods.stock == 3
        assert AuditEvent.objects.filter(action="alumni_shop.recipient_read", object_id=str(order.pk)).exists()


def test_h5_shop_checkout_and_my_orders(tenant_a):
    with schema_context("alpha"):
        allow_points()
        recommended = make_goods(name="推荐的帆布包", is_recommended=True, stock=2, points_price=200)
        make_goods(name="下架的书签", on_shelf=False)
        buyer = make_user()
        from tenant_apps.alumni.shop.services import points_grant

        points_grant(actor=None, user=buyer, delta=250, reason="奖励")
    client = TenantClient(tenant_a).login_as(buyer)
    home = client.get("/h5/alumni/shop/").content.decode()
    assert "推荐的帆布包" in home and "下架的书签" not in home and "data-recommended" in home
    assert "没有找到相关商品" in client.get("/h5/alumni/shop/?q=不存在").content.decode()
    assert client.get(f"/h5/alumni/shop/goods/{recommended.pk}/").status_code == 200
    bad = client.post(f"/h5/alumni/shop/goods/{recommended.pk}/", {"quantity": "1", "pay_method": "wechat", "delivery": "ship", "recipient_name": "王", "recipient_phone": "1"})
    assert bad.status_code == 400 and "手机号" in bad.content.decode()
    response = client.post(f"/h5/alumni/shop/goods/{recommended.pk}/", {"quantity": "1", "pay_method": "points", "delivery": "pickup", "recipient_name": "王小明",
                                                                         "recipient_phone": "13912345678"})
    assert response.status_code == 302
    order_page = client.get(response["Location"]).content.decode()
    assert "兑换成功" in order_page and "待发货" in order_page
    mine = client.get("/h5/alumni/shop/orders/").content.decode()
    assert "推荐的帆布包" in mine and 'data-points="50"' in mine
    wechat = client.post(f"/h5/alumni/shop/goods/{recommended.pk}/", {"quantity": "1", "pay_method": "wechat", "delivery": "ship", "recipient_name": "王小明",
                                                                       "recipient_phone": "13912345678", "address": "北京市海淀区中关村大街 1 号"})
    order_url = wechat["Location"]
    assert "data-pay-button" in client.get(order_url).content.decode()
    pay = client.post(order_url + "pay/")
    assert pay.status_code == 409 and pay.json()["code"] == "payments_not_configured"  # no merchant configured in this tenant
    assert client.post(order_url, {"action": "cancel"}).status_code == 302
    with schema_context("alpha"):
        recommended.refresh_from_db()
        assert recommended.stock == 1  # the points order holds one; the cancelled one came back


def test_h5_other_buyers_order_is_hidden(tenant_a):
    with schema_context("alpha"):
        order = place(make_goods())
        stranger = make_user()
    client = TenantClient(tenant_a).login_as(stranger)
    assert client.get(f"/h5/alumni/shop/orders/{order.pk}/").status_code == 404
    assert client.post(f"/h5/alumni/shop/orders/{order.pk}/pay/").status_code == 403
    assert client.get(f"/api/v1/alumni/shop/store/orders/{order.pk}/").status_code == 404
    assert client.post(f"/api/v1/alumni/shop/store/orders/{order.pk}/cancel/").status_code == 404


def test_other_tenant_cannot_see_or_touch(tenant_a, admin_client_b):
    with schema_context("alpha"):
        goods = make_goods()
        order = place(goods)
    for url in [f"/admin-ui/alumni/shop/goods/{goods.pk}/", f"/admin-ui/alumni/shop/orders/{order.pk}/", f"/h5/alumni/shop/goods/{goods.pk}/",
                f"/api/v1/alumni/shop/goods/{goods.pk}/", f"/api/v1/alumni/shop/orders/{order.pk}/", f"/api/v1/alumni/shop/store/goods/{goods.pk}/"]:
        assert admin_client_b.get(url).status_code == 404, url
    assert admin_client_b.post(f"/api/v1/alumni/shop/orders/{order.pk}/refund/", {}, content_type="application/json").status_code == 404
    assert admin_client_b.post(f"/api/v1/alumni/shop/orders/{order.pk}/cancel/", {}, content_type="application/json").status_code == 404
    assert admin_client_b.delete(f"/api/v1/alumni/shop/goods/{goods.pk}/").status_code == 404
    listing = admin_client_b.get("/api/v1/alumni/shop/orders/").json()
    assert order.order_no not in str(listing)
    with schema_context("alpha"):
        goods.refresh_from_db()
        order.refresh_from_db()
        assert goods.deleted_at is None and order.status == "awaiting_payment"


@pytest.mark.parametrize("url, method", [
    ("/admin-ui/alumni/shop/", "get"), ("/admin-ui/alumni/shop/goods/new/", "get"), ("/admin-ui/alumni/shop/orders/", "get"),
    ("/admin-ui/alumni/shop/settings/", "get"), ("/api/v1/alumni/shop/goods/", "get"), ("/api/v1/alumni/shop/goods/", "post"),
    ("/api/v1/alumni/shop/orders/", "get"), ("/api/v1/alumni/shop/settings/", "get"), ("/api/v1/alumni/shop/points/grant/", "post"),
    ("/api/v1/alumni/shop/categories/", "post")])
def test_permission_matrix_without_rights(tenant_a, url, method):
    with schema_context("alpha"):
        user = make_user(kind="staff")
    client = TenantClient(tenant_a).login_as(user)
    response = getattr(client, method)(url, {}, content_type="application/json") if method == "post" else client.get(url)
    assert response.status_code == 403, (url, response.status_code)


def test_permission_matrix_per_action(tenant_a):
    with schema_context("alpha"):
        viewer = make_user(kind="staff", perms=("alumni_shop.view_order", "alumni_shop.view_goods"))
        shipper = make_user(kind="staff", perms=("alumni_shop.view_order", "alumni_shop.fulfil_order"))
        allow_points()
        goods = make_goods(points_price=10)
        buyer = make_user()
        from tenant_apps.alumni.shop.services import points_grant

        points_grant(actor=None, user=buyer, delta=100, reason="奖励")
        order = place(goods, buyer, pay_method="points")
    base = f"/api/v1/alumni/shop/orders/{order.pk}"
    as_viewer, as_shipper = TenantClient(tenant_a).login_as(viewer), TenantClient(tenant_a).login_as(shipper)
    assert as_viewer.get(base + "/").json()["recipient_phone"] == "139****5678"
    assert as_viewer.post(base + "/ship/", {"company": "顺丰", "tracking_no": "SF1"}, content_type="application/json").status_code == 403
    assert as_viewer.put(f"/api/v1/alumni/shop/goods/{goods.pk}/", {"name": "改名", "price_fen": 1}, content_type="application/json").status_code == 403
    assert as_shipper.post(base + "/refund/", {}, content_type="application/json").status_code == 403
    shipped = as_shipper.post(base + "/ship/", {"company": "顺丰", "tracking_no": "SF1"}, content_type="application/json")
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped" and shipped.json()["recipient_phone"] == "13912345678"


def test_api_staff_and_buyer_flow(tenant_a):
    with schema_context("alpha"):
        staff = make_user(kind="staff", perms=STAFF_PERMS)
        buyer = make_user()
    admin = TenantClient(tenant_a).login_as(staff)
    assert admin.put("/api/v1/alumni/shop/settings/", {"allow_points": True}, content_type="application/json").json()["allow_points"] is True
    category = admin.post("/api/v1/alumni/shop/categories/", {"name": "校友好物"}, content_type="application/json").json()
    created = admin.post("/api/v1/alumni/shop/goods/", {"name": "龙井茶", "price_fen": 26800, "points_price": 1000, "stock": 2, "category_id": category["id"],
                                                        "is_on_shelf": True, "is_recommended": True}, content_type="application/json")
    assert created.status_code == 201, created.content
    goods_id = created.json()["id"]
    assert admin.get("/api/v1/alumni/shop/goods/?q=龙井").json()["results"][0]["id"] == goods_id
    assert admin.post("/api/v1/alumni/shop/points/grant/", {"user_id": buyer.pk, "delta": 1500, "reason": "捐赠感谢"},
                      content_type="application/json").status_code == 201
    me = TenantClient(tenant_a).login_as(buyer)
    home = me.get("/api/v1/alumni/shop/store/").json()
    assert home["points"] == 1500 and [g["id"] for g in home["recommended"]] == [goods_id]
    assert me.get(f"/api/v1/alumni/shop/store/goods/{goods_id}/").json()["name"] == "龙井茶"
    assert me.get("/api/v1/alumni/shop/store/goods/?q=龙井").json()["results"][0]["id"] == goods_id
    placed = me.post("/api/v1/alumni/shop/store/orders/", {"goods_id": goods_id, "pay_method": "points", "delivery": "ship", "recipient_name": "李雷",
                                                           "recipient_phone": "13800001111", "address": "上海市徐汇区漕河泾 1 号"}, content_type="application/json")
    assert placed.status_code == 201 and placed.json()["status"] == "paid" and placed.json()["recipient_phone"] == "138****1111"
    order_id = placed.json()["id"]
    unpaid = me.post("/api/v1/alumni/shop/store/orders/", {"goods_id": goods_id, "recipient_name": "李雷", "recipient_phone": "13800001111",
                                                           "address": "上海市徐汇区漕河泾 1 号"}, content_type="application/json").json()
    sold_out = me.post("/api/v1/alumni/shop/store/orders/", {"goods_id": goods_id, "recipient_name": "李雷", "recipient_phone": "13800001111",
                                                             "address": "上海市徐汇区漕河泾 1 号"}, content_type="application/json")
    assert sold_out.status_code == 409 and sold_out.json()["code"] == "out_of_stock"
    assert me.post(f"/api/v1/alumni/shop/store/orders/{unpaid['id']}/cancel/").json()["status"] == "cancelled"
    assert me.post(f"/api/v1/alumni/shop/store/orders/{unpaid['id']}/pay/").status_code == 409
    assert len(me.get("/api/v1/alumni/shop/store/orders/").json()["results"]) == 2
    assert me.get("/api/v1/alumni/shop/store/points/").json()["balance"] == 500
    assert admin.get("/api/v1/alumni/shop/orders/?pay_method=points").json()["results"][0]["id"] == order_id
    admin.post(f"/api/v1/alumni/shop/orders/{order_id}/ship/", {"company": "顺丰", "tracking_no": "SF9"}, content_type="application/json")
    assert me.post(f"/api/v1/alumni/shop/store/orders/{order_id}/received/").json()["status"] == "done"
    refunded = admin.post(f"/api/v1/alumni/shop/orders/{order_id}/refund/", {"reason": "品质问题"}, content_type="application/json")
    assert refunded.json()["status"] == "refunded" and me.get("/api/v1/alumni/shop/store/points/").json()["balance"] == 1500
    assert admin.delete(f"/api/v1/alumni/shop/categories/{category['id']}/").status_code == 204
    assert admin.delete(f"/api/v1/alumni/shop/goods/{goods_id}/").status_code == 204
    assert me.get(f"/api/v1/alumni/shop/store/goods/{goods_id}/").status_code == 404
