"""An interviewer fills the kit on a tablet: autosave, a Wi-Fi drop, a conflict, submission."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from interview.extensions import db
from interview.models import DraftField, Scorecard
from tests.browser.conftest import (
    ARTIFACTS,
    TABLETS,
    assert_fits_width,
    assert_tap_targets,
    screenshot,
    sign_in,
)
from tests.conftest import TEST_PASSWORD

SAVED = '#save-status[data-state="saved"]'
TAP_TARGETS = "main button, .scale-choice, .check.tick, .choice, main summary"
# Resolves once the service worker is active and keeps the kit with its scripts and styles
# (polled here: wait_for_function does not wait for a promise's value). The worker is
# registered on the first signed-in page, so the kit may have opened before it took over:
# the offline reload below goes through it all the same.
WAIT_UNTIL_KIT_IS_KEPT = """async () => {
    const urls = [location.pathname, ...[...document.querySelectorAll(
        "script[src], link[rel=stylesheet]")].map(el => el.src || el.href)];
    await navigator.serviceWorker.ready;
    for (let tries = 0; tries < 100; tries++) {
        const kept = await Promise.all(urls.map(url => caches.match(url)));
        if (kept.every(Boolean)) return urls.length;
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    throw new Error("the service worker kept no copy of the kit");
}"""


@pytest.fixture
def kit_for(make_user, make):
    """An interview of a fresh loop, assigned to a new interviewer: (interviewer, interview)."""

    def build():
        manager = make_user("hiring_manager", name="Katrin Vogel")
        interviewer = make_user("interviewer", name="Anna Schmidt")
        loop = make("loop", make("application", make("requisition", manager)))
        return interviewer, make("interview", loop, interviewer)

    return build


def open_kit(page, live_server, interviewer, interview) -> None:
    sign_in(page, live_server, interviewer, TEST_PASSWORD)
    page.goto(f"{live_server}/assignments/{interview.id}")
    assert page.url == f"{live_server}/assignments/{interview.id}/kit"
    page.wait_for_selector('#save-status[data-state="idle"]')


def answer(page, index: int, note: str, outcome: str) -> None:
    page.fill(f"textarea[name=q{index}_note]", note)
    tick(page, index)
    page.fill(f"textarea[name=q{index}_outcome]", outcome)


def tick(page, index: int) -> None:
    """Tap the outcome probe's tick. kit.js scrolls a field being typed into to the middle
    a moment after it gets the focus; a tap that landed while the page moved is repeated."""
    box = page.locator(f"input[name=q{index}_asked]")
    label = page.locator(f"label.check.tick:has(input[name=q{index}_asked])")
    label.tap()
    if not box.is_checked():
        page.wait_for_timeout(400)  # kit.js scrolls 350 ms after the focus moved
        label.tap()
    expect(box).to_be_checked()


def drafts(app, interview_id: int) -> dict:
    """The autosaved fields of the interview's scorecard, as the database holds them."""
    with app.app_context():
        rows = db.session.scalars(
            select(DraftField).join(Scorecard).where(Scorecard.interview_id == interview_id)
        )
        return {row.key: row.value for row in rows}


def assert_readable_and_touchable(page) -> None:
    """The kit fits the tablet, every control is a big target, text is at least 16 px and
    nothing needs a hover to appear."""
    assert_fits_width(page)
    assert_tap_targets(page, TAP_TARGETS)
    small_text = page.evaluate(
        """() => [...document.querySelectorAll(
                "body, main p, .question-text, .probes li, textarea, label, legend")]
            .filter(el => el.offsetParent !== null || el === document.body)
            .map(el => [el.tagName + "." + el.className, parseFloat(getComputedStyle(el).fontSize)])
            .filter(([, size]) => size < 16)"""
    )
    assert small_text == [], f"text smaller than 16px: {small_text}"
    hidden = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => !el.closest("details:not([open]), template, .visually-hidden"))
            .filter(el => { const s = getComputedStyle(el), r = el.getBoundingClientRect();
                            return s.display === "none" || s.visibility !== "visible"
                                   || s.opacity === "0" || r.width === 0 || r.height === 0; })
            .map(el => el.tagName + " " + el.textContent.trim().slice(0, 30))""",
        TAP_TARGETS,
    )
    assert hidden == [], f"controls hidden until hovered: {hidden}"
    hover_rules = page.evaluate(
        """() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
            .filter(rule => rule.selectorText && rule.selectorText.includes(":hover"))
            .filter(rule => ["display", "visibility", "opacity"]
                            .some(name => rule.style.getPropertyValue(name)))
            .map(rule => rule.cssText)"""
    )
    assert hover_rules == [], f"styles that show something only on hover: {hover_rules}"


def assert_field_stays_visible_with_keyboard(page, selector: str) -> None:
    """With the on-screen keyboard open (about 40 % of the height; the viewport meta tag
    resizes the content), the field tapped to type in is not hidden by the sticky header."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": int(size["height"] * 0.58)})
    page.tap(selector)
    page.wait_for_function(
        """(selector) => {
            const head = document.querySelector(".kit-head").getBoundingClientRect();
            const field = document.querySelector(selector).getBoundingClientRect();
            return field.top >= head.bottom && field.bottom <= innerHeight;
        }""",
        arg=selector,
        timeout=3000,
    )
    page.set_viewport_size(size)


@pytest.mark.parametrize("tablet", list(TABLETS), indirect=True)
def test_interviewer_fills_the_kit_through_a_wifi_drop_and_submits(
    tablet, live_server, app, kit_for
):
    interviewer, interview = kit_for()
    page = tablet
    open_kit(page, live_server, interviewer, interview)
    assert_readable_and_touchable(page)
    screenshot(page, "kit-empty")
    assert_field_stays_visible_with_keyboard(page, "textarea[name=evidence]")

    answer(page, 0, "Hat den Kunden nach der Eskalation wöchentlich angerufen.", "Vertrag +2 J.")
    answer(page, 1, "Renewal-Gespräch früh gestartet.", "Churn verhindert")
    page.wait_for_selector(SAVED)
    assert page.evaluate(WAIT_UNTIL_KIT_IS_KEPT) == 5  # kit, app.css, print.css, app.js, kit.js

    page.context.set_offline(True)
    answer(page, 2, "Offline notiert: Referenzkunde gewonnen.", "Zwei neue Leads")
    page.wait_for_selector('#save-status[data-state="offline"]')
    screenshot(page, "kit-offline")
    page.reload()  # the service worker's copy, refilled from this device's storage
    page.wait_for_selector('#save-status[data-state="offline"]')
    assert page.input_value("textarea[name=q2_note]") == "Offline notiert: Referenzkunde gewonnen."
    assert page.input_value("textarea[name=q2_outcome]") == "Zwei neue Leads"
    assert page.is_checked("input[name=q2_asked]")
    assert page.input_value("textarea[name=q0_outcome]") == "Vertrag +2 J."
    assert page.is_checked("input[name=q1_asked]")
    page.context.set_offline(False)
    page.wait_for_selector(SAVED)
    stored = drafts(app, interview.id)
    assert stored["q0_note"] == "Hat den Kunden nach der Eskalation wöchentlich angerufen."
    assert stored["q1_outcome"] == "Churn verhindert"
    assert stored["q2_note"] == "Offline notiert: Referenzkunde gewonnen."
    assert stored["q2_outcome"] == "Zwei neue Leads"
    assert [stored[f"q{i}_asked"] for i in range(3)] == [True, True, True]

    page.tap('label.scale-choice:has(input[value="3"])')
    with page.expect_navigation():
        page.tap("#submit-scorecard")
    expect(page.locator("#evidence-error")).to_be_in_viewport()  # not at the page's bottom
    assert page.locator("#evidence-error").inner_text().strip()
    assert page.locator("[data-state=locked]").count() == 0
    assert page.is_checked('input[name=rating][value="3"]')
    # the refused submission stored every field: the rating typed a moment ago is no conflict
    assert page.locator(".conflict").count() == 0
    assert page.get_attribute("#save-status", "data-state") != "conflict"
    assert_fits_width(page)
    screenshot(page, "kit-evidence-missing")

    page.fill("textarea[name=evidence]", "Zwei Verlängerungen mit messbarem Umsatzplus belegt.")
    with page.expect_navigation():
        page.tap("#submit-scorecard")
    assert page.locator("[data-state=locked]").is_visible()
    assert page.locator("#submitted").is_visible()
    assert page.locator("#history li").count() == 1
    assert_readable_and_touchable(page)
    screenshot(page, "kit-submitted")
    with app.app_context():
        scorecard = db.session.scalar(select(Scorecard).filter_by(interview_id=interview.id))
        assert scorecard.submitted_at is not None
        assert scorecard.rating == 3


@pytest.mark.parametrize("tablet", ["landscape-1024x768"], indirect=True)
def test_two_tabs_editing_one_field_never_overwrite_silently(tablet, live_server, app, kit_for):
    interviewer, interview = kit_for()
    tab_a = tablet
    open_kit(tab_a, live_server, interviewer, interview)
    tab_b = tab_a.context.new_page()
    tab_b.size_name = tab_a.size_name
    tab_b.goto(f"{live_server}/assignments/{interview.id}/kit")

    tab_a.fill("textarea[name=q0_note]", "Notiz aus Tab A")
    tab_a.wait_for_selector(SAVED)
    tab_b.fill("textarea[name=q0_note]", "Notiz aus Tab B")
    tab_b.wait_for_selector('#save-status[data-state="conflict"]')
    box = tab_b.locator("#question-0 .conflict")
    assert box.locator("button").count() == 2
    assert_fits_width(tab_b)
    assert_tap_targets(tab_b, ".conflict button")
    screenshot(tab_b, "kit-conflict")
    assert drafts(app, interview.id)["q0_note"] == "Notiz aus Tab A"

    keep_mine = tab_b.evaluate(
        """() => document.getElementById("save-messages")
                     .content.querySelector('[data-state="keep-mine"]').textContent"""
    )
    box.get_by_role("button", name=keep_mine).tap()
    tab_b.wait_for_selector(SAVED)
    assert tab_b.locator(".conflict").count() == 0
    assert drafts(app, interview.id)["q0_note"] == "Notiz aus Tab B"


@pytest.mark.parametrize("tablet", ["portrait-768x1024"], indirect=True)
def test_the_kit_prints_questions_without_the_controls(tablet, live_server, kit_for):
    interviewer, interview = kit_for()
    page = tablet
    open_kit(page, live_server, interviewer, interview)
    page.emulate_media(media="print")
    assert not page.locator("#save-status").is_visible()
    assert not page.locator("#submit-scorecard").is_visible()
    assert page.locator(".kit-question").count() >= 3
    assert page.locator("#question-0 .question-text").is_visible()
    screenshot(page, "kit-print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "kit-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000
