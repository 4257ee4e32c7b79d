"""Every alumni page and endpoint: it answers for the right people, refuses staff without the
permission, and another tenant's ids answer 404."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.importexport.testing import xlsx_upload
from tests.tenant_apps.alumni_records.conftest import join_verified, make_chapter, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_tenant_a, admin_a):
    """Two verified alumni (one a chapter admin), a pending ambiguous joiner, a duplicate pair,
    an article, a post, an export request."""
    from tenant_apps.alumni.content.services import article_save, post_create
    from tenant_apps.alumni.orgs.services import (
        admin_accept,
        admin_invite,
        export_request_create,
        join_apply,
    )
    from tenant_apps.alumni.records.services import duplicates_scan, merge_preview, records_merge

    chapter = make_chapter(admin_a, name="深圳校友会", review_mode="auto")
    u1, m1, r1 = join_verified(name="于洋", class_year=2005)
    u2, m2, r2 = join_verified(name="贾静", class_year=2006, birth=datetime.date(1988, 1, 1))
    join_apply(user=u1, org=chapter, data={})
    admin_accept(user=u1, token=admin_invite(actor=admin_a, org=chapter, name="于洋", phone="13912340000", role="president").token)
    a = make_record(admin_a, name="夏雪", class_year=1999, birth_date=datetime.date(1981, 3, 3))
    b = make_record(admin_a, name="夏雪", class_year=1999, birth_date=datetime.date(1981, 3, 3))
    duplicates_scan(actor=admin_a)
    assert merge_preview(survivor=a, absorbed=b)
    c, d = make_record(admin_a, name="常青", class_year=1970), make_record(admin_a, name="常青", class_year=1970)
    log = records_merge(actor=admin_a, survivor=c, absorbed=d)
    article = article_save(actor=admin_a, title="新闻一则", body="<p>正文</p>")
    post = post_create(user=u1, kind="message", title="你好", body="母校好")
    export = export_request_create(actor=u1, org=chapter, reason="年会联络通知")
    return {"chapter": chapter, "u1": u1, "u2": u2, "m1": m1, "m2": m2, "r1": r1, "a": a, "b": b, "log": log, "article": article, "post": post, "export": export}


def backoffice_pages(w) -> list[str]:
    return [reverse("backoffice:alumni:home"), reverse("backoffice:alumni_records:record_list"), reverse("backoffice:alumni_records:record_list") + "?q=yuyang&year_from=2000",
            reverse("backoffice:alumni_records:record_add"), reverse("backoffice:alumni_records:record_detail", args=[w["r1"].pk]),
            reverse("backoffice:alumni_records:record_edit", args=[w["r1"].pk]), reverse("backoffice:alumni_records:record_import"),
            reverse("backoffice:alumni_records:member_list"), reverse("backoffice:alumni_records:member_review"), reverse("backoffice:alumni_records:member_detail", args=[w["m1"].pk]),
            reverse("backoffice:alumni_records:member_groups"), reverse("backoffice:alumni_records:duplicates"), reverse("backoffice:alumni_records:merge", args=[w["a"].pk, w["b"].pk]),
            reverse("backoffice:alumni_records:merge_log"), reverse("backoffice:alumni_records:aliases"), reverse("backoffice:alumni_records:custom_fields"),
            reverse("backoffice:alumni_records:statistics"), reverse("backoffice:alumni_orgs:org_list"), reverse("backoffice:alumni_orgs:org_add"),
            reverse("backoffice:alumni_orgs:org_detail", args=[w["chapter"].pk]), reverse("backoffice:alumni_orgs:org_edit", args=[w["chapter"].pk]),
            reverse("backoffice:alumni_orgs:exports"), reverse("backoffice:alumni_directory:profile_list"), reverse("backoffice:alumni_content:article_list"),
            reverse("backoffice:alumni_content:article_add"), reverse("backoffice:alumni_content:article_edit", args=[w["article"].pk]), reverse("backoffice:alumni_content:moderation")]


def test_backoffice_pages_for_the_alumni_office_and_not_for_others(world, admin_client_a, client_a):
    from tenant_apps.accounts.services import user_create

    for path in backoffice_pages(world):
        response = admin_client_a.get(path)
        assert response.status_code == 200, path
    with schema_context("alpha"):
        nobody = user_create(actor=None, username=f"nobody_{uuid.uuid4().hex[:6]}", password="Nobody-pass-2026", kind="staff")
    client_a.login_as(nobody)
    for path in backoffice_pages(world):
        if "/exports/" in path or path.endswith("/alumni/orgs/"):
            continue
        assert client_a.get(path).status_code in ((403, 404) if "/alumni/orgs/" in path else (403,)), path  # a chapter page is 404 to outsiders


def test_h5_pages_for_a_verified_alumnus(world, client_a):
    client_a.login_as(world["u1"])
    profile2 = world["m2"].directory_profile
    pages = [reverse("h5:alumni:hall"), reverse("h5:alumni:join"), reverse("h5:alumni:me"), reverse("h5:alumni_directory:search") + "?q=jiajing",
             reverse("h5:alumni_directory:profile", args=[profile2.pk]), reverse("h5:alumni_directory:my_profile"), reverse("h5:alumni_directory:cards"),
             reverse("h5:alumni_directory:mentors"), reverse("h5:alumni_orgs:chapters"), reverse("h5:alumni_orgs:chapter", args=[world["chapter"].pk]),
             reverse("h5:alumni_orgs:manage_list"), reverse("h5:alumni_orgs:manage", args=[world["chapter"].pk]), reverse("h5:alumni_content:articles"),
             reverse("h5:alumni_content:board", args=["message"]), reverse("h5:alumni_content:board", args=["mutual_aid"])]
    for path in pages:
        assert client_a.get(path).status_code == 200, path
    response = client_a.post(reverse("h5:alumni_directory:profile", args=[profile2.pk]), {"message": "你好"})
    assert response.status_code == 302
    assert client_a.get(response["Location"]).status_code == 200


def test_h5_chapter_admin_cannot_download_before_approval_nor_manage_other_chapters(world, client_a, admin_a):
    client_a.login_as(world["u1"])
    with schema_context("alpha"):
        other = make_chapter(admin_a, name="别的分会")
    assert client_a.get(reverse("h5:alumni_orgs:manage", args=[other.pk])).status_code == 404
    response = client_a.get(reverse("h5:alumni_orgs:export_download", args=[world["export"].pk]))
    assert response.status_code == 302  # refused with a message (导出尚未经总会批准)


def test_record_import_with_rejected_rows(world, admin_client_a, admin_a):
    from core.importexport.services import import_job_create, import_job_run
    from core.importexport.testing import workbook_rows
    from core.models import FileJob

    headers = ["姓名", "性别", "出生日期", "学号", "身份证号", "入学年份", "毕业年份", "学历", "院系", "专业", "手机号", "邮箱", "所在地区", "行业", "工作单位", "信息来源", "来源日期"]
    rows = [["方明", "男", "1965-03-02", "S1", "", "1983", "1987", "本科", "机械系", "机械制造", "", "", "上海", "制造业", "", "1983级学籍册", "1987-07-01"],
            ["", "男", "", "S2", "", "1983", "", "", "", "", "", "", "", "", "", "", ""],
            ["白雪", "女", "1965-13-40", "S3", "", "83", "", "", "", "", "", "", "", "", "", "", ""],
            ["方亮", "", "", "S1", "", "1983", "", "", "", "", "", "", "", "", "", "", ""]]
    job = import_job_create(actor=admin_a, spec_name="alumni_records.records", upload=xlsx_upload(headers, rows))
    job = import_job_run(job_id=job.pk)
    job = FileJob.objects.get(pk=job.pk)
    assert job.succeeded_rows == 1 and job.rejected_rows == 3
    report = workbook_rows(job.report_file)
    assert len(report) >= 4
    from tenant_apps.alumni.records.models import AlumniRecord

    record = AlumniRecord.objects.get(student_no="S1")
    assert record.field_sources["birth_date"] == {"source": "1983级学籍册", "date": "1987-07-01"}


def _api(client, method, path, data=None):
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, data=json.dumps(data or {}), content_type="application/json")


def api_routes(w) -> list[tuple[str, str, dict | None, int]]:
    return [
        ("get", reverse("api:alumni_records:record-list") + "?q=yuyang", None, 200),
        ("post", reverse("api:alumni_records:record-list"), {"name": "接口校友", "class_year": 2001, "extra": {}}, 201),
        ("get", reverse("api:alumni_records:record-detail", args=[w["r1"].pk]), None, 200),
        ("patch", reverse("api:alumni_records:record-detail", args=[w["a"].pk]), {"employer": "某单位", "source": "电话核实"}, 200),
        ("get", reverse("api:alumni_records:member-list"), None, 200),
        ("get", reverse("api:alumni_records:member-candidates", args=[w["m1"].pk]), None, 200),
        ("get", reverse("api:alumni_records:duplicate-list"), None, 200),
        ("post", reverse("api:alumni_records:merge-preview"), {"survivor": w["a"].pk, "absorbed": w["b"].pk}, 200),
        ("get", reverse("api:alumni_records:merge-list"), None, 200),
        ("get", reverse("api:alumni_records:alias-list"), None, 200),
        ("get", reverse("api:alumni_records:statistics"), None, 200),
        ("get", reverse("api:alumni_orgs:org-list"), None, 200),
        ("get", reverse("api:alumni_orgs:org-detail", args=[w["chapter"].pk]), None, 200),
        ("get", reverse("api:alumni_orgs:org-members", args=[w["chapter"].pk]), None, 200),
        ("get", reverse("api:alumni_orgs:export-list"), None, 200),
        ("post", reverse("api:alumni_orgs:export-decide", args=[w["export"].pk]), {"approve": True}, 200),
        ("get", reverse("api:alumni_content:article-list"), None, 200),
        ("get", reverse("api:alumni_content:post-list") + "?kind=message", None, 200),
        ("post", reverse("api:alumni_content:post-review", args=[w["post"].pk]), {"approve": True, "note": "谢谢"}, 200),
        ("post", reverse("api:alumni_content:article-review", args=[w["article"].pk]), {"approve": True}, 200),
        ("post", reverse("api:alumni_records:merge-reverse", args=[w["log"].pk]), None, 200),
    ]


def test_api_for_the_office(world, admin_client_a):
    for method, path, data, expected in api_routes(world):
        response = _api(admin_client_a, method, path, data)
        assert response.status_code == expected, (path, response.content[:300])
    record = admin_client_a.get(reverse("api:alumni_records:record-detail", args=[world["r1"].pk])).json()
    assert "phone" not in record and "field_sources" in record


def test_api_refuses_staff_without_permissions(world, client_a):
    from tenant_apps.accounts.services import user_create

    with schema_context("alpha"):
        nobody = user_create(actor=None, username=f"nobody_{uuid.uuid4().hex[:6]}", password="Nobody-pass-2026", kind="staff")
    client_a.login_as(nobody)
    for method, path, data, _ in api_routes(world):
        if "/organizations/" in path and method == "get" and "members" not in path or path.endswith("/exports/") or "/articles/" in path and method == "get" or "/posts/" in path and method == "get":
            continue  # open to any signed-in user (published content, chapter list, own exports)
        assert _api(client_a, method, path, data).status_code == 403, path


def test_api_for_the_alumnus(world, client_a):
    client_a.login_as(world["u1"])
    profile2 = world["m2"].directory_profile
    assert client_a.get(reverse("api:alumni_directory:search") + "?q=jiajing").json()["results"][0]["name"] == "贾静"
    assert client_a.get(reverse("api:alumni_directory:profile", args=[profile2.pk])).json()["phone"] is None
    assert _api(client_a, "patch", reverse("api:alumni_directory:me"), {"employer": "甲公司", "visibility": {"employer": "none"}}).status_code == 200
    card = _api(client_a, "post", reverse("api:alumni_directory:card-list"), {"receiver": profile2.pk, "message": "你好"})
    assert card.status_code == 201
    assert _api(client_a, "post", reverse("api:alumni_directory:card-messages", args=[card.json()["id"]]), {"body": "我是于洋"}).status_code == 201
    assert client_a.get(reverse("api:alumni_directory:card-messages", args=[card.json()["id"]])).status_code == 200
    assert _api(client_a, "post", reverse("api:alumni_directory:card-respond", args=[card.json()["id"]]), {"accept": True}).status_code == 403
    assert _api(client_a, "put", reverse("api:alumni_directory:mentor-list"), {"topics": ["求职"], "introduction": "", "is_active": True}).status_code == 200
    assert client_a.get(reverse("api:alumni_directory:mentor-list")).status_code == 200
    assert client_a.get(reverse("api:alumni_directory:mentorship-list")).status_code == 200
    assert _api(client_a, "post", reverse("api:alumni_content:post-list"), {"kind": "mutual_aid", "title": "求助", "body": "找室友"}).status_code == 201
    assert _api(client_a, "post", reverse("api:alumni_orgs:join"), {"organization": world["chapter"].pk}).status_code == 200
    assert client_a.get(reverse("api:alumni_orgs:org-members", args=[world["chapter"].pk])).status_code == 200
    with schema_context("alpha"):
        other = make_chapter(None, name="其他分会")
    assert client_a.get(reverse("api:alumni_orgs:org-members", args=[other.pk])).status_code == 403
    assert client_a.get(reverse("api:alumni_orgs:export-download", args=[world["export"].pk])).status_code == 403


def test_other_tenant_gets_404(world, admin_client_b):
    paths = [reverse("api:alumni_records:record-detail", args=[world["r1"].pk]), reverse("api:alumni_orgs:org-members", args=[world["chapter"].pk]),
             reverse("api:alumni_content:article-detail", args=[world["article"].pk]), reverse("backoffice:alumni_records:record_detail", args=[world["r1"].pk]),
             reverse("backoffice:alumni_orgs:org_detail", args=[world["chapter"].pk]), reverse("api:alumni_records:member-candidates", args=[world["m1"].pk])]
    with schema_context("beta"):
        from tenant_apps.alumni.records.models import AlumniRecord

        AlumniRecord.objects.filter(pk=world["r1"].pk).delete()
    for path in paths:
        assert admin_client_b.get(path).status_code == 404, path
    assert _api(admin_client_b, "post", reverse("api:alumni_records:merge-reverse", args=[world["log"].pk])).status_code == 404


def test_statistics_page_draws_its_breakdowns_with_the_shared_charts(admin_client_a):
    import json
    import re

    with schema_context("alpha"):
        from tests.tenant_apps.alumni_records.conftest import make_record

        make_record(name="统计校友", class_year=1998, college_name="机械系", region="上海", industry="金融")
    page = admin_client_a.get(reverse("backoffice:alumni_records:statistics")).content.decode()
    options = {json.loads(raw)["title"]["text"]: json.loads(raw) for raw in re.findall(r'<script id="chart-\d+-option" type="application/json">(.*?)</script>', page)}
    assert set(options) == {"按入学年代", "按院系（现名）", "按地区", "按行业"}
    assert "1990年代" in options["按入学年代"]["xAxis"]["data"] and "上海" in options["按地区"]["yAxis"]["data"]
    assert "core/vendor/echarts/" in page
