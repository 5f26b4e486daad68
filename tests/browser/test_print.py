"""The paper back-up, printed by Chromium to A4 PDFs and read back as text: the comparison
keeps every key column (rule, scorecards, "discuss first") in portrait and landscape and
prints no controls; the kit keeps each question with its outcome probe on one page and
names the candidate and the area on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interview.db import utcnow
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.conftest import TEST_PASSWORD
from tests.factories import AREAS
from tests.pdf_text import pdf_pages, squash

ORIENTATIONS = {"portrait": False, "landscape": True}
# the printable width of A4 at Chromium's default margins, in CSS pixels
PRINT_WIDTH = {"portrait": 718, "landscape": 1047}


@pytest.fixture
def english(browser):
    context = browser.new_context(
        locale="en-US", viewport={"width": 1024, "height": 768}, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def save(data: bytes, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(data)


@pytest.fixture
def panel(make_user, make):
    """Two candidates on six areas: one meets the bar, one with raters four points apart on
    the first area (discussed first) and a missing scorecard."""
    recruiter = make_user("recruiter", name="Rita Recruiter")
    requisition = make("requisition", make_user("hiring_manager"))
    raters = [make_user("interviewer", name=f"Prüfer {n}") for n in range(7)]
    for name, ratings in (("Jürgen Groß", [3, 4, 3, 3, 4, 3]), ("Zoë Ølsen", [1, 3, 3, 2, 3])):
        loop = make("loop", make("application", requisition, make("candidate", name=name)),
                    status="ready")  # fmt: skip
        for rater, area, rating in zip(raters, AREAS, ratings, strict=False):
            make("scorecard", make("interview", loop, rater, area), submitted=True, rating=rating)
        if name.startswith("Zoë"):
            make("scorecard", make("interview", loop, raters[6], AREAS[0], second_rater=True),
                 submitted=True, rating=4)  # fmt: skip
            make("interview", loop, raters[5], AREAS[5])
    return recruiter, requisition


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_printed_comparison_keeps_the_key_columns(english, live_server, panel, orientation):
    recruiter, requisition = panel
    sign_in(english, live_server, recruiter, TEST_PASSWORD)
    english.goto(f"{live_server}/requisitions/{requisition.id}/compare")
    data = english.pdf(format="A4", landscape=ORIENTATIONS[orientation])
    save(data, f"compare-print-{orientation}.pdf")
    text = squash("".join(pdf_pages(data)))
    for wanted in ("Decision rule", "Scorecards", "Discuss first", "Jürgen Groß", "Zoë Ølsen",
                   "Meets the bar", "6/6", "6/7", "raters disagree"):  # fmt: skip
        assert squash(wanted) in text, wanted
    for control in ("Sign out", "Interviewer summary", "Withdrawn", "Hired"):
        assert squash(control) not in text, control
    # nothing runs off the paper's right edge (Chromium would cut it off)
    english.emulate_media(media="print")
    english.set_viewport_size({"width": PRINT_WIDTH[orientation], "height": 1000})
    overflow = english.evaluate("""() => {
        const right = Math.max(...[...document.querySelectorAll('.matrix th, .matrix td')]
            .map(cell => cell.getBoundingClientRect().right));
        return {page: document.documentElement.scrollWidth - innerWidth,
                table: right - innerWidth};
    }""")
    assert overflow["table"] <= 0, overflow
    assert overflow["page"] <= 0, overflow


@pytest.fixture
def kit(make_user, make):
    interviewer = make_user("interviewer", name="Anna Schmidt")
    application = make("application", make("requisition", make_user("hiring_manager")),
                       make("candidate", name="Jürgen Groß"))  # fmt: skip
    interview = make("interview", make("loop", application), interviewer, AREAS[1],
                     starts_at=utcnow() + timedelta(hours=1))  # fmt: skip
    return interviewer, interview


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_printed_kit_keeps_questions_whole_and_names_candidate_and_area(
    english, live_server, kit, orientation
):
    interviewer, interview = kit
    sign_in(english, live_server, interviewer, TEST_PASSWORD)
    english.goto(f"{live_server}/assignments/{interview.id}/kit")
    questions = english.locator(".kit-question .question-text").all_inner_texts()
    area = english.locator(".kit-head h1").inner_text()
    for n in range(len(questions)):
        english.fill(f"textarea[name=q{n}_outcome]", f"Ergebnis{n}")
    data = english.pdf(format="A4", landscape=ORIENTATIONS[orientation])
    save(data, f"kit-print-{orientation}.pdf")
    pages = [squash(page) for page in pdf_pages(data)]
    assert len(pages) >= 2  # else nothing here could be split
    for number, page in enumerate(pages, start=1):
        assert squash("Jürgen Groß") in page, f"no candidate on page {number}"
        assert squash(area) in page, f"no area on page {number}"
    for n, question in enumerate(questions):
        on = [p for p, page in enumerate(pages) if squash(question)[:40] in page]
        with_outcome = [p for p, page in enumerate(pages) if f"Ergebnis{n}" in page]
        assert on, f"question {n} not printed"
        assert on == with_outcome, f"question {n} split: {on} vs {with_outcome}"
    for control in ("Sign out", "Submit scorecard"):
        assert squash(control) not in "".join(pages)
