"""The one env object every settings module reads through."""

from pathlib import Path

import environ

REPO_ROOT = Path(__file__).resolve().parents[3]
env = environ.Env()
