"""Our robots.txt parser on the cases where urllib.robotparser goes wrong (RFC 9309)."""

from __future__ import annotations

import urllib.robotparser

import pytest

from shared_apps.crawler.robots import RobotsTxt

UA = "CampusSaaSBot/1.0 (+https://localhost/crawler-info)"


def allowed(text: str, path: str, agent: str = UA) -> bool:
    return RobotsTxt.parse(text).can_fetch(agent, f"https://example.cn{path}")


def stdlib_allowed(text: str, path: str) -> bool:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    return parser.can_fetch(UA, f"https://example.cn{path}")


def test_wildcard_with_end_anchor_blocks_what_the_standard_library_lets_through():
    text = "User-agent: *\nDisallow: /*.pdf$\n"
    assert stdlib_allowed(text, "/files/report.pdf") is True  # the library's blind spot
    assert allowed(text, "/files/report.pdf") is False
    assert allowed(text, "/files/report.pdf?download=1") is True  # "$" anchors the end
    assert allowed(text, "/files/report.pdfx") is True


def test_longest_match_wins_not_the_first():
    text = "User-agent: *\nDisallow: /a\nAllow: /a/b\n"
    assert stdlib_allowed(text, "/a/b/c") is False  # first match
    assert allowed(text, "/a/b/c") is True
    assert allowed(text, "/a/x") is False


def test_allow_wins_a_tie_of_equal_length():
    assert allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page") is True
    assert allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "/page") is True


def test_longer_disallow_beats_shorter_allow_and_wildcards_count_as_written():
    text = "User-agent: *\nAllow: /news/\nDisallow: /news/*?print=\n"
    assert allowed(text, "/news/2026/a.html") is True
    assert allowed(text, "/news/2026/a.html?print=1") is False
    # "/*.html" (7 octets) is longer than "/shop" (5): the allow wins
    assert allowed("User-agent: *\nDisallow: /shop\nAllow: /*.html\n", "/shop/x.html") is True


def test_dollar_inside_a_pattern_is_literal_and_star_matches_empty():
    assert allowed("User-agent: *\nDisallow: /a$b\n", "/a$b/c") is False
    assert allowed("User-agent: *\nDisallow: /a*\n", "/a") is False
    assert allowed("User-agent: *\nDisallow: /$\n", "/") is False
    assert allowed("User-agent: *\nDisallow: /$\n", "/index.html") is True


def test_our_group_replaces_the_star_group_and_same_agent_groups_merge():
    text = (
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: campussaasbot\nDisallow: /private/\n\n"
        "User-agent: OtherBot\nDisallow: /x\n\n"
        "User-agent: CampusSaaSBot\nDisallow: /drafts/\n"
    )
    assert allowed(text, "/public/page") is True
    assert allowed(text, "/private/page") is False
    assert allowed(text, "/drafts/page") is False
    assert allowed(text, "/public/page", agent="SomeoneElse/2.0") is False


def test_several_agents_on_one_group_and_comments_and_bom():
    text = "\ufeff# hello\nUser-agent: a\nUser-agent: CampusSaaSBot # us\nDisallow: /x # no x\n"
    assert allowed(text, "/x/1") is False
    assert allowed(text, "/y") is True


def test_empty_disallow_and_rules_before_any_agent_are_ignored():
    assert allowed("Disallow: /\nUser-agent: *\nDisallow:\n", "/anything") is True


def test_percent_encoding_is_compared_normalised():
    text = "User-agent: *\nDisallow: /caf%C3%A9\n"
    assert allowed(text, "/café/menu") is False
    assert allowed("User-agent: *\nDisallow: /café\n", "/caf%C3%A9/menu") is False


def test_query_strings_are_part_of_the_path():
    assert allowed("User-agent: *\nDisallow: /search?q=\n", "/search?q=x") is False
    assert allowed("User-agent: *\nDisallow: /search?q=\n", "/search") is True


def test_robots_txt_itself_is_always_allowed_and_unreachable_means_disallow_all():
    assert allowed("User-agent: *\nDisallow: /\n", "/robots.txt") is True
    assert RobotsTxt.disallow_all().can_fetch(UA, "https://example.cn/a") is False
    assert RobotsTxt.allow_all().can_fetch(UA, "https://example.cn/a") is True


@pytest.mark.parametrize(("text", "expected"), [
    ("User-agent: *\nCrawl-delay: 3\n", 3.0),
    ("User-agent: *\nCrawl-delay: nonsense\n", None),
    ("User-agent: CampusSaaSBot\nCrawl-delay: 1.5\nUser-agent: *\nCrawl-delay: 9\n", 1.5),
])
def test_crawl_delay(text, expected):
    assert RobotsTxt.parse(text).crawl_delay(UA) == expected


def test_the_fixture_site_robots_txt():
    from shared_apps.crawler.fixture_server import SITE

    text = (SITE / "robots.txt").read_text(encoding="utf-8")
    assert allowed(text, "/baike/private/zhou-mi.html") is False
    assert allowed(text, "/baike/private/public-note.html") is True
    assert allowed(text, "/baike/wang-siqi.html") is True
    assert allowed(text, "/files/a.pdf") is False
    assert allowed(text, "/news/x.html?print=1") is False
    assert allowed(text, "/baike/x", agent="BadBot") is False
