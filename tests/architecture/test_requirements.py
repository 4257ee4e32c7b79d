"""The runtime requirements are complete and agree with each other (issue 11).

`requirements/base.in` (compiled to the pinned `base.txt` that scripts/run and the image install)
and `[project] dependencies` in pyproject.toml name the same packages, and every third-party
module the running product imports comes from a package pinned in base.txt, including those
that libraries import without declaring them. CI's smoke step (scripts/smoke) proves the same
by running scripts/run from base.txt alone; this test says which package is missing sooner."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
RUNTIME_CODE = ("src", "shared_apps", "tenant_apps", "manage.py")
# Code that only the test suite imports.
TEST_ONLY_CODE = ("src/core/testing/",)

# Imported by a runtime library that does not declare the dependency: base.in must name them.
UNDECLARED_BY_LIBRARIES = {
    "packaging": "kombu 5.7's redis transport (the Celery broker) imports it without declaring it",
}


def _name(requirement: str) -> str:
    requirement = requirement.split("#", 1)[0].strip()
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    return re.sub(r"[-_.]+", "-", match.group(0)).lower() if match else ""


def _base_in() -> set[str]:
    names = {_name(line) for line in (ROOT / "requirements/base.in").read_text().splitlines()}
    return {name for name in names if name}


def _pinned(path: str) -> set[str]:
    return {_name(line.split("==")[0]) for line in (ROOT / path).read_text().splitlines() if "==" in line and not line.startswith((" ", "#"))}


def test_base_in_and_pyproject_name_the_same_packages():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = {_name(item) for item in pyproject["project"]["dependencies"]}
    base_in = _base_in()
    assert declared - base_in == set(), f"in pyproject.toml but not in requirements/base.in: {sorted(declared - base_in)}"
    assert base_in - declared == set(), f"in requirements/base.in but not in pyproject.toml: {sorted(base_in - declared)}"


def test_every_direct_requirement_is_pinned_in_base_txt():
    missing = _base_in() - _pinned("requirements/base.txt")
    assert not missing, f"run `uv pip compile requirements/base.in -o requirements/base.txt`: {sorted(missing)} not pinned"


def test_packages_libraries_import_without_declaring_are_required():
    base_in = _base_in()
    for package, why in UNDECLARED_BY_LIBRARIES.items():
        assert package in base_in, f"{package} must be in requirements/base.in and pyproject.toml: {why}"


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_runtime_code_imports_only_packages_pinned_in_base_txt():
    ours = {"config", "core", "shared_apps", "tenant_apps", "tenants"}
    stdlib = set(sys.stdlib_module_names)
    distributions = packages_distributions()
    # requirements/nodeps.txt is installed with --no-deps next to base.txt (face_recognition: its
    # declared `dlib` sdist would compile; base.txt pins the same module prebuilt, decision 0137).
    pinned = _pinned("requirements/base.txt") | _pinned("requirements/nodeps.txt")
    offenders: dict[str, set[str]] = {}
    for root in RUNTIME_CODE:
        paths = [ROOT / root] if root.endswith(".py") else (ROOT / root).rglob("*.py")
        for path in paths:
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(TEST_ONLY_CODE) or "/migrations/" in relative:
                continue
            for module in _top_level_imports(path) - ours - stdlib:
                packages = {_name(dist) for dist in distributions.get(module, [])}
                if not packages & pinned:
                    offenders.setdefault(module, set()).add(relative)
    assert not offenders, "runtime code imports modules that no package in requirements/base.txt provides: " + "; ".join(
        f"{module} ({', '.join(sorted(files)[:3])})" for module, files in sorted(offenders.items())
    )


def test_source_only_requirements_of_the_wheel_cache_are_pinned():
    """scripts/_lib.sh builds the requirements PyPI has only as source into a wheel cache shared
    by every environment (decision 0079); a name there that base.txt no longer pins is dead."""
    text = (ROOT / "scripts/_lib.sh").read_text()
    names = re.search(r"^SOURCE_ONLY_REQUIREMENTS=\(([^)]*)\)", text, re.MULTILINE).group(1).split()
    assert names and set(names) <= _pinned("requirements/base.txt"), names
