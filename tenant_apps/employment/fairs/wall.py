"""The live wall's change counter: one Redis key per fair that check-ins, booth moves and
applications bump after commit, and that wall streams poll (docs/decisions/0118)."""

from __future__ import annotations

import logging

from django.db import connection

logger = logging.getLogger(__name__)
WALL_KEY = "fairs:wall:{schema}:{fair_id}"


def redis_client():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def wall_key(fair_id: int) -> str:
    return WALL_KEY.format(schema=connection.schema_name, fair_id=fair_id)


def wall_bump(fair_id: int) -> None:
    """Tell the wall screens of a fair that its figures changed (one INCR). Redis down only
    delays the wall until its next periodic refresh."""
    try:
        redis_client().incr(wall_key(fair_id))
    except Exception:  # noqa: BLE001
        logger.warning("fair wall counter not bumped", extra={"fair": fair_id})


def wall_version(fair_id: int) -> int:
    try:
        return int(redis_client().get(wall_key(fair_id)) or 0)
    except Exception:  # noqa: BLE001 - without Redis the stream refreshes on its own clock
        return -1
