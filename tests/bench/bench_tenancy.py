#!/usr/bin/env python
"""Tenancy overhead: requests/s and p95 latency of a token-authenticated tenant list endpoint,
with 1 and with 1,000 tenants, against the same endpoint served as plain Django.

Run through scripts/bench (it provides DATABASE_URL / REDIS_URL, embedded when unset):

    scripts/bench tenancy [--duration 8] [--threads 4] [--tenants 1000] [--rounds 2]

What it does (see docs/benchmarks.md):
1. Recreates the database `campus_bench` on the DATABASE_URL server, migrates the public
   schema and provisions tenant bench0001 the normal way (tenant_provision).
2. Counts the SQL queries of two requests in-process: the host -> tenant lookup must not
   query the database again once cached (core.tenancy.CachedTenantMiddleware).
3. Starts gunicorn (2 gthread workers, keep-alive) and drives it with a thread pool of
   http.client keep-alive connections for a fixed time: first settings_plain (no tenant
   middleware, public schema), then settings_tenant with 1 tenant.
4. Adds 999 tenants: rows + domains, each schema holding copies of the two tables the
   endpoint reads (accounts_user, authtoken_token; CREATE TABLE ... LIKE ... INCLUDING ALL
   + INSERT SELECT), which is what the lookup and search_path switch cost depends on;
   a full migrate per tenant would take far longer and measure nothing more here.
   Requests then rotate over all 1,000 hosts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT / "src"), str(ROOT)]

BENCH_DATABASE = "campus_bench"
TOKEN = "b3nch" * 8  # 40 characters, like a DRF token
PATH = "/bench/users/"
FIRST = "bench0001"


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _bench_database_url() -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campus_saas"))
    return urlunsplit((url.scheme, url.netloc, f"/{BENCH_DATABASE}", url.query, ""))


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                            password=parts.password, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        cursor.execute(f"CREATE DATABASE \"{BENCH_DATABASE}\" ENCODING 'UTF8' TEMPLATE template0")
    conn.close()


def _users_and_token(schema: str) -> None:
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context
    from rest_framework.authtoken.models import Token

    user_model = get_user_model()
    with schema_context(schema):
        user_model.objects.bulk_create(
            [user_model(username=f"user{i:03d}", display_name=f"用户{i:03d}", kind="staff") for i in range(50)]
        )
        bench_user = user_model.objects.create(username="bench", display_name="压测", kind="staff")
        Token.objects.create(key=TOKEN, user=bench_user)


def setup_first_tenant() -> None:
    from django.core.management import call_command

    from shared_apps.provisioning.services import public_tenant_ensure, tenant_provision

    _log("migrating the public schema of campus_bench")
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure(base_domain="localhost")
    _log(f"provisioning tenant {FIRST}")
    tenant_provision(slug=FIRST, name="压测大学 1", modules=["employment", "alumni", "experts"],
                     admin_username="admin", admin_password="bench-admin-1")
    _users_and_token(FIRST)
    _users_and_token("public")  # the plain-Django baseline reads the public schema


def count_queries() -> dict:
    """SQL run by a first and a second request to the same tenant host (in process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.tenancy import forget_cached_tenants

    forget_cached_tenants()
    client = Client(HTTP_HOST=f"{FIRST}.localhost", HTTP_AUTHORIZATION=f"Token {TOKEN}")
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(PATH)
        assert response.status_code == 200, response.content[:500]
        sql = [q["sql"] for q in captured.captured_queries]
        lookups = [s for s in sql if "provisioning_domain" in s or "provisioning_tenant" in s]
        searches = [s for s in sql if s.startswith("SET search_path")]
        counts.append({"queries": len(sql), "tenant_lookups": len(lookups), "set_search_path": len(searches)})
        connection.set_schema_to_public()
    return {"first_request": counts[0], "second_request": counts[1]}


def add_tenants(total: int) -> None:
    from django.db import connection, transaction

    from shared_apps.provisioning.models import Domain, Tenant

    _log(f"adding {total - 1} tenants (schemas with copies of accounts_user and authtoken_token)")
    started = time.monotonic()
    slugs = [f"bench{i:04d}" for i in range(2, total + 1)]
    # 50 schemas per transaction: one transaction for all of them runs out of lock slots
    # (max_locks_per_transaction) on a default PostgreSQL.
    for start in range(0, len(slugs), 50):
        with transaction.atomic(), connection.cursor() as cursor:
            for slug in slugs[start:start + 50]:
                cursor.execute(f'CREATE SCHEMA "{slug}"')
                for table in ("accounts_user", "authtoken_token"):
                    cursor.execute(f'CREATE TABLE "{slug}"."{table}" (LIKE "{FIRST}"."{table}" INCLUDING ALL)')
                    cursor.execute(f'INSERT INTO "{slug}"."{table}" SELECT * FROM "{FIRST}"."{table}"')
    with transaction.atomic():
        tenants = Tenant.objects.bulk_create([
            Tenant(schema_name=slug, name=f"压测大学 {slug[5:]}", status="active", modules=["employment", "alumni", "experts"])
            for slug in slugs
        ])
        Domain.objects.bulk_create([Domain(domain=f"{t.schema_name}.localhost", tenant=t, is_primary=True) for t in tenants])
    _log(f"added {len(slugs)} tenants in {time.monotonic() - started:.1f}s")


# --- load ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, settings_module: str, extra_env: dict | None = None) -> None:
        self.port = _free_port()
        env = dict(os.environ, **(extra_env or {}), DJANGO_SETTINGS_MODULE=settings_module,
                   PYTHONPATH=os.pathsep.join([str(BENCH_DIR), str(ROOT / "src"), str(ROOT)]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--keep-alive", "30",
             "--log-level", "warning", "--no-control-socket"],
            env=env, cwd=ROOT,
        )

    def wait_ready(self, host: str) -> None:
        """Until a worker process answers (booting Django can take a while on a busy machine)."""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", PATH, headers={"Host": host, "Authorization": f"Token {TOKEN}"})
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
                raise SystemExit(f"{host}{PATH} answered {status}")
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
        raise SystemExit("gunicorn did not answer")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _drive(port: int, hosts: list[str], offset: int, deadline: float, max_requests: int, out: dict) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    latencies, errors, index = [], 0, offset
    while time.monotonic() < deadline and len(latencies) + errors < max_requests:
        host = hosts[index % len(hosts)]
        index += 1
        started = time.perf_counter()
        try:
            conn.request("GET", PATH, headers={"Host": host, "Authorization": f"Token {TOKEN}"})
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()
    out["latencies"], out["errors"] = latencies, errors


def load(port: int, hosts: list[str], *, threads: int, duration: float, max_requests: int = 200_000) -> dict:
    outputs = [{} for _ in range(threads)]
    step = max(1, len(hosts) // threads)
    deadline = time.monotonic() + duration
    started = time.monotonic()
    workers = [threading.Thread(target=_drive, args=(port, hosts, i * step, deadline, max_requests // threads, outputs[i]))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies = sorted(lat for out in outputs for lat in out["latencies"])
    errors = sum(out["errors"] for out in outputs)
    if not latencies:
        raise SystemExit(f"no successful request ({errors} errors)")
    return {
        "requests": len(latencies), "errors": errors, "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    }


def _postmaster_pid() -> int | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        data_directory = Path(cursor.fetchone()[0])
    try:
        return int((data_directory / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None  # a server on another machine: only the app side is counted


def _cpu_seconds(roots: list[int]) -> dict[int, float]:
    """CPU time (user + system) of each child of the given processes (and the roots)."""
    import psutil

    seen: dict[int, float] = {}
    for root in roots:
        try:
            parent = psutil.Process(root)
            for process in [parent, *parent.children(recursive=True)]:
                times = process.cpu_times()
                seen[process.pid] = times.user + times.system
        except psutil.Error:
            continue
    return seen


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def run_once(settings_module: str, hosts: list[str], extra_env: dict, *, threads: int, duration: float,
             warmup_passes: int = 4) -> dict:
    server = Server(settings_module, extra_env)
    try:
        server.wait_ready(hosts[0])
        # Warm up: every host through the worker processes, so caches and connections exist.
        # With many hosts, `warmup_passes` decides how many of the server's database
        # connections have already met each schema (see --warmup-passes).
        load(server.port, hosts * warmup_passes, threads=threads,
             duration=max(2.0, min(20.0 * warmup_passes / 4, len(hosts) * warmup_passes / 200)),
             max_requests=max(len(hosts) * warmup_passes, 400))
        postmaster = _postmaster_pid()
        app_before = _cpu_seconds([server.process.pid])
        db_before = _cpu_seconds([postmaster]) if postmaster else {}
        result = load(server.port, hosts, threads=threads, duration=duration)
        app_used = _cpu_used(app_before, _cpu_seconds([server.process.pid]))
        db_used = _cpu_used(db_before, _cpu_seconds([postmaster])) if postmaster else 0.0
        # CPU per request hardly depends on what else the machine is doing, unlike req/s.
        result["app_cpu_ms"] = round(app_used / result["requests"] * 1000, 3)
        result["db_cpu_ms"] = round(db_used / result["requests"] * 1000, 3)
        result["cpu_ms"] = round(result["app_cpu_ms"] + result["db_cpu_ms"], 3)
        return result
    finally:
        server.stop()


def compare(scenarios: dict[str, tuple[str, list[str], dict]], *, threads: int, duration: float, rounds: int,
            warmup_passes: int = 4) -> dict:
    """Rounds alternate between the scenarios (A B A B ...), so that noise from other work on
    the machine hits both alike; the best round of each is kept (noise only slows down)."""
    runs: dict[str, list[dict]] = {name: [] for name in scenarios}
    for _ in range(rounds):
        for name, (settings_module, hosts, extra_env) in scenarios.items():
            _log(f"  {name}")
            runs[name].append(run_once(settings_module, hosts, extra_env, threads=threads, duration=duration,
                                       warmup_passes=warmup_passes))
    result = {}
    for name, name_runs in runs.items():
        best = max(name_runs, key=lambda run: run["rps"])
        cheapest = min(name_runs, key=lambda run: run["cpu_ms"])
        result[name] = {**best, "app_cpu_ms": cheapest["app_cpu_ms"], "db_cpu_ms": cheapest["db_cpu_ms"],
                        "cpu_ms": cheapest["cpu_ms"], "rounds": [run["rps"] for run in name_runs],
                        "cpu_rounds": [run["cpu_ms"] for run in name_runs]}
    return result


def _table(results: dict, baseline: str) -> list[str]:
    base = results[baseline]
    lines = [f"{'scenario':<20}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'err':>5}{'CPU ms/req (app+db)':>22}{'CPU overhead':>14}{'req/s overhead':>16}"]
    for name, row in results.items():
        cpu = f"{row['cpu_ms']:.2f} ({row['app_cpu_ms']:.2f}+{row['db_cpu_ms']:.2f})"
        cpu_overhead = "" if name == baseline else f"{(row['cpu_ms'] / base['cpu_ms'] - 1) * 100:+.1f}%"
        rps_overhead = "" if name == baseline else f"{(1 - row['rps'] / base['rps']) * 100:+.1f}%"
        lines.append(f"{name:<20}{row['rps']:>8}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['errors']:>5}{cpu:>22}{cpu_overhead:>14}{rps_overhead:>16}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description="tenancy overhead benchmark")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds of load per round")
    parser.add_argument("--threads", type=int, default=4, help="client connections")
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per scenario; the best is kept")
    parser.add_argument("--per-cursor-set", action="store_true",
                        help="also measure django-tenants' default (a SET search_path before every cursor)")
    parser.add_argument("--warmup-passes", type=int, default=4,
                        help="phase 2: requests per host before measuring (4: many connections still meet a "
                             "schema for the first time, as after a restart; 32: steady state)")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "tenancy.json"))
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchsite.settings_tenant"
    os.environ.setdefault("SPARE_SCHEMA_POOL_SIZE", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("SENTRY_DSN", None)
    recreate_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    setup_first_tenant()
    queries = count_queries()
    _log(f"queries per request: {queries}")
    options = {"threads": args.threads, "duration": args.duration, "rounds": args.rounds}
    plain = ("benchsite.settings_plain", ["localhost"], {})
    first = [f"{FIRST}.localhost"]

    _log("phase 1: plain Django against tenancy with 1 tenant")
    scenarios = {"plain": plain, "tenant_1": ("benchsite.settings_tenant", first, {})}
    if args.per_cursor_set:
        scenarios["tenant_1_per_cursor"] = ("benchsite.settings_tenant", first, {"BENCH_LIMIT_SET_CALLS": "0"})
    one = compare(scenarios, **options)
    from django.db import connections

    add_tenants(args.tenants)
    connections.close_all()
    _log(f"phase 2: plain Django against tenancy with {args.tenants} tenants (requests rotate over all hosts)")
    hosts = [f"bench{i:04d}.localhost" for i in range(1, args.tenants + 1)]
    many = compare({"plain": plain, f"tenant_{args.tenants}": ("benchsite.settings_tenant", hosts, {})}, **options,
                   warmup_passes=args.warmup_passes)

    results = {"queries": queries, "options": vars(args), "phase_1": one, "phase_2": many}
    print("\n" + "\n".join(_table(one, "plain")))
    print("\n" + "\n".join(_table(many, "plain")))
    print(f"\nqueries: {json.dumps(queries)}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2))
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
