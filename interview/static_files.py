"""Static files with versioned URLs and long cache lifetimes.

``url_for("static", filename=...)`` gets ``?v=`` and a short hash of the file's content, and
a request carrying the current hash is answered as cacheable for a year and immutable:
browsers stop asking for the same stylesheet and scripts on every page. A new release
changes the hash, so pages ask for the new URL. Anything else (no or an outdated ``v``) is
answered ``no-cache``. The service worker (``/sw.js``) is not a static file: it keeps its
fixed URL and ``no-cache``, and its cache name follows the static files (``kit.offline``),
so tablets still pick up a release.
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any

from flask import Flask, Response, request

#: a year: the longest lifetime RFC 9111 expects caches to honour
MAX_AGE = 365 * 24 * 3600


class StaticVersions:
    """Content hashes of the static files, worked out once per file and change (keyed by
    modification time and size, so an edited file gets a new hash without a restart)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}
        self._lock = threading.Lock()

    def of(self, filename: str) -> str | None:
        path = os.path.join(self.folder, filename)
        try:
            stat = os.stat(path)
        except (OSError, ValueError):  # missing, or a name the file system refuses
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known is not None and known[0] == key:
            return known[1]
        with open(path, "rb") as file:
            version = hashlib.sha256(file.read()).hexdigest()[:12]
        with self._lock:
            self._known[filename] = (key, version)
        return version


def init_static(app: Flask) -> None:
    if app.static_folder is None:
        return
    versions = StaticVersions(app.static_folder)

    @app.url_defaults
    def version_static_urls(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values:
            version = versions.of(values.get("filename", ""))
            if version is not None:
                values["v"] = version

    @app.after_request
    def cache_static_files(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        wanted = request.args.get("v")
        if wanted and wanted == versions.of((request.view_args or {}).get("filename", "")):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = MAX_AGE
            response.cache_control.immutable = True
        else:
            response.cache_control.max_age = None
            response.cache_control.no_cache = True
        return response
