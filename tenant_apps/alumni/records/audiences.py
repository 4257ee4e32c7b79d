"""Alumni audiences for the messaging gateway. Every recipient carries `is_deceased` (from the
record) and the person's opt-outs, so the gateway skips the deceased and those who refused,
whoever builds the message (greetings, invitations, solicitations, birthdays)."""

from __future__ import annotations

from collections.abc import Iterator

from tenant_apps.messaging.recipients import Recipient


def _opt_outs(user_ids) -> dict[int, set[str]]:
    from tenant_apps.messaging.models import ChannelOptOut

    result: dict[int, set[str]] = {}
    for user_id, channel in ChannelOptOut.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "channel"):
        result.setdefault(user_id, set()).add(channel)
    return result


def record_recipients(queryset) -> Iterator[Recipient]:
    """Recipients for records (not merged away); linked members' accounts bring their openid
    and opt-outs; a record's own 'refuses SMS' flag counts too."""
    from tenant_apps.alumni.records.models import Member

    queryset = queryset.filter(merged_into__isnull=True).order_by("pk")
    for chunk_start in range(0, 10**9, 2000):
        chunk = list(queryset.only("pk", "name", "phone", "email", "is_deceased", "contact_opt_out")[chunk_start:chunk_start + 2000])
        if not chunk:
            return
        users = {m.record_id: m.user for m in Member.objects.filter(record__in=chunk).select_related("user")}
        opted = _opt_outs(u.pk for u in users.values())
        for record in chunk:
            user = users.get(record.pk)
            outs = set(opted.get(user.pk, ())) if user else set()
            if record.contact_opt_out:
                outs.add("sms")
            yield Recipient(user_id=user.pk if user else None, name=record.name, phone=record.phone or (user.phone if user else ""),
                            email=record.email or (user.email if user else ""), openid=user.wechat_openid if user else "",
                            is_deceased=record.is_deceased, opted_out=frozenset(outs))


def _records(filters: dict) -> Iterator[Recipient]:
    """Records; filters: class_year, graduation_year, college_id, region, record_ids."""
    from tenant_apps.alumni.records.models import AlumniRecord

    queryset = AlumniRecord.objects.all()
    for key in ("class_year", "graduation_year", "college_id"):
        if filters.get(key):
            queryset = queryset.filter(**{key: int(filters[key])})
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("record_ids"):
        queryset = queryset.filter(pk__in=[int(i) for i in filters["record_ids"]])
    yield from record_recipients(queryset)


def _members(filters: dict) -> Iterator[Recipient]:
    """Approved members; filters: organization_id (a chapter and its sub-chapters), group_id, member_ids."""
    from tenant_apps.alumni.records.models import Member

    queryset = Member.objects.filter(status="approved", user__is_active=True).select_related("user", "record")
    if filters.get("group_id"):
        queryset = queryset.filter(groups__id=int(filters["group_id"]))
    if filters.get("member_ids"):
        queryset = queryset.filter(pk__in=[int(i) for i in filters["member_ids"]])
    if filters.get("organization_id"):
        from tenant_apps.alumni.orgs.selectors import member_ids_of_org_tree

        queryset = queryset.filter(pk__in=member_ids_of_org_tree(int(filters["organization_id"])))
    members = list(queryset.order_by("pk"))
    opted = _opt_outs(m.user_id for m in members)
    for member in members:
        user, record = member.user, member.record
        outs = set(opted.get(user.pk, ()))
        if record is not None and record.contact_opt_out:
            outs.add("sms")
        yield Recipient(user_id=user.pk, name=member.name, phone=user.phone or "", email=user.email or "", openid=user.wechat_openid or "",
                        is_deceased=bool(record and record.is_deceased), opted_out=frozenset(outs))


def register() -> None:
    from tenant_apps.messaging.audiences import register_audience_resolver

    register_audience_resolver("alumni.records", _records, label="校友档案")
    register_audience_resolver("alumni.members", _members, label="注册校友")


def deceased_user_ids(*, user_ids: list[int], **_ignored) -> list[int]:
    """Answers the gateway's `people.deceased_user_ids`: accounts whose alumni record is marked
    deceased, so a message through any audience (not only the alumni ones) skips them."""
    from tenant_apps.alumni.records.models import Member

    return list(Member.objects.filter(user_id__in=user_ids, record__is_deceased=True).values_list("user_id", flat=True))
