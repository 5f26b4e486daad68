"""The data protection officer answers a request on a tablet: the candidate's page fits,
the printable export prints to PDF with the candidate's scorecards in it."""

from __future__ import annotations

import unicodedata

import pytest

from interview.extensions import db
from tests import privacy_world as world
from tests.browser.conftest import assert_fits_width, screenshot, sign_in
from tests.conftest import TEST_PASSWORD
from tests.pdf_text import pdf_text


@pytest.mark.parametrize("tablet", ["portrait-768x1024"], indirect=True)
def test_data_protection_page_and_printable_export(tablet, app, live_server, make_user, make):
    owner = make_user("hiring_manager")
    panel = [make_user("interviewer"), make_user("interviewer")]
    requisition = make("requisition", owner)
    with app.app_context():
        requisition = db.session.merge(requisition)
        person = world.person(requisition, [db.session.merge(u) for u in panel], "ilse")
        db.session.commit()
    page = tablet
    sign_in(page, live_server, make_user("data_protection"), TEST_PASSWORD)
    page.goto(f"{live_server}/privacy/candidates/{person.id}")
    assert page.get_by_role("heading", name=person.name).is_visible()
    assert page.locator('[data-standing="due"]').is_visible()
    assert_fits_width(page)
    screenshot(page, "privacy-candidate")
    page.goto(f"{live_server}/privacy/candidates/{person.id}/export")
    text = "".join(unicodedata.normalize("NFKC", pdf_text(page.pdf(format="A4"))).split())
    assert "".join(f"Belegte {person.marker} mit Zahlen (0).".split()) in text
    assert "".join(f"Grund {person.marker}".split()) in text
    assert "".join(person.email.split()) in text
