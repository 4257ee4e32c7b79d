"""Filters for list endpoints, driven by allow lists declared on the view:

    filter_fields = {"status": "status", "org_unit": "org_unit_id"}   # ?status=open (exact match)
    search_fields = ("name", "email")                                   # ?search=张 (icontains, OR)
    ordering_fields = ("created_at", "name")                            # ?ordering=-created_at,name
    ordering = ("-created_at",)                                         # default

Anything outside the allow lists is refused with a 400 validation error instead of being
silently ignored, so an integrator learns at once that a filter did not apply.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

SEARCH_PARAM = "search"
ORDERING_PARAM = "ordering"


def _invalid(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [message]})


# PostgreSQL bigint: an id beyond it is not "not found" but a malformed request.
BIGINT_MAX = 2**63 - 1


def _target_field(model, lookup: str):
    """The model field a `filter_fields` lookup ends on (`org_unit_id`, `expert__pk`...)."""
    field = None
    for part in lookup.split("__"):
        if part == "pk":
            field = model._meta.pk
        else:
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return field  # a transform or lookup (`__in`, `__date`): checked by the database
        if getattr(field, "related_model", None) is not None and field.is_relation:
            model = field.related_model
            if not (field.many_to_many or field.one_to_many):
                field = getattr(field, "target_field", field)
    return field


def clean_lookup_value(model, lookup: str, value: str, param: str):
    """The query-string value converted for its field; a 400 instead of a database error for
    a non-numeric id, an id beyond bigint, a bad date or a NUL character."""
    if "\x00" in value:
        raise _invalid(param, "含有无效字符。")
    field = _target_field(model, lookup)
    if field is None:
        return value
    try:
        converted = field.to_python(value)
    except (DjangoValidationError, ValueError, TypeError):
        raise _invalid(param, "取值格式不正确。") from None
    if isinstance(converted, int) and not isinstance(converted, bool) and abs(converted) > BIGINT_MAX:
        raise _invalid(param, "数值超出范围。")
    if getattr(field, "choices", None) and converted not in {choice for choice, _ in field.flatchoices}:
        raise _invalid(param, "不是可选的值。")
    return converted


class AllowListFilter(BaseFilterBackend):
    """Exact-match filters (`filter_fields`), free-text search (`search_fields`) and ordering
    (`ordering_fields`) in one backend."""

    def filter_queryset(self, request, queryset, view):
        queryset = self._filter(request, queryset, view)
        queryset = self._search(request, queryset, view)
        return self._order(request, queryset, view)

    @staticmethod
    def _filter(request, queryset, view):
        for param, lookup in (getattr(view, "filter_fields", None) or {}).items():
            value = request.query_params.get(param)
            if value not in (None, ""):
                queryset = queryset.filter(**{lookup: clean_lookup_value(queryset.model, lookup, value, param)})
        return queryset

    @staticmethod
    def _search(request, queryset, view):
        fields = getattr(view, "search_fields", None) or ()
        terms = request.query_params.get(SEARCH_PARAM, "").split()
        if any("\x00" in term for term in terms):
            raise _invalid(SEARCH_PARAM, "搜索词含有无效字符。")
        if not fields or not terms:
            return queryset
        if len(terms) > 5:
            raise _invalid(SEARCH_PARAM, "搜索词最多 5 个。")
        for term in terms:
            queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)))
        return queryset

    @staticmethod
    def _order(request, queryset, view):
        allowed = tuple(getattr(view, "ordering_fields", None) or ())
        raw = request.query_params.get(ORDERING_PARAM, "")
        requested = [part.strip() for part in raw.split(",") if part.strip()]
        if requested:
            unknown = [part for part in requested if part.lstrip("-") not in allowed]
            if unknown:
                raise _invalid(ORDERING_PARAM, f"不支持按 {', '.join(unknown)} 排序，可选：{', '.join(allowed) or '无'}。")
            return queryset.order_by(*requested, "-pk")
        default = getattr(view, "ordering", None)
        if default:
            return queryset.order_by(*((default,) if isinstance(default, str) else default))
        return queryset

    def get_schema_operation_parameters(self, view):
        parameters = []
        for param in (getattr(view, "filter_fields", None) or {}):
            parameters.append({"name": param, "required": False, "in": "query", "description": "精确匹配", "schema": {"type": "string"}})
        if getattr(view, "search_fields", None):
            parameters.append({
                "name": SEARCH_PARAM, "required": False, "in": "query",
                "description": "关键词（空格分隔，全部匹配）：" + ", ".join(view.search_fields),
                "schema": {"type": "string"},
            })
        if getattr(view, "ordering_fields", None):
            parameters.append({
                "name": ORDERING_PARAM, "required": False, "in": "query",
                "description": "排序字段，逗号分隔，前缀 - 表示倒序：" + ", ".join(view.ordering_fields),
                "schema": {"type": "string"},
            })
        return parameters
