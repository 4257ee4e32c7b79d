#!/usr/bin/env python
"""Tenancy overhead: requests/s and p95 latency of a token-authenticated tenant list endpoint,
with 1 and with 1,000 tenants, against the same endpoint served as plain Django.

Run through scripts/bench (it provides DATABASE_URL / REDIS_URL, embedded when unset):

    scripts/bench tenancy [--duration 6] [--threads 4] [--tenants 1000] [--rounds 7] [--warmup-passes 32]

What it does (see docs/benchmarks.md):
1. Recreates the database `campus_bench` on the DATABASE_URL server, migrates the public
   schema and provisions tenant bench0001 the normal way (tenant_provision).
2. Counts the SQL queries of two requests in-process: the host -> tenant lookup must not
   query the database again once cached (core.tenancy.CachedTenantMiddleware).
3. Phase 1: settings_plain (no tenant middleware, public schema) against settings_tenant
   with 1 tenant, each in gunicorn (2 gthread workers x 4 threads, keep-alive).
4. Phase 2: adds 999 tenants: rows + domains, each schema holding copies of the two tables the
   endpoint reads (accounts_user, authtoken_token; CREATE TABLE ... LIKE ... INCLUDING ALL
   + INSERT SELECT), which is what the lookup and search_path switch cost depends on;
   a full migrate per tenant would take far longer and measure nothing more here.
   Requests then rotate over all 1,000 hosts.

Each phase starts one gunicorn per scenario, warms them all up, and measures them together:
client threads send one request to each server in turn, so every scenario sees the same
machine in the same seconds (on a shared VM the speed of a core drifts by tens of percent from
one minute to the next; scenarios measured one after the other compare those drifts, not the
code). CPU time is counted per server: its gunicorn processes and the PostgreSQL backends that
carry its application name.
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

from tests.bench._db import bench_database_url, log, recreate_database  # noqa: E402

BENCH_DATABASE = "campus_bench"
TOKEN = "b3nch" * 8  # 40 characters, like a DRF token
PATH = "/bench/users/"
FIRST = "bench0001"


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

    log("migrating the public schema of campus_bench")
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure(base_domain="localhost")
    log(f"provisioning tenant {FIRST}")
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

    log(f"adding {total - 1} tenants (schemas with copies of accounts_user and authtoken_token)")
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
    log(f"added {len(slugs)} tenants in {time.monotonic() - started:.1f}s")


# --- load ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_application_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, f"application_name={name}"]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


class Server:
    """One gunicorn serving one scenario. Its PostgreSQL backends carry the application name
    `bench_<name>`, so that their CPU time is counted for this server and no other."""

    def __init__(self, name: str, settings_module: str, hosts: list[str], extra_env: dict | None = None) -> None:
        self.name, self.hosts, self.port = name, hosts, _free_port()
        self.application_name = f"bench_{name}"
        env = dict(os.environ, **(extra_env or {}), DJANGO_SETTINGS_MODULE=settings_module,
                   DATABASE_URL=_with_application_name(os.environ["DATABASE_URL"], self.application_name),
                   PYTHONPATH=os.pathsep.join([str(BENCH_DIR), str(ROOT / "src"), str(ROOT)]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--keep-alive", "30",
             "--log-level", "warning", "--no-control-socket"],
            env=env, cwd=ROOT,
        )

    def wait_ready(self) -> None:
        """Until a worker process answers (booting Django can take a while on a busy machine)."""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", PATH, headers={"Host": self.hosts[0], "Authorization": f"Token {TOKEN}"})
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
                raise SystemExit(f"{self.hosts[0]}{PATH} answered {status}")
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
        raise SystemExit(f"gunicorn ({self.name}) did not answer")

    def app_pids(self) -> list[int]:
        import psutil

        parent = psutil.Process(self.process.pid)
        return [parent.pid, *(child.pid for child in parent.children(recursive=True))]

    def backend_pids(self) -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [self.application_name])
            return [row[0] for row in cursor.fetchall()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU time (user + system) of each process; a backend on another machine counts nothing."""
    import psutil

    seen: dict[int, float] = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        seen[pid] = times.user + times.system
    return seen


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


class _Client:
    """A keep-alive connection to one server, rotating over its hosts."""

    def __init__(self, server: Server, offset: int) -> None:
        self.server, self.index = server, offset
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)

    def get(self) -> float | None:
        """One request; its latency in seconds, or None when it failed."""
        host = self.server.hosts[self.index % len(self.server.hosts)]
        self.index += 1
        started = time.perf_counter()
        try:
            self.conn.request("GET", PATH, headers={"Host": host, "Authorization": f"Token {TOKEN}"})
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
            return None
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return time.perf_counter() - started if response.status == 200 else None


def _drive(servers: list[Server], offset: int, deadline: float, max_requests: int, out: dict) -> None:
    """One client thread: request each server in turn (A B A B ...) until the deadline."""
    clients = [_Client(server, offset) for server in servers]
    latencies: dict[str, list[float]] = {server.name: [] for server in servers}
    errors: dict[str, int] = {server.name: 0 for server in servers}
    sent = 0
    while time.monotonic() < deadline and sent < max_requests:
        for client in clients:
            latency = client.get()
            if latency is None:
                errors[client.server.name] += 1
            else:
                latencies[client.server.name].append(latency)
        sent += 1
    for client in clients:
        client.conn.close()
    out["latencies"], out["errors"] = latencies, errors


def load(servers: list[Server], *, threads: int, duration: float, max_requests: int = 10_000_000) -> dict[str, dict]:
    """`threads` client threads, each sending to every server in turn, for `duration` seconds
    or `max_requests` rounds. Servers measured together see the same machine: whatever else
    slows the machine down slows all of them alike."""
    outputs = [{} for _ in range(threads)]
    step = max(1, max(len(server.hosts) for server in servers) // threads)
    deadline = time.monotonic() + duration
    started = time.monotonic()
    workers = [threading.Thread(target=_drive, args=(servers, i * step, deadline, max(1, max_requests // threads), outputs[i]))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    results = {}
    for server in servers:
        latencies = sorted(lat for out in outputs for lat in out["latencies"][server.name])
        errors = sum(out["errors"][server.name] for out in outputs)
        if not latencies:
            raise SystemExit(f"{server.name}: no successful request ({errors} errors)")
        results[server.name] = {
            "requests": len(latencies), "errors": errors, "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 2),
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
        }
    return results


def paired_round(servers: list[Server], *, threads: int, duration: float) -> dict[str, dict]:
    """CPU time per request of each server (its gunicorn processes, its PostgreSQL backends),
    all servers under the same alternating load at the same time."""
    app_pids = {server.name: server.app_pids() for server in servers}
    db_pids = {server.name: server.backend_pids() for server in servers}
    app_before = {name: _cpu_seconds(pids) for name, pids in app_pids.items()}
    db_before = {name: _cpu_seconds(pids) for name, pids in db_pids.items()}
    results = load(servers, threads=threads, duration=duration)
    for server in servers:
        row = results[server.name]
        # A backend opened during the round counts from zero.
        backends = sorted(set(db_pids[server.name]) | set(server.backend_pids()))
        app_used = _cpu_used(app_before[server.name], _cpu_seconds(app_pids[server.name]))
        db_used = _cpu_used(db_before[server.name], _cpu_seconds(backends))
        row["app_cpu_ms"] = round(app_used / row["requests"] * 1000, 3)
        row["db_cpu_ms"] = round(db_used / row["requests"] * 1000, 3)
        row["cpu_ms"] = round(row["app_cpu_ms"] + row["db_cpu_ms"], 3)
        row["db_connections"] = len(backends)
    return results


def compare(scenarios: dict[str, tuple[str, list[str], dict]], *, threads: int, duration: float, rounds: int,
            warmup_passes: int = 32) -> dict:
    """Every scenario runs in its own gunicorn, all started together and warmed up. Then:

    - paired rounds: each client thread requests every server in turn, so all scenarios are
      measured in the same seconds; the CPU overhead is the median over rounds of each
      round's ratio to the baseline (the first scenario);
    - throughput rounds: each server alone at full load, servers taking turns (A B A B ...);
      the change in req/s is the median of each round's ratio to the baseline's round just
      before it; the best round's req/s is the absolute figure (noise only slows down).
    """
    servers = [Server(name, settings_module, hosts, extra_env) for name, (settings_module, hosts, extra_env) in scenarios.items()]
    baseline = servers[0].name
    try:
        for server in servers:
            server.wait_ready()
        for server in servers:
            # Every host `warmup_passes` times, so that each of the server's database
            # connections has met (almost) every schema: the steady state of a long-running
            # server. Fewer passes measure connections meeting schemas for the first time.
            requests = max(len(server.hosts) * warmup_passes, 2_000)
            log(f"  warming up {server.name} ({requests} requests)")
            load([server], threads=threads, duration=600, max_requests=requests)
        paired: dict[str, list[dict]] = {server.name: [] for server in servers}
        for number in range(rounds):
            log(f"  paired round {number + 1}/{rounds}")
            for name, row in paired_round(servers, threads=threads, duration=duration).items():
                paired[name].append(row)
        alone: dict[str, list[dict]] = {server.name: [] for server in servers}
        for number in range(rounds):
            log(f"  throughput round {number + 1}/{rounds}")
            for server in servers:
                alone[server.name].append(load([server], threads=threads, duration=duration / 2)[server.name])
    finally:
        for server in servers:
            server.stop()
    result = {}
    for server in servers:
        name, rows = server.name, paired[server.name]
        ratios = [row["cpu_ms"] / base["cpu_ms"] - 1 for row, base in zip(rows, paired[baseline], strict=True)]
        # Throughput against the baseline's round just before: neighbours in time.
        rps_ratios = [row["rps"] / base["rps"] - 1 for row, base in zip(alone[name], alone[baseline], strict=True)]
        best = max(alone[name], key=lambda row: row["rps"])
        result[name] = {
            "cpu_ms": round(statistics.median(row["cpu_ms"] for row in rows), 3),
            "app_cpu_ms": round(statistics.median(row["app_cpu_ms"] for row in rows), 3),
            "db_cpu_ms": round(statistics.median(row["db_cpu_ms"] for row in rows), 3),
            "cpu_overhead": round(statistics.median(ratios), 4),
            "cpu_overhead_range": [round(min(ratios), 4), round(max(ratios), 4)],
            "p50_ms": round(statistics.median(row["p50_ms"] for row in rows), 2),
            "p95_ms": round(statistics.median(row["p95_ms"] for row in rows), 2),
            "errors": sum(row["errors"] for row in rows),
            "rps": best["rps"], "rps_rounds": [row["rps"] for row in alone[name]],
            "rps_change": round(statistics.median(rps_ratios), 4),
            "p95_ms_alone": best["p95_ms"], "paired_rounds": rows,
        }
    return result


def _table(results: dict, baseline: str) -> list[str]:
    lines = [f"{'scenario':<24}{'CPU ms/req (app+db)':>22}{'CPU overhead (range)':>26}{'p50 ms':>8}{'p95 ms':>8}"
             f"{'best req/s':>11}{'req/s vs base':>15}{'err':>5}"]
    for name, row in results.items():
        cpu = f"{row['cpu_ms']:.2f} ({row['app_cpu_ms']:.2f}+{row['db_cpu_ms']:.2f})"
        low, high = row["cpu_overhead_range"]
        overhead = "" if name == baseline else f"{row['cpu_overhead'] * 100:+.1f}% ({low * 100:+.1f}..{high * 100:+.1f})"
        rps = "" if name == baseline else f"{row['rps_change'] * 100:+.1f}%"
        lines.append(f"{name:<24}{cpu:>22}{overhead:>26}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['rps']:>11}{rps:>15}{row['errors']:>5}")
    return lines


def server_settings() -> dict:
    """The PostgreSQL settings the 1,000-tenant figures depend on (docs/decisions/0077)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting, unit FROM pg_settings WHERE name IN "
                       "('max_files_per_process', 'shared_buffers', 'server_version', 'max_connections')")
        return {name: f"{setting}{' × ' + unit if unit else ''}" for name, setting, unit in cursor.fetchall()}


def main() -> int:
    parser = argparse.ArgumentParser(description="tenancy overhead benchmark")
    parser.add_argument("--duration", type=float, default=6.0, help="seconds per round")
    parser.add_argument("--threads", type=int, default=4, help="client threads (keep-alive connections per server)")
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7, help="paired rounds (and throughput rounds) per phase")
    parser.add_argument("--per-cursor-set", action="store_true",
                        help="also measure django-tenants' default (a SET search_path before every cursor)")
    parser.add_argument("--warmup-passes", type=int, default=32,
                        help="requests per host before measuring (32: steady state of a long-running server; "
                             "4: many connections still meet a schema for the first time, as after a restart)")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench" / "tenancy.json"))
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchsite.settings_tenant"
    os.environ.setdefault("SPARE_SCHEMA_POOL_SIZE", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("SENTRY_DSN", None)
    recreate_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    postgres = server_settings()
    log(f"PostgreSQL: {postgres}")
    if int(postgres.get("max_files_per_process", "0").split()[0]) < 10_000:
        log("WARNING: max_files_per_process is below 10000: with many tenants the backends keep closing and "
             "reopening relation files (docs/decisions/0077), the 1,000-tenant figures will be worse than production's")
    setup_first_tenant()
    queries = count_queries()
    log(f"queries per request: {queries}")
    options = {"threads": args.threads, "duration": args.duration, "rounds": args.rounds,
               "warmup_passes": args.warmup_passes}
    plain = ("benchsite.settings_plain", ["localhost"], {})
    first = [f"{FIRST}.localhost"]

    log("phase 1: plain Django against tenancy with 1 tenant")
    scenarios = {"plain": plain, "tenant_1": ("benchsite.settings_tenant", first, {})}
    if args.per_cursor_set:
        scenarios["tenant_1_per_cursor"] = ("benchsite.settings_tenant", first, {"BENCH_LIMIT_SET_CALLS": "0"})
    one = compare(scenarios, **options)
    from django.db import connections

    add_tenants(args.tenants)
    connections.close_all()
    log(f"phase 2: plain Django against tenancy with {args.tenants} tenants")
    hosts = [f"bench{i:04d}.localhost" for i in range(1, args.tenants + 1)]
    many = compare({
        "plain": plain,
        # Requests rotate over every host: consecutive requests on a connection almost never
        # meet the same schema (the worst case).
        f"tenant_{args.tenants}": ("benchsite.settings_tenant", hosts, {}),
        # All tenants exist, the traffic goes to one of them.
        f"tenant_{args.tenants}_one_host": ("benchsite.settings_tenant", first, {}),
    }, **options)

    results = {"queries": queries, "postgres": postgres, "options": vars(args), "phase_1": one, "phase_2": many}
    print(f"\nPostgreSQL: {json.dumps(postgres)}")
    print("\n" + "\n".join(_table(one, "plain")))
    print("\n" + "\n".join(_table(many, "plain")))
    print(f"\nqueries: {json.dumps(queries)}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2))
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
