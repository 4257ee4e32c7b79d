"""Ticket codes, pure (no Django): ECDSA P-256 / SHA-256 over a compact JSON payload.

Code = "TK1." + base64url(payload) + "." + base64url(signature r||s, 64 bytes), no padding.
Payload = {"v": 1, "k": key id, "s": scope, "n": serial, "u": subject}. It carries no name
and no phone number: a photographed QR tells nothing about the person.

P-256 rather than Ed25519 because every phone browser verifies it offline with WebCrypto
(`crypto.subtle.verify({name: "ECDSA", hash: "SHA-256"})`), which takes r||s as we encode it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

PREFIX = "TK1"
VERSION = 1


class InvalidTicket(ValueError):
    """The code is malformed, signed by an unknown key, or its signature does not match."""


@dataclass(frozen=True)
class Payload:
    key_id: str
    scope: str
    serial: str
    subject: str


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def private_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def load_private(pem: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("ticket keys are EC P-256")
    return key


def public_spki_b64(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> str:
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    return base64.b64encode(public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()


def load_public(spki_b64: str) -> ec.EllipticCurvePublicKey:
    key = serialization.load_der_public_key(base64.b64decode(spki_b64))
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError("ticket keys are EC P-256")
    return key


def sign(payload: Payload, key: ec.EllipticCurvePrivateKey) -> str:
    body = json.dumps({"v": VERSION, "k": payload.key_id, "s": payload.scope, "n": payload.serial, "u": payload.subject},
                      separators=(",", ":"), ensure_ascii=False).encode()
    r, s = decode_dss_signature(key.sign(body, ec.ECDSA(hashes.SHA256())))
    return f"{PREFIX}.{b64e(body)}.{b64e(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def parse(code: str) -> tuple[Payload, bytes, bytes]:
    """(payload, signed bytes, raw signature) without checking the signature."""
    try:
        prefix, body_b64, sig_b64 = code.strip().split(".")
        if prefix != PREFIX:
            raise InvalidTicket("unknown ticket format")
        body, signature = b64d(body_b64), b64d(sig_b64)
        data = json.loads(body)
        if data.get("v") != VERSION or len(signature) != 64:
            raise InvalidTicket("unknown ticket version")
        payload = Payload(key_id=str(data["k"]), scope=str(data["s"]), serial=str(data["n"]), subject=str(data["u"]))
    except InvalidTicket:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidTicket("malformed ticket") from exc
    return payload, body, signature


def verify(code: str, public_keys: dict[str, ec.EllipticCurvePublicKey]) -> Payload:
    """The payload of a genuine code; raises InvalidTicket otherwise."""
    payload, body, signature = parse(code)
    key = public_keys.get(payload.key_id)
    if key is None:
        raise InvalidTicket("unknown signing key")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        key.verify(der, body, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise InvalidTicket("bad signature") from exc
    return payload
