"""Every screen of the hiring side fits a 768 px tablet without horizontal scrolling."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_fits_width, assert_tap_targets, screenshot, sign_in
from tests.conftest import TEST_PASSWORD
from tests.factories import AREAS


@pytest.mark.parametrize("tablet", ["portrait-768x1024"], indirect=True)
def test_screens_fit_a_portrait_tablet(tablet, live_server, make_user, make):
    boss = make_user(("admin", "hiring_manager", "recruiter", "interviewer"), name="Alexandra")
    requisition = make("requisition", boss, title="Senior Account Manager (Region Süd/West)")
    candidate = make("candidate", name="Maximiliane Müller-Lüdenscheidt",
                     email="maximiliane.mueller-luedenscheidt@example.net")  # fmt: skip
    application = make("application", requisition, candidate)
    loop = make("loop", application)
    long_link = "https://meet.example/" + "a-very-long-video-link-that-must-wrap-" * 2
    interview = make("interview", loop, boss, AREAS[0], location=long_link)
    page = tablet
    sign_in(page, live_server, boss, TEST_PASSWORD)
    screens = {
        "home": "/",
        "requisitions": "/requisitions/",
        "requisition": f"/requisitions/{requisition.id}",
        "requisition-form": f"/requisitions/{requisition.id}/edit",
        "candidates": "/candidates/",
        "candidate": f"/candidates/{candidate.id}",
        "candidate-new": "/candidates/new",
        "loop": f"/applications/{application.id}/loop",
        "interview-edit": f"/interviews/{interview.id}/edit",
        "my-interviews": "/my/interviews",
        "assignment": f"/assignments/{interview.id}",
        "users": "/admin/users",
        "user-new": "/admin/users/new",
        "audit": "/admin/audit",
        "password": "/account/password",
        "compare": f"/requisitions/{requisition.id}/compare",
        "results": f"/applications/{application.id}/results",
        "calibration": "/calibration/interviewers",
        "quality": f"/quality/requisitions/{requisition.id}",
        "quality-framework": "/quality/frameworks/account-manager",
    }
    for name, path in screens.items():
        page.goto(f"{live_server}{path}")
        assert page.locator("h1").count() >= 1, name
        assert_fits_width(page)
        assert_tap_targets(page, "main button, main a.button-primary, main a.button-secondary")
        screenshot(page, f"fit-{name}")
