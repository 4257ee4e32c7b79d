"""Demo shop for university tenants (scripts/run): settings with points allowed, categories,
eight goods with generated pictures, points for the demo alumni and orders in every state.
Bulk inserts; skipped when the tenant already has goods."""

from __future__ import annotations

import datetime
import io
import random
import secrets

from django.utils import timezone

GOODS = [
    # name, category, price_fen, points, stock, sold, recommended, colour, summary
    ("校徽纪念章（金色）", "校园纪念品", 3900, 390, 200, 86, True, (200, 16, 46), "百年校徽，珐琅工艺"),
    ("校史纪念册", "校园纪念品", 12800, 0, 60, 31, True, (120, 60, 30), "精装 320 页，收录珍贵老照片"),
    ("校园明信片（12 张）", "文创", 2500, 200, 500, 142, False, (30, 110, 160), "老校门、图书馆、樱花大道"),
    ("帆布包·校训款", "文创", 4900, 450, 150, 64, True, (40, 40, 40), "加厚帆布，可装 14 寸电脑"),
    ("保温杯·校友会定制", "文创", 9900, 900, 80, 22, False, (90, 90, 100), "316 不锈钢 500ml"),
    ("校友企业·有机大米 5kg", "校友好物", 8800, 0, 120, 18, True, (160, 140, 60), "校友创办的生态农场直供"),
    ("校友企业·龙井明前茶", "校友好物", 26800, 0, 40, 9, False, (70, 130, 70), "校友茶园，250g 礼盒"),
    ("毕业纪念书签（限量）", "校园纪念品", 0, 120, 3, 0, False, (180, 150, 40), "仅限积分兑换"),
]


def _picture(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 480), (250, 247, 242))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 60, 420, 420), radius=48, fill=colour)
    draw.ellipse((170, 150, 310, 290), fill=(255, 255, 255))
    draw.rectangle((140, 320, 340, 350), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def seed_demo_shop(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.alumni.shop.models import Goods

    if Goods.objects.exists():
        return
    _seed()


def _seed() -> None:
    from django.core.files.base import ContentFile

    from core.crypto import blind_index
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.shop.enums import Delivery, OrderStatus, PayMethod
    from tenant_apps.alumni.shop.models import (
        Category,
        Goods,
        Order,
        PointsAccount,
        PointsEntry,
        ShopSettings,
    )
    from tenant_apps.payments.enums import OrderStatus as PaymentStatus
    from tenant_apps.payments.models import Order as PaymentOrder

    rng = random.Random(19)
    now = timezone.now()
    ShopSettings.objects.get_or_create(pk=1, defaults={"is_open": True, "allow_points": True, "payment_minutes": 15, "pickup_address": "校友之家一楼前台（工作日 9:00-17:00）",
                                                       "notice": "校友专享：纪念品可用积分兑换，快递包邮。"})
    categories = {name: Category.objects.get_or_create(name=name, defaults={"sort_order": i})[0] for i, name in enumerate(["校园纪念品", "文创", "校友好物"])}
    goods = []
    for i, (name, category, price, points, stock, sold, recommended, colour, summary) in enumerate(GOODS):
        item = Goods(name=name, category=categories[category], price_fen=price, points_price=points, stock=stock, sold_count=sold, is_on_shelf=True,
                     is_recommended=recommended, sort_order=i, summary=summary, description=f"{summary}。校友会监制，所得用于校友活动。", limit_per_order=5)
        item.image.save(f"demo-goods-{i + 1}.png", ContentFile(_picture(colour)), save=False)
        goods.append(item)
    goods = Goods.objects.bulk_create(goods)
    buyers = list(User.objects.filter(kind="alumnus").order_by("pk")[:40])
    if not buyers:
        return
    PointsAccount.objects.bulk_create([PointsAccount(user=user, balance=0) for user in buyers], ignore_conflicts=True)
    accounts = {a.user_id: a for a in PointsAccount.objects.filter(user__in=buyers)}
    entries = []
    for user in buyers:
        grant = rng.choice([500, 800, 1200, 2000])
        account = accounts[user.pk]
        account.balance += grant
        entries.append(PointsEntry(account=account, delta=grant, balance_after=account.balance, reason="参加校友活动奖励"))
    orders, payments = [], []
    statuses = [OrderStatus.DONE] * 6 + [OrderStatus.SHIPPED] * 4 + [OrderStatus.PAID] * 5 + [OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED, OrderStatus.REFUNDED]
    for n, status in enumerate(statuses):
        user, item = buyers[n % len(buyers)], rng.choice(goods[:7])
        quantity = rng.randint(1, 2)
        by_points = item.points_price and n % 3 == 0 and status != OrderStatus.AWAITING_PAYMENT and accounts[user.pk].balance >= item.points_price * quantity
        created = now - datetime.timedelta(days=rng.randint(1, 40), minutes=n)
        delivery = Delivery.PICKUP if n % 4 == 0 else Delivery.SHIP
        phone = f"139{rng.randint(10000000, 99999999)}"
        order = Order(order_no=f"S{created:%Y%m%d%H%M%S}{n:02d}{secrets.token_hex(2).upper()}", user=user, goods=item, goods_name=item.name, quantity=quantity,
                      pay_method=PayMethod.POINTS if by_points else PayMethod.WECHAT, status=status, delivery=delivery, recipient_name=user.display_name or "校友",
                      recipient_phone=phone, recipient_phone_hash=blind_index(phone), address="" if delivery == Delivery.PICKUP else "北京市海淀区中关村大街 1 号 校友大厦 8 层")
        if by_points:
            order.points_total = item.points_price * quantity
            account = accounts[user.pk]
            account.balance -= order.points_total
            entries.append(PointsEntry(account=account, delta=-order.points_total, balance_after=account.balance, reason=f"兑换 {item.name} ×{quantity}"))
        else:
            order.unit_price_fen, order.total_fen = item.price_fen, item.price_fen * quantity
        if status == OrderStatus.AWAITING_PAYMENT:
            order.payment_due_at = now + datetime.timedelta(minutes=10)
        elif status == OrderStatus.CANCELLED:
            order.closed_at, order.close_reason, order.stock_returned = created + datetime.timedelta(minutes=5), "买家取消", True
        else:
            order.paid_at = created + datetime.timedelta(minutes=2)
            if not by_points:
                order.payment_order_no = f"{created:%Y%m%d%H%M%S}D{n:03d}{secrets.token_hex(2).upper()}"
                payments.append(PaymentOrder(out_trade_no=order.payment_order_no, purpose="alumni_shop", reference="0", description=f"校友店铺·{item.name}",
                                             amount_fen=order.total_fen, payer_user_id=user.pk, transaction_id=f"42DEMO{n:06d}",
                                             expires_at=created + datetime.timedelta(minutes=15), paid_at=order.paid_at,
                                             status=PaymentStatus.REFUNDED if status == OrderStatus.REFUNDED else PaymentStatus.PAID,
                                             refunded_fen=order.total_fen if status == OrderStatus.REFUNDED else 0))
        if status in (OrderStatus.SHIPPED, OrderStatus.DONE):
            order.shipped_at = order.paid_at + datetime.timedelta(days=1)
            if delivery == Delivery.SHIP:
                order.tracking_company, order.tracking_no = "顺丰速运", f"SF{rng.randint(10**11, 10**12 - 1)}"
        if status == OrderStatus.DONE:
            order.done_at = order.shipped_at + datetime.timedelta(days=2)
        if status == OrderStatus.REFUNDED:
            order.refunded_fen, order.stock_returned, order.closed_at, order.close_reason = order.total_fen, True, now, "商品缺货，全额退款"
        orders.append(order)
    PaymentOrder.objects.bulk_create(payments)
    orders = Order.objects.bulk_create(orders)
    by_payment = {o.payment_order_no: o.pk for o in orders if o.payment_order_no}
    for payment_no, pk in by_payment.items():
        PaymentOrder.objects.filter(out_trade_no=payment_no).update(reference=str(pk))
    for entry in entries:
        if entry.reason.startswith("兑换"):
            entry.order = next((o for o in orders if o.user_id == entry.account.user_id and o.pay_method == PayMethod.POINTS), None)
    PointsEntry.objects.bulk_create(entries)
    PointsAccount.objects.bulk_update(list(accounts.values()), ["balance"])
