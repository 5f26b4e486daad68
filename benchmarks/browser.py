"""A tiny HTTP client that behaves like a browser where it matters to the server: one
keep-alive connection, cookies, and sign-in through the real login form with its CSRF token."""

from __future__ import annotations

import html
import http.client
import json
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from benchmarks import QUERIES_HEADER

FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
META_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
# a connection the server closed while idle shows up on the next request as one of these
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def queries(self) -> int | None:
        value = self.headers.get(QUERIES_HEADER)
        return int(value) if value is not None else None

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    def __init__(self, port: int, timeout: float = 60.0) -> None:
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.retries = 0  # requests resent because the server had closed an idle connection

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post_json(self, path: str, data: Any, csrf: str) -> Reply:
        body = json.dumps(data).encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": csrf}
        return self.request("POST", path, body, headers)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Reply:
        """Send, and resend once if the server had closed the kept-alive connection (as
        browsers do); ``seconds`` counts both attempts."""
        headers = {**(headers or {}), "Cookie": self.cookie_header()}
        reused = self.conn is not None
        started = time.perf_counter()
        try:
            reply = self._send(method, path, body, headers)
        except STALE:
            self.close()
            if not reused:
                raise
            self.retries += 1
            reply = self._send(method, path, body, headers)
        reply.seconds = time.perf_counter() - started
        return reply

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> Reply:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        self.conn.request(method, path, body, headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.will_close:
            self.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Reply(response.status, response.headers, data, 0.0)

    def sign_in(self, email: str, password: str) -> None:
        """GET the login form, POST it with its CSRF token; a redirect means signed in."""
        page = self.get("/login")
        token = FORM_TOKEN.search(page.body.decode())
        if page.status != 200 or token is None:
            raise RuntimeError(f"/login: status {page.status}, no CSRF token in the form")
        form = urlencode(
            {"email": email, "password": password, "csrf_token": html.unescape(token.group(1))}
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        reply = self.request("POST", "/login", form.encode(), headers)
        if reply.status not in (302, 303):
            raise RuntimeError(f"sign-in as {email} failed: status {reply.status}")

    def page_token(self, path: str) -> str:
        """The CSRF token a page hands its script (``<meta name="csrf-token">``)."""
        page = self.get(path)
        token = META_TOKEN.search(page.body.decode())
        if page.status != 200 or token is None:
            raise RuntimeError(f"{path}: status {page.status}, no CSRF token in the page")
        return html.unescape(token.group(1))
