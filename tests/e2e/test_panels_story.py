"""Browser: the whole story of an expert panel (issue #6). A staff member creates a project and a
supervisor approves it; the staff member sets the conditions and freezes the candidate lists, the
supervisor enters the supervisors' values and the draw runs; the invitations go out through the
real worker (SMS to the outbox, voice calls to a local fake of the provider); one expert accepts
by the link on a phone, one declines by the link, one presses 2 on the voice call (the provider's
callback); the replacements are appended; the draw sheet is downloaded in Word and Excel, the
receipt verifies on its public page; the staff member enters the workload and sends the fee
letter, the expert signs it on the phone and the staff page shows it signed.
Screenshots in /tmp/story-*.png."""

from __future__ import annotations

import datetime
import io
import os
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.e2e import _story as story

pytestmark = pytest.mark.e2e
# Playwright's sync API runs an event loop in this thread; the test reads committed rows between steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DESKTOP = {"viewport": {"width": 1400, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TIMEOUT = 60_000


def _shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/story-{name}.png", full_page=True)


def _new_page(browser, errors: list[str], **options):
    page = browser.new_context(**options).new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm on approve, draw and refusal
    # Failed loads are caught below with their URL (the browser's own favicon probe aside); the
    # console adds script and Content-Security-Policy errors.
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    return page


def _login(page, server, username: str) -> None:
    page.goto(server.url(story.SCHEMA, "/admin-ui/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", story.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin-ui/$"))


def _sheet_numbers_docx(content: bytes) -> tuple[str, set[str]]:
    """All text of the Word sheet, and the expert numbers in its member table."""
    from docx import Document

    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    numbers: set[str] = set()
    for table in document.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        texts += [text for row in rows for text in row]
        if rows and "专家编号" in rows[0]:
            column = rows[0].index("专家编号")
            numbers |= {row[column] for row in rows[1:] if row[column]}
    return "\n".join(texts), numbers


def _sheet_numbers_xlsx(content: bytes) -> tuple[str, set[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    numbers: set[str] = set()
    header = next((i for i, row in enumerate(rows) if "专家编号" in row), None)
    if header is not None:
        column = rows[header].index("专家编号")
        numbers = {row[column] for row in rows[header + 1:] if len(row) > column and row[column] and row[0].isdigit()}
    return "\n".join(v for row in rows for v in row), numbers


def _download(page, link_text: str, tmp_path, *, reason: bool = False) -> tuple[str, bytes]:
    """Sheets that name people open the export-reason page first (issue 19): state it, take the
    file, and come back to the page the link was on."""
    back = page.url
    if reason:
        page.click(f"a.btn:has-text('{link_text}')")
        page.fill("#export-reason", "评审会现场签到使用")
        with page.expect_download() as info:
            page.click("#export-submit")
        page.goto(back)
    else:
        with page.expect_download() as info:
            page.click(f"a.btn:has-text('{link_text}')")
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def _sign(page) -> None:
    """Write a signature on the canvas pad: a few strokes across it."""
    canvas = page.locator("#signature-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for stroke in ([(0.1, 0.7), (0.25, 0.2), (0.4, 0.75), (0.55, 0.25)], [(0.6, 0.6), (0.75, 0.3), (0.9, 0.65)]):
        x, y = stroke[0]
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=8)
        page.mouse.up()


def test_panel_story_from_project_to_signed_fees(live_server_url, live_db, celery_worker_process, tmp_path):
    from django.conf import settings
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.experts.panels.models import Draw, Project

    expect.set_options(timeout=TIMEOUT)
    server = live_server_url
    cast = story.prepare()
    title = f"城南水厂扩建工程评审{cast.suffix}"
    opens = timezone.localtime() + datetime.timedelta(days=3)
    supervisors = [cast.supervisor_name, "纪检监察员"]
    errors: list[str] = []
    with story.VoiceProvider() as voice, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            # 1. The staff member creates the project; it waits for approval.
            staff = _new_page(browser, errors, **DESKTOP)
            _login(staff, server, cast.staff)
            staff.click("nav.sidebar >> text=抽取项目")
            staff.click("a.btn:has-text('新建项目')")
            staff.fill("#p-title", title)
            staff.fill("#p-owner", "市水务集团")
            staff.fill("#p-related", "甲设计院，乙施工公司")
            staff.fill("#p-opens", opens.strftime("%Y-%m-%dT09:30"))
            staff.fill("#p-location", "市民中心三楼评标室")
            staff.fill("#p-category", "工程评审")
            staff.fill("#p-desc", "需要水工结构专家 3 人")
            _shot(staff, "01-project-form")
            staff.click("#project-form button.btn-primary")
            expect(staff.locator("#project-status")).to_have_text("待审核")
            expect(staff.locator("#start-draw")).to_have_count(0)  # no draw before approval
            project_url = staff.url
            with schema_context(story.SCHEMA):
                project = Project.objects.get(title=title)
            assert project_url.endswith(f"/admin-ui/panels/{project.pk}/")

            # 2. The supervisor approves it.
            supervisor = _new_page(browser, errors, **DESKTOP)
            _login(supervisor, server, cast.supervisor)
            supervisor.goto(project_url)
            supervisor.fill("input[name=note]", "同意，按规定抽取")
            _shot(supervisor, "02-supervisor-review")
            supervisor.click("button[value=approve]")
            expect(supervisor.locator("#project-status")).to_have_text("已审核")

            # 3. The staff member sets the conditions (one group of 3 from the domain), checks the
            #    numbers and freezes the candidate lists.
            staff.reload()
            staff.click("#start-draw")
            staff.fill("#g1-count", "3")
            staff.select_option("#g1-domain", str(cast.domain_id))
            staff.fill("#d-sup", "，".join(supervisors))
            staff.check("input[name=channels][value=voice]")
            staff.click("#prequery-btn")
            expect(staff.locator("#prequery-result tbody tr").first.locator("td").nth(2)).to_have_text(str(story.EXPERTS))
            _shot(staff, "03-draw-conditions")
            staff.click("#freeze-btn")
            staff.wait_for_url(re.compile(r"/admin-ui/panels/draws/\d+/$"))
            expect(staff.locator(".messages")).to_contain_text("候选名单已冻结")
            draw_url = staff.url
            draw_id = int(draw_url.rstrip("/").rsplit("/", 1)[1])
            expect(staff.locator("#draw-status")).to_have_text("未抽取")

            # 4. The supervisor enters the supervisors' values and the draw runs.
            supervisor.goto(draw_url)
            expect(supervisor.locator("#execute-form")).to_contain_text(supervisors[1])
            supervisor.fill("#value-0", "20260315")
            supervisor.fill("#value-1", "长江黄河")
            _shot(supervisor, "04-supervisor-values")
            supervisor.click("#execute-btn")
            expect(supervisor.locator(".messages")).to_contain_text("抽取完成")
            expect(supervisor.locator("#members tbody tr")).to_have_count(3)
            expect(supervisor.locator("#recompute")).to_contain_text("复算一致")
            _shot(supervisor, "05-drawn")
            drawn = story.members(draw_id)
            assert [(m["row"], m["kind"], m["status"]) for m in drawn] == [(1, "drawn", "invited"), (2, "drawn", "invited"), (3, "drawn", "invited")]
            assert {m["expert_id"] for m in drawn} <= set(cast.experts)
            phones = {m["row"]: cast.experts[m["expert_id"]] for m in drawn}

            # 5. The worker sends the invitations: an SMS with a signed link each (outbox), and a
            #    voice call each (the provider's fake answers with a call id).
            links = {row: story.wait_for(lambda phone=phone: story.invitation_link(phone), what=f"invitation SMS of row {row}") for row, phone in phones.items()}
            assert all(story.INVITATION_LINK.match(link).group(1) == f"https://{story.SCHEMA}.{settings.BASE_DOMAIN}" for link in links.values()), links
            call = story.wait_for(lambda: story.voice_call(drawn[2]["pk"]), what="voice call of row 3")
            assert voice.called(phones[3])

            # 6. Expert 1 accepts by the link on a phone.
            expert1 = _new_page(browser, errors, **PHONE)
            expert1.goto(server.url(story.SCHEMA, story.INVITATION_LINK.search(links[1]).group(2)))
            expect(expert1.locator("#invitation-details")).to_contain_text(title)
            expect(expert1.locator("#invitation-greeting")).to_contain_text("专家，您好")
            _shot(expert1, "06-invitation")
            expert1.click("#accept-btn")
            expect(expert1.locator("#invitation-done")).to_have_text("已确认参加，感谢您的支持")
            _shot(expert1, "07-accepted")

            # 7. Expert 2 declines by the link, with a reason.
            expert2 = _new_page(browser, errors, **PHONE)
            expert2.goto(server.url(story.SCHEMA, story.INVITATION_LINK.search(links[2]).group(2)))
            expert2.click("#decline-link")
            expert2.fill("#reason", "评审当天在外地出差")
            _shot(expert2, "08-decline")
            expert2.click("#decline-btn")
            expect(expert2.locator("#invitation-done")).to_have_text("已记录您的答复：不能参加")

            # 8. Expert 3 presses 2 on the voice call: the provider calls back.
            response = voice.press(server, call, "2")
            assert response.status_code == 200, response.text
            assert response.json() == {"code": 0, "msg": "成功"}

            # 9. The replacements are appended as rows 4 and 5 and invited in turn.
            staff.goto(draw_url)
            rows = staff.locator("#members tbody tr")
            expect(rows).to_have_count(5)
            expect(rows.nth(0)).to_have_attribute("data-status", "accepted")
            expect(rows.nth(1)).to_have_attribute("data-status", "declined")
            expect(rows.nth(1)).to_contain_text("评审当天在外地出差")
            expect(rows.nth(2)).to_have_attribute("data-status", "declined")
            expect(rows.nth(2)).to_contain_text("语音按键拒绝")
            for index, replaced in ((3, 2), (4, 3)):
                expect(rows.nth(index)).to_have_attribute("data-kind", "replacement")
                expect(rows.nth(index)).to_have_attribute("data-status", "invited")
                expect(rows.nth(index)).to_contain_text(f"替补第{replaced}号")
            _shot(staff, "09-replacements")
            panel = story.members(draw_id)
            assert [(m["row"], m["kind"], m["status"], m["response_channel"]) for m in panel] == [
                (1, "drawn", "accepted", "link"), (2, "drawn", "declined", "link"), (3, "drawn", "declined", "voice"),
                (4, "replacement", "invited", ""), (5, "replacement", "invited", ""),
            ]
            for member in panel[3:]:
                story.wait_for(lambda m=member: story.invitation_link(cast.experts[m["expert_id"]]), what=f"invitation SMS of row {member['row']}")

            # 10. The draw sheet in Word and Excel: the project, and the three experts holding a seat.
            seated = {str(m["expert_id"]) for m in panel if m["status"] in ("accepted", "invited")}
            name, content = _download(staff, "签到表 Word", tmp_path, reason=True)
            assert name.endswith(".docx") and project.code in name
            text, numbers = _sheet_numbers_docx(content)
            assert title in text and "市水务集团" in text
            assert numbers == seated
            name, content = _download(staff, "签到表 Excel", tmp_path, reason=True)
            assert name.endswith(".xlsx")
            text, numbers = _sheet_numbers_xlsx(content)
            assert title in text
            assert numbers == seated
            name, content = _download(staff, "抽取回执 PDF", tmp_path)
            assert name.startswith("专家抽取回执-") and name.endswith(".pdf") and content[:4] == b"%PDF"

            # 11. Anyone can check the receipt on its public page: the re-run matches.
            verify_path = staff.get_attribute("#verify-link", "href")
            with schema_context(story.SCHEMA):
                token = Draw.objects.get(pk=draw_id).verify_token
            assert verify_path.endswith(f"/h5/panels/verify/{token}/")
            public = _new_page(browser, errors, **PHONE)
            public.goto(server.url(story.SCHEMA, verify_path))
            expect(public.locator("#verify-result")).to_have_text("复算结果与记录一致")
            expect(public.locator(".h5-header")).to_contain_text(title)
            expect(public.locator("#verify-rows .weui-cell")).to_have_count(5)
            expect(public.locator("#verify-bureau")).not_to_be_empty()  # the bureau names itself
            _shot(public, "10-verify")

            # 12. Fees: the staff member enters the accepted expert's workload and sends the letter.
            staff.goto(project_url)
            staff.click("#project-fees a:has-text('登记与发放')")
            staff.wait_for_url(re.compile(rf"/admin-ui/fees/projects/{project.pk}/$"))
            expect(staff.locator("#fee-member option")).to_have_count(1)  # only who accepted may be paid
            staff.select_option("#fee-member", str(panel[0]["pk"]))
            staff.fill("#fee-days", "1")
            staff.click("[data-testid=add-line]")
            expect(staff.locator(".messages")).to_contain_text("工作量已登记")
            staff.click("[data-testid=send-letter]")
            expect(staff.locator(".messages")).to_contain_text("已发送，等待专家签字")
            expect(staff.locator("[data-testid=line-status]")).to_have_text("待专家签字")
            _shot(staff, "11-fees-sent")
            letter = story.letter_for(panel[0]["pk"])
            assert letter is not None and letter.status == "sent"

            # 13. Expert 1 logs in on the phone with their number and signs the letter.
            expert1.goto(server.url(story.SCHEMA, "/h5/login/?next=/h5/fees/"))
            expert1.fill("#u", phones[1])
            expert1.fill("#p", story.PASSWORD)
            expert1.click("button[type=submit]")
            expert1.wait_for_url(re.compile(r"/h5/fees/$"))
            expect(expert1.locator(f"[data-letter='{letter.pk}']")).to_contain_text("待签字")
            expect(expert1.locator(f"[data-letter='{letter.pk}']")).to_contain_text(title)
            expert1.click(f"[data-letter='{letter.pk}']")
            expert1.wait_for_url(re.compile(rf"/h5/fees/letters/{letter.pk}/$"))
            expect(expert1.locator("#net-amount")).to_have_text(str(letter.line.net_amount))
            submit = expert1.locator("#signature-submit")
            expect(submit).to_be_disabled()
            _sign(expert1)
            expect(submit).to_be_enabled()
            _shot(expert1, "12-sign")
            submit.click()
            expect(expert1.locator("#signed-ok")).to_contain_text("签字确认")
            expect(expert1.locator("#signature-image")).to_be_visible()
            _shot(expert1, "13-signed")

            # 14. The staff page shows the letter signed.
            staff.reload()
            expect(staff.locator("[data-testid=line-status]")).to_have_text("已签字")
            _shot(staff, "14-fees-signed")
        finally:
            browser.close()

    assert not errors, errors
    letter = story.letter_for(panel[0]["pk"])
    assert letter.status == "signed" and letter.line.status == "signed" and letter.signature_sha256
