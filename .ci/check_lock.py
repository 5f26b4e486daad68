"""Check that constraints.txt matches pyproject.toml, and that the venv was installed from it.

1. Every requirement of pyproject.toml (dependencies and every extra) is pinned in the lock,
   at a version its specifier allows.
2. With ``--installed``: every distribution installed in this Python environment (except the
   project itself and pip/setuptools/wheel) is pinned in the lock at exactly that version, so
   nothing slipped in unpinned.

Exits 1 with one line per problem and the command that regenerates the lock.
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
UPGRADE = (
    "pip install pip-tools && pip-compile --all-extras --strip-extras --no-emit-index-url "
    "--no-emit-find-links -o constraints.txt pyproject.toml"
)
NOT_PINNED = {"pip", "setuptools", "wheel"}


def read_lock(text: str) -> dict[str, Version]:
    pins = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier  # a lock line pins exactly one version
        pins[canonicalize_name(requirement.name)] = Version(spec.version)
    return pins


def project_requirements(pyproject: dict) -> list[Requirement]:
    project = pyproject["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


def check_pyproject(pyproject: dict, pins: dict[str, Version]) -> list[str]:
    problems = []
    for requirement in project_requirements(pyproject):
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement} is not in constraints.txt")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement} does not allow the locked {name}=={pins[name]}")
    return problems


def check_installed(pins: dict[str, Version], project: str) -> list[str]:
    problems = []
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in NOT_PINNED or name == canonicalize_name(project):
            continue
        if name not in pins:
            problems.append(f"{name}=={dist.version} is installed but not in constraints.txt")
        elif Version(dist.version) != pins[name]:
            problems.append(f"{name}=={dist.version} is installed, the lock says {pins[name]}")
    return problems


def main(argv: list[str]) -> int:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = read_lock((ROOT / "constraints.txt").read_text())
    problems = check_pyproject(pyproject, pins)
    if "--installed" in argv:
        problems += check_installed(pins, pyproject["project"]["name"])
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"Regenerate the lock: {UPGRADE}", file=sys.stderr)
        return 1
    print(f"constraints.txt matches pyproject.toml ({len(pins)} pins)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
