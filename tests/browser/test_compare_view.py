"""The comparison on a tablet: 500 candidates, and a framework of 35 areas with long German
titles. Candidate, rule result and gap summary stay visible while the area columns scroll,
and no header runs into its neighbour."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from interview.extensions import db
from interview.frameworks.services import current_bank, stored_version
from tests import factories
from tests.bank_builder import soll_bank
from tests.browser.conftest import ARTIFACTS, TABLETS, assert_fits_width, screenshot, sign_in
from tests.conftest import BANK_PATH, TEST_PASSWORD
from tests.test_compare_pages import bulk_candidates

BOTH = ["landscape-1024x768", "portrait-768x1024"]

#: the text of every header cell that lies outside its own cell, and neighbours that overlap
HEADER_PROBLEMS = """() => {
  const ths = [...document.querySelectorAll('table.matrix thead th')];
  const problems = [];
  ths.forEach((th, i) => {
    const cell = th.getBoundingClientRect();
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const box of range.getClientRects()) {
        if (box.left < cell.left - 1 || box.right > cell.right + 1) {
          problems.push(`"${node.textContent.trim()}" outside its header`);
        }
      }
    }
    if (i > 0 && ths[i - 1].getBoundingClientRect().right > cell.left + 1) {
      problems.push(`header ${i} overlaps header ${i - 1}`);
    }
  });
  return problems;
}"""


def first_row_boxes(page) -> dict[str, dict]:
    row = page.locator("table.matrix tbody tr").first
    return {
        "name": row.locator("th").bounding_box(),
        "rule": row.locator("td.sticky-rule").bounding_box(),
        "gaps": row.locator("td.sticky-gaps").bounding_box(),
    }


def assert_key_columns_visible(page, name: str) -> None:
    """Candidate, rule and gaps lie inside the window, with the area columns scrolled to
    the start and to the end (a picture of that: ``name``)."""
    width = TABLETS[page.size_name]["width"]
    wrap = page.locator(".matrix-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "nothing to scroll: test moot"
    before = first_row_boxes(page)
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    after = first_row_boxes(page)
    assert wrap.evaluate("el => el.scrollLeft") > 0
    for key in before:
        for boxes in (before, after):
            box = boxes[key]
            assert box["x"] >= 0, (key, box)
            assert box["x"] + box["width"] <= width, (key, box, width)
        assert abs(before[key]["x"] - after[key]["x"]) < 1, key  # sticky: did not move
    assert page.evaluate("() => window.scrollX") == 0
    page.screenshot(path=str(ARTIFACTS / f"{name}-scrolled-{page.size_name}.png"))
    wrap.evaluate("el => { el.scrollLeft = 0; }")


@pytest.mark.parametrize("tablet", BOTH, indirect=True)
def test_500_candidates(tablet, app, live_server, make_user, make):
    owner = make_user("hiring_manager")
    recruiter = make_user("recruiter", name="Felix Braun")
    raters = [make_user("interviewer", name=f"Interviewer {n}") for n in range(6)]
    requisition = make("requisition", owner)
    bulk_candidates(app, requisition.id, raters, 500)
    page = tablet
    sign_in(page, live_server, recruiter, TEST_PASSWORD)
    page.goto(f"{live_server}/requisitions/{requisition.id}/compare")
    assert page.locator("table.matrix tbody tr").count() == 50
    assert page.locator("[data-rule]").first.is_visible()
    assert page.locator("a[data-export=csv]").is_visible()
    assert page.locator("a[data-export=xlsx]").is_visible()
    assert_fits_width(page)
    assert_key_columns_visible(page, "compare-500")
    assert page.evaluate(HEADER_PROBLEMS) == []
    screenshot(page, "compare-500")
    with page.expect_navigation():
        page.locator("nav.pager a").last.tap()
    assert "page=2" in page.url
    assert page.get_by_text("Kandidat 050").first.is_visible()
    page.goto(f"{live_server}/requisitions/{requisition.id}/compare?page=all")
    assert page.locator("table.matrix tbody tr").count() == 500
    assert_fits_width(page)
    assert_key_columns_visible(page, "compare-500-all")
    # the window only: a full-page picture of 500 rows says nothing more
    page.screenshot(path=str(ARTIFACTS / f"compare-500-all-{page.size_name}.png"))
    page.emulate_media(media="print")
    assert not page.locator("a[data-export=csv]").is_visible()
    assert page.locator("[data-rule]").first.is_visible()


# --- 35 areas, long German titles --------------------------------------------------------------

TITLES = [
    "Kommunikationsfähigkeit",
    "PERSONALREKRUTIERUNG, -AUSWAHL UND -EINSTELLUNG",
    "DATENKOMPETENZ (DATA LITERACY)",
    "Präsentationsfähigkeit und Überzeugungskraft",
    "Krisenbewältigung & Größe zeigen",
    "Vertriebscontrolling/Kennzahlen",
    "Datenschutz (DSGVO) im Tagesgeschäft",
    "Kundenbeziehungsmanagement",
]


def thirty_five_areas(root: Path) -> Path:
    """A bank of its own: the account-manager framework and a 35-criteria target profile
    whose first criteria carry long German titles."""
    bank = soll_bank(root, areas=35)
    for n, title in enumerate(TITLES, start=1):
        path = bank / "fuehrung" / f"{n:02d}.md"
        text = re.sub(r'^title: ".*"$', f'title: "{title}"', path.read_text(encoding="utf-8"),
                      count=1, flags=re.M)  # fmt: skip
        path.write_text(text, encoding="utf-8")
    shutil.copytree(BANK_PATH / "account-manager", bank / "account-manager")
    return bank


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "QUESTION_BANK_PATH": str(thirty_five_areas(tmp_path / "bank"))}


@pytest.mark.parametrize("tablet", BOTH, indirect=True)
def test_35_areas_show_only_the_roles_areas(tablet, app, live_server, make_user):
    owner = make_user("hiring_manager")
    recruiter = make_user("recruiter")
    raters = [make_user("interviewer", name=f"Interviewerin {n}") for n in range(8)]
    required = [f"kriterium-{n}" for n in range(1, 7)]
    with app.app_context():
        version = stored_version(current_bank().get("fuehrung"))
        requisition = factories.requisition(
            owner, framework_version_id=version.id, target_level=None,
            required_areas=required, decision_rule={"min_rating": "target", "min_areas": "all"},
        )  # fmt: skip
        for n, values in enumerate([(3, 4, 2, 5, 3, 1, 4), (5, 5, 5, 5, 5, 5, None),
                                    (2, 3, None, 4, 4, 3, None)]):  # fmt: skip
            application = factories.application(
                requisition, factories.candidate(name=f"Bewerberin {n + 1} Weißenfels-Özdemir")
            )
            loop = factories.loop(application, status="ready")
            # the seventh value: kriterium-8 ("Kundenbeziehungsmanagement"), not required
            for area, rater, value in zip([*required, "kriterium-8"], raters[:7], values,
                                          strict=True):  # fmt: skip
                if value is not None:
                    interview = factories.interview(loop, rater, area)
                    factories.scorecard(interview, submitted=True, rating=value)
        db.session.commit()
        requisition_id = requisition.id
    page = tablet
    sign_in(page, live_server, recruiter, TEST_PASSWORD)
    page.goto(f"{live_server}/requisitions/{requisition_id}/compare")
    headers = page.locator("table.matrix thead th.area-col")
    assert headers.count() == 7
    assert page.locator("th.area-col[data-extra=true]").count() == 1
    assert "Kundenbeziehungsmanagement" in page.locator("th[data-extra=true]").inner_text()
    assert_fits_width(page)
    assert_key_columns_visible(page, "compare-35-areas")
    assert page.evaluate(HEADER_PROBLEMS) == []
    screenshot(page, "compare-35-areas")
