"""The open instruments and their scoring (pure functions, no database).

- RIASEC interests: the 60 work-activity items of the O*NET Interest Profiler Short Form
  (U.S. Department of Labor; public-domain items, 10 per area), translated into Chinese by us,
  answered on a 0–4 scale; each area scores 0–40; the three highest areas give the Holland code.
- Big Five: the 50-item IPIP Big-Five Factor Markers (Goldberg 1992, International Personality
  Item Pool, public domain), translated by us, answered 1–5; reverse-keyed items count 6 − x;
  each factor scores 10–50.
- MBTI-style type: only from an item bank and key that the school uploads under its own
  licence (`LicensedInstrument`, built from the validated bank; see banks.py).

For career exploration only, never for selection (the O*NET tools' terms; decision 0129)."""

from __future__ import annotations

from dataclasses import dataclass, field

RIASEC = "riasec"
BIGFIVE = "bigfive"
MBTI = "mbti"


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    key: str  # the area / factor / pole it measures
    reverse: bool = False


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass
class Dimension:
    key: str
    name: str
    score: float
    maximum: float
    minimum: float = 0
    level: str = ""
    description: str = ""

    @property
    def percent(self) -> int:
        span = self.maximum - self.minimum
        return round((self.score - self.minimum) * 100 / span) if span else 0


@dataclass
class Outcome:
    code: str
    headline: str
    summary: str
    dimensions: list[Dimension]
    job_families: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    @property
    def scores(self) -> dict[str, float]:
        return {d.key: d.score for d in self.dimensions}


class InvalidAnswers(ValueError):
    pass


# --- RIASEC (O*NET Interest Profiler Short Form items, our translation) -----------------------

RIASEC_AREAS = {
    "R": ("实际型", "喜欢动手操作工具、机器和材料，做看得见成果的实际工作，偏好户外或现场环境。"),
    "I": ("研究型", "喜欢观察、分析和解决抽象问题，愿意探究事物的原理，偏好独立思考与研究。"),
    "A": ("艺术型", "喜欢创作与表达，重视独创性和审美，偏好不拘一格、可以自由发挥的工作。"),
    "S": ("社会型", "喜欢与人打交道，乐于帮助、教导和服务他人，重视合作与沟通。"),
    "E": ("企业型", "喜欢影响和说服他人，乐于领导、组织和经营，愿意承担风险、追求目标。"),
    "C": ("常规型", "喜欢按规则和流程处理数据与事务，细致有条理，偏好结构清晰的工作。"),
}
RIASEC_JOB_FAMILIES = {
    "R": ["机械制造与设备维修", "土木建筑与工程施工", "电气与电子技术", "交通运输与物流", "农林牧渔", "质量检验"],
    "I": ["科学研究与实验", "软件与算法研发", "医药研发与医学检验", "数据分析", "工程设计", "环境监测"],
    "A": ["平面、产品与交互设计", "新闻出版与写作", "影视与新媒体制作", "广告创意", "音乐与表演", "建筑与室内设计"],
    "S": ["教育培训", "医疗护理与康复", "心理咨询与社会工作", "人力资源", "客户服务", "社区与公共服务"],
    "E": ["市场营销与销售", "企业经营管理", "创业", "金融与投资", "法律服务", "项目管理与商务拓展"],
    "C": ["财务会计与审计", "行政与文秘", "银行与保险业务", "统计与数据管理", "仓储与供应链管理", "信息系统运维"],
}
_RIASEC_TEXTS = {
    "R": ["组装厨房橱柜", "铺砌砖块或瓷砖", "修理家用电器", "在鱼类孵化场养鱼", "组装电子零件", "驾驶货车给单位和住户送包裹",
          "在产品发货前检验零件质量", "修理和安装门锁", "调试并操作机器来生产产品", "扑灭森林火灾"],
    "I": ["研制一种新药", "研究减少水污染的方法", "做化学实验", "研究行星的运动", "用显微镜检查血液样本", "调查火灾发生的原因",
          "开发更准确预测天气的方法", "在生物实验室工作", "发明一种蔗糖的替代品", "做实验室检测来诊断疾病"],
    "A": ["写书或剧本", "演奏乐器", "作曲或编曲", "画画", "为电影制作特效", "为话剧绘制舞台布景", "为电影或电视节目写剧本",
          "表演爵士舞或踢踏舞", "在乐队里唱歌", "剪辑电影"],
    "S": ["指导别人进行一套健身训练", "帮助别人处理个人或情绪上的问题", "为别人提供职业发展建议", "为病人做康复治疗", "在公益组织做志愿服务",
          "教孩子们做体育运动", "教听障人士手语", "协助开展团体心理辅导", "在托儿所照看孩子", "在中学给学生上课"],
    "E": ["买卖股票和债券", "经营一家零售商店", "经营一家美容美发店", "管理大公司里的一个部门", "自己创业开公司", "洽谈商业合同",
          "在诉讼中代理当事人", "推广一个新的服装系列", "在商场销售商品", "管理一家服装店"],
    "C": ["用电子表格软件制作表格", "校对档案记录或表单", "在大型计算机网络中安装软件", "操作计算器进行计算", "登记收货和发货记录",
          "计算员工的工资", "用手持终端清点库存物资", "登记租金收款", "保管库存记录", "为单位盖章、分拣和分发信件"],
}
# Presented in the short form's rhythm: two items of each area in turn (R R I I A A S S E E C C …).
RIASEC_ITEMS = [Item(id=f"{area}{index + 1}", text=_RIASEC_TEXTS[area][index], key=area)
                for block in range(5) for area in "RIASEC" for index in (block * 2, block * 2 + 1)]
RIASEC_SCALE = [Option("0", "非常不喜欢"), Option("1", "不喜欢"), Option("2", "说不准"), Option("3", "喜欢"), Option("4", "非常喜欢")]


def score_riasec(answers: dict[str, int]) -> Outcome:
    values = _values(answers, RIASEC_ITEMS, allowed=range(0, 5))
    totals = dict.fromkeys("RIASEC", 0)
    for item in RIASEC_ITEMS:
        totals[item.key] += values[item.id]
    ranked = sorted("RIASEC", key=lambda area: (-totals[area], "RIASEC".index(area)))  # ties: the RIASEC order
    code = "".join(ranked[:3])
    dimensions = [Dimension(key=a, name=RIASEC_AREAS[a][0], score=totals[a], maximum=40, description=RIASEC_AREAS[a][1]) for a in "RIASEC"]
    first, second, third = (RIASEC_AREAS[a][0] for a in ranked[:3])
    families = RIASEC_JOB_FAMILIES[ranked[0]] + [f for f in RIASEC_JOB_FAMILIES[ranked[1]][:3] if f not in RIASEC_JOB_FAMILIES[ranked[0]]]
    flat = max(totals.values()) - min(totals.values()) <= 4
    summary = (f"你的兴趣代码是 {code}：最突出的是{first}（{totals[ranked[0]]}/40），其次是{second}和{third}。"
               f"{RIASEC_AREAS[ranked[0]][1]}")
    advice = ["各类型得分接近，兴趣尚不鲜明：建议多参加实习、社团和职业体验，再做一次测评。"] if flat else []
    advice.append("兴趣测评帮助你探索方向，不代表能力，也不应作为单位录用的依据。")
    return Outcome(code=code, headline=f"{first} · {second} · {third}", summary=summary, dimensions=dimensions, job_families=families, advice=advice)


# --- Big Five (IPIP Big-Five Factor Markers, 50 items, our translation) ----------------------

BIGFIVE_FACTORS = {
    "E": ("外向性", {"high": "乐于社交、精力充沛，喜欢在人群中表达自己。", "mid": "既能与人热络交往，也享受独处，社交投入因场合而定。",
                    "low": "安静内敛，偏好小范围交往和独立工作，深思后再表达。"}),
    "A": ("宜人性", {"high": "体贴、信任他人，乐于合作和帮助别人。", "mid": "通常友善合作，必要时也会坚持自己的立场。",
                    "low": "直率、重视事实和竞争，不轻易迁就他人。"}),
    "C": ("尽责性", {"high": "有计划、守时、注重细节，做事有始有终。", "mid": "多数时候有条理，也能灵活应对变化。",
                    "low": "随性灵活，不喜欢被计划束缚，需要留意截止时间和细节。"}),
    "ES": ("情绪稳定性", {"high": "沉着放松，面对压力不易慌乱。", "mid": "情绪总体平稳，压力大时会有起伏。",
                       "low": "情绪敏感，容易感到压力和担忧，适合学习压力管理的方法。"}),
    "O": ("开放性", {"high": "想象力丰富、好奇心强，喜欢新观点和抽象问题。", "mid": "对新事物保持兴趣，也重视实际可行。",
                    "low": "务实具体，偏好熟悉的方法和明确的问题。"}),
}
BIGFIVE_ADVICE = {
    ("E", "high"): "适合需要频繁沟通与协作的岗位，如销售、市场、培训、公共关系。",
    ("E", "low"): "可优先考虑需要专注和深度工作的岗位，如研发、分析、技术写作。",
    ("A", "high"): "团队合作和服务类岗位能发挥你的长处；谈判时注意守住底线。",
    ("A", "low"): "在需要独立判断、坚持原则的岗位（审计、质检、法律）更能发挥。",
    ("C", "high"): "计划性强，适合项目管理、财务、质量、工程等重流程的岗位。",
    ("C", "low"): "创意和变化多的环境更适合你；求职中可借助清单管理投递和面试时间。",
    ("ES", "low"): "面试前多做模拟练习；选择单位时关注工作节奏与支持资源。",
    ("O", "high"): "研究、设计、咨询、新兴行业的岗位能满足你的好奇心。",
    ("O", "low"): "规范清晰、成果可衡量的岗位能让你发挥稳健可靠的优势。",
}
# (number, text, factor, reverse-keyed): the 50 items in the IPIP order.
_BIGFIVE = [
    (1, "是聚会中的活跃人物", "E", False), (2, "不太关心别人", "A", True), (3, "总是做好准备", "C", False), (4, "容易感到紧张有压力", "ES", True),
    (5, "词汇量丰富", "O", False), (6, "话不多", "E", True), (7, "对别人感兴趣", "A", False), (8, "随手乱放自己的东西", "C", True),
    (9, "大多数时候很放松", "ES", False), (10, "难以理解抽象的概念", "O", True), (11, "和别人在一起时感到自在", "E", False), (12, "会出言冒犯别人", "A", True),
    (13, "注意细节", "C", False), (14, "常为各种事情担忧", "ES", True), (15, "想象力生动", "O", False), (16, "喜欢待在不引人注意的地方", "E", True),
    (17, "能体会别人的感受", "A", False), (18, "把事情弄得一团糟", "C", True), (19, "很少感到情绪低落", "ES", False), (20, "对抽象的想法不感兴趣", "O", True),
    (21, "主动和别人搭话", "E", False), (22, "对别人的难处不感兴趣", "A", True), (23, "马上把该做的事做完", "C", False), (24, "容易被打扰而心烦", "ES", True),
    (25, "常有好点子", "O", False), (26, "没什么话可说", "E", True), (27, "心肠软", "A", False), (28, "常常忘记把东西放回原处", "C", True),
    (29, "容易心烦意乱", "ES", True), (30, "想象力不太好", "O", True), (31, "在聚会上和很多不同的人交谈", "E", False), (32, "对别人其实不太感兴趣", "A", True),
    (33, "喜欢井井有条", "C", False), (34, "情绪变化很多", "ES", True), (35, "理解事情很快", "O", False), (36, "不喜欢引人注意", "E", True),
    (37, "会抽出时间帮助别人", "A", False), (38, "逃避自己的责任", "C", True), (39, "情绪时常大起大落", "ES", True), (40, "会使用难懂的词语", "O", False),
    (41, "不介意成为众人关注的中心", "E", False), (42, "能感受到别人的情绪", "A", False), (43, "按计划行事", "C", False), (44, "容易被激怒", "ES", True),
    (45, "花时间反思事情", "O", False), (46, "在陌生人面前很安静", "E", True), (47, "让别人感到轻松自在", "A", False), (48, "对工作要求严格精确", "C", False),
    (49, "经常感到情绪低落", "ES", True), (50, "满脑子都是想法", "O", False),
]
BIGFIVE_ITEMS = [Item(id=f"B{number}", text=text, key=factor, reverse=reverse) for number, text, factor, reverse in _BIGFIVE]
BIGFIVE_SCALE = [Option("1", "非常不符合"), Option("2", "比较不符合"), Option("3", "说不准"), Option("4", "比较符合"), Option("5", "非常符合")]


def bigfive_level(score: float) -> str:
    """10–50: up to 25 low, from 35 high (thirds of the range around the midpoint 30)."""
    return "low" if score <= 25 else "high" if score >= 35 else "mid"


LEVEL_LABELS = {"low": "偏低", "mid": "中等", "high": "偏高"}


def score_bigfive(answers: dict[str, int]) -> Outcome:
    values = _values(answers, BIGFIVE_ITEMS, allowed=range(1, 6))
    totals = dict.fromkeys(BIGFIVE_FACTORS, 0)
    for item in BIGFIVE_ITEMS:
        totals[item.key] += 6 - values[item.id] if item.reverse else values[item.id]
    dimensions, advice = [], []
    for key, (name, texts) in BIGFIVE_FACTORS.items():
        level = bigfive_level(totals[key])
        dimensions.append(Dimension(key=key, name=name, score=totals[key], minimum=10, maximum=50, level=LEVEL_LABELS[level], description=texts[level]))
        if (key, level) in BIGFIVE_ADVICE:
            advice.append(BIGFIVE_ADVICE[(key, level)])
    strongest = max(dimensions, key=lambda d: (d.score, -list(BIGFIVE_FACTORS).index(d.key)))
    code = strongest.key
    summary = "；".join(f"{d.name}{d.level}（{d.score:g}/50）" for d in dimensions) + "。"
    families = _bigfive_families({d.key: bigfive_level(d.score) for d in dimensions})
    advice.append("人格特点没有好坏之分，结果反映的是你目前的自我描述。")
    return Outcome(code=code, headline=f"最突出的特点：{strongest.name}", summary=summary, dimensions=dimensions, job_families=families, advice=advice)


def _bigfive_families(levels: dict[str, str]) -> list[str]:
    families: list[str] = []
    rules = [("E", "high", ["市场营销与销售", "教育培训", "公共关系"]), ("E", "low", ["软件与算法研发", "数据分析", "技术写作"]),
             ("A", "high", ["客户服务", "医疗护理与康复", "人力资源"]), ("C", "high", ["财务会计与审计", "项目管理", "质量管理"]),
             ("O", "high", ["科学研究与实验", "设计与创意", "咨询"]), ("O", "low", ["行政与文秘", "仓储与供应链管理"])]
    for key, level, names in rules:
        if levels.get(key) == level:
            families.extend(n for n in names if n not in families)
    return families[:8]


# --- shared --------------------------------------------------------------------------------


def _values(answers: dict, items: list[Item], *, allowed: range) -> dict[str, int]:
    """Every item answered with an allowed value, else InvalidAnswers naming what is wrong."""
    values: dict[str, int] = {}
    missing = []
    for item in items:
        raw = answers.get(item.id)
        if raw in (None, ""):
            missing.append(item.id)
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise InvalidAnswers(f"第 {items.index(item) + 1} 题的答案无效。") from None
        if value not in allowed:
            raise InvalidAnswers(f"第 {items.index(item) + 1} 题的答案无效。")
        values[item.id] = value
    if missing:
        raise InvalidAnswers(f"还有 {len(missing)} 道题未作答。")
    return values


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    intro: str
    items: list[Item]
    scale: list[Option]
    minutes: int
    attribution: str

    def score(self, answers: dict) -> Outcome:
        return {RIASEC: score_riasec, BIGFIVE: score_bigfive}[self.code](answers)

    def options_for(self, item: Item) -> list[Option]:
        return self.scale


OPEN_INSTRUMENTS = {
    RIASEC: Instrument(
        code=RIASEC, name="职业兴趣测评（RIASEC）", minutes=8, items=RIASEC_ITEMS, scale=RIASEC_SCALE,
        intro="60 项工作活动，按你有多喜欢做这件事作答（不考虑是否擅长、收入或需要的学历）。结果给出霍兰德兴趣代码和适合探索的职业方向。",
        attribution="题目译自 O*NET Interest Profiler Short Form（美国劳工部，公有领域），中文翻译与计分说明由本系统编写；仅用于职业探索，不用于招聘选拔。",
    ),
    BIGFIVE: Instrument(
        code=BIGFIVE, name="大五人格测评（IPIP）", minutes=8, items=BIGFIVE_ITEMS, scale=BIGFIVE_SCALE,
        intro="50 句描述，按它们符合你平时状态的程度作答。结果描述外向性、宜人性、尽责性、情绪稳定性和开放性五个方面。",
        attribution="题目译自 IPIP Big-Five Factor Markers（International Personality Item Pool，公有领域），中文翻译与解释由本系统编写。",
    ),
}
