"""Career assessment pages and API: a student answers on the H5 and reads the result; teachers
see results within their data scope and statistics by college and major; the licensed bank
is uploaded and then offered to students; isolation and permissions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import schema_context

from core.errors import PermissionDenied
from tenant_apps.employment.assessment.instruments import BIGFIVE_ITEMS, RIASEC_ITEMS
from tests.tenant_apps.employment_assessment.conftest import (  # noqa: F401
    bank_bytes,
    org_tree,
    riasec_answers,
    scoped_teacher,
    staff_with,
    student,
)

pytestmark = pytest.mark.django_db
VIEW = "employment_assessment.view_assessmentresult"


def submit(pupil, code="riasec", answers=None):
    from tenant_apps.employment.assessment.services import result_submit

    if answers is None:
        answers = riasec_answers({"R": [1] * 10, "I": [4] * 10, "A": [3] * 10, "S": [2] * 10, "E": [1] * 10, "C": [0] * 10})
    return result_submit(student=pupil, instrument_code=code, answers=answers)


def test_student_takes_riasec_on_the_phone_and_reads_the_result(client_a, in_alpha):
    pupil = student()
    client_a.login_as(pupil)
    assert "职业兴趣测评" in client_a.get(reverse("h5:employment_assessment:index")).content.decode()
    take = reverse("h5:employment_assessment:take", args=["riasec"])
    page = client_a.get(take).content.decode()
    assert page.count('type="radio"') == 60 * 5 and "O*NET" in page
    answers = {f"q_{item.id}": "4" if item.key == "S" else "1" for item in RIASEC_ITEMS}
    incomplete = client_a.post(take, {k: v for k, v in answers.items() if k != "q_C10"})
    assert incomplete.status_code == 400 and "1 道题未作答" in incomplete.content.decode()
    response = client_a.post(take, answers)
    assert response.status_code == 302
    result = client_a.get(response["Location"]).content.decode()
    assert "社会型" in result and "教育培训" in result and "SRI" in result
    with schema_context("alpha"):
        from tenant_apps.employment.assessment.models import AssessmentResult

        stored = AssessmentResult.objects.get(student=pupil)
        assert (stored.college_name, stored.major_name, stored.code) == ("计算机学院", "软件工程", "SRI")


def test_retaking_keeps_history_and_counts_the_latest(in_alpha):
    pupil = student()
    first = submit(pupil)
    second = submit(pupil, answers=riasec_answers({area: [4 if area == "E" else 0] * 10 for area in "RIASEC"}))
    first.refresh_from_db()
    assert not first.is_latest and second.is_latest and second.code == "ERI"


def test_only_students_keep_results(in_alpha):
    with pytest.raises(PermissionDenied):
        submit(in_alpha)


def test_statistics_by_college_and_major_within_the_data_scope(client_a, in_alpha):
    for _ in range(3):
        submit(student("计算机学院", "软件工程"))
    submit(student("计算机学院", "网络工程"), answers=riasec_answers({area: [4 if area == "C" else 1] * 10 for area in "RIASEC"}))
    submit(student("外国语学院", "英语"), answers=riasec_answers({area: [4 if area == "S" else 1] * 10 for area in "RIASEC"}))
    from tenant_apps.employment.assessment import selectors

    everything = selectors.statistics(actor=in_alpha, instrument="riasec")
    assert everything["takers"]["计算机学院"] >= 4 and everything["by_group"]["外国语学院"].get("社会型", 0) >= 1
    by_major = selectors.statistics(actor=in_alpha, instrument="riasec", college="计算机学院")
    assert by_major["group_label"] == "专业" and by_major["by_group"]["网络工程"] == {"常规型": 1}
    assert by_major["averages"]["软件工程"]["I"] == 40.0
    college, _, _ = org_tree("外国语学院", "英语")
    teacher = scoped_teacher(college, VIEW)
    scoped = selectors.statistics(actor=teacher, instrument="riasec")
    assert scoped["groups"] == ["外国语学院"]
    client_a.login_as(teacher)
    page = client_a.get(reverse("backoffice:employment_assessment:statistics"), {"instrument": "riasec"}).content.decode()
    assert "外国语学院" in page and "计算机学院" not in page and "data-chart" in page
    listing = client_a.get(reverse("backoffice:employment_assessment:results")).content.decode()
    assert "英语" in listing and "软件工程" not in listing
    api = client_a.get(reverse("api:employment_assessment:statistics"), {"instrument": "riasec", "college": "外国语学院"}).json()
    assert api["group_label"] == "专业" and api["rows"][0]["group"] == "英语"


def test_result_list_queries_do_not_grow(staff_client, in_alpha, django_assert_max_num_queries):
    for _ in range(3):
        submit(student())
    staff_client.get(reverse("backoffice:employment_assessment:results"))
    with schema_context("alpha"):
        for _ in range(8):
            submit(student())
    with django_assert_max_num_queries(20):
        assert staff_client.get(reverse("backoffice:employment_assessment:results")).status_code == 200


def test_licensed_bank_upload_then_students_take_it(staff_client, client_a, in_alpha):
    pupil = student()
    banks = reverse("backoffice:employment_assessment:banks")
    bad = staff_client.post(banks, {"file": SimpleUploadedFile("bank.json", bank_bytes(format="x"))})
    assert bad.status_code == 400 and "format" in bad.content.decode()
    assert staff_client.post(banks, {"file": SimpleUploadedFile("bank.json", bank_bytes())}).status_code == 302
    client_a.login_as(pupil)
    assert "性格类型测评（授权）" in client_a.get(reverse("h5:employment_assessment:index")).content.decode()
    response = client_a.post(reverse("h5:employment_assessment:take", args=["mbti"]), {"q_1": "0", "q_2": "0", "q_3": "0", "q_4": "1"})
    assert response.status_code == 302
    assert "热情的协调者" in client_a.get(response["Location"]).content.decode()
    api = client_a.get(reverse("api:employment_assessment:instrument-detail", args=["mbti"])).json()
    assert api["item_count"] == 4 and api["items"][0]["options"][1]["label"] == "和熟人聊天"


def test_api_submit_and_results(staff_client, client_a, in_alpha):
    pupil = student()
    client_a.login_as(pupil)
    codes = [i["code"] for i in client_a.get(reverse("api:employment_assessment:instrument-list")).json()]
    assert codes == ["riasec", "bigfive"]  # no licensed bank uploaded
    answers = {item.id: "5" for item in BIGFIVE_ITEMS}
    created = client_a.post(reverse("api:employment_assessment:submit", args=["bigfive"]), {"answers": answers}, content_type="application/json")
    assert created.status_code == 201 and created.json()["outcome"]["code"] == "O" and created.json()["scores"]["ES"] == 18
    bad = client_a.post(reverse("api:employment_assessment:submit", args=["bigfive"]), {"answers": {}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_answers"
    assert client_a.get(reverse("api:employment_assessment:mine")).json()["count"] == 1
    assert client_a.get(reverse("api:employment_assessment:result-list")).status_code == 403
    listed = staff_client.get(reverse("api:employment_assessment:result-list"), {"instrument": "bigfive"}).json()
    assert any(r["student_id"] == pupil.pk for r in listed["results"])
    pk = created.json()["id"]
    assert staff_client.get(reverse("api:employment_assessment:result-detail", args=[pk])).json()["outcome"]["dimensions"][4]["level"] == "偏高"
    upload = staff_client.post(reverse("api:employment_assessment:bank-list"), {"file": SimpleUploadedFile("b.json", bank_bytes())})
    assert upload.status_code == 201 and upload.json()["item_count"] == 4


@pytest.mark.parametrize(("url_name", "permission"), [("backoffice:employment_assessment:results", VIEW), ("backoffice:employment_assessment:statistics", VIEW),
                                                       ("backoffice:employment_assessment:banks", "employment_assessment.view_licensedbank")])
def test_permission_matrix(client_a, in_alpha, url_name, permission):
    nobody, granted = staff_with(), staff_with(permission)
    client_a.login_as(nobody)
    assert client_a.get(reverse(url_name)).status_code == 403
    client_a.login_as(granted)
    assert client_a.get(reverse(url_name)).status_code == 200
    assert client_a.post(reverse("backoffice:employment_assessment:banks"), {"file": SimpleUploadedFile("b.json", bank_bytes())}).status_code == 403


def test_isolation(admin_client_b, client_a, in_alpha):
    pupil, other = student(), student()
    result = submit(pupil)
    assert admin_client_b.get(reverse("backoffice:employment_assessment:result_detail", args=[result.pk])).status_code == 404
    assert admin_client_b.get(reverse("api:employment_assessment:result-detail", args=[result.pk])).status_code == 404
    assert admin_client_b.get(reverse("h5:employment_assessment:result", args=[result.pk])).status_code == 404
    client_a.login_as(other)
    assert client_a.get(reverse("h5:employment_assessment:result", args=[result.pk])).status_code == 404  # another student's result
