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

from django.db.models import Q
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

SEARCH_PARAM = "search"
ORDERING_PARAM = "ordering"


def _invalid(field: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [message]})


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
                queryset = queryset.filter(**{lookup: value})
        return queryset

    @staticmethod
    def _search(request, queryset, view):
        fields = getattr(view, "search_fields", None) or ()
        terms = request.query_params.get(SEARCH_PARAM, "").split()
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
