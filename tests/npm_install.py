"""``npm ci`` for the test helpers that come from the npm registry (the OpenID Connect
provider, axe-core), once per folder even when several test runs start at the same time."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

DONE = ".npm-ci-done"  # written after a complete install: a broken one is redone


def unavailable(message: str) -> None:
    """Skipped with the reason outside CI, failed inside it (CI must run everything)."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def npm_ci(folder: Path, purpose: str) -> None:
    """Install ``folder``'s locked packages unless a complete install is there."""
    marker = folder / "node_modules" / DONE
    if marker.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        unavailable(f"{purpose} need Node.js 20 and npm to install {folder}/node_modules")
    with open(folder / ".npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be installing right now
        if marker.exists():
            return
        result = subprocess.run(  # noqa: S603  (fixed arguments, the project's own lock file)
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=folder, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            unavailable(
                f"'npm ci' in {folder} failed (exit {result.returncode}), needed for "
                f"{purpose}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
            )
        marker.write_text("ok\n")
