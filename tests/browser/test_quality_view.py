"""A recruiter on a tablet goes from the comparison to the interview-quality figures and
reads the agreement of a planned second rater."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    ARTIFACTS,
    assert_fits_width,
    assert_tap_targets,
    screenshot,
    sign_in,
)
from tests.conftest import TEST_PASSWORD
from tests.factories import AREAS
from tests.test_quality import paired_candidates


@pytest.mark.parametrize("tablet", ["air-820x1180"], indirect=True)
def test_quality_figures_on_a_tablet(tablet, app, live_server, make_user, make):
    owner = make_user("hiring_manager")
    recruiter = make_user("recruiter", name="Felix Braun")
    raters = [make_user("interviewer", name=f"Rater {n:02d}") for n in range(12)]
    requisition = make("requisition", owner)
    paired_candidates(app, requisition.id, raters, 12)
    page = tablet
    sign_in(page, live_server, recruiter, TEST_PASSWORD)
    page.goto(f"{live_server}/requisitions/{requisition.id}/compare?lang=en")
    with page.expect_navigation():
        page.locator("a[data-link=quality]").tap()
    assert "/quality/requisitions/" in page.url
    figures = page.locator("td[data-figure][data-value]")
    assert figures.count() == 4  # ICC and alpha, for the paired area and the framework
    assert figures.first.is_visible()
    assert page.locator("tr[data-rater]").count() == 7
    assert_fits_width(page)
    screenshot(page, "quality")
    for section in ("agreement", "raters"):
        page.locator(f"section[aria-labelledby={section}-title]").screenshot(
            path=str(ARTIFACTS / f"quality-{section}-{page.size_name}.png")
        )


@pytest.mark.parametrize("tablet", ["landscape-1024x768"], indirect=True)
def test_hiring_manager_adds_the_proposed_second_rater(tablet, live_server, make_user, make):
    manager = make_user("hiring_manager", name="Katrin Vogel")
    first = make_user("interviewer", name="Anna Schmidt")
    second = make_user("interviewer", name="Ben Müller")
    requisition = make("requisition", manager, reliability_share=100)
    loop = make("loop", make("application", requisition))
    make("interview", loop, first, AREAS[0])
    page = tablet
    sign_in(page, live_server, manager, TEST_PASSWORD)
    page.goto(f"{live_server}/applications/{loop.application_id}/loop")
    pairing = page.locator("[data-pairing-done=false]")
    assert pairing.is_visible()
    with page.expect_navigation():
        page.locator("a[data-link=add-second-rater]").tap()
    assert page.locator("#add-interview select[name=area_key]").input_value() == AREAS[0]
    assert page.locator("#add-interview input[name=second_rater]").is_checked()
    page.select_option("#add-interview select[name=interviewer_id]", str(second.id))
    page.select_option("#add-interview select[name=mode]", "remote")
    page.fill("#add-interview input[name=starts_at]", "2026-12-03T10:00")
    with page.expect_navigation():
        page.tap("#add-interview button[type=submit]")
    assert page.locator("[data-pairing-done=true]").is_visible()
    assert page.locator("[data-role=second-rater]").is_visible()
    assert page.locator("[data-mode=remote]").is_visible()
    assert_fits_width(page)
    assert_tap_targets(page, "main button, main a.button-secondary, main a.tap, main select")
    screenshot(page, "loop-second-rater")
