"""Back-office and H5 pages of online reviews: the flow, exports, the panorama block, the
permission matrix and tenant isolation."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.masking import mask_name
from tenant_apps.experts.review import services
from tenant_apps.experts.review.models import ReviewSetup

from .conftest import make_review, make_staff, score

pytestmark = pytest.mark.django_db


def bo(name, *args):
    return reverse(f"backoffice:experts_review:{name}", args=args)


def h5(name, *args):
    return reverse(f"h5:experts_review:{name}", args=args)


def test_staff_set_up_a_review_from_the_panorama(admin_client_bureau, panel):
    panorama = admin_client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[panel.project.pk])).content.decode()
    assert 'id="review-block"' in panorama and bo("create", panel.project.pk) in panorama
    response = admin_client_bureau.post(bo("create", panel.project.pk), {"opens_at": "2020-01-01T09:00", "closes_at": "2099-01-01T18:00", "total_method": "weighted",
                                                                          "aggregation": "trimmed_mean", "trim_min_experts": "5", "min_scorers": "1", "decimals": "2",
                                                                          "instructions": "请独立评分"})
    assert response.status_code == 302
    with schema_context("bureau"):
        review = ReviewSetup.objects.get(project=panel.project)
    response = admin_client_bureau.post(bo("indicators", review.pk), {"id": ["", "", ""], "name": ["技术方案", "报价", ""], "max_score": ["60", "40", ""],
                                                                       "weight": ["70", "30", ""], "description": ["", "", ""]})
    assert response.status_code == 302
    admin_client_bureau.post(bo("submissions", review.pk), {"action": "add", "title": "甲方案", "applicant": "张三", "unit": "甲院"})
    with schema_context("bureau"):
        assert list(review.indicators.values_list("name", flat=True)) == ["技术方案", "报价"]
        submission = review.submissions.get()
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert admin_client_bureau.post(bo("submission", review.pk, submission.pk), {"action": "attach", "file": upload}).status_code == 302
    with schema_context("bureau"):
        item = submission.files.get()
    response = admin_client_bureau.get(bo("file", review.pk, item.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert admin_client_bureau.post(bo("detail", review.pk), {"action": "publish"}).status_code == 302
    with schema_context("bureau"):
        review.refresh_from_db()
    assert review.published_at is not None
    for url in (bo("list"), bo("detail", review.pk), bo("edit", review.pk), bo("indicators", review.pk), bo("submissions", review.pk),
                bo("submission", review.pk, submission.pk), bo("progress", review.pk), bo("summary", review.pk), bo("import_template", review.pk)):
        assert admin_client_bureau.get(url).status_code == 200, url
    assert "网上评审" in admin_client_bureau.get(bo("list")).content.decode()
    panorama = admin_client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[panel.project.pk])).content.decode()
    assert bo("summary", review.pk) in panorama


def test_list_search_and_empty_state(admin_client_bureau, review):
    page = admin_client_bureau.get(bo("list") + "?q=" + review.project.code).content.decode()
    assert review.project.title in page
    page = admin_client_bureau.get(bo("list") + "?q=不存在的项目").content.decode()
    assert "没有符合条件的网上评审" in page
    page = admin_client_bureau.get(bo("submissions", review.pk) + "?q=乙方案").content.decode()
    assert "乙方案" in page and "甲方案" not in page


def test_expert_scores_on_h5(client_bureau, panel, review):
    user = panel.users[0]
    submission, second, _third = list(review.submissions.order_by("number"))
    fields = {f"score_{i.pk}": v for i, v in zip(review.indicators.order_by("order"), ("50", "30"), strict=True)}
    client_bureau.login_as(user)
    listing = client_bureau.get(h5("my_list")).content.decode()
    assert panel.project.title in listing
    assert submission.title in client_bureau.get(h5("detail", review.pk)).content.decode()
    page = client_bureau.get(h5("score", review.pk, submission.pk)).content.decode()
    assert 'id="score-form"' in page and "申请回避" in page
    response = client_bureau.post(h5("score", review.pk, submission.pk), {**fields, "comment": "方案可行", "action": "save"})
    assert response.status_code == 302 and response["Location"].endswith("?saved=draft")
    response = client_bureau.post(h5("score", review.pk, submission.pk), {**fields, "comment": "方案可行", "action": "submit"})
    assert response.status_code == 400 and "利益冲突" in response.content.decode()
    response = client_bureau.post(h5("score", review.pk, submission.pk), {**fields, "comment": "方案可行", "declared_no_conflict": "1", "action": "submit"})
    assert response.status_code == 302
    page = client_bureau.get(h5("score", review.pk, submission.pk)).content.decode()
    assert "已锁定" in page and 'id="score-form"' not in page
    response = client_bureau.post(h5("score", review.pk, submission.pk), {**fields, "declared_no_conflict": "1", "action": "save"})
    assert response.status_code == 409 and "不能再修改" in response.content.decode()
    response = client_bureau.post(h5("score", review.pk, second.pk), {"action": "recuse", "reason": "申报单位是我的前单位"})
    assert response.status_code == 302
    assert "已回避" in client_bureau.get(h5("detail", review.pk)).content.decode()


def test_expert_files_and_strangers(client_bureau, panel, review, bureau_admin):
    submission = review.submissions.order_by("number").first()
    item = services.submission_file_add(actor=bureau_admin, submission=submission, uploaded=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 x"))
    client_bureau.login_as(panel.users[1])
    assert client_bureau.get(h5("file", review.pk, item.pk)).status_code == 200
    client_bureau.login_as(panel.declined[0].expert.user)
    for url in (h5("detail", review.pk), h5("score", review.pk, submission.pk), h5("file", review.pk, item.pk)):
        assert client_bureau.get(url).status_code == 404, url
    assert review.project.title not in client_bureau.get(h5("my_list")).content.decode()


def test_progress_and_reminder_page(admin_client_bureau, panel, review):
    score(panel.users[0], review, review.submissions.order_by("number").first(), ["50", "30"])
    page = admin_client_bureau.get(bo("progress", review.pk)).content.decode()
    assert "完成 1 / 15" in page and "催办未完成专家（5）" in page
    response = admin_client_bureau.post(bo("progress", review.pk), {"channels": ["sms"]}, HTTP_REFERER=bo("progress", review.pk))
    assert response.status_code == 302
    response = admin_client_bureau.post(bo("progress", review.pk), {"channels": ["sms"]}, HTTP_REFERER=bo("progress", review.pk), follow=True)
    assert "10 分钟后再试" in response.content.decode()


def test_summary_export_contents(admin_client_bureau, panel, bureau_admin):
    review = make_review(bureau_admin, panel.project, aggregation="trimmed_mean", trim_min_experts=5)
    first, second = list(review.submissions.order_by("number"))[:2]
    for user, values in zip(panel.users, (["60", "40"], ["10", "10"], ["50", "30"], ["40", "30"], ["45", "25"]), strict=True):
        score(user, review, first, values)  # 100, 20, 80, 70, 70 -> drop 100 and 20 -> 73.33
    score(panel.users[0], review, second, ["30", "20"])
    services.sheet_recuse(user=panel.users[1], setup=review, submission=second, reason="利益相关")
    form = admin_client_bureau.get(bo("export", review.pk, "xlsx"))
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    refused = admin_client_bureau.post(bo("export", review.pk, "xlsx"), {"reason": ""})
    assert refused.status_code == 400 and "请填写导出事由" in refused.content.decode()
    response = admin_client_bureau.post(bo("export", review.pk, "xlsx"), {"reason": "评审结果公示"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert "评审结果公示" in workbook.properties.description  # requester, time and reason in the file
    from core.models import AuditEvent

    with schema_context("bureau"):
        event = AuditEvent.objects.filter(action="expert_review.summary.export").latest("id")
        assert event.after["reason"] == "评审结果公示"
    table = workbook["评审汇总表"]
    rows = [list(r) for r in table.iter_rows(min_row=3, values_only=True)]
    assert rows[0][:7] == ["排名", "序号", "材料名称", "申报人", "申报单位", "技术方案（60）", "实施能力（40）"]
    assert rows[1][:3] == [1, 1, "甲方案"] and rows[1][7] == pytest.approx(73.33) and rows[1][8] == 5
    assert rows[2][:3] == [2, 2, "乙方案"] and rows[2][7] == 50 and rows[2][9] == 1
    assert rows[3][2] == "丙方案" and rows[3][7] == "有效评分不足"
    details = [list(r) for r in workbook["评分明细"].iter_rows(min_row=2, values_only=True)]
    flags = [d[6] for d in details if d[1] == "甲方案"]
    assert sorted(flags) == ["去掉最低分", "去掉最高分", "是", "是", "是"]
    assert any(d[6] == "回避" and d[7] == "利益相关" for d in details)
    assert any("去掉一个最高分和一个最低分" in (r[0] or "") for r in workbook["评审规则"].iter_rows(values_only=True))
    pdf = admin_client_bureau.post(bo("export", review.pk, "pdf"), {"reason": "评审结果公示"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_operator_sees_masked_expert_names(client_bureau, panel, review):
    score(panel.users[0], review, review.submissions.order_by("number").first(), ["50", "30"])
    operator = make_staff(username="review-op", perms=["expert_review.view_reviewsetup"])
    client_bureau.login_as(operator)
    names = [m.expert.name for m in panel.accepted]
    for url in (bo("progress", review.pk), bo("submission", review.pk, review.submissions.order_by("number").first().pk)):
        page = client_bureau.get(url).content.decode()
        assert not any(name in page for name in names), url
        assert mask_name(names[0]) in page, url


def test_permissions(client_bureau, review):
    submission = review.submissions.first()
    nobody = make_staff(username="nobody-review")
    client_bureau.login_as(nobody)
    for url in (bo("list"), bo("detail", review.pk), bo("progress", review.pk), bo("summary", review.pk), bo("submission", review.pk, submission.pk),
                bo("create", review.project_id), bo("export", review.pk, "xlsx")):
        assert client_bureau.get(url).status_code == 403, url
    with schema_context("bureau"):
        viewer = make_staff(username="viewer-review", perms=["expert_review.view_reviewsetup", "expert_panels.view_project"])
    client_bureau.login_as(viewer)
    assert client_bureau.get(bo("summary", review.pk)).status_code == 200
    assert client_bureau.get(bo("export", review.pk, "xlsx")).status_code == 403
    assert client_bureau.get(bo("indicators", review.pk)).status_code == 403
    assert client_bureau.get(bo("edit", review.pk)).status_code == 403
    assert client_bureau.post(bo("detail", review.pk), {"action": "close"}).status_code == 403
    assert client_bureau.post(bo("submissions", review.pk), {"action": "add", "title": "x"}).status_code == 403
    panorama = client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[review.project_id])).content.decode()
    assert 'id="review-block"' in panorama and 'id="review-create"' not in panorama
    with schema_context("bureau"):
        panels_only = make_staff(username="panels-only", perms=["expert_panels.view_project"])
    client_bureau.login_as(panels_only)
    panorama = client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[review.project_id])).content.decode()
    assert 'id="review-block"' not in panorama


def test_admin_group_and_menu(admin_client_bureau, review):
    from django.contrib.auth.models import Group

    with schema_context("bureau"):
        admin_group = Group.objects.get(name="系统管理员")
        codes = set(admin_group.permissions.filter(content_type__app_label="expert_review").values_list("codename", flat=True))
    assert {"view_reviewsetup", "add_reviewsetup", "change_reviewsetup", "export_review", "reopen_sheet"} <= codes
    page = admin_client_bureau.get(bo("list")).content.decode()
    assert re.search(r'data-menu="review_setups"', page)


def test_other_tenant_gets_404(admin_client_a, review):
    submission = review.submissions.first()
    with schema_context("alpha"):
        for url in (bo("detail", review.pk), bo("summary", review.pk), bo("progress", review.pk), bo("submission", review.pk, submission.pk),
                    bo("export", review.pk, "xlsx"), bo("create", review.project_id), h5("detail", review.pk), h5("score", review.pk, submission.pk)):
            assert admin_client_a.get(url).status_code == 404, url


def test_archived_project_pages_are_read_only(admin_client_bureau, panel, review, bureau_admin):
    from tenant_apps.experts.panels.services import project_archive

    project_archive(actor=bureau_admin, project=panel.project)
    page = admin_client_bureau.get(bo("detail", review.pk)).content.decode()
    assert "项目已归档（只读）" in page and 'value="close"' not in page
    response = admin_client_bureau.post(bo("submissions", review.pk), {"action": "add", "title": "新材料"}, HTTP_REFERER=bo("submissions", review.pk), follow=True)
    assert "项目已归档" in response.content.decode()
    with schema_context("bureau"):
        assert review.submissions.count() == 3
