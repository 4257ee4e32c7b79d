"""The H5 shell around the message centre: the "消息" tab leads to the letters and shows the
unread count (a context processor that does nothing on the public schema), the old /h5/inbox/
name still works, and the H5 home carries the site's carousel, links and floating window."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django_tenants.utils import get_public_schema_name, schema_context

from tenant_apps.messaging import services
from tenant_apps.messaging.context import unread_letters
from tenant_apps.messaging.models import Letter
from tests.tenant_apps.accounts.test_users_factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(tenant_a):
    return make_person("alpha", display_name="王同学", kind="student")


def _tab(page: str) -> str:
    return page[page.index('class="weui-tabbar h5-tabbar"') :]


def test_message_tab_points_at_the_letters_with_the_unread_badge(client_a, student):
    client_a.login_as(student)
    tab = _tab(client_a.get("/h5/").content.decode())
    assert 'href="/h5/messages/"' in tab and reverse("h5:letter_list") == "/h5/messages/"
    assert "data-unread-badge" not in tab  # nothing unread: no badge

    with schema_context("alpha"):
        services.letter_send(recipient_user_ids=[student.pk], title="面试通知", body="b")
        services.letter_send(recipient_user_ids=[student.pk], title="宣讲会", body="b")
    tab = _tab(client_a.get("/h5/me/").content.decode())
    assert 'data-unread-badge="2"' in tab and ">2</span>" in tab

    with schema_context("alpha"):
        letter = Letter.objects.get(user=student, title="面试通知")
    page = client_a.get(f"/h5/messages/{letter.pk}/").content.decode()
    assert 'data-unread-badge="1"' in _tab(page) and "weui-bar__item_on" in _tab(page).split("</a>")[1]


def test_badge_counts_only_the_signed_in_users_letters(client_a, student, admin_a):
    with schema_context("alpha"):
        services.letter_send(recipient_user_ids=[admin_a.pk], title="给管理员", body="b")
    client_a.login_as(student)
    assert "data-unread-badge" not in _tab(client_a.get("/h5/").content.decode())


def test_old_inbox_address_leads_to_the_letters(client_a, student):
    anonymous = client_a.get("/h5/inbox/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/h5/login/")
    client_a.login_as(student)
    assert reverse("h5:messages") == "/h5/inbox/"
    response = client_a.get("/h5/inbox/")
    assert response.status_code == 302 and response["Location"] == "/h5/messages/"


def test_context_processor_does_nothing_on_the_public_schema(student):
    from shared_apps.provisioning.models import Tenant

    with schema_context(get_public_schema_name()):
        public = Tenant.objects.get(schema_name=get_public_schema_name())
        request = RequestFactory().get("/")
        request.tenant, request.user = public, student  # even a signed-in user object
        assert unread_letters(request) == {}
    anonymous = RequestFactory().get("/h5/")
    anonymous.tenant, anonymous.user = type("Tenant", (), {"schema_name": "alpha"})(), AnonymousUser()
    assert unread_letters(anonymous) == {}


def test_public_site_still_renders_with_the_context_processor(tenant_a):
    from django.conf import settings
    from django.test import Client

    response = Client(HTTP_HOST=f"www.{settings.BASE_DOMAIN}").get("/")
    assert response.status_code in (200, 302)


def test_home_shows_the_site_carousel_links_and_floating_window(client_a, student):
    from tenant_apps.cms.models import CarouselItem, FloatingWindow, FriendlyLink

    with schema_context("alpha"):
        CarouselItem.objects.create(title="招聘月", image="cms/carousel/banner.png", link_url="/h5/")
        FriendlyLink.objects.create(name="教育部就业网", url="https://www.ncss.cn/")
        FloatingWindow.objects.create(title="飘窗", text="双选会报名开始")
    client_a.login_as(student)
    page = client_a.get("/h5/").content.decode()
    assert 'class="site-carousel"' in page and "招聘月" in page
    assert "教育部就业网" in page and "双选会报名开始" in page
