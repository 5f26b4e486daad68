"""The results page of a 35-area framework on a tablet: only the role's areas, labels that
stay clear of the bars (measured in the browser), German numbers and tooltips."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, TABLETS, assert_fits_width, screenshot, sign_in
from tests.conftest import TEST_PASSWORD
from tests.test_results_verdict import EXTRA, REQUIRED, wide_world
from tests.wide_bank import wide_bank

LABEL_WIDTH = 270  # interview.results.chart.LABEL_WIDTH, in the SVG's own units


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "QUESTION_BANK_PATH": str(wide_bank(tmp_path / "bank"))}


@pytest.mark.parametrize("tablet", list(TABLETS), indirect=True)
def test_wide_framework_results_on_a_tablet(tablet, live_server, app, make_user, make):
    world = wide_world(app, make_user, make, {
        "kriterium-1": (2, 3), "kriterium-2": 2, "kriterium-5": 4, "kriterium-6": 1,
        "kriterium-8": 5, EXTRA: 3,
    })  # fmt: skip
    page = tablet
    sign_in(page, live_server, world["owner"], TEST_PASSWORD)
    page.goto(f"{live_server}/applications/{world['application'].id}/results")
    chart = page.locator("svg.profile-chart")
    assert chart.is_visible()
    assert chart.locator("g.area").count() == len(REQUIRED) + 1
    assert page.locator("ul.area-results > li").count() == len(REQUIRED) + 1
    # every label line ends left of the bars, however wide its letters
    rightmost = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('svg.profile-chart text.label')]
              .map(t => { const b = t.getBBox(); return b.x + b.width; }))"""
    )
    assert rightmost <= LABEL_WIDTH
    # the wide upper-case title is there in full, over several lines
    label = chart.locator('g[data-area="kriterium-1"] text.label')
    assert label.locator("tspan").count() >= 2
    assert "".join(label.locator("tspan").all_text_contents()).replace(" ", "") == (
        "PERSONALREKRUTIERUNG,-AUSWAHLUND-EINSTELLUNG"
    )
    assert chart.locator("g.area.below").count() == 2  # kriterium-2 and kriterium-6
    assert chart.locator("g.area.extra").count() == 1
    assert "2,5" in chart.locator('g[data-area="kriterium-1"] text.value').text_content()
    assert chart.locator("title").first.text_content().startswith("Profil")
    assert_fits_width(page)
    screenshot(page, "results-35-areas")
    ARTIFACTS.mkdir(exist_ok=True)
    for part in ("rule", "profile"):
        page.locator(f"#{part}").screenshot(
            path=str(ARTIFACTS / f"results-35-{part}-{page.size_name}.png")
        )
