from django.db import models


class FeeStatus(models.TextChoices):
    """Where a workload line stands: entered, letter out for signing, signed, paid."""

    DRAFT = "draft", "草稿"
    SENT = "sent", "待专家签字"
    SIGNED = "signed", "已签字"
    PAID = "paid", "已发放"


class LetterStatus(models.TextChoices):
    SENT = "sent", "待签字"
    SIGNED = "signed", "已签字"
    WITHDRAWN = "withdrawn", "已作废"


# Lines whose amounts may be paid out (the expert has signed the current letter).
PAYABLE = (FeeStatus.SIGNED, FeeStatus.PAID)
