"""Orders, notifications, refunds and reconciliation (WeChat Pay v3, amounts in fen).

The owning feature learns what happened through `core.hooks` events, in the same transaction:
`payments.order_paid(order=)` and `payments.refund_finished(refund=)`; it never parses a
notification itself. Rules kept here (docs/decisions/0020 and 0101):
- a notification counts only if its signature verifies, its timestamp is within 5 minutes and
  its id was never applied (unique row inserted in the applying transaction);
- an order is marked paid only after querying it back and comparing mchid, appid and amount;
- a refund number is made once per refund: asking again with it never refunds twice.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import json
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from core import hooks
from core.audit import audit_record, snapshot
from core.errors import ApplicationError, Conflict
from tenant_apps.payments import pay
from tenant_apps.payments.enums import OrderStatus, ReconciliationStatus, RefundStatus
from tenant_apps.payments.errors import PaymentErrorCode
from tenant_apps.payments.models import (
    MerchantSettings,
    Notification,
    Order,
    Reconciliation,
    Refund,
)

FRESHNESS_SECONDS = 300
EVENT_PAID = "payments.order_paid"
EVENT_REFUND = "payments.refund_finished"


class GatewayError(ApplicationError):
    code = PaymentErrorCode.GATEWAY_ERROR
    status = 502


def default_notify_url() -> str:
    """https://<tenant primary domain>/api/v1/payments/notify/ (WeChat Pay wants HTTPS, no query)."""
    from django.db import connection
    from django.urls import reverse

    tenant = getattr(connection, "tenant", None)
    domain = tenant.get_primary_domain() if tenant is not None and hasattr(tenant, "get_primary_domain") else None
    return f"https://{domain.domain if domain else 'localhost'}{reverse('api:payments:notify')}"


def merchant() -> MerchantSettings:
    found = MerchantSettings.objects.filter(is_enabled=True).first()
    if found is None:
        raise ApplicationError("本单位尚未配置微信支付。", code=PaymentErrorCode.NOT_CONFIGURED, status=409)
    return found


@transaction.atomic
def merchant_settings_save(*, actor, data: dict) -> MerchantSettings:
    """Create or update the merchant; blank secret fields keep the stored values."""
    current = MerchantSettings.objects.select_for_update().first()
    before = snapshot(current) if current else None
    current = current or MerchantSettings()
    for field in ("pay_mode", "appid", "mchid", "sub_mchid", "sub_appid", "cert_serial_no", "key_mode", "public_key", "public_key_id", "is_enabled"):
        if field in data:
            setattr(current, field, data[field])
    for secret in ("private_key", "apiv3_key"):
        if data.get(secret):
            setattr(current, secret, data[secret])
    if not current.is_partner:
        current.sub_mchid = current.sub_appid = ""
    try:
        current.full_clean()
    except ValidationError as exc:
        raise ApplicationError("商户设置不完整或格式错误。", code=PaymentErrorCode.SETTINGS_INVALID, fields=exc.message_dict) from exc
    current.save()
    audit_record(actor=actor, action="payments.merchant_save", target=current, before=before, after=snapshot(current))
    return current


def _out_trade_no() -> str:
    return timezone.localtime().strftime("%Y%m%d%H%M%S") + secrets.token_hex(6).upper()


def _call(func, *args, **kwargs) -> dict:
    try:
        code, body = func(*args, **kwargs)
    except Exception as exc:  # requests errors, signature failures of the response
        raise GatewayError("微信支付暂时无法访问，请稍后再试。") from exc
    data = json.loads(body) if isinstance(body, str) and body else {}
    if code >= 300:
        raise GatewayError(f"微信支付返回错误：{data.get('message') or code}")
    return data


@dataclass(frozen=True)
class Checkout:
    order: Order
    jsapi: dict[str, str]


def order_create(*, purpose: str, reference: str, description: str, amount_fen: int, payer, payer_openid: str, expires_at: datetime.datetime,
                 notify_url: str = "", beneficiary_label: str = "") -> Checkout:
    """A JSAPI order for `payer` (who may pay for someone else, named in `beneficiary_label`)."""
    if amount_fen <= 0:
        raise ApplicationError("金额必须大于 0。", fields={"amount_fen": ["金额必须大于 0。"]})
    if not payer_openid:
        raise ApplicationError("请在微信中打开以完成支付。", code=PaymentErrorCode.NOT_CONFIGURED, status=409)
    config = merchant()
    with transaction.atomic():
        order = Order(out_trade_no=_out_trade_no(), purpose=purpose, reference=str(reference), description=description[:127], amount_fen=amount_fen,
                      payer_user_id=getattr(payer, "pk", None), payer_openid=payer_openid, sub_mchid=config.sub_mchid if config.is_partner else "", beneficiary_label=beneficiary_label[:100], expires_at=expires_at)
        order.full_clean()
        order.save()
        audit_record(actor=payer, action="payments.order_create", target=order, after=snapshot(order, ["out_trade_no", "purpose", "reference", "amount_fen"]))
    data = _call(pay.client_for(config).pay, description=order.description, out_trade_no=order.out_trade_no,
                 amount={"total": amount_fen, "currency": "CNY"}, payer=pay.payer_for(config, payer_openid), notify_url=notify_url or default_notify_url(),
                 time_expire=timezone.localtime(expires_at).isoformat(timespec="seconds"), attach=f"{purpose}:{reference}"[:128],
                 **({"sub_mchid": order.sub_mchid, "sub_appid": config.sub_appid or None} if config.is_partner else {}))
    Order.objects.filter(pk=order.pk).update(prepay_id=data.get("prepay_id", ""))
    order.refresh_from_db()
    return Checkout(order=order, jsapi=pay.jsapi_parameters(config, order.prepay_id))


def order_checkout(*, order: Order) -> dict[str, str]:
    """JSAPI parameters again for an unpaid order (the payer came back to the page)."""
    if order.status != OrderStatus.CREATED or not order.prepay_id:
        raise Conflict("订单不可支付。", code=PaymentErrorCode.ORDER_STATE)
    return pay.jsapi_parameters(merchant(), order.prepay_id)


def _apply_transaction(order: Order, remote: dict) -> Order:
    """Mark paid from a queried-back transaction, inside a transaction holding the order row."""
    config = merchant()
    if remote.get("trade_state") != "SUCCESS" or order.status != OrderStatus.CREATED:
        return order
    if not pay.transaction_matches(config, remote, order.sub_mchid) or int((remote.get("amount") or {}).get("total", -1)) != order.amount_fen:
        audit_record(actor=None, action="payments.amount_mismatch", target=order,
                     after={"remote": remote.get("amount"), "mchid": remote.get("mchid") or remote.get("sp_mchid"), "sub_mchid": remote.get("sub_mchid", "")})
        return order
    order.status = OrderStatus.PAID
    order.transaction_id = remote.get("transaction_id", "")[:32]
    order.paid_at = timezone.now()
    order.save(update_fields=["status", "transaction_id", "paid_at", "updated_at"])
    audit_record(actor=None, action="payments.order_paid", target=order, after=snapshot(order, ["status", "transaction_id", "amount_fen"]))
    hooks.publish(EVENT_PAID, order=order)
    return order


def order_sync(*, order: Order) -> Order:
    """Ask WeChat Pay for the order's state and apply it (never trust the page's `ok`)."""
    config = merchant()
    remote = _call(pay.client_for(config).query, out_trade_no=order.out_trade_no, **pay.partner_args(config, order.sub_mchid))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        return _apply_transaction(locked, remote)


class NotificationRejected(Exception):
    """Answer 4xx: WeChat Pay will deliver again."""


def notification_handle(*, headers, body: bytes) -> str:
    """Verify, check freshness, apply once. Returns "applied" or "duplicate"; raises
    NotificationRejected for a forged or stale one and GatewayError when the query-back fails."""
    config = merchant()
    try:
        data = pay.client_for(config).callback(headers, body)
    except Exception as exc:
        raise NotificationRejected("unsupported signature") from exc
    if not data:
        raise NotificationRejected("bad signature")
    timestamp = headers.get("HTTP_WECHATPAY_TIMESTAMP") or headers.get("Wechatpay-Timestamp") or "0"
    try:
        age = abs(timezone.now().timestamp() - int(timestamp))
    except ValueError as exc:
        raise NotificationRejected("bad timestamp") from exc
    if age > FRESHNESS_SECONDS:
        raise NotificationRejected("stale notification")
    resource, event = data.get("resource") or {}, data.get("event_type", "")
    client = pay.client_for(config)
    remote = None
    extra = pay.partner_args(config, str(resource.get("sub_mchid", "")))
    if event.startswith("TRANSACTION."):
        remote = _call(client.query, out_trade_no=resource.get("out_trade_no", ""), **extra)
    elif event.startswith("REFUND."):
        remote = _call(client.query_refund, out_refund_no=resource.get("out_refund_no", ""), **extra)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Notification.objects.create(notification_id=str(data.get("id", ""))[:64], event_type=event[:40], out_trade_no=resource.get("out_trade_no", "")[:32])
        except IntegrityError:
            return "duplicate"
        if remote is not None and event.startswith("TRANSACTION."):
            order = Order.objects.select_for_update().filter(out_trade_no=resource.get("out_trade_no", "")).first()
            if order is not None:
                _apply_transaction(order, remote)
        elif remote is not None:
            refund = Refund.objects.select_for_update().filter(out_refund_no=resource.get("out_refund_no", "")).first()
            if refund is not None:
                _apply_refund(refund, remote)
    return "applied"


REFUND_STATES = {"SUCCESS": RefundStatus.SUCCESS, "ABNORMAL": RefundStatus.ABNORMAL, "CLOSED": RefundStatus.CLOSED, "PROCESSING": RefundStatus.PROCESSING}


def _apply_refund(refund: Refund, remote: dict) -> Refund:
    status = REFUND_STATES.get(remote.get("status") or remote.get("refund_status") or "", RefundStatus.PROCESSING)
    if refund.status == status or refund.status in (RefundStatus.SUCCESS, RefundStatus.CLOSED):
        return refund
    refund.status = status
    refund.refund_id = (remote.get("refund_id") or refund.refund_id)[:32]
    if status in (RefundStatus.SUCCESS, RefundStatus.CLOSED):
        refund.finished_at = timezone.now()
    refund.save(update_fields=["status", "refund_id", "finished_at"])
    if status == RefundStatus.SUCCESS:
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        order.refunded_fen = order.refunds.filter(status=RefundStatus.SUCCESS).aggregate(s=Sum("amount_fen"))["s"] or 0
        order.status = OrderStatus.REFUNDED if order.refunded_fen >= order.amount_fen else OrderStatus.PARTIALLY_REFUNDED
        order.save(update_fields=["refunded_fen", "status", "updated_at"])
    audit_record(actor=None, action="payments.refund_update", target=refund, after={"status": status})
    if status in (RefundStatus.SUCCESS, RefundStatus.CLOSED, RefundStatus.ABNORMAL):
        hooks.publish(EVENT_REFUND, refund=refund)
    return refund


def refund_create(*, actor, order: Order, amount_fen: int, reason: str, notify_url: str = "", out_refund_no: str | None = None) -> Refund:
    """Full or partial refund. With the same `out_refund_no` a second call returns the first
    refund (re-sending it to WeChat Pay if it is still processing) and never refunds twice."""
    if out_refund_no:
        existing = Refund.objects.filter(out_refund_no=out_refund_no).first()
        if existing is not None:
            if existing.status == RefundStatus.PROCESSING:
                _send_refund(existing, notify_url)
            return existing
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED):
            raise Conflict("订单未支付或已全额退款，不能退款。", code=PaymentErrorCode.ORDER_STATE)
        committed = locked.refunds.exclude(status=RefundStatus.CLOSED).aggregate(s=Sum("amount_fen"))["s"] or 0
        if amount_fen <= 0 or committed + amount_fen > locked.amount_fen:
            raise ApplicationError(f"退款金额超出可退金额（{(locked.amount_fen - committed) / 100:.2f} 元）。", code=PaymentErrorCode.REFUND_TOO_LARGE,
                                   fields={"amount_fen": ["退款金额超出可退金额。"]})
        refund = Refund(order=locked, out_refund_no=out_refund_no or f"R{locked.out_trade_no}{locked.refunds.count() + 1:02d}", amount_fen=amount_fen,
                        reason=reason[:80], requested_by_id=getattr(actor, "pk", None))
        refund.full_clean()
        refund.save()
        audit_record(actor=actor, action="payments.refund_create", target=refund, after=snapshot(refund, ["out_refund_no", "amount_fen", "reason"]))
    _send_refund(refund, notify_url)
    return refund


def _send_refund(refund: Refund, notify_url: str) -> None:
    order = refund.order
    try:
        config = merchant()
        data = _call(pay.client_for(config).refund, out_refund_no=refund.out_refund_no, out_trade_no=order.out_trade_no,
                     amount={"refund": refund.amount_fen, "total": order.amount_fen, "currency": "CNY"}, reason=refund.reason or None, notify_url=notify_url or default_notify_url(),
                     **pay.partner_args(config, order.sub_mchid))
    except GatewayError:
        return  # stays "processing"; refunds_resend() sends it again with the same number
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        _apply_refund(locked, data)
    refund.refresh_from_db()


def refunds_resend(*, notify_url: str = "") -> int:
    """Re-send refunds still processing after a minute (same numbers: no double refunds)."""
    stale = Refund.objects.filter(status=RefundStatus.PROCESSING, created_at__lt=timezone.now() - datetime.timedelta(minutes=1))
    for refund in stale.select_related("order")[:100]:
        _send_refund(refund, notify_url)
    return stale.count()


def _bill_rows(content: bytes) -> list[dict[str, str]]:
    """WeChat Pay trade bill CSV: a header row, then rows whose fields start with a backtick,
    then a summary header and a summary row."""
    text = content.decode("utf-8-sig")
    lines = text.splitlines()
    rows = []
    header = [h.strip() for h in next(csv.reader([lines[0]]))]
    for line in lines[1:]:
        if not line.startswith("`"):
            break  # summary section
        values = [v.strip().lstrip("`") for v in next(csv.reader([line]))]
        rows.append(dict(zip(header, values, strict=False)))
    return rows


def reconcile_day(*, bill_date: datetime.date) -> Reconciliation:
    """Compare the day's trade bill with our paid orders and successful refunds: payment rows
    (交易状态 SUCCESS) by 商户订单号 and amount, refund rows (交易状态 REFUND) by 商户退款单号,
    退款状态 and 退款金额, and our refunds that succeeded that day but are missing from the bill."""
    config = merchant()
    client = pay.client_for(config)
    try:
        info = _call(client.trade_bill, bill_date=bill_date.isoformat(), **pay.partner_args(config))
        code, content = client.download_bill(info["download_url"])
        if code != 200:
            raise GatewayError(f"账单下载失败：{code}")
        raw = content if isinstance(content, bytes) else content.encode()
        rows = _bill_rows(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (GatewayError, KeyError, StopIteration, IndexError) as exc:
        recon, _ = Reconciliation.objects.update_or_create(bill_date=bill_date, defaults={"status": ReconciliationStatus.FAILED, "error": str(exc)[:300]})
        return recon
    start = timezone.make_aware(datetime.datetime.combine(bill_date, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    ours = {o.out_trade_no: o for o in Order.objects.filter(paid_at__gte=start, paid_at__lt=end)}
    billed_refunds = {row.get("商户退款单号", "") for row in rows if row.get("交易状态") == "REFUND"}
    # One query for the refunds of every refund row (out_refund_no is unique).
    refunds_by_number = Refund.objects.in_bulk(billed_refunds, field_name="out_refund_no")
    differences, matched, seen = [], 0, set()
    for row in rows:
        no = row.get("商户订单号", "")
        state = row.get("交易状态", "")
        if state == "REFUND":
            problem = _refund_row_problem(row, refunds_by_number.get(row.get("商户退款单号", "")))
            if problem:
                differences.append({"out_trade_no": no, "out_refund_no": row.get("商户退款单号", ""), "problem": problem})
            else:
                matched += 1
            continue
        if state != "SUCCESS":
            continue
        seen.add(no)
        order = ours.get(no) or Order.objects.filter(out_trade_no=no).first()
        amount = _fen(row.get("应结订单金额") or row.get("订单金额"))
        if order is None:
            differences.append({"out_trade_no": no, "problem": "账单有、系统无"})
        elif order.status == OrderStatus.CREATED:
            differences.append({"out_trade_no": no, "problem": "账单已支付、系统未支付"})
        elif order.amount_fen != amount:
            differences.append({"out_trade_no": no, "problem": f"金额不一致：账单 {amount} 分，系统 {order.amount_fen} 分"})
        else:
            matched += 1
    for no in ours.keys() - seen:
        differences.append({"out_trade_no": no, "problem": "系统已支付、账单无"})
    succeeded = Refund.objects.filter(status=RefundStatus.SUCCESS, finished_at__gte=start, finished_at__lt=end).select_related("order")
    for refund in succeeded.exclude(out_refund_no__in=billed_refunds):
        differences.append({"out_trade_no": refund.order.out_trade_no, "out_refund_no": refund.out_refund_no, "problem": "系统已退款、账单无"})
    recon, _ = Reconciliation.objects.update_or_create(
        bill_date=bill_date, defaults={"status": ReconciliationStatus.MATCHED if not differences else ReconciliationStatus.MISMATCHED,
                                       "bill_rows": len(rows), "matched_rows": matched, "differences": differences, "error": ""})
    return recon


def _fen(yuan: str | None) -> int:
    return round(float(yuan or 0) * 100)


def _refund_row_problem(row: dict[str, str], refund: Refund | None) -> str:
    """What is wrong with one refund row of the bill compared with our refund of the same
    商户退款单号 ("" when it matches)."""
    if refund is None:
        return "账单有退款、系统无"
    status = REFUND_STATES.get(row.get("退款状态", ""), RefundStatus.PROCESSING)
    if refund.status != status:
        return f"退款状态不一致：账单 {RefundStatus(status).label}，系统 {refund.get_status_display()}"
    amount = _fen(row.get("退款金额") or row.get("申请退款金额"))
    if refund.amount_fen != amount:
        return f"退款金额不一致：账单 {amount} 分，系统 {refund.amount_fen} 分"
    return ""
