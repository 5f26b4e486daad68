"""A recruiter on a tablet goes from the comparison to the interview-quality figures and
reads the agreement of a planned second rater."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, assert_fits_width, screenshot, sign_in
from tests.conftest import TEST_PASSWORD
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
