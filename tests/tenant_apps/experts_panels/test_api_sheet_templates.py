"""Draw-sheet templates in the API (X22, P19): upload checked like the page, list, activate,
deactivate, delete, files; permission per method and tenant isolation."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.experts.panels.models import SheetTemplate

from .conftest import make_staff
from .test_api import client_for, url
from .test_views_sheets import MEMBER_TABLE, docx_file

pytestmark = pytest.mark.django_db


def _upload(client, name="会议签到", category="", body="{{ project_title }} 签到表", **extra):
    return client.post(url("sheet-template-list"), {"name": name, "category": category, "docx": docx_file(body, table_rows=MEMBER_TABLE), **extra})


def test_upload_list_activate_deactivate_delete(admin_client_bureau, in_bureau):
    created = _upload(admin_client_bureau)
    assert created.status_code == 201, created.content
    template = created.json()
    assert template["is_active"] is True and "project_title" in template["placeholders"]
    refused = _upload(admin_client_bureau, name="坏模板", body="{{ nonexistent_field }}")
    assert refused.status_code == 400 and "nonexistent_field" in refused.content.decode()
    listed = admin_client_bureau.get(url("sheet-template-list")).json()
    assert [row["name"] for row in listed["results"]] == ["会议签到"]
    off = admin_client_bureau.post(url("sheet-template-deactivate", template["id"]))
    assert off.status_code == 200 and off.json()["is_active"] is False
    on = admin_client_bureau.post(url("sheet-template-activate", template["id"]))
    assert on.status_code == 200 and on.json()["is_active"] is True
    file = admin_client_bureau.get(url("sheet-template-file", template["id"], "docx"))
    assert file.status_code == 200 and file.content[:2] == b"PK"
    assert admin_client_bureau.get(url("sheet-template-file", template["id"], "xlsx")).status_code == 404
    assert admin_client_bureau.get(url("sheet-template-default", "xlsx")).content[:2] == b"PK"
    placeholders = admin_client_bureau.get(url("sheet-template-placeholders")).json()
    assert {"project", "member"} == {row["scope"] for row in placeholders}
    assert admin_client_bureau.delete(url("sheet-template-detail", template["id"])).status_code == 204
    with schema_context("bureau"):
        assert not SheetTemplate.objects.filter(pk=template["id"]).exists()


def test_permission_per_method(admin_client_bureau, in_bureau):
    template = _upload(admin_client_bureau).json()
    with schema_context("bureau"):  # the client's requests leave the connection on the public schema
        nobody = client_for(make_staff(username="sheet-nobody"))
        viewer = client_for(make_staff(username="sheet-viewer", perms=["expert_panels.view_sheettemplate"]))
    assert nobody.get(url("sheet-template-list")).status_code == 403
    assert viewer.get(url("sheet-template-list")).status_code == 200
    assert viewer.get(url("sheet-template-detail", template["id"])).status_code == 200
    assert _upload(viewer, name="无权上传").status_code == 403
    assert viewer.post(url("sheet-template-deactivate", template["id"])).status_code == 403
    assert viewer.delete(url("sheet-template-detail", template["id"])).status_code == 403


def test_other_tenant_gets_404(admin_client_bureau, admin_client_a, in_bureau):
    template = _upload(admin_client_bureau).json()
    with schema_context("alpha"):
        SheetTemplate.objects.filter(pk=template["id"]).delete()
        for target, method in ((url("sheet-template-detail", template["id"]), "get"), (url("sheet-template-activate", template["id"]), "post"),
                               (url("sheet-template-file", template["id"], "docx"), "get"), (url("sheet-template-detail", template["id"]), "delete")):
            assert getattr(admin_client_a, method)(target).status_code == 404, target
        assert admin_client_a.get(url("sheet-template-list")).json()["count"] == 0
