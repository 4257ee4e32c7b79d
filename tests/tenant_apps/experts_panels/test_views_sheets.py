"""Draw-sheet templates (X22): upload checked by rendering with sample data (unknown placeholders
named), list / activate / deactivate / delete, the sheet download using the active template for
the project's type, else the type-wide one, else the built-in one; permissions and isolation."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import schema_context
from docx import Document
from openpyxl import Workbook, load_workbook

from core.audit import AuditEvent
from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import draw_execute, project_update

from .conftest import make_pool, make_project, make_staff, prepare

pytestmark = pytest.mark.django_db

PAGE = "backoffice:experts_panels:sheet_templates"


def docx_file(*paragraphs: str, table_rows: list[list[str]] | None = None, name: str = "sheet.docx") -> SimpleUploadedFile:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def xlsx_file(rows: list[list[str]], name: str = "sheet.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


MEMBER_TABLE = [["序号", "姓名", "签名"], ["{%tr for m in members %}", "", ""], ["{{ m.index }}", "{{ m.name }}", ""], ["{%tr endfor %}", "", ""]]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def xlsx_values(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


@pytest.fixture
def drawn(in_bureau, bureau_admin, bureau_tree):
    make_pool(4, domains=[bureau_tree[2]])
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=2, domain_ids=[bureau_tree[0].pk])])
    return draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["3", "4"])


def sheet(client, draw, kind="docx"):
    response = client.post(reverse("backoffice:experts_panels:draw_file", args=[draw.pk, kind]), {"reason": "评审会签到"})
    assert response.status_code == 200
    return response.content


def test_upload_activate_and_the_sheet_uses_the_active_template(admin_client_bureau, drawn):
    names = [m.expert.name for m in drawn.members.select_related("expert").order_by("row")]
    default = docx_text(sheet(admin_client_bureau, drawn))
    assert "评审专家抽取表" in default and drawn.project.title in default and all(n in default for n in names)

    upload = docx_file("{{ project_title }} 签到（{{ member_count }} 人）", "地点：{{ location }}", table_rows=MEMBER_TABLE)
    excel = xlsx_file([["{{ project_title }}", "{{ opens_at }}"], ["序号", "姓名", "专业领域"], ["{{ m.index }}", "{{ m.name }}", "{{ m.domains }}"], ["共 {{ member_count }} 人"]])
    response = admin_client_bureau.post(reverse(PAGE), {"name": "局签到表", "docx": upload, "xlsx": excel, "activate": "1"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "模板“局签到表”已上传并启用" in page and "启用中" in page

    custom = docx_text(sheet(admin_client_bureau, drawn))
    assert f"{drawn.project.title} 签到（2 人）" in custom and "地点：评审中心" in custom and all(n in custom for n in names)
    rows = xlsx_values(sheet(admin_client_bureau, drawn, "xlsx"))
    assert rows[0][0] == drawn.project.title and rows[1] == ("序号", "姓名", "专业领域")
    assert [r[1] for r in rows[2:4]] == names and rows[2][2] == "结构工程" and rows[4][0] == "共 2 人"
    detail = admin_client_bureau.get(reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])).content.decode()
    assert "抽取表模板：局签到表" in detail

    with schema_context("bureau"):
        from tenant_apps.experts.panels.models import SheetTemplate

        template = SheetTemplate.objects.get(name="局签到表")
        assert "project_title" in template.placeholders and "members" in template.placeholders
        assert AuditEvent.objects.filter(action="expert_panels.sheet_template.upload", object_id=str(template.pk)).exists()
    # deactivate: back to the built-in template; delete removes it from the list
    action = reverse("backoffice:experts_panels:sheet_template_action", args=[template.pk])
    assert admin_client_bureau.post(action, {"action": "deactivate"}).status_code == 302
    assert "评审专家抽取表" in docx_text(sheet(admin_client_bureau, drawn))
    assert admin_client_bureau.post(action, {"action": "activate"}).status_code == 302
    assert "签到（2 人）" in docx_text(sheet(admin_client_bureau, drawn))
    response = admin_client_bureau.post(action, {"action": "delete"}, follow=True)
    assert "已删除“局签到表”" in response.content.decode() and "尚未上传模板" in response.content.decode()
    assert "评审专家抽取表" in docx_text(sheet(admin_client_bureau, drawn))


def test_unknown_placeholders_are_named_and_nothing_is_saved(admin_client_bureau):
    from tenant_apps.experts.panels.models import SheetTemplate

    bad = docx_file("{{ project_titel }}", table_rows=[["{%tr for m in members %}"], ["{{ m.nmae }}"], ["{%tr endfor %}"]])
    response = admin_client_bureau.post(reverse(PAGE), {"name": "错模板", "docx": bad, "activate": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Word 模板无法使用" in page and "未知占位符" in page and "project_titel" in page and "m.nmae" in page
    broken = docx_file("{{ project_title }")
    response = admin_client_bureau.post(reverse(PAGE), {"name": "语法错", "docx": broken})
    assert response.status_code == 400 and "模板语法错误" in response.content.decode()
    sneaky = docx_file("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    response = admin_client_bureau.post(reverse(PAGE), {"name": "越权", "docx": sneaky})
    assert response.status_code == 400 and "不允许的表达式" in response.content.decode()
    good_word = docx_file("{{ project_title }}")
    bad_excel = xlsx_file([["{{ project_title }}"], ["{{ m.name }}", "{{ m.phnoe }}"]])
    response = admin_client_bureau.post(reverse(PAGE), {"name": "错表格", "docx": good_word, "xlsx": bad_excel})
    assert response.status_code == 400 and "Excel 模板无法使用" in response.content.decode() and "m.phnoe" in response.content.decode()
    not_word = SimpleUploadedFile("sheet.docx", b"plain text")
    response = admin_client_bureau.post(reverse(PAGE), {"name": "假文件", "docx": not_word})
    assert response.status_code == 400 and "不是有效的 Word" in response.content.decode()
    with schema_context("bureau"):
        assert not SheetTemplate.objects.exists()


def test_template_for_the_project_type_comes_first(admin_client_bureau, drawn, bureau_admin):
    from tenant_apps.experts.panels.services import ProjectInput

    admin_client_bureau.post(reverse(PAGE), {"name": "通用", "docx": docx_file("通用模板 {{ project_title }}"), "activate": "1"})
    admin_client_bureau.post(reverse(PAGE), {"name": "工程类", "category": "工程评审", "docx": docx_file("工程类模板 {{ category }}"), "activate": "1"})
    assert "通用模板" in docx_text(sheet(admin_client_bureau, drawn))
    found = admin_client_bureau.get(reverse(PAGE) + "?q=工程").content.decode()
    assert "工程类" in found and "通用</td>" not in found
    assert "没有符合条件的模板" in admin_client_bureau.get(reverse(PAGE) + "?q=不存在").content.decode()
    with schema_context("bureau"):
        project = drawn.project
        project_update(actor=bureau_admin, project=project, data=ProjectInput(title=project.title, owner_unit=project.owner_unit, opens_at=project.opens_at,
                                                                              category="工程评审", location=project.location))
    assert "工程类模板 工程评审" in docx_text(sheet(admin_client_bureau, drawn))
    # a second template for the same type replaces the active one
    admin_client_bureau.post(reverse(PAGE), {"name": "工程类新版", "category": "工程评审", "docx": docx_file("新版 {{ project_code }}"), "activate": "1"})
    assert f"新版 {drawn.project.code}" in docx_text(sheet(admin_client_bureau, drawn))
    with schema_context("bureau"):
        from tenant_apps.experts.panels.models import SheetTemplate

        assert list(SheetTemplate.objects.filter(is_active=True).order_by("name").values_list("name", flat=True)) == ["工程类新版", "通用"]


def test_sheet_masks_names_for_operators_before_the_reveal_window(client_bureau, drawn):
    with schema_context("bureau"):
        operator = make_staff(username="sheet-op", perms=["expert_panels.view_draw", "expert_panels.view_project", "expert_panels.export_project"])
        names = [m.expert.name for m in drawn.members.select_related("expert")]
    client_bureau.login_as(operator)
    text = docx_text(sheet(client_bureau, drawn))
    assert names and not any(name in text for name in names) and "*" in text


def test_default_templates_download_and_render(admin_client_bureau):
    for kind in ("docx", "xlsx"):
        response = admin_client_bureau.get(reverse("backoffice:experts_panels:sheet_template_default", args=[kind]))
        assert response.status_code == 200 and response.content[:2] == b"PK"
    page = admin_client_bureau.get(reverse(PAGE)).content.decode()
    assert "{{ project_title }}" in page and "{{ m.name }}" in page and "项目名称" in page and "尚未上传模板" in page


def test_permissions(client_bureau, admin_client_bureau):
    from tenant_apps.experts.panels.models import SheetTemplate

    admin_client_bureau.post(reverse(PAGE), {"name": "权限测试", "docx": docx_file("{{ project_title }}"), "activate": "1"})
    with schema_context("bureau"):
        template = SheetTemplate.objects.get(name="权限测试")
        nobody = make_staff(username="sheet-nobody", perms=["expert_panels.view_project"])
        viewer = make_staff(username="sheet-viewer", perms=["expert_panels.view_sheettemplate"])
    action = reverse("backoffice:experts_panels:sheet_template_action", args=[template.pk])
    client_bureau.login_as(nobody)
    assert client_bureau.get(reverse(PAGE)).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_panels:sheet_template_file", args=[template.pk, "docx"])).status_code == 403
    client_bureau.login_as(viewer)
    page = client_bureau.get(reverse(PAGE)).content.decode()
    assert "权限测试" in page and "检查并上传" not in page and "删除</button>" not in page
    assert client_bureau.get(reverse("backoffice:experts_panels:sheet_template_file", args=[template.pk, "docx"])).status_code == 200
    assert client_bureau.post(reverse(PAGE), {"name": "x", "docx": docx_file("{{ project_title }}")}).status_code == 403
    assert client_bureau.post(action, {"action": "delete"}).status_code == 403
    assert client_bureau.post(action, {"action": "deactivate"}).status_code == 403
    with schema_context("bureau"):
        assert SheetTemplate.objects.filter(pk=template.pk, is_active=True).exists()


def test_other_tenant_gets_404(admin_client_bureau, admin_client_a):
    admin_client_bureau.post(reverse(PAGE), {"name": "本局模板", "docx": docx_file("{{ project_title }}")})
    with schema_context("bureau"):
        from tenant_apps.experts.panels.models import SheetTemplate

        template = SheetTemplate.objects.get(name="本局模板")
    assert "本局模板" not in admin_client_a.get(reverse(PAGE)).content.decode()
    assert admin_client_a.get(reverse("backoffice:experts_panels:sheet_template_file", args=[template.pk, "docx"])).status_code == 404
    assert admin_client_a.post(reverse("backoffice:experts_panels:sheet_template_action", args=[template.pk]), {"action": "delete"}).status_code == 404
    with schema_context("bureau"):
        assert SheetTemplate.objects.filter(pk=template.pk).exists()
