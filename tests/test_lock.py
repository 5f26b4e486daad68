"""The lock file pins every requirement of pyproject.toml (CI runs .ci/check_lock.py too)."""

from __future__ import annotations

import importlib.util
import os
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_lock", ROOT / ".ci" / "check_lock.py")
check_lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_lock)


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def pins() -> dict:
    return check_lock.read_lock((ROOT / "constraints.txt").read_text())


def test_the_committed_lock_matches_pyproject():
    assert check_lock.check_pyproject(pyproject(), pins()) == []


def test_a_requirement_missing_from_the_lock_is_reported():
    project = pyproject()
    project["project"]["dependencies"].append("tinycss2>=1.0")
    assert check_lock.check_pyproject(project, pins()) == [
        "tinycss2>=1.0 is not in constraints.txt"
    ]


def test_a_lock_pin_outside_the_range_is_reported():
    project = pyproject()
    project["project"]["dependencies"] = ["Flask>=99"]
    locked = pins()["flask"]
    assert check_lock.check_pyproject(project, pins()) == [
        f"Flask>=99 does not allow the locked flask=={locked}"
    ]


@pytest.mark.skipif(not os.environ.get("CI"), reason="a developer's venv may hold more tools")
def test_every_installed_distribution_is_pinned():
    """In CI the environment was installed from the lock by the README's command."""
    assert check_lock.check_installed(pins(), pyproject()["project"]["name"]) == []
