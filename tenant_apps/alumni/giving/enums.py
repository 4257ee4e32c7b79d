from django.db import models


class Audience(models.TextChoices):
    """Who may see and give: the law (慈善法 art 22/23/26) allows an association without
    public-fundraising status to appeal only to its own members."""

    MEMBERS = "members", "仅限本会认证校友（定向募捐）"
    PUBLIC = "public", "公开募捐（须基金会公开募捐资格）"


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "募捐中"
    FINISHED = "finished", "已结束"


class DonationStatus(models.TextChoices):
    PENDING = "pending", "待支付"
    PAID = "paid", "已到账"
    REFUNDED = "refunded", "已退款"
    CANCELLED = "cancelled", "已取消"


class DonationChannel(models.TextChoices):
    WECHAT = "wechat", "微信支付"
    OFFLINE = "offline", "线下（转账/现金）"


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", "项目进展"
    SPENDING = "spending", "支出明细"
    USAGE_REPORT = "usage_report", "使用报告"


class CertificateDesign(models.TextChoices):
    CLASSIC = "classic", "典雅红"
    CAMPUS = "campus", "校园蓝"
    JADE = "jade", "青玉绿"


class FieldKind(models.TextChoices):
    TEXT = "text", "单行文本"
    CHOICE = "choice", "单选"
