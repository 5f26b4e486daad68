"""Nothing typed on a tablet is lost when the server refuses it: a field it cannot store,
a submission from a stale device, a reload without network after a refused submission,
a new release of the app's files."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interview.kit import offline
from tests.browser.conftest import TABLETS, assert_fits_width, assert_tap_targets, screenshot
from tests.browser.test_kit import SAVED, WAIT_UNTIL_KIT_IS_KEPT, drafts, kit_for, open_kit
from tests.conftest import TEST_PASSWORD

__all__ = ["kit_for"]  # the fixture, shared with the kit's other browser tests

A_NOTE = "Gerät A: Kundin nannte drei verlängerte Verträge und 12 % mehr Volumen."
B_NOTE = "Gerät B: Referenzkunde gewonnen, zwei neue Leads daraus."
EVIDENCE = "Zwei Verlängerungen mit messbarem Umsatzplus belegt."


def local_copy(page, interview) -> dict:
    """What kit.js keeps on this device for the interview's fields."""
    return page.evaluate(
        """(id) => {
            const key = Object.keys(localStorage).find(k => k.endsWith(":" + id));
            return key ? JSON.parse(localStorage.getItem(key)).fields : {};
        }""",
        interview.id,
    )


def message(page, state: str) -> str:
    return page.evaluate(
        """(state) => document.getElementById("save-messages")
                .content.querySelector(`[data-state="${state}"]`).textContent""",
        state,
    )


@pytest.mark.parametrize("tablet", list(TABLETS), indirect=True)
def test_a_field_the_server_refuses_keeps_its_text_and_says_why(tablet, live_server, app, kit_for):
    interviewer, interview = kit_for()
    page = tablet
    open_kit(page, live_server, interviewer, interview)
    page.fill("textarea[name=q1_note]", "Gute Notiz")
    page.wait_for_selector(SAVED)
    # text pasted from another program, with a control character no database stores
    pasted = "Notiz aus der Zwischenablage \u0000 mit Steuerzeichen"
    page.eval_on_selector(
        "textarea[name=q0_note]",
        """(el, text) => { el.value = text;
                          el.dispatchEvent(new Event("input", { bubbles: true })); }""",
        pasted,
    )
    page.wait_for_selector('#save-status[data-state="invalid"]')
    error = page.locator('.field-invalid[data-invalid="q0_note"]')
    expect(error).to_be_visible()
    assert "Steuerzeichen (NUL)" in error.inner_text()  # the server's German message
    assert page.input_value("textarea[name=q0_note]") == pasted
    assert local_copy(page, interview)["q0_note"]["value"] == pasted
    assert "q0_note" not in drafts(app, interview.id)
    assert_fits_width(page)
    screenshot(page, "kit-field-refused")

    page.reload()  # still on the device, still explained
    page.wait_for_selector('#save-status[data-state="invalid"]')
    assert page.input_value("textarea[name=q0_note]") == pasted
    expect(page.locator('.field-invalid[data-invalid="q0_note"]')).to_be_visible()

    page.fill("textarea[name=q0_note]", pasted.replace("\u0000", ""))
    page.wait_for_selector(SAVED)
    assert page.locator(".field-invalid").count() == 0
    assert drafts(app, interview.id)["q0_note"] == pasted.replace("\u0000", "")


@pytest.mark.parametrize("tablet", list(TABLETS), indirect=True)
def test_a_stale_device_submitting_is_shown_both_texts_and_loses_neither(
    tablet, live_server, app, kit_for
):
    interviewer, interview = kit_for()
    device_b = tablet
    open_kit(device_b, live_server, interviewer, interview)
    device_b.tap('label.scale-choice:has(input[value="3"])')
    device_b.fill("textarea[name=evidence]", EVIDENCE)
    device_b.tap("label.check.tick:has(input[name=q0_asked])")
    device_b.wait_for_selector(SAVED)
    # B's connection to the server breaks while B writes the note...
    device_b.route("**/kit/fields", lambda route: route.abort())
    device_b.fill("textarea[name=q0_note]", B_NOTE)
    device_b.wait_for_selector('#save-status[data-state="offline"]')
    # ... and device A saves its own note in the same field meanwhile
    device_a = app.test_client()
    device_a.post("/login", data={"email": interviewer.email, "password": TEST_PASSWORD})
    saved = device_a.post(
        f"/assignments/{interview.id}/kit/fields",
        json={"changes": [{"key": "q0_note", "value": A_NOTE, "base": 0}]},
    )
    assert saved.json["results"][0]["status"] == "saved"

    with device_b.expect_navigation():
        device_b.tap("#submit-scorecard")
    kit_url = f"{live_server}/assignments/{interview.id}/kit"
    assert device_b.url == kit_url  # a reload opens the kit, not the POST address
    expect(device_b.locator("#conflict-summary")).to_be_visible()
    box = device_b.locator('.conflict[data-conflict="q0_note"]')
    expect(box).to_be_in_viewport()
    assert device_b.input_value("textarea[name=q0_note]") == A_NOTE
    assert box.locator("textarea.conflict-mine").input_value() == B_NOTE
    assert local_copy(device_b, interview)["q0_note"]["value"] == B_NOTE
    assert drafts(app, interview.id)["q0_note"] == A_NOTE
    assert device_b.locator("[data-state=locked]").count() == 0
    assert_fits_width(device_b)
    assert_tap_targets(device_b, ".conflict button")
    screenshot(device_b, "kit-submit-conflict")

    # submitting again before choosing is held back on the device
    device_b.tap("#submit-scorecard")
    assert device_b.get_attribute("#save-status", "data-state") == "conflict"
    assert device_b.url == kit_url

    device_b.unroute("**/kit/fields")
    box.get_by_role("button", name=message(device_b, "keep-mine")).tap()
    device_b.wait_for_selector(SAVED)
    assert device_b.input_value("textarea[name=q0_note]") == B_NOTE
    assert drafts(app, interview.id)["q0_note"] == B_NOTE
    with device_b.expect_navigation():
        device_b.tap("#submit-scorecard")
    assert device_b.locator("[data-state=locked]").is_visible()
    assert B_NOTE in device_b.locator("#submitted").inner_text()


@pytest.mark.parametrize("tablet", list(TABLETS), indirect=True)
def test_the_kit_reloads_offline_after_a_refused_submission(tablet, live_server, app, kit_for):
    interviewer, interview = kit_for()
    page = tablet
    open_kit(page, live_server, interviewer, interview)
    page.fill("textarea[name=q0_note]", B_NOTE)
    page.wait_for_selector(SAVED)
    page.evaluate(WAIT_UNTIL_KIT_IS_KEPT)
    with page.expect_navigation():
        page.tap("#submit-scorecard")  # no rating, no evidence: refused
    kit_url = f"{live_server}/assignments/{interview.id}/kit"
    assert page.url == kit_url
    page.evaluate(WAIT_UNTIL_KIT_IS_KEPT)
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("#kit")
    assert page.url == kit_url
    assert page.input_value("textarea[name=q0_note]") == B_NOTE
    page.fill("textarea[name=evidence]", EVIDENCE)  # the kit still works offline
    page.wait_for_selector('#save-status[data-state="offline"]')
    page.context.set_offline(False)
    page.wait_for_selector(SAVED)
    assert drafts(app, interview.id)["evidence"] == EVIDENCE


@pytest.mark.parametrize("tablet", ["air-820x1180"], indirect=True)
def test_a_new_release_replaces_the_old_offline_copy(
    tablet, live_server, app, kit_for, monkeypatch
):
    interviewer, interview = kit_for()
    page = tablet
    open_kit(page, live_server, interviewer, interview)
    page.evaluate(WAIT_UNTIL_KIT_IS_KEPT)
    first = page.evaluate("caches.keys()")
    assert len(first) == 1
    assert first[0].startswith("scorecard-kit-")
    monkeypatch.setattr(offline, "static_version", lambda folder: "0123456789abcdef")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.evaluate(
        """async (old) => {
            for (let tries = 0; tries < 200; tries++) {
                if (!(await caches.keys()).includes(old)) return;
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            throw new Error("the old cache is still there");
        }""",
        first[0],
    )
    page.reload()
    page.wait_for_selector('#save-status[data-state="idle"]')
    page.evaluate(WAIT_UNTIL_KIT_IS_KEPT)
    assert page.evaluate("caches.keys()") == ["scorecard-kit-0123456789abcdef"]


@pytest.mark.parametrize("size", list(TABLETS))
def test_without_javascript_a_stale_submission_offers_both_texts(
    browser, live_server, app, kit_for, size
):
    interviewer, interview = kit_for()
    context = browser.new_context(
        viewport=TABLETS[size], has_touch=True, is_mobile=True, locale="de-DE",
        java_script_enabled=False,
    )  # fmt: skip
    page = context.new_page()
    page.size_name = size
    try:
        open_kit(page, live_server, interviewer, interview)
        page.fill("textarea[name=q0_note]", B_NOTE)
        page.check("input[name=q0_asked]")
        page.check('input[name=rating][value="3"]')
        page.fill("textarea[name=evidence]", EVIDENCE)
        device_a = app.test_client()
        device_a.post("/login", data={"email": interviewer.email, "password": TEST_PASSWORD})
        device_a.post(
            f"/assignments/{interview.id}/kit/fields",
            json={"changes": [{"key": "q0_note", "value": A_NOTE, "base": 0}]},
        )
        with page.expect_navigation():
            page.click("#submit-scorecard")
        box = page.locator('.conflict[data-conflict="q0_note"]')
        expect(box).to_be_visible()
        expect(box.locator(".hint")).to_be_visible()  # how to choose, without buttons
        assert box.locator("textarea.conflict-mine").input_value() == B_NOTE
        assert page.input_value("textarea[name=q0_note]") == A_NOTE
        assert_fits_width(page)
        screenshot(page, "kit-submit-conflict-no-js")

        merged = f"{A_NOTE}\n{B_NOTE}"  # both devices' notes, copied together
        page.fill("textarea[name=q0_note]", merged)
        with page.expect_navigation():
            page.click("#submit-scorecard")
        assert page.locator("[data-state=locked]").is_visible()
        assert drafts(app, interview.id)["q0_note"] == merged
    finally:
        context.close()
