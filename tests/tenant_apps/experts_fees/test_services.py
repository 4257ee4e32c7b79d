"""Fee rules: only attending panel members get a fee, amounts from the bureau's standard,
letters frozen and hashed, signing stores the signature with its hash, time and IP and makes
the letter immutable, a changed amount needs a new letter, payout only after signing, archived
projects read-only, and every write audited."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import ApplicationError, Conflict, NotFound
from tenant_apps.experts.fees import services
from tenant_apps.experts.fees.models import FeeLetter, FeeLine

from .conftest import make_panel, signature_data_url

pytestmark = pytest.mark.django_db


def days(value: str, **extra) -> services.FeeLineInput:
    return services.FeeLineInput(workload_days=Decimal(value), **extra)


def test_attending_member_gets_a_fee_from_the_standard_of_their_title(panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1.5"))
    # senior: one day at 800 + a half day at 500, travel allowance 100 from the standard
    assert (line.review_fee, line.travel_fee, line.total_amount, line.net_amount) == (Decimal("1300.00"), Decimal("100.00"), Decimal("1400.00"), Decimal("1400.00"))
    assert line.standard.name == "正高级标准" and line.status == "draft" and line.expert == panel.attending.expert
    # associate has no standard of their own: the one for all title levels applies
    other = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.second, data=days("0.5", tax_withheld=Decimal("20")))
    assert (other.review_fee, other.travel_fee, other.net_amount) == (Decimal("300.00"), Decimal("50.00"), Decimal("330.00"))


def test_absent_expert_cannot_get_a_fee(panel, bureau_admin):
    with pytest.raises(Conflict) as refused:
        services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.absent, data=days("1"))
    assert refused.value.code == "member_not_attending"
    assert "王五" in refused.value.message and "拒绝参加" in refused.value.message and "不能登记劳务费" in refused.value.message
    assert not FeeLine.objects.filter(member=panel.absent).exists()


def test_member_marked_as_present_counts_as_attending(panel, bureau_admin):
    from tenant_apps.experts.panels.models import PanelMember

    PanelMember.objects.filter(pk=panel.absent.pk).update(attended=True)
    panel.absent.refresh_from_db()
    assert services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.absent, data=days("1")).net_amount == Decimal("900.00")


def test_member_of_another_project_and_duplicates_are_refused(panel, bureau_admin):
    other = make_panel(bureau_admin)
    with pytest.raises(NotFound) as foreign:
        services.fee_line_create(actor=bureau_admin, project=panel.project, member=other.attending, data=days("1"))
    assert foreign.value.code == "member_not_on_panel"
    services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    with pytest.raises(Conflict) as twice:
        services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("2"))
    assert twice.value.code == "fee_line_exists"


def test_workload_in_half_days_and_missing_standard(panel, bureau_admin):
    from tenant_apps.experts.fees.models import FeeStandard

    with pytest.raises(ApplicationError) as bad:
        services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("0.3"))
    assert bad.value.code == "invalid_workload"
    FeeStandard.objects.update(is_active=False)
    with pytest.raises(ApplicationError) as missing:
        services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    assert missing.value.code == "fee_standard_missing" and "正高级" in missing.value.message
    manual = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1", review_fee=Decimal("600"), travel_fee=Decimal("0")))
    assert manual.is_fee_manual and manual.net_amount == Decimal("600.00")
    with pytest.raises(ApplicationError):
        services.fee_line_update(actor=bureau_admin, line=manual, data=days("1", review_fee=Decimal("600"), tax_withheld=Decimal("700")))


def test_sending_a_letter_freezes_the_line_and_notifies_the_expert(panel, bureau_admin, django_capture_on_commit_callbacks):
    from tenant_apps.messaging.models import Message

    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1.5"))
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.fee_letter_send(actor=bureau_admin, line=line)
    line.refresh_from_db()
    assert line.status == "sent" and line.current_letter == letter and letter.version == 1 and letter.status == "sent"
    assert letter.content["expert"]["name"] == "张三丰" and letter.content["net_amount"] == "1400.00"
    assert letter.content["net_amount_words"] == "壹仟肆佰元整" and letter.content["expert"]["bank_account"].endswith("3445")
    assert "6222020200112233445" not in json.dumps(letter.content)  # the letter keeps only the last digits
    assert letter.content_hash == services.content_hash(letter.content)
    message = Message.objects.get(source=f"panels:project:{panel.project.pk}", subject__startswith="劳务费确认函")
    assert f"/h5/fees/letters/{letter.pk}/" in message.body and message.link == f"/h5/fees/letters/{letter.pk}/"
    assert json.loads(message.explicit_recipients)[0]["user_id"] == panel.attending.expert.user_id
    with pytest.raises(Conflict):
        services.fee_letter_send(actor=bureau_admin, line=line)


def test_expert_without_account_cannot_be_sent_a_letter(panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.no_account, data=days("1"))
    with pytest.raises(Conflict) as refused:
        services.fee_letter_send(actor=bureau_admin, line=line)
    assert refused.value.code == "expert_without_account" and "赵无号" in refused.value.message
    services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    result = services.fee_letters_send(actor=bureau_admin, project=panel.project)
    assert len(result.sent) == 1 and [(skipped.pk, "账号" in reason) for skipped, reason in result.skipped] == [(line.pk, True)]


def test_signing_stores_the_signature_hash_time_and_ip_and_the_letter_becomes_immutable(panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    letter = services.fee_letter_send(actor=bureau_admin, line=line)
    expert_user = panel.attending.expert.user
    data_url = signature_data_url()
    before = timezone.now()
    signed = services.fee_letter_sign(user=expert_user, letter=letter, signature_data_url=data_url, ip="203.0.113.9", user_agent="Mobile Safari")
    png = signed.signature.open("rb").read()
    assert png.startswith(b"\x89PNG") and signed.signature_sha256 == hashlib.sha256(png).hexdigest()
    assert signed.status == "signed" and signed.signed_at >= before and signed.signed_ip == "203.0.113.9" and signed.signed_by == expert_user
    line.refresh_from_db()
    assert line.status == "signed"
    with pytest.raises(Conflict) as again:
        services.fee_letter_sign(user=expert_user, letter=letter, signature_data_url=data_url)
    assert again.value.code == "fee_letter_closed"
    stored = FeeLetter.objects.get(pk=letter.pk)
    stored.content = {**stored.content, "net_amount": "99999.00"}
    with pytest.raises(Conflict) as immutable:
        stored.save()
    assert immutable.value.code == "fee_letter_immutable"
    assert FeeLetter.objects.get(pk=letter.pk).content["net_amount"] == "900.00"


def test_only_the_expert_may_sign_and_the_pad_must_hold_a_signature(panel, bureau_admin):
    letter = services.fee_letter_send(actor=bureau_admin, line=services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1")))
    with pytest.raises(NotFound):
        services.fee_letter_sign(user=panel.second.expert.user, letter=letter, signature_data_url=signature_data_url())
    with pytest.raises(ApplicationError) as blank:
        services.fee_letter_sign(user=panel.attending.expert.user, letter=letter, signature_data_url=signature_data_url(blank=True))
    assert blank.value.code == "signature_empty"
    for bad in ("", "data:image/jpeg;base64,AAAA", "data:image/png;base64,not-base64!", "data:image/png;base64,R0lGODlhAQABAAAAACw="):
        with pytest.raises(ApplicationError) as invalid:
            services.fee_letter_sign(user=panel.attending.expert.user, letter=letter, signature_data_url=bad)
        assert invalid.value.code == "signature_invalid"
    assert FeeLetter.objects.get(pk=letter.pk).status == "sent"


def test_changed_amount_after_signing_needs_a_new_letter_and_the_signed_one_stays(panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    first = services.fee_letter_send(actor=bureau_admin, line=line)
    first = services.fee_letter_sign(user=panel.attending.expert.user, letter=first, signature_data_url=signature_data_url())
    signed_hash, signature_hash = first.content_hash, first.signature_sha256

    line = services.fee_line_update(actor=bureau_admin, line=line, data=days("2"))
    assert line.status == "draft" and line.current_letter is None and line.net_amount == Decimal("1700.00")
    kept = FeeLetter.objects.get(pk=first.pk)
    assert kept.status == "signed" and kept.content_hash == signed_hash and kept.signature_sha256 == signature_hash and kept.content["net_amount"] == "900.00"

    second = services.fee_letter_send(actor=bureau_admin, line=line)
    assert second.version == 2 and second.content["net_amount"] == "1700.00" and second.content_hash != signed_hash
    services.fee_letter_sign(user=panel.attending.expert.user, letter=second, signature_data_url=signature_data_url())
    line.refresh_from_db()
    assert line.status == "signed" and line.current_letter_id == second.pk


def test_changing_a_letter_out_for_signing_withdraws_it(panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    letter = services.fee_letter_send(actor=bureau_admin, line=line)
    same = services.fee_line_update(actor=bureau_admin, line=line, data=days("1"))
    assert same.status == "sent"  # nothing changed: the letter stands
    services.fee_line_update(actor=bureau_admin, line=line, data=days("1", other_fee=Decimal("50")))
    letter.refresh_from_db()
    assert letter.status == "withdrawn" and "重新发函" in letter.withdraw_reason
    with pytest.raises(Conflict):
        services.fee_letter_sign(user=panel.attending.expert.user, letter=letter, signature_data_url=signature_data_url())


def test_withdraw_and_delete(panel, bureau_admin):
    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    letter = services.fee_letter_send(actor=bureau_admin, line=line)
    with pytest.raises(Conflict):
        services.fee_line_delete(actor=bureau_admin, line=line)
    with pytest.raises(ApplicationError):
        services.fee_letter_withdraw(actor=bureau_admin, letter=letter, reason=" ")
    services.fee_letter_withdraw(actor=bureau_admin, letter=letter, reason="单位名称有误")
    line.refresh_from_db()
    assert line.status == "draft"
    services.fee_line_delete(actor=bureau_admin, line=line)
    assert not FeeLine.objects.filter(pk=line.pk).exists()


def test_only_signed_fees_are_marked_paid_and_paid_fees_are_locked(panel, bureau_admin):
    signed = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    services.fee_letter_sign(user=panel.attending.expert.user, letter=services.fee_letter_send(actor=bureau_admin, line=signed), signature_data_url=signature_data_url())
    draft = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.second, data=days("1"))
    with pytest.raises(Conflict) as unsigned:
        services.fee_lines_mark_paid(actor=bureau_admin, lines=[signed, draft], paid_on=timezone.localdate())
    assert "未签字" in unsigned.value.message
    assert services.fee_lines_mark_paid(actor=bureau_admin, lines=[signed], paid_on=timezone.localdate(), reference="财付-001") == 1
    signed.refresh_from_db()
    assert signed.status == "paid" and signed.payment_reference == "财付-001"
    with pytest.raises(Conflict) as locked:
        services.fee_line_update(actor=bureau_admin, line=signed, data=days("3"))
    assert locked.value.code == "fee_line_locked"


def test_archived_project_is_read_only(panel, bureau_admin):
    from tenant_apps.experts.panels.services import project_archive

    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    letter = services.fee_letter_send(actor=bureau_admin, line=line)
    project_archive(actor=bureau_admin, project=panel.project)
    line.refresh_from_db()
    attempts = [
        lambda: services.fee_line_create(actor=bureau_admin, project=line.project, member=panel.second, data=days("1")),
        lambda: services.fee_line_update(actor=bureau_admin, line=line, data=days("2")),
        lambda: services.fee_line_delete(actor=bureau_admin, line=line),
        lambda: services.fee_letter_withdraw(actor=bureau_admin, letter=letter, reason="x"),
        lambda: services.fee_letter_sign(user=panel.attending.expert.user, letter=letter, signature_data_url=signature_data_url()),
        lambda: services.fee_letters_send(actor=bureau_admin, project=line.project),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "project_archived"


def test_every_write_is_audited_on_the_project(panel, bureau_admin):
    from core.models import AuditEvent

    line = services.fee_line_create(actor=bureau_admin, project=panel.project, member=panel.attending, data=days("1"))
    letter = services.fee_letter_send(actor=bureau_admin, line=line)
    services.fee_letter_sign(user=panel.attending.expert.user, letter=letter, signature_data_url=signature_data_url(), ip="198.51.100.7")
    services.fee_lines_mark_paid(actor=bureau_admin, lines=[line], paid_on=timezone.localdate())
    events = AuditEvent.objects.filter(object_type="expert_panels.project", object_id=str(panel.project.pk), action__startswith="expert_fees.")
    assert sorted(events.values_list("action", flat=True)) == ["expert_fees.letter.send", "expert_fees.letter.sign", "expert_fees.line.create", "expert_fees.line.paid"]
    sign = events.get(action="expert_fees.letter.sign")
    assert sign.actor_id == panel.attending.expert.user_id and sign.after["signature_sha256"] == FeeLetter.objects.get(pk=letter.pk).signature_sha256
    assert AuditEvent.objects.filter(action="expert_fees.standard.create").count() == 2
