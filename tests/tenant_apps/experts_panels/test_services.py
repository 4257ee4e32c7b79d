"""Projects, conditions, the verifiable draw, replacements and invitations (bureau tenant)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError, Conflict
from tenant_apps.experts.panels import documents
from tenant_apps.experts.panels.enums import DrawStatus, MemberKind, MemberStatus
from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import (
    draw_execute,
    draw_prequery,
    invitation_token,
    member_from_token,
    member_leave,
    member_respond,
    members_expire_overdue,
    project_archive,
    project_note_add,
    voice_answer,
)

from .conftest import make_pool, make_project, prepare

pytestmark = pytest.mark.django_db


def test_draw_needs_an_approved_project(in_bureau, bureau_admin, bureau_tree):
    project = make_project(bureau_admin, approve=False)
    with pytest.raises(Conflict) as exc:
        prepare(bureau_admin, project, [GroupConditions(count=1)])
    assert exc.value.code == "project_not_approved"


def test_archived_project_is_read_only(in_bureau, bureau_admin, bureau_tree):
    project = make_project(bureau_admin)
    project_archive(actor=bureau_admin, project=project)
    with pytest.raises(Conflict) as exc:
        project_note_add(actor=bureau_admin, project=project, text="跟进")
    assert exc.value.code == "project_archived"


def test_prequery_counts_exclusions_without_names(in_bureau, bureau_admin, bureau_tree):
    top, mid, leaf, other = bureau_tree
    pool = make_pool(6, domains=[leaf])
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.services import avoidance_add

    Expert.objects.filter(pk=pool[0].pk).update(is_blacklisted=True)
    avoidance_add(actor=bureau_admin, expert=pool[1], name="甲单位", kind="former_employer")
    Expert.objects.filter(pk=pool[2].pk).update(employer="乙单位")
    project = make_project(bureau_admin, owner_unit="甲单位", related=["乙单位"])
    day = timezone.localdate()
    result = draw_prequery(project=project, work_start=day, work_end=day, groups=[GroupConditions(count=2, domain_ids=[top.pk])],
                           avoid_expert_ids=[pool[3].pk], cool_down_days=0, cool_down_max=0, allow_parent_fallback=False)
    counts = result[0]
    assert counts["available"] == 2
    assert counts["exclusions"]["blacklisted"] == 1 and counts["exclusions"]["avoid_unit"] == 2 and counts["exclusions"]["named"] == 1
    assert "专家" not in str(result)


def test_parent_fallback_is_a_second_tier(in_bureau, bureau_admin, bureau_tree):
    top, mid, leaf, other = bureau_tree
    make_pool(1, domains=[leaf])
    make_pool(3, domains=[mid])
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=3, domain_ids=[leaf.pk])], allow_parent_fallback=True)
    group = draw.groups.get()
    assert group.used_fallback and [len(t) for t in group.tiers] == [1, 3]


def _drawn(bureau_admin, tree, n=8, count=3, **extra):
    top, mid, leaf, other = tree
    make_pool(n, domains=[leaf])
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=count, domain_ids=[top.pk])], **extra)
    commitment = draw.commitment
    draw = draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["3141", "2718"])
    assert draw.commitment == commitment
    return draw


def test_draw_fills_seats_and_receipt_verifies(in_bureau, bureau_admin, bureau_tree):
    draw = _drawn(bureau_admin, bureau_tree)
    assert draw.status == DrawStatus.DRAWING
    assert draw.members.filter(kind=MemberKind.DRAWN, status=MemberStatus.INVITED).count() == 3
    result = documents.verify_draw(draw)
    assert result.ok, result.problems
    assert documents.receipt_pdf(draw, verify_url="https://x/verify").startswith(b"%PDF")


def test_supervisor_values_required(in_bureau, bureau_admin, bureau_tree):
    top, *_ = bureau_tree
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=1, domain_ids=[top.pk])])
    with pytest.raises(ApplicationError):
        draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["1"])


def test_short_draw_records_the_reason(in_bureau, bureau_admin, bureau_tree):
    draw = _drawn(bureau_admin, bureau_tree, n=2, count=3)
    assert draw.status == DrawStatus.SHORT and "仅有2人" in draw.short_reason


def test_decline_by_link_appends_a_replacement_that_verifies(in_bureau, bureau_admin, bureau_tree):
    draw = _drawn(bureau_admin, bureau_tree)
    first = draw.members.order_by("row").first()
    member = member_from_token(invitation_token(first))
    member_respond(member=member, accept=False, reason="出差")
    rows = list(draw.members.order_by("row"))
    assert rows[-1].kind == MemberKind.REPLACEMENT and rows[-1].replaces_id == first.pk and rows[-1].status == MemberStatus.INVITED
    draw.refresh_from_db()
    assert documents.verify_draw(draw).ok


def test_replacements_read_only_the_ids_they_need(in_bureau, bureau_admin, bureau_tree):
    """A decline never loads a condition group's frozen list (tens of thousands of ids in a
    large bureau); two declines in a row still replay the receipt's stream exactly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draw = _drawn(bureau_admin, bureau_tree)
    for _ in range(2):
        invited = draw.members.filter(status=MemberStatus.INVITED).order_by("row").first()
        with CaptureQueriesContext(connection) as captured:
            member_respond(member=member_from_token(invitation_token(invited)), accept=False, reason="有事")
        assert not any('"candidates"' in q["sql"] and q["sql"].lstrip().startswith("SELECT") for q in captured.captured_queries)
    assert draw.members.filter(kind=MemberKind.REPLACEMENT).count() == 2
    draw.refresh_from_db()
    assert documents.verify_draw(draw).ok


def test_accept_all_marks_drawn_with_replacements(in_bureau, bureau_admin, bureau_tree):
    draw = _drawn(bureau_admin, bureau_tree)
    voice_answer(f"panel-member:{draw.members.first().pk}:{draw.members.first().invitation_nonce}", "2")
    for member in draw.members.filter(status=MemberStatus.INVITED):
        member_respond(member=member, accept=True)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN_WITH_REPLACEMENTS


def test_no_answer_by_deadline_is_replaced(in_bureau, bureau_admin, bureau_tree):
    draw = _drawn(bureau_admin, bureau_tree)
    assert members_expire_overdue(now=timezone.now() + datetime.timedelta(days=30)) == 3
    assert draw.members.filter(kind=MemberKind.REPLACEMENT).count() == 3
    assert members_expire_overdue(now=timezone.now()) == 0


def test_sequential_invites_one_at_a_time(in_bureau, bureau_admin, bureau_tree):
    draw = _drawn(bureau_admin, bureau_tree, invitation_mode="sequential")
    assert draw.members.filter(status=MemberStatus.INVITED).count() == 1
    member_respond(member=draw.members.get(status=MemberStatus.INVITED), accept=True)
    assert draw.members.filter(status=MemberStatus.INVITED).count() == 1


def test_project_leave_closes_two_hours_before_opening(in_bureau, bureau_admin, bureau_tree):
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.panels.models import Project

    draw = _drawn(bureau_admin, bureau_tree)
    member = draw.members.first()
    user = User.objects.create_user(username="exp-leave", password="x-12345678", kind="expert")
    member.expert.user = user
    member.expert.save()
    Project.objects.filter(pk=draw.project_id).update(opens_at=timezone.now() + datetime.timedelta(hours=1))
    with pytest.raises(Conflict):
        member_leave(user=user, member=member, reason="生病")
    Project.objects.filter(pk=draw.project_id).update(opens_at=timezone.now() + datetime.timedelta(days=2))
    member_leave(user=user, member=member, reason="生病")
    assert draw.members.filter(kind=MemberKind.REPLACEMENT).count() == 1


def test_busy_and_cool_down_exclude(in_bureau, bureau_admin, bureau_tree):
    top, *_ = bureau_tree
    draw = _drawn(bureau_admin, bureau_tree, n=4, count=3)
    project = make_project(bureau_admin)
    result = draw_prequery(project=project, work_start=draw.work_start, work_end=draw.work_end, groups=[GroupConditions(count=1, domain_ids=[top.pk])],
                           avoid_expert_ids=[], cool_down_days=30, cool_down_max=1, allow_parent_fallback=False)
    assert result[0]["available"] == 1 and result[0]["exclusions"]["busy"] == 3


def test_sheet_documents(in_bureau, bureau_admin, bureau_tree):
    draw = _drawn(bureau_admin, bureau_tree)
    for member in draw.members.all():
        member_respond(member=member, accept=True)
    assert documents.sheet_docx(draw)[:2] == b"PK"
    assert documents.sheet_xlsx(draw)[:2] == b"PK"


def test_one_pass_pools_for_several_groups_with_constant_queries(in_bureau, bureau_admin, bureau_tree, django_assert_max_num_queries):
    """All groups come from one set-based query (ids only), whatever the library size; a group
    without inclusion conditions takes the whole eligible library, the others only theirs."""
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.panels.selectors import DrawConditions, candidate_pools

    top, mid, leaf, other = bureau_tree
    in_leaf = make_pool(4, domains=[leaf])
    in_other = make_pool(3, domains=[other], region="上海浦东")
    Expert.objects.filter(pk=in_other[0].pk).update(region="北京")
    day = timezone.localdate()
    from tenant_apps.experts.models import ExpertLeave

    ExpertLeave.objects.create(expert=in_leaf[1], start_date=day, end_date=day, reason="business")
    conditions = DrawConditions(work_start=day, work_end=day, avoid_units=["甲单位"], avoid_expert_ids=[in_leaf[0].pk], cool_down_days=30, cool_down_max=1,
                                groups=[GroupConditions(count=2, domain_ids=[top.pk]), GroupConditions(count=1), GroupConditions(count=1, domain_ids=[other.pk], regions=["上海"])])
    with django_assert_max_num_queries(3):
        pools = candidate_pools(conditions)
    from tenant_apps.experts.selectors import eligible_experts

    # the one-pass query must agree with the library's single definition of "drawable"
    everyone = set(eligible_experts(start=day, end=day).values_list("pk", flat=True)) - {in_leaf[0].pk}
    assert in_leaf[1].pk not in everyone
    assert pools[0].tiers == [sorted(e.pk for e in in_leaf[2:])]
    assert set(pools[1].tiers[0]) == everyone and pools[1].tiers[0] == sorted(pools[1].tiers[0])
    assert pools[2].tiers == [sorted(e.pk for e in in_other[1:])]
    assert pools[0].exclusions["named"] == 1 and pools[0].exclusions["on_leave"] == 1 and pools[2].exclusions["matched"] == 2


def test_frozen_list_is_an_int_array_with_its_hash(in_bureau, bureau_admin, bureau_tree):
    from tenant_apps.experts.panels import drawing
    from tenant_apps.experts.panels.models import ConditionGroup

    top, mid, leaf, other = bureau_tree
    pool = make_pool(5, domains=[leaf])
    draw = prepare(bureau_admin, make_project(bureau_admin), [GroupConditions(count=2, domain_ids=[top.pk])])
    group = ConditionGroup.objects.get(draw=draw)
    assert group.candidates == sorted(e.pk for e in pool) and group.tier_sizes == [5]
    assert group.list_hash == drawing.list_hash(group.tiers)
