"""Audience resolvers: turn an audience spec into recipients, streaming.

A spec is {"resolver": "<name>", "filters": {...}}. Modules register their own resolvers
(e.g. "employment.students" filtering by graduation year and major) with
`register_audience_resolver`. A resolver yields `Recipient`s lazily so that memory stays flat
however large the audience is.

A resolver whose audience is a set of platform users should also pass `user_query`: a function
of the filters returning a queryset of user ids (`User.objects.filter(...).values("pk")`). The
gateway then snapshots the audience set-based (one streamed query joining users and their
opt-outs, one INSERT per 5,000 rows, phone ciphertexts copied as they are) instead of building
one Recipient per person (docs/decisions/0122).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from tenant_apps.messaging.recipients import Recipient

AudienceFunction = Callable[[dict], Iterable[Recipient]]
UserQueryFunction = Callable[[dict], QuerySet]


@dataclass(frozen=True)
class AudienceResolver:
    name: str
    label: str
    func: AudienceFunction
    user_query: UserQueryFunction | None = None


_resolvers: dict[str, AudienceResolver] = {}


def register_audience_resolver(name: str, func: AudienceFunction, *, label: str = "", user_query: UserQueryFunction | None = None) -> None:
    _resolvers[name] = AudienceResolver(name=name, label=label or name, func=func, user_query=user_query)


def audience_resolver(name: str) -> AudienceResolver | None:
    return _resolvers.get(name)


def audience_resolvers() -> list[AudienceResolver]:
    return sorted(_resolvers.values(), key=lambda r: r.name)


def resolve_audience(spec: dict) -> Iterator[Recipient]:
    resolver = _resolvers[spec["resolver"]]
    yield from resolver.func(dict(spec.get("filters") or {}))


def audience_user_query(spec: dict) -> QuerySet | None:
    """The user-id queryset of a set-based resolver, or None (stream its Recipients instead)."""
    resolver = _resolvers.get(spec.get("resolver", ""))
    if resolver is None or resolver.user_query is None:
        return None
    return resolver.user_query(dict(spec.get("filters") or {}))


def _account_users_query(filters: dict) -> QuerySet:
    from tenant_apps.accounts.models import OrgUnit, User

    queryset = User.objects.filter(is_active=True)
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("group_id"):
        queryset = queryset.filter(groups__id=int(filters["group_id"]))
    if filters.get("org_unit_id"):
        unit = OrgUnit.objects.filter(pk=int(filters["org_unit_id"])).first()
        queryset = queryset.filter(org_unit__path__startswith=unit.path) if unit else queryset.none()
    if filters.get("user_ids"):
        queryset = queryset.filter(pk__in=[int(i) for i in filters["user_ids"]])
    return queryset.values("pk")


def _account_users(filters: dict) -> Iterator[Recipient]:
    """Active users of the tenant; filters: kind, group_id, org_unit_id, user_ids."""
    from tenant_apps.accounts.models import User
    from tenant_apps.messaging.models import ChannelOptOut

    queryset = User.objects.filter(pk__in=_account_users_query(filters))
    opted_out: dict[int, set[str]] = {}
    for user_id, channel in ChannelOptOut.objects.values_list("user_id", "channel"):
        opted_out.setdefault(user_id, set()).add(channel)
    rows = queryset.order_by("pk").values_list("pk", "display_name", "username", "phone", "email", "wechat_openid")
    for pk, display_name, username, phone, email, openid in rows.iterator(chunk_size=2000):
        yield Recipient(
            user_id=pk,
            name=display_name or username,
            phone=phone or "",
            email=email or "",
            openid=openid or "",
            opted_out=frozenset(opted_out.get(pk, ())),
        )


register_audience_resolver("accounts.users", _account_users, label="平台用户", user_query=_account_users_query)
