"""Generated demo data for bureau tenants: a three-level domain tree and many experts with
leave, avoidance units, black list and frozen records. Fast: bulk_create in batches."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core.crypto import blind_index
from tenant_apps.experts.enums import (
    AvoidanceKind,
    ExpertSource,
    ExpertStatus,
    Gender,
    LeaveReason,
    TitleLevel,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌宇浩凯鹏飞玉兰晨阳欣怡子涵梓萱俊杰海燕立新卫东春梅晓东振华永刚秀英德明建华学军"
# Coherent profiles: each expert belongs to one first-level field; the employer, the title and
# the 1-3 specialities all come from that field (a rail engineer is not also a paediatrician).
_ENGINEERING_TITLES = {TitleLevel.SENIOR: ["正高级工程师", "教授级高级工程师", "教授"], TitleLevel.ASSOCIATE: ["高级工程师", "副教授"],
                       TitleLevel.INTERMEDIATE: ["工程师", "讲师"], TitleLevel.OTHER: ["注册监理工程师", "注册造价工程师"]}
_RESEARCH_TITLES = {TitleLevel.SENIOR: ["研究员", "教授", "正高级工程师"], TitleLevel.ASSOCIATE: ["副研究员", "副教授", "高级工程师"],
                    TitleLevel.INTERMEDIATE: ["助理研究员", "工程师"], TitleLevel.OTHER: ["注册环保工程师"]}
FIELD_PROFILES = {
    "工程技术": (["同济大学", "东南大学", "北京交通大学", "西南交通大学", "中国建筑设计研究院", "华东建筑设计研究院", "中国铁路设计集团",
              "上海市政工程设计研究总院", "中交公路规划设计院", "中国水利水电科学研究院", "长江勘测规划设计研究院", "国家电网有限公司",
              "中国电力工程顾问集团"], _ENGINEERING_TITLES),
    "信息技术": (["清华大学", "北京邮电大学", "电子科技大学", "浙江大学", "华为技术有限公司", "中国移动通信集团", "中国联合网络通信集团",
              "中国科学院计算技术研究所"], {TitleLevel.SENIOR: ["正高级工程师", "教授", "研究员"], TitleLevel.ASSOCIATE: ["高级工程师", "副教授", "副研究员"],
                                  TitleLevel.INTERMEDIATE: ["工程师", "讲师"], TitleLevel.OTHER: ["系统架构设计师"]}),
    "经济管理": (["天职国际会计师事务所", "立信会计师事务所", "中审众环会计师事务所", "中国国际工程咨询有限公司", "中央财经大学", "上海财经大学"],
             {TitleLevel.SENIOR: ["正高级会计师", "正高级经济师", "教授"], TitleLevel.ASSOCIATE: ["高级会计师", "高级经济师", "副教授"],
              TitleLevel.INTERMEDIATE: ["会计师", "经济师"], TitleLevel.OTHER: ["注册会计师", "注册造价工程师"]}),
    "医药卫生": (["北京协和医院", "复旦大学附属中山医院", "四川大学华西医院", "中国中医科学院", "中国药科大学"],
             {TitleLevel.SENIOR: ["主任医师", "主任药师", "教授"], TitleLevel.ASSOCIATE: ["副主任医师", "副主任药师"],
              TitleLevel.INTERMEDIATE: ["主治医师", "主管药师"], TitleLevel.OTHER: ["执业药师"]}),
    "农林环境": (["中国农业科学院", "中国林业科学研究院", "中国环境科学研究院", "中国农业大学", "南京林业大学"], _RESEARCH_TITLES),
    "法律政策": (["金杜律师事务所", "中伦律师事务所", "中国政法大学", "中国人民大学"],
             {TitleLevel.SENIOR: ["教授", "一级律师"], TitleLevel.ASSOCIATE: ["副教授", "二级律师"], TitleLevel.INTERMEDIATE: ["讲师", "三级律师"],
              TitleLevel.OTHER: ["律师"]}),
    "教育科研": (["北京师范大学", "华东师范大学", "中国科学院科技战略咨询研究院"],
             {TitleLevel.SENIOR: ["教授", "研究员"], TitleLevel.ASSOCIATE: ["副教授", "副研究员"], TitleLevel.INTERMEDIATE: ["讲师", "助理研究员"],
              TitleLevel.OTHER: ["高级教师"]}),
    "能源化工": (["中国石油化工股份有限公司", "国家能源投资集团", "隆基绿能科技股份有限公司", "天津大学", "华东理工大学"], _ENGINEERING_TITLES),
}
EMPLOYERS = sorted({employer for employers, _ in FIELD_PROFILES.values() for employer in employers})
REGIONS = ["北京市", "上海市", "天津市", "重庆市", "广东省广州市", "广东省深圳市", "江苏省南京市", "江苏省苏州市", "浙江省杭州市", "湖北省武汉市",
           "四川省成都市", "陕西省西安市", "山东省济南市", "山东省青岛市", "湖南省长沙市", "河南省郑州市", "福建省福州市", "安徽省合肥市", "辽宁省沈阳市", "黑龙江省哈尔滨市"]
POSITIONS = ["", "", "院长", "副院长", "总工程师", "副总工程师", "主任", "副主任", "所长", "项目负责人", "合伙人"]
EDUCATION = ["博士研究生", "硕士研究生", "大学本科"]


def ensure_domain_tree() -> list:
    """Create the demo domain tree (idempotent); returns the third-level domains."""
    from tenant_apps.experts.models import Domain

    leaves = []
    from tenant_apps.experts.selectors import standard_domain_tree

    for i, (top, seconds) in enumerate(standard_domain_tree().items()):
        first, _ = Domain.objects.get_or_create(parent=None, name=top, defaults={"level": 1, "sort_order": i})
        if not first.path:
            first.path = f"/{first.pk}/"
            first.save(update_fields=["path"])
        for j, (second_name, thirds) in enumerate(seconds.items()):
            second, _ = Domain.objects.get_or_create(parent=first, name=second_name, defaults={"level": 2, "sort_order": j})
            if not second.path:
                second.path = f"{first.path}{second.pk}/"
                second.save(update_fields=["path"])
            for k, third_name in enumerate(thirds):
                third, _ = Domain.objects.get_or_create(parent=second, name=third_name, defaults={"level": 3, "sort_order": k})
                if not third.path:
                    third.path = f"{second.path}{third.pk}/"
                    third.save(update_fields=["path"])
                leaves.append(third)
    return leaves


def generate_experts(count: int, *, seed: int = 2024, batch_size: int = 2000, phone_prefix: str = "139") -> int:
    """Bulk-create `count` approved experts spread over the domain tree; about 3% on leave,
    1% black-listed, 2% frozen, 1% deleted. Phones are unique per prefix+index."""
    from tenant_apps.experts.models import AvoidanceUnit, Domain, Expert, ExpertLeave, ExpertType
    from tenant_apps.experts.search import document_tokens

    rng = random.Random(seed)
    leaves = ensure_domain_tree()
    by_id = {d.pk: d for d in Domain.objects.all()}
    types = list(ExpertType.objects.all()) or [None]
    start_index = Expert.objects.count()
    now = timezone.now()
    today = timezone.localdate()
    levels = [TitleLevel.SENIOR] * 4 + [TitleLevel.ASSOCIATE] * 4 + [TitleLevel.INTERMEDIATE] * 2 + [TitleLevel.OTHER]
    leaves_of: dict[int, list] = {}
    for leaf in leaves:
        leaves_of.setdefault(leaf.parent_id, []).append(leaf)
    disciplines: dict[str, list[int]] = {}
    for second_id in leaves_of:
        top = by_id[by_id[second_id].parent_id].name
        disciplines.setdefault(top, []).append(second_id)
    fields = sorted(disciplines)
    created = 0
    Through = Expert.domains.through
    while created < count:
        size = min(batch_size, count - created)
        experts, domain_choice = [], []
        for n in range(size):
            index = start_index + created + n
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            level = rng.choice(levels)
            field = rng.choice(fields)
            employers, titles = FIELD_PROFILES.get(field, (EMPLOYERS, _ENGINEERING_TITLES))
            title = rng.choice(titles[level])
            employer = rng.choice(employers)
            # 1-3 specialities of one discipline (second level), now and then one more of the same field
            discipline = rng.choice(disciplines[field])
            chosen = rng.sample(leaves_of[discipline], min(len(leaves_of[discipline]), rng.choice((1, 1, 2, 2, 3))))
            if rng.random() < 0.15 and len(disciplines[field]) > 1:
                other = rng.choice([d for d in disciplines[field] if d != discipline])
                chosen.append(rng.choice(leaves_of[other]))
            ancestry = sorted({int(p) for d in chosen for p in d.path.strip("/").split("/")})
            domain_names = {by_id[pk].name for pk in ancestry}
            specialty = chosen[0].name
            phone = f"{phone_prefix}{index:08d}"
            roll = rng.random()
            expert = Expert(
                status=ExpertStatus.APPROVED, source=rng.choice([ExpertSource.IMPORT, ExpertSource.ADMIN, ExpertSource.SELF, ExpertSource.SELF]),
                expert_type=rng.choice(types), name=name, gender=rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE]),
                birth_date=datetime.date(rng.randint(1958, 1990), rng.randint(1, 12), rng.randint(1, 28)),
                phone=phone, phone_hash=blind_index(phone), email=f"expert{index}@example.com", email_hash=blind_index(f"expert{index}@example.com"), employer=employer,
                position=rng.choice(POSITIONS), title=title, title_level=level, education=rng.choice(EDUCATION), specialty=specialty,
                region=rng.choice(REGIONS), approved_at=now - datetime.timedelta(days=rng.randint(1, 1500)),
                times_drawn=0, points=0,  # counted from real draws and point records only
                search_text=document_tokens([name, employer, title, specialty, *domain_names]), domain_ids=ancestry,
                is_blacklisted=0.01 <= roll < 0.02, blacklist_reason="评审过程中存在倾向性打分" if 0.01 <= roll < 0.02 else "",
                blacklisted_at=now if 0.01 <= roll < 0.02 else None,
                frozen_at=now if 0.02 <= roll < 0.04 else None, frozen_reason="未在年度信息确认截止前确认" if 0.02 <= roll < 0.04 else "",
                deleted_at=now if roll < 0.01 else None, delete_reason="本人申请退出" if roll < 0.01 else "",
            )
            experts.append(expert)
            domain_choice.append(chosen)
        with transaction.atomic():
            Expert.objects.bulk_create(experts)
            Through.objects.bulk_create([Through(expert_id=e.pk, domain_id=d.pk) for e, ds in zip(experts, domain_choice, strict=True) for d in ds])
            units, leaves_rows = [], []
            for e in experts:
                units.append(AvoidanceUnit(expert_id=e.pk, name=e.employer, kind=AvoidanceKind.CURRENT_EMPLOYER))
                if rng.random() < 0.3:
                    former = rng.choice(EMPLOYERS)
                    if former != e.employer:
                        units.append(AvoidanceUnit(expert_id=e.pk, name=former, kind=AvoidanceKind.FORMER_EMPLOYER))
                if rng.random() < 0.03:
                    start = today - datetime.timedelta(days=rng.randint(0, 20))
                    leaves_rows.append(ExpertLeave(expert_id=e.pk, start_date=start, end_date=start + datetime.timedelta(days=rng.randint(20, 120)), reason=rng.choice(LeaveReason.values)))
            AvoidanceUnit.objects.bulk_create(units, ignore_conflicts=True)
            ExpertLeave.objects.bulk_create(leaves_rows)
        created += size
    return created


DEMO_EXPERT_COUNT = 20_000


def seed_demo_experts(schema_name: str, tenant_type: str) -> None:
    """Demo seeder for bureau tenants: 20,000 experts (skipped when experts exist). About 30 s
    on a busy two-core machine; bulk inserts, and jieba cuts each distinct text only once."""
    if tenant_type != "bureau":
        return
    from tenant_apps.experts.models import Expert

    if Expert.objects.exists():
        return
    generate_experts(DEMO_EXPERT_COUNT)
