"""The demo seeders of review projects, scores and fees (core.hooks): what the bureau's staff
see after scripts/run, built on a small generated library; idempotent; nothing elsewhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEMO_SEEDERS = ("expert_panels", "expert_fees", "expert_evaluation")


def run_demo_seeders(schema_name: str, tenant_type: str) -> list[str]:
    """Run the registered seeders of projects, fees and scores in their order; their names."""
    from core.hooks import demo_seeders

    names = []
    for _, name, seeder in demo_seeders():
        if name in DEMO_SEEDERS:
            seeder(schema_name, tenant_type)
            names.append(name)
    return names


def html(client, url: str) -> str:
    """The page's HTML. The tenant client leaves the connection on the public schema: back to
    the bureau for the next reads."""
    from django.db import connection

    content = client.get(url).content.decode()
    connection.set_schema("bureau")
    return content


@pytest.fixture
def demo_library(in_bureau):
    from tenant_apps.experts.demo import generate_experts

    generate_experts(300, phone_prefix="137")


def _project(title):
    from tenant_apps.experts.panels.models import Project

    return Project.objects.get(title=title)


def _titles(state):
    from tenant_apps.experts.panels.demo import DEMO_PROJECTS

    return [spec.title for spec in DEMO_PROJECTS if spec.state == state]


def test_seeders_run_after_the_library_panels_first():
    from core.hooks import demo_seeders

    order = [name for _, name, _ in demo_seeders()]
    assert order.index("experts") < order.index("expert_panels") < order.index("expert_fees")
    assert order.index("expert_panels") < order.index("expert_evaluation")


def test_bureau_sees_projects_in_every_state(demo_library, admin_client_bureau):
    from tenant_apps.experts.panels.demo import DEMO_PROJECTS
    from tenant_apps.experts.panels.enums import DrawStatus, MemberKind, MemberStatus, ProjectStatus

    assert run_demo_seeders("bureau", "bureau") == ["expert_panels", "expert_fees", "expert_evaluation"]

    page = html(admin_client_bureau, reverse("backoffice:experts_panels:project_list"))
    for spec in DEMO_PROJECTS:
        assert (spec.title in page) == (spec.state != "archived"), spec.title
    archived_page = html(admin_client_bureau, reverse("backoffice:experts_panels:project_list") + "?archived=archived")
    assert _titles("archived")[0] in archived_page

    assert _project(_titles("pending")[0]).status == ProjectStatus.PENDING
    approved = _project(_titles("approved")[0])
    assert approved.status == ProjectStatus.APPROVED and not approved.draws.exists()

    draw = _project(_titles("accepted")[0]).draws.get()
    assert draw.status == DrawStatus.DRAWN and draw.groups.filter(list_hash__regex=r"^[0-9a-f]{64}$").count() == draw.groups.count()
    accepted = list(draw.members.filter(status=MemberStatus.ACCEPTED).select_related("expert"))
    assert len(accepted) == sum(g.count for g in draw.groups.all())
    page = html(admin_client_bureau, reverse("backoffice:experts_panels:draw_detail", args=[draw.pk]))
    assert "复算一致" in page and all(m.expert.name in page for m in accepted)

    replaced = _project(_titles("replaced")[0]).draws.get()
    declined = replaced.members.get(status=MemberStatus.DECLINED)
    replacement = replaced.members.get(kind=MemberKind.REPLACEMENT)
    assert replacement.replaces_id == declined.pk and replacement.status == MemberStatus.ACCEPTED
    assert replaced.status == DrawStatus.DRAWN_WITH_REPLACEMENTS
    page = html(admin_client_bureau, reverse("backoffice:experts_panels:draw_detail", args=[replaced.pk]))
    assert declined.reason in page and "补抽" in page


def test_completed_review_has_scores_and_fees(demo_library, admin_client_bureau):
    from core.audit import AuditEvent
    from tenant_apps.experts.evaluation.models import Evaluation
    from tenant_apps.experts.fees.enums import FeeStatus
    from tenant_apps.experts.fees.models import FeeLetter, FeeLine, FeeStandard
    from tenant_apps.experts.models import Participation

    run_demo_seeders("bureau", "bureau")
    project = _project(_titles("completed")[0])
    attending = list(project.draws.get().members.filter(attended=True).select_related("expert"))
    assert attending and Participation.objects.filter(project_id=project.pk, kind="attended").count() == len(attending)

    evaluations = Evaluation.objects.filter(member__in=attending)
    assert evaluations.count() == len(attending) and all(50 <= e.total <= 100 for e in evaluations)
    page = html(admin_client_bureau, reverse("backoffice:experts_evaluation:project_scores", args=[project.pk]))
    assert all(m.expert.name in page for m in attending)

    lines = FeeLine.objects.filter(project=project)
    assert lines.count() == len(attending) and FeeStandard.objects.count() == 3
    assert all(line.status == FeeStatus.DRAFT and line.net_amount == line.total_amount - line.tax_withheld > 0 for line in lines)
    page = html(admin_client_bureau, reverse("backoffice:experts_fees:project_fees", args=[project.pk]))
    assert all(m.expert.name in page for m in attending)

    assert not FeeLetter.objects.filter(line__project=project).exists()  # generated experts have no H5 account

    archived = _project(_titles("archived")[0])
    assert archived.archived_at is not None and not FeeLine.objects.filter(project=archived).exists()
    assert AuditEvent.objects.filter(action="expert_panels.draw.execute").count() == 4


def test_running_again_adds_nothing(demo_library):
    from core.audit import AuditEvent
    from tenant_apps.experts.evaluation.models import Evaluation
    from tenant_apps.experts.fees.models import FeeLine, FeeStandard
    from tenant_apps.experts.panels.models import PanelMember, Project

    def counts():
        return [m.objects.count() for m in (Project, PanelMember, Evaluation, FeeLine, FeeStandard, AuditEvent)]

    run_demo_seeders("bureau", "bureau")
    first = counts()
    assert first[0] == 7
    run_demo_seeders("bureau", "bureau")
    assert counts() == first


def test_nothing_in_a_university_or_an_empty_library(in_tenant_a, tenant_bureau):
    from django_tenants.utils import schema_context

    from tenant_apps.experts.panels.models import Project

    run_demo_seeders("alpha", "university")
    assert not Project.objects.exists()
    with schema_context("bureau"):  # a bureau without experts: no panel can be drawn
        run_demo_seeders("bureau", "bureau")
        assert not Project.objects.exists()


def test_manual_panel_has_letters_in_every_state(demo_library, admin_client_bureau):
    from tenant_apps.experts.evaluation.models import Evaluation
    from tenant_apps.experts.fees.enums import FeeStatus, LetterStatus
    from tenant_apps.experts.fees.models import FeeLine
    from tenant_apps.experts.panels.demo import MANUAL_EXPERTS, MANUAL_REASON
    from tenant_apps.experts.panels.enums import DrawMode

    run_demo_seeders("bureau", "bureau")
    project = _project(_titles("manual")[0])
    draw = project.draws.get()
    assert draw.mode == DrawMode.MANUAL and draw.rules["manual_reason"] == MANUAL_REASON
    assert sorted(draw.members.values_list("expert__name", flat=True)) == sorted(e.name for e in MANUAL_EXPERTS)
    assert Evaluation.objects.filter(member__draw=draw).count() == len(MANUAL_EXPERTS)

    lines = list(FeeLine.objects.filter(project=project).select_related("current_letter", "expert").order_by("member__row"))
    assert [line.status for line in lines] == [FeeStatus.PAID, FeeStatus.SIGNED, FeeStatus.SENT]
    paid, signed, sent = (line.current_letter for line in lines)
    assert paid.status == signed.status == LetterStatus.SIGNED and len(signed.signature_sha256) == 64
    assert sent.status == LetterStatus.SENT and not sent.signature
    page = html(admin_client_bureau, reverse("backoffice:experts_fees:project_fees", args=[project.pk]))
    assert all(label in page for label in ("已发放", "已签字", "待专家签字"))
    draw_page = html(admin_client_bureau, reverse("backoffice:experts_panels:draw_detail", args=[draw.pk]))
    assert "人工指定" in draw_page


def test_demo_logins_and_separated_duties(demo_library, client_bureau):
    """Issue 19, items 4 and 10: the demo projects are created by 王经办 and approved by the
    administrator, and the expert's demo login works on the H5."""
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.panels.demo import DEMO_EXPERT_LOGIN, DEMO_OPERATOR

    run_demo_seeders("bureau", "bureau")
    operator = User.objects.get(username=DEMO_OPERATOR[0])
    approved = _project(_titles("approved")[0])
    assert approved.created_by == operator and approved.approved_by != operator
    expert_user = User.objects.get(username=DEMO_EXPERT_LOGIN[0])
    assert expert_user.check_password(DEMO_EXPERT_LOGIN[1]) and expert_user.display_name
    response = client_bureau.post(reverse("h5:login"), {"username": DEMO_EXPERT_LOGIN[0], "password": DEMO_EXPERT_LOGIN[1]})
    assert response.status_code == 302
    from django.db import connection

    connection.set_schema("bureau")
    assert run_demo_seeders("bureau", "bureau") == ["expert_panels", "expert_fees", "expert_evaluation"]  # idempotent


def test_demo_profiles_are_coherent(demo_library):
    """Issue 19, item 8: an expert's specialities all belong to one first-level field, and the
    counters start from real records (no invented draw counts or points)."""
    from tenant_apps.experts.models import Domain, Expert

    tops = {d.pk: d.path.strip("/").split("/")[0] for d in Domain.objects.filter(level=3)}
    experts = list(Expert.objects.prefetch_related("domains"))
    assert len(experts) >= 300
    for expert in experts:
        fields = {tops[d.pk] for d in expert.domains.all() if d.pk in tops}
        assert len(fields) <= 1, (expert.name, [d.name for d in expert.domains.all()])
    assert not Expert.objects.filter(points__gt=0).exists() and not Expert.objects.filter(times_drawn__gt=0).exists()
