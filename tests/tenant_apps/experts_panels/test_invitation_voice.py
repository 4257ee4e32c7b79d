"""Invitations (X21, issue 12 item 8): texts from the bureau's own templates with placeholders and
the project's attachments named; the voice invitation is an interactive call (Aliyun IvrCall)
whose key arrives on the provider's receipt: 1 accepts, 2 declines and draws a replacement,
3 replays inside the call. Against the local fake of the voice provider."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from tenant_apps.experts.panels.enums import MemberKind, MemberStatus
from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import (
    INVITATION_TEMPLATE_CODE,
    INVITATION_VOICE_TEMPLATE_CODE,
    VOICE_HANDLER,
    draw_execute,
    invitation_texts,
)
from tests.tenant_apps.messaging.fakes import (
    FakeHTTPProvider,
    aliyun_ivr_handler,
    voice_call_report,
)

from .conftest import make_pool, make_project, prepare

pytestmark = pytest.mark.django_db


def _drawn(actor, tree, channels=("sms", "voice")):
    top, _mid, leaf, _other = tree
    make_pool(6, domains=[leaf])
    project = make_project(actor)
    draw = prepare(actor, project, [GroupConditions(count=2, domain_ids=[top.pk])], channels=list(channels))
    return draw_execute(actor=actor, draw=draw, supervisor_values=["1234", "5678"])


def test_invitation_texts_come_from_the_bureaus_templates(in_bureau, bureau_admin, bureau_tree):
    from tenant_apps.experts.panels.models import ProjectAttachment
    from tenant_apps.messaging.models import MessageTemplate
    from tenant_apps.messaging.services import template_save

    draw = _drawn(bureau_admin, bureau_tree)
    member = draw.members.filter(status=MemberStatus.INVITED).select_related("expert", "draw__project").first()
    ProjectAttachment.objects.create(project=draw.project, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), original_name="评审须知.pdf")
    default = invitation_texts(member, link="https://bureau.example/h5/x/")
    assert member.expert.name in default["body"] and "评审须知.pdf" in default["body"] and "https://bureau.example/h5/x/" in default["body"]
    assert default["voice"].endswith("接受请按1，拒绝请按2，重听请按3。")
    # A new bureau starts with the two templates (tenant initializer), which the bureau then edits.
    seeded = {t.code: t for t in MessageTemplate.objects.filter(code__in=[INVITATION_TEMPLATE_CODE, INVITATION_VOICE_TEMPLATE_CODE])}
    assert set(seeded) == {INVITATION_TEMPLATE_CODE, INVITATION_VOICE_TEMPLATE_CODE} and default["template_code"] == INVITATION_TEMPLATE_CODE

    template_save(actor=bureau_admin, template=seeded[INVITATION_TEMPLATE_CODE], data={
        "subject": "【评审】{{ project_code }}", "body": "{{ expert_name }}老师：请于{{ deadline }}前答复{{ project_title }}，材料：{{ attachments }}。{{ link }}"})
    template_save(actor=bureau_admin, template=seeded[INVITATION_VOICE_TEMPLATE_CODE], data={
        "body": "{{ expert_name }}老师您好，{{ project_title }}在{{ location }}评审。"})
    texts = invitation_texts(member, link="https://bureau.example/h5/x/")
    assert texts["subject"] == f"【评审】{draw.project.code}" and texts["template_code"] == INVITATION_TEMPLATE_CODE
    assert texts["body"].startswith(f"{member.expert.name}老师：") and "评审须知.pdf" in texts["body"] and "{{" not in texts["body"]
    # The bureau's voice text lacks the key prompt: it is added, since the call collects keys.
    assert texts["voice"] == f"{member.expert.name}老师您好，{draw.project.title}在评审中心评审。接受请按1，拒绝请按2，重听请按3。"


def test_voice_invitation_is_interactive_and_its_answer_arrives(in_bureau, bureau_admin, bureau_tree, client_bureau):
    from tenant_apps.messaging import services as messaging

    handler = aliyun_ivr_handler(access_key_id="bureau-voice", secret="bureau-secret")
    server = FakeHTTPProvider(handler).start()
    token = uuid.uuid4().hex
    try:
        messaging.provider_config_save(
            actor=bureau_admin, channel="voice", provider="aliyun_vms",
            options={"endpoint": server.url, "called_show_number": "025000000000", "ivr_start_code": "TTS_INVITE", "rate_per_second": 0},
            secrets_update={"access_key_id": "bureau-voice", "access_key_secret": "bureau-secret", "callback_token": token},
        )
        draw = _drawn(bureau_admin, bureau_tree, channels=("voice",))
        first, second = draw.members.filter(status=MemberStatus.INVITED).select_related("expert", "draw__project").order_by("row")[:2]
        calls = {}
        for member in (first, second):  # what _send_invitation queues on commit, then the worker places
            call = messaging.voice_call_start(phone=member.expert.phone, text=invitation_texts(member)["voice"],
                                              reference=f"panel-member:{member.pk}:{member.invitation_nonce}", answer_handler=VOICE_HANDLER)
            calls[member.pk] = messaging.voice_call_place(call_id=call.pk)
    finally:
        server.stop()
    params = handler.calls[calls[first.pk].call_id]
    assert params["Action"] == "IvrCall" and params["CalledNumber"] == first.expert.phone
    assert first.expert.name in json.loads(params["StartTtsParams"])["content"]
    assert {params[f"MenuKeyMap.{n}.Key"] for n in (1, 2, 3)} == {"1", "2", "3"}

    url = f"/api/v1/messaging/voice/callback/aliyun_vms/?token={token}"
    for member, dtmf in ((first, "31"), (second, "2")):
        call = calls[member.pk]
        body = voice_call_report(call_id=call.call_id, out_id=call.out_id, dtmf=dtmf)
        assert client_bureau.post(url, body, content_type="application/json").status_code == 200
        client_bureau.post(url, body, content_type="application/json")  # the provider's retry: applied once
    with schema_context("bureau"):  # a request leaves the connection on the public schema
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, first.response_channel) == (MemberStatus.ACCEPTED, "voice")
        assert (second.status, second.reason) == (MemberStatus.DECLINED, "语音按键拒绝")
        assert draw.members.filter(kind=MemberKind.REPLACEMENT).count() == 1  # the decline drew a replacement, once
