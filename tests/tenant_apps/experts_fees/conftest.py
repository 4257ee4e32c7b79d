"""Fixtures for expert fees: a bureau project whose panel has attending and absent experts
(with expert accounts), and the bureau's fee standards."""

from __future__ import annotations

import base64
import datetime
import io
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.tenant_apps.experts.conftest import (  # noqa: F401 - fixtures re-exported
    admin_client_bureau,
    bureau_admin,
    client_bureau,
    in_bureau,
    make_expert,
    make_staff,
)
from tests.tenant_apps.experts_panels.conftest import make_project

_numbers = itertools.count(1)


def signature_data_url(*, blank: bool = False, size=(340, 140)) -> str:
    """A PNG like the signature pad's: dark strokes on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if not blank:
        draw = ImageDraw.Draw(image)
        draw.line([(20, 100), (80, 30), (140, 110), (200, 40), (300, 90)], fill=(17, 17, 17, 255), width=5)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def make_standards():
    from tenant_apps.experts.fees.services import FeeStandardInput, fee_standard_save

    start = datetime.date(2020, 1, 1)
    senior = fee_standard_save(actor=None, data=FeeStandardInput(name="正高级标准", title_level="senior", half_day_rate=Decimal("500"), day_rate=Decimal("800"),
                                                                 travel_allowance=Decimal("100"), effective_from=start))
    general = fee_standard_save(actor=None, data=FeeStandardInput(name="通用标准", half_day_rate=Decimal("300"), day_rate=Decimal("500"),
                                                                  travel_allowance=Decimal("50"), effective_from=start))
    return senior, general


@dataclass
class Panel:
    project: object
    attending: object  # accepted, senior, with account
    second: object  # accepted, associate, with account
    absent: object  # declined
    no_account: object  # accepted, without an expert account


def make_panel(actor, *, opens_in_days: int = -1) -> Panel:
    from tenant_apps.experts.panels.services import draw_manual, member_respond

    n = next(_numbers)
    project = make_project(actor, opens_in_days=opens_in_days)
    experts = [
        make_expert(name="张三丰", title_level="senior", create_account=True, email=f"zsf{n}@example.com", employer="同济大学"),
        make_expert(name="李思远", title_level="associate", create_account=True, email=f"lsy{n}@example.com", employer="东南大学"),
        make_expert(name="王五", title_level="senior", create_account=True, email=f"ww{n}@example.com"),
        make_expert(name="赵无号", title_level="senior", create_account=False),
    ]
    for expert in experts:
        expert.bank_name = "中国银行南京分行"
        expert.bank_account = "6222020200112233445"
        expert.id_number = "110105198001011234" if expert.name == "张三丰" else ""
        expert.save()
    day = timezone.localdate() + datetime.timedelta(days=opens_in_days)
    draw = draw_manual(actor=actor, project=project, expert_ids=[e.pk for e in experts], work_start=day, work_end=day, reason="测试指定", channels=["sms"],
                       response_hours=240)
    members = {m.expert_id: m for m in draw.members.all()}
    attending, second, absent, no_account = (members[e.pk] for e in experts)
    member_respond(member=attending, accept=True, channel="staff")
    member_respond(member=second, accept=True, channel="staff")
    member_respond(member=absent, accept=False, reason="出差", channel="staff")
    member_respond(member=no_account, accept=True, channel="staff")
    for member in (attending, second, absent, no_account):
        member.refresh_from_db()
    return Panel(project=project, attending=attending, second=second, absent=absent, no_account=no_account)


@pytest.fixture
def standards(request):
    request.getfixturevalue("in_bureau")  # the standards live in the bureau schema
    return make_standards()


@pytest.fixture
def panel(request, standards):
    """A project reviewed yesterday whose panel has attending, absent and account-less experts."""
    return make_panel(request.getfixturevalue("bureau_admin"))
