"""Demo fees for bureau tenants (scripts/run): the bureau's fee standards and a workload line
for each attending member of the demo projects whose review has taken place, through the fees
services. Runs after the panels seeder. Confirmation letters go out to experts with an H5
account (the generated demo experts have none, so their lines stay drafts; the hand-entered
experts of the manual panel have one). To show every state of a line, the first of those
letters is signed with a drawn demo signature and paid, the second only signed."""

from __future__ import annotations

import base64
import datetime
import io
import math
import random
from decimal import Decimal

from django.utils import timezone

# (name, title level, half-day rate, day rate, travel allowance)
STANDARDS = [
    ("正高级职称专家评审费", "senior", Decimal("500"), Decimal("800"), Decimal("100")),
    ("副高级职称专家评审费", "associate", Decimal("400"), Decimal("600"), Decimal("100")),
    ("其他专家评审费", "", Decimal("300"), Decimal("500"), Decimal("50")),
]
TAX_FREE = Decimal("800")
TAX_RATE = Decimal("0.20")


def labour_tax(total: Decimal) -> Decimal:
    """Individual income tax withheld on a labour payment up to 4,000 yuan: 20% above 800."""
    return max(Decimal("0"), (total - TAX_FREE) * TAX_RATE).quantize(Decimal("0.01"))


def demo_signature(seed: int) -> str:
    """A PNG data URL like the H5 signature pad's: a dark pen stroke on a transparent ground."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (360, 140), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    points = [(24 + x, 70 + 34 * math.sin(x / (17 + seed % 5)) * math.cos(x / 41)) for x in range(0, 310, 4)]
    pen.line(points, fill=(20, 20, 40, 255), width=4, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _sign_and_pay(actor, letters) -> None:
    from tenant_apps.experts.fees.services import fee_letter_sign, fee_lines_mark_paid

    signed = []
    for n, letter in enumerate(letters[:2]):
        signed.append(fee_letter_sign(user=letter.line.expert.user, letter=letter, signature_data_url=demo_signature(n), user_agent="演示数据"))
    if signed:
        fee_lines_mark_paid(actor=actor, lines=[signed[0].line], paid_on=timezone.localdate(), reference=f"ZF{timezone.localdate():%Y%m%d}001")


def _standards_ensure(actor) -> None:
    from tenant_apps.experts.fees.models import FeeStandard
    from tenant_apps.experts.fees.services import FeeStandardInput, fee_standard_save

    if FeeStandard.objects.exists():
        return
    start = datetime.date(timezone.localdate().year - 1, 1, 1)
    for name, level, half_day, day, travel in STANDARDS:
        fee_standard_save(actor=actor, data=FeeStandardInput(name=name, title_level=level, half_day_rate=half_day, day_rate=day,
                                                             travel_allowance=travel, effective_from=start, note="按市财政局专家劳务费管理办法执行"))


def _attending_members():
    from tenant_apps.experts.panels.models import PanelMember
    from tenant_apps.experts.panels.selectors import attending_q

    return (PanelMember.objects.filter(attending_q(), draw__project__archived_at__isnull=True, draw__project__opens_at__lte=timezone.now())
            .select_related("draw__project", "expert").order_by("draw__project_id", "row"))


def seed_demo_fees(schema_name: str, tenant_type: str) -> None:
    """Demo seeder for bureau tenants (skipped when any workload line exists, or without an
    administrator to act)."""
    if tenant_type != "bureau":
        return
    from tenant_apps.experts.fees.models import FeeLine
    from tenant_apps.experts.fees.selectors import standard_for
    from tenant_apps.experts.fees.services import (
        FeeLineInput,
        fee_letters_send,
        fee_line_create,
        review_fee_for,
    )
    from tenant_apps.experts.panels.demo import demo_actor

    if FeeLine.objects.exists():
        return
    actor = demo_actor()
    if actor is None:
        return
    _standards_ensure(actor)
    rng = random.Random(f"{schema_name}-fees")
    projects = {}
    for member in _attending_members():
        project = member.draw.project
        days = Decimal(rng.choice(["1", "1", "1", "0.5"]))  # a one-day review; some left at noon
        standard = standard_for(title_level=member.expert.title_level, on=timezone.localtime(project.opens_at).date())
        total = review_fee_for(days=days, day_rate=standard.day_rate, half_day_rate=standard.half_day_rate) + standard.travel_allowance if standard else Decimal("0")
        fee_line_create(actor=actor, project=project, member=member, data=FeeLineInput(workload_days=days, tax_withheld=labour_tax(total), note="现场评审"))
        projects[project.pk] = project
    letters = []
    for project in projects.values():
        letters += fee_letters_send(actor=actor, project=project).sent
    _sign_and_pay(actor, letters)
