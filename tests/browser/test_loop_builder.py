"""A hiring manager builds a loop of six interviews on a tablet and sees coverage complete."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_width, assert_tap_targets, screenshot, sign_in
from tests.conftest import TEST_PASSWORD
from tests.factories import AREAS


@pytest.mark.parametrize("tablet", ["portrait-768x1024"], indirect=True)
def test_hiring_manager_builds_a_loop_of_six(tablet, live_server, make_user, make):
    manager = make_user("hiring_manager", name="Katrin Vogel")
    panel = [make_user("interviewer", name=name) for name in (
        "Anna Schmidt", "Ben Müller", "Clara Weber", "David Schäfer", "Eva Fischer", "Frank Becker"
    )]  # fmt: skip
    application = make("application", make("requisition", manager))
    page = tablet
    sign_in(page, live_server, manager, TEST_PASSWORD)
    page.goto(f"{live_server}/applications/{application.id}/loop")
    assert page.locator("[data-coverage=incomplete]").is_visible()
    assert page.locator('[data-state="missing"]').count() == 6
    screenshot(page, "loop-empty")
    for n, (user, area) in enumerate(zip(panel, AREAS, strict=True)):
        page.select_option("#add-interview select[name=interviewer_id]", str(user.id))
        page.select_option("#add-interview select[name=area_key]", area)
        page.fill("#add-interview input[name=starts_at]", f"2026-12-03T{9 + n:02d}:00")
        page.fill("#add-interview input[name=duration_minutes]", "45")
        page.fill("#add-interview input[name=location]", "Raum Elbe")
        with page.expect_navigation():
            page.tap("#add-interview button[type=submit]")
        assert page.locator('[data-state="missing"]').count() == 5 - n
    assert page.locator("[data-coverage=complete]").is_visible()
    assert page.locator(".interviews > li").count() == 6
    assert_fits_width(page)
    assert_tap_targets(page, "main button, main a.button-secondary, main a.tap, main select")
    screenshot(page, "loop-complete")
    with page.expect_navigation():
        page.tap("button[name=status][value=ready]")
    assert page.locator("[data-loop-status=ready]").is_visible()
    screenshot(page, "loop-ready")
