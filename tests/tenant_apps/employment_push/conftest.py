"""A hand-built cohort for the push filters: two colleges, three majors, four classes; graduates
of two years and levels from three provinces, in every verification state, some with a
destination filed (draft or approved, categories 10 and 46), some without an account."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from tests.tenant_apps.employment_employers.conftest import in_alpha  # noqa: F401 - fixture

_serial = itertools.count(1)


@dataclass
class Cohort:
    units: dict
    records: dict  # key -> GraduateRecord

    def users(self, *keys: str) -> set[int]:
        return {self.records[k].user_id for k in keys}


def unit(name: str, kind: str, parent=None):
    from tenant_apps.accounts.models import OrgUnit

    node = OrgUnit.objects.create(name=f"{name}{next(_serial)}", kind=kind, parent=parent)
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.save(update_fields=["path"])
    return node


def graduate(org_unit, *, year=2026, education="31", origin="330102", status="pending", account=True, phone=True, openid=False):
    from tenant_apps.accounts.models import User
    from tenant_apps.employment.students.models import GraduateRecord

    n = next(_serial)
    user = None
    if account:
        user = User.objects.create_user(username=f"push{n}", password="Stu-pass-2026", kind="student", display_name=f"学生{n}",
                                        phone=f"137{n:08d}" if phone else "", wechat_openid=f"openid-{n}" if openid else "")
    return GraduateRecord.objects.create(graduation_year=year, student_number=f"P{year}{n:06d}", name=f"学生{n}", gender="1", ethnicity="01",
                                         political_status="13", education=education, major_code="080901", major_name="计算机科学与技术",
                                         origin_region=origin, org_unit=org_unit, user=user, verification_status=status)


def destination(record, *, category="10", status="approved"):
    from tenant_apps.employment.destinations.models import Destination

    return Destination.objects.create(record=record, category=category, status=status, employer_name="某公司")


def build_cohort() -> Cohort:
    """Inside a tenant schema. Keys name each graduate by what sets it apart."""
    cs = unit("计算机学院", "college")
    se = unit("软件工程", "major", cs)
    ai = unit("人工智能", "major", cs)
    se1, se2, ai1 = unit("软工1班", "class", se), unit("软工2班", "class", se), unit("智能1班", "class", ai)
    econ = unit("经济学院", "college")
    fin = unit("金融学", "major", econ)
    fin1 = unit("金融1班", "class", fin)
    records = {
        "se1_zj_verified_employed": graduate(se1, status="verified", origin="330106", openid=True),
        "se1_js_pending": graduate(se1, origin="320102"),
        "se2_bj_master_draft": graduate(se2, education="11", origin="110101", status="confirmed"),
        "ai1_zj_returned_study": graduate(ai1, origin="330203", status="returned"),
        "ai1_2025_verified": graduate(ai1, year=2025, status="verified"),
        "fin1_js_verified": graduate(fin1, origin="320505", status="verified"),
        "fin1_zj_no_account": graduate(fin1, account=False),
        "fin1_2025_junior": graduate(fin1, year=2025, education="41", origin="110105"),
    }
    destination(records["se1_zj_verified_employed"], category="10", status="approved")
    destination(records["se2_bj_master_draft"], category="10", status="draft")
    destination(records["ai1_zj_returned_study"], category="46", status="approved")
    return Cohort(units={"cs": cs, "se": se, "ai": ai, "se1": se1, "se2": se2, "ai1": ai1, "econ": econ, "fin": fin, "fin1": fin1}, records=records)
