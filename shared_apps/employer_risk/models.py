"""Shared employer risk (issue 14 item 8): one row per (credit code, school) that black-listed
the code and chose to share it. The school is stored only as a keyed hash of its schema, so the
table itself does not say which schools flagged a code; readers only ever get counts."""

from __future__ import annotations

from django.db import models

from core.employer_risk import RiskCategory


class SharedRiskSignal(models.Model):
    credit_code = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    school_key = models.CharField("学校（密钥散列）", max_length=64)
    category = models.CharField("类别", max_length=20, choices=RiskCategory.choices)
    created_at = models.DateTimeField("共享时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "共享的单位风险提示"
        constraints = [models.UniqueConstraint(fields=["credit_code", "school_key"], name="employer_risk_one_signal_per_school")]

    def __str__(self) -> str:
        return f"{self.credit_code} · {self.get_category_display()}"
