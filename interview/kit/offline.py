"""The service worker script, with a cache name that changes with the app's static files.

Browsers install a new service worker when its script changes by one byte; its cache name
then changes too, and on activation it deletes the caches of every earlier version, so a
tablet keeps one copy of the kit's files, not one per release.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PLACEHOLDER = "__STATIC_VERSION__"


def static_version(static_folder: str | Path) -> str:
    """A short hash of every file under ``static_folder`` (names and contents)."""
    digest = hashlib.sha256()
    root = Path(static_folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def worker_script(static_folder: str | Path) -> str:
    """``sw.js`` with its cache version filled in."""
    script = (Path(static_folder) / "sw.js").read_text(encoding="utf-8")
    return script.replace(PLACEHOLDER, static_version(static_folder))
