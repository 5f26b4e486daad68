"""A recruiter on a tablet opens the comparison and a consolidated scorecard; the chart is drawn."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_width, screenshot, sign_in
from tests.conftest import TEST_PASSWORD
from tests.factories import AREAS


@pytest.mark.parametrize("tablet", ["landscape-1024x768"], indirect=True)
def test_comparison_and_consolidated_scorecard(tablet, live_server, make_user, make):
    owner = make_user("hiring_manager")
    recruiter = make_user("recruiter", name="Felix Braun")
    requisition = make("requisition", owner)
    applications = []
    for name, values in [
        ("Lena Hoffmann", [4, 3, 3, 3, 2, 3]),
        ("Murat Yılmaz", [2, 2, 3, 3, 2, 1]),
    ]:
        application = make("application", requisition, make("candidate", name=name))
        loop = make("loop", application, status="ready")
        for area, value in zip(AREAS, values, strict=True):
            interview = make("interview", loop, make_user("interviewer"), area)
            make("scorecard", interview, submitted=True, rating=value,
                 evidence="Beispiel mit messbarem Ergebnis aus dem letzten Quartal.")  # fmt: skip
        applications.append(application)
    page = tablet
    sign_in(page, live_server, recruiter, TEST_PASSWORD)
    page.goto(f"{live_server}/requisitions/{requisition.id}/compare")
    assert page.get_by_text("Lena Hoffmann").first.is_visible()
    assert page.get_by_text("Murat Yılmaz").first.is_visible()
    assert_fits_width(page)
    screenshot(page, "compare")
    with page.expect_navigation():
        page.get_by_role("link", name="Lena Hoffmann").first.tap()
    assert "/results" in page.url
    chart = page.locator("svg.profile-chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 400
    assert box["height"] > 200
    assert chart.locator("rect.actual").count() == 6 + 1
    assert chart.locator("title").first.text_content().startswith("Profil")
    assert page.locator("[data-rule=meets]").is_visible()
    assert_fits_width(page)
    screenshot(page, "results")
    page.emulate_media(media="print")
    assert chart.is_visible()
    assert not page.locator("nav.site-nav").is_visible()
    screenshot(page, "results-print")
