"""Template context for tenant pages: the signed-in user's unread in-app letters (the H5 tab
bar badge) and, for admins, the channels without a provider (the back-office banner). Registered as "tenant_apps.messaging.context.unread_letters" in TEMPLATES.

The count is a callable, queried only when a page shows it, and at most once per request."""

from __future__ import annotations

from core.tenancy import is_public
from tenant_apps.messaging import selectors


def unread_letters(request) -> dict:
    if is_public(request):  # the public schema has no letters (and its users are vendor staff)
        return {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counted: list[int] = []

    def count() -> int:
        if not counted:
            counted.append(selectors.letter_unread_count(user=user))
        return counted[0]

    missing: list[list[tuple[str, str]]] = []

    def unconfigured() -> list[tuple[str, str]]:
        # Only admins who can fix it are told (the banner links to the provider settings).
        if not user.has_perm("messaging.view_providerconfig"):
            return []
        if not missing:
            missing.append(selectors.unconfigured_channels())
        return missing[0]

    return {"unread_letter_count": count, "unconfigured_channels": unconfigured}
