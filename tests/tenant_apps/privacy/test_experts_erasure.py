"""An expert's erasure in an expert bureau: fee records and panel seats are kept (accounting and
procurement law) under a pseudonym; contact, ID and bank details go."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tenant_apps.privacy import services

pytestmark = pytest.mark.django_db


def test_expert_export_and_erasure_keep_fee_lines_pseudonymised(panel, bureau_admin):
    from tenant_apps.experts.fees.models import FeeLine
    from tenant_apps.experts.fees.services import FeeLineInput, fee_line_create
    from tenant_apps.experts.models import Expert, ExpertAttachment

    line = fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=FeeLineInput(workload_days=Decimal("1")))
    other = fee_line_create(actor=bureau_admin, project=panel.project, member=panel.second, data=FeeLineInput(workload_days=Decimal("1")))
    expert = panel.attending.expert
    person = expert.user
    request = services.request_create(actor=person, subject=person, kind="erasure")
    payload = services.collect_personal_data(request)
    experts = next(p for p in payload["providers"] if p["name"] == "experts")
    sections = {s["kind"]: s for s in experts["sections"]}
    assert sections["experts.profile"]["rows"][0]["身份证号"] == "110105198001011234"
    assert len(sections["experts.fee_lines"]["rows"]) == 1 and sections["experts.fee_lines"]["on_erasure"] == "pseudonymise"
    assert "会计" in sections["experts.fee_lines"]["legal_reason"]

    erased = services.request_erase(actor=bureau_admin, request=request)
    expert = Expert.objects.get(pk=expert.pk)
    assert expert.name.startswith("已注销用户-") and expert.user_id is None and expert.deleted_at is not None
    assert expert.id_number == "" and expert.phone == "" and expert.bank_account == "" and expert.email == ""
    assert FeeLine.objects.filter(pk=line.pk).exists()  # kept, pointing at the pseudonymised stub
    assert not ExpertAttachment.objects.filter(expert=expert).exists()
    assert Expert.objects.get(pk=other.expert_id).name == "李思远"
    report = {s["kind"]: s for s in erased.erasure_report}
    assert report["experts.fee_lines"]["count"] == 1 and report["experts.fee_lines"]["action"] == "pseudonymise"
