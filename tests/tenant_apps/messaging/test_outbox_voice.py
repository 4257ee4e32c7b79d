"""Voice calls kept in the outbox (no voice provider configured): in development and demo set-ups
an admin plays the callee and presses 1, 2 or 3 on the outbox page; the key goes through the
same answer path as the provider's callback (recorded once, handed to the answer handler)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.models import AuditEvent
from tenant_apps.messaging import services
from tenant_apps.messaging.enums import VoiceCallStatus
from tenant_apps.messaging.models import OutboxEntry, VoiceCall
from tests.conftest import TenantClient

pytestmark = pytest.mark.django_db

HANDLER = "test.outbox_invitation"
answers: list[tuple[str, str]] = []
services.register_voice_answer_handler(HANDLER, lambda reference, digit: answers.append((reference, digit)))


@pytest.fixture(autouse=True)
def _simulation_on(settings):
    settings.MESSAGING_VOICE_SIMULATION = True
    answers.clear()


def _outbox_call(schema: str = "alpha", reference: str = "invitation:7") -> tuple[VoiceCall, OutboxEntry]:
    with schema_context(schema):
        call = services.voice_call_start(phone="13900000077", text="邀请您参加评审，接受请按1，拒绝请按2，稍后答复请按3", reference=reference, answer_handler=HANDLER)
        call = services.voice_call_place(call_id=call.pk)  # what the worker does: no provider -> outbox
        return call, OutboxEntry.objects.get(out_id=call.out_id)


def _url(entry: OutboxEntry) -> str:
    return f"/admin-ui/messaging/outbox/{entry.pk}/voice-answer/"


def test_admin_presses_a_key_on_the_outbox_page(admin_client_a, in_tenant_a):
    call, entry = _outbox_call()
    assert (call.provider, call.status, entry.channel) == ("outbox", VoiceCallStatus.PLACED, "voice")
    page = admin_client_a.get("/admin-ui/messaging/outbox/").content.decode()
    assert f'data-voice-call="{call.pk}"' in page and "模拟按键" in page
    assert f'data-voice-call="{call.pk}"' in admin_client_a.get(f"/admin-ui/messaging/outbox/{entry.pk}/").content.decode()

    response = admin_client_a.post(_url(entry), {"digit": "2", "back": "detail"})
    assert response.status_code == 302 and response["Location"] == f"/admin-ui/messaging/outbox/{entry.pk}/"
    assert answers == [("invitation:7", "2")]
    with schema_context("alpha"):
        call.refresh_from_db()
        assert (call.status, call.digit) == (VoiceCallStatus.ANSWERED, "2") and call.answered_at
        assert AuditEvent.objects.filter(action="messaging.voice_call_simulate_answer", object_id=str(call.pk)).exists()
        assert AuditEvent.objects.filter(action="messaging.voice_call_answer", object_id=str(call.pk)).exists()

    # Answered: the page shows the key, a second press is refused and reaches no handler.
    page = admin_client_a.get("/admin-ui/messaging/outbox/").content.decode()
    assert f'data-voice-call="{call.pk}"' not in page and "按键 2" in page
    admin_client_a.post(_url(entry), {"digit": "1"})
    assert answers == [("invitation:7", "2")]
    assert "已应答" in admin_client_a.get("/admin-ui/messaging/outbox/").content.decode()


def test_only_keys_one_to_three(admin_client_a, in_tenant_a):
    call, entry = _outbox_call()
    admin_client_a.post(_url(entry), {"digit": "9"})
    admin_client_a.post(_url(entry), {"digit": ""})
    assert answers == []
    with schema_context("alpha"):
        call.refresh_from_db()
    assert call.status == VoiceCallStatus.PLACED and not call.digit


def test_switched_off_outside_development(admin_client_a, in_tenant_a, settings):
    settings.MESSAGING_VOICE_SIMULATION = False
    call, entry = _outbox_call()
    assert "模拟按键" not in admin_client_a.get("/admin-ui/messaging/outbox/").content.decode()
    assert admin_client_a.post(_url(entry), {"digit": "1"}).status_code == 404
    assert answers == []
    with schema_context("alpha"), pytest.raises(ApplicationError):
        services.voice_call_simulate_answer(actor=None, call=call, digit="1")


def test_calls_placed_through_a_real_provider_cannot_be_simulated(in_tenant_a):
    call, _ = _outbox_call()
    VoiceCall.objects.filter(pk=call.pk).update(provider="aliyun_vms")
    call.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.voice_call_simulate_answer(actor=None, call=call, digit="1")
    assert answers == []


def test_other_outbox_entries_are_not_voice_calls(admin_client_a, in_tenant_a):
    entry = OutboxEntry.objects.create(channel="sms", to_address="13900000001", subject="s", body="b", out_id="m1d1")
    assert admin_client_a.post(_url(entry), {"digit": "1"}).status_code == 404


def test_permissions(tenant_a, in_tenant_a):
    from tenant_apps.accounts.models import User

    _, entry = _outbox_call()
    viewer = User.objects.create_user(username="outbox-viewer", password="pw-12345678", kind="staff", display_name="只读")
    viewer.user_permissions.add(Permission.objects.get(codename="view_outboxentry", content_type__app_label="messaging"))
    nobody = User.objects.create_user(username="outbox-nobody", password="pw-12345678", kind="staff", display_name="无权限")
    client = TenantClient(tenant_a).login_as(viewer)
    page = client.get("/admin-ui/messaging/outbox/")
    assert page.status_code == 200 and "模拟按键" not in page.content.decode()
    assert client.post(_url(entry), {"digit": "1"}).status_code == 403
    assert TenantClient(tenant_a).login_as(nobody).post(_url(entry), {"digit": "1"}).status_code == 403
    assert TenantClient(tenant_a).post(_url(entry), {"digit": "1"}).status_code == 302  # to the login page
    assert answers == []

    with schema_context("alpha"):  # the test client leaves the connection on the public schema
        viewer.user_permissions.add(Permission.objects.get(codename="change_voicecall", content_type__app_label="messaging"))
    assert TenantClient(tenant_a).login_as(viewer).post(_url(entry), {"digit": "3"}).status_code == 302
    assert answers == [("invitation:7", "3")]


def test_other_tenant_cannot_press_keys(admin_client_b, in_tenant_a):
    call, entry = _outbox_call(reference="invitation:alpha")
    assert admin_client_b.post(_url(entry), {"digit": "1"}).status_code == 404
    assert admin_client_b.get(f"/admin-ui/messaging/outbox/{entry.pk}/").status_code == 404
    assert f'data-voice-call="{call.pk}"' not in admin_client_b.get("/admin-ui/messaging/outbox/").content.decode()
    with schema_context("alpha"):
        call.refresh_from_db()
    assert call.status == VoiceCallStatus.PLACED and not call.digit and answers == []
