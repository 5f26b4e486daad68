"""The works council's documents print to PDF in Chromium with everything they must show."""

from __future__ import annotations

import unicodedata

import pytest

from interview.extensions import db
from interview.models import Decision
from tests.browser.conftest import assert_fits_width, screenshot, sign_in
from tests.conftest import TEST_PASSWORD
from tests.factories import AREAS
from tests.pdf_text import pdf_text


def squeeze(text: str) -> str:
    """Without whitespace (line breaks in print fall wherever the page width puts them)
    and ligatures (the font prints "ff" as one glyph)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("tablet", ["landscape-1024x768"], indirect=True)
def test_documents_for_the_works_council_print_to_pdf(tablet, app, live_server, make_user, make):
    owner = make_user("hiring_manager", name="Katrin Vogel")
    council = make_user("works_council", name="Bernd Betriebsrat")
    requisition = make("requisition", owner, title="Senior Account Manager Nord")
    make("council_share", requisition, owner)
    application = make("application", requisition, make("candidate", name="Lena Hoffmann"))
    loop = make("loop", application, status="ready")
    make(
        "scorecard",
        make("interview", loop, make_user("interviewer", name="Anna Schmidt"), AREAS[0]),
        submitted=True,
        rating=4,
        evidence="Verlängerte drei Verträge mit 12 Prozent Plus.",
    )
    make("scorecard", make("interview", loop, make_user("interviewer", name="Ben Entwurf"),
                           AREAS[1]), evidence="Nur ein Entwurf, nicht abgegeben.")  # fmt: skip
    with app.app_context():
        db.session.add(Decision(application_id=application.id, decision="advance",
                                reason="Starke Belege im Bereich Beziehungstiefe.",
                                rule_result="open", decided_by_id=owner.id))  # fmt: skip
        db.session.commit()
    page = tablet
    sign_in(page, live_server, council, TEST_PASSWORD)
    page.goto(f"{live_server}/council/requisitions/{requisition.id}")
    assert page.get_by_role("heading", name="Lena Hoffmann").is_visible()
    assert_fits_width(page)
    screenshot(page, "council-documents")
    text = squeeze(pdf_text(page.pdf(format="A4", print_background=True)))
    for expected in (
        "Dokumente für den Betriebsrat", "Senior Account Manager Nord", "Katrin Vogel",
        "Account Manager", "Lena Hoffmann", "Anna Schmidt",
        "Verlängerte drei Verträge mit 12 Prozent Plus.",
        "Starke Belege im Bereich Beziehungstiefe.", "Entscheidungsregel",
    ):  # fmt: skip
        assert squeeze(expected) in text, expected
    assert squeeze("Nur ein Entwurf") not in text
    assert "BenEntwurf" not in text
    # the navigation is not printed
    assert squeeze("Abmelden") not in text
