"""Shop writes: settings and categories, goods, placing orders without overselling, paying through
tenant_apps.payments (WeChat Pay JSAPI) or with points, unpaid orders that expire, fulfilment
(ship with a tracking number, pick-up, done), cancellations and refunds with stock returned.

No overselling: a piece is taken by `UPDATE goods SET stock = stock - q WHERE id = … AND
stock >= q` (the database serialises concurrent buyers on the row; whoever comes second sees
the new stock), and a CHECK constraint keeps stock at or above zero. Points are spent the same
way on the buyer's balance row. Every transaction takes the goods row before the points row,
so two orders never wait for each other in opposite order.

Payment events come from payments as hooks (`payments.order_paid`, `payments.refund_finished`)
inside the payments transaction; a payment that arrives after the order expired takes stock
again when there is some, else it is refunded in full."""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from core.audit import audit_record, snapshot
from core.crypto import blind_index
from core.errors import ApplicationError, Conflict, PermissionDenied
from tenant_apps.alumni.shop import selectors
from tenant_apps.alumni.shop.enums import Delivery, OrderStatus, PayMethod
from tenant_apps.alumni.shop.errors import ShopErrorCode
from tenant_apps.alumni.shop.models import (
    Category,
    Goods,
    Order,
    PointsAccount,
    PointsEntry,
    ShopSettings,
)

PAYMENT_PURPOSE = "alumni_shop"
PHONE_RE = re.compile(r"^1\d{10}$")
OS = OrderStatus


def _validated(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        message = next(iter(exc.message_dict.values()))[0]
        raise ApplicationError(message, fields=exc.message_dict) from exc


# --- settings and categories ----------------------------------------------------------------

SETTINGS_FIELDS = ("is_open", "allow_points", "payment_minutes", "pickup_address", "notice")


@transaction.atomic
def settings_save(*, actor, data: dict) -> ShopSettings:
    current = ShopSettings.objects.select_for_update().order_by("pk").first()
    before = snapshot(current) if current else None
    current = current or ShopSettings()
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if not 1 <= int(current.payment_minutes) <= 1440:
        raise ApplicationError("待支付保留时间须在 1 到 1440 分钟之间。", fields={"payment_minutes": ["须在 1 到 1440 之间。"]})
    _validated(current)
    current.save()
    audit_record(actor=actor, action="alumni_shop.settings_save", target=current, before=before, after=snapshot(current))
    return current


@transaction.atomic
def category_save(*, actor, name: str, sort_order: int = 0, category: Category | None = None) -> Category:
    name = name.strip()
    if not name:
        raise ApplicationError("请填写分类名称。", fields={"name": ["请填写分类名称。"]})
    if Category.objects.filter(name=name).exclude(pk=getattr(category, "pk", None)).exists():
        raise ApplicationError("已有同名分类。", fields={"name": ["已有同名分类。"]})
    category = category or Category()
    category.name, category.sort_order = name, sort_order
    _validated(category)
    category.save()
    audit_record(actor=actor, action="alumni_shop.category_save", target=category, after=snapshot(category))
    return category


@transaction.atomic
def category_delete(*, actor, category: Category) -> None:
    audit_record(actor=actor, action="alumni_shop.category_delete", target=category, before=snapshot(category))
    category.delete()  # goods keep existing without a category (SET_NULL)


# --- goods ----------------------------------------------------------------------------------


@dataclass
class GoodsInput:
    name: str
    price_fen: int = 0
    stock: int = 0
    category_id: int | None = None
    summary: str = ""
    description: str = ""
    points_price: int = 0
    limit_per_order: int = 5
    is_on_shelf: bool = False
    is_recommended: bool = False
    sort_order: int = 0


def _assign_goods(goods: Goods, data: GoodsInput) -> None:
    if data.category_id and not Category.objects.filter(pk=data.category_id).exists():
        raise ApplicationError("分类不存在。", fields={"category_id": ["分类不存在。"]})
    if data.price_fen <= 0 and data.points_price <= 0:
        raise ApplicationError("请填写价格或兑换积分。", fields={"price_fen": ["价格和兑换积分不能都为 0。"]})
    if data.limit_per_order < 1:
        raise ApplicationError("每单限购至少 1 件。", fields={"limit_per_order": ["至少 1 件。"]})
    for name in ("name", "price_fen", "stock", "category_id", "summary", "description", "points_price", "limit_per_order", "is_on_shelf",
                 "is_recommended", "sort_order"):
        setattr(goods, name, getattr(data, name))
    goods.name = goods.name.strip()


@transaction.atomic
def goods_create(*, actor, data: GoodsInput, image=None) -> Goods:
    goods = Goods()
    _assign_goods(goods, data)
    if image is not None:
        goods.image = image
    _validated(goods)
    goods.save()
    audit_record(actor=actor, action="alumni_shop.goods_create", target=goods, after=snapshot(goods, ["name", "price_fen", "points_price", "stock", "is_on_shelf"]))
    return goods


@transaction.atomic
def goods_update(*, actor, goods: Goods, data: GoodsInput, image=None) -> Goods:
    """Edit goods. Stock is set as an absolute number here (a stock count); orders in flight keep
    what they hold because the row is locked while we write."""
    goods = Goods.objects.select_for_update().get(pk=goods.pk)
    before = snapshot(goods, ["name", "price_fen", "points_price", "stock", "is_on_shelf", "is_recommended"])
    _assign_goods(goods, data)
    if image is not None:
        goods.image = image
    _validated(goods)
    goods.save()
    audit_record(actor=actor, action="alumni_shop.goods_update", target=goods, before=before,
                 after=snapshot(goods, ["name", "price_fen", "points_price", "stock", "is_on_shelf", "is_recommended"]))
    return goods


@transaction.atomic
def goods_set_shelf(*, actor, goods: Goods, on_shelf: bool) -> Goods:
    Goods.objects.filter(pk=goods.pk).update(is_on_shelf=on_shelf, updated_at=timezone.now())
    goods.refresh_from_db()
    audit_record(actor=actor, action="alumni_shop.goods_shelf", target=goods, after={"is_on_shelf": on_shelf})
    return goods


@transaction.atomic
def goods_delete(*, actor, goods: Goods) -> None:
    """Soft delete: orders keep pointing at it; it leaves the shelf and the lists."""
    Goods.objects.filter(pk=goods.pk).update(deleted_at=timezone.now(), is_on_shelf=False)
    audit_record(actor=actor, action="alumni_shop.goods_delete", target=goods, before=snapshot(goods, ["name", "stock"]))


# --- stock and points -----------------------------------------------------------------------


def _take_stock(goods_id: int, quantity: int) -> bool:
    """One conditional UPDATE: True when the pieces were there and are now ours."""
    return bool(Goods.objects.filter(pk=goods_id, stock__gte=quantity, is_on_shelf=True, deleted_at__isnull=True).update(stock=F("stock") - quantity))


def _return_stock(order: Order) -> None:
    """Give the order's pieces back once (and its sales, when they were counted)."""
    if order.stock_returned:
        return
    changes = {"stock": F("stock") + order.quantity}
    if order.paid_at is not None:
        changes["sold_count"] = F("sold_count") - order.quantity
    Goods.objects.filter(pk=order.goods_id).update(**changes)
    order.stock_returned = True


def _points_change(*, user, delta: int, reason: str, order: Order | None = None, actor=None) -> PointsEntry:
    """Add (delta > 0) or spend (delta < 0) points; spending never takes a balance below zero."""
    account, _ = PointsAccount.objects.get_or_create(user=user)
    if delta < 0:
        if not PointsAccount.objects.filter(pk=account.pk, balance__gte=-delta).update(balance=F("balance") + delta, updated_at=timezone.now()):
            raise Conflict("积分不足。", code=ShopErrorCode.POINTS_INSUFFICIENT)
    else:
        PointsAccount.objects.filter(pk=account.pk).update(balance=F("balance") + delta, updated_at=timezone.now())
    account.refresh_from_db()
    return PointsEntry.objects.create(account=account, delta=delta, balance_after=account.balance, reason=reason[:100], order=order,
                                      created_by_id=getattr(actor, "pk", None))


@transaction.atomic
def points_grant(*, actor, user, delta: int, reason: str) -> PointsEntry:
    """积分发放/扣减 by the association (e.g. for volunteering, donations, attendance)."""
    if not delta:
        raise ApplicationError("请填写积分变动数。", fields={"delta": ["不能为 0。"]})
    if not reason.strip():
        raise ApplicationError("请填写原因。", fields={"reason": ["请填写原因。"]})
    entry = _points_change(user=user, delta=delta, reason=reason.strip(), actor=actor)
    audit_record(actor=actor, action="alumni_shop.points_grant", target=entry.account, after={"delta": delta, "reason": reason[:100], "balance": entry.balance_after})
    return entry


# --- placing an order -----------------------------------------------------------------------


@dataclass
class OrderInput:
    quantity: int = 1
    pay_method: str = PayMethod.WECHAT
    delivery: str = Delivery.SHIP
    recipient_name: str = ""
    recipient_phone: str = ""
    address: str = ""
    note: str = ""


def _order_no() -> str:
    return "S" + timezone.localtime().strftime("%Y%m%d%H%M%S") + secrets.token_hex(4).upper()


def _check_input(goods: Goods, data: OrderInput, shop: ShopSettings) -> None:
    if not shop.is_open:
        raise Conflict("店铺暂未开放。", code=ShopErrorCode.SHOP_CLOSED)
    if goods.deleted_at is not None or not goods.is_on_shelf:
        raise Conflict("商品已下架。", code=ShopErrorCode.GOODS_UNAVAILABLE)
    if not 1 <= data.quantity <= goods.limit_per_order:
        raise ApplicationError(f"每单可购买 1 至 {goods.limit_per_order} 件。", code=ShopErrorCode.INVALID_ORDER, fields={"quantity": ["数量超出限购。"]})
    if data.pay_method not in PayMethod.values or data.delivery not in Delivery.values:
        raise ApplicationError("支付或配送方式无效。", code=ShopErrorCode.INVALID_ORDER)
    if data.pay_method == PayMethod.POINTS and not shop.allow_points:
        raise Conflict("本店暂不支持积分兑换。", code=ShopErrorCode.POINTS_NOT_ALLOWED)
    if data.pay_method == PayMethod.POINTS and not goods.points_price:
        raise Conflict("该商品不可用积分兑换。", code=ShopErrorCode.POINTS_NOT_ALLOWED)
    if data.pay_method == PayMethod.WECHAT and not goods.price_fen:
        raise Conflict("该商品仅限积分兑换。", code=ShopErrorCode.INVALID_ORDER)
    data.recipient_name, data.recipient_phone, data.address = data.recipient_name.strip(), data.recipient_phone.strip(), data.address.strip()
    if not data.recipient_name or not PHONE_RE.match(data.recipient_phone):
        raise ApplicationError("请填写联系人和 11 位手机号。", code=ShopErrorCode.INVALID_ORDER, fields={"recipient_phone": ["请填写 11 位手机号。"]})
    if data.delivery == Delivery.SHIP and len(data.address) < 5:
        raise ApplicationError("请填写收货地址。", code=ShopErrorCode.INVALID_ORDER, fields={"address": ["请填写收货地址。"]})
    if data.delivery == Delivery.PICKUP:
        data.address = ""


@transaction.atomic
def order_place(*, actor, goods: Goods, data: OrderInput) -> Order:
    """下单: takes the stock at once. WeChat Pay orders wait for payment (stock held for the
    shop's payment minutes); points orders are paid on the spot from the balance."""
    shop = selectors.shop_settings()
    goods = Goods.objects.get(pk=goods.pk)
    _check_input(goods, data, shop)
    if not _take_stock(goods.pk, data.quantity):
        raise Conflict("库存不足，已售罄。", code=ShopErrorCode.OUT_OF_STOCK)
    now = timezone.now()
    order = Order(order_no=_order_no(), user=actor, goods=goods, goods_name=goods.name, quantity=data.quantity, pay_method=data.pay_method,
                  delivery=data.delivery, recipient_name=data.recipient_name[:30], recipient_phone=data.recipient_phone,
                  recipient_phone_hash=blind_index(data.recipient_phone), address=data.address[:300], note=data.note.strip()[:200])
    if data.pay_method == PayMethod.POINTS:
        order.points_total = goods.points_price * data.quantity
        order.status, order.paid_at = OS.PAID, now
    else:
        order.unit_price_fen, order.total_fen = goods.price_fen, goods.price_fen * data.quantity
        order.status, order.payment_due_at = OS.AWAITING_PAYMENT, now + datetime.timedelta(minutes=shop.payment_minutes)
    order.full_clean()
    order.save()
    if data.pay_method == PayMethod.POINTS:
        _points_change(user=actor, delta=-order.points_total, reason=f"兑换 {goods.name} ×{data.quantity}", order=order, actor=actor)
        Goods.objects.filter(pk=goods.pk).update(sold_count=F("sold_count") + data.quantity)
    audit_record(actor=actor, action="alumni_shop.order_place", target=order,
                 after=snapshot(order, ["order_no", "goods_name", "quantity", "pay_method", "total_fen", "points_total", "status"]))
    return order


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


# --- payment --------------------------------------------------------------------------------


def order_pay(*, actor, order: Order, openid: str, notify_url: str = ""):
    """Start (or resume) the WeChat Pay JSAPI payment of an unpaid order. Returns the payments Checkout."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.enums import OrderStatus as PaymentStatus
    from tenant_apps.payments.models import Order as PaymentOrder

    order = Order.objects.get(pk=order.pk)
    if order.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("只能支付自己的订单。")
    if order.status != OS.AWAITING_PAYMENT or order.payment_due_at <= timezone.now():
        raise Conflict("订单当前无需支付或已超时。", code=ShopErrorCode.ORDER_STATE)
    if order.payment_order_no:
        existing = PaymentOrder.objects.filter(out_trade_no=order.payment_order_no).first()
        if existing is not None and existing.status == PaymentStatus.CREATED and existing.prepay_id:
            return payments.Checkout(order=existing, jsapi=payments.order_checkout(order=existing))
    checkout = payments.order_create(purpose=PAYMENT_PURPOSE, reference=str(order.pk), description=f"校友店铺·{order.goods_name[:40]}×{order.quantity}",
                                     amount_fen=order.total_fen, payer=actor, payer_openid=openid, expires_at=order.payment_due_at, notify_url=notify_url)
    Order.objects.filter(pk=order.pk).update(payment_order_no=checkout.order.out_trade_no)
    return checkout


def _payment_checked(payment_order_no: str) -> bool:
    """Query the payment back (applying one we missed); False when WeChat Pay cannot answer."""
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.models import Order as PaymentOrder

    payment = PaymentOrder.objects.filter(out_trade_no=payment_order_no).first()
    if payment is None:
        return True
    try:
        payments.order_sync(order=payment)
    except ApplicationError:
        return False
    return True


def order_payment_sync(*, order: Order) -> Order:
    """The buyer says it is paid: ask WeChat Pay (the page's `ok` is no proof) and apply."""
    if order.payment_order_no and not _payment_checked(order.payment_order_no):
        raise ApplicationError("暂时无法确认支付结果，请稍后刷新。", status=503)
    order.refresh_from_db()
    return order


def on_order_paid(*, order) -> None:
    """payments.order_paid (inside the payments transaction)."""
    if order.purpose != PAYMENT_PURPOSE:
        return
    shop_order = Order.objects.select_for_update().filter(pk=int(order.reference)).first()
    if shop_order is None or shop_order.paid_at is not None:
        return
    shop_order.payment_order_no = order.out_trade_no
    if shop_order.status == OS.AWAITING_PAYMENT or (shop_order.status in (OS.EXPIRED, OS.CANCELLED) and _take_stock(shop_order.goods_id, shop_order.quantity)):
        shop_order.status, shop_order.paid_at = OS.PAID, timezone.now()
        shop_order.stock_returned, shop_order.closed_at, shop_order.close_reason = False, None, ""
        shop_order.save()
        Goods.objects.filter(pk=shop_order.goods_id).update(sold_count=F("sold_count") + shop_order.quantity)
        audit_record(actor=None, action="alumni_shop.order_paid", target=shop_order, after={"payment": order.out_trade_no})
        return
    # Paid after the order closed and the stock is gone: the money goes back in full.
    shop_order.save(update_fields=["payment_order_no", "updated_at"])
    audit_record(actor=None, action="alumni_shop.order_paid_late", target=shop_order, after={"payment": order.out_trade_no})
    _refund_on_commit(order.out_trade_no, order.amount_fen, "订单已关闭，自动退款", f"R{order.out_trade_no}L", None, "")


def on_refund_finished(*, refund) -> None:
    """payments.refund_finished: keep the order's refunded sum equal to what is not failed."""
    from tenant_apps.payments.enums import RefundStatus

    payment = refund.order
    if payment.purpose != PAYMENT_PURPOSE:
        return
    shop_order = Order.objects.select_for_update().filter(pk=int(payment.reference)).first()
    if shop_order is None:
        return
    committed = payment.refunds.exclude(status=RefundStatus.CLOSED).aggregate(s=Sum("amount_fen"))["s"] or 0
    if shop_order.payment_order_no == payment.out_trade_no and committed != shop_order.refunded_fen:
        shop_order.refunded_fen = min(committed, shop_order.total_fen)
        shop_order.save(update_fields=["refunded_fen", "updated_at"])
    audit_record(actor=None, action="alumni_shop.refund_result", target=shop_order, after={"refund": refund.out_refund_no, "status": refund.status})


def _refund_on_commit(payment_order_no: str, amount_fen: int, reason: str, out_refund_no: str, actor, notify_url: str) -> None:
    from tenant_apps.payments import services as payments
    from tenant_apps.payments.models import Order as PaymentOrder

    def refund():
        payment = PaymentOrder.objects.filter(out_trade_no=payment_order_no).first()
        if payment is not None:
            payments.refund_create(actor=actor, order=payment, amount_fen=amount_fen, reason=reason[:80], notify_url=notify_url, out_refund_no=out_refund_no)

    transaction.on_commit(refund)


# --- expiry, cancel, fulfilment, refunds ------------------------------------------------------


def expire_unpaid(*, now: datetime.datetime | None = None) -> int:
    """Unpaid orders past their time expire and their stock goes back. Each is first checked with
    WeChat Pay (the buyer may have paid a second ago); when WeChat Pay cannot answer, it waits."""
    now = now or timezone.now()
    due = []
    for pk, payment_order_no in Order.objects.filter(status=OS.AWAITING_PAYMENT, payment_due_at__lte=now).values_list("pk", "payment_order_no"):
        if payment_order_no and not _payment_checked(payment_order_no):
            continue
        due.append(pk)
    expired = 0
    for pk in due:
        with transaction.atomic():
            order = Order.objects.select_for_update(skip_locked=True).filter(pk=pk, status=OS.AWAITING_PAYMENT, payment_due_at__lte=now).first()
            if order is None:
                continue
            _close(order, OS.EXPIRED, "超时未支付")
            audit_record(actor=None, action="alumni_shop.order_expire", target=order)
            expired += 1
    return expired


def _close(order: Order, status: str, reason: str) -> None:
    _return_stock(order)
    order.status, order.closed_at, order.close_reason = status, timezone.now(), reason[:100]
    order.save()


def _is_staff(actor, perm: str) -> bool:
    return bool(actor and actor.has_perm(perm))


@transaction.atomic
def order_cancel(*, actor, order: Order, reason: str = "", notify_url: str = "") -> Order:
    """The buyer cancels an unpaid order; staff with the refund right may also cancel a paid order
    that has not shipped: WeChat Pay money goes back in full, points return to the balance."""
    order = _locked(order)
    staff = _is_staff(actor, "alumni_shop.refund_order")
    if order.user_id != getattr(actor, "pk", None) and not staff:
        raise PermissionDenied("只能取消自己的订单。")
    if order.status == OS.AWAITING_PAYMENT:
        _close(order, OS.CANCELLED, reason or ("买家取消" if order.user_id == actor.pk else "店铺取消"))
    elif order.status == OS.PAID and staff:
        _refund_everything(actor, order, reason or "店铺取消订单", notify_url)
        order.status = OS.CANCELLED
        order.save(update_fields=["status", "updated_at"])
    else:
        raise Conflict("当前状态的订单不能取消。", code=ShopErrorCode.ORDER_STATE)
    audit_record(actor=actor, action="alumni_shop.order_cancel", target=order, after={"status": order.status, "reason": order.close_reason})
    return order


def _refund_everything(actor, order: Order, reason: str, notify_url: str, *, restock: bool = True) -> None:
    """Refund what is left of the order and close it (stock back unless the goods are gone)."""
    if order.pay_method == PayMethod.POINTS:
        if order.points_total:
            _points_change(user=order.user, delta=order.points_total, reason=f"退回：{order.goods_name}", order=order, actor=actor)
    else:
        remaining = order.total_fen - order.refunded_fen
        if remaining > 0:
            _refund_on_commit(order.payment_order_no, remaining, reason, f"R{order.payment_order_no}F", actor, notify_url)
            order.refunded_fen = order.total_fen
    if restock:
        _return_stock(order)
    order.status, order.closed_at, order.close_reason = OS.REFUNDED, timezone.now(), reason[:100]
    order.save()


@transaction.atomic
def order_refund(*, actor, order: Order, amount_fen: int | None = None, reason: str = "", restock: bool = True, notify_url: str = "") -> Order:
    """退款 by staff: `amount_fen` None (or the whole rest) refunds in full and closes the order,
    returning the stock (`restock=False` when the goods did not come back); a smaller amount is a
    partial refund (e.g. a price difference) and the order stays as it is. Points orders are
    refunded in full only."""
    order = _locked(order)
    if order.status not in (OS.PAID, OS.SHIPPED, OS.DONE):
        raise Conflict("只有已支付的订单可以退款。", code=ShopErrorCode.ORDER_STATE)
    reason = reason.strip() or "店铺退款"
    remaining = order.total_fen - order.refunded_fen
    if order.pay_method == PayMethod.POINTS or amount_fen is None or amount_fen == remaining:
        _refund_everything(actor, order, reason, notify_url, restock=restock)
    else:
        if amount_fen <= 0 or amount_fen > remaining:
            raise ApplicationError(f"退款金额须在 0.01 至 {remaining / 100:.2f} 元之间。", code=ShopErrorCode.REFUND_TOO_LARGE,
                                   fields={"amount_fen": ["退款金额超出可退金额。"]})
        sequence = _partial_refund_sequence(order)
        _refund_on_commit(order.payment_order_no, amount_fen, reason, f"R{order.payment_order_no}P{sequence:02d}", actor, notify_url)
        order.refunded_fen += amount_fen
        order.save(update_fields=["refunded_fen", "updated_at"])
    audit_record(actor=actor, action="alumni_shop.order_refund", target=order,
                 after={"amount_fen": amount_fen if amount_fen is not None else remaining, "points": order.points_total if order.pay_method == PayMethod.POINTS else 0,
                        "restock": restock, "status": order.status})
    return order


def _partial_refund_sequence(order: Order) -> int:
    from tenant_apps.payments.models import Refund

    return Refund.objects.filter(order__out_trade_no=order.payment_order_no).count() + 1


@transaction.atomic
def order_ship(*, actor, order: Order, company: str = "", tracking_no: str = "") -> Order:
    """发货 (express: company and tracking number) or, for pick-up, ready to collect."""
    order = _locked(order)
    if order.status != OS.PAID:
        raise Conflict("只有待发货的订单可以发货。", code=ShopErrorCode.ORDER_STATE)
    if order.delivery == Delivery.SHIP and not (company.strip() and tracking_no.strip()):
        raise ApplicationError("请填写快递公司和快递单号。", fields={"tracking_no": ["请填写快递单号。"]})
    order.tracking_company, order.tracking_no = company.strip()[:30], tracking_no.strip()[:40]
    order.status, order.shipped_at = OS.SHIPPED, timezone.now()
    order.save()
    audit_record(actor=actor, action="alumni_shop.order_ship", target=order, after={"company": order.tracking_company, "tracking_no": order.tracking_no})
    return order


@transaction.atomic
def order_complete(*, actor, order: Order) -> Order:
    """完成: the buyer received it (or collected it at the pick-up point)."""
    order = _locked(order)
    buyer = order.user_id == getattr(actor, "pk", None)
    if not buyer and not _is_staff(actor, "alumni_shop.fulfil_order"):
        raise PermissionDenied("无权操作该订单。")
    allowed = (OS.SHIPPED,) if buyer and not _is_staff(actor, "alumni_shop.fulfil_order") else (OS.SHIPPED, OS.PAID)
    if order.status not in allowed or (order.status == OS.PAID and order.delivery != Delivery.PICKUP):
        raise Conflict("当前状态的订单不能完成。", code=ShopErrorCode.ORDER_STATE)
    order.status, order.done_at = OS.DONE, timezone.now()
    order.save()
    audit_record(actor=actor, action="alumni_shop.order_complete", target=order)
    return order


def recipient_read(*, actor, order: Order) -> dict:
    """The order's contact in full, for fulfilment staff; each read is audited."""
    if not _is_staff(actor, "alumni_shop.fulfil_order"):
        raise PermissionDenied("无权查看收货信息。")
    audit_record(actor=actor, action="alumni_shop.recipient_read", target=order, after={"fields": ["recipient_phone", "address"]})
    return {"name": order.recipient_name, "phone": order.recipient_phone, "address": order.address}

