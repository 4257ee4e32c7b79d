"""Separation of duties (issue 19, item 4; 财库〔2016〕198号): on by default, the creator of a
project cannot approve it, an expert's review levels are signed by different people, and the
operator of a draw cannot be one of its supervisors. The bureau can switch it off."""

from __future__ import annotations

import pytest

from core.errors import PermissionDenied
from tenant_apps.experts.panels.selectors import GroupConditions

from .conftest import make_pool, make_project, make_staff, prepare, second_approver

pytestmark = pytest.mark.django_db


def _switch(on: bool) -> None:
    from tenant_apps.experts.selectors import library_settings

    row = library_settings()
    row.separation_of_duties = on
    row.save()


def test_on_by_default_and_creator_cannot_approve(in_bureau, bureau_admin):
    from tenant_apps.experts.models import LibrarySettings
    from tenant_apps.experts.panels.services import project_review

    assert LibrarySettings._meta.get_field("separation_of_duties").default is True
    project = make_project(bureau_admin, approve=False)
    with pytest.raises(PermissionDenied) as refused:
        project_review(actor=bureau_admin, project=project, approve=True)
    assert refused.value.code == "separation_of_duties"
    project_review(actor=bureau_admin, project=project, approve=False, note="材料不全")  # a rejection is not an approval
    project.refresh_from_db()
    assert project.status == "rejected"
    other = make_project(bureau_admin, approve=False)
    assert project_review(actor=second_approver(), project=other, approve=True).status == "approved"


def test_switched_off_the_creator_may_approve(in_bureau, bureau_admin):
    from tenant_apps.experts.panels.services import project_review

    _switch(False)
    project = make_project(bureau_admin, approve=False)
    assert project_review(actor=bureau_admin, project=project, approve=True).status == "approved"


def test_operator_cannot_supervise_their_draw(in_bureau, bureau_admin, bureau_tree):
    top = bureau_tree[0]
    make_pool(3, domains=[bureau_tree[2]])
    operator = make_staff(username="op-wang", perms=["expert_panels.view_project", "expert_panels.draw_panel", "expert_panels.view_draw"])
    operator.display_name = "王经办"
    operator.save()
    project = make_project(bureau_admin)
    with pytest.raises(PermissionDenied) as refused:
        prepare(operator, project, [GroupConditions(count=1, domain_ids=[top.pk])], supervisors=["纪检组 王经办", "监督乙"])
    assert refused.value.code == "separation_of_duties"
    draw = prepare(operator, project, [GroupConditions(count=1, domain_ids=[top.pk])], supervisors=["纪检组 李监督"])
    assert draw.supervisors == ["纪检组 李监督"]


def test_two_review_levels_need_two_people(in_bureau, bureau_admin):
    from django.contrib.auth.models import Group

    from tenant_apps.experts import services
    from tests.tenant_apps.experts.conftest import make_expert

    first, second = Group.objects.create(name="初审组"), Group.objects.create(name="复审组")
    services.review_levels_replace(actor=bureau_admin, levels=[("初审", first), ("复审", second)])
    reviewer = make_staff(username="both-levels", perms=["experts.review_expert", "experts.view_expert"])
    reviewer.groups.add(first, second)
    expert = make_expert(name="待审专家")
    from tenant_apps.experts.models import Expert

    Expert.objects.filter(pk=expert.pk).update(status="pending", review_level=min(lv.order for lv in services.review_levels()))
    expert.refresh_from_db()
    services.expert_review(actor=reviewer, expert=expert, decision="approve", note="同意")
    expert.refresh_from_db()
    with pytest.raises(PermissionDenied) as refused:
        services.expert_review(actor=reviewer, expert=expert, decision="approve", note="同意")
    assert refused.value.code == "separation_of_duties"
    services.expert_review(actor=bureau_admin, expert=expert, decision="approve", note="复审同意")
    expert.refresh_from_db()
    assert expert.status == "approved"


def test_confirmations_on_draw_refusal_and_approval(admin_client_bureau, in_bureau, bureau_admin):
    from django.urls import reverse

    project = make_project(bureau_admin, approve=False)
    page = admin_client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[project.pk])).content.decode()
    assert 'value="approve" hx-confirm=' in page
