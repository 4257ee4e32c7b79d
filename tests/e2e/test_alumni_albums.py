"""Browser: an alumnus on a phone (390 px) browses the albums, reads the face-search notice, gives
the separate consent and enrols a selfie, sees the photos found (their own face only), then
withdraws; the back office (1366 / 1920 px) reviews an uploaded photo and shows the album with
its indexing progress. Screenshots in var/screenshots/alumni-albums-*.png."""

from __future__ import annotations

import json
import os
import re
import time
import uuid

import pytest
from django_tenants.utils import schema_context

from core.testing.browser import CHROMIUM_ARGS
from tests.e2e import _alumni as alumni
from tests.e2e import _story as story

pytestmark = pytest.mark.e2e
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "Story-albums-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots")


def _cast(suffix: str):
    from tenant_apps.alumni.albums import services
    from tests.tenant_apps.alumni_albums.conftest import (
        STAFF_PERMS,
        blank_picture,
        make_user,
        picture,
    )

    staff, member = make_user(kind="staff", perms=STAFF_PERMS), make_user()
    for user in (staff, member):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    album = services.album_create(actor=staff, data=services.AlbumInput(title=f"返校日{suffix}", upload_scope="members", is_face_search_enabled=True))
    photos = {name: services.photo_upload(actor=staff, album=album, image=picture(name), caption=name) for name in ("obama2.jpg", "biden.jpg", "group.jpg")}
    services.album_index_run(album_id=album.pk)  # here rather than in a worker: the worker test covers that path
    pending = services.photo_upload(actor=member, album=album, image=blank_picture("mine.jpg"), caption="校友上传")
    return staff, member, album, photos, pending


def _images_loaded(page) -> None:
    """Lazy images load on scroll, which a full-page screenshot does not do; load them now and
    check that every one arrived (through the signed download links)."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    # polled from here: wait_for_function compiles its predicate with eval, which our CSP forbids
    deadline = time.monotonic() + 20
    while not page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"):
        assert time.monotonic() < deadline, page.evaluate("Array.from(document.images).filter(i => !i.naturalWidth).map(i => i.src)")
        page.wait_for_timeout(200)


def test_consent_enrol_find_withdraw_and_review(live_server_url, live_db):
    from playwright.sync_api import expect, sync_playwright

    from tenant_apps.alumni.albums.models import Album, AlbumPhoto, FaceConsent, FaceEnrolment
    from tests.tenant_apps.alumni_albums.conftest import IMAGES

    server = live_server_url
    suffix = uuid.uuid4().hex[:6]
    os.makedirs(SHOTS, exist_ok=True)
    with schema_context(story.SCHEMA):
        staff, member, album, photos, pending = _cast(suffix)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            errors: list[str] = []
            try:
                phone = browser.new_context(**PHONE).new_page()
                alumni.watch(phone, errors)
                phone.on("dialog", lambda dialog: dialog.accept())
                alumni.h5_login(phone, server, member.username, PASSWORD, "/h5/alumni/albums/")
                expect(phone.locator(f"[data-album='{album.pk}']")).to_be_visible()
                _images_loaded(phone)
                phone.screenshot(path=f"{SHOTS}/alumni-albums-1-list-390.png", full_page=True)
                phone.click(f"[data-album='{album.pk}']")
                expect(phone.locator("#album-progress")).to_contain_text("人脸索引 3/3")
                _images_loaded(phone)
                phone.screenshot(path=f"{SHOTS}/alumni-albums-2-album-390.png", full_page=True)
                phone.click("text=开启“找我的照片”")
                expect(phone.locator(".album-consent")).to_contain_text("必要性")
                phone.set_input_files("#face-selfie", str(IMAGES / "obama.jpg"))
                phone.screenshot(path=f"{SHOTS}/alumni-albums-3-consent-390.png", full_page=True)
                phone.click("text=同意并录入")  # the browser refuses: the consent box is required
                assert "/face/photos/" not in phone.url
                phone.check("input[name=agreed]")
                phone.click("text=同意并录入")
                phone.wait_for_url(re.compile(r"/h5/alumni/albums/face/photos/$"), timeout=60_000)
                expect(phone.locator("[data-found]")).to_have_attribute("data-found", "2")
                expect(phone.locator(f"[data-photo='{photos['obama2.jpg'].pk}']")).to_be_visible()
                expect(phone.locator(f"[data-photo='{photos['biden.jpg'].pk}']")).to_have_count(0)
                _images_loaded(phone)
                phone.screenshot(path=f"{SHOTS}/alumni-albums-4-found-390.png", full_page=True)
                phone.click("text=管理我的人脸数据")
                phone.click("text=撤回同意并删除人脸数据")
                expect(phone.locator(".album-msg")).to_contain_text("已撤回同意")
                phone.screenshot(path=f"{SHOTS}/alumni-albums-5-withdrawn-390.png", full_page=True)
                with schema_context(story.SCHEMA):
                    assert not FaceEnrolment.objects.filter(user=member).exists()
                    assert FaceConsent.objects.get(user=member).ended_reason == "withdrawn"

                for width in (1366, 1920):
                    desk = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                    alumni.watch(desk, errors)
                    alumni.backoffice_login(desk, server, staff.username, PASSWORD)
                    desk.goto(server.url(story.SCHEMA, "/admin-ui/alumni/albums/review/"))
                    if width == 1366:
                        card = desk.locator(f"[data-photo='{pending.pk}']")
                        expect(card).to_be_visible()
                        _images_loaded(desk)
                        desk.screenshot(path=f"{SHOTS}/alumni-albums-6-review-{width}.png", full_page=True)
                        card.locator("button[value=approve]").click()
                        expect(desk.locator(".messages")).to_contain_text("已审核")
                        expect(desk.locator(f"[data-photo='{pending.pk}']")).to_have_count(0)
                    desk.goto(server.url(story.SCHEMA, f"/admin-ui/alumni/albums/{album.pk}/"))
                    expect(desk.locator("#album-progress")).to_contain_text("人脸索引")
                    _images_loaded(desk)
                    desk.screenshot(path=f"{SHOTS}/alumni-albums-7-album-{width}.png", full_page=True)
                    desk.goto(server.url(story.SCHEMA, "/admin-ui/alumni/albums/faces/"))
                    expect(desk.locator("[data-stat=enrolled]")).to_contain_text("备案门槛")
                    desk.screenshot(path=f"{SHOTS}/alumni-albums-8-faces-{width}.png", full_page=True)
                with schema_context(story.SCHEMA):
                    assert AlbumPhoto.objects.get(pk=pending.pk).status == "approved"
                assert not errors, json.dumps(errors, ensure_ascii=False)
            finally:
                browser.close()
    finally:
        with schema_context(story.SCHEMA):
            FaceEnrolment.objects.filter(user=member).delete()
            FaceConsent.objects.filter(user=member).delete()
            Album.objects.filter(pk=album.pk).delete()
