"""Draws, sheets, receipts and invitations as a bureau uses them (issue 19, item 8): A4 Word
sheet with the matched domain, seat numbers from 1, Chinese file names, receipt with signature
lines and QR code, public page with the bureau's name and a plain-language line, short
invitation links from the tenant's public base URL, the invitation page and its .ics, and the
Chinese action names of the project log (item 3)."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tenants.utils import schema_context

from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import draw_execute, invitation_token, member_respond

from .conftest import make_pool, make_project, prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(in_bureau, bureau_admin, bureau_tree):
    from tests.tenant_apps.experts.conftest import make_expert

    top, mid, leaf, other = bureau_tree
    make_pool(3, domains=[leaf])
    # an expert of both fields: the sheet shows the domain the group asked for
    make_expert(name="跨界专家", employer="跨界单位", domains=[other, leaf])
    from tenant_apps.experts.models import Expert

    Expert.objects.filter(name="跨界专家").update(status="approved")
    project = make_project(bureau_admin)
    draw = prepare(bureau_admin, project, [GroupConditions(count=4, domain_ids=[mid.pk])])
    return draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["7", "8"])


def _filename(response) -> str:
    header = response["Content-Disposition"]
    return unquote(header.split("filename*=utf-8''")[-1]) if "filename*=" in header else header


def test_seats_count_from_one(admin_client_bureau, drawn, client_bureau):
    seats = sorted(m.seat for m in drawn.members.all())
    assert seats[0] == 1 and all(m.seat == m.position + 1 for m in drawn.members.all())
    page = admin_client_bureau.get(reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])).content.decode()
    assert "第1组 / 第1位" in page and "/ 0<" not in page
    public = client_bureau.get(reverse("h5:experts_panels:verify", args=[drawn.verify_token])).content.decode()
    assert "第1组第1位" in public


def test_word_sheet_is_a4_with_the_matched_domain(admin_client_bureau, drawn):
    from docx import Document
    from docx.shared import Mm

    response = admin_client_bureau.post(reverse("backoffice:experts_panels:draw_file", args=[drawn.pk, "docx"]), {"reason": "评审会签到"})
    assert response.status_code == 200 and _filename(response).startswith("评审专家抽取表-")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "结构工程" in cells and "信息技术" not in cells  # the group asked for 土木工程: never the other field


def test_receipt_has_chinese_name_signatures_seal_and_qr(admin_client_bureau, drawn):
    response = admin_client_bureau.get(reverse("backoffice:experts_panels:draw_file", args=[drawn.pk, "receipt"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert _filename(response).startswith("专家抽取回执-")
    assert b"/Subtype /Image" in response.content  # the QR code of the public page
    from tenant_apps.experts.panels import documents

    with schema_context("bureau"):
        texts = []
        original = documents._receipt_footer

        def spy(pdf, draw, **kwargs):
            original(pdf, draw, **kwargs)
            texts.append(kwargs["verify_url"])

        documents._receipt_footer = spy
        try:
            documents.receipt_pdf(drawn, verify_url="https://bureau.example/h5/panels/verify/x/", tenant_name="示范专家局")
        finally:
            documents._receipt_footer = original
    assert texts == ["https://bureau.example/h5/panels/verify/x/"]


def test_public_page_names_the_bureau_and_explains_plainly(client_bureau, drawn, tenant_bureau):
    page = client_bureau.get(reverse("h5:experts_panels:verify", args=[drawn.verify_token])).content.decode()
    assert tenant_bureau.name in page and 'id="verify-plain"' in page and "任何人都可以" in page


def test_short_invitation_link_from_the_public_base_url(drawn):
    from tenant_apps.experts.panels.services import absolute_url, member_from_token

    member = drawn.members.order_by("row").first()
    token = invitation_token(member)
    assert len(token) <= 40 and member_from_token(token).pk == member.pk
    with pytest.raises(Exception):  # noqa: B017 - a forged nonce is refused
        member_from_token(token[:-2] + "xx")
    with override_settings(DEBUG=True, PUBLIC_URL_PORT="8123", PUBLIC_URL_SCHEME=""):
        assert absolute_url("/h5/x/").startswith("http://bureau.") and ":8123/h5/x/" in absolute_url("/h5/x/")
    with override_settings(DEBUG=False, PUBLIC_URL_PORT="", PUBLIC_URL_SCHEME=""):
        assert absolute_url("/h5/x/").startswith("https://bureau.") and absolute_url("/h5/x/").endswith("/h5/x/")


def test_invitation_page_greets_and_offers_the_calendar(client_bureau, drawn, tenant_bureau):
    member = drawn.members.select_related("expert", "draw__project").order_by("row").first()
    name = member.expert.name
    url = reverse("h5:experts_panels:invitation", args=[invitation_token(member)])
    page = client_bureau.get(url).content.decode()
    assert f"{name}专家，您好" in page and tenant_bureau.name in page and 'id="invitation-files"' in page
    assert 'id="invitation-ics"' not in page  # before acceptance
    with schema_context("bureau"):
        member_respond(member=member, accept=True, channel="link", actor=None)
    page = client_bureau.get(url).content.decode()
    assert 'id="invitation-bring"' in page and 'id="invitation-ics"' in page
    ics = client_bureau.get(reverse("h5:experts_panels:invitation_calendar", args=[invitation_token(member)]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body and "DTSTART:" in body and "\r\n" in body
    assert _filename(ics).startswith("评审日程-")


def test_project_log_and_notifications_in_chinese(admin_client_bureau, drawn):
    page = admin_client_bureau.get(reverse("backoffice:experts_panels:project_detail", args=[drawn.project_id])).content.decode()
    assert "执行随机抽取" in page and "expert_panels.draw.execute" not in page
    assert 'id="start-draw"' not in page  # the draw button is gone once drawn


def test_audit_display_names():
    from core.audit import action_label, object_type_label

    assert action_label("expert_panels.draw.execute") == "执行随机抽取"
    assert action_label("experts.expert.create") == "新增专家"
    assert object_type_label("experts.expert") == "专家"
    assert action_label("accounts.user.update").startswith("修改")
    assert action_label("something.unknown") == "something.unknown"
