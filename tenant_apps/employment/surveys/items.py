"""Surveys as items of the targeted push (tenant_apps.employment.push registry)."""

from __future__ import annotations


def survey_item(object_id: int):
    from tenant_apps.employment.push.registry import PushItem
    from tenant_apps.employment.surveys.models import Survey

    survey = Survey.objects.filter(pk=object_id, status="published").first()
    if survey is None:
        return None
    return PushItem(title=f"问卷邀请：{survey.title}", summary="请花几分钟填写，感谢你的参与。", url=f"/h5/employment/surveys/{survey.pk}/")


def survey_choices(query: str) -> list[tuple[int, str]]:
    from tenant_apps.employment.surveys.models import Survey

    return list(Survey.objects.filter(status="published", title__icontains=query or "").order_by("-pk").values_list("pk", "title")[:20])
