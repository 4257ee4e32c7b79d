"""Fees API: standards, workload, letters, the expert's own signing, payout, history;
error codes, permissions, archived projects and tenant isolation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.importexport.testing import workbook_rows

from .conftest import make_staff, signature_data_url

pytestmark = pytest.mark.django_db


def api(name, *args):
    return reverse(f"api:experts_fees:{name}", args=args)


def test_workload_letter_signature_and_payout_through_the_api(admin_client_bureau, tenant_bureau, panel):
    from tests.conftest import TenantClient

    created = admin_client_bureau.post(api("line-list"), {"project": panel.project.pk, "member": panel.attending.pk, "workload_days": "1.5"}, content_type="application/json")
    assert created.status_code == 201, created.json()
    line = created.json()
    assert line["net_amount"] == "1400.00" and line["status"] == "draft" and line["expert_name"] == "张三丰"

    refused = admin_client_bureau.post(api("line-list"), {"project": panel.project.pk, "member": panel.absent.pk, "workload_days": "1"}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "member_not_attending" and "王五" in refused.json()["message"]

    panel_view = admin_client_bureau.get(api("project-fees", panel.project.pk)).json()
    attending = {row["expert_id"]: row["is_attending"] for row in panel_view["rows"]}
    assert attending[panel.absent.expert_id] is False and attending[panel.attending.expert_id] is True and panel_view["totals"]["lines"] == 1

    letter = admin_client_bureau.post(api("line-send-letter", line["id"]))
    assert letter.status_code == 201 and letter.json()["version"] == 1 and len(letter.json()["content_hash"]) == 64
    letter_id = letter.json()["id"]

    with schema_context("bureau"):
        expert_user = panel.attending.expert.user
    expert = TenantClient(tenant_bureau).login_as(expert_user)  # a second browser: the admin stays signed in
    mine = expert.get(api("my-letter-list")).json()["results"]
    assert [m["id"] for m in mine] == [letter_id] and mine[0]["status"] == "sent" and mine[0]["net_amount"] == "1400.00"
    bad = expert.post(api("my-letter-sign", letter_id), {"signature": signature_data_url(blank=True)}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "signature_empty"
    signed = expert.post(api("my-letter-sign", letter_id), {"signature": signature_data_url()}, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed" and len(signed.json()["signature_sha256"]) == 64
    again = expert.post(api("my-letter-sign", letter_id), {"signature": signature_data_url()}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "fee_letter_closed"
    assert expert.get(api("my-letter-pdf", letter_id)).content.startswith(b"%PDF")
    assert expert.get(api("line-list")).status_code == 403  # an expert is no fee clerk

    admin = admin_client_bureau
    assert admin.get(api("line-detail", line["id"])).json()["status"] == "signed"
    refused = admin.get(api("payout-sheet") + f"?project={panel.project.pk}")
    assert refused.status_code == 400 and refused.json()["code"] == "export_reason_required"
    sheet = admin.get(api("payout-sheet") + f"?project={panel.project.pk}&reason=财务发放")
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = workbook_rows(sheet.content, "发放明细")
    assert rows[2][rows[1].index("专家姓名")] == "张三丰" and rows[2][rows[1].index("实发金额")] == 1400
    paid = admin.post(api("line-mark-paid"), {"lines": [line["id"]], "paid_on": "2026-01-05", "reference": "财付-1"}, content_type="application/json")
    assert paid.status_code == 200 and paid.json() == {"paid": 1}
    locked = admin.put(api("line-detail", line["id"]), {"workload_days": "3"}, content_type="application/json")
    assert locked.status_code == 409 and locked.json()["code"] == "fee_line_locked"
    history = admin.get(api("expert-history", panel.attending.expert_id)).json()
    assert history["totals"]["paid"] == "1400.00" and history["lines"][0]["status"] == "paid"
    letters = admin.get(api("line-letters", line["id"])).json()
    assert [item["status"] for item in letters] == ["signed"]
    assert admin.get(api("letter-pdf", letter_id)).content.startswith(b"%PDF")


def test_standards_api(admin_client_bureau, in_bureau):
    body = {"name": "中级标准", "title_level": "intermediate", "half_day_rate": "200.00", "day_rate": "350.00", "effective_from": "2024-01-01"}
    created = admin_client_bureau.post(api("standard-list"), body, content_type="application/json")
    assert created.status_code == 201 and created.json()["travel_allowance"] == "0.00"
    pk = created.json()["id"]
    assert admin_client_bureau.put(api("standard-detail", pk), {**body, "day_rate": "400"}, content_type="application/json").json()["day_rate"] == "400.00"
    assert [s["name"] for s in admin_client_bureau.get(api("standard-list")).json()["results"]] == ["中级标准"]
    bad = admin_client_bureau.post(api("standard-list"), {**body, "day_rate": "-1"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"
    assert admin_client_bureau.delete(api("standard-detail", pk)).status_code == 204


def test_send_all_update_withdraw_and_delete(admin_client_bureau, panel):
    for member in (panel.attending, panel.no_account):
        assert admin_client_bureau.post(api("line-list"), {"project": panel.project.pk, "member": member.pk, "workload_days": "1"}, content_type="application/json").status_code == 201
    result = admin_client_bureau.post(api("project-send-letters", panel.project.pk)).json()
    assert len(result["sent"]) == 1 and len(result["skipped"]) == 1 and "账号" in result["skipped"][0]["message"]
    letter = result["sent"][0]
    withdrawn = admin_client_bureau.post(api("letter-withdraw", letter["id"]), {"reason": "金额有误"}, content_type="application/json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    line_id = letter["line_id"]
    updated = admin_client_bureau.put(api("line-detail", line_id), {"workload_days": "2", "travel_fee": "0"}, content_type="application/json")
    assert updated.status_code == 200 and updated.json()["net_amount"] == "1600.00"
    assert admin_client_bureau.delete(api("line-detail", line_id)).status_code == 204
    listing = admin_client_bureau.get(api("line-list") + f"?project={panel.project.pk}").json()
    assert [item["expert_name"] for item in listing["results"]] == ["赵无号"]


def test_permissions(client_bureau, panel):
    with schema_context("bureau"):
        viewer = make_staff(username="api-fee-viewer", perms=["expert_fees.view_feeline"])
        nobody = make_staff(username="api-fee-nobody")
    client_bureau.login_as(nobody)
    assert client_bureau.get(api("line-list")).status_code == 403
    assert client_bureau.get(api("standard-list")).status_code == 403
    assert client_bureau.get(api("my-letter-list")).json()["results"] == []  # any signed-in user: only their own letters
    client_bureau.login_as(viewer)
    assert client_bureau.get(api("line-list")).status_code == 200
    assert client_bureau.post(api("line-list"), {"project": panel.project.pk, "member": panel.attending.pk, "workload_days": "1"}, content_type="application/json").status_code == 403
    assert client_bureau.get(api("payout-sheet")).status_code == 403
    assert client_bureau.post(api("line-mark-paid"), {"lines": [1], "paid_on": "2026-01-01"}, content_type="application/json").status_code == 403
    client_bureau.logout()
    assert client_bureau.get(api("my-letter-list")).status_code == 401


def test_archived_project_answers_409(admin_client_bureau, panel, bureau_admin):
    from tenant_apps.experts.panels.services import project_archive

    project_archive(actor=bureau_admin, project=panel.project)
    response = admin_client_bureau.post(api("line-list"), {"project": panel.project.pk, "member": panel.attending.pk, "workload_days": "1"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "project_archived"


def test_other_tenant_gets_404(admin_client_a, admin_client_bureau, panel):
    line = admin_client_bureau.post(api("line-list"), {"project": panel.project.pk, "member": panel.attending.pk, "workload_days": "1"}, content_type="application/json").json()
    letter = admin_client_bureau.post(api("line-send-letter", line["id"])).json()
    with schema_context("alpha"):
        assert admin_client_a.get(api("line-detail", line["id"])).status_code == 404
        assert admin_client_a.post(api("line-send-letter", line["id"])).status_code == 404
        assert admin_client_a.get(api("project-fees", panel.project.pk)).status_code == 404
        assert admin_client_a.get(api("letter-pdf", letter["id"])).status_code == 404
        assert admin_client_a.get(api("my-letter-detail", letter["id"])).status_code == 404
        assert admin_client_a.get(api("expert-history", panel.attending.expert_id)).status_code == 404
        created = admin_client_a.post(api("line-list"), {"project": panel.project.pk, "member": panel.attending.pk, "workload_days": "1"}, content_type="application/json")
        assert created.status_code == 404
