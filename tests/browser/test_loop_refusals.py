"""Loop page on a tablet: a refused "add interview" is shown at the top and its field is
brought into view; removing an interview asks first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interview.db import utcnow
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import TEST_PASSWORD
from tests.factories import AREAS


@pytest.mark.parametrize("tablet", ["portrait-768x1024"], indirect=True)
def test_refused_interview_and_confirmed_removal(tablet, live_server, make_user, make):
    manager = make_user("hiring_manager")
    anna, ben = make_user("interviewer", name="Anna Schmidt"), make_user("interviewer")
    application = make("application", make("requisition", manager))
    loop = make("loop", application)
    for n, area in enumerate(AREAS):  # a long list of interviews above the form
        make("interview", loop, make_user("interviewer"), area,
             starts_at=utcnow() + timedelta(days=1, hours=n))  # fmt: skip
    make("interview", loop, anna, AREAS[0], second_rater=True)
    page = tablet
    sign_in(page, live_server, manager, TEST_PASSWORD)
    page.goto(f"{live_server}/applications/{application.id}/loop")
    # Ben on an area already covered, without ticking "second rater": refused
    page.select_option("#add-interview select[name=interviewer_id]", str(ben.id))
    page.select_option("#add-interview select[name=area_key]", AREAS[1])
    page.fill("#add-interview input[name=starts_at]", "2026-12-03T09:00")
    with page.expect_navigation():
        page.tap("#add-interview button[type=submit]")
    assert page.locator("#add-interview-refused").count() == 1
    focused = page.evaluate("() => document.activeElement.name")
    assert focused == "area_key"
    box = page.locator("#add-interview select[name=area_key]").bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= page.viewport_size["height"]
    screenshot(page, "loop-refused")
    # removing asks first: dismissed, nothing happens; accepted, it is gone
    rows = page.locator(".interviews > li")
    before = rows.count()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(".interviews > li").last.locator("button.button-danger").tap()
    page.wait_for_timeout(300)
    assert rows.count() == before
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator(".interviews > li").last.locator("button.button-danger").tap()
    assert page.locator(".interviews > li").count() == before - 1
