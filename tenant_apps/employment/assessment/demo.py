"""Demo assessment results: RIASEC and Big-Five results for up to 400 demo students, with
answers leaning by college so that the statistics show differences. Idempotent, bulk insert."""

from __future__ import annotations

import random

DEMO_SCHEMA = "demo"
STUDENTS = 400
LEANING = {"计算机": "I", "信息": "I", "软件": "I", "外国语": "S", "文学": "A", "艺术": "A", "设计": "A", "经济": "E", "管理": "E", "商": "E",
           "会计": "C", "财务": "C", "机械": "R", "土木": "R", "电气": "R", "教育": "S", "医": "S"}


def seed_demo_assessment(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.accounts.models import OrgUnit, User
    from tenant_apps.employment.assessment.instruments import (
        BIGFIVE,
        BIGFIVE_ITEMS,
        RIASEC,
        RIASEC_ITEMS,
        score_bigfive,
        score_riasec,
    )
    from tenant_apps.employment.assessment.models import AssessmentResult

    if AssessmentResult.objects.exists():
        return
    students = list(User.objects.filter(kind="student").select_related("org_unit").order_by("id")[:STUDENTS])
    if not students:
        return
    units = {u.pk: (u.kind, u.name) for u in OrgUnit.objects.only("pk", "kind", "name")}
    rng = random.Random(20270601)
    rows = []
    for student in students:
        college = major = ""
        if student.org_unit_id:
            for part in student.org_unit.path.strip("/").split("/"):
                kind, name = units.get(int(part), ("", "")) if part.isdigit() else ("", "")
                college, major = (name, major) if kind == "college" else (college, name) if kind == "major" else (college, major)
        lean = next((area for word, area in LEANING.items() if word in college + major), rng.choice("RIASEC"))
        riasec = {item.id: min(4, max(0, rng.randint(0, 3) + (1 if item.key == lean else 0))) for item in RIASEC_ITEMS}
        bigfive = {item.id: rng.randint(2, 5) for item in BIGFIVE_ITEMS}
        common = {"student": student, "org_unit_id": student.org_unit_id, "college_name": college, "major_name": major}
        for code, answers, scorer in ((RIASEC, riasec, score_riasec), (BIGFIVE, bigfive, score_bigfive)):
            if code == BIGFIVE and rng.random() < 0.4:
                continue
            outcome = scorer(answers)
            rows.append(AssessmentResult(instrument=code, answers=answers, scores=outcome.scores, code=outcome.code, **common))
    AssessmentResult.objects.bulk_create(rows, batch_size=1000)
