# Shared by scripts/run, scripts/test, scripts/migrate and scripts/bench (sourced, not run).
# Creates .venv with Python 3.11+, installs the pinned requirements (only when they changed),
# and starts the embedded PostgreSQL / Redis (scripts/services.py) when DATABASE_URL /
# REDIS_URL are unset.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$REPO_ROOT/.venv}"
PY="$VENV/bin/python"
export PYTHONPATH="$REPO_ROOT/src:$REPO_ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1

say() { printf '\033[1m==> [%3ss] %s\033[0m\n' "$SECONDS" "$*" >&2; }
shout() { printf '\n\033[1;31m!!! %s\033[0m\n\n' "$*" >&2; }

find_python() {
    local candidate
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Two commands started at once (a test run and scripts/run) must not build one environment
# together: creation and installs hold a lock next to it (flock, when the machine has it).
with_venv_lock() {
    if command -v flock >/dev/null 2>&1; then
        mkdir -p "$(dirname "$VENV")"
        ( flock 9; "$@" ) 9>"$VENV.lock"
    else
        "$@"
    fi
}

ensure_venv() { with_venv_lock _ensure_venv || exit 1; }
_ensure_venv() {
    if [ ! -x "$PY" ]; then
        local base
        base="$(find_python)" || { shout "Python 3.11 or newer is required"; exit 1; }
        say "creating virtual environment in $VENV ($("$base" --version))"
        "$base" -m venv "$VENV" || { shout "python -m venv failed (on Debian: apt-get install python3-venv)"; exit 1; }
        # uv installs the ~200 pinned wheels several times faster than pip.
        "$PY" -m pip install -q uv || true
    fi
}

# Requirements published only as source distributions: installers build them again for every
# new environment (face-recognition-models copies 100 MB doing so; uv does not keep the wheel it
# built from a local index). Each is built once into WHEEL_CACHE, which every environment on the
# machine installs from (.venv, the smoke step's, a second checkout): decision 0079.
SOURCE_ONLY_REQUIREMENTS=(jieba face-recognition-models)
WHEEL_CACHE="${CAMPUS_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/campus-saas/wheels}"
fill_wheel_cache() {
    mkdir -p "$WHEEL_CACHE"
    local name pin wheel_name
    for name in "${SOURCE_ONLY_REQUIREMENTS[@]}"; do
        pin="$(grep -h -i -m1 "^$name==" "$@" || true)"
        [ -n "$pin" ] || continue
        wheel_name="$(tr 'A-Z-' 'a-z_' <<<"${pin%%==*}")-${pin#*==}-"
        compgen -G "$WHEEL_CACHE/$wheel_name*.whl" >/dev/null && continue
        say "building a wheel of $pin once (kept in $WHEEL_CACHE)"
        "$PY" -m pip wheel -q --no-deps -w "$WHEEL_CACHE" "$pin" || shout "could not build a wheel of $pin; installing from source"
    done
}

# install_requirements FILE... : installs when the files changed since the last install.
install_requirements() { with_venv_lock _install_requirements "$@" || exit 1; }
_install_requirements() {
    local stamp="$VENV/.requirements-$(basename "$1" .txt)$([ $# -gt 1 ] && echo "-plus").sha"
    local wanted
    # requirements/nodeps.txt goes in after, with --no-deps (face_recognition requires the `dlib`
    # sdist, which compiles; base.txt has the same module prebuilt as dlib-bin: decision 0137).
    local nodeps="$REPO_ROOT/requirements/nodeps.txt"
    [ -f "$nodeps" ] || nodeps=""
    wanted="$(cat "$@" $nodeps | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    say "installing $(printf '%s ' "${@#$REPO_ROOT/}")"
    fill_wheel_cache "$@"
    local args=(--find-links "$WHEEL_CACHE")
    local file
    for file in "$@"; do args+=(-r "$file"); done
    local uv=""
    if [ -x "$VENV/bin/uv" ]; then uv="$VENV/bin/uv"; elif command -v uv >/dev/null 2>&1; then uv="$(command -v uv)"; fi
    if [ -n "$uv" ]; then
        "$uv" pip install -q -p "$PY" "${args[@]}"
        [ -z "$nodeps" ] || "$uv" pip install -q -p "$PY" --no-deps -r "$nodeps"
    else
        "$PY" -m pip install -q "${args[@]}"
        [ -z "$nodeps" ] || "$PY" -m pip install -q --no-deps -r "$nodeps"
    fi
    echo "$wanted" >"$stamp"
}

# Sets DATABASE_URL / REDIS_URL (embedded servers when unset) and EMBEDDED_SERVICES_STARTED.
ensure_services() {
    if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
        EMBEDDED_SERVICES_STARTED=""
        # One's own server: its database is created on the first run.
        "$PY" "$REPO_ROOT/scripts/services.py" ensure-database
        return 0
    fi
    local exports
    exports="$("$PY" "$REPO_ROOT/scripts/services.py" up)" || { shout "could not start the embedded PostgreSQL / Redis"; exit 1; }
    eval "$exports"
}

stop_services() {
    if [ -n "${EMBEDDED_SERVICES_STARTED:-}" ] && [ "${KEEP_SERVICES:-0}" != "1" ]; then
        # shellcheck disable=SC2086
        "$PY" "$REPO_ROOT/scripts/services.py" down $EMBEDDED_SERVICES_STARTED || true
    fi
}
