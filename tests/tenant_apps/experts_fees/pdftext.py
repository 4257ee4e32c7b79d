"""Text of the PDFs fpdf2 writes (Type0 fonts with a ToUnicode map), without a PDF library:
enough for tests to check that a document says what it should."""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
TOKEN = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)|\bET\b", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _stream(body: bytes) -> bytes:
    match = STREAM.search(body)
    if match is None:
        return b""
    raw = match.group(1)
    # The data is exactly /Length bytes: compressed data may itself end in a carriage return,
    # which the pattern's optional \r before "endstream" would otherwise swallow.
    length = re.search(rb"/Length (\d+)\b(?!\s+\d+\s+R)", body[:match.start()])
    if length:
        raw = body[match.start(1):match.start(1) + int(length.group(1))]
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return raw


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for start, end, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            first = int(target, 16)
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _literal(token: bytes) -> bytes:
    out, index, body = bytearray(), 0, token[1:-1]
    while index < len(body):
        char = body[index:index + 1]
        if char != b"\\":
            out += char
            index += 1
            continue
        following = body[index + 1:index + 2]
        octal = re.match(rb"[0-7]{1,3}", body[index + 1:index + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            index += 1 + len(octal.group(0))
        else:
            out += ESCAPES.get(following, following)
            index += 2
    return bytes(out)


def pdf_text(pdf: bytes) -> str:
    objects = {int(number): body for number, body in OBJECT.findall(pdf)}
    font_maps: dict[int, dict[int, str]] = {}
    for number, body in objects.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if ref:
            font_maps[number] = _cmap(_stream(objects.get(int(ref.group(1)), b"")))
    names: dict[bytes, int] = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            names[name] = int(ref)

    def for_font(name: bytes) -> dict[int, str]:
        number = names.get(name)
        if number in font_maps:
            return font_maps[number]
        # a Type0 font points at its descendant; the ToUnicode map sits on the Type0 object
        return next(iter(font_maps.values()), {})

    parts: list[str] = []
    for body in objects.values():
        content = _stream(body)
        if b"BT" not in content or b"Tf" not in content:
            continue
        mapping: dict[int, str] = {}
        for match in TOKEN.finditer(content):
            if match.group(1):
                mapping = for_font(match.group(1))
            elif match.group(0) == b"ET":
                parts.append("\n")
            else:
                raw = _literal(match.group(0))
                parts.append("".join(mapping.get(int.from_bytes(raw[i:i + 2], "big"), "") for i in range(0, len(raw) - 1, 2)))
    return "".join(parts)
