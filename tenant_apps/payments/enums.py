from django.db import models


class PayMode(models.TextChoices):
    DIRECT = "direct", "直连商户"
    PARTNER = "partner", "服务商模式（特约商户）"


class KeyMode(models.TextChoices):
    PUBLIC_KEY = "public_key", "微信支付公钥"
    PLATFORM_CERT = "platform_cert", "平台证书"


class OrderStatus(models.TextChoices):
    CREATED = "created", "待支付"
    PAID = "paid", "已支付"
    CLOSED = "closed", "已关闭"
    REFUNDED = "refunded", "已全额退款"
    PARTIALLY_REFUNDED = "partially_refunded", "部分退款"


class RefundStatus(models.TextChoices):
    PROCESSING = "processing", "退款中"
    SUCCESS = "success", "退款成功"
    ABNORMAL = "abnormal", "退款异常"
    CLOSED = "closed", "退款关闭"


class ReconciliationStatus(models.TextChoices):
    MATCHED = "matched", "一致"
    MISMATCHED = "mismatched", "有差异"
    FAILED = "failed", "失败"
