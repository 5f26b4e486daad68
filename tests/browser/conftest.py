"""Real-browser fixtures: the app served on a local port, Debian's chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TABLETS = {
    "portrait-768x1024": {"width": 768, "height": 1024},
    "landscape-1024x768": {"width": 1024, "height": 768},
    "air-820x1180": {"width": 820, "height": 1180},
}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def closing_bodies(app):
    """The app with every response body read and closed before the server writes it.
    Werkzeug's development server skips ``close()`` when the browser drops the connection
    early (a favicon request cut off by a closing page): the static file stayed open and
    its ResourceWarning failed some later test. The app streams nothing, so nothing is lost."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture
def live_server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, closing_bodies(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def tablet(browser, request):
    """A touch-enabled page at the tablet size given by the test's ``size`` parameter."""
    size = getattr(request, "param", "air-820x1180")
    context = browser.new_context(
        viewport=TABLETS[size], has_touch=True, is_mobile=True, device_scale_factor=1,
        locale="de-DE",
    )  # fmt: skip
    page = context.new_page()
    page.size_name = size
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-{page.size_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_fits_width(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls horizontally by {overflow}px"


def assert_tap_targets(page, selector: str = "a, button, input, select, textarea, label.check"):
    small = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null && !el.closest('.visually-hidden'))
            .map(el => ({el, r: el.getBoundingClientRect()}))
            .filter(({el, r}) => (r.width < 44 || r.height < 44) && el.type !== 'hidden'
                                  && el.type !== 'checkbox')
            .map(({el, r}) => `${el.tagName} ${el.textContent.trim().slice(0, 30)} `
                               + `${Math.round(r.width)}x${Math.round(r.height)}`)""",
        selector,
    )
    assert small == [], f"tap targets smaller than 44x44: {small}"


def sign_in(page, live_server: str, user, password: str) -> None:
    """Log in through the real form and wait for the redirect."""
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.tap("button.button-primary")
