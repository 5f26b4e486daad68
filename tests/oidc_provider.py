"""A real OpenID Connect provider for the single sign-on tests: npm's oidc-provider
(tests/oidc/server.js) run with the machine's Node.js, once per test session.

Its clients accept one redirect URI, on a port reserved here for the app: ``sso_server``
serves each test's app there. ``npm ci`` installs the provider into tests/oidc/node_modules
when it is missing. Without Node.js or the npm registry the tests are skipped with the
reason, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.npm_install import npm_ci, unavailable

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_SECRET = "test-client-secret"  # tests/oidc/server.js
START_TIMEOUT = 30  # seconds for node to print its issuer


@dataclass(frozen=True)
class Provider:
    issuer: str
    app_url: str  # where the provider's clients send the browser back to

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def app_config(self, client_id: str = "scorecard") -> dict:
        return {
            "OIDC_DISCOVERY_URL": self.discovery_url,
            "OIDC_CLIENT_ID": client_id,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_SCOPES": "openid email profile groups",
        }


def _install() -> None:
    npm_ci(OIDC_DIR, "the single sign-on tests")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_issuer(process: subprocess.Popen, log: Path) -> str:
    """The issuer the provider prints once it serves (its first JSON line on stdout)."""
    found: list[str] = []

    def read() -> None:
        for line in process.stdout:
            if line.startswith("{"):
                found.append(json.loads(line)["issuer"])
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    if not found:
        process.kill()
        pytest.fail(f"the OpenID Connect provider did not start:\n{log.read_text()}")
    return found[0]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None:
        unavailable("the single sign-on tests need Node.js 20 or later (node)")
    _install()
    app_url = f"http://127.0.0.1:{_free_port()}"
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log.open("w") as errors:
        process = subprocess.Popen(  # noqa: S603  (fixed arguments)
            [node, "server.js"],
            cwd=OIDC_DIR,
            env={**os.environ, "APP_URL": app_url},
            stdout=subprocess.PIPE,
            stderr=errors,  # a file: a pipe nobody reads could fill up and stop node
            text=True,
        )
    try:
        yield Provider(issuer=_read_issuer(process, log), app_url=app_url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def sso_server(app, oidc_provider) -> Iterator[str]:
    """The test's app served at the address the provider's clients redirect to."""
    port = int(oidc_provider.app_url.rsplit(":", 1)[1])
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield oidc_provider.app_url
    server.shutdown()
    server.server_close()  # the next test binds the same port
    thread.join(timeout=5)
