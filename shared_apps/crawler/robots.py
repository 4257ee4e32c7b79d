"""robots.txt as RFC 9309 reads it: groups by user agent, `*` and `$` in paths, the longest
matching rule wins and `Allow` wins a tie. The standard library's `urllib.robotparser` takes the
first matching rule and knows no wildcards, so `Disallow: /*.pdf$` or an `Allow` deeper than a
`Disallow` come out wrong there (docs/decisions/0110-crawler-politeness.md)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

# Characters kept as they are when paths and patterns are brought to one percent-encoding.
_SAFE = "/?=&;:@!$'()*+,~-._%"
MAX_BYTES = 500 * 1024  # RFC 9309 2.5: parsers must read at least 500 KiB; we read no more


def _normalise(value: str) -> str:
    # Decode then re-encode so "/caf%C3%A9" and "/café" compare equal, keeping "%2F" distinct
    # from "/" as far as decoding allows (a literal "%" survives as "%25").
    return quote(unquote(value), safe=_SAFE)


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str
    regex: re.Pattern = field(compare=False, repr=False)

    @classmethod
    def make(cls, allow: bool, pattern: str) -> Rule:
        normalised = _normalise(pattern)
        anchored = normalised.endswith("$")
        body = normalised[:-1] if anchored else normalised
        # "$" inside a pattern is an ordinary character; only a trailing one anchors.
        regex = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", body))
        return cls(allow=allow, pattern=normalised, regex=re.compile(regex + ("$" if anchored else ""), re.DOTALL))

    def matches(self, path: str) -> bool:
        return self.regex.match(path) is not None

    @property
    def specificity(self) -> int:
        # RFC 9309 2.2.2: "the most specific match found MUST be used ... the match that has
        # the most octets"; wildcards count as the octets written.
        return len(self.pattern)


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


@dataclass
class RobotsTxt:
    """A parsed robots.txt. `allow_all()` / `disallow_all()` stand for the RFC's unavailable
    (4xx) and unreachable (5xx, network error) cases."""

    groups: list[Group] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    default_allow: bool = True

    @classmethod
    def allow_all(cls) -> RobotsTxt:
        return cls()

    @classmethod
    def disallow_all(cls) -> RobotsTxt:
        return cls(default_allow=False)

    @classmethod
    def parse(cls, text: str | bytes) -> RobotsTxt:
        if isinstance(text, bytes):
            text = text[:MAX_BYTES].decode("utf-8", errors="replace")
        robots = cls()
        current: Group | None = None
        last_was_agent = False
        for raw in text.lstrip("\ufeff").splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = (part.strip() for part in line.split(":", 1))
            key = key.lower()
            if key in ("user-agent", "useragent"):
                if current is None or not last_was_agent:
                    current = Group()
                    robots.groups.append(current)
                current.agents.append(value.lower())
                last_was_agent = True
                continue
            last_was_agent = False
            if key == "sitemap":
                robots.sitemaps.append(value)
            elif current is None:
                continue  # a rule before any user-agent line belongs to no group
            elif key in ("allow", "disallow"):
                if value:  # "Disallow:" with nothing after it disallows nothing
                    current.rules.append(Rule.make(key == "allow", value if value.startswith(("/", "*")) else "/" + value))
            elif key == "crawl-delay":
                with contextlib.suppress(ValueError):
                    current.crawl_delay = max(0.0, float(value))
        return robots

    def _groups_for(self, user_agent: str) -> list[Group]:
        """Every group naming our product token (case-insensitive, the token before "/"),
        else every `*` group: RFC 9309 2.2.1 merges groups with the same agent."""
        token = user_agent.split("/", 1)[0].strip().lower()
        named = [g for g in self.groups if any(agent != "*" and agent.split("/", 1)[0] == token for agent in g.agents)]
        return named or [g for g in self.groups if "*" in g.agents]

    def can_fetch(self, user_agent: str, url: str) -> bool:
        parts = urlsplit(url)
        path = parts.path or "/"
        if path == "/robots.txt":
            return True
        if parts.query:
            path = f"{path}?{parts.query}"
        path = _normalise(path)
        best: Rule | None = None
        for group in self._groups_for(user_agent):
            for rule in group.rules:
                if not rule.matches(path):
                    continue
                if best is None or rule.specificity > best.specificity or (rule.specificity == best.specificity and rule.allow and not best.allow):
                    best = rule
        if best is None:
            return self.default_allow
        return best.allow

    def crawl_delay(self, user_agent: str) -> float | None:
        delays = [g.crawl_delay for g in self._groups_for(user_agent) if g.crawl_delay is not None]
        return max(delays) if delays else None
