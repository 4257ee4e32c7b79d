"""Demo cohort for the demo university (scripts/run): 8,000 graduates of the class of next
summer in four colleges, with accounts in the org tree, records in every verification state
(those waiting with a correction carry the student's request), and the staff of the three
review levels. Bulk inserts: a few seconds; skipped when the cohort exists (idempotent)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from core.crypto import blind_index
from core.validators.china import id_number_check_character

DEMO_SIZE = 8000
DEMO_STAFF_PASSWORD = "demo-staff-1"
# The first graduate of the demo cohort is the demo student login (README, scripts/run): record not
# yet verified, so a newcomer can walk verification and destination filing.
DEMO_STUDENT_PASSWORD = "demo-student-1"
COLLEGES = [
    ("计算机学院", [("080901", "计算机科学与技术", "计科"), ("080902", "软件工程", "软工"), ("080910T", "数据科学与大数据技术", "数据")]),
    ("经济管理学院", [("020301K", "金融学", "金融"), ("120203K", "会计学", "会计"), ("120201K", "工商管理", "工商")]),
    ("外国语学院", [("050201", "英语", "英语"), ("050207", "日语", "日语"), ("050261", "翻译", "翻译")]),
    ("机械工程学院", [("080202", "机械设计制造及其自动化", "机械"), ("080204", "机械电子工程", "机电"), ("080207", "车辆工程", "车辆")]),
]
CLASSES_PER_MAJOR = 4
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥建国宇轩浩然子涵欣怡梓涵一诺思远雨桐俊杰佳怡嘉怡晨曦"
REGIONS = ["110105", "120101", "130102", "140105", "210102", "310104", "320102", "330106", "340102", "350102", "360102", "370102", "410105",
           "420102", "430102", "440106", "450102", "500103", "510104", "530102", "610104", "620102", "810000", "820000"]
HARDSHIP = ["非困难生"] * 17 + ["家庭困难", "低保家庭", "建档立卡贫困家庭"]


def demo_year() -> int:
    """The cohort still registering destinations: graduates next summer."""
    today = timezone.localdate()
    return today.year + 1 if today > datetime.date(today.year, 8, 31) else today.year


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _id_number(rng: random.Random, region: str, year: int) -> str:
    birth = datetime.date(year - 22, 1, 1) + datetime.timedelta(days=rng.randrange(700))
    first17 = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_number_check_character(first17)


def _classes():
    """College → major → class nodes through the accounts service (about 60 units)."""
    from tenant_apps.employment.students.services import class_unit_ensure

    classes = []
    for college, majors in COLLEGES:
        for code, major, short in majors:
            for number in range(1, CLASSES_PER_MAJOR + 1):
                unit = class_unit_ensure(college=college, major=major, major_code=code, class_name=f"{short}{str(demo_year() - 4)[-2:]}{number:02d}")
                classes.append((unit, code, major))
    return classes


def _staff(username: str, name: str, group: str, unit) -> None:
    from tenant_apps.accounts.enums import UserKind
    from tenant_apps.accounts.models import User
    from tenant_apps.accounts.services import user_create

    if not User.objects.filter(username=username).exists():
        user_create(actor=None, username=username, display_name=name, kind=UserKind.STAFF, org_unit=unit, password=DEMO_STAFF_PASSWORD,
                    groups=[Group.objects.get(name=group)])


@transaction.atomic
def seed_demo_graduates(schema_name: str, tenant_type: str, *, size: int = DEMO_SIZE) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.accounts.enums import UserKind
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.students.enums import VerificationStatus
    from tenant_apps.employment.students.initializers import groups_ensure
    from tenant_apps.employment.students.models import (
        EmploymentSettings,
        GraduateRecord,
        RecordCorrection,
    )

    year = demo_year()
    if GraduateRecord.objects.filter(graduation_year=year).exists():
        return
    if not EmploymentSettings.objects.exists():
        EmploymentSettings.objects.create(school_code="10999")
    groups_ensure()
    rng = random.Random(year)
    classes = _classes()
    first_class = classes[0][0]
    _staff("fdy_jike", "计科辅导员王老师", "辅导员", first_class.parent)  # counsellor of one major (its four classes)
    _staff("xy_jisuanji", "计算机学院就业专员", "学院就业专员", first_class.parent.parent)
    _staff("jyzx", "校就业中心李老师", "校就业中心", None)

    unusable = make_password(None)
    now = timezone.now()
    statuses = ([VerificationStatus.VERIFIED] * 80 + [VerificationStatus.CONFIRMED] * 5 + [VerificationStatus.CORRECTION] * 3
                + [VerificationStatus.RETURNED] * 2 + [VerificationStatus.PENDING] * 10)
    users, records = [], []
    for index in range(size):
        unit, major_code, major = classes[index % len(classes)]
        number = f"{year - 4}{index + 1:06d}"
        name = _name(rng)
        region = rng.choice(REGIONS)
        users.append(User(username=number, display_name=name, kind=UserKind.STUDENT, org_unit=unit,
                          password=make_password(DEMO_STUDENT_PASSWORD) if index == 0 else unusable,
                          wechat_openid=f"demo-openid-{number}" if rng.random() < 0.85 else ""))
        id_number = _id_number(rng, region, year)
        status = rng.choice(statuses)
        if index == 0:
            status = VerificationStatus.PENDING
        records.append(GraduateRecord(
            graduation_year=year, student_number=number, exam_number=f"{str(year - 4)[-2:]}{region}{index:06d}", name=name, id_number=id_number,
            id_number_hash=blind_index(id_number), gender="1" if int(id_number[16]) % 2 else "2", ethnicity=rng.choice(["01"] * 18 + ["03", "08"]),
            political_status=rng.choice(["03"] * 6 + ["01", "02", "13"]), education="31", major_code=major_code, major_name=major,
            origin_region=region if not region.startswith("8") else "440106", years_of_study=4, enrolled_on=datetime.date(year - 4, 9, 1),
            graduates_on=datetime.date(year, 6, 30), hardship_category=rng.choice(HARDSHIP), phone=f"15{index:09d}", email=f"{number}@stu.demo.edu.cn",
            org_unit=unit, verification_status=status, verified_at=now if status == VerificationStatus.VERIFIED else None,
            return_reason="政治面貌与学籍不符，请核对" if status == VerificationStatus.RETURNED else ""))
    User.objects.bulk_create(users, batch_size=2000)
    accounts = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
    for record in records:
        record.user_id = accounts[record.student_number]
    GraduateRecord.objects.bulk_create(records, batch_size=2000)
    # Every record waiting with a correction request has the request the counsellor decides on.
    RecordCorrection.objects.bulk_create([
        RecordCorrection(record=record, changes={"political_status": "01"} if record.political_status != "01" else {"political_status": "02"},
                         explanation="已于大四上学期转为正式党员，学籍中的政治面貌尚未更新" if record.political_status != "01" else "政治面貌录入有误，应为预备党员")
        for record in records if record.verification_status == VerificationStatus.CORRECTION
    ], batch_size=2000)
