"""Work a long-running process does once when it starts, so the first user does not wait for it:
import every view module (URL resolvers), compile the layouts, and whatever apps register
(the experts' Chinese word-cut dictionary). Management commands and tests skip it.

Apps call `register_warmup(func)` in `AppConfig.ready()`; `start_if_server()` (called once the
apps are ready) runs the functions in a background thread of a web or worker process."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

_warmups: list[Callable[[], object]] = []
_started = False
_lock = threading.Lock()
SERVER_PROGRAMS = {"gunicorn", "uwsgi", "daphne", "uvicorn", "celery"}


def register_warmup(func: Callable[[], object]) -> None:
    if func not in _warmups:
        _warmups.append(func)


def is_server_process(argv: list[str] | None = None) -> bool:
    argv = sys.argv if argv is None else argv
    if os.environ.get("WARMUP", "").lower() in {"0", "false", "no"}:
        return False
    if os.environ.get("WARMUP", "").lower() in {"1", "true", "yes"}:
        return True
    program = os.path.basename(argv[0]) if argv else ""
    return program in SERVER_PROGRAMS or (program == "manage.py" and len(argv) > 1 and argv[1] == "runserver")


def warm_up_core() -> None:
    from django.conf import settings
    from django.template import loader
    from django.urls import get_resolver

    for urlconf in {settings.ROOT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF, getattr(settings, "CONSOLE_URLCONF", settings.ROOT_URLCONF)}:
        get_resolver(urlconf).url_patterns  # noqa: B018 - imports every view module
    for name in ("backoffice/base.html", "h5/base.html", "console/base.html", "errors/backoffice.html", "errors/h5.html"):
        loader.get_template(name)


def run_warmups() -> None:
    from django.apps import apps

    deadline = time.monotonic() + 60
    while not apps.ready and time.monotonic() < deadline:  # started from an AppConfig.ready()
        time.sleep(0.05)
    started = time.monotonic()
    for func in [warm_up_core, *_warmups]:
        try:
            func()
        except Exception:  # a warm-up is an optimisation: never break the process
            logger.exception("warm-up %s failed", getattr(func, "__name__", func))
    logger.info("warm-up done in %.2f s", time.monotonic() - started)


def start_if_server() -> bool:
    """Run the warm-ups in a daemon thread of a server process (once)."""
    global _started
    with _lock:
        if _started or not is_server_process():
            return False
        _started = True
    threading.Thread(target=run_warmups, name="warmup", daemon=True).start()
    return True
