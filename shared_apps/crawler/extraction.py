"""What the crawler reads out of a page: pure functions over HTML (lxml), shared by the crawl
and by the demo seeder, which feeds the fixture pages shipped in `fixtures_site/` through the
same code. Public pages differ, so the rules are modest and explicit:

- a person (encyclopedia, government résumé): the name from the info box (中文名/姓名) or the
  page's <h1>; a match needs one of the school's names in the 毕业院校 entry or in a sentence of
  the text, and that sentence is kept as the evidence;
- an enterprise (listed-company disclosure): the company from the info box (公司名称/证券简称,
  证券代码, 上市地点); a match needs an executive's résumé in the 董事、监事、高级管理人员
  table that names the school; the executives found are kept;
- news: an article whose title or text names a subject (a confirmed person or enterprise).
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
MAX_TEXT = 400


def _doc(html: str, base_url: str):
    try:
        document = lxml.html.document_fromstring(html or "<html></html>", base_url=base_url)
    except (etree.ParserError, ValueError):
        document = lxml.html.document_fromstring("<html></html>")
    for bad in document.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return document


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _facts(document) -> dict[str, str]:
    """Label → value pairs of the page's info boxes: <dt>/<dd> and two-cell <tr>s."""
    facts: dict[str, str] = {}
    for dt in document.xpath("//dt"):
        dd = dt.getnext()
        if dd is not None and dd.tag == "dd":
            facts.setdefault(_clean(dt.text_content()).rstrip("：:").replace(" ", ""), _clean(dd.text_content()))
    for row in document.xpath("//tr[count(th|td)=2]"):
        cells = row.xpath("th|td")
        facts.setdefault(_clean(cells[0].text_content()).rstrip("：:").replace(" ", ""), _clean(cells[1].text_content()))
    return facts


def _sentences(document) -> list[str]:
    text = " ".join(_clean(p.text_content()) for p in document.xpath("//p|//li|//td"))
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def _title(document) -> str:
    heading = document.xpath("//h1")
    if heading:
        return _clean(heading[0].text_content())
    title = document.xpath("//title")
    return _clean(title[0].text_content()) if title else ""


def _first(facts: dict[str, str], *labels: str) -> str:
    for label in labels:
        if facts.get(label):
            return facts[label]
    return ""


def _mentions(text: str, names: list[str]) -> str:
    return next((name for name in names if name and name in text), "")


def links(html: str, base_url: str) -> list[tuple[str, str]]:
    """(absolute URL, anchor text) of the page's links to the same host, without fragments,
    in page order, each once."""
    document = _doc(html, base_url)
    host = urlsplit(base_url).netloc.lower()
    seen: set[str] = set()
    found = []
    for anchor in document.xpath("//a[@href]"):
        url, _ = urldefrag(urljoin(base_url, anchor.get("href")))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host or url in seen or url == base_url:
            continue
        seen.add(url)
        found.append((url, _clean(anchor.text_content())))
    return found


def extract_person(html: str, url: str, school_names: list[str]) -> dict | None:
    document = _doc(html, url)
    facts = _facts(document)
    name = _first(facts, "中文名", "姓名") or _title(document).split("_")[0].split("-")[0].strip()
    if not name:
        return None
    school_fact = _first(facts, "毕业院校", "毕业学校", "学历")
    matched = _mentions(school_fact, school_names)
    evidence = f"毕业院校：{school_fact}" if matched else ""
    if not matched:
        for sentence in _sentences(document):
            matched = _mentions(sentence, school_names)
            if matched:
                evidence = sentence
                break
    if not matched:
        return None
    summary = next((s for s in (_clean(p.text_content()) for p in document.xpath("//p")) if s), "")
    return {
        "kind": "person", "name": name[:100], "position": _first(facts, "职务", "现任职务", "职业")[:200],
        "summary": summary[:MAX_TEXT], "evidence": evidence[:MAX_TEXT], "matched_name": matched, "source_url": url,
    }


def extract_enterprise(html: str, url: str, school_names: list[str]) -> dict | None:
    document = _doc(html, url)
    facts = _facts(document)
    name = _first(facts, "公司名称", "公司全称") or _title(document)
    if not name:
        return None
    alumni = []
    for table in document.xpath("//table[.//th]"):
        headers = [_clean(th.text_content()) for th in table.xpath(".//tr[th][1]/th")]
        if "姓名" not in headers or not any(h in headers for h in ("简历", "个人简历", "主要工作经历")):
            continue
        name_at = headers.index("姓名")
        resume_at = next(headers.index(h) for h in ("简历", "个人简历", "主要工作经历") if h in headers)
        position_at = headers.index("职务") if "职务" in headers else None
        for row in table.xpath(".//tr[td]"):
            cells = [_clean(td.text_content()) for td in row.xpath("td")]
            if len(cells) <= max(name_at, resume_at):
                continue
            matched = _mentions(cells[resume_at], school_names)
            if matched:
                alumni.append({"name": cells[name_at][:100], "position": (cells[position_at] if position_at is not None and position_at < len(cells) else "")[:100],
                               "evidence": cells[resume_at][:MAX_TEXT], "matched_name": matched})
    if not alumni:
        return None
    summary = next((s for s in (_clean(p.text_content()) for p in document.xpath("//p")) if s), "")
    return {
        "kind": "enterprise", "name": name[:200], "stock_code": _first(facts, "证券代码", "股票代码")[:20],
        "exchange": _first(facts, "上市地点", "上市交易所")[:50], "industry": _first(facts, "所属行业", "行业")[:100],
        "summary": summary[:MAX_TEXT], "alumni": alumni[:20], "source_url": url,
    }


def extract_news(html: str, url: str, subjects: list[dict]) -> list[dict]:
    """One item per subject ({kind, name}) the article names."""
    document = _doc(html, url)
    title = _title(document)
    if not title:
        return []
    body = " ".join(_clean(p.text_content()) for p in document.xpath("//p"))
    times = document.xpath("//time/@datetime")
    published = (times[0] if times else _first(_facts(document), "发布时间", "日期"))[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        published = ""
    items = []
    for subject in subjects:
        name = subject.get("name", "")
        if name and (name in title or name in body):
            items.append({"kind": "news", "subject_kind": subject["kind"], "subject_name": name, "title": title[:200],
                          "published_on": published, "summary": body[:MAX_TEXT], "source_url": url})
    return items
