"""Smoke test on a tablet: log in, see the frameworks, open the framework page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_width, assert_tap_targets, screenshot
from tests.conftest import TEST_PASSWORD


@pytest.mark.parametrize("tablet", ["air-820x1180"], indirect=True)
def test_login_and_framework_page_on_a_tablet(tablet, live_server, make_user):
    user = make_user("interviewer", name="Anna Schmidt")
    page = tablet
    page.goto(f"{live_server}/frameworks/account-manager")
    assert "/login" in page.url
    screenshot(page, "login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.tap("button.button-primary")
    page.wait_for_url(f"{live_server}/frameworks/account-manager")
    assert page.locator("h1").inner_text() == "Account Manager"
    assert page.locator("section.area").count() == 6
    assert page.get_by_text("Erfüllt Erwartungen").first.is_visible()
    assert_fits_width(page)
    assert_tap_targets(page, "header a, header button, .toc a")
    screenshot(page, "framework")
    page.tap("a.brand")
    page.wait_for_url(f"{live_server}/")
    assert "Willkommen, Anna Schmidt" in page.content()
    assert page.locator(".area-list li").count() == 6
    assert_fits_width(page)
    screenshot(page, "home")
