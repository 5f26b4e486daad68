"""Comparison of a requisition's candidates and the per-interviewer calibration summary:
matrix values, gap markers, sorting, filtering, permissions, independence, query counts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from interview.db import utcnow
from interview.extensions import db
from interview.models import Application, Candidate, Interview, Requisition, Scorecard
from interview.results.calibration import CardRecord, summarise
from interview.results.comparison import format_mean
from tests import factories
from tests.factories import AREAS

EN = {"Accept-Language": "en"}
EVIDENCE = "Erzählte, wie sie ein Renewal mit 12 % mehr Volumen abgeschlossen hat, mit Zahlen."


# --- building candidates -----------------------------------------------------------------------


def add_candidate(app, requisition_id, raters, name, *areas, status="interviewing",
                  loop_status="ready", starts_at=None, submitted_after=None):  # fmt: skip
    """One application with a loop; per area (in AREAS order) a spec:
    an int (submitted rating), "n/a" (submitted, insufficient evidence), "planned" (interview
    without scorecard), "draft:N" (unsubmitted rating N), None (no interview) or a tuple of
    those for several raters. ``raters[i]`` is the user for the i-th rater of every area."""
    with app.app_context():
        requisition = db.session.get(Requisition, requisition_id)
        application = factories.application(
            requisition, factories.candidate(name=name), status=status
        )
        loop = factories.loop(application, status=loop_status)
        for area, spec in zip(AREAS, areas, strict=True):
            specs = spec if isinstance(spec, tuple) else (spec,)
            for n, value in enumerate(specs):
                if value is None:
                    continue
                rater = raters[n * len(AREAS) + AREAS.index(area)]
                fields = {"starts_at": starts_at} if starts_at else {}
                interview = factories.interview(loop, rater, area, **fields)
                _card(interview, value, submitted_after)
        db.session.commit()
        return application.id


def _card(interview, value, submitted_after):
    if value == "planned":
        return
    draft = isinstance(value, str) and value.startswith("draft:")
    card = factories.scorecard(
        interview, submitted=not draft, rating=int(value[6:]) if draft else value,
        insufficient=value == "n/a", evidence=EVIDENCE,
    )  # fmt: skip
    if submitted_after is not None and not draft:
        ends = interview.starts_at + timedelta(minutes=interview.duration_minutes)
        card.submitted_at = ends + submitted_after


@pytest.fixture
def raters(make_user):
    """Twelve interviewers: the first six rate areas 1-6, the next six are second raters."""
    return [make_user("interviewer", name=f"Rater {n:02d}") for n in range(12)]


@pytest.fixture
def owner(make_user):
    return make_user("hiring_manager", name="Katrin Vogel")


@pytest.fixture
def requisition(make, owner):
    return make("requisition", owner)


# --- reading the page --------------------------------------------------------------------------


def table_rows(html: str, css_class: str) -> list[ET.Element]:
    """The rows of the page's table with exactly this class (our templates write it as XML)."""
    table = re.search(rf'<table class="{css_class}".*?</table>', html, re.S)
    if table is None:
        return []
    return list(ET.fromstring(table.group(0)).iter("tr"))  # noqa: S314  (our own page)


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _cell(td: ET.Element) -> tuple[str, str | None]:
    """(shown value, gap marker) of one area cell."""
    value, gap = td.find(".//*[@class='cell-value']"), td.find(".//*[@data-gap]")
    return (value.text if value is not None else _text(td),
            gap.get("data-gap") if gap is not None else None)  # fmt: skip


def matrix_rows(html: str) -> dict[str, dict]:
    """The comparison table as {candidate name: {...}}, in page order."""
    rows = {}
    for tr in table_rows(html, "matrix"):
        if "data-application" not in tr.attrib:
            continue
        cells = {td.get("data-area"): _cell(td) for td in tr.iter("td") if td.get("data-area")}
        rule = tr.find(".//*[@data-rule]")
        rows[_text(tr.find("th").find("*"))] = {
            "visible": tr.get("data-visible") == "true",
            "cells": {area: value for area, (value, _gap) in cells.items()},
            "gaps": {area: gap for area, (_value, gap) in cells.items()},
            "rule": rule.get("data-rule") if rule is not None else None,
            "count": _text(tr.find(".//*[@data-col='count']")),
            "incomplete": tr.find(".//*[@data-incomplete]") is not None,
            "flags": [li.get("data-flag") for li in tr.iter("li")],
            "html": ET.tostring(tr, encoding="unicode"),
        }
    return rows


def compare_url(requisition, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/requisitions/{requisition.id}/compare" + (f"?{query}" if query else "")


# --- the matrix --------------------------------------------------------------------------------


def test_matrix_shows_means_gap_markers_rule_and_counts(app, client, login, owner, requisition,
                                                        raters):  # fmt: skip
    add_candidate(app, requisition.id, raters, "Berta Berg", 4, 3, 3, 3, 3, (3, 2))
    add_candidate(app, requisition.id, raters, "Anton Adler", 2, 2, 2, 3, "n/a", (4, 1))
    login(owner)
    page = client.get(compare_url(requisition), headers=EN)
    assert page.status_code == 200
    rows = matrix_rows(page.text)
    berta, anton = rows["Berta Berg"], rows["Anton Adler"]
    assert berta["cells"] == dict(zip(AREAS, ["4", "3", "3", "3", "3", "2.5"], strict=True))
    assert berta["gaps"] == dict(zip(AREAS, ["above", "at", "at", "at", "at", "below"],
                                     strict=True))  # fmt: skip
    assert berta["rule"] == "meets"
    assert berta["count"] == "7/7"
    assert anton["cells"][AREAS[0]] == "2"
    assert anton["gaps"][AREAS[0]] == "below"
    assert anton["cells"][AREAS[4]] == "n/a"
    assert anton["gaps"][AREAS[4]] is None
    assert anton["rule"] == "below"  # one area still unrated, but at most 2 can reach a 3
    # the gap is in words too, not only in colour or a symbol
    assert "above the expected 3" in berta["html"]
    assert "below the expected 3" in anton["html"]
    assert "raters: 4 · 1" in anton["html"]
    assert "expected 3" in page.text
    assert 'lang="de"' in page.text
    assert f'href="/applications/{_app_id(app, "Berta Berg")}/results"' in page.text


def _app_id(app, name):
    with app.app_context():
        return db.session.scalar(
            db.select(Application.id).join(Candidate).where(Candidate.name == name)
        )


def test_unrated_areas_show_a_dash_and_open_rule(app, client, login, owner, requisition, raters):
    add_candidate(app, requisition.id, raters, "Clara", 3, 3, 3, None, "planned", 3)
    login(owner)
    clara = matrix_rows(client.get(compare_url(requisition), headers=EN).text)["Clara"]
    assert clara["cells"][AREAS[3]] == "–not rated yet"
    assert clara["cells"][AREAS[4]] == "–not rated yet"
    assert clara["rule"] == "open"
    assert clara["count"] == "4/5"
    assert clara["incomplete"]


def test_a_draft_rating_changes_nothing(app, client, login, owner, requisition, raters):
    add_candidate(app, requisition.id, raters, "Dora", 3, 3, 3, 3, 3, "planned")
    login(owner)
    before = matrix_rows(client.get(compare_url(requisition), headers=EN).text)["Dora"]
    with app.app_context():
        interview = db.session.scalar(db.select(Interview).where(Interview.area_key == AREAS[5]))
        factories.scorecard(interview, submitted=False, rating=1)
        db.session.commit()
    after = matrix_rows(client.get(compare_url(requisition), headers=EN).text)["Dora"]
    assert after == before
    assert after["cells"][AREAS[5]] == "–not rated yet"
    assert after["count"] == "5/6"


def test_incomplete_loops_are_marked(app, client, login, owner, requisition, raters):
    add_candidate(app, requisition.id, raters, "Complete", 3, 3, 3, 3, 3, 3)
    add_candidate(app, requisition.id, raters, "Missing card", 3, 3, 3, 3, 3, "planned")
    add_candidate(app, requisition.id, raters, "Draft loop", 3, 3, 3, 3, 3, 3,
                  loop_status="draft")  # fmt: skip
    with app.app_context():
        factories.application(db.session.get(Requisition, requisition.id),
                              factories.candidate(name="No loop"))  # fmt: skip
        db.session.commit()
    login(owner)
    page = client.get(compare_url(requisition), headers=EN)
    rows = matrix_rows(page.text)
    assert {name: row["incomplete"] for name, row in rows.items()} == {
        "Complete": False, "Draft loop": True, "Missing card": True, "No loop": True,
    }  # fmt: skip
    assert rows["No loop"]["count"] == "0/0"
    assert "Incomplete loop" in page.text


def test_sort_by_rule_by_area_and_by_name(app, client, login, owner, requisition, raters):
    add_candidate(app, requisition.id, raters, "Emil", 2, 2, 2, 3, 3, 3)  # below
    add_candidate(app, requisition.id, raters, "Bea", 3, 3, 3, 3, 3, "planned")  # open
    add_candidate(app, requisition.id, raters, "Carl", 4, 3, 3, 3, 3, 3)  # meets
    add_candidate(app, requisition.id, raters, "Alma", 3, 3, 3, 3, 3, 3)  # meets
    add_candidate(app, requisition.id, raters, "Dirk", "n/a", 3, 3, 3, 3, 3)  # open
    login(owner)

    def order(**args):
        return list(matrix_rows(client.get(compare_url(requisition, **args), headers=EN).text))

    assert order() == ["Alma", "Bea", "Carl", "Dirk", "Emil"]
    assert order(sort="rule") == ["Alma", "Carl", "Bea", "Dirk", "Emil"]
    assert order(sort=AREAS[0]) == ["Carl", "Alma", "Bea", "Emil", "Dirk"]
    assert order(sort=AREAS[5]) == ["Alma", "Carl", "Dirk", "Emil", "Bea"]
    assert order(sort="nonsense") == order()
    page = client.get(compare_url(requisition, sort=AREAS[0]), headers=EN).text
    assert re.search(rf'data-area="{AREAS[0]}"\s+aria-sort="descending"', page)


def test_status_filter(app, client, login, owner, requisition, raters):
    add_candidate(app, requisition.id, raters, "In offer", 3, 3, 3, 3, 3, 3, status="offer")
    add_candidate(app, requisition.id, raters, "Interviewing", 3, 3, 3, 3, 3, 3)
    login(owner)
    offer = client.get(compare_url(requisition, status="offer"), headers=EN).text
    assert list(matrix_rows(offer)) == ["In offer"]
    assert "Offer" in offer
    hired = client.get(compare_url(requisition, status="hired"), headers=EN).text
    assert matrix_rows(hired) == {}
    assert "No candidates with this status." in hired
    unknown = client.get(compare_url(requisition, status="bogus"), headers=EN).text
    assert list(matrix_rows(unknown)) == ["In offer", "Interviewing"]


def test_calibration_flags(app, client, login, owner, requisition, raters):
    add_candidate(app, requisition.id, raters, "Flora", (4, 2), 3, 3, 3, 3, 3)
    add_candidate(app, requisition.id, raters, "Quiet", 3, 3, 3, 3, 3, 3)
    with app.app_context():
        card = db.session.scalar(
            db.select(Scorecard).join(Interview).where(
                Interview.area_key == AREAS[1], Interview.interviewer_id == raters[1].id
            ).order_by(Scorecard.id)
        )  # fmt: skip
        card.evidence = "ok"
        db.session.commit()
    login(owner)
    rows = matrix_rows(client.get(compare_url(requisition), headers=EN).text)
    assert sorted(rows["Flora"]["flags"]) == ["disagreement", "extreme", "short"]
    assert "Raters differ by two points or more:" in rows["Flora"]["html"]
    assert f"{raters[0].name}: 4" in rows["Flora"]["html"]
    assert rows["Quiet"]["flags"] == []


@pytest.mark.parametrize(
    ("value", "english", "german"),
    [(3.0, "3", "3"), (2.5, "2.5", "2,5"), (2.25, "2.3", "2,3"), (2.33, "2.3", "2,3"),
     (3.67, "3.7", "3,7")],
)  # fmt: skip
def test_means_show_one_decimal_unless_whole(app, value, english, german):
    for language, expected in (("en", english), ("de", german)):
        with app.test_request_context(headers={"Accept-Language": language}):
            assert format_mean(value) == expected


# --- who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("other_hm", 404), ("recruiter", 200), ("admin", 200),
     ("interviewer", 403), ("anonymous", 302)],
)  # fmt: skip
def test_comparison_permissions(client, login, make_user, owner, requisition, role, expected):
    users = {"owner": owner, "other_hm": make_user("hiring_manager"),
             "recruiter": make_user("recruiter"), "admin": make_user("admin"),
             "interviewer": make_user("interviewer")}  # fmt: skip
    if role != "anonymous":
        login(users[role])
    response = client.get(compare_url(requisition))
    assert response.status_code == expected
    if role == "anonymous":
        assert response.headers["Location"].startswith("/login?next=")


def test_unknown_requisition_is_404(client, login_as):
    login_as("admin")
    assert client.get("/requisitions/99999/compare").status_code == 404


def _submit_own(app, user):
    with app.app_context():
        card = db.session.scalar(
            db.select(Scorecard).join(Interview).where(Interview.interviewer_id == user.id)
        )
        card.submitted_at = utcnow()
        db.session.commit()


def test_manager_on_the_panel_sees_ratings_only_after_submitting(app, client, login, owner,
                                                                requisition, raters):  # fmt: skip
    panel = [owner, *raters[1:]]
    add_candidate(app, requisition.id, panel, "Hanna", "draft:3", 4, 4, 4, 4, 4)
    add_candidate(app, requisition.id, raters, "Ida", 3, 3, 3, 3, 3, 3)
    login(owner)
    rows = matrix_rows(client.get(compare_url(requisition), headers=EN).text)
    assert not rows["Hanna"]["visible"]
    assert rows["Hanna"]["cells"] == {}
    assert rows["Hanna"]["rule"] is None
    assert "Hidden until you submit your own scorecard." in rows["Hanna"]["html"]
    assert rows["Ida"]["visible"]
    assert rows["Ida"]["cells"][AREAS[0]] == "3"
    _submit_own(app, owner)
    rows = matrix_rows(client.get(compare_url(requisition), headers=EN).text)
    assert rows["Hanna"]["visible"]
    assert rows["Hanna"]["cells"][AREAS[1]] == "4"
    assert rows["Hanna"]["rule"] == "meets"


def test_hidden_row_gives_no_rating_away(app, client, login, owner, requisition, raters):
    panel = [owner, *raters[1:]]
    add_candidate(app, requisition.id, panel, "Hanna", "planned", (4, 1), 4, 4, 4, 4)
    add_candidate(app, requisition.id, raters, "Ida", 3, 3, 3, 3, 3, 3)
    login(owner)
    for sort in ("name", "rule", AREAS[1], AREAS[2]):
        page = client.get(compare_url(requisition, sort=sort), headers=EN).text
        hanna = matrix_rows(page)["Hanna"]["html"]
        for leak in ("cell-value", "data-gap", "data-rule", "data-flag", "raters:", "expected 3",
                     "bar", raters[1].name, raters[7].name, "4", "1"):  # fmt: skip
            assert leak not in hanna.replace(f'"{_app_id(app, "Hanna")}"', ""), (sort, leak)
        # its place in the order does not depend on its ratings either
        assert list(matrix_rows(page))[-1] == ("Ida" if sort == "name" else "Hanna")
    assert "Not decidable yet" not in client.get(compare_url(requisition), headers=EN).text


def test_hidden_until_the_debrief_where_the_requisition_says_so(app, client, login, owner, make,
                                                               raters):  # fmt: skip
    requisition = make("requisition", owner, scores_visible="after_debrief")
    panel = [owner, *raters[1:]]
    add_candidate(app, requisition.id, panel, "Hanna", 3, 4, 4, 4, 4, 4)
    _submit_own(app, owner)
    login(owner)
    hanna = matrix_rows(client.get(compare_url(requisition), headers=EN).text)["Hanna"]
    assert not hanna["visible"]
    assert "released for the debrief" in hanna["html"]


# --- query counts ------------------------------------------------------------------------------


def test_comparison_query_count_does_not_grow_with_candidates(app, client, login, make, owner,
                                                              raters, count_queries):  # fmt: skip
    small = make("requisition", owner)
    large = make("requisition", owner)
    add_candidate(app, small.id, raters, "Solo", 3, 3, 4, 3, 2, 3)
    for n in range(30):
        add_candidate(app, large.id, raters, f"Kandidat {n:02d}", 3, 3, 4, 3, 2, 3)
    login(owner)
    client.get(compare_url(small))  # warm-up: parsed framework cache, session
    with count_queries() as one:
        assert client.get(compare_url(small), headers=EN).status_code == 200
    with count_queries() as thirty:
        page = client.get(compare_url(large), headers=EN)
    assert len(matrix_rows(page.text)) == 30
    assert thirty.count == one.count, thirty.statements


# --- the per-interviewer summary ---------------------------------------------------------------

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def rec(interviewer, application, rating, hours_after_end=1):
    """A submitted card of a one-hour interview; an interviewer's id is the code point of
    the name's first letter."""
    submitted, start = T0 + timedelta(hours=hours_after_end), T0 - timedelta(hours=1)
    return CardRecord(ord(interviewer[0]), interviewer, application, rating, submitted, T0, start)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # alone on the panel: no panel mean, no difference
        ([rec("Anna", 1, 3)], {"Anna": (1, 3, None, None, 0, 1)}),
        # two raters of one candidate: each measured against the other
        ([rec("Anna", 1, 4), rec("Ben", 1, 2)],
         {"Anna": (1, 4, 2, 2, 0, 1), "Ben": (1, 2, 4, -2, 0, 1)}),
        # the panel mean covers only the candidates the interviewer rated
        ([rec("Anna", 1, 4), rec("Anna", 2, 2), rec("Ben", 1, 3), rec("Cem", 2, 1),
          rec("Cem", 3, 4)],
         {"Anna": (2, 3, 2, 1, 0, 1), "Ben": (1, 3, 4, -1, 0, 1),
          "Cem": (2, 2.5, 2, 0.5, 0, 1)}),
        # "insufficient evidence" counts as a scorecard, not as a rating; its candidate is
        # not in the panel comparison
        ([rec("Anna", 1, None), rec("Anna", 2, 3), rec("Ben", 1, 1), rec("Ben", 2, 4)],
         {"Anna": (2, 3, 4, -1, 0.5, 1), "Ben": (2, 2.5, 3, -0.5, 0, 1)}),
        # only insufficient evidence: no mean at all
        ([rec("Anna", 1, None), rec("Ben", 1, 2)],
         {"Anna": (1, None, None, None, 1, 1), "Ben": (1, 2, None, None, 0, 1)}),
        # within 24 h of the interview's end (during the interview counts as on time too)
        ([rec("Anna", 1, 3, 23), rec("Anna", 2, 3, 25), rec("Anna", 3, 3, -0.5),
          rec("Anna", 4, 3, 24)],
         {"Anna": (4, 3, None, None, 0, 0.75)}),
        # submitted before the interview began: not on time, however early
        ([rec("Anna", 1, 3, -2), rec("Anna", 2, 3, 1)],
         {"Anna": (2, 3, None, None, 0, 0.5)}),
    ],
)  # fmt: skip
def test_summarise(records, expected):
    summaries, truncated = summarise(records)
    assert not truncated
    got = {s.name: (s.scorecards, s.mean, s.panel_mean, s.difference, s.insufficient_share,
                    s.on_time_share) for s in summaries}  # fmt: skip
    assert got == expected
    assert [s.name for s in summaries] == sorted(expected)


def test_summarise_is_bounded():
    records = [rec(name, 1, 3) for name in ("Cem", "Anna", "Ben")]
    summaries, truncated = summarise(records, limit=2)
    assert [s.name for s in summaries] == ["Anna", "Ben"]
    assert truncated
    assert summarise(records, limit=3)[1] is False


def test_summarise_marks_notable_differences():
    records = [rec("Anna", 1, 4), rec("Ben", 1, 3), rec("Cem", 1, 3)]
    anna, ben, _cem = summarise(records, min_n=1, prior_strength=0)[0]
    assert (anna.estimate, anna.notable) == (1, True)
    assert (ben.estimate, ben.notable) == (-0.5, True)
    summaries, _ = summarise([rec("Anna", 1, 3), rec("Ben", 1, 3)], min_n=1)
    assert not summaries[0].notable


def test_summarise_holds_back_small_samples_and_shrinks_toward_the_panel():
    """One scorecard once made an interviewer "+0.90 more lenient": below the minimum n the
    difference is held back; above it, it is shrunk by n / (n + k)."""
    few = [rec("Anna", 1, 4), rec("Ben", 1, 2)]
    anna = summarise(few)[0][0]
    assert (anna.difference, anna.compared, anna.held_back, anna.estimate) == (2, 1, True, None)
    assert not anna.notable
    many = [r for a in range(1, 6) for r in (rec("Anna", a, 4), rec("Ben", a, 2))]
    anna = summarise(many, min_n=5, prior_strength=5)[0][0]
    assert (anna.difference, anna.compared, anna.held_back) == (2, 5, False)
    assert anna.estimate == 1  # 2 * 5 / (5 + 5)


def interviewer_rows(html: str) -> dict[str, dict[str, str]]:
    rows = {}
    for tr in table_rows(html, "matrix interviewer-table"):
        if "data-interviewer" in tr.attrib:
            rows[_text(tr.find("th"))] = {td.get("data-col"): _text(td) for td in tr.iter("td")}
    return rows


def test_interviewer_summary_page(app, client, login_as, make, owner, requisition, raters):
    past = utcnow() - timedelta(days=3)
    # raters 0-5 rate area 1-6; the late card arrives two days after the interview
    add_candidate(app, requisition.id, raters, "Jana", 4, 2, 3, "n/a", 3, 3, starts_at=past,
                  submitted_after=timedelta(hours=2))  # fmt: skip
    add_candidate(app, requisition.id, raters, "Kai", 4, 2, 3, 3, 3, 3, starts_at=past,
                  submitted_after=timedelta(days=2))  # fmt: skip
    other = make("requisition", owner)
    add_candidate(app, other.id, raters, "Lea", 1, 1, 1, 1, 1, 1)
    login_as("recruiter")
    url = f"/calibration/interviewers?requisition={requisition.id}"
    held_back = interviewer_rows(client.get(url, headers=EN).text)
    assert held_back[raters[0].name]["difference"] == "too few to say (n = 2)"
    app.config["QUALITY_MIN_RATER_N"] = 2
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    rows = interviewer_rows(page.text)
    assert len(rows) == 6
    first = rows[raters[0].name]
    # Rater 00 gave 4 and 4; the rest of the panel: Jana 2,3,3,3 (n/a left out), Kai 2,3,3,3,3:
    # +1.22, shrunk by 2 / (2 + 5) toward the panel
    assert first == {"scorecards": "2", "mean": "4.00", "panel": "2.78",
                     "difference": "+0.35 more lenient n = 2", "insufficient": "0%",
                     "on-time": "50%"}  # fmt: skip
    assert rows[raters[3].name]["insufficient"] == "50%"
    assert "more severe" in rows[raters[1].name]["difference"]
    everything = interviewer_rows(client.get("/calibration/interviewers", headers=EN).text)
    assert everything[raters[0].name]["scorecards"] == "3"
    assert client.get("/calibration/interviewers?requisition=99999").status_code == 404


def test_interviewer_summary_leaves_out_candidates_the_viewer_may_not_see_yet(
    app, client, login, make_user, make, raters
):
    boss = make_user(("admin", "hiring_manager"), name="Boss")
    requisition = make("requisition", boss)
    add_candidate(app, requisition.id, [boss, *raters[1:]], "Mia", "planned", 1, 1, 1, 1, 1)
    add_candidate(app, requisition.id, raters, "Nils", 3, 3, 3, 3, 3, 3)
    login(boss)
    page = client.get("/calibration/interviewers", headers=EN).text
    rows = interviewer_rows(page)
    assert rows[raters[1].name]["mean"] == "3.00"  # Mia's 1 is left out
    assert "1 candidate whose panel you are on, or left without a scorecard, is left out" in page


@pytest.mark.parametrize(
    ("roles", "expected"),
    [(("admin",), 200), (("recruiter",), 200), (("hiring_manager",), 403),
     (("interviewer",), 403), ((), 302)],
)  # fmt: skip
def test_interviewer_summary_permissions(client, login_as, roles, expected):
    if roles:
        login_as(*roles)
    assert client.get("/calibration/interviewers").status_code == expected


def test_interviewer_summary_query_count(app, client, login_as, make, owner, raters,
                                         count_queries):  # fmt: skip
    requisition = make("requisition", owner)
    add_candidate(app, requisition.id, raters, "One", 3, 3, 3, 3, 3, 3)
    login_as("recruiter")
    client.get("/calibration/interviewers")
    with count_queries() as few:
        client.get("/calibration/interviewers")
    for n in range(15):
        add_candidate(app, requisition.id, raters, f"More {n}", 3, 2, 4, 3, (3, 1), 3)
    with count_queries() as many:
        page = client.get("/calibration/interviewers", headers=EN)
    assert len(interviewer_rows(page.text)) == 7
    assert many.count == few.count, many.statements
