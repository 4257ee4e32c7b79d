"""Plan limits (e.g. number of students, alumni, experts). Billing registers where limits come
from; apps call `limit_check` before creating counted things."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

from core.errors import ApplicationError

LIMIT_LABELS = {"users": "用户", "students": "学生", "alumni": "校友", "experts": "专家"}
_provider: Callable[[object], dict[str, int]] | None = None


class PlanLimitReached(ApplicationError):
    code = "plan_limit_reached"
    status = 403


def register_limit_provider(func: Callable[[object], dict[str, int]]) -> None:
    global _provider
    _provider = func


def limits_for_current_tenant() -> dict[str, int]:
    tenant = getattr(connection, "tenant", None)
    if tenant is None or _provider is None or getattr(tenant, "schema_name", "public") == "public":
        return {}
    return _provider(tenant)


def limit_check(*, key: str, current_count: int, adding: int = 1) -> None:
    limit = limits_for_current_tenant().get(key)
    if limit is not None and current_count + adding > int(limit):
        label = LIMIT_LABELS.get(key, key)
        raise PlanLimitReached(
            f"已达到当前套餐的{label}数量上限（{limit}），请升级套餐或联系客服。",
            fields={"__all__": [f"{label}数量上限 {limit}"]},
        )
