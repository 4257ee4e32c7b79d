"""Full-screen watermark with the viewer's identity (P12), as an SVG data URI."""

from __future__ import annotations

import base64
from html import escape


def watermark_data_uri(text: str) -> str:
    safe = escape(text)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200">'
        '<text x="20" y="120" transform="rotate(-22 160 100)" fill="rgba(0,0,0,0.07)" '
        'font-size="15" font-family="sans-serif">' + safe + "</text></svg>"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
