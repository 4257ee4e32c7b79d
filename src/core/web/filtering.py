"""Parsing list-page filters from the query string: dates, day bounds, IP addresses."""

from __future__ import annotations

import datetime
import ipaddress

from django.utils import timezone


def parse_day(value: str | None) -> datetime.date | None:
    """An ISO date ("2025-03-01"), or None when empty or malformed (filters never error)."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in the current time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def is_ip_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
