"""The signed-ticket kernel: signatures, scope, revocation, offline scans uploaded late, in any
order, twice, from two doors."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.tickets import services as tickets
from core.tickets import signing
from core.tickets.models import TicketKey

pytestmark = pytest.mark.django_db


def _at(minutes: int) -> str:
    return (timezone.now() + datetime.timedelta(minutes=minutes)).isoformat()


def test_issue_then_verify_online(in_tenant_a):
    issued = tickets.ticket_issue(scope="activity:1", subject=42)
    verdict = tickets.ticket_verify(issued.code, scope="activity:1")
    assert verdict.is_admitted and verdict.subject == "42" and verdict.serial == issued.serial
    assert tickets.ticket_verify(issued.code, scope="activity:2").status == "wrong_scope"


def test_forged_and_tampered_codes_are_invalid(in_tenant_a):
    issued = tickets.ticket_issue(scope="activity:1", subject=1)
    prefix, body, sig = issued.code.split(".")
    tampered_body = signing.b64e(signing.b64d(body).replace(b'"u":"1"', b'"u":"2"'))
    assert tickets.ticket_verify(f"{prefix}.{tampered_body}.{sig}", scope="activity:1").status == "invalid"
    other_key = signing.new_private_key()  # someone else's key with our key id
    forged = signing.sign(signing.Payload(key_id=tickets.active_key().key_id, scope="activity:1", serial="x" * 12, subject="1"), other_key)
    assert tickets.ticket_verify(forged, scope="activity:1").status == "invalid"
    assert tickets.ticket_verify('{"ticketId": 1}', scope="activity:1").status == "invalid"


def test_key_is_per_tenant_and_secret_at_rest(tenant_a, tenant_b):
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        code = tickets.ticket_issue(scope="activity:1", subject=1).code
        stored = TicketKey.objects.get()
        assert "PRIVATE KEY" not in stored.private_key
    with schema_context("beta"):
        assert tickets.ticket_verify(code, scope="activity:1").status == "invalid"


def test_rotated_key_still_verifies_old_tickets(in_tenant_a):
    old = tickets.ticket_issue(scope="activity:1", subject=1)
    tickets.key_rotate()
    new = tickets.ticket_issue(scope="activity:1", subject=2)
    assert signing.parse(old.code)[0].key_id != signing.parse(new.code)[0].key_id
    assert tickets.ticket_verify(old.code, scope="activity:1").is_admitted


def test_revoked_ticket_is_refused_and_in_the_door_bundle(in_tenant_a):
    issued = tickets.ticket_issue(scope="activity:1", subject=1)
    tickets.ticket_revoke(serial=issued.serial, scope="activity:1", reason="退款")
    assert tickets.ticket_verify(issued.code, scope="activity:1").status == "revoked"
    bundle = tickets.door_bundle(scope="activity:1")
    assert issued.serial in bundle["revoked"] and bundle["keys"]
    [outcome] = tickets.scans_upload(scope="activity:1", scans=[{"code": issued.code, "nonce": "n1", "scanned_at": _at(0)}])
    assert outcome.status == "revoked"


def test_offline_scans_uploaded_late_from_two_doors_admit_once_by_scan_time(in_tenant_a):
    issued = tickets.ticket_issue(scope="activity:1", subject=7)
    # door B uploads first, but door A scanned earlier: A's scan admits, B's is the duplicate.
    [b] = tickets.scans_upload(scope="activity:1", device="B", scans=[{"code": issued.code, "nonce": "b1", "scanned_at": _at(5)}])
    assert b.status == "admitted"
    [a] = tickets.scans_upload(scope="activity:1", device="A", scans=[{"code": issued.code, "nonce": "a1", "scanned_at": _at(0)}])
    assert a.status == "admitted"
    statuses = dict(tickets.TicketScan.objects.values_list("nonce", "status"))
    assert statuses == {"a1": "admitted", "b1": "duplicate"}
    assert tickets.scan_summary(scope="activity:1")["admitted_people"] == 1


def test_reuploading_the_same_scans_changes_nothing(in_tenant_a):
    issued = tickets.ticket_issue(scope="activity:1", subject=7)
    scans = [{"code": issued.code, "nonce": "same", "scanned_at": _at(0)}, {"code": issued.code, "nonce": "second", "scanned_at": _at(1)}]
    first = tickets.scans_upload(scope="activity:1", scans=scans)
    again = tickets.scans_upload(scope="activity:1", scans=scans)
    assert [o.status for o in first] == [o.status for o in again] == ["admitted", "duplicate"]
    assert tickets.TicketScan.objects.count() == 2
    assert tickets.ticket_verify(issued.code, scope="activity:1").status == "duplicate"


def test_codes_carry_no_personal_data(in_tenant_a):
    issued = tickets.ticket_issue(scope="activity:1", subject=99)
    payload = signing.b64d(issued.code.split(".")[1]).decode()
    assert set(__import__("json").loads(payload)) == {"v", "k", "s", "n", "u"}
