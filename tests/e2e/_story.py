"""Data and outside-world helpers for the panel story (tests/e2e/test_panels_story.py).

Everything here runs in the committed `live` tenant: preparing the cast through services, reading
what the messaging engine left in the outbox, and standing in for the voice provider (a local
fake of Aliyun's voice API, and its key-press callback over HTTP)."""

from __future__ import annotations

import datetime
import re
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

import requests
from django_tenants.utils import schema_context

SCHEMA = "live"
PASSWORD = "Story-panel-2026"
EXPERTS = 15
VOICE_KEY, VOICE_SECRET = "story-voice-key", "story-voice-secret"
INVITATION_LINK = re.compile(r"(https?://[^/\s]+)(/h5/panels/invitations/[^/\s]+/)")


@dataclass
class Cast:
    suffix: str
    staff: str
    supervisor: str
    supervisor_name: str
    domain_id: int
    domain_name: str
    experts: dict[int, str] = field(default_factory=dict)  # expert id -> phone (also the H5 login)


def _seed_default_groups() -> None:
    """The default groups come with new tenants; a `live` tenant made before they existed gets
    them here (the initializers leave existing groups alone)."""
    from core.hooks import TenantSeed
    from tenant_apps.experts.fees.initializers import seed_fee_groups
    from tenant_apps.experts.panels.initializers import seed_panel_groups

    seed = TenantSeed(schema_name=SCHEMA, name="实况大学", type="university", modules=("employment", "alumni", "experts"), admin_username="admin")
    seed_panel_groups(seed)
    seed_fee_groups(seed)


def prepare() -> Cast:
    """A domain tree of its own (so the pool is exactly this run's experts), 15 approved experts
    with accounts, a staff member (抽取经办人 + 劳务费经办人), a supervisor (监督人) and a fee
    standard."""
    from django.contrib.auth.models import Group

    from core.testing.database import TEST_ADMIN_USERNAME
    from tenant_apps.accounts.models import User
    from tenant_apps.experts.fees import services as fees
    from tenant_apps.experts.fees.models import FeeStandard
    from tenant_apps.experts.services import ExpertInput, domain_save, expert_create

    suffix = uuid.uuid4().hex[:6]
    with schema_context(SCHEMA):
        _seed_default_groups()
        admin = User.objects.get(username=TEST_ADMIN_USERNAME)
        staff = User.objects.create_user(username=f"jb{suffix}", password=PASSWORD, kind="staff", display_name=f"经办人{suffix}")
        staff.groups.add(Group.objects.get(name="抽取经办人"), Group.objects.get(name="劳务费经办人"))
        supervisor = User.objects.create_user(username=f"jd{suffix}", password=PASSWORD, kind="staff", display_name=f"监督人{suffix}")
        supervisor.groups.add(Group.objects.get(name="监督人"))

        top = domain_save(actor=admin, name=f"水利工程{suffix}")
        mid = domain_save(actor=admin, name="水工结构", parent=top)
        leaves = [domain_save(actor=admin, name=name, parent=mid) for name in ("大坝安全", "渠系建筑物")]
        cast = Cast(suffix=suffix, staff=staff.username, supervisor=supervisor.username, supervisor_name=supervisor.display_name,
                    domain_id=top.pk, domain_name=top.name)
        seed = uuid.uuid4().int
        for i in range(EXPERTS):
            phone = f"158{(seed + i) % 10**8:08d}"
            expert = expert_create(actor=admin, notify=False, data=ExpertInput(
                name=f"故事专家{suffix[:2]}{i:02d}", phone=phone, employer=f"第{i + 1}水利设计院", title="高级工程师",
                title_level="senior", specialty="水工结构", region="南京", domain_ids=(leaves[i % 2].pk,),
            ))
            expert.user.set_password(PASSWORD)
            expert.user.save(update_fields=["password"])
            cast.experts[expert.pk] = phone

        if not FeeStandard.objects.filter(is_active=True, title_level="").exists():
            fees.fee_standard_save(actor=admin, data=fees.FeeStandardInput(name="通用标准", half_day_rate=Decimal("300"), day_rate=Decimal("500"),
                                                                             travel_allowance=Decimal("50"), effective_from=datetime.date(2020, 1, 1)))
    return cast


# --- the voice provider ------------------------------------------------------------------------


class VoiceProvider:
    """A local fake of Aliyun's voice API (the worker places the calls there) and the provider's
    key-press callback to our endpoint. The tenant's voice configuration points at the fake for
    the test and is switched off afterwards."""

    def __init__(self) -> None:
        from tests.tenant_apps.messaging.fakes import FakeHTTPProvider, aliyun_ivr_handler

        self.token = uuid.uuid4().hex
        # Invitations expecting 1/2/3 are interactive calls (IvrCall), not notifications.
        self.fake = FakeHTTPProvider(aliyun_ivr_handler(access_key_id=VOICE_KEY, secret=VOICE_SECRET))
        self.config_id: int | None = None
        self.started = False

    def __enter__(self) -> VoiceProvider:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> VoiceProvider:
        from core.testing.database import TEST_ADMIN_USERNAME
        from tenant_apps.accounts.models import User
        from tenant_apps.messaging import services

        self.fake.start()
        self.started = True
        with schema_context(SCHEMA):
            admin = User.objects.get(username=TEST_ADMIN_USERNAME)
            config = services.provider_config_save(
                actor=admin, channel="voice", provider="aliyun_vms",
                options={"endpoint": self.fake.url, "called_show_number": "025000000000", "tts_code": "TTS_STORY", "rate_per_second": 0},
                secrets_update={"access_key_id": VOICE_KEY, "access_key_secret": VOICE_SECRET, "callback_token": self.token},
            )
            self.config_id = config.pk
        return self

    def stop(self) -> None:
        from core.testing.database import TEST_ADMIN_USERNAME
        from tenant_apps.accounts.models import User
        from tenant_apps.messaging import services
        from tenant_apps.messaging.models import ProviderConfig

        try:
            if self.config_id is not None:
                with schema_context(SCHEMA):  # later tests of the session get the outbox for voice again
                    config = ProviderConfig.objects.get(pk=self.config_id)
                    services.provider_config_save(actor=User.objects.get(username=TEST_ADMIN_USERNAME), config=config, channel=config.channel,
                                                  provider=config.provider, options=config.options, is_active=False)
                self.config_id = None
        finally:
            if self.started:
                self.fake.stop()
                self.started = False

    def called(self, phone: str) -> bool:
        return any(r.params.get("CalledNumber") == phone for r in list(self.fake.requests))

    def press(self, server, call, digit: str) -> requests.Response:
        """The provider's callback (Aliyun VMS style event list) to the tenant's endpoint."""
        path = f"/api/v1/messaging/voice/callback/aliyun_vms/?token={self.token}"
        from tests.tenant_apps.messaging.fakes import voice_call_report

        events = voice_call_report(call_id=call.call_id, out_id=call.out_id, dtmf=digit)
        return http(server, "POST", server.url(SCHEMA, path), json=events)


def http(server, method: str, url: str, *, headers: dict | None = None, **kwargs) -> requests.Response:
    """The tenant host (live.<base>) need not resolve outside the browser: go to the live server
    directly and name the host in the header."""
    parts = urlsplit(url)
    target = f"http://127.0.0.1:{server.port}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return requests.request(method, target, headers={"Host": parts.netloc, **(headers or {})}, timeout=60, **kwargs)


# --- reading committed state -----------------------------------------------------------------


def wait_for(predicate, *, what: str, timeout: float = 180.0):
    """Poll the database (the worker and the live server commit from other threads/processes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def members(draw_id: int) -> list[dict]:
    from tenant_apps.experts.panels.models import PanelMember

    with schema_context(SCHEMA):
        return list(PanelMember.objects.filter(draw_id=draw_id).order_by("row").values("pk", "row", "expert_id", "kind", "status", "reason", "response_channel"))


def invitation_link(phone: str) -> str | None:
    """The link in the newest invitation SMS to `phone` in the outbox (no SMS provider configured)."""
    from tenant_apps.messaging.models import OutboxEntry

    with schema_context(SCHEMA):
        for entry in OutboxEntry.objects.filter(channel="sms", subject__startswith="评审邀请").order_by("-id")[:200]:
            if entry.to_address == phone:
                match = INVITATION_LINK.search(entry.body)
                assert match, entry.body
                assert entry.extra.get("link") == match.group(2)
                return match.group(0)
    return None


def voice_call(member_pk: int):
    """The invitation call of a panel member, once the worker has placed it with the provider."""
    from tenant_apps.messaging.models import VoiceCall

    with schema_context(SCHEMA):
        return VoiceCall.objects.filter(reference__startswith=f"panel-member:{member_pk}:").exclude(call_id="").first()


def letter_for(member_pk: int):
    from tenant_apps.experts.fees.models import FeeLetter

    with schema_context(SCHEMA):
        return FeeLetter.objects.select_related("line").filter(line__member_id=member_pk).order_by("-id").first()
