"""Choices of job intentions and recommendations (E9)."""

from django.db import models

# A job's kind (tenant_apps.employment.jobs.enums.JobKind) is what a student intends: full-time
# work, an internship, or both.
from tenant_apps.employment.jobs.enums import JobKind  # noqa: F401 - re-exported for the forms

# Reason kinds of a recommendation, in the order the explanation lists them.
REASON_ORDER = ("major", "unit", "keyword", "city", "industry", "kind", "pay")

# How much each matching part weighs in the score (0-100).
WEIGHTS = {"major": 40, "unit": 10, "keyword": 15, "city": 20, "industry": 10, "pay": 10, "pay_partial": 4}
MAX_KEYWORDS = 2  # keyword points count at most twice
TOP_N = 30  # recommendations kept per student


class SalaryBand(models.IntegerChoices):
    """Bands of the pay floor, for the teachers' statistics."""

    NONE = 0, "未填写"
    UNDER_5K = 1, "5000 元以下"
    FROM_5K = 2, "5000-7999 元"
    FROM_8K = 3, "8000-11999 元"
    FROM_12K = 4, "12000 元及以上"


def salary_band(floor: int | None) -> int:
    if not floor:
        return SalaryBand.NONE
    if floor < 5000:
        return SalaryBand.UNDER_5K
    if floor < 8000:
        return SalaryBand.FROM_5K
    if floor < 12000:
        return SalaryBand.FROM_8K
    return SalaryBand.FROM_12K
