"""Hook for core.reveal: which expert an actor may reveal (scoped to their department)."""

from __future__ import annotations


def get_revealable_expert(actor, pk):
    from tenant_apps.experts.selectors import expert_get

    return expert_get(actor=actor, pk=int(pk))
