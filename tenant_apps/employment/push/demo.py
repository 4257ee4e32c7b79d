"""Demo data: one finished push of a portal article to a college, so the log has rows."""

from __future__ import annotations


def seed_demo_push(schema_name: str, tenant_type: str) -> None:
    from django_tenants.utils import schema_context

    if tenant_type != "university":
        return
    with schema_context(schema_name):
        from tenant_apps.accounts.models import OrgUnit, User
        from tenant_apps.employment.portal.selectors import published_articles
        from tenant_apps.employment.push.models import Push
        from tenant_apps.employment.push.services import PUSH_TEMPLATE_CODE, push_create
        from tenant_apps.messaging.selectors import template_list
        from tenant_apps.messaging.services import template_save

        if not template_list().filter(code=PUSH_TEMPLATE_CODE).exists():
            template_save(actor=None, data={"code": PUSH_TEMPLATE_CODE, "name": "就业定向推送", "subject": "{{ title }}",
                                            "body": "{{ name }}同学：{{ title }}。{{ summary }}", "is_active": True})
        if Push.objects.exists():
            return
        article = published_articles(channel="h5").first()
        college = OrgUnit.objects.filter(kind="college").order_by("path").first()
        actor = User.objects.filter(is_superuser=True).order_by("pk").first()
        if article is None or college is None or actor is None:
            return
        try:
            push_create(actor=actor, item_kind="news", object_id=article.pk, filters={"org_unit_ids": [college.pk]})
        except Exception:  # noqa: BLE001 - demo data is best effort (e.g. no graduates yet)
            return
