"""Brute-force protection of the login: failed attempts counted per account and per client,
in memory (one process) and in Redis (shared by every worker and server)."""

from __future__ import annotations

import http.cookiejar
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from interview.auth import views as auth_views
from interview.extensions import limit_from_setting
from tests.conftest import TEST_PASSWORD

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WRONG = "not the password"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        message = f"needs the Redis server at {REDIS_URL} (TEST_REDIS_URL)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"scorecard-test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(redis_client.scan_iter(match=f"*{prefix}*"))
    if keys:
        redis_client.delete(*keys)
    assert not list(redis_client.scan_iter(match=f"*{prefix}*"))


def storage_settings(kind: str, request) -> dict:
    if kind == "memory":
        return {"RATELIMIT_STORAGE_URI": "memory://"}
    return {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": request.getfixturevalue("redis_prefix"),
    }


@pytest.fixture(params=["memory", "redis"])
def storage(request) -> dict:
    return storage_settings(request.param, request)


@pytest.fixture
def app_config(app_config, storage) -> dict:
    return {
        **app_config,
        **storage,
        "LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
        "LOGIN_LIMIT_PER_CLIENT": "5 per 15 minutes",
    }


def english(app: Flask, address: str = "127.0.0.1"):
    client = app.test_client()
    client.environ_base.update(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
    return client


@pytest.fixture
def client(app):
    return english(app)


def attempt(client, email: str, password: str = WRONG, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def assert_refused_as_wrong(response) -> None:
    assert response.status_code == 200
    assert "E-mail or password is not correct." in response.text


def assert_throttled(response) -> int:
    assert response.status_code == 429
    assert "Too many failed sign-in attempts." in response.text
    assert 'name="password"' in response.text  # the login page, in the app's layout
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    return retry_after


@pytest.mark.parametrize("known", [True, False], ids=["known-account", "unknown-account"])
def test_the_nth_wrong_password_gets_429_with_retry_after(client, make_user, known):
    email = make_user().email if known else "nobody@example.com"
    assert_refused_as_wrong(attempt(client, email))
    assert_refused_as_wrong(attempt(client, email))
    retry_after = assert_throttled(attempt(client, email))
    assert retry_after > 14 * 60  # the first failure drops out of the 15-minute window


def test_the_message_is_german_too(client, make_user):
    user = make_user()
    for _ in range(2):
        attempt(client, user.email)
    response = attempt(client, user.email, headers={"Accept-Language": "de"})
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche." in response.text
    assert "Minuten" in response.text


def test_the_right_password_is_refused_while_throttled(client, make_user, monkeypatch):
    user = make_user()
    for _ in range(3):
        attempt(client, user.email)

    def must_not_check(*args):
        raise AssertionError("a password was checked while throttled")

    monkeypatch.setattr(auth_views, "authenticate", must_not_check)
    assert_throttled(attempt(client, user.email, TEST_PASSWORD))
    assert_throttled(attempt(client, user.email.upper(), TEST_PASSWORD))  # same account
    assert client.get("/").status_code == 302


def test_another_account_from_the_same_client_hits_the_client_limit(app, client, make_user):
    users = [make_user() for _ in range(6)]
    for user in users[:4]:
        assert_refused_as_wrong(attempt(client, user.email))
    assert_throttled(attempt(client, users[4].email))  # 5th failure from this address
    assert_throttled(attempt(client, users[5].email, TEST_PASSWORD))
    assert attempt(english(app, "192.0.2.7"), users[5].email, TEST_PASSWORD).status_code == 302


def test_successful_logins_are_not_counted_and_clear_the_account(client, make_user):
    user = make_user()
    for _ in range(4):
        assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
        client.post("/logout")
    for _ in range(2):
        assert_refused_as_wrong(attempt(client, user.email))
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(2):
        assert_refused_as_wrong(attempt(client, user.email))


class TestSharedStorage:
    """Two app objects stand for two workers (or servers) of one installation."""

    @pytest.fixture(params=["redis"])
    def storage(self, request) -> dict:
        return storage_settings(request.param, request)

    def test_two_workers_sharing_redis_share_the_count(self, app, app_config, make_app, make_user):
        second = make_app(app_config)
        user = make_user()
        one, two = english(app), english(second)
        assert_refused_as_wrong(attempt(one, user.email))
        assert_refused_as_wrong(attempt(two, user.email))
        assert_throttled(attempt(one, user.email))
        assert_throttled(attempt(two, user.email, TEST_PASSWORD))

    def test_the_counts_are_in_redis_under_the_prefix(
        self, client, make_user, redis_client, redis_prefix
    ):
        attempt(client, make_user().email)
        keys = [k.decode() for k in redis_client.scan_iter(match=f"*{redis_prefix}*")]
        assert sorted(k.split("/")[2] for k in keys) == ["login-account", "login-client"]
        assert not any("@" in key or "127.0.0.1" in key for key in keys)  # digests only

    def test_two_gunicorn_servers_share_the_count(self, tmp_path, redis_prefix):
        """Two real server processes on one database and one Redis, as on two machines."""
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
            "SCORECARD_INSTANCE_PATH": str(tmp_path / "instance"),
            "SCORECARD_ADMIN_PASSWORD": TEST_PASSWORD,
            "SCORECARD_RATELIMIT_STORAGE_URI": REDIS_URL,
            "SCORECARD_RATELIMIT_KEY_PREFIX": redis_prefix,
            "SCORECARD_LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
        }
        init = [BIN / "scorecard", "init", "--admin-email", "admin@example.com"]
        subprocess.run(init, env=env, check=True, capture_output=True, timeout=120)
        ports = [free_port(), free_port()]
        gunicorn = [BIN / "gunicorn", "--workers", "1", "interview:create_app()", "--bind"]
        servers = [
            subprocess.Popen([*gunicorn, f"127.0.0.1:{port}"], env=env, stderr=subprocess.DEVNULL)
            for port in ports
        ]
        try:
            browser = Browser()
            token = [browser.csrf_token(port) for port in ports][0]  # both servers answer
            one, two = ports
            attempts = [(one, WRONG), (two, WRONG), (one, WRONG), (two, TEST_PASSWORD)]
            statuses = [browser.login(port, token, password) for port, password in attempts]
            assert statuses == [200, 200, 429, 429]
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Cookies kept across both servers (one host, two ports), CSRF token from the form."""

    def __init__(self) -> None:
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf_token(self, port: int) -> str:
        for _ in range(150):  # until the server answers
            try:
                page = self.opener.open(f"http://127.0.0.1:{port}/login", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"no server on port {port}")
        return page.decode().split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    def login(self, port: int, token: str, password: str) -> int:
        data = {"email": "admin@example.com", "password": password, "csrf_token": token}
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/login", data=urllib.parse.urlencode(data).encode()
        )
        try:
            return self.opener.open(request, timeout=10).status
        except urllib.error.HTTPError as error:
            return error.code


class TestMemoryStorage:
    @pytest.fixture(params=["memory"])
    def storage(self, request) -> dict:
        return storage_settings(request.param, request)

    def test_memory_counts_in_one_process_only(self, app, app_config, make_app, make_user):
        """Why several workers need Redis: with memory:// each keeps its own count."""
        second = make_app(app_config)
        user = make_user()
        one, two = english(app), english(second)
        for client in (one, two, one, two):
            assert_refused_as_wrong(attempt(client, user.email))


class TestStorageOutage:
    @pytest.fixture(params=["unreachable"])
    def storage(self, request) -> dict:
        return {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}

    def test_logins_go_on_and_failures_are_counted_in_the_process(self, client, make_user, caplog):
        user = make_user()
        with caplog.at_level(logging.ERROR, logger="interview.auth.throttle"):
            assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
            client.post("/logout")
            for _ in range(2):
                assert_refused_as_wrong(attempt(client, user.email))
            assert_throttled(attempt(client, user.email))
        assert "rate limit storage unreachable" in caplog.text


class TestSwitchedOff:
    @pytest.fixture
    def app_config(self, app_config) -> dict:
        return {**app_config, "RATELIMIT_ENABLED": False}

    def test_no_limit_when_disabled(self, client, make_user):
        user = make_user()
        for _ in range(6):
            assert_refused_as_wrong(attempt(client, user.email))
        assert attempt(client, user.email, TEST_PASSWORD).status_code == 302


class TestBehindProxies:
    @pytest.fixture(params=[0, 1], ids=["no-proxy", "one-proxy"])
    def proxies(self, request) -> int:
        return request.param

    @pytest.fixture
    def app_config(self, app_config, proxies) -> dict:
        return {**app_config, "TRUSTED_PROXY_COUNT": proxies, "LOGIN_LIMIT_PER_ACCOUNT": "99/hour"}

    def test_forwarded_address_counts_only_behind_a_trusted_proxy(self, client, make_user, proxies):
        users = [make_user() for _ in range(6)]
        for n, user in enumerate(users[:5]):
            forwarded = {"X-Forwarded-For": f"198.51.100.{n}"}  # a new address every time
            response = attempt(client, user.email, headers=forwarded)
        if proxies:
            assert_refused_as_wrong(response)
        else:  # spoofed headers are ignored: one address, five failures
            assert_throttled(response)

    @pytest.mark.parametrize("proxies", [1])
    def test_the_proxy_address_is_not_the_client(self, app, make_user):
        user = make_user()
        for n in range(4):
            proxy = english(app, f"10.0.0.{n}")  # requests arrive through several proxies
            attempt(proxy, user.email, headers={"X-Forwarded-For": "203.0.113.5"})
        last = attempt(english(app, "10.0.0.9"), make_user().email, headers={
            "X-Forwarded-For": "203.0.113.5"
        })  # fmt: skip
        assert_throttled(last)


def test_limit_settings_that_do_not_parse_stop_the_start(app_config, make_app):
    with pytest.raises(ValueError, match="LOGIN_LIMIT_PER_CLIENT"):
        make_app({**app_config, "LOGIN_LIMIT_PER_CLIENT": "often"})


@pytest.mark.parametrize("storage", [{"RATELIMIT_STORAGE_URI": "memory://"}])
def test_routes_declare_limits_from_a_setting_on_the_same_limiter(app_config, make_app, make_user):
    """The helper a later API uses: a limit read from a setting, answered 429 + Retry-After.
    (Memory only: Flask-Limiter's route limits keep the first app's key prefix per process.)"""
    app = make_app({**app_config, "SEARCH_LIMIT": "2 per minute"})

    @app.get("/limited-example")
    @limit_from_setting("SEARCH_LIMIT")
    def limited_example():
        return "ok"

    client = english(app)
    attempt(client, make_user().email, TEST_PASSWORD)
    assert [client.get("/limited-example").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/limited-example")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
