"""Demo review projects for bureau tenants (scripts/run): one project in each state a bureau
sees, built through the panels services so that frozen lists, receipts, invitations,
participation and audit records are the real ones. Runs after the expert library seeder;
evaluation and fees add their part to the completed project afterwards."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

SUPERVISORS = ["市纪委监委派驻纪检组 刘明", "市财政局政府采购监管处 陈静"]
DECLINE_REASON = "评审当天已有学术会议安排，无法参加"
MANUAL_REASON = "论证涉及大型医用影像设备，库内具备同类设备评审经验的专家有限，经分管局领导批准人工指定。"


@dataclass(frozen=True)
class DemoExpert:
    """An expert the bureau enters by hand, with an expert (H5) account: the one panel made of
    them can receive fee confirmation letters."""

    name: str
    phone: str
    email: str
    employer: str
    title: str
    title_level: str
    domain: str  # a third-level domain of the demo tree


MANUAL_EXPERTS = [
    DemoExpert("周立新", "13655500001", "zhoulixin@example.com", "四川大学华西医院", "主任医师", "senior", "影像设备"),
    DemoExpert("沈慧敏", "13655500002", "shenhuimin@example.com", "复旦大学附属中山医院", "副主任医师", "associate", "影像设备"),
    DemoExpert("韩振华", "13655500003", "hanzhenhua@example.com", "中国国际工程咨询有限公司", "高级经济师", "associate", "咨询评估"),
]


@dataclass(frozen=True)
class DemoGroup:
    """A condition group by the names of second-level domains of the demo tree."""

    domains: tuple[str, ...]
    count: int
    name: str
    title_levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoProject:
    title: str
    owner_unit: str
    category: str
    location: str
    opens_in_days: int
    description: str
    state: str  # pending | approved | accepted | replaced | completed | manual | archived
    related_units: tuple[str, ...] = ()
    groups: tuple[DemoGroup, ...] = field(default_factory=tuple)


DEMO_PROJECTS = [
    DemoProject(
        title="科研项目结题评审（2026年度第一批）", owner_unit="市科学技术局", category="科研项目", location="市科技大厦 5 楼评审室", opens_in_days=21,
        description="对 2023 年度立项的市级科技计划项目进行结题评审，重点审查任务书指标完成情况与经费使用。", state="pending",
        groups=(DemoGroup(("科研管理",), 3, "科研管理组", ("senior",)), DemoGroup(("财务会计",), 2, "财务审计组")),
    ),
    DemoProject(
        title="滨江大道市政道路改造工程施工招标评标", owner_unit="市城市建设投资集团有限公司", category="工程招标", location="市公共资源交易中心 3 号评标室",
        opens_in_days=12, related_units=("中交公路规划设计院",),
        description="滨江大道（长江路至和平路段）道路改造及配套排水管网工程施工招标，采用综合评估法。", state="approved",
        groups=(DemoGroup(("交通运输", "土木工程"), 4, "技术标"), DemoGroup(("工程造价",), 1, "经济标")),
    ),
    DemoProject(
        title="市级重点实验室年度绩效评估", owner_unit="市科学技术局", category="绩效评估", location="市科技大厦 5 楼评审室", opens_in_days=7,
        description="对 12 家市级重点实验室 2025 年度运行情况进行绩效评估。", state="accepted",
        groups=(DemoGroup(("科研管理",), 2, "科研管理组"), DemoGroup(("人工智能", "软件工程"), 1, "信息技术组")),
    ),
    DemoProject(
        title="智慧校园信息化平台建设项目技术评审", owner_unit="市教育局", category="政府采购", location="市政务服务中心 2 楼会议室", opens_in_days=4,
        related_units=("华为技术有限公司",),
        description="市属中小学智慧校园统一平台建设项目的技术方案与预算评审。", state="replaced",
        groups=(DemoGroup(("软件工程", "通信工程"), 2, "信息化组"), DemoGroup(("工程造价", "项目管理"), 1, "预算组")),
    ),
    DemoProject(
        title="老旧小区综合改造工程竣工验收评审", owner_unit="市住房和城乡建设局", category="竣工验收", location="市住建局 402 会议室", opens_in_days=-1,
        description="2025 年度 8 个老旧小区综合改造项目（屋面防水、管网更新、加装电梯）竣工验收评审。", state="completed",
        groups=(DemoGroup(("土木工程",), 3, "工程技术组"), DemoGroup(("工程造价",), 1, "造价组")),
    ),
    DemoProject(
        title="市人民医院大型医用设备采购需求论证", owner_unit="市人民医院", category="政府采购", location="市卫生健康委员会 3 楼会议室", opens_in_days=-2,
        description="市人民医院 3.0T 磁共振成像系统等大型医用设备采购需求及预算论证（人工指定专家）。", state="manual",
    ),
    DemoProject(
        title="2025年度农业科技成果转化项目验收评审", owner_unit="市农业农村局", category="科研项目", location="市农科院学术报告厅", opens_in_days=-45,
        description="对 2025 年度农业科技成果转化项目进行验收评审，评审已完成并归档。", state="archived",
        groups=(DemoGroup(("农学", "林学"), 2, "农林组"), DemoGroup(("科研管理",), 1, "成果转化组")),
    ),
]


def demo_actor():
    """The tenant's first administrator: every demo write is done (and audited) in their name."""
    from tenant_apps.accounts.models import User

    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


DEMO_OPERATOR = ("jingban", "demo-admin-1", "王经办")


def demo_operator():
    """A bureau staff member in the 抽取经办人 group who creates the demo projects, so that the
    administrator can approve them (management separate from use, experts.duties)."""
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.models import User

    username, password, name = DEMO_OPERATOR
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=password, display_name=name, is_staff=True)
        group = Group.objects.filter(name="抽取经办人").first()
        if group is not None:
            user.groups.add(group)
    return user


def _groups(spec: DemoProject):
    from tenant_apps.experts.models import Domain
    from tenant_apps.experts.panels.selectors import GroupConditions

    by_name = dict(Domain.objects.filter(level=2).values_list("name", "pk"))
    groups = []
    for group in spec.groups:
        domain_ids = [by_name[name] for name in group.domains if name in by_name]
        groups.append(GroupConditions(count=group.count, domain_ids=domain_ids, title_levels=list(group.title_levels), name=group.name))
    return groups


def _draw(actor, project, spec: DemoProject, rng: random.Random):
    from tenant_apps.experts.panels.services import draw_execute, draw_prepare

    day = timezone.localtime(project.opens_at).date()
    draw = draw_prepare(actor=actor, project=project, work_start=day, work_end=day, groups=_groups(spec), supervisors=SUPERVISORS,
                        allow_parent_fallback=True, cool_down_days=30, cool_down_max=3, channels=["sms", "email"], response_hours=48)
    return draw_execute(actor=actor, draw=draw, supervisor_values=[f"{rng.randrange(10**6):06d}" for _ in SUPERVISORS])


def _manual_experts(actor) -> list:
    from core.crypto import blind_index
    from tenant_apps.experts.models import Domain, Expert
    from tenant_apps.experts.services import ExpertInput, expert_create

    experts = []
    for spec in MANUAL_EXPERTS:
        expert = Expert.objects.filter(phone_hash=blind_index(spec.phone)).first()
        if expert is None:
            domain_ids = tuple(Domain.objects.filter(level=3, name=spec.domain).values_list("pk", flat=True)[:1])
            expert = expert_create(actor=actor, create_account=True, notify=False, data=ExpertInput(
                name=spec.name, phone=spec.phone, email=spec.email, employer=spec.employer, title=spec.title, title_level=spec.title_level,
                domain_ids=domain_ids, specialty=spec.domain,
            ))
        experts.append(expert)
    return experts


DEMO_EXPERT_LOGIN = ("expert", "demo-expert-1")


def demo_expert_login() -> None:
    """Give the first hand-picked demo expert a known H5 login (`expert` / `demo-expert-1`), so a
    newcomer can see invitations, fee letters and online review from the expert's side."""
    from core.crypto import blind_index
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.models import Expert

    username, password = DEMO_EXPERT_LOGIN
    if User.objects.filter(username=username).exists():
        return
    expert = Expert.objects.filter(phone_hash=blind_index(MANUAL_EXPERTS[0].phone)).select_related("user").first()
    if expert is None or expert.user is None:
        return
    expert.user.username = username
    expert.user.set_password(password)
    expert.user.save(update_fields=["username", "password"])


def _accept_all(actor, draw) -> None:
    from tenant_apps.experts.panels.enums import MemberStatus
    from tenant_apps.experts.panels.services import member_respond

    # Accepting can invite the next one (sequential mode); loop until nobody waits.
    while True:
        waiting = list(draw.members.filter(status__in=[MemberStatus.INVITED, MemberStatus.PENDING]).order_by("row"))
        if not waiting:
            return
        for member in waiting:
            member_respond(member=member, accept=True, channel="staff", actor=actor)


def _seat_roles(actor, draw) -> None:
    from tenant_apps.experts.panels.enums import MemberStatus, PanelRole
    from tenant_apps.experts.panels.services import members_set_role

    accepted = list(draw.members.filter(status=MemberStatus.ACCEPTED).order_by("row").values_list("pk", flat=True))
    if accepted:
        members_set_role(actor=actor, draw=draw, member_ids=accepted[:1], role=PanelRole.LEADER)
    if len(accepted) > 2:
        members_set_role(actor=actor, draw=draw, member_ids=accepted[1:2], role=PanelRole.DEPUTY)


def _mark_attended(actor, draw) -> None:
    from tenant_apps.experts.panels.enums import MemberStatus
    from tenant_apps.experts.panels.services import member_set_attended

    for member in draw.members.filter(status=MemberStatus.ACCEPTED).order_by("row"):
        member_set_attended(actor=actor, member=member, attended=True)


def _build(actor, spec: DemoProject, rng: random.Random, *, operator=None) -> None:
    from tenant_apps.experts.panels.enums import MemberStatus
    from tenant_apps.experts.panels.services import (
        ProjectInput,
        draw_manual,
        member_respond,
        project_archive,
        project_create,
        project_note_add,
        project_review,
    )

    opens_at = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=spec.opens_in_days)
    project = project_create(actor=operator or actor, data=ProjectInput(
        title=spec.title, owner_unit=spec.owner_unit, related_units=list(spec.related_units), category=spec.category, location=spec.location,
        opens_at=opens_at, ends_at=opens_at + datetime.timedelta(hours=8), description=spec.description,
    ))
    if spec.state == "pending":
        return
    project = project_review(actor=actor, project=project, approve=True, note="材料齐全，同意抽取专家。")
    if spec.state == "approved":
        project_note_add(actor=actor, project=project, text="招标文件已备案，待开标前三天抽取评标专家。", assign_to=actor)
        return
    if spec.state == "manual":
        day = timezone.localtime(project.opens_at).date()
        draw = draw_manual(actor=actor, project=project, expert_ids=[e.pk for e in _manual_experts(actor)], work_start=day, work_end=day,
                           reason=MANUAL_REASON, channels=["sms"], response_hours=48)
    else:
        draw = _draw(actor, project, spec, rng)
    if spec.state == "replaced":
        first = draw.members.filter(status=MemberStatus.INVITED).order_by("row").first()
        if first is not None:
            member_respond(member=first, accept=False, reason=DECLINE_REASON, channel="staff", actor=actor)
    _accept_all(actor, draw)
    _seat_roles(actor, draw)
    if spec.state in ("completed", "manual", "archived"):
        _mark_attended(actor, draw)
    if spec.state == "archived":
        project_note_add(actor=actor, project=project, text="评审已结束，专家均按时到场，资料归档。")
        project_archive(actor=actor, project=project)


def seed_demo_panels(schema_name: str, tenant_type: str) -> None:
    """Demo seeder for bureau tenants: seven review projects from pending to archived (skipped
    when the bureau has projects, or has no experts or administrator to act)."""
    if tenant_type != "bureau":
        return
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.panels.models import Project

    if Project.objects.exists() or not Expert.objects.exists():
        demo_expert_login()  # a demo made before the expert login existed gets it too
        return
    actor = demo_actor()
    if actor is None:
        return
    rng = random.Random(f"{schema_name}-panels")
    operator = demo_operator()
    for spec in DEMO_PROJECTS:
        _build(actor, spec, rng, operator=operator)
    demo_expert_login()
