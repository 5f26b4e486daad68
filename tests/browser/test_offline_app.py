"""The app on a tablet's home screen: Chromium finds nothing missing to install it, and
"My interviews" with the kits of the upcoming interviews open without network after one
online visit (the service worker is registered from every signed-in page, not only the kit)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interview.db import utcnow
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import TEST_PASSWORD

# Resolves once the service worker is active and keeps every given path (a page opened while
# it was still installing is not controlled by it, but its next load is).
WAIT_UNTIL_KEPT = """async (paths) => {
    await navigator.serviceWorker.ready;
    for (let tries = 0; tries < 200; tries++) {
        const kept = await Promise.all(paths.map(path => caches.match(path)));
        if (kept.every(Boolean)) return paths.length;
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    throw new Error("the service worker kept no copy of " + paths.join(", "));
}"""


@pytest.fixture
def upcoming(make_user, make):
    """An interviewer with one upcoming interview: (interviewer, interview)."""
    manager = make_user("hiring_manager", name="Katrin Vogel")
    interviewer = make_user("interviewer", name="Anna Schmidt")
    application = make("application", make("requisition", manager),
                       make("candidate", name="Jürgen Groß"))  # fmt: skip
    loop = make("loop", application, status="ready")
    return interviewer, make("interview", loop, interviewer, starts_at=utcnow() + timedelta(days=1))


@pytest.mark.parametrize("tablet", ["landscape-1024x768"], indirect=True)
def test_chromium_finds_the_app_installable(tablet, live_server, upcoming):
    interviewer, _ = upcoming
    sign_in(tablet, live_server, interviewer, TEST_PASSWORD)
    tablet.goto(f"{live_server}/my/interviews")
    tablet.evaluate(WAIT_UNTIL_KEPT, ["/my/interviews"])
    cdp = tablet.context.new_cdp_session(tablet)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{live_server}/manifest.webmanifest"
    assert manifest["errors"] == []
    found = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    errors = [error["errorId"] for error in found]
    assert "no-manifest" not in errors
    # Playwright's contexts are incognito windows, where Chromium installs nothing: that is
    # the only objection allowed
    assert set(errors) <= {"in-incognito"}


@pytest.mark.parametrize("tablet", ["portrait-768x1024", "air-820x1180"], indirect=True)
def test_my_interviews_and_the_kit_open_offline(tablet, live_server, upcoming):
    interviewer, interview = upcoming
    sign_in(tablet, live_server, interviewer, TEST_PASSWORD)
    tablet.goto(f"{live_server}/my/interviews")
    kit = f"/assignments/{interview.id}/kit"
    tablet.evaluate(WAIT_UNTIL_KEPT, ["/my/interviews", kit])  # the kit was never opened
    tablet.context.set_offline(True)
    try:
        tablet.reload()
        assert tablet.locator("h1").inner_text() == "Meine Interviews"
        row = tablet.locator("#upcoming a.row-main")
        assert "Jürgen Groß" in row.inner_text()
        assert tablet.evaluate("getComputedStyle(document.body).backgroundColor") != (
            "rgba(0, 0, 0, 0)"
        )  # styled: the stylesheet came from the copy too
        screenshot(tablet, "my-interviews-offline")
        row.tap()
        tablet.wait_for_selector("#kit")
        assert "Jürgen Groß" in tablet.locator("main").inner_text()
        screenshot(tablet, "kit-from-my-interviews-offline")
    finally:
        tablet.context.set_offline(False)
