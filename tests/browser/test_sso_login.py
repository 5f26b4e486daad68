"""Single sign-on on a tablet: "Mit SSO anmelden" on the login page, the provider's login
form (tests/oidc/server.js), back in the app signed in; signing out ends at the
provider's sign-out page and comes back to the login page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_width, assert_tap_targets, screenshot


@pytest.fixture
def app_config(app_config, oidc_provider) -> dict:
    return {**app_config, **oidc_provider.app_config()}


@pytest.mark.parametrize("tablet", ["portrait-768x1024", "landscape-1024x768"], indirect=True)
def test_sign_in_with_sso_and_out_again_on_a_tablet(tablet, sso_server, make_user, oidc_provider):
    make_user("interviewer", email="bob@example.com", name="Bob Berger")
    page = tablet
    page.goto(f"{sso_server}/my/interviews")
    assert "/login" in page.url
    assert_fits_width(page)
    assert_tap_targets(page, "main a, main button")
    screenshot(page, "sso-login")
    page.get_by_role("link", name="Mit SSO anmelden").tap()
    page.wait_for_url(f"{oidc_provider.issuer}/interaction/**")
    page.select_option("select[name=user]", "bob")
    page.get_by_role("button", name="Continue").tap()
    page.wait_for_url(f"{sso_server}/my/interviews")
    assert page.locator("header .who").inner_text() == "Bob Berger"
    assert_fits_width(page)
    screenshot(page, "sso-signed-in")
    page.locator("#logout-form button").tap()
    page.wait_for_url(f"{oidc_provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").tap()
    page.wait_for_url(f"{sso_server}/login**")
    assert page.locator("header .who").count() == 0
    assert "Sie sind abgemeldet" in page.content()
    screenshot(page, "sso-signed-out")
