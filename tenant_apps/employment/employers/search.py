"""Chinese keyword search for the recruitment side: jieba cuts the text, PostgreSQL indexes the
tokens with the 'simple' configuration (no Chinese parser is available in Debian's PostgreSQL;
see docs/decisions/0087). Jobs use the same two functions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q

from core.chinese import segmenter as _segmenter

_SEPARATORS = re.compile(r"[^\w]+", re.UNICODE)


@lru_cache(maxsize=100_000)
def _piece_tokens(piece: str) -> tuple[str, ...]:
    # Pure function of the text: safe to share between tenants; employer names repeat a lot.
    words = [piece, *_segmenter().cut_for_search(piece)]
    return tuple(word.strip().lower() for word in words if word.strip())


def index_text(parts: Iterable[str]) -> str:
    """Distinct search-engine-mode tokens of the parts, space-separated, for a tsvector column."""
    seen: dict[str, None] = {}
    for part in parts:
        for piece in _SEPARATORS.split(part or ""):
            if piece:
                for token in _piece_tokens(piece[:200]):
                    seen.setdefault(token, None)
    return " ".join(seen)


def query_words(text: str) -> list[str]:
    """Precise-mode words of a query: each is also an index token, so AND over them works."""
    words: list[str] = []
    for piece in _SEPARATORS.split(text or ""):
        if piece:
            words.extend(word.strip().lower() for word in _segmenter().cut(piece[:100]) if word.strip())
    return words


def keyword_condition(text: str, *, vector_field: str = "search_vector") -> Q | None:
    """A filter matching every word of `text`, or None when the text has no words."""
    words = query_words(text)
    if not words:
        return None
    query = SearchQuery(" ".join(words), config="simple", search_type="plain")
    return Q(**{vector_field: query})
