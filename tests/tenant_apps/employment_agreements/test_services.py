"""The online agreement flow through its services: invitation, answer within the validity
period, one live agreement per graduate (also in the database), college and school reviews,
the signed PDF with its hash, the destination draft, termination, verification."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from tests.tenant_apps.employment_agreements.conftest import (
    accept,
    employer_with_seal,
    invite,
    proof_file,
    sign,
    terms,
)
from tests.tenant_apps.employment_employers.conftest import hr_user, make_approved
from tests.tenant_apps.experts_fees.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def _events(agreement) -> list[str]:
    from core.models import AuditEvent

    return list(AuditEvent.objects.filter(object_type="employment_agreements.agreement", object_id=str(agreement.pk)).order_by("id")
                .values_list("action", flat=True))


def test_full_flow_signs_hashes_prints_and_fills_the_destination(world):
    from tenant_apps.employment.agreements.services import agreement_content, content_hash
    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.messaging.models import Message

    record = world["cohort"][0]
    agreement = invite(world["employer"], record)
    assert agreement.status == "invited" and agreement.number.startswith("WQ")
    assert Message.objects.filter(subject="三方协议签约邀请").exists()
    agreement = accept(agreement)
    assert agreement.status == "college_review"
    assert Message.objects.filter(subject="网签协议待学院审核").exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        agreement = sign(agreement, world)
    assert agreement.status == "signed" and agreement.signed_at
    # the hash is the SHA-256 of the canonical frozen content, and it is reproducible
    canonical = json.dumps(agreement.content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert agreement.content_hash == hashlib.sha256(canonical).hexdigest() == content_hash(agreement.content)
    assert agreement.content["terms"]["monthly_pay"] == 12000 and agreement.content["student"]["name"] == record.name
    assert agreement.content["employer"]["seal_sha256"]
    assert "*" in agreement.content["student"]["id_number"]  # never the full ID number on paper
    # the stored PDF carries the three sections, the number and the hash, in the CJK font
    with agreement.document.open("rb") as handle:
        pdf = handle.read()
    text = pdf_text(pdf)
    for expected in (agreement.number, agreement.content_hash, record.name, world["employer"].name, "毕业生情况及意见", "用人单位情况及意见",
                     "学校意见（鉴证）", "软件工程师"):
        assert expected in text.replace("\n", ""), expected
    assert pdf.count(b"/Subtype /Image") >= 2  # the seal and the verification QR code
    # the destination draft: category 10 with the agreement as evidence, not submitted
    destination = Destination.objects.get(record=record)
    assert destination.status == "draft" and destination.category == "10"
    assert destination.employer_credit_code == world["employer"].credit_code and destination.job_title == "软件工程师"
    assert destination.evidence.get().sha256 == hashlib.sha256(pdf).hexdigest()
    assert "已按协议填写毕业去向草稿" in agreement.destination_note
    assert Message.objects.filter(subject="三方协议签约成功").count() == 2  # the graduate and the employer
    assert _events(agreement) == ["agreement.invite", "agreement.accept", "agreement.approve_college", "agreement.sign"]
    assert agreement_content(agreement) == agreement.content  # nothing drifts between signing and now


def test_one_live_agreement_per_graduate_also_in_the_database(world):
    from tenant_apps.employment.agreements.models import Agreement

    record = world["cohort"][0]
    first = invite(world["employer"], record)
    second = invite(employer_with_seal(world["admin"]), record)
    accept(first)
    with pytest.raises(Conflict) as refused:
        accept(second)
    assert refused.value.code == "student_has_live_agreement"
    # even a write that skips the service cannot make a second live agreement
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=second.pk).update(status="signed")
    # nor can anybody invite a graduate who has one
    with pytest.raises(Conflict):
        invite(employer_with_seal(world["admin"]), record)


def test_no_second_invitation_while_one_is_open(world):
    from tenant_apps.employment.agreements.services import agreement_answer

    record = world["cohort"][1]
    agreement = invite(world["employer"], record)
    with pytest.raises(Conflict) as refused:
        invite(world["employer"], record)
    assert refused.value.code == "invitation_already_open"
    agreement_answer(actor=record.user, agreement=agreement, accept=False, reason="已有其他选择")
    assert invite(world["employer"], record).status == "invited"  # refused: the employer may invite again


def test_expired_invitation_cannot_be_accepted(world):
    from tenant_apps.employment.agreements.models import Agreement
    from tenant_apps.employment.agreements.services import invitations_expire_due

    record = world["cohort"][0]
    agreement = invite(world["employer"], record)
    Agreement.objects.filter(pk=agreement.pk).update(valid_until=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(Conflict) as refused:
        accept(agreement)
    assert refused.value.code == "invitation_expired"
    agreement.refresh_from_db()
    assert agreement.status == "expired"  # the expiry stands although the answer was refused
    other = invite(world["employer"], record)  # expired: invite again
    Agreement.objects.filter(pk=other.pk).update(valid_until=timezone.now() - datetime.timedelta(minutes=1))
    assert invitations_expire_due() == 1 and invitations_expire_due() == 0


def test_invitation_checks(world):
    from tenant_apps.employment.agreements.services import agreement_invite

    record = world["cohort"][0]
    with pytest.raises(ApplicationError) as bad:
        invite(world["employer"], record, work_place_code="999999", probation_months=7)
    assert set(bad.value.fields) == {"work_place_code", "probation_months"}
    with pytest.raises(NotFound):  # the name must match the number
        agreement_invite(actor=world["hr"], employer=world["employer"], student_number=record.student_number, student_name="别人",
                         terms=terms(), valid_until=timezone.now() + datetime.timedelta(days=7))
    with pytest.raises(ApplicationError) as bad:
        invite(world["employer"], record, days=60)
    assert "valid_until" in bad.value.fields
    no_seal = make_approved(world["admin"])
    with pytest.raises(ApplicationError) as bad:
        invite(no_seal, record)
    assert bad.value.code == "employer_seal_required"


def test_returns_need_a_reason_and_end_the_signing(world):
    from tenant_apps.employment.agreements.services import agreement_review

    record = world["cohort"][0]
    agreement = accept(invite(world["employer"], record))
    with pytest.raises(ApplicationError) as bad:
        agreement_review(actor=world["college"], agreement=agreement, level="college", approve=False)
    assert bad.value.code == "reason_required"
    with pytest.raises(PermissionDenied):  # the college cannot act as the school
        agreement_review(actor=world["college"], agreement=agreement, level="school", approve=True)
    agreement = agreement_review(actor=world["college"], agreement=agreement, level="college", approve=False, reason="岗位描述不清")
    assert agreement.status == "returned" and agreement.return_reason == "岗位描述不清"
    assert invite(world["employer"], record).status == "invited"  # signing failed: invite again


def test_data_scope_of_the_college_level(world):
    from tenant_apps.employment.agreements import selectors

    agreement = accept(invite(world["employer"], world["cohort"][0]))
    assert selectors.agreement_get(actor=world["college"], pk=agreement.pk) is not None
    assert selectors.agreement_get(actor=world["other_college"], pk=agreement.pk) is None
    assert list(selectors.review_queue(actor=world["college"])) == [agreement]
    assert list(selectors.review_queue(actor=world["other_college"])) == []
    assert list(selectors.review_queue(actor=world["school"])) == []  # the school's turn comes after the college


def test_a_submitted_destination_is_not_overwritten(world):
    from tenant_apps.messaging.models import Message
    from tests.tenant_apps.employment_destinations.conftest import agreement as destination_input
    from tests.tenant_apps.employment_destinations.conftest import file_and_submit

    record = world["cohort"][2]
    file_and_submit(record, data=destination_input(category="11", contract_end="2029-06-30"))
    agreement = sign(invite(world["employer"], record), world)
    record.destination.refresh_from_db()
    assert record.destination.category == "11" and record.destination.status == "submitted"
    assert "未自动覆盖" in agreement.destination_note
    assert Message.objects.filter(subject="网签协议与毕业去向需核对").exists()


def test_termination_both_agree_and_the_school_approves_with_proof(world):
    from tenant_apps.employment.agreements.services import (
        termination_answer,
        termination_decide,
        termination_start,
    )
    from tenant_apps.messaging.models import Message

    record = world["cohort"][0]
    agreement = sign(invite(world["employer"], record), world)
    with pytest.raises(PermissionDenied):  # not a party
        termination_start(actor=world["college"], agreement=agreement, reason="x")
    agreement = termination_start(actor=record.user, agreement=agreement, reason="考取研究生")
    assert agreement.status == "termination_requested" and agreement.termination_started_by == "student"
    with pytest.raises(PermissionDenied):  # the side that asked cannot also agree
        termination_answer(actor=record.user, agreement=agreement, agree=True)
    agreement = termination_answer(actor=world["hr"], agreement=agreement, agree=True)
    assert agreement.status == "termination_review"
    with pytest.raises(PermissionDenied):
        termination_decide(actor=world["college"], agreement=agreement, approve=True, proof=proof_file())
    with pytest.raises(ApplicationError) as bad:
        termination_decide(actor=world["school"], agreement=agreement, approve=True)
    assert bad.value.code == "termination_proof_required"
    agreement = termination_decide(actor=world["school"], agreement=agreement, approve=True, proof=proof_file(), reason="解约函已核验")
    assert agreement.status == "terminated" and agreement.terminated_at and agreement.termination_proof
    assert Message.objects.filter(subject="三方协议已解约").count() == 2
    assert _events(agreement)[-3:] == ["agreement.termination_start", "agreement.termination_agree", "agreement.terminate"]
    # the graduate is free again: a new employer may invite and sign
    assert invite(employer_with_seal(world["admin"]), record).status == "invited"


def test_termination_refused_by_the_other_side_or_the_school_keeps_it_signed(world):
    from tenant_apps.employment.agreements.services import (
        termination_answer,
        termination_decide,
        termination_start,
    )

    record = world["cohort"][1]
    agreement = sign(invite(world["employer"], record), world)
    agreement = termination_start(actor=world["hr"], agreement=agreement, reason="岗位取消")
    with pytest.raises(ApplicationError):
        termination_answer(actor=record.user, agreement=agreement, agree=False)  # a reason is required
    agreement = termination_answer(actor=record.user, agreement=agreement, agree=False, reason="已放弃其他机会")
    assert agreement.status == "signed" and "不同意解约" in agreement.termination_note
    agreement = termination_start(actor=record.user, agreement=agreement, reason="个人原因", proof=proof_file())
    agreement = termination_answer(actor=world["hr"], agreement=agreement, agree=True)
    agreement = termination_decide(actor=world["school"], agreement=agreement, approve=False, reason="理由不充分")
    assert agreement.status == "signed" and agreement.termination_note == "学校未同意解约：理由不充分"


def test_withdraw_by_the_employer_only(world):
    from tenant_apps.employment.agreements.services import agreement_withdraw

    record = world["cohort"][0]
    agreement = invite(world["employer"], record)
    with pytest.raises(PermissionDenied):
        agreement_withdraw(actor=record.user, agreement=agreement)
    other_hr = hr_user(make_approved(world["admin"]))
    with pytest.raises(PermissionDenied):
        agreement_withdraw(actor=other_hr, agreement=agreement)
    assert agreement_withdraw(actor=world["hr"], agreement=agreement).status == "withdrawn"


def test_verification_by_number_and_hash(world):
    from tenant_apps.employment.agreements.services import agreement_verify

    agreement = sign(invite(world["employer"], world["cohort"][0]), world)
    assert agreement_verify(number=agreement.number.lower(), digest=agreement.content_hash.upper()).pk == agreement.pk
    tampered = ("0" if agreement.content_hash[0] != "0" else "1") + agreement.content_hash[1:]
    with pytest.raises(NotFound):
        agreement_verify(number=agreement.number, digest=tampered)
    unsigned = invite(world["employer"], world["cohort"][1])
    with pytest.raises(NotFound):
        agreement_verify(number=unsigned.number, digest="")
