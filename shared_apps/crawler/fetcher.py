"""The one HTTP adapter of the crawler: our user agent, timeouts, robots.txt per host, the
shared per-host pace, and retries with backoff for transient failures only (timeouts,
connection errors, 429 and 5xx; a 404 or 403 is an answer, not a hiccup)."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils import timezone

from shared_apps.crawler.ratelimit import HostPace
from shared_apps.crawler.robots import RobotsTxt

TRANSIENT_STATUS = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5


def user_agent() -> str:
    base = getattr(settings, "BASE_DOMAIN", "localhost")
    return getattr(settings, "CRAWLER_USER_AGENT", f"CampusSaaSBot/1.0 (+https://{base}/crawler-info)")


def _setting(name: str, default):
    return getattr(settings, name, default)


class AddressRefused(requests.RequestException):
    """A page (or a redirect) pointed at a loopback, private or otherwise non-public address."""


def _check_address(url: str) -> None:
    """Public pages may redirect anywhere; a worker must not follow them to the metadata service,
    Redis or the database (docs/decisions/0107). Private addresses are allowed only when
    CRAWLER_ALLOW_PRIVATE_ADDRESSES is on (the default in DEBUG: the local fixture site)."""
    if _setting("CRAWLER_ALLOW_PRIVATE_ADDRESSES", settings.DEBUG):
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        raise AddressRefused(f"无法解析域名 {host}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            raise AddressRefused(f"{host} 指向非公网地址 {address}，不予抓取")


@dataclass
class FetchResult:
    url: str
    final_url: str = ""
    status_code: int | None = None
    text: str = ""
    attempts: int = 0
    fetched_at: object = None
    duration_ms: int = 0
    error: str = ""
    robots_allowed: bool = True

    @property
    def ok(self) -> bool:
        return not self.error and self.status_code is not None and 200 <= self.status_code < 300


class Fetcher:
    """One per run: keeps the robots.txt of each host it met (read once per run)."""

    def __init__(self, *, min_interval: float = 1.0, pace: HostPace | None = None, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.min_interval = min_interval
        self.pace = pace or HostPace()
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": user_agent(), "Accept-Language": "zh-CN,zh;q=0.9"})
        self.sleep = sleep
        self.robots: dict[str, RobotsTxt] = {}
        self.attempts_max = int(_setting("CRAWLER_MAX_ATTEMPTS", 3))
        self.backoff = float(_setting("CRAWLER_BACKOFF_SECONDS", 1.0))
        self.timeout = (float(_setting("CRAWLER_CONNECT_TIMEOUT", 5.0)), float(_setting("CRAWLER_READ_TIMEOUT", 15.0)))
        self.max_bytes = int(_setting("CRAWLER_MAX_BYTES", 2 * 1024 * 1024))

    # --- robots.txt ---------------------------------------------------------------------------

    @staticmethod
    def origin(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def robots_for(self, url: str) -> RobotsTxt:
        origin = self.origin(url)
        if origin not in self.robots:
            result = self._get(origin + "/robots.txt", check_robots=False)
            if result.status_code is not None and 200 <= result.status_code < 300:
                self.robots[origin] = RobotsTxt.parse(result.text)
            elif result.status_code is not None and 400 <= result.status_code < 500 and result.status_code != 429:
                self.robots[origin] = RobotsTxt.allow_all()  # RFC 9309 2.3.1.3: unavailable
            else:
                self.robots[origin] = RobotsTxt.disallow_all()  # 2.3.1.4: unreachable
        return self.robots[origin]

    def allowed(self, url: str) -> bool:
        return self.robots_for(url).can_fetch(user_agent(), url)

    def interval_for(self, url: str) -> float:
        delay = self.robots_for(url).crawl_delay(user_agent())
        return max(self.min_interval, delay or 0.0)

    # --- fetching -----------------------------------------------------------------------------

    def fetch(self, url: str) -> FetchResult:
        if not self.allowed(url):
            return FetchResult(url=url, robots_allowed=False, error="robots.txt 不允许抓取")
        return self._get(url, check_robots=True)

    def _get(self, url: str, *, check_robots: bool) -> FetchResult:
        result = FetchResult(url=url)
        started = time.monotonic()
        host = urlsplit(url).netloc.lower()
        interval = self.interval_for(url) if check_robots else self.min_interval
        while result.attempts < self.attempts_max:
            result.attempts += 1
            self.pace.wait(host, interval)
            retry_after = None
            try:
                response = self._request(url, check_robots=check_robots)
            except requests.RequestException as exc:
                result.error, result.status_code = f"{type(exc).__name__}: {exc}"[:500], None
            else:
                result.status_code, result.final_url = response.status_code, response.url
                result.fetched_at = timezone.now()
                if response.status_code in TRANSIENT_STATUS:
                    result.error = f"HTTP {response.status_code}"
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                else:
                    result.error = "" if response.status_code < 400 else f"HTTP {response.status_code}"
                    result.text = _text(response, self.max_bytes)
                    break
            if result.attempts < self.attempts_max:
                self.sleep(min(60.0, max(retry_after or 0.0, self.backoff * (2 ** (result.attempts - 1)))))
        result.duration_ms = int((time.monotonic() - started) * 1000)
        return result

    def _request(self, url: str, *, check_robots: bool) -> requests.Response:
        # Redirects by hand so that every hop is checked against robots.txt.
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            _check_address(current)
            response = self.session.get(current, timeout=self.timeout, allow_redirects=False, stream=True)
            if response.is_redirect and response.headers.get("Location"):
                target = urljoin(current, response.headers["Location"])
                response.close()
                if check_robots and not self.allowed(target):
                    raise requests.TooManyRedirects(f"重定向目标不允许抓取: {target}")
                current = target
                continue
            return response
        raise requests.TooManyRedirects(f"重定向超过 {MAX_REDIRECTS} 次")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


def _text(response: requests.Response, limit: int) -> str:
    body = b""
    for chunk in response.iter_content(64 * 1024):
        body += chunk
        if len(body) >= limit:
            break
    response.close()
    encoding = response.encoding if response.encoding and response.encoding.lower() != "iso-8859-1" else None
    if encoding is None:
        encoding = requests.utils.get_encodings_from_content(body[:2048].decode("ascii", errors="ignore"))
        encoding = encoding[0] if encoding else "utf-8"
    return body.decode(encoding, errors="replace")
