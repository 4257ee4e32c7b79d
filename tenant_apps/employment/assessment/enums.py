"""Choices of career assessment (E14)."""

from django.db import models


class InstrumentCode(models.TextChoices):
    RIASEC = "riasec", "职业兴趣（RIASEC）"
    BIGFIVE = "bigfive", "大五人格（IPIP）"
    MBTI = "mbti", "性格类型（本校授权题库）"
