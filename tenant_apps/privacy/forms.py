"""Input parsing shared by the back-office and H5 pages (peers that must not import each other)."""

from __future__ import annotations

from tenant_apps.privacy.services import Correction


def corrections_from(post) -> list[Correction]:
    """The rows of the correction table: (信息项, 现在的内容, 更正为)."""
    fields, currents, requested = post.getlist("correction_field"), post.getlist("correction_current"), post.getlist("correction_requested")
    return [Correction(field=f, current=c, requested=r) for f, c, r in zip(fields, currents, requested, strict=False)]
