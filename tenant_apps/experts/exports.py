"""The expert list export (core.importexport). Its columns are the caller's role's allow list
(ExportPolicy), optionally narrowed by `fields`; personal data is masked unless the caller asks
for plain values (`unmasked`) and holds the reveal right. The rows come from expert_search, so
the data scope applies. Small exports are built in the request, large ones by the worker."""

from __future__ import annotations

from functools import partial

from core.importexport.spec import ExportField, ExportSpec, register_export
from tenant_apps.experts.documents import expert_export_value
from tenant_apps.experts.selectors import (
    EXPORT_FIELDS,
    REASON_REQUIRED_FIELDS,
    REVEAL_PERMISSION,
    ExpertSearch,
    expert_search,
    export_fields_for,
)

SEARCH_PARAMS = ("q", "domain", "title_level", "region", "tag", "expert_type", "source", "org_unit", "pool")


class JobParams(dict):
    """Job params are flat strings; multi-valued filters (domain, tag) are comma-joined."""

    def getlist(self, name: str) -> list[str]:
        return [part for part in str(self.get(name, "")).split(",") if part]


def params_from_query(query) -> dict:
    """A QueryDict (page or API) as flat job params."""
    return {key: ",".join(values) for key, values in query.lists() if values and key not in {"csrfmiddlewaretoken"}}


def chosen_fields(actor, params: dict) -> list[str]:
    allowed = export_fields_for(actor)
    wanted = JobParams(params).getlist("fields")
    return [name for name in allowed if name in wanted] if wanted else allowed


def reveals(actor, params: dict) -> bool:
    return str(params.get("unmasked", "")).lower() in {"1", "true", "yes"} and actor.has_perm(REVEAL_PERMISSION)


def _columns(*, actor, params: dict) -> list[tuple[ExportField, bool]]:
    reveal = reveals(actor, params)
    return [(ExportField(name, EXPORT_FIELDS[name], partial(expert_export_value, name=name, reveal=reveal),
                         personal=name in REASON_REQUIRED_FIELDS), False) for name in chosen_fields(actor, params)]


def _queryset(*, actor, params: dict):
    return expert_search(actor=actor, search=ExpertSearch.from_query(JobParams(params)))


EXPERT_EXPORT = register_export(ExportSpec(
    name="experts.experts",
    title="专家",
    file_title="专家名单",
    permission="experts.view_expert",
    extra_permissions=("experts.export_expert",),
    rows=lambda *, actor, params: _queryset(actor=actor, params=params).select_related("expert_type")
    .prefetch_related("domains", "tags").iterator(chunk_size=1000),
    count=lambda *, actor, params: _queryset(actor=actor, params=params).count(),
    param_names=(*SEARCH_PARAMS, "fields", "unmasked"),
    personal_data=True,
    columns=_columns,
    fields=[ExportField(name, header, partial(expert_export_value, name=name, reveal=False), personal=name in REASON_REQUIRED_FIELDS)
            for name, header in EXPORT_FIELDS.items()],
    audit_action="experts.expert.export",
    audit_details=lambda *, actor, params: {"unmasked": reveals(actor, params)},
))
