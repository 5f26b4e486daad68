"""Interview-quality pages and exports: agreement with its floor, rater effects and
adherence, comparisons by interview mode, evidence flags, the statistics switch and the
independence rule."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import update

from interview.extensions import db
from interview.models import Interview, Loop
from tests import test_compare
from tests.factories import AREAS
from tests.test_compare import EN, add_candidate

# the comparison tests' fixtures: twelve raters, a hiring manager and a requisition
raters, owner, requisition = test_compare.raters, test_compare.owner, test_compare.requisition


def paired_candidates(app, requisition_id, raters, count, *, prefix="Kandidat"):
    """``count`` candidates whose first area is rated twice; the second rater agrees
    closely (same value, or one lower every third candidate)."""
    ids = []
    for n in range(count):
        first = 1 + n % 4
        second = first if n % 3 else max(1, first - 1)
        rest = [(n + k) % 4 + 1 for k in range(5)]
        ids.append(add_candidate(app, requisition_id, raters, f"{prefix} {n:02d}",
                                 (first, second), *rest))  # fmt: skip
    return ids


def set_mode(app, application_ids, mode):
    with app.app_context():
        loops = db.select(Loop.id).where(Loop.application_id.in_(application_ids))
        db.session.execute(update(Interview).where(Interview.loop_id.in_(loops)).values(mode=mode))
        db.session.commit()


def agreement_cells(html: str) -> dict[str, dict[str, str]]:
    """{area id ("" for the framework): {measure: band}} from the agreement table."""
    table = re.search(r'<table class="matrix agreement-table".*?</table>', html, re.S).group(0)
    found = {}
    for row in re.finditer(r'<tr data-area="([^"]*)">(.*?)</tr>', table, re.S):
        bands = re.findall(r'data-figure="(\w+)" data-band="(\w+)"', row.group(2))
        found[row.group(1)] = dict(bands)
    return found


def test_agreement_shown_from_the_floor_and_hidden_below_it(app, client, login_as, requisition,
                                                             raters):  # fmt: skip
    paired_candidates(app, requisition.id, raters, 9)
    login_as("recruiter")
    url = f"/quality/requisitions/{requisition.id}"
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    cells = agreement_cells(page.text)
    assert cells[AREAS[0]] == {"icc1": "too_few", "alpha": "too_few"}
    assert "data-value" not in page.text.split("agreement-table")[1].split("</table>")[0]
    assert "too few pairs to say" in page.text
    paired_candidates(app, requisition.id, raters, 3, prefix="Mehr")
    page = client.get(url, headers=EN)
    cells = agreement_cells(page.text)
    assert cells[AREAS[0]]["icc1"] in ("reliable", "tentative", "discuss")
    assert cells[AREAS[0]]["alpha"] in ("reliable", "tentative", "discuss")
    # areas rated once per candidate have no pairs at all
    assert cells[AREAS[1]] == {"icc1": "too_few", "alpha": "too_few"}
    data = client.get(url + "/figures.json").get_json()
    area = next(a for a in data["agreement"]["areas"] if a["area"] == AREAS[0])
    assert area["icc1"]["candidates"] == 12
    assert area["icc1"]["pairs"] == 12
    alpha = area["alpha_ordinal"]
    assert alpha["low"] <= alpha["value"] <= alpha["high"]
    rows = list(csv.DictReader(io.StringIO(client.get(url + "/figures.csv").text)))
    assert {r["measure"] for r in rows if r["section"] == "agreement"} == {"icc1", "alpha_ordinal"}
