"""The re-confirmation campaign through a real Celery worker (`experts.campaign_notify`):
starting a campaign in the `live` tenant queues the task in that tenant; the worker sends one
link per expert through messaging (the outbox, no provider configured), marks them notified
(a re-run sends nothing), and the link in the message opens and confirms over HTTP."""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from django.utils import timezone
from django_tenants.utils import schema_context

from core.testing.live import wait_until

pytestmark = pytest.mark.worker

LINK = re.compile(r"(https?://\S+?/h5/experts/confirm/[\w-]+/)")


def _phone(seed: int) -> str:
    return f"135{seed % 10**8:08d}"


def _open(session: requests.Session, method: str, link: str, port: int, **kwargs) -> requests.Response:
    """The link names the tenant host (live.<base>), which need not resolve: go to the live
    server directly and send the host in the header, as a browser would."""
    parts = urlsplit(link)
    return session.request(method, f"http://127.0.0.1:{port}{parts.path}", headers={"Host": parts.netloc, "Referer": link}, timeout=30, **kwargs)


def test_campaign_links_sent_by_the_worker_and_they_work(celery_worker_process, live_server_url):
    from tenant_apps.accounts.models import User
    from tenant_apps.experts import services
    from tenant_apps.experts.enums import CampaignStatus
    from tenant_apps.experts.models import ConfirmationCampaign, Expert, ExpertConfirmation
    from tenant_apps.messaging.models import OutboxEntry

    tag = uuid.uuid4().hex[:8]
    seed = uuid.uuid4().int
    with schema_context("live"):
        admin = User.objects.get(username="admin")
        experts = [
            services.expert_create(actor=admin, create_account=False, notify=False, data=services.ExpertInput(
                name=f"确认{tag}{i}", phone=_phone(seed + i), employer=f"单位{tag}", title="教授",
            ))
            for i in range(2)
        ]
        campaign = services.campaign_start(
            actor=admin, title=f"年度确认{tag}", deadline=timezone.now() + timedelta(days=7),
            confirm_url=live_server_url.url("live", "/h5/experts/confirm/"),
        )
    try:
        def bodies():
            with schema_context("live"):
                found = {e.name: list(OutboxEntry.objects.filter(body__contains=e.name).values_list("body", flat=True)) for e in experts}
            return found if all(found.values()) else None

        sent = wait_until(bodies)
        assert sent, celery_worker_process.log()[-4000:]
        assert all(len(found) == 1 for found in sent.values())
        with schema_context("live"):
            assert not ExpertConfirmation.objects.filter(campaign=campaign, expert__in=experts, notified_at__isnull=True).exists()
            # the task again (a redelivery): nobody is sent a second link
            assert services.campaign_send_links(campaign=campaign, confirm_url="http://unused/") == 0
            token = ExpertConfirmation.objects.get(campaign=campaign, expert=experts[0]).token

        link = LINK.search(sent[experts[0].name][0]).group(1)
        assert link.endswith(f"/{token}/") and link.startswith(live_server_url.url("live", "/"))
        session = requests.Session()
        page = _open(session, "GET", link, live_server_url.port)
        assert page.status_code == 200 and f"年度确认{tag}" in page.text
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        done = _open(session, "POST", link, live_server_url.port, data={"csrfmiddlewaretoken": csrf})
        assert done.status_code == 200 and "已确认" in done.text
        with schema_context("live"):
            assert ExpertConfirmation.objects.get(campaign=campaign, expert=experts[0]).confirmed_at is not None
            assert ExpertConfirmation.objects.get(campaign=campaign, expert=experts[1]).confirmed_at is None
        # a stale link is a 404 page, not a server error
        assert _open(session, "GET", link.replace(token, "stale-token"), live_server_url.port).status_code == 404
    finally:
        with schema_context("live"):  # the live data stays for the session: take this campaign out of play
            ConfirmationCampaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
            Expert.objects.filter(pk__in=[e.pk for e in experts]).update(deleted_at=timezone.now())
