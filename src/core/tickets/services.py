"""The signed-ticket kernel: issue, verify, revoke, and reconcile door scans."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from functools import lru_cache

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core import crypto
from core.tickets import signing
from core.tickets.models import RevokedTicket, TicketKey, TicketScan

Status = TicketScan.Status
SERIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no o/0/1/i/l: readable when typed by hand
MAX_UPLOAD = 500


@dataclass(frozen=True)
class IssuedTicket:
    code: str
    serial: str


@dataclass(frozen=True)
class Verdict:
    status: str  # a TicketScan.Status value
    serial: str = ""
    subject: str = ""
    first_scanned_at: datetime.datetime | None = None

    @property
    def is_admitted(self) -> bool:
        return self.status == Status.ADMITTED


@dataclass(frozen=True)
class ScanOutcome:
    nonce: str
    status: str
    serial: str
    subject: str
    first_scanned_at: datetime.datetime | None


def _schema() -> str:
    return connection.schema_name


@lru_cache(maxsize=256)
def _private_key(schema: str, key_id: str, token: str):
    return signing.load_private(crypto.decrypt(token))


@lru_cache(maxsize=256)
def _public_key(schema: str, key_id: str, spki: str):
    return signing.load_public(spki)


def active_key() -> TicketKey:
    """The tenant's signing key, created on first use (one per tenant even under concurrency)."""
    key = TicketKey.objects.filter(retired_at__isnull=True).order_by("-id").first()
    if key is not None:
        return key
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{_schema()}:ticket-key"])
        key = TicketKey.objects.filter(retired_at__isnull=True).order_by("-id").first()
        if key is None:
            private = signing.new_private_key()
            key = TicketKey.objects.create(key_id=secrets.token_hex(4), private_key=crypto.encrypt(signing.private_pem(private)),
                                           public_key=signing.public_spki_b64(private))
    return key


def key_rotate() -> TicketKey:
    """Retire the active key and start a new one; tickets signed before keep verifying."""
    with transaction.atomic():
        TicketKey.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
    return active_key()


def public_keys() -> dict[str, str]:
    return dict(TicketKey.objects.values_list("key_id", "public_key"))


def _loaded_public_keys() -> dict:
    schema = _schema()
    return {kid: _public_key(schema, kid, spki) for kid, spki in public_keys().items()}


def new_serial() -> str:
    return "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(12))


def ticket_issue(*, scope: str, subject: str | int, serial: str | None = None) -> IssuedTicket:
    """A signed code for `subject` (e.g. a registration id) valid at doors of `scope`."""
    if len(scope) > 64 or ":" not in scope:
        raise ValueError("scope must look like 'app:id' and be at most 64 characters")
    key = active_key()
    serial = serial or new_serial()
    code = signing.sign(signing.Payload(key_id=key.key_id, scope=scope, serial=serial, subject=str(subject)),
                       _private_key(_schema(), key.key_id, key.private_key))
    return IssuedTicket(code=code, serial=serial)


def ticket_revoke(*, serial: str, scope: str, reason: str = "") -> None:
    RevokedTicket.objects.get_or_create(serial=serial, defaults={"scope": scope, "reason": reason[:200]})


def revoked_serials(*, scope: str) -> list[str]:
    return list(RevokedTicket.objects.filter(scope=scope).values_list("serial", flat=True))


def _classify(code: str, scope: str) -> tuple[str, signing.Payload | None]:
    try:
        payload = signing.verify(code, _loaded_public_keys())
    except signing.InvalidTicket:
        return Status.INVALID, None
    if payload.scope != scope:
        return Status.WRONG_SCOPE, payload
    if RevokedTicket.objects.filter(serial=payload.serial).exists():
        return Status.REVOKED, payload
    return Status.ADMITTED, payload


def ticket_verify(code: str, *, scope: str) -> Verdict:
    """Online check without recording an entry (what a door would decide now)."""
    status, payload = _classify(code, scope)
    if payload is None:
        return Verdict(status=status)
    first = None
    if status == Status.ADMITTED:
        first = TicketScan.objects.filter(scope=scope, serial=payload.serial, status=Status.ADMITTED).values_list("scanned_at", flat=True).first()
        if first is not None:
            status = Status.DUPLICATE
    return Verdict(status=status, serial=payload.serial, subject=payload.subject, first_scanned_at=first)


def door_bundle(*, scope: str) -> dict:
    """What a door phone downloads before going offline."""
    return {"scope": scope, "keys": public_keys(), "revoked": revoked_serials(scope=scope),
            "admitted": sorted(set(TicketScan.objects.filter(scope=scope, status=Status.ADMITTED).values_list("serial", flat=True))),
            "generated_at": timezone.now().isoformat()}


def _when(value) -> datetime.datetime:
    when = value if isinstance(value, datetime.datetime) else parse_datetime(str(value or ""))
    if when is None:
        return timezone.now()
    return when if timezone.is_aware(when) else timezone.make_aware(when)


@transaction.atomic
def scans_upload(*, scope: str, scans: list[dict], device: str = "", actor=None) -> list[ScanOutcome]:
    """Record door scans ({code, nonce, scanned_at, device_status?}). A nonce seen before is not
    recorded twice. Then every touched serial is reconciled: its earliest valid scan admits,
    the rest are duplicates, whatever order the devices uploaded in."""
    if len(scans) > MAX_UPLOAD:
        raise ValueError(f"at most {MAX_UPLOAD} scans per upload")
    with connection.cursor() as cursor:  # one reconciliation of a scope at a time
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{_schema()}:ticket-scope:{scope}"])
    serials: set[str] = set()
    nonces: list[str] = []
    for scan in scans:
        nonce = str(scan.get("nonce") or "")[:64] or secrets.token_hex(16)
        nonces.append(nonce)
        code = str(scan.get("code") or "")
        status, payload = _classify(code, scope)
        try:
            with transaction.atomic():
                TicketScan.objects.create(
                    scope=scope, nonce=nonce, serial=payload.serial if payload else "", subject=payload.subject if payload else "",
                    code=code[:1000], device=(scan.get("device") or device)[:64], scanned_at=_when(scan.get("scanned_at")),
                    uploaded_by_id=getattr(actor, "pk", None), device_status=str(scan.get("device_status") or "")[:16], status=status)
        except IntegrityError:
            pass  # the same scan uploaded again
        if payload is not None and status in (Status.ADMITTED, Status.DUPLICATE):
            serials.add(payload.serial)
    _reconcile(scope, serials)
    rows = {s.nonce: s for s in TicketScan.objects.filter(nonce__in=nonces)}
    firsts = dict(TicketScan.objects.filter(scope=scope, serial__in={r.serial for r in rows.values()}, status=Status.ADMITTED).values_list("serial", "scanned_at"))
    return [ScanOutcome(nonce=n, status=rows[n].status, serial=rows[n].serial, subject=rows[n].subject, first_scanned_at=firsts.get(rows[n].serial))
            for n in nonces if n in rows]


def _reconcile(scope: str, serials: set[str]) -> None:
    if not serials:
        return
    revoked = set(RevokedTicket.objects.filter(serial__in=serials).values_list("serial", flat=True))
    valid = TicketScan.objects.filter(scope=scope, serial__in=serials, status__in=[Status.ADMITTED, Status.DUPLICATE]).order_by("serial", "scanned_at", "id")
    seen: set[str] = set()
    admit, duplicate = [], []
    for scan in valid.only("id", "serial"):
        if scan.serial in revoked:
            continue
        (duplicate if scan.serial in seen else admit).append(scan.id)
        seen.add(scan.serial)
    TicketScan.objects.filter(id__in=admit).exclude(status=Status.ADMITTED).update(status=Status.ADMITTED)
    TicketScan.objects.filter(id__in=duplicate).exclude(status=Status.DUPLICATE).update(status=Status.DUPLICATE)


def scan_summary(*, scope: str) -> dict[str, int]:
    """Counts per reconciled status for a door report."""
    from django.db.models import Count

    counts = dict.fromkeys(Status.values, 0)
    counts.update(dict(TicketScan.objects.filter(scope=scope).values_list("status").annotate(n=Count("id")).values_list("status", "n")))
    counts["admitted_people"] = TicketScan.objects.filter(scope=scope, status=Status.ADMITTED).values("serial").distinct().count()
    return counts
