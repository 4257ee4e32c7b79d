"""The 生源信息 import with files as schools send them (written by XlsxWriter, read by openpyxl)."""

import datetime

import pytest

from core.importexport.testing import workbook_rows
from tests.tenant_apps.employment_students.conftest import id_number, import_roster, roster_row

pytestmark = pytest.mark.django_db


def reasons(job) -> dict[int, str]:
    return {r[-1]: r[-2] for r in workbook_rows(job.report_file)[1:]}


def test_messy_roster_keeps_good_rows_and_reports_every_rejected_row(in_tenant_a, admin_alpha):
    from tenant_apps.accounts.models import OrgUnit, User
    from tenant_apps.employment.students.models import GraduateRecord

    permit = id_number(region="810000", birth="20031212")
    lower_x = next(n for n in (id_number(birth="20040202") for _ in range(50)) if n.endswith("X"))
    rows = [
        roster_row("2022000101", " 张 三 ", 身份证号=lower_x.lower(), 民族="1", 政治面貌="3", 入学时间=44805, 学制="４"),  # x, one-digit codes, serial date, full-width
        roster_row("２０２２０００１０２", "李四", 身份证号=permit, 性别="女", 民族="汉族", 政治面貌="共青团员", 专业代码="080910T", 毕业时间="2027.6"),
        roster_row("2022000103", "王五", 身份证号="110105200401010010", 性别="1"),  # wrong check digit
        roster_row("2022000104", "赵六", 生源所在地="990000"),  # no such province
        roster_row("2022000105", "钱七", 专业代码="08090"),  # major code too short
        roster_row("2022000101", "张三重复"),  # duplicate 学号 in the file
        roster_row("2022000107", "孙八", 培养方式="定向"),  # 定向 without its unit
        roster_row("2022000108", "周九", 民族="77"),
    ]
    job = import_roster(admin_alpha, rows, title_rows=2, merge_college=True)
    assert job.status == "done"
    assert (job.succeeded_rows, job.rejected_rows) == (2, 6)
    why = reasons(job)
    assert "身份证号" in why[6] and "校验位" in why[6]
    assert "行政区划" in why[7]
    assert "专业代码" in why[8]
    assert "重复" in why[9]
    assert "定向" in why[10]
    assert "民族" in why[11]

    first = GraduateRecord.objects.get(student_number="2022000101")
    assert first.name == "张三" and first.id_number == lower_x and first.ethnicity == "01" and first.political_status == "03"
    assert first.enrolled_on == datetime.date(2022, 9, 1) and str(first.years_of_study) == "4.0" and first.graduation_year == 2027
    second = GraduateRecord.objects.get(student_number="2022000102")
    assert second.gender == "2" and second.major_code == "080910T" and second.id_number.startswith("810000")
    # accounts in the org tree: college (merged cell) -> major -> class
    assert second.org_unit.name == "计科2201" and second.org_unit.parent.parent.name == "计算机学院"
    assert OrgUnit.objects.filter(name="计算机学院", kind="college").count() == 1
    account = User.objects.get(username="2022000102")
    assert account.kind == "student" and account.display_name == "李四" and account.org_unit == second.org_unit and not account.has_usable_password()


def test_lost_leading_zeros_are_restored(in_tenant_a, admin_alpha):
    from tenant_apps.employment.students.models import GraduateRecord

    number = id_number(region="110105", birth="20040303")
    job = import_roster(admin_alpha, [roster_row("2022000201", "吴一", 身份证号=number[1:] if number[0] == "0" else number)])
    assert job.succeeded_rows == 1
    assert GraduateRecord.objects.get(student_number="2022000201").id_number == number


def test_reimporting_a_corrected_file_updates_and_never_duplicates(in_tenant_a, admin_alpha):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.students.models import GraduateRecord

    rows = [roster_row("2022000301", "郑一"), roster_row("2022000302", "郑二", 身份证号="123")]
    first = import_roster(admin_alpha, rows)
    assert (first.succeeded_rows, first.rejected_rows) == (1, 1)
    rows[0]["手机号"] = "13911112222"
    rows[1]["身份证号"] = id_number(birth="20040505")
    second = import_roster(admin_alpha, rows)
    assert (second.succeeded_rows, second.rejected_rows) == (2, 0)
    assert GraduateRecord.objects.filter(student_number__in=["2022000301", "2022000302"]).count() == 2
    assert User.objects.filter(username="2022000301").count() == 1
    assert GraduateRecord.objects.get(student_number="2022000301").phone == "13911112222"
    results = workbook_rows(second.result_file)
    assert ["2022000301", "郑一", "更新"] in [list(r) for r in results]


def test_header_row_is_found_under_title_rows_and_renamed_headers(in_tenant_a, admin_alpha):
    from tenant_apps.employment.students.models import GraduateRecord
    from tests.tenant_apps.employment_students.conftest import HEADERS

    headers = [{"身份证号": "身份证件号", "手机号": "手机号码", "生源所在地": "生源地"}.get(h, h) for h in HEADERS]
    row = roster_row("2022000401", "冯一")
    row = {{"身份证号": "身份证件号", "手机号": "手机号码", "生源所在地": "生源地"}.get(k, k): v for k, v in row.items()}
    job = import_roster(admin_alpha, [row], title_rows=3, headers=headers)
    assert job.succeeded_rows == 1
    assert GraduateRecord.objects.filter(student_number="2022000401").exists()


def test_import_needs_the_permission(in_tenant_a):
    from core.errors import PermissionDenied
    from tests.tenant_apps.employment_students.conftest import make_staff

    clerk = make_staff("clerk1", "辅导员")
    with pytest.raises(PermissionDenied):
        import_roster(clerk, [roster_row("2022000501", "陈一")])


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_hong_kong_macao_and_taiwan_residence_permits_are_accepted(region):
    from tenant_apps.employment.students import parsing

    permit = id_number(region=region, birth="20030505")
    assert parsing.id_number(permit) == permit
    with pytest.raises(ValueError):
        parsing.id_number(permit[:-1] + ("0" if permit[-1] != "0" else "1"))  # wrong check digit


@pytest.mark.parametrize("code, ok", [("080901", True), ("080910T", True), ("020301K", True), ("080911TK", True), ("080911KT", False),
                                      ("08091T", False), ("080910X", False)])
def test_major_codes_with_t_and_k_suffixes(code, ok):
    from tenant_apps.employment.students import parsing

    if ok:
        assert parsing.major_code(code) == code
    else:
        with pytest.raises(ValueError):
            parsing.major_code(code)
