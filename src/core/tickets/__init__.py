"""Signed QR tickets, shared by every module that lets people through a door.

API (`core.tickets.services`):
- `ticket_issue(scope=, subject=) -> IssuedTicket` a signed code for one person;
- `ticket_verify(code, scope=) -> Verdict` online check (signature, scope, revocation, entry);
- `ticket_revoke(serial=, scope=, reason=)`; `door_bundle(scope=)` what a door phone needs to
  check offline (public keys, revoked serials);
- `scans_upload(scope=, scans=, device=, actor=) -> list[ScanOutcome]` scans made offline, sent
  when the network returns (idempotent by scan nonce, reconciled by scan time).
The phone side is `static/core/tickets/door.js` (WebCrypto ECDSA P-256, no library).
"""
