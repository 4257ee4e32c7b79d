"""A tiny public-site stand-in on 127.0.0.1 serving `demo_site/` (encyclopedia, government,
disclosure and news pages plus robots.txt), for the tests and for trying the crawler without
the internet. `/<section>/search?q=…` lists the section's pages whose text contains the query,
as a site search would. Every request is logged (path, time, User-Agent); `fail_first`
makes a path answer 503 a number of times before it works (retry tests)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SITE = Path(__file__).resolve().parent / "demo_site"


@dataclass
class Hit:
    path: str
    at: float
    user_agent: str
    status: int


class FixtureSite:
    def __init__(self, root: Path = SITE, *, robots: str | None = None) -> None:
        self.root = root
        self.robots = robots
        self.hits: list[Hit] = []
        self.fail_first: dict[str, int] = {}
        self.status_for: dict[str, int] = {}
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                status, body, content_type = site.answer(self.path)
                with site.lock:
                    site.hits.append(Hit(path=self.path, at=time.monotonic(), user_agent=self.headers.get("User-Agent", ""), status=status))
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FixtureSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self) -> list[str]:
        with self.lock:
            return [hit.path for hit in self.hits]

    def answer(self, raw_path: str) -> tuple[int, str, str]:
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        with self.lock:
            if self.fail_first.get(path, 0) > 0:
                self.fail_first[path] -= 1
                return 503, "busy", "text/plain; charset=utf-8"
        if path in self.status_for:
            return self.status_for[path], "", "text/plain; charset=utf-8"
        if path == "/robots.txt":
            text = self.robots if self.robots is not None else (self.root / "robots.txt").read_text(encoding="utf-8")
            return 200, text, "text/plain; charset=utf-8"
        if path.endswith("/search"):
            section = path.strip("/").split("/")[0]
            return 200, self.search(section, parse_qs(parts.query).get("q", [""])[0]), "text/html; charset=utf-8"
        file = (self.root / path.lstrip("/")).resolve()
        if self.root.resolve() not in file.parents or not file.is_file():
            return 404, "not found", "text/plain; charset=utf-8"
        return 200, file.read_text(encoding="utf-8"), "text/html; charset=utf-8"

    def search(self, section: str, query: str) -> str:
        folder = self.root / section
        hits = []
        if query and folder.is_dir():
            for file in sorted(folder.rglob("*.html")):
                text = file.read_text(encoding="utf-8")
                if query in text:
                    title = text.split("<h1>", 1)[1].split("</h1>", 1)[0] if "<h1>" in text else file.stem
                    hits.append(f'<li><a href="/{file.relative_to(self.root).as_posix()}">{escape(title)}</a></li>')
        results = "".join(hits) or "<li>没有结果</li>"
        return f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索 {escape(query)}</title></head><body><h2>搜索结果</h2><ul class="results">{results}</ul></body></html>'
