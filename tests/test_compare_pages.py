"""The comparison at scale: pages of candidates, only the role's areas as columns, the
export links, and a fixed number of queries however many candidates there are."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert

from interview.db import utcnow
from interview.extensions import db
from interview.models import Application, Candidate, Interview, Loop, Requisition, Scorecard
from interview.results.compare_views import page_number
from interview.results.comparison import PAGE_SIZE
from tests.factories import AREAS
from tests.test_compare import add_candidate, compare_url, matrix_rows

EN = {"Accept-Language": "en"}


def bulk_candidates(app, requisition_id: int, raters, count: int, ratings=(3, 3, 4, 3, 2, 3),
                    status: str = "interviewing") -> None:  # fmt: skip
    """``count`` candidates, each with a ready loop and one submitted scorecard per area
    (``ratings`` in AREAS order), in a handful of bulk inserts."""
    with app.app_context():
        version = db.session.get(Requisition, requisition_id).framework_version_id
        now = utcnow()

        def rows(model, values):
            return list(
                db.session.scalars(
                    insert(model).returning(model.id, sort_by_parameter_order=True), values
                )
            )

        people = rows(Candidate, [{"name": f"Kandidat {n:03d}", "email": f"k{n}@example.net",
                                   "notes": ""} for n in range(count)])  # fmt: skip
        applications = rows(Application, [{"candidate_id": c, "requisition_id": requisition_id,
                                           "status": status} for c in people])  # fmt: skip
        loops = rows(Loop, [{"application_id": a, "status": "ready"} for a in applications])
        plan = [(loop, area, rating) for loop in loops
                for area, rating in zip(AREAS, ratings, strict=True)]  # fmt: skip
        interviews = rows(Interview, [
            {"loop_id": loop, "interviewer_id": raters[AREAS.index(area)].id, "area_key": area,
             "starts_at": now, "duration_minutes": 60, "location": ""}
            for loop, area, _rating in plan
        ])  # fmt: skip
        rows(Scorecard, [
            {"interview_id": i, "author_id": raters[AREAS.index(area)].id,
             "framework_version_id": version, "rating": rating, "insufficient_evidence": False,
             "evidence": "Belege mit Zahlen aus dem letzten Quartal.", "submitted_at": now}
            for i, (_loop, area, rating) in zip(interviews, plan, strict=True)
        ])  # fmt: skip
        db.session.commit()


@pytest.fixture
def raters(make_user):
    return [make_user("interviewer", name=f"Rater {n:02d}") for n in range(12)]


@pytest.fixture
def owner(make_user):
    return make_user("hiring_manager", name="Katrin Vogel")


def page_links(html: str) -> list[str]:
    pager = re.search(r'<nav class="pager".*?</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', pager.group(0)) if pager else []


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", 1), ("1", 1), ("3", 3), ("0", 1), ("all", 0), ("-2", 1), ("x", 1), ("٣", 1),
     ("9" * 5000, 999_999_999)],
)  # fmt: skip
def test_page_number(value, expected):
    assert page_number(value) == expected


def test_pages_of_candidates_and_all_at_once(app, client, login, make, owner, raters):
    requisition = make("requisition", owner)
    bulk_candidates(app, requisition.id, raters, PAGE_SIZE + 7)
    login(owner)
    first = client.get(compare_url(requisition), headers=EN).text
    names = list(matrix_rows(first))
    assert len(names) == PAGE_SIZE
    assert names[:2] == ["Kandidat 000", "Kandidat 001"]
    assert "Page 1 of 2" in first
    second = client.get(compare_url(requisition, page=2), headers=EN).text
    assert list(matrix_rows(second)) == [
        f"Kandidat {n:03d}" for n in range(PAGE_SIZE, PAGE_SIZE + 7)
    ]
    # past the end: the last page; nonsense: the first
    assert matrix_rows(client.get(compare_url(requisition, page=9), headers=EN).text).keys() \
        == matrix_rows(second).keys()  # fmt: skip
    assert list(matrix_rows(client.get(compare_url(requisition, page="x"), headers=EN).text)) \
        == names  # fmt: skip
    every = client.get(compare_url(requisition, page="all"), headers=EN).text
    assert len(matrix_rows(every)) == PAGE_SIZE + 7
    assert 'class="pager"' not in every
    assert f"All {PAGE_SIZE + 7} candidates on one page" in first


def test_pages_keep_sort_and_status(app, client, login, make, owner, raters):
    requisition = make("requisition", owner)
    bulk_candidates(app, requisition.id, raters, PAGE_SIZE + 1, status="offer")
    bulk_candidates(app, requisition.id, raters, 3, ratings=(1, 1, 1, 1, 1, 1))
    login(owner)
    page = client.get(compare_url(requisition, status="offer", sort="rule"), headers=EN).text
    assert len(matrix_rows(page)) == PAGE_SIZE
    (next_page,) = page_links(page)
    assert "status=offer" in next_page
    assert "sort=rule" in next_page
    assert "page=2" in next_page
    rest = client.get(next_page.replace("&amp;", "&"), headers=EN).text
    assert len(matrix_rows(rest)) == 1  # the three interviewing candidates stay filtered out


def test_sorting_covers_every_page(app, client, login, make, owner, raters):
    requisition = make("requisition", owner)
    bulk_candidates(app, requisition.id, raters, PAGE_SIZE)
    add_candidate(app, requisition.id, raters, "Zora Zuletzt", 4, 4, 4, 4, 4, 4)
    login(owner)
    by_name = matrix_rows(client.get(compare_url(requisition), headers=EN).text)
    assert "Zora Zuletzt" not in by_name
    by_area = matrix_rows(client.get(compare_url(requisition, sort=AREAS[0]), headers=EN).text)
    assert list(by_area)[0] == "Zora Zuletzt"


def test_query_count_is_the_same_for_5_and_many_candidates_and_every_page(
    app, client, login, make, owner, raters, count_queries
):
    few, many = make("requisition", owner), make("requisition", owner)
    bulk_candidates(app, few.id, raters, 5)
    bulk_candidates(app, many.id, raters, 2 * PAGE_SIZE + 20)
    login(owner)
    client.get(compare_url(few))  # warm-up: parsed framework, session
    counts = {}
    for label, url in [("few", compare_url(few)), ("many", compare_url(many)),
                       ("page 3", compare_url(many, page=3)),
                       ("all", compare_url(many, page="all", sort="rule"))]:  # fmt: skip
        with count_queries() as counter:
            assert client.get(url, headers=EN).status_code == 200
        counts[label] = counter.count
    assert len(set(counts.values())) == 1, counts


def test_the_page_stays_small(app, client, login, make, owner, raters):
    """A page of candidates is a bounded amount of HTML, however many candidates there are
    (no evidence, one flag line per kind)."""
    requisition = make("requisition", owner)
    bulk_candidates(app, requisition.id, raters, 2 * PAGE_SIZE)
    login(owner)
    page = client.get(compare_url(requisition), headers=EN)
    every = client.get(compare_url(requisition, page="all"), headers=EN)
    assert len(page.data) < 200_000
    assert len(every.data) > 1.7 * len(page.data)
    assert "Belege mit Zahlen" not in page.text


# --- only the role's areas -------------------------------------------------------------------


def test_only_required_areas_and_rated_extras_are_columns(app, client, login, make, owner,
                                                          raters):  # fmt: skip
    requisition = make(
        "requisition",
        owner,
        required_areas=AREAS[:3],
        decision_rule={"min_rating": 3, "min_areas": "all"},
    )
    # AREAS[3] rated for one candidate: an extra; AREAS[4] and [5] rated for nobody
    add_candidate(app, requisition.id, raters, "Anna", 3, 3, 3, 4, None, None)
    add_candidate(app, requisition.id, raters, "Bert", 3, 3, 3, None, "planned", None)
    login(owner)
    page = client.get(compare_url(requisition), headers=EN).text
    headers = re.findall(r'<th scope="col" class="area-col" data-area="([^"]+)"', page)
    assert headers == AREAS[:4]
    assert re.search(rf'data-area="{AREAS[3]}" data-extra="true"', page)
    assert not re.search(rf'data-area="{AREAS[0]}" data-extra', page)
    assert "extra: not required for this role" in page
    rows = matrix_rows(page)
    assert set(rows["Anna"]["cells"]) == set(AREAS[:4])
    assert rows["Bert"]["cells"][AREAS[3]] == "–not rated yet"
    assert rows["Anna"]["rule"] == rows["Bert"]["rule"] == "meets"  # min_areas counts the required
    # a sort by an area that is no column falls back to the name
    assert list(matrix_rows(client.get(compare_url(requisition, sort=AREAS[5]),
                                       headers=EN).text)) == ["Anna", "Bert"]  # fmt: skip


def test_an_extra_rated_only_in_a_hidden_row_is_no_column(app, client, login, make, owner,
                                                          raters):  # fmt: skip
    requisition = make("requisition", owner, required_areas=AREAS[:3])
    panel = [owner, *raters[1:]]
    add_candidate(app, requisition.id, panel, "Hanna", "planned", 3, 3, 4, None, None)
    add_candidate(app, requisition.id, raters, "Ida", 3, 3, 3, None, None, None)
    login(owner)
    page = client.get(compare_url(requisition), headers=EN).text
    assert re.findall(r'class="area-col" data-area="([^"]+)"', page) == AREAS[:3]


def test_gap_summary_counts_the_shown_areas(app, client, login, make, owner, raters):
    requisition = make("requisition", owner)
    add_candidate(app, requisition.id, raters, "Gina", 4, 3, 3, 2, 2, "n/a")
    login(owner)
    html = matrix_rows(client.get(compare_url(requisition), headers=EN).text)["Gina"]["html"]
    assert "2 below, 2 at and 1 above the expected value" in html


# --- links to the exports ---------------------------------------------------------------------


def test_export_links_carry_the_status_filter(app, client, login, make, owner, raters):
    requisition = make("requisition", owner)
    add_candidate(app, requisition.id, raters, "Olga", 3, 3, 3, 3, 3, 3, status="offer")
    login(owner)
    page = client.get(compare_url(requisition, status="offer"), headers=EN).text
    links = dict(re.findall(r'data-export="(\w+)" href="([^"]+)"', page))
    assert set(links) == {"csv", "xlsx"}
    for fmt, link in links.items():
        assert link.startswith(f"/requisitions/{requisition.id}/compare.{fmt}")
        assert "status=offer" in link
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
    unfiltered = client.get(compare_url(requisition), headers=EN).text
    assert f'href="/requisitions/{requisition.id}/compare.csv"' in unfiltered


def test_open_rules_are_explained_in_the_page_language(app, client, login, make, owner, raters):
    """Plural wording ("2 more areas …") comes from the catalog like every other text."""
    requisition = make("requisition", owner)
    add_candidate(app, requisition.id, raters, "Offen", 3, "planned", "planned", 3, 3, "planned")
    login(owner)
    german = client.get(compare_url(requisition), headers={"Accept-Language": "de"}).text
    assert "weitere Bereiche" in german
    assert "more areas" not in german
    english = client.get(compare_url(requisition), headers=EN).text
    assert "more areas" in english
