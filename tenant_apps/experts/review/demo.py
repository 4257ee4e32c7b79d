"""Demo online reviews for bureau tenants (scripts/run), built through the review services on
two of the panels seeder's projects. The hospital's equipment review (its hand-entered panel
has H5 accounts) is open and partly scored in the experts' own names: two of the three experts
are done (one recused from a device), the third has a draft and two devices left, so the
progress, reminder and summary pages have something to show. The key laboratories' annual
assessment is prepared (indicators and twelve laboratories) but not published: the generated
experts of its panel have no account to score with, and staff can try publishing themselves.
Runs after the panels (61), fees (63) and evaluation (64) seeders."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

HALF = Decimal("0.5")


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    max_score: Decimal
    weight: Decimal
    description: str


@dataclass(frozen=True)
class DemoSubmission:
    title: str
    applicant: str
    unit: str
    description: str
    quality: Decimal = Decimal("0.8")  # the share of the maximum the experts tend to give


@dataclass(frozen=True)
class DemoReview:
    project_state: str  # the DemoProject state that names the project in panels.demo.DEMO_PROJECTS
    instructions: str
    total_method: str
    aggregation: str
    min_scorers: int
    pass_score: Decimal | None
    is_comment_required: bool
    indicators: tuple[DemoIndicator, ...]
    submissions: tuple[DemoSubmission, ...]
    is_published: bool
    # One line per reviewer in panel order, one action per submission: submit, recuse, draft, or "" (not started).
    plan: tuple[tuple[str, ...], ...] = ()


RECUSAL_REASON = "本人曾受市人民医院邀请参与该设备技术参数的前期调研，按规定申请回避。"

EQUIPMENT = DemoReview(
    project_state="manual",
    instructions="请逐项审阅各科室提交的配置需求论证材料，按评分标准独立打分并填写评审意见；与申报科室或潜在供应商存在利益关系的，请对该项申请回避。",
    total_method="weighted", aggregation="mean", min_scorers=2, pass_score=Decimal("60"), is_comment_required=True,
    indicators=(
        DemoIndicator("临床需求必要性", Decimal("10"), Decimal("30"), "结合门急诊量、检查预约等候时间和学科发展规划评价配置的必要性"),
        DemoIndicator("技术参数合理性", Decimal("10"), Decimal("30"), "参数是否满足临床需要，有无指向特定品牌或明显超出需要的配置"),
        DemoIndicator("预算测算合理性", Decimal("10"), Decimal("25"), "预算与市场询价、近两年同级医院成交价是否相符"),
        DemoIndicator("配套条件与使用效益", Decimal("10"), Decimal("15"), "机房、电力、屏蔽及人员配备是否到位，预期使用效率"),
    ),
    submissions=(
        DemoSubmission("3.0T 磁共振成像系统", "李国栋", "市人民医院放射科",
                       "现有 1.5T 磁共振日均检查 96 人次，预约等候超过 12 天；拟新增 3.0T 设备一台，预算 1680 万元。", Decimal("0.86")),
        DemoSubmission("256 排螺旋 CT", "李国栋", "市人民医院放射科",
                       "用于胸痛中心和卒中中心急诊检查，替换 2012 年购置的 64 排 CT，预算 1150 万元。", Decimal("0.82")),
        DemoSubmission("数字减影血管造影系统（DSA）", "张海鹰", "市人民医院介入诊疗中心",
                       "新建第二间复合导管室，满足心脑血管介入手术量增长需要，预算 980 万元。", Decimal("0.78")),
        DemoSubmission("医用直线加速器", "王晓梅", "市人民医院肿瘤放疗科",
                       "现有加速器已运行 11 年，故障停机频繁；拟更新为具备图像引导功能的机型，预算 2350 万元。", Decimal("0.88")),
        DemoSubmission("高端彩色多普勒超声诊断系统", "陈丽君", "市人民医院超声医学科",
                       "拟新增 4 台高端彩超用于心脏及介入超声，预算 860 万元；现有设备使用率约 65%。", Decimal("0.56")),
    ),
    is_published=True,
    plan=(
        ("submit", "submit", "submit", "submit", "submit"),
        ("submit", "submit", "recuse", "submit", "submit"),
        ("submit", "submit", "draft", "", ""),
    ),
)

LABORATORIES = DemoReview(
    project_state="accepted",
    instructions="请对照各实验室提交的 2025 年度运行报告和佐证材料逐项打分，评审结果作为年度绩效考核和经费支持的依据。",
    total_method="sum", aggregation="trimmed_mean", min_scorers=2, pass_score=Decimal("70"), is_comment_required=False,
    indicators=(
        DemoIndicator("科研产出与学术影响", Decimal("30"), Decimal("30"), "代表性论文、授权发明专利、标准和获奖情况"),
        DemoIndicator("承担科研任务与经费", Decimal("20"), Decimal("20"), "国家级、省级项目数量及到位经费"),
        DemoIndicator("人才队伍建设", Decimal("20"), Decimal("20"), "学术带头人、青年骨干的引进与培养"),
        DemoIndicator("开放共享与成果转化", Decimal("15"), Decimal("15"), "大型仪器开放共享机时、技术合同成交额"),
        DemoIndicator("运行管理与条件保障", Decimal("15"), Decimal("15"), "管理制度、依托单位配套投入与安全管理"),
    ),
    submissions=tuple(
        DemoSubmission(title, director, unit, f"{title} 2025 年度运行报告及佐证材料。")
        for title, director, unit in (
            ("市智能制造装备重点实验室", "王振宇", "市工业技术研究院"),
            ("市新能源材料重点实验室", "刘晓峰", "市理工大学"),
            ("市生物医药创新重点实验室", "陈思远", "市医科大学"),
            ("市集成电路设计重点实验室", "赵立群", "市电子信息产业研究院"),
            ("市现代农业生物技术重点实验室", "孙雅婷", "市农业科学院"),
            ("市环境污染控制与修复重点实验室", "周建平", "市环境科学研究院"),
            ("市大数据与人工智能重点实验室", "吴晓明", "市理工大学"),
            ("市先进结构材料重点实验室", "郑海波", "市钢铁集团技术中心"),
            ("市水资源与水生态重点实验室", "黄志刚", "市水利科学研究院"),
            ("市食品安全检测重点实验室", "林静怡", "市食品药品检验所"),
            ("市智能网联汽车重点实验室", "何永强", "市汽车工程研究院"),
            ("市中医药现代化重点实验室", "许文华", "市中医院"),
        )
    ),
    is_published=False,
)

DEMO_REVIEWS = [EQUIPMENT, LABORATORIES]


def _project_title(state: str) -> str:
    from tenant_apps.experts.panels.demo import DEMO_PROJECTS

    return next(spec.title for spec in DEMO_PROJECTS if spec.state == state)


def _at(day_offset: int, hour: int) -> datetime.datetime:
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) + datetime.timedelta(days=day_offset)


def _window(spec: DemoReview, project) -> tuple[datetime.datetime, datetime.datetime]:
    if spec.is_published:  # open now, since the panel met, for three more days
        return min(project.opens_at, timezone.now()), _at(3, 17)
    opens_at = _at(1, 9)  # the laboratories are scored online before the panel meets
    return opens_at, max(project.opens_at - datetime.timedelta(days=1), opens_at + datetime.timedelta(days=2))


def _score(indicator, quality: Decimal, rng: random.Random) -> Decimal:
    """About `quality` of the maximum, give or take a point, in half points."""
    value = indicator.max_score * quality + Decimal(rng.choice((-1, -0.5, 0, 0, 0.5, 1)))
    value = (value / HALF).to_integral_value(rounding=ROUND_HALF_UP) * HALF
    return min(max(value, Decimal(0)), indicator.max_score)


def _comment(quality: Decimal) -> str:
    if quality >= Decimal("0.8"):
        return "配置必要性充分，技术参数和预算测算合理，同意按论证方案采购。"
    if quality >= Decimal("0.65"):
        return "总体可行，建议细化部分技术参数并补充同级医院成交价调研后采购。"
    return "现有设备使用率不高，配置必要性论证不足，预算偏高，建议调整数量后重新论证。"


def _build(actor, spec: DemoReview, project, rng: random.Random) -> None:
    from tenant_apps.experts.review import selectors, services

    opens_at, closes_at = _window(spec, project)
    setup = services.setup_create(actor=actor, project=project, data=services.SetupInput(
        opens_at=opens_at, closes_at=closes_at, instructions=spec.instructions, total_method=spec.total_method, aggregation=spec.aggregation,
        min_scorers=spec.min_scorers, pass_score=spec.pass_score, is_comment_required=spec.is_comment_required,
    ))
    indicators = services.indicators_replace(actor=actor, setup=setup, rows=[
        services.IndicatorInput(name=i.name, max_score=i.max_score, weight=i.weight, description=i.description) for i in spec.indicators
    ])
    submissions = [
        services.submission_create(actor=actor, setup=setup, data=services.SubmissionInput(title=s.title, applicant=s.applicant, unit=s.unit,
                                                                                        description=s.description))
        for s in spec.submissions
    ]
    if not spec.is_published:
        return
    setup = services.setup_publish(actor=actor, setup=setup, notify=False)  # demo data: no messages to the experts
    reviewers = [m for m in selectors.setup_reviewers(setup) if m.expert.user_id is not None]
    for member, actions in zip(reviewers, spec.plan, strict=False):
        user = member.expert.user
        for submission, submission_spec, action in zip(submissions, spec.submissions, actions, strict=False):
            if action == "recuse":
                services.sheet_recuse(user=user, setup=setup, submission=submission, reason=RECUSAL_REASON)
            elif action in ("submit", "draft"):
                scores = {i.pk: _score(i, submission_spec.quality, rng) for i in indicators}
                if action == "draft":  # halfway through the sheet
                    scores = dict(list(scores.items())[: len(indicators) // 2])
                services.sheet_save(user=user, setup=setup, submission=submission, scores=scores, comment=_comment(submission_spec.quality),
                                    declared_no_conflict=action == "submit", submit=action == "submit")


def seed_demo_review(schema_name: str, tenant_type: str) -> None:
    """Demo seeder for bureau tenants: two online reviews on the panels seeder's projects
    (skipped when the bureau has reviews, and for each review whose project is missing or
    archived; nothing without an administrator to act)."""
    if tenant_type != "bureau":
        return
    from tenant_apps.experts.panels.demo import demo_actor
    from tenant_apps.experts.panels.models import Project
    from tenant_apps.experts.review.models import ReviewSetup

    if ReviewSetup.objects.exists():
        return
    actor = demo_actor()
    if actor is None:
        return
    rng = random.Random(f"{schema_name}-review")
    with transaction.atomic():
        for spec in DEMO_REVIEWS:
            project = Project.objects.filter(title=_project_title(spec.project_state), archived_at__isnull=True).order_by("pk").first()
            if project is not None:
                _build(actor, spec, project, rng)
