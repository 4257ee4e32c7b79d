"""Hooks that let public-schema code start work in tenant apps without importing them.

Tenant apps register initializers in their AppConfig.ready(); provisioning runs them inside
the new tenant's schema, in order, with the admin account details.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TenantSeed:
    schema_name: str
    name: str
    type: str
    modules: tuple[str, ...]
    admin_username: str
    admin_password: str | None = None
    admin_password_hash: str | None = None
    admin_email: str = ""
    admin_phone: str = ""
    admin_display_name: str = ""


TenantInitializer = Callable[[TenantSeed], None]
_initializers: list[tuple[int, str, TenantInitializer]] = []


def register_tenant_initializer(order: int, name: str, func: TenantInitializer) -> None:
    if any(existing == name for _, existing, _ in _initializers):
        return
    _initializers.append((order, name, func))
    _initializers.sort(key=lambda item: item[0])


def run_tenant_initializers(seed: TenantSeed) -> None:
    for _, _, func in _initializers:
        func(seed)


# Usage counters the console shows per tenant (users, students, alumni, experts...).
UsageCounter = Callable[[], dict[str, int]]
_usage_counters: list[UsageCounter] = []


def register_usage_counter(func: UsageCounter) -> None:
    if func not in _usage_counters:
        _usage_counters.append(func)


def collect_usage() -> dict[str, int]:
    usage: dict[str, int] = {}
    for func in _usage_counters:
        usage.update(func())
    return usage


# Demo data: apps register seeders that `manage.py seed_demo` runs inside each demo tenant.
DemoSeeder = Callable[[str, str], None]  # (schema_name, tenant_type)
_demo_seeders: list[tuple[int, str, DemoSeeder]] = []


def register_demo_seeder(order: int, name: str, func: DemoSeeder) -> None:
    if any(existing == name for _, existing, _ in _demo_seeders):
        return
    _demo_seeders.append((order, name, func))
    _demo_seeders.sort(key=lambda item: item[0])


def demo_seeders() -> list[tuple[int, str, DemoSeeder]]:
    return list(_demo_seeders)


# Named events between modules (ARCHITECTURE.md, "Between modules"): the module where a flow
# starts publishes, the module that cares subscribes in its AppConfig.ready(). Nothing happens
# when no one listens (the other module is switched off or absent). Handlers run in the
# publisher's tenant schema and transaction; a handler that must not block the publisher
# queues its own task on commit.
EventHandler = Callable[..., object]
_subscribers: dict[str, list[EventHandler]] = {}


def subscribe(event: str, handler: EventHandler) -> None:
    handlers = _subscribers.setdefault(event, [])
    if handler not in handlers:
        handlers.append(handler)


def publish(event: str, **payload) -> list[object]:
    """Calls every handler of `event` with the payload; returns their results in order."""
    return [handler(**payload) for handler in list(_subscribers.get(event, ()))]


def has_subscribers(event: str) -> bool:
    return bool(_subscribers.get(event))
