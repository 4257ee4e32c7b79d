"""Reads of the targeted push: the audience a filter selects (as graduate records, as user ids
for the gateway's set-based snapshot, as a count for the preview), the pushes and their logs."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q, QuerySet

from tenant_apps.accounts.models import OrgUnit, User
from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.push.enums import NO_DESTINATION
from tenant_apps.employment.push.models import Push
from tenant_apps.employment.students.enums import Education, VerificationStatus
from tenant_apps.employment.students.models import GraduateRecord
from tenant_apps.messaging.models import Delivery
from tenant_apps.messaging.recipients import Recipient

FILTER_KEYS = ("graduation_years", "educations", "origin_regions", "org_unit_ids", "verification_statuses", "destination_statuses", "destination_categories")


def _list(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def clean_filters(raw: dict) -> dict:
    """The filter keys we know, as lists of strings (ints for years and units); empty keys dropped.
    `scope_actor_id` (set by the service) limits the audience to the pusher's data scope."""
    cleaned: dict = {}
    for key in FILTER_KEYS:
        values = _list((raw or {}).get(key))
        if key in ("graduation_years", "org_unit_ids"):
            values = [int(v) for v in values if v.isdigit()]
        if values:
            cleaned[key] = values
    if (raw or {}).get("scope_actor_id"):
        cleaned["scope_actor_id"] = int(raw["scope_actor_id"])
    return cleaned


def push_records(*, filters: dict) -> QuerySet[GraduateRecord]:
    """Graduate records matching the filters (AND between keys, OR inside a key)."""
    from tenant_apps.employment.destinations.models import Destination

    filters = clean_filters(filters)
    queryset = GraduateRecord.objects.all()
    if filters.get("scope_actor_id"):
        actor = User.objects.filter(pk=filters["scope_actor_id"]).first()
        queryset = scoped(queryset, actor) if actor is not None else queryset.none()
    if filters.get("graduation_years"):
        queryset = queryset.filter(graduation_year__in=filters["graduation_years"])
    if filters.get("educations"):
        queryset = queryset.filter(education__in=filters["educations"])
    if filters.get("origin_regions"):
        condition = Q()
        for prefix in filters["origin_regions"]:
            condition |= Q(origin_region__startswith=prefix)
        queryset = queryset.filter(condition)
    if filters.get("org_unit_ids"):
        paths = list(OrgUnit.objects.filter(pk__in=filters["org_unit_ids"]).values_list("path", flat=True))
        condition = Q()
        for path in paths:
            condition |= Q(org_unit__path__startswith=path)
        queryset = queryset.filter(condition) if paths else queryset.none()
    if filters.get("verification_statuses"):
        queryset = queryset.filter(verification_status__in=filters["verification_statuses"])
    statuses = filters.get("destination_statuses") or []
    if statuses:
        filed = [s for s in statuses if s != NO_DESTINATION]
        condition = Q(Exists(Destination.objects.filter(record_id=OuterRef("pk"), status__in=filed))) if filed else Q(pk__in=[])
        if NO_DESTINATION in statuses:
            condition |= ~Q(Exists(Destination.objects.filter(record_id=OuterRef("pk"))))
        queryset = queryset.filter(condition)
    if filters.get("destination_categories"):
        queryset = queryset.filter(Exists(Destination.objects.filter(record_id=OuterRef("pk"), category__in=filters["destination_categories"])))
    return queryset


def push_audience_user_query(filters: dict) -> QuerySet:
    """User ids of the matching graduates who have an active account (the gateway's user_query)."""
    return User.objects.filter(is_active=True, pk__in=push_records(filters=filters).filter(user__isnull=False).values("user_id")).values("pk")


def push_audience_recipients(filters: dict) -> Iterator[Recipient]:
    """The same audience as Recipients (the gateway's streaming interface)."""
    from tenant_apps.messaging.audiences import audience_resolver

    user_ids = [row["pk"] for row in push_audience_user_query(filters)]
    if user_ids:
        yield from audience_resolver("accounts.users").func({"user_ids": user_ids})


def push_audience_count(*, filters: dict) -> dict[str, int]:
    """Preview: matching graduates, and how many of them can be reached (have an account)."""
    records = push_records(filters=filters)
    return {"matched": records.count(), "reachable": push_audience_user_query(filters).count()}


def push_list(*, q: str = "", kind: str = "") -> QuerySet[Push]:
    queryset = Push.objects.select_related("message", "created_by")
    if q:
        queryset = queryset.filter(title__icontains=q)
    if kind:
        queryset = queryset.filter(item_kind=kind)
    return queryset.order_by("-created_at", "-id")


def push_get(*, pk: int) -> Push | None:
    return Push.objects.select_related("message", "created_by").filter(pk=pk).first()


def push_log(*, push: Push, status: str = "", q: str = "") -> QuerySet[Delivery]:
    """Every student's result: one delivery row each (the channel that reached them, status, reason,
    time, and `first_failure`: why the first-choice channel did not). Rows that failed and fell
    back to another channel are left out: the student's row is the one on the later channel."""
    from tenant_apps.messaging.enums import DeliveryStatus

    if push.message_id is None:
        return Delivery.objects.none()
    queryset = Delivery.objects.filter(message_id=push.message_id).exclude(status=DeliveryStatus.REROUTED)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(recipient_name__icontains=q)
    return queryset.order_by("id")


def student_numbers(user_ids: list[int]) -> dict[int, tuple[str, str]]:
    """user id -> (student number, class name) for a page of the log (one query)."""
    rows = GraduateRecord.objects.filter(user_id__in=[u for u in user_ids if u]).values_list("user_id", "student_number", "org_unit__name")
    return {user_id: (number, unit) for user_id, number, unit in rows}


def filter_options(*, actor) -> dict:
    """Values the push form offers: cohorts, education levels, colleges/majors/classes in scope."""
    from tenant_apps.employment.destinations.enums import CATEGORY_CHOICES, DestinationStatus

    years = sorted(set(scoped(GraduateRecord.objects.all(), actor).values_list("graduation_year", flat=True)), reverse=True)
    units = list(OrgUnit.objects.filter(kind__in=["college", "major", "class"]).order_by("path").values("pk", "name", "kind", "path"))
    for unit in units:
        unit["depth"] = unit["path"].count("/") - 2
    return {
        "years": years,
        "educations": Education.choices,
        "units": units,
        "verification_statuses": VerificationStatus.choices,
        "destination_statuses": [(NO_DESTINATION, "未填报去向"), *DestinationStatus.choices],
        "destination_categories": CATEGORY_CHOICES,
        "regions": PROVINCES,
    }


def describe_filters(filters: dict) -> str:
    """A readable summary of the filters, e.g. "2026届；本科生毕业；计算机学院"."""
    from tenant_apps.employment.destinations.enums import CATEGORY_CHOICES, DestinationStatus

    filters = clean_filters(filters)
    parts: list[str] = []
    if filters.get("graduation_years"):
        parts.append("、".join(f"{y}届" for y in filters["graduation_years"]))
    if filters.get("educations"):
        labels = dict(Education.choices)
        parts.append("、".join(labels.get(v, v) for v in filters["educations"]))
    if filters.get("origin_regions"):
        names = dict(PROVINCES)
        parts.append("生源地：" + "、".join(names.get(v, v) for v in filters["origin_regions"]))
    if filters.get("org_unit_ids"):
        parts.append("、".join(OrgUnit.objects.filter(pk__in=filters["org_unit_ids"]).order_by("path").values_list("name", flat=True)))
    if filters.get("verification_statuses"):
        labels = dict(VerificationStatus.choices)
        parts.append("核验：" + "、".join(labels.get(v, v) for v in filters["verification_statuses"]))
    if filters.get("destination_statuses"):
        labels = {NO_DESTINATION: "未填报去向", **dict(DestinationStatus.choices)}
        parts.append("去向状态：" + "、".join(labels.get(v, v) for v in filters["destination_statuses"]))
    if filters.get("destination_categories"):
        labels = dict(CATEGORY_CHOICES)
        parts.append("去向类别：" + "、".join(labels.get(v, v) for v in filters["destination_categories"]))
    return "；".join(parts) or "全部毕业生"


# Province-level GB/T 2260 prefixes for the 生源地 filter.
PROVINCES = [
    ("11", "北京"), ("12", "天津"), ("13", "河北"), ("14", "山西"), ("15", "内蒙古"), ("21", "辽宁"), ("22", "吉林"), ("23", "黑龙江"),
    ("31", "上海"), ("32", "江苏"), ("33", "浙江"), ("34", "安徽"), ("35", "福建"), ("36", "江西"), ("37", "山东"), ("41", "河南"),
    ("42", "湖北"), ("43", "湖南"), ("44", "广东"), ("45", "广西"), ("46", "海南"), ("50", "重庆"), ("51", "四川"), ("52", "贵州"),
    ("53", "云南"), ("54", "西藏"), ("61", "陕西"), ("62", "甘肃"), ("63", "青海"), ("64", "宁夏"), ("65", "新疆"),
    ("71", "台湾"), ("81", "香港"), ("82", "澳门"),
]
