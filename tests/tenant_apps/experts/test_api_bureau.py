"""Expert library API, bureau side: search, state changes, tags, saved searches, queues,
campaigns, certificates, points, statistics, export, import and reveal. Each family: the happy
path, 403 without the permission, masking as on the pages, department scope and tenants."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows, xlsx_upload
from tests.tenant_apps.experts.conftest import make_domain_tree, make_expert, make_staff

pytestmark = pytest.mark.django_db

API = "/api/v1/experts/"


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (250, 240, 230)).save(buffer, format="PNG")
    return buffer.getvalue()



def staff(client, username, *perms, **extra):
    """A fresh client of the bureau signed in as a new staff user with these permissions
    (fresh, so that the admin client of the same test keeps its own session)."""
    from tests.conftest import TenantClient

    with schema_context("bureau"):
        user = make_staff(username=username, perms=list(perms), **extra)
    return TenantClient(client.tenant).login_as(user)


def in_bureau(func, *args, **kwargs):
    with schema_context("bureau"):
        return func(*args, **kwargs)


# --- search and masking --------------------------------------------------------------------


def test_search_combines_conditions_and_masks_personal_data(admin_client_bureau):
    from tenant_apps.experts import services

    with schema_context("bureau"):
        top, _, leaf, other = make_domain_tree()
        wanted = make_expert(name="欧阳修远", phone="13900000001", employer="武汉大学", title_level="senior", domains=[leaf])
        make_expert(name="欧阳锋", employer="白驼山庄", title_level="associate", domains=[leaf])
        make_expert(name="欧阳克", employer="白驼山庄", title_level="senior", domains=[other])
        tag = services.tag_save(actor=None, name="重点专家")
        services.experts_tag(actor=None, experts=[wanted], tag=tag)

    response = admin_client_bureau.get(API + "experts/", {"q": "欧阳", "title_level": "senior", "domain": top.pk})
    body = response.json()
    assert response.status_code == 200 and body["count"] == 1 and {"next", "previous", "page_size"} <= set(body)
    row = body["results"][0]
    assert row["id"] == wanted.pk and row["tags"] == [tag.pk] and row["domains"] == [leaf.pk]
    assert (row["name"], row["phone"], row["employer"]) == ("欧**远", "139****0001", "武**学")
    assert "13900000001" not in response.content.decode() and "武汉大学" not in response.content.decode()
    assert [r["id"] for r in admin_client_bureau.get(API + "experts/", {"tag": tag.pk}).json()["results"]] == [wanted.pk]
    detail = admin_client_bureau.get(f"{API}experts/{wanted.pk}/").json()
    assert detail["name"] == "欧**远" and detail["id_number"] == ""


def test_search_refused_without_permission_and_limited_to_the_department(client_bureau):
    from tenant_apps.accounts.models import OrgUnit

    with schema_context("bureau"):
        dept_a = OrgUnit.objects.create(name="采购一处", kind="department")
        dept_b = OrgUnit.objects.create(name="采购二处", kind="department")
        for dept in (dept_a, dept_b):
            dept.path = f"/{dept.pk}/"
            dept.save()
        mine = make_expert(name="本处专家", org_unit=dept_a)
        theirs = make_expert(name="他处专家", org_unit=dept_b)
    assert staff(client_bureau, "nobody-search").get(API + "experts/").status_code == 403
    client = staff(client_bureau, "dept-a", "experts.view_expert", "experts.manage_blacklist", org_unit=dept_a, data_scope="unit_and_below")
    ids = [r["id"] for r in client.get(API + "experts/", {"pool": "all"}).json()["results"]]
    assert mine.pk in ids and theirs.pk not in ids
    assert client.get(f"{API}experts/{theirs.pk}/").status_code == 404
    assert client.post(f"{API}experts/{theirs.pk}/blacklist/", {"reason": "越权"}, content_type="application/json").status_code == 404
    with schema_context("bureau"):
        theirs.refresh_from_db()
        assert not theirs.is_blacklisted


# --- black list, deleted list --------------------------------------------------------------


def test_blacklist_and_deleted_list_round_trip(admin_client_bureau, client_bureau):
    expert = in_bureau(make_expert, name="黑名单候选")
    url = f"{API}experts/{expert.pk}/"
    missing_reason = admin_client_bureau.post(url + "blacklist/", {}, content_type="application/json")
    assert missing_reason.status_code == 400 and "reason" in missing_reason.json()["fields"]
    listed = admin_client_bureau.post(url + "blacklist/", {"reason": "评审违规"}, content_type="application/json").json()
    assert listed["is_blacklisted"] and listed["blacklist_reason"] == "评审违规"
    assert admin_client_bureau.get(API + "experts/eligible-count/").json()["excluded"]["blacklisted"] == 1
    assert not admin_client_bureau.post(url + "unblacklist/").json()["is_blacklisted"]
    assert admin_client_bureau.post(url + "delete/", {"reason": "退休"}, content_type="application/json").json()["is_deleted"]
    deleted = admin_client_bureau.get(API + "experts/", {"pool": "deleted"}).json()["results"]
    assert [r["id"] for r in deleted] == [expert.pk]
    assert not admin_client_bureau.post(url + "restore/").json()["is_deleted"]
    viewer = staff(client_bureau, "viewer-bl", "experts.view_expert")
    assert viewer.post(url + "blacklist/", {"reason": "x"}, content_type="application/json").status_code == 403
    assert viewer.post(url + "delete/").status_code == 403


# --- tags and saved searches ---------------------------------------------------------------


def test_tags_crud_and_assign(admin_client_bureau, client_bureau):
    first, second = in_bureau(make_expert, name="甲专家"), in_bureau(make_expert, name="乙专家")
    created = admin_client_bureau.post(API + "tags/", {"name": "青年专家", "color": "#336699"}, content_type="application/json")
    assert created.status_code == 201
    tag_id = created.json()["id"]
    assert admin_client_bureau.patch(f"{API}tags/{tag_id}/", {"name": "青年骨干"}, content_type="application/json").json()["name"] == "青年骨干"
    assigned = admin_client_bureau.post(f"{API}tags/{tag_id}/assign/", {"expert_ids": [first.pk, second.pk]}, content_type="application/json")
    assert assigned.json() == {"count": 2}
    assert admin_client_bureau.get(API + "experts/", {"tag": tag_id}).json()["count"] == 2
    admin_client_bureau.post(f"{API}tags/{tag_id}/assign/", {"expert_ids": [second.pk], "remove": True}, content_type="application/json")
    assert [r["id"] for r in admin_client_bureau.get(API + "experts/", {"tag": tag_id}).json()["results"]] == [first.pk]
    unknown = admin_client_bureau.post(f"{API}tags/{tag_id}/assign/", {"expert_ids": [first.pk, 9_999_999]}, content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["fields"] == {"expert_ids": ["9999999"]}
    assert admin_client_bureau.get(API + "tags/", {"search": "青年"}).json()["count"] == 1

    viewer = staff(client_bureau, "viewer-tag", "experts.view_expert")
    assert viewer.get(API + "tags/").status_code == 200
    assert viewer.post(API + "tags/", {"name": "越权"}, content_type="application/json").status_code == 403
    assert viewer.post(f"{API}tags/{tag_id}/assign/", {"expert_ids": [first.pk]}, content_type="application/json").status_code == 403
    assert admin_client_bureau.delete(f"{API}tags/{tag_id}/").status_code == 204
    assert admin_client_bureau.get(f"{API}tags/{tag_id}/").status_code == 404


def test_saved_searches_are_per_user_and_drive_the_search(client_bureau, tenant_bureau):
    from tests.conftest import TenantClient

    with schema_context("bureau"):
        make_expert(name="司徒南", title_level="senior")
        make_expert(name="司徒北", title_level="associate")
    owner = staff(client_bureau, "saver", "experts.view_expert")
    created = owner.post(API + "saved-searches/", {"name": "副高司徒", "query": "q=司徒&title_level=associate"}, content_type="application/json")
    assert created.status_code == 201
    saved_id = created.json()["id"]
    assert [r["name"] for r in owner.get(API + "experts/", {"saved": saved_id}).json()["results"]] == ["司*北"]
    renamed = owner.patch(f"{API}saved-searches/{saved_id}/", {"name": "司徒副高"}, content_type="application/json")
    assert renamed.json()["name"] == "司徒副高" and renamed.json()["query"] == "q=司徒&title_level=associate"

    other = staff(TenantClient(tenant_bureau), "other-saver", "experts.view_expert")
    assert other.get(API + "saved-searches/").json()["count"] == 0
    assert other.get(f"{API}saved-searches/{saved_id}/").status_code == 404
    assert other.delete(f"{API}saved-searches/{saved_id}/").status_code == 404
    assert other.get(API + "experts/", {"saved": saved_id}).status_code == 404
    assert owner.delete(f"{API}saved-searches/{saved_id}/").status_code == 204


# --- change requests and admission review --------------------------------------------------


def test_change_queue_masks_name_and_employer_and_decides(client_bureau):
    from tenant_apps.experts import services

    with schema_context("bureau"):
        expert = make_expert(name="变更人", employer="旧单位研究所", title="副教授")
        services.expert_change(actor=None, expert=expert, values={"employer": "新单位研究院", "education": "博士研究生"}, by_admin=False)
    reviewer = staff(client_bureau, "change-reviewer", "experts.view_expert", "experts.review_expert")
    response = reviewer.get(API + "changes/")
    assert response.status_code == 200 and response.json()["count"] == 1
    change = response.json()["results"][0]
    assert change["status"] == "pending" and change["expert"] == expert.pk
    assert change["after"]["employer"] != "新单位研究院" and "旧单位研究所" not in response.content.decode()
    assert reviewer.get(API + "changes/", {"status": "all"}).json()["count"] == 2  # the ordinary one applied at once
    approved = reviewer.post(f"{API}changes/{change['id']}/approve/", {"note": "核实无误"}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    with schema_context("bureau"):
        expert.refresh_from_db()
        assert expert.employer == "新单位研究院"
        services.expert_change(actor=None, expert=expert, values={"title": "教授"}, by_admin=False)
    pending = reviewer.get(API + "changes/").json()["results"][0]
    rejected = reviewer.post(f"{API}changes/{pending['id']}/reject/", {"note": "无聘书"}, content_type="application/json").json()
    assert rejected["status"] == "rejected" and rejected["review_note"] == "无聘书"
    again = reviewer.post(f"{API}changes/{pending['id']}/approve/", content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "expert_wrong_state"
    viewer = staff(client_bureau, "change-viewer", "experts.view_expert")
    assert viewer.get(API + "changes/").status_code == 403
    assert viewer.post(f"{API}changes/{pending['id']}/approve/").status_code == 403


def test_review_queue_by_level_and_decisions(client_bureau):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert

    with schema_context("bureau"):
        _, _, leaf, _ = make_domain_tree()
        applicant = Expert.objects.create(name="申请人甲", employer="某大学", title="讲师", phone="13512340001")
        applicant.domains.add(leaf)
        services.expert_submit(actor=None, expert=applicant, pledge=True)
    reviewer = staff(client_bureau, "level-reviewer", "experts.view_expert", "experts.review_expert")
    levels = reviewer.get(API + "review-levels/").json()
    assert [level["name"] for level in levels] == ["专家委员会审核", "总管理员审核"]
    queue = reviewer.get(API + "review-queue/", {"level": 1}).json()
    assert queue["count"] == 1
    item = queue["results"][0]
    assert item["expert"]["id"] == applicant.pk and item["level_name"] == "专家委员会审核" and item["can_review"]
    assert item["expert"]["name"] == "申**甲"
    rejected = reviewer.post(f"{API}experts/{applicant.pk}/review/", {"decision": "reject"}, content_type="application/json")
    assert rejected.status_code == 400 and "note" in rejected.json()["fields"]
    moved = reviewer.post(f"{API}experts/{applicant.pk}/review/", {"decision": "approve", "note": "同意"}, content_type="application/json")
    assert moved.json()["review_level"] == 2 and moved.json()["status"] == "pending"
    assert reviewer.get(API + "review-queue/", {"level": 1}).json()["count"] == 0
    assert reviewer.get(API + "review-queue/", {"level": 2}).json()["count"] == 1
    viewer = staff(client_bureau, "queue-viewer", "experts.view_expert")
    assert viewer.get(API + "review-queue/").status_code == 403
    assert viewer.post(f"{API}experts/{applicant.pk}/review/", {"decision": "approve"}, content_type="application/json").status_code == 403


# --- campaigns, certificates, points -------------------------------------------------------


def test_campaign_create_list_and_progress(admin_client_bureau, client_bureau):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import ExpertConfirmation

    with schema_context("bureau"):
        first, _ = make_expert(name="确认甲"), make_expert(name="确认乙")
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    created = admin_client_bureau.post(API + "campaigns/", {"title": "2025 年度信息确认", "deadline": deadline}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["total"] == 2 and body["confirmed"] == 0 and body["status"] == "open"
    assert timezone.localtime(datetime.datetime.fromisoformat(body["deadline"])).strftime("%H:%M:%S") == "23:59:59"
    with schema_context("bureau"):
        services.expert_confirm(token=ExpertConfirmation.objects.get(campaign_id=body["id"], expert=first).token)
    assert admin_client_bureau.get(f"{API}campaigns/{body['id']}/").json()["confirmed"] == 1
    assert admin_client_bureau.get(API + "campaigns/").json()["count"] == 1
    past = admin_client_bureau.post(API + "campaigns/", {"title": "过期", "deadline": "2020-01-01"}, content_type="application/json")
    assert past.status_code == 400
    viewer = staff(client_bureau, "campaign-viewer", "experts.view_expert")
    assert viewer.get(API + "campaigns/").status_code == 403
    assert viewer.post(API + "campaigns/", {"title": "x", "deadline": deadline}, content_type="application/json").status_code == 403


def test_certificate_templates_issue_revoke_and_pdf(admin_client_bureau, client_bureau):
    from django.core.files.uploadedfile import SimpleUploadedFile

    expert = in_bureau(make_expert, name="证书专家")
    created = admin_client_bureau.post(API + "certificate-templates/", {"name": "咨询专家证书", "validity_years": 5}, content_type="application/json")
    assert created.status_code == 201 and created.json()["validity_years"] == 5 and not created.json()["has_background"]
    template_id = created.json()["id"]
    background = SimpleUploadedFile("bg.png", png_bytes(), content_type="image/png")
    patched = admin_client_bureau.patch(
        f"{API}certificate-templates/{template_id}/",
        data=_multipart({"layout": '[{"field":"name","x":40,"y":80,"size":20}]', "background": background}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["has_background"] and patched.json()["layout"] == [{"field": "name", "x": 40, "y": 80, "size": 20}]
    bad_layout = admin_client_bureau.patch(f"{API}certificate-templates/{template_id}/", data=_multipart({"layout": "not json"}),
                                           content_type="multipart/form-data; boundary=BoUnDaRy")
    assert bad_layout.status_code == 400 and "layout" in bad_layout.json()["fields"]

    issued = admin_client_bureau.post(f"{API}experts/{expert.pk}/certificates/")
    assert issued.status_code == 201
    certificate = issued.json()
    assert certificate["status"] == "valid" and certificate["expert_name"] == "证**家" and "/h5/experts/certificates/verify/" in certificate["verify_url"]
    listed = admin_client_bureau.get(API + "certificates/", {"expert": expert.pk}).json()
    assert [c["number"] for c in listed["results"]] == [certificate["number"]]
    pdf = admin_client_bureau.get(certificate["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    revoked = admin_client_bureau.post(f"{API}certificates/{certificate['id']}/revoke/", {"reason": "调离"}, content_type="application/json")
    assert revoked.json()["status"] == "revoked" and revoked.json()["revoke_reason"] == "调离"

    viewer = staff(client_bureau, "cert-viewer", "experts.view_expert")
    assert viewer.get(API + "certificate-templates/").status_code == 403
    assert viewer.post(f"{API}experts/{expert.pk}/certificates/").status_code == 403
    assert viewer.post(f"{API}certificates/{certificate['id']}/revoke/").status_code == 403


def _multipart(fields: dict) -> bytes:
    from django.test.client import encode_multipart

    return encode_multipart("BoUnDaRy", fields)


def test_point_rules_and_manual_adjustment(admin_client_bureau, client_bureau):
    expert = in_bureau(make_expert, name="积分专家")
    rules = admin_client_bureau.get(API + "point-rules/").json()
    assert {r["event"] for r in rules} == {"approved", "confirmed", "recommended", "attended"}
    updated = admin_client_bureau.put(API + "point-rules/attended/", {"points": 30, "is_active": True}, content_type="application/json")
    assert updated.json() == {"event": "attended", "label": "参加评审", "points": 30, "is_active": True}
    assert admin_client_bureau.put(API + "point-rules/manual/", {"points": 1}, content_type="application/json").status_code == 404
    no_reason = admin_client_bureau.post(f"{API}experts/{expert.pk}/points/", {"points": 5, "reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400
    entry = admin_client_bureau.post(f"{API}experts/{expert.pk}/points/", {"points": 5, "reason": "优秀评审"}, content_type="application/json")
    assert entry.status_code == 201 and entry.json()["balance"] == 5
    assert admin_client_bureau.get(f"{API}experts/{expert.pk}/points/").json()["results"][0]["reason"] == "优秀评审"
    viewer = staff(client_bureau, "points-viewer", "experts.view_expert")
    assert viewer.get(API + "point-rules/").status_code == 403
    assert viewer.put(API + "point-rules/attended/", {"points": 1}, content_type="application/json").status_code == 403
    assert viewer.post(f"{API}experts/{expert.pk}/points/", {"points": 5, "reason": "x"}, content_type="application/json").status_code == 403


# --- statistics, export, import, reveal ----------------------------------------------------


def test_statistics_are_the_figures_of_the_page(admin_client_bureau, client_bureau, bureau_admin):
    from tenant_apps.experts import selectors

    with schema_context("bureau"):
        _, _, leaf, other = make_domain_tree()
        make_expert(name="统计甲", title_level="senior", region="江苏省南京市", domains=[leaf])
        make_expert(name="统计乙", title_level="associate", region="江苏省南京市", domains=[other])
        expected = selectors.expert_statistics(actor=bureau_admin)
    body = admin_client_bureau.get(API + "statistics/").json()
    assert body["total"] == expected["total"] == 2
    assert body["by_domain"] == expected["by_domain"] and body["by_region"] == [{"label": "江苏省南京市", "count": 2, "percent": 100}]
    assert set(body["exclusions"]) == {"deleted", "blacklisted", "frozen", "on_leave"}
    assert staff(client_bureau, "stats-nobody", "experts.view_expert").get(API + "statistics/").status_code == 403


def test_export_gives_only_the_fields_of_the_role(admin_client_bureau, client_bureau):
    from django.contrib.auth.models import Group

    from tenant_apps.experts import services

    with schema_context("bureau"):
        make_expert(name="导出专家", phone="13988887777", employer="复旦大学", title="教授")
        exporter = make_staff(username="exporter", perms=["experts.view_expert", "experts.export_expert"])
        services.export_policy_save(actor=None, group=Group.objects.get(name="g-exporter"), fields=["name", "phone", "title"])
    from tests.conftest import TenantClient

    client = TenantClient(client_bureau.tenant).login_as(exporter)
    assert [f["key"] for f in client.get(API + "experts/export-fields/").json()] == ["name", "phone", "title"]
    no_reason = client.get(API + "experts/export/", {"q": "导出专家"})
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "export_reason_required"
    response = client.get(API + "experts/export/", {"q": "导出专家", "reason": "评审会务联系"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = workbook_rows(response.content)
    assert rows[0] == ["姓名", "手机号", "职称"] and rows[1] == ["导**家", "139****7777", "教授"]
    only_title = workbook_rows(client.get(API + "experts/export/", {"q": "导出专家", "fields": "title"}).content)
    assert only_title == [["职称"], ["教授"]]
    refused = client.get(API + "experts/export/", {"fields": "id_number"})
    assert refused.status_code == 403 and refused.json()["code"] == "expert_no_export_fields"
    nothing = staff(client_bureau, "no-fields", "experts.view_expert", "experts.export_expert").get(API + "experts/export/")
    assert nothing.status_code == 403 and nothing.json()["code"] == "expert_no_export_fields"
    masked = workbook_rows(admin_client_bureau.get(API + "experts/export/", {"q": "导出专家", "fields": ["name", "phone"], "reason": "会务联系"}).content)
    assert masked[1] == ["导**家", "139****7777"]  # masked by default, even for the reveal right
    full = workbook_rows(admin_client_bureau.get(API + "experts/export/", {"q": "导出专家", "fields": ["name", "phone"], "reason": "会务联系", "unmasked": "true"}).content)
    assert full[1] == ["导出专家", "13988887777"]  # superuser asking for plain values: holds the reveal right
    assert staff(client_bureau, "export-nobody", "experts.view_expert").get(API + "experts/export/").status_code == 403


def test_import_upload_job_and_report(client_bureau):
    from core.importexport import services as job_services

    headers = ["姓名", "手机号", "工作单位", "职称", "职称级别", "邮箱", "性别", "身份证号", "职务", "学历", "专业方向", "专业领域", "所在地区", "标签分组", "通知专家"]
    rows = [["接口导入", "13600009901", "南京大学", "教授"] + [""] * 10 + ["否"], ["", "123", "某单位", ""] + [""] * 11]
    importer = staff(client_bureau, "importer", "experts.view_expert", "experts.import_expert")
    response = importer.post(API + "imports/", {"file": xlsx_upload(headers, rows, name="experts.xlsx")})
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    assert response.json()["status"] == "pending" and response.json()["file_name"] == "experts.xlsx"
    with schema_context("bureau"):
        job_services.import_job_run(job_id=job_id)
    job = importer.get(f"{API}imports/{job_id}/").json()
    assert (job["status"], job["succeeded_rows"], job["rejected_rows"]) == ("done", 1, 1)
    assert job["rejections"][0]["row"] == 3 and "姓名" in job["rejections"][0]["reason"]
    report = importer.get(job["report_url"])
    assert report.status_code == 200 and b"".join(report.streaming_content)[:2] == b"PK"
    assert importer.get(API + "imports/").json()["count"] == 1
    wrong = importer.post(API + "imports/", {"file": xlsx_upload(headers, rows, name="experts.csv")})
    assert wrong.status_code == 400 and wrong.json()["code"] == "file_type"
    viewer = staff(client_bureau, "import-viewer", "experts.view_expert")
    assert viewer.post(API + "imports/", {"file": xlsx_upload(headers, rows)}).status_code == 403
    assert viewer.get(f"{API}imports/{job_id}/").status_code == 403


def test_reveal_is_audited_and_refused_without_the_right(admin_client_bureau, client_bureau):
    from core.models import AuditEvent

    expert = in_bureau(make_expert, name="查看对象", phone="13977776666", employer="南开大学")
    response = admin_client_bureau.post(f"{API}experts/{expert.pk}/reveal/", {"reason": "核对身份"}, content_type="application/json")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response.json()["phone"] == "13977776666" and response.json()["employer"] == "南开大学"
    with schema_context("bureau"):
        event = AuditEvent.objects.filter(action="experts.expert.reveal", object_id=str(expert.pk)).get()
        assert event.after["reason"] == "核对身份"
    viewer = staff(client_bureau, "reveal-viewer", "experts.view_expert")
    refused = viewer.post(f"{API}experts/{expert.pk}/reveal/")
    assert refused.status_code == 403 and "13977776666" not in refused.content.decode()
    assert staff(client_bureau, "reveal-nobody").post(f"{API}experts/{expert.pk}/reveal/").status_code == 403


# --- isolation -----------------------------------------------------------------------------


def test_another_tenant_gets_404_for_bureau_objects(admin_client_a, admin_client_bureau):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import ProfileChange

    with schema_context("bureau"):
        expert = make_expert(name="本局专家", employer="本局单位")
        tag = services.tag_save(actor=None, name="本局标签")
        certificate = services.certificate_issue(actor=None, expert=expert)
        services.expert_change(actor=None, expert=expert, values={"employer": "新的本局单位"}, by_admin=False)
        change = ProfileChange.objects.get(expert=expert, status="pending")
        saved = services.saved_search_save(user=make_staff(username="bureau-saver"), name="本局搜索", query="q=本局")
    deadline = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    campaign = admin_client_bureau.post(API + "campaigns/", {"title": "本局确认", "deadline": deadline}, content_type="application/json").json()
    json = {"content_type": "application/json"}
    for method, url, data in [
        ("get", f"experts/{expert.pk}/", None), ("post", f"experts/{expert.pk}/blacklist/", {"reason": "x"}),
        ("post", f"experts/{expert.pk}/delete/", None), ("post", f"experts/{expert.pk}/reveal/", None),
        ("post", f"experts/{expert.pk}/review/", {"decision": "approve"}), ("get", f"experts/{expert.pk}/certificates/", None),
        ("post", f"experts/{expert.pk}/points/", {"points": 1, "reason": "x"}), ("patch", f"tags/{tag.pk}/", {"name": "y"}),
        ("post", f"tags/{tag.pk}/assign/", {"expert_ids": [expert.pk]}), ("get", f"saved-searches/{saved.pk}/", None),
        ("post", f"changes/{change.pk}/approve/", None), ("get", f"campaigns/{campaign['id']}/", None),
        ("get", f"certificates/{certificate.pk}/pdf/", None), ("post", f"certificates/{certificate.pk}/revoke/", None),
    ]:
        response = getattr(admin_client_a, method)(API + url, data, **json) if data else getattr(admin_client_a, method)(API + url)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "本局" not in response.content.decode()
    with schema_context("bureau"):
        expert.refresh_from_db()
        change.refresh_from_db()
        assert not expert.is_blacklisted and expert.deleted_at is None and change.status == "pending"
