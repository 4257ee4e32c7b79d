"""Browser: a verified member donates on a phone (390 px) to a members-only project, pays with
WeChat Pay (local v3 server, notification over HTTP to the live server), receives the
certificate with a QR whose verification page (no login) confirms it, and sees the project's
usage report on the "where did my gift go" timeline; an outsider never sees the project; the
back office pages at 1366 and 1920 px. Screenshots in var/screenshots/giving-*.png."""

from __future__ import annotations

import base64
import json
import os
import re
import uuid
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.e2e import _alumni as alumni
from tests.e2e import _story as story

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "Story-giving-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
FETCH_BYTES = """async (url) => {
  const response = await fetch(url, {credentials: "same-origin"});
  const bytes = new Uint8Array(await response.arrayBuffer());
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return [response.status, btoa(text)];
}"""


def _cast(suffix: str, fake):
    from tenant_apps.payments.services import merchant_settings_save
    from tests.tenant_apps.alumni_giving.conftest import (
        ADMIN_PERMS,
        make_member,
        make_project,
        make_user,
        qualify,
    )

    merchant_settings_save(actor=None, data=fake.merchant_settings())
    qualify(certificate_threshold_fen=10000, seal_threshold_fen=50000)
    project = make_project(title=f"校友励学基金{suffix}", target_fen=10_000_000, amount_options=[10000, 50000, 100000],
                           story="资助家庭经济困难的学弟学妹。", certificate_design="classic")
    member = make_member(username=f"donor-{suffix}", chapter_name="北京校友会", class_year=2006, openid=f"o-{suffix}")
    member.display_name = "王小明"
    outsider = make_user(username=f"outsider-{suffix}")
    staff = make_user(kind="staff", username=f"giving-{suffix}", perms=(*ADMIN_PERMS, "alumni_giving.record_receipt"))
    for user in (member, outsider, staff):
        user.set_password(PASSWORD)
        user.save()
    return project, member, outsider, staff


def test_member_donates_on_phone_gets_verifiable_certificate_and_sees_usage(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.alumni.giving import services
    from tenant_apps.alumni.giving.models import Donation

    server = live_server_url
    suffix = uuid.uuid4().hex[:6]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with alumni.wechat_pay_server() as fake:
        with schema_context(story.SCHEMA):
            project, member, outsider, staff = _cast(suffix, fake)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            errors: list[str] = []
            try:
                # 0. An outsider (not a verified member) never sees the members-only project.
                stranger = browser.new_context(**PHONE).new_page()
                alumni.watch(stranger, errors)
                alumni.h5_login(stranger, server, outsider.username, PASSWORD, "/h5/alumni/giving/")
                expect(stranger.locator(f"[data-project='{project.pk}']")).to_have_count(0)
                assert stranger.goto(server.url(story.SCHEMA, f"/h5/alumni/giving/{project.pk}/")).status == 404

                # 1. The member opens the project on the phone and pledges 1000 元.
                phone = browser.new_context(**PHONE).new_page()
                alumni.watch(phone, errors)
                alumni.h5_login(phone, server, member.username, PASSWORD, "/h5/alumni/giving/")
                phone.click(f"[data-project='{project.pk}']")
                phone.wait_for_url(re.compile(rf"/h5/alumni/giving/{project.pk}/$"))
                phone.fill("#amount_other", "1000")
                phone.fill("#donor_name", "王小明")
                phone.screenshot(path=str(SHOTS / "giving-1-project-390.png"), full_page=True)
                phone.click("text=确认捐赠")
                phone.wait_for_url(re.compile(r"/h5/alumni/giving/donations/\d+/$"))
                expect(phone.locator("[data-status]")).to_have_text("待支付")

                # 2. WeChat Pay: the order is signed at the v3 server; the notification reaches the live server.
                phone.click("[data-pay-button]")
                expect(phone.locator("[data-pay-message]")).to_contain_text("订单已创建")
                with schema_context(story.SCHEMA):
                    donation = Donation.objects.get(project=project, donor=member)
                assert donation.order_no and fake.orders[donation.order_no]["amount"]["total"] == 100_000
                response = alumni.pay(server, fake, donation.order_no)
                assert response.status_code == 204, response.text
                phone.click("[data-paid]")
                expect(phone.locator("[data-status]")).to_have_text("已到账")
                expect(phone.locator("[data-certificate] svg")).to_be_visible()
                expect(phone.locator("[data-certificate]")).to_contain_text("已盖章")
                phone.screenshot(path=str(SHOTS / "giving-2-certificate-390.png"), full_page=True)
                with schema_context(story.SCHEMA):
                    donation.refresh_from_db()
                assert donation.certificate_number and donation.certificate_has_seal and donation.chapter_name == "北京校友会"
                # the PDF, fetched by the page itself (the browser resolves the tenant host)
                status, encoded = phone.evaluate(FETCH_BYTES, f"/h5/alumni/giving/donations/{donation.pk}/certificate.pdf")
                pdf = base64.b64decode(encoded)
                assert status == 200 and pdf[:4] == b"%PDF"
                (SHOTS / "giving-certificate.pdf").write_bytes(pdf)

                # 3. The QR's verification page, opened without logging in, confirms the certificate.
                qr_target = server.url(story.SCHEMA, f"/h5/alumni/giving/certificates/{donation.certificate_code}/")
                anyone = browser.new_context(**PHONE).new_page()
                alumni.watch(anyone, errors)
                anyone.goto(qr_target)
                expect(anyone.locator("[data-verify]")).to_have_attribute("data-verify", "valid")
                expect(anyone.locator("body")).to_contain_text(donation.certificate_number)
                expect(anyone.locator("body")).to_contain_text("王*明")
                anyone.screenshot(path=str(SHOTS / "giving-3-verify-390.png"), full_page=True)
                forged = qr_target.replace(donation.certificate_code, donation.certificate_code[:-4] + "AAAA")
                assert anyone.goto(forged).status == 404

                # 4. The association reports how the money was used; the donor's timeline shows it.
                with schema_context(story.SCHEMA):
                    services.update_add(actor=staff, project=project, kind="usage_report", title="首批 40 名同学已获资助", spent_fen=200_000,
                                        body="每人 5000 元，名单已在学院公示。")
                phone.goto(server.url(story.SCHEMA, "/h5/alumni/giving/mine/"))
                expect(phone.locator("[data-timeline]")).to_contain_text("首批 40 名同学已获资助")
                expect(phone.locator("[data-timeline]")).to_contain_text("我向")
                phone.screenshot(path=str(SHOTS / "giving-4-timeline-390.png"), full_page=True)

                # 5. The back office (desktop widths): projects, donations, statistics.
                for width in (1366, 1920):
                    desk = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                    alumni.watch(desk, errors)
                    alumni.backoffice_login(desk, server, staff.username, PASSWORD)
                    desk.goto(server.url(story.SCHEMA, f"/admin-ui/alumni/giving/{project.pk}/"))
                    expect(desk.locator("[data-stats]")).to_contain_text("1,000.00")
                    desk.screenshot(path=str(SHOTS / f"giving-5-project-{width}.png"), full_page=True)
                    desk.goto(server.url(story.SCHEMA, f"/admin-ui/alumni/giving/donations/?q={donation.number}"))
                    expect(desk.locator("table.list")).to_contain_text(donation.certificate_number)
                    desk.screenshot(path=str(SHOTS / f"giving-6-donations-{width}.png"), full_page=True)
                    desk.goto(server.url(story.SCHEMA, "/admin-ui/alumni/giving/statistics/"))
                    expect(desk.locator(".chart").first).to_be_visible()
                    desk.screenshot(path=str(SHOTS / f"giving-7-statistics-{width}.png"), full_page=True)
                assert not errors, json.dumps(errors, ensure_ascii=False)
            finally:
                browser.close()
