"""Defaults for a new tenant with the expert module: review chain, point rules, types, a
certificate template and the settings row."""

from __future__ import annotations

from core.hooks import TenantSeed


def seed_experts(seed: TenantSeed) -> None:
    if "experts" not in seed.modules:
        return
    from tenant_apps.experts.enums import PointEvent
    from tenant_apps.experts.models import CertificateTemplate, ExpertType, PointRule, ReviewLevel
    from tenant_apps.experts.selectors import library_settings

    library_settings()
    if not ReviewLevel.objects.exists():
        ReviewLevel.objects.create(order=1, name="专家委员会审核")
        ReviewLevel.objects.create(order=2, name="总管理员审核")
    for event, points in ((PointEvent.APPROVED, 10), (PointEvent.CONFIRMED, 5), (PointEvent.RECOMMENDED, 5), (PointEvent.ATTENDED, 20)):
        PointRule.objects.get_or_create(event=event, defaults={"points": points})
    for order, name in enumerate(("评审专家", "咨询专家", "技术专家")):
        ExpertType.objects.get_or_create(name=name, defaults={"sort_order": order})
    if not CertificateTemplate.objects.exists():
        CertificateTemplate.objects.create(name="默认证书")
