"""Where fairs meet the other recruitment sub-apps, each joined only when it is installed:
the applications app tells the wall about resumes and interview invitations delivered at a
fair; the targeted-push app may push a fair to an audience."""

from __future__ import annotations

from django.apps import apps

APPLICATION_CHANGED = "employment.application_changed"


def _application_changed(*, fair_id=None, **_ignored) -> None:
    if fair_id:
        from django.db import transaction

        from tenant_apps.employment.fairs.wall import wall_bump

        transaction.on_commit(lambda: wall_bump(int(fair_id)))


def _push_item(object_id: int):
    from tenant_apps.employment.fairs.selectors import public_fair_get
    from tenant_apps.employment.push.registry import PushItem

    fair = public_fair_get(pk=object_id)
    if fair is None:
        return None
    from django.utils import timezone

    when = timezone.localtime(fair.starts_at)
    return PushItem(title=fair.title, summary=f"{when:%m月%d日 %H:%M} {fair.location}", url=f"/h5/employment/fairs/{fair.pk}/")


def _push_choices(query: str) -> list[tuple[int, str]]:
    from tenant_apps.employment.fairs.selectors import public_fairs

    fairs = public_fairs(upcoming_only=False)
    if query:
        fairs = fairs.filter(title__icontains=query)
    return list(fairs.values_list("pk", "title")[:20])


def connect() -> None:
    from core.hooks import subscribe

    subscribe(APPLICATION_CHANGED, _application_changed)
    if apps.is_installed("tenant_apps.employment.push"):
        try:
            from tenant_apps.employment.push.registry import register_push_item_type
        except ImportError:  # the push app lands in parts
            return
        register_push_item_type("fair", label="双选会", resolve=_push_item, choices=_push_choices)
