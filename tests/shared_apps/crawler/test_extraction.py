"""The extraction rules on the fixture pages and on pages built to trip them."""

from __future__ import annotations

from shared_apps.crawler import extraction
from shared_apps.crawler.fixture_server import SITE


def page(path: str) -> str:
    return (SITE / path).read_text(encoding="utf-8")


def test_person_from_the_info_box_or_from_a_sentence():
    found = extraction.extract_person(page("baike/li-mingyuan.html"), "http://x/1", ["演示大学", "演示工学院"])
    assert found["name"] == "李明远" and found["matched_name"] == "演示工学院" and found["evidence"] == "毕业院校：演示工学院"
    found = extraction.extract_person(page("gov/liu-jianguo.html"), "http://x/2", ["演示大学"])
    assert found["name"] == "刘建国" and found["position"] == "副省长" and "在演示大学土木工程系学习" in found["evidence"]
    assert extraction.extract_person(page("baike/sun-li.html"), "http://x/3", ["演示大学"]) is None


def test_enterprise_needs_an_executive_who_studied_there():
    found = extraction.extract_enterprise(page("disclosure/lanshan-pharma.html"), "http://x/4", ["演示工学院"])
    assert found["name"] == "蓝山医药股份有限公司" and found["stock_code"] == "300888"
    assert found["alumni"] == [{"name": "高原", "position": "董事会秘书", "evidence": "1981年生，2003年毕业于演示工学院化工系。", "matched_name": "演示工学院"}]
    assert extraction.extract_enterprise(page("disclosure/lanshan-pharma.html"), "http://x/4", ["阿尔法大学"]) is None


def test_news_per_subject_named_in_it():
    items = extraction.extract_news(page("news/2026-10-siqi.html"), "http://x/n", [
        {"kind": "person", "name": "王思齐"}, {"kind": "enterprise", "name": "星河科技股份有限公司"}, {"kind": "person", "name": "陈晓兰"}])
    assert [(i["subject_kind"], i["subject_name"]) for i in items] == [("person", "王思齐")]
    assert items[0]["published_on"] == "2026-10-12"


def test_links_stay_on_the_host_and_drop_fragments_and_scripts():
    html = """<html><body><script>var a='<a href="/evil">';</script><a href="/a#x">甲</a><a href="/a">甲again</a>
    <a href="https://other.example/b">外站</a><a href="mailto:x@y">信</a><a href="b.html">乙</a></body></html>"""
    assert extraction.links(html, "http://h.example/dir/") == [("http://h.example/a", "甲"), ("http://h.example/dir/b.html", "乙")]


def test_broken_html_does_not_raise():
    assert extraction.extract_person("", "http://x", ["演示大学"]) is None
    assert extraction.extract_person("<<<>>>\x00", "http://x", ["演示大学"]) is None
    assert extraction.links("", "http://x/") == []
