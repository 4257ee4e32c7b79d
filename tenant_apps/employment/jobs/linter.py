"""The discrimination linter for job postings and announcements (REFERENCE-employment §6).

Each rule names the law or notice it rests on and says why the wording is a problem, so that
the employer (while typing) and the reviewer (in the queue) read the same explanation. Two
severities (docs/decisions/0086):

- "block": wording that a statute or a MOE/MOHRSS notice forbids outright in campus
  recruitment (gender, marriage and childbearing, ethnicity and religion, HBV, 985/211,
  hukou, fees and training loans). The posting cannot be submitted until it is reworded.
- "review": wording that is lawful for some employers or in some contexts (age limits,
  "first degree" / full-time limits for private firms, hype). It may be submitted, but the
  posting is never auto-approved and the reviewer sees the hit.

Negated forms ("男女不限", "不限户籍") are exceptions, checked on the text around a hit.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

BLOCK, REVIEW = "block", "review"
# Natures for which 毕业院校, 境外学历 and 学习方式 limits are forbidden (MOE notice on the class of 2021).
PUBLIC_NATURES = {"government", "public_institution", "state_owned", "military"}


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    severity: str
    explanation: str
    basis: str
    patterns: tuple[str, ...]
    exceptions: tuple[str, ...] = ()


RULES: tuple[Rule, ...] = (
    Rule(
        "gender", "性别限制或性别优先", BLOCK,
        "招聘不得限定性别或规定性别优先，不得以性别为由拒绝录用妇女或提高对妇女的录用标准（国家规定的女职工禁忌劳动范围除外，此时请在职位中写明具体岗位依据，由老师审核）。",
        "《妇女权益保障法》（2023）第四十三条第一项；《就业促进法》第二十七条；人社部等九部门《关于进一步规范招聘行为促进妇女就业的通知》（2019）",
        (r"(限|仅限|只招|只要|只收|要求|适合|招聘?)\s*(男|女)(性|生|士|孩|同学)", r"(男|女)(性|生|士)?\s*(优先|为主|勿扰|免谈|不考虑|不予考虑|除外)",
         r"性别\s*[:：]?\s*(要求)?\s*(男|女)(?![女男]|不限)", r"(男|女)(性|生)?\s*[（(]?\s*\d+\s*[名人]", r"不招(男|女)"),
        (r"男女不限", r"不限男女", r"性别不限", r"男女均可", r"男女皆可"),
    ),
    Rule(
        "marriage_childbearing", "询问婚育状况或限制生育", BLOCK,
        "不得询问或调查女性求职者的婚育情况，不得将妊娠测试作为入职体检项目，不得将限制生育作为录用条件，也不得以婚育状况作为录用条件或优先条件。",
        "《妇女权益保障法》（2023）第四十三条第二至四项；人社部等九部门通知（2019）",
        (r"已婚(已育)?", r"未婚", r"已育", r"婚育", r"婚姻状况", r"单身", r"\d+\s*年内\s*不(得|能|准|可)?\s*(生育|怀孕|生孩子|要孩子|结婚)",
         r"[一二两三四五]\s*年内\s*不(得|能|准|可)?\s*(生育|怀孕|生孩子|要孩子|结婚)", r"妊娠(测试|检查|检测)", r"孕检", r"不(得|能|可)\s*怀孕"),
        (r"不限婚育", r"婚育不限", r"不问婚育"),
    ),
    Rule(
        "ethnicity_religion", "民族、种族或宗教信仰要求", BLOCK,
        "劳动者依法享有平等就业的权利，不因民族、种族、性别、宗教信仰等不同而受歧视；招聘信息不得含有民族、种族、宗教信仰方面的歧视性内容。",
        "《就业促进法》第三条、第二十八条；人社部等五部门《关于规范网络平台招聘类信息发布的通知》（2026）",
        (r"(限|仅限|只招|要求)\s*汉族", r"汉族(优先|为主)", r"民族\s*[:：]\s*汉", r"(少数民族|维吾尔族|回族|藏族)\s*(勿扰|免谈|不要|除外|不考虑)",
         r"宗教信仰", r"(无|不得有|不能有)\s*宗教", r"(穆斯林|基督徒|佛教徒|信教者?)\s*(勿扰|免谈|不要|优先|除外)"),
        (r"民族不限", r"不限民族", r"尊重.{0,6}宗教信仰"),
    ),
    Rule(
        "school_tier", "限定“985/211”或毕业院校", BLOCK,
        "学校组织的招聘活动严禁发布含有限定“985”“211”院校等字样的招聘信息；招聘高校毕业生不得以毕业院校为限制条件。",
        "教育部“三严禁”（2013，2025 届毕业生就业通知第 21 条重申）；国务院办公厅《关于做好2013年全国普通高等学校毕业生就业工作的通知》",
        (r"(?<!\d)985(?!\d)", r"(?<!\d)211(?!\d)", r"双一流(院校|高校|大学)", r"(重点|名牌|名校|知名)(院校|大学|高校)(毕业)?", r"QS\s*(世界)?\s*(排名)?\s*前\s*\d+",
         r"(海外|境外|国外)(学历|留学经历)\s*(不要|免谈|除外|不考虑)"),
    ),
    Rule(
        "first_degree", "限定“第一学历”或学习方式（全日制/统招）", REVIEW,
        "党政机关、事业单位和国有企业招聘不得将毕业院校、国（境）外学习经历、学习方式（全日制/非全日制）作为限制性条件；其他单位设置此类条件也可能构成学历歧视，请说明岗位确需的理由。",
        "教育部《关于做好2021届全国普通高校毕业生就业创业工作的通知》；教育部“三严禁”（学历歧视）",
        (r"第一学历", r"本科学历\s*须为\s*全日制", r"全日制\s*(统招)?\s*(本科|硕士|研究生|大专|专科)", r"统招\s*(本科|硕士|研究生|大专|专科)?", r"非全日制\s*(不要|免谈|除外|不考虑)"),
    ),
    Rule(
        "hukou", "户籍、地域或身份限制", BLOCK,
        "招聘不得设置户籍、地域或身份限制；学校组织的招聘活动严禁发布含有户籍歧视的信息。",
        "教育部“三严禁”；人社部等五部门《关于规范网络平台招聘类信息发布的通知》（2026）；《就业促进法》第三十一条",
        (r"(本地|本市|本省|当地)\s*(户口|户籍|生源|人)", r"(京|沪|津|渝|北京|上海|天津|重庆|广州|深圳)\s*(户口|户籍|生源)", r"(户口|户籍|籍贯)\s*(优先|要求|限|须|必须)",
         r"(限|仅限|只招|要求)\s*[\u4e00-\u9fa5]{1,6}\s*(户口|户籍|籍贯|生源)", r"外地(人|户口|户籍)?\s*(勿扰|免谈|不要|不考虑)", r"农村(户口|户籍)\s*(勿扰|免谈|不要|不考虑|除外)"),
        (r"(户口|户籍|生源)不限", r"不限(户口|户籍|生源|地域)", r"(解决|办理|协助).{0,4}(户口|落户|户籍)", r"落户"),
    ),
    Rule(
        "age", "年龄限制", REVIEW,
        "招聘应届高校毕业生不得以年龄为限制条件；确因岗位需要设置年龄条件的，请写明依据，由老师审核。",
        "国务院办公厅《关于做好2013年全国普通高等学校毕业生就业工作的通知》（毕业院校、年龄、户籍）",
        (r"(年龄|年纪)\s*[:：]?\s*(在|须在|要求)?\s*\d{2}\s*(周?岁)?\s*(以下|以内|以上|之间|[-~～至到])", r"\d{2}\s*周?岁\s*(以下|以内|以上|之间)",
         r"\d{2}\s*[-~～至到]\s*\d{2}\s*周?岁", r"(限|仅限|要求)\s*[0-9０-９]{2}\s*后"),
        (r"年龄不限", r"不限年龄"),
    ),
    Rule(
        "hbv", "乙肝检测或乙肝病毒携带者限制", BLOCK,
        "用人单位不得以是否为乙肝病毒携带者为由拒绝录用，不得在招聘中要求乙肝项目检测或询问乙肝情况（经卫生部门核准的特殊职业除外）。",
        "《就业促进法》第三十条；人社部发〔2010〕12号",
        (r"乙肝", r"(?<![A-Za-z])HBV(?![A-Za-z])", r"[大小]三阳", r"两对半", r"(病毒)?携带者\s*(勿扰|免谈|不要|除外|不考虑)"),
    ),
    Rule(
        "disability", "残疾限制", REVIEW,
        "用人单位招用人员不得歧视残疾人；“身体健全”一类要求请改为岗位确需的具体能力条件。",
        "《就业促进法》第二十九条",
        (r"(残疾|残障)\s*(人)?\s*(勿扰|免谈|不要|除外|不考虑)", r"身体健全", r"(肢体|四肢)\s*健全"),
    ),
    Rule(
        "fees_loans", "收费、培训贷或“招转培”", BLOCK,
        "招聘不得以任何名义向求职者收取费用，不得以招聘为名诱导求职者办理培训贷款或“招转培”。",
        "人社部等五部门《关于规范网络平台招聘类信息发布的通知》（2026）；《就业服务与就业管理规定》第十四条",
        (r"培训贷", r"招转培", r"(贷款|分期)\s*(培训|学习|学费)", r"(先|需|须|要)?\s*(交|缴)(纳)?\s*[\u4e00-\u9fa5]{0,6}(培训费|押金|保证金|服装费|体检费|资料费|报名费)",
         r"(培训费|押金|保证金|服装费|报名费)\s*\d+"),
    ),
    Rule(
        "hype", "夸大或诱导性用语", REVIEW,
        "招聘信息应真实、准确，不得以“高薪”“保录”“包就业”等夸大或虚假承诺诱导求职者。",
        "人社部等五部门《关于规范网络平台招聘类信息发布的通知》（2026）；教育部“三严禁”（虚假招聘）",
        (r"保录", r"包就业", r"保就业", r"包分配", r"保证录取", r"(躺赚|日赚|日入)\s*\d*", r"轻松月入\s*\d*", r"(月薪|年薪)\s*(轻松)?\s*(过万|上万|百万)\s*(起|无上限)?"),
    ),
)
_COMPILED = [(rule, [re.compile(p, re.IGNORECASE) for p in rule.patterns], [re.compile(p, re.IGNORECASE) for p in rule.exceptions]) for rule in RULES]
CONTEXT = 14


@dataclass(frozen=True)
class Hit:
    field: str
    field_label: str
    rule: str
    title: str
    severity: str
    explanation: str
    basis: str
    match: str
    before: str
    after: str
    start: int

    def as_dict(self) -> dict:
        return asdict(self)


def _is_exception(text: str, start: int, end: int, exceptions) -> bool:
    window = text[max(0, start - 6): end + 6]
    return any(pattern.search(window) for pattern in exceptions)


def lint_text(text: str, *, field: str = "", field_label: str = "", employer_nature: str = "") -> list[Hit]:
    hits: list[Hit] = []
    text = text or ""
    for rule, patterns, exceptions in _COMPILED:
        covered: list[tuple[int, int]] = []
        severity = rule.severity
        if rule.code == "first_degree" and employer_nature in PUBLIC_NATURES:
            severity = BLOCK
        for pattern in patterns:
            for match in pattern.finditer(text):
                start, end = match.span()
                if end == start or _is_exception(text, start, end, exceptions):
                    continue
                if any(start < e and s < end for s, e in covered):
                    continue  # one hit per stretch of text and rule
                covered.append((start, end))
                hits.append(Hit(field=field, field_label=field_label, rule=rule.code, title=rule.title, severity=severity,
                                explanation=rule.explanation, basis=rule.basis, match=match.group(0),
                                before=text[max(0, start - CONTEXT): start], after=text[end: end + CONTEXT], start=start))
    return sorted(hits, key=lambda hit: hit.start)


def lint_posting(fields: dict[str, tuple[str, str]], *, employer_nature: str = "") -> list[Hit]:
    """`fields`: name -> (label, text). Hits in field order, then position."""
    hits: list[Hit] = []
    for name, (label, text) in fields.items():
        hits.extend(lint_text(text, field=name, field_label=label, employer_nature=employer_nature))
    return hits


def blocking(hits: list[Hit] | list[dict]) -> list:
    return [hit for hit in hits if (hit.severity if isinstance(hit, Hit) else hit.get("severity")) == BLOCK]
