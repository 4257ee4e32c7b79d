"""What the alumni shop holds about a person (orders with their recipient details, the points
account and ledger), for personal-data requests (core.personal_data, P21, docs/decisions/0139)."""

from __future__ import annotations

from core.personal_data import (
    ERASE,
    PSEUDONYMISE,
    DataKind,
    ErasureStep,
    Section,
    Subject,
    model_rows,
    register_personal_data_provider,
)

ORDER_REASON = ("《会计法》第二十三条、《会计档案管理办法》第十四条：销售与收款记录作为会计凭证保管三十年；"
                "《电子商务法》第三十一条：交易信息自交易完成之日起保存不少于三年（收货人、电话、地址、留言已删除）")
ORDER_FIELDS = ["order_no", "goods_name", "quantity", "pay_method", "total_fen", "points_total", "status", "delivery", "recipient_name",
                "recipient_phone", "address", "note", "paid_at", "tracking_company", "tracking_no", "shipped_at", "done_at", "created_at"]


def _with_recipient(subject: Subject) -> list:
    from tenant_apps.alumni.shop.models import Order

    return [o for o in Order.objects.filter(user_id=subject.user_id).order_by("-created_at") if o.recipient_name or o.recipient_phone or o.address]


def collect(subject: Subject) -> list[Section]:
    from tenant_apps.alumni.shop.models import Order, PointsAccount, PointsEntry

    entries = PointsEntry.objects.filter(account__user_id=subject.user_id).select_related("order").order_by("created_at", "pk")
    return [
        Section("alumni_shop.orders", model_rows(Order.objects.filter(user_id=subject.user_id).order_by("-created_at"), ORDER_FIELDS)),
        Section("alumni_shop.recipient", model_rows(_with_recipient(subject), ["order_no", "recipient_name", "recipient_phone", "address"])),
        Section("alumni_shop.points", model_rows(PointsAccount.objects.filter(user_id=subject.user_id), ["balance", "updated_at"])
                + model_rows(entries, ["delta", "balance_after", "reason", "order", "created_at"])),
    ]


def erase(subject: Subject) -> list[ErasureStep]:
    from tenant_apps.alumni.shop.models import Order, PointsAccount, PointsEntry

    orders = Order.objects.filter(user_id=subject.user_id)
    with_recipient = len(_with_recipient(subject))
    # The row stays for the books; the name, phone, address and note on it are gone. The order
    # keeps pointing at the account, which the accounts provider leaves as a nameless stub.
    order_count = orders.update(recipient_name="", recipient_phone="", recipient_phone_hash="", address="", note="")
    entries = PointsEntry.objects.filter(account__user_id=subject.user_id).count()
    PointsAccount.objects.filter(user_id=subject.user_id).delete()  # its entries go with it
    return [
        ErasureStep("alumni_shop.orders", order_count, note="订单保留（金额、商品、时间、快递单号），买家留言已删除"),
        ErasureStep("alumni_shop.recipient", with_recipient, note="收货人姓名、手机号、地址已删除"),
        ErasureStep("alumni_shop.points", entries),
    ]


register_personal_data_provider(
    "alumni_shop", label="校友商店", order=54,
    kinds=[
        DataKind("alumni_shop.orders", "订单", PSEUDONYMISE, legal_reason=ORDER_REASON),
        DataKind("alumni_shop.recipient", "收货信息", ERASE),
        DataKind("alumni_shop.points", "积分账户与明细", ERASE),
    ],
    collect=collect, erase=erase,
)
