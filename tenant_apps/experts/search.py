"""Chinese text for PostgreSQL full text: jieba cuts words, the 'simple' config indexes them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from core.chinese import segmenter as _jieba

_SPLIT = re.compile(r"[\s,，;；、/|()（）\[\]【】:：\"'“”‘’.。!！?？<>《》&*^%$#@~`+=\\-]+")


def warm_up() -> None:
    """Load jieba's dictionary now (the platform's warm-up does it when a server starts)."""
    _jieba().lcut("专家库预热")


@lru_cache(maxsize=50_000)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    # Employers, titles and domain names repeat across thousands of experts: cut each once.
    # A pure function of the text, so the cache is safe across tenants.
    return tuple(token.strip().lower() for token in [chunk, *_jieba().cut_for_search(chunk)])


def document_tokens(parts: Iterable[str]) -> str:
    """Space-joined tokens of the texts (search-engine mode: words and their sub-words)."""
    tokens: list[str] = []
    seen: set[str] = set()
    for part in parts:
        for chunk in _SPLIT.split(part or ""):
            if not chunk:
                continue
            for token in _chunk_tokens(chunk):
                if token and token not in seen:
                    seen.add(token)
                    tokens.append(token)
    return " ".join(tokens)


def query_tokens(text: str) -> list[str]:
    """Tokens every match must contain (precise mode, so each is also a document token)."""
    jieba = _jieba()
    tokens: list[str] = []
    for chunk in _SPLIT.split(text or ""):
        if chunk:
            tokens.extend(t.strip().lower() for t in jieba.cut(chunk) if t.strip())
    return tokens
