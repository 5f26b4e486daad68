"""The kit reminds the interviewer, beside the note, that a protected ground must not
influence the rating; the note is saved anyway, and the reminder goes with the words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_width, screenshot
from tests.browser.test_kit import SAVED, kit_for, open_kit  # noqa: F401  (kit_for: a fixture)


@pytest.mark.parametrize("tablet", ["portrait-768x1024"], indirect=True)
def test_note_mentioning_a_protected_ground_gets_a_gentle_notice(tablet, live_server, kit_for):  # noqa: F811
    interviewer, interview = kit_for()
    page = tablet
    open_kit(page, live_server, interviewer, interview)
    page.fill("textarea[name=q0_note]", "Sprach von sich aus über ihre Kinder und Elternzeit.")
    page.wait_for_selector(SAVED)
    notice = page.locator('.field-notice[data-notice="q0_note"]')
    expect(notice).to_contain_text("darf die Bewertung nicht beeinflussen")
    assert_fits_width(page)
    screenshot(page, "kit-agg-notice")
    page.fill("textarea[name=q0_note]", "Hat das Renewal mit 12 % mehr Volumen abgeschlossen.")
    page.wait_for_selector(SAVED)
    expect(notice).to_have_count(0)
