"""The one jieba word-cutter of the platform (expert search, recruitment search, ...).

Its dictionary takes 1-2 s to load: core.web.warmup loads it when a server process starts
(registered in CoreConfig.ready()), not on the first search."""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def warm_up() -> None:
    segmenter().lcut("中文分词预热")
