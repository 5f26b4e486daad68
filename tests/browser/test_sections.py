"""A framework with 35 areas in five sections on a tablet: the framework page and the
requisition form stay short, a link to an area opens its section."""

from __future__ import annotations

import pytest

from tests.bank_builder import sectioned_with_shipped
from tests.browser.conftest import assert_fits_width, screenshot, sign_in
from tests.conftest import BANK_PATH, TEST_PASSWORD

# Today's pages without sections: about 40,000 px (framework) and 3,900 px (form).
FRAMEWORK_PAGE_MAX = 4000
FORM_MAX = 2600


@pytest.fixture
def app_config(app_config, tmp_path):
    bank = sectioned_with_shipped(tmp_path / "bank", BANK_PATH)
    return {**app_config, "QUESTION_BANK_PATH": str(bank)}


def assert_collapsed(page, url: str, blocks: str, count: int, max_height: int, name: str):
    """The page at ``url`` has ``count`` closed ``blocks``, fits the width, stays short."""
    page.goto(url)
    assert page.locator(blocks).count() == count
    assert page.locator(f"{blocks}[open]").count() == 0
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < max_height, f"{name} is {height}px tall"
    assert_fits_width(page)
    screenshot(page, name)


@pytest.mark.parametrize(
    "tablet", ["portrait-768x1024", "landscape-1024x768", "air-820x1180"], indirect=True
)
def test_framework_page_and_form_collapse_by_section(tablet, live_server, make_user):
    manager = make_user("hiring_manager")
    page = tablet
    sign_in(page, live_server, manager, TEST_PASSWORD)

    assert_collapsed(page, f"{live_server}/frameworks/fuehrung", "details.area-section", 5,
                     FRAMEWORK_PAGE_MAX, "sections-framework")  # fmt: skip
    # a link from the table of contents opens the section holding the area
    page.locator('nav.toc a[href="#area-kriterium-17"]').tap()
    section = page.locator("#section-kunden-vertrieb")
    assert section.get_attribute("open") is not None
    assert page.locator("#area-kriterium-17").is_visible()
    assert page.locator("details.area-section[open]").count() == 1
    # tapping a summary opens a section by hand
    page.locator("#section-daten-recht-systeme > summary").tap()
    assert page.locator("#area-kriterium-30").is_visible()

    assert_collapsed(page, f"{live_server}/requisitions/new?framework=fuehrung",
                     "details.checks-section", 10, FORM_MAX, "sections-form")  # fmt: skip
    # untick one area: the count in the summary follows after saving with an error
    page.locator("#required-fuehrung-personal > summary").tap()
    page.get_by_role("checkbox", name="Kriterium 9", exact=True).uncheck()
    page.fill("input[name=title]", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").tap()
    assert page.locator("#required-fuehrung-personal").get_attribute("open") is not None
    assert page.locator("#required-kommunikation-wirkung").get_attribute("open") is None
    assert "6 von 7 verlangt" in page.locator("#required-fuehrung-personal > summary").inner_text()
    screenshot(page, "sections-form-error")
