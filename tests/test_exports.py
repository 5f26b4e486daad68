"""Exports of one candidate's consolidated scorecard and of a requisition's comparison:
the files parse back to the same numbers, neutralise formulas, keep umlauts, and follow
the permissions and the independence rule of the pages they mirror; the CLI export.
Language, labels, dialects, role areas and amendments: tests/test_exports_agree.py."""

from __future__ import annotations

import codecs
import csv
import io
import json
from datetime import timedelta
from typing import Any, NamedTuple

import pytest
from openpyxl import load_workbook

from interview.cli import main
from interview.db import utcnow
from interview.extensions import db
from interview.models import Answer, Decision, Interview, Scorecard
from interview.results.export_files import download_name, neutralise
from tests.factories import AREAS

EN = {"Accept-Language": "en"}  # headings in English, whatever the catalogs say
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Jürgen's ratings per area (two raters on the first): means 3.5, 3, 2, 4, 3, 3
RATINGS = [(AREAS[0], 4), (AREAS[1], 3), (AREAS[2], 2), (AREAS[3], 4), (AREAS[4], 3),
           (AREAS[5], 3), (AREAS[0], 3)]  # fmt: skip
MEANS = [3.5, 3, 2, 4, 3, 3]
INJECTION = '=HYPERLINK("http://evil.example","klick")'


class World(NamedTuple):
    users: dict[str, Any]
    requisition: Any
    juergen: Any
    formula: Any
    own_interview: Any


@pytest.fixture
def world(app, make_user, make):
    """hm_own's requisition with Jürgen (7 submitted cards, one late interview, a decision)
    and a second candidate whose name is a formula, with only an "insufficient" card.
    hm_own also interviews Jürgen (a second rater on the last area), not yet submitted."""
    users = {
        "admin": make_user("admin"),
        "hm_own": make_user(("hiring_manager", "interviewer")),
        "hm_other": make_user("hiring_manager"),
        "recruiter": make_user("recruiter"),
        "iv": make_user("interviewer"),
    }
    raters = [make_user("interviewer", name=f"Prüferin {n}") for n in range(len(RATINGS))]
    users["rater"] = raters[0]
    requisition = make("requisition", users["hm_own"])
    juergen = make("application", requisition,
                   make("candidate", name="Jürgen Groß", email="juergen@example.net"))  # fmt: skip
    loop = make("loop", juergen, status="ready")
    evidence = {0: "+20 % Umsatz im Bestandskunden-Segment", 2: INJECTION}
    for n, ((area, rating), rater) in enumerate(zip(RATINGS, raters, strict=True)):
        interview = make("interview", loop, rater, area, second_rater=n == 6,
                         starts_at=utcnow() - timedelta(days=2))  # fmt: skip
        card = make("scorecard", interview, submitted=True, rating=rating)
        _change(app, Scorecard, card.id, evidence=evidence.get(n, "Belege"),
                recommendation="yes")  # fmt: skip
    make("interview", loop, users["iv"], AREAS[1], starts_at=utcnow() - timedelta(days=3))
    own = make("interview", loop, users["hm_own"], AREAS[5], second_rater=True,
               starts_at=utcnow() - timedelta(hours=2))  # fmt: skip
    formula = make("application", requisition, make("candidate", name=INJECTION))
    other = make("interview", make("loop", formula), raters[0], AREAS[0])
    insufficient = make("scorecard", other, rating=None)
    _change(app, Scorecard, insufficient.id, insufficient_evidence=True, submitted_at=utcnow())
    with app.app_context():
        first = db.session.scalar(
            db.select(Scorecard.id).join(Interview).where(Interview.loop_id == loop.id)
        )
        db.session.add(Answer(scorecard_id=first, position=0, note="Kündigung abgewendet",
                              probe_asked=True, probe_note="Vertrag verlängert"))  # fmt: skip
        db.session.add(Decision(application_id=juergen.id, decision="advance", reason="Stark",
                                rule_result="meets", decided_by_id=users["hm_own"].id))  # fmt: skip
        db.session.commit()
    return World(users, requisition, juergen, formula, own)


def submit_own_card(make, world) -> None:
    """hm_own, on Jürgen's panel, submits a 3: from then on they see the results."""
    make("scorecard", world.own_interview, submitted=True, rating=3)


def _change(app, model, object_id, **values) -> None:
    with app.app_context():
        obj = db.session.get(model, object_id)
        for key, value in values.items():
            setattr(obj, key, value)
        db.session.commit()


def download(client, url):
    response = client.get(url, headers=EN)
    assert response.status_code == 200, url
    return response


def read_csv(response) -> list[dict[str, str]]:
    assert response.data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_xlsx(data: bytes, sheet: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


# --- one candidate ---------------------------------------------------------------------------


def test_candidate_json_has_the_consolidated_numbers(client, login, world):
    users, requisition, juergen, _, _ = world
    login(users["recruiter"])
    response = download(client, f"/applications/{juergen.id}/results.json")
    assert response.mimetype == "application/json"
    data = json.loads(response.data)
    assert data["candidate"] == {"name": "Jürgen Groß", "email": "juergen@example.net"}
    assert data["requisition"]["id"] == requisition.id
    assert data["requisition"]["target_level"] == "senior"
    assert data["requisition"]["framework"]["id"] == "account-manager"
    assert [a["mean"] for a in data["areas"]] == MEANS
    assert [a["gap"] for a in data["areas"]] == [0.5, 0, -1, 1, 0, 0]
    assert [a["expected"] for a in data["areas"]] == [3] * 6
    assert [r["rating"] for r in data["areas"][0]["ratings"]] == [4, 3]
    assert data["rule"] | {"explanation": None} == {
        "result": "meets", "result_label": "Meets the bar", "passing": 5, "needed": 5,
        "total": 6, "floor": 2, "below_floor": [], "undecided": [], "explanation": None,
    }  # fmt: skip
    assert data["application"]["status_label"] == "New"
    assert {c["recommendation_label"] for c in data["scorecards"]} == {"Yes"}
    assert data["rule"]["explanation"]
    assert len(data["scorecards"]) == 7
    card = next(c for c in data["scorecards"] if c["answers"])
    assert card["answers"] == [
        {"note": "Kündigung abgewendet", "probe_asked": True, "outcome": "Vertrag verlängert"}
    ]
    assert card["submitted_at"].endswith("+00:00")
    assert {p["area"]: p["late"] for p in data["pending"]} == {AREAS[1]: True, AREAS[5]: False}
    assert data["decision"]["decision"] == "advance"
    assert data["decision"]["decision_label"] == "Advance to the next stage"


def test_candidate_csv_parses_back(client, login, world, make):
    users, _, juergen, _, _ = world
    login(users["hm_own"])
    submit_own_card(make, world)
    response = download(client, f"/applications/{juergen.id}/results.csv")
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="scorecard-jurgen-gross-{juergen.id}.csv"'
    )
    rows = read_csv(response)
    cards, rule = rows[:-1], rows[-1]
    assert len(cards) == 8  # hm_own's card is in now
    assert {r["Candidate"] for r in rows} == {"Jürgen Groß"}
    first_area = [r for r in cards if r["Rating"] in ("4", "3") and r["Gap"] == "0.5"]
    assert len(first_area) == 2
    assert {r["Area mean"] for r in first_area} == {"3.5"}
    assert {r["Gap"] for r in cards if r["Rater"] == "Prüferin 2"} == {"-1"}  # not "'-1"
    assert {r["Expected"] for r in cards} == {"3"}
    assert rule["Area"] == "Decision rule"
    assert (rule["Decision rule"], rule["Recommendation"]) == ("Meets the bar", "")
    assert "5 of 6" in rule["Explanation"]
    assert {r["Recommendation"] for r in cards} == {"Yes", ""}  # hm_own gave none
    injected = next(r for r in cards if r["Rater"] == "Prüferin 2")
    assert injected["Evidence"] == "'" + INJECTION
    plus = next(r for r in cards if r["Rater"] == "Prüferin 0")
    assert plus["Evidence"].startswith("'+20 %")


def test_candidate_xlsx_parses_back(client, login, world):
    users, _, juergen, _, _ = world
    login(users["admin"])
    response = download(client, f"/applications/{juergen.id}/results.xlsx")
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"].endswith(f'-{juergen.id}.xlsx"')
    rows = read_xlsx(response.data, "Scorecards")
    header, cards = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:-1]]
    assert header[:4] == ("Candidate", "Area", "Rater", "Rating")
    assert len(cards) == 7
    assert rows[-1][-2] == "Meets the bar"
    assert sorted(c["Rating"] for c in cards) == [2, 3, 3, 3, 3, 4, 4]
    assert {c["Area mean"] for c in cards if c["Gap"] == 0.5} == {3.5}
    assert next(c for c in cards if c["Rater"] == "Prüferin 2")["Evidence"] == INJECTION
    assert cards[0]["Candidate"] == "Jürgen Groß"
    summary = dict(read_xlsx(response.data, "Summary")[1:])
    assert summary["Decision rule"] == "Meets the bar"
    assert (summary["Areas passing"], summary["Areas needed"]) == (5, 5)
    assert summary["Pending interviews"] == 2
    areas = read_xlsx(response.data, "Areas")
    assert [r[3] for r in areas[1:]] == MEANS


def test_formula_cells_are_text_in_xlsx(client, login, world):
    users, requisition, _, _, _ = world
    login(users["recruiter"])
    response = download(client, f"/requisitions/{requisition.id}/compare.xlsx")
    sheet = load_workbook(io.BytesIO(response.data))["Comparison"]
    cell = sheet.cell(row=4, column=1)  # header, expectation, Jürgen, the formula
    assert cell.value == INJECTION  # shown as typed, no visible apostrophe
    assert cell.data_type == "s"  # a string, never a formula
    assert cell.quotePrefix  # and stays text when edited in Excel


@pytest.mark.parametrize(
    ("text", "safe"),
    [("=1+1", "'=1+1"), ("+49 40", "'+49 40"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Jürgen", "Jürgen"), ("a=b", "a=b"), ("", "")],
)  # fmt: skip
def test_neutralise(text, safe):
    assert neutralise(text) == safe


def test_download_name_transliterates():
    assert download_name("scorecard", "Jürgen Groß", 7, ext="csv") == "scorecard-jurgen-gross-7.csv"
    assert download_name("comparison", 'Ž "x"/../y', 1, ext="xlsx") == "comparison-z-x-y-1.xlsx"
    assert download_name("Łukasz Wałęsa", ext="csv") == "lukasz-walesa.csv"  # not "ukasz-wasa"
    assert download_name("张伟", ext="json") == "zhang-wei.json"
    assert download_name("", "☃", ext="json") == "export.json"


def test_unknown_formats_are_404(client, login, world):
    users, requisition, juergen, _, _ = world
    login(users["admin"])
    assert client.get(f"/applications/{juergen.id}/results.pdf").status_code == 404
    assert client.get(f"/requisitions/{requisition.id}/compare.json").status_code == 404
    assert client.get("/applications/99999/results.csv").status_code == 404
    assert client.get("/requisitions/99999/compare.csv").status_code == 404


# --- the comparison --------------------------------------------------------------------------


def test_comparison_csv_parses_back(client, login, world):
    users, requisition, juergen, _, _ = world
    login(users["recruiter"])
    response = download(client, f"/requisitions/{requisition.id}/compare.csv")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="comparison-senior-account-manager-{requisition.id}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, expectation, jurgen, formula = rows
    assert header[:2] == ["Candidate", "Status"]
    assert header[-6:] == ["Decision rule", "Explanation", "Areas passing", "Areas needed",
                           "Submitted", "Planned"]  # fmt: skip
    assert expectation[:8] == ["Expectation (target)", "", *["3"] * 6]
    assert [float(v) for v in jurgen[2:8]] == MEANS
    assert jurgen[:2] == ["Jürgen Groß", "New"]
    assert jurgen[8] == "Meets the bar"
    assert jurgen[-4:] == ["5", "5", "7", "9"]
    assert formula[0] == "'" + INJECTION
    assert formula[2:9] == ["insufficient evidence", "", "", "", "", "", "Not decidable yet"]


def test_comparison_filters_by_status_and_is_not_cached(client, login, world):
    users, requisition, *_ = world
    login(users["recruiter"])
    url = f"/requisitions/{requisition.id}/compare.csv"
    # one row with the expectation, then the candidates
    assert len(read_csv(download(client, url + "?status=interviewing"))) == 1
    assert len(read_csv(download(client, url + "?status=new"))) == 3
    response = download(client, url + "?status=nonsense")  # ignored, like the page does
    assert len(read_csv(response)) == 3
    assert response.headers["Cache-Control"] == "no-store"


def test_comparison_xlsx_parses_back(client, login, world, make):
    users, requisition, _, _, _ = world
    login(users["hm_own"])
    submit_own_card(make, world)
    response = download(client, f"/requisitions/{requisition.id}/compare.xlsx")
    assert response.mimetype == XLSX
    header, expectation, *rows = read_xlsx(response.data, "Comparison")
    assert header[0] == "Candidate"
    assert expectation[2:8] == (3,) * 6
    assert len(rows) == 2


# --- who gets what ---------------------------------------------------------------------------


URLS = [
    "/applications/{application}/results.csv",
    "/applications/{application}/results.xlsx",
    "/applications/{application}/results.json",
    "/requisitions/{requisition}/compare.csv",
    "/requisitions/{requisition}/compare.xlsx",
]


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("recruiter", 200), ("hm_other", 404), ("iv", 403), ("rater", 403)],
)
def test_who_may_download(client, login, make_user, world, role, status):
    users, requisition, juergen, _, _ = world
    user = users.get(role) or make_user("interviewer")
    login(user)
    for template in URLS:
        url = template.format(application=juergen.id, requisition=requisition.id)
        assert client.get(url).status_code == status, url


def test_anonymous_is_sent_to_login(client, world):
    _, requisition, juergen, _, _ = world
    for template in URLS:
        url = template.format(application=juergen.id, requisition=requisition.id)
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_panel_member_sees_nothing_before_submitting(app, client, login, world, make):
    """hm_own owns the requisition but also interviews Jürgen: no results until their own
    scorecard is in (403 with the reason, like the page), and their comparison row for
    Jürgen stays empty."""
    users, requisition, juergen, formula, _ = world
    login(users["hm_own"])
    reason = "Hidden until you submit your own scorecard."
    for fmt in ("csv", "xlsx"):
        refused = client.get(f"/applications/{juergen.id}/results.{fmt}", headers=EN)
        assert refused.status_code == 403
        assert reason in refused.text
        assert "Content-Disposition" not in refused.headers
    refused = client.get(f"/applications/{juergen.id}/results.json", headers=EN)
    assert (refused.status_code, refused.json) == (403, {"error": reason})
    assert client.get(f"/applications/{formula.id}/results.json").status_code == 200
    rows = list(csv.reader(io.StringIO(
        download(client, f"/requisitions/{requisition.id}/compare.csv").data.decode("utf-8-sig")
    )))  # fmt: skip
    jurgen = rows[2]
    assert jurgen[0] == "Jürgen Groß"
    hidden = "Hidden until the independence rule allows it"
    assert jurgen[2:12] == ["", "", "", "", "", "", hidden, "", "", ""]
    assert rows[3][8] == "Not decidable yet"  # a candidate they do not interview: visible
    xlsx = read_xlsx(download(client, f"/requisitions/{requisition.id}/compare.xlsx").data,
                     "Comparison")  # fmt: skip
    assert xlsx[2][2:10] == (None,) * 6 + (hidden, None)
    submit_own_card(make, world)
    assert client.get(f"/applications/{juergen.id}/results.json").status_code == 200


# --- a fixed number of queries ---------------------------------------------------------------


def _add_candidates(make, requisition, raters, n):
    for _ in range(n):
        loop = make("loop", make("application", requisition), status="ready")
        for rater, area in zip(raters, AREAS[:2], strict=True):
            make("scorecard", make("interview", loop, rater, area), submitted=True, rating=3)


def test_comparison_csv_queries_do_not_grow_with_candidates(
    client, login, make_user, make, count_queries
):
    owner = make_user("hiring_manager")
    raters = [make_user("interviewer"), make_user("interviewer")]
    requisition = make("requisition", owner)
    login(owner)
    url = f"/requisitions/{requisition.id}/compare.csv"
    _add_candidates(make, requisition, raters, 1)
    with count_queries() as one:
        assert len(download(client, url).data.splitlines()) == 3
    _add_candidates(make, requisition, raters, 19)
    with count_queries() as twenty:
        assert len(download(client, url).data.splitlines()) == 22
    assert twenty.count == one.count


def test_candidate_json_queries_do_not_grow_with_scorecards(
    client, login, make_user, make, count_queries
):
    owner = make_user("hiring_manager")
    requisition = make("requisition", owner)
    loop = make("loop", make("application", requisition), status="ready")
    login(owner)
    url = f"/applications/{loop.application_id}/results.json"
    make("scorecard", make("interview", loop, make_user("interviewer"), AREAS[0]),
         submitted=True)  # fmt: skip
    with count_queries() as one:
        assert len(json.loads(download(client, url).data)["scorecards"]) == 1
    for area in AREAS[1:]:
        make("scorecard", make("interview", loop, make_user("interviewer"), area),
             submitted=True)  # fmt: skip
    with count_queries() as six:
        assert len(json.loads(download(client, url).data)["scorecards"]) == 6
    assert six.count == one.count


# --- the operator's CLI export ---------------------------------------------------------------


def test_cli_csv_to_stdout_and_file(runner, world, tmp_path):
    _, requisition, _, _, _ = world
    result = runner.invoke(main, ["export", "--requisition", str(requisition.id),
                                  "--format", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff")
    header, _expectation, jurgen, formula = list(csv.reader(io.StringIO(result.stdout)))
    assert jurgen[0] == "Jürgen Groß"
    assert [float(v) for v in jurgen[2:8]] == MEANS
    assert jurgen[8] == "Erfüllt die Messlatte"  # the operator sees what a panel member may not
    assert formula[0] == "'" + INJECTION
    target = tmp_path / "out.csv"
    result = runner.invoke(main, ["export", "--requisition", str(requisition.id),
                                  "--format", "csv", "--output", str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(codecs.BOM_UTF8)
    assert list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))[2] == jurgen


def test_cli_xlsx_to_file(runner, world, tmp_path):
    _, requisition, _, _, _ = world
    target = tmp_path / "out.xlsx"
    result = runner.invoke(main, ["export", "--requisition", str(requisition.id),
                                  "--format", "xlsx", "--output", str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    _, _, jurgen, _ = read_xlsx(target.read_bytes(), "Vergleich")
    assert jurgen[0] == "Jürgen Groß"
    assert list(jurgen[2:9]) == [*MEANS, "Erfüllt die Messlatte"]


def test_cli_json_to_stdout_and_file(runner, world, tmp_path):
    _, requisition, _, _, _ = world
    result = runner.invoke(main, ["export", "--requisition", str(requisition.id),
                                  "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["candidate"]["name"] for c in data] == ["Jürgen Groß", INJECTION]
    assert [a["mean"] for a in data[0]["areas"]] == MEANS
    assert data[0]["rule"]["result"] == "meets"
    assert data[1]["areas"][0]["state"] == "insufficient"
    target = tmp_path / "out.json"
    result = runner.invoke(main, ["export", "--requisition", str(requisition.id),
                                  "--format", "json", "--output", str(target)])  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))[0]["areas"] == data[0]["areas"]


def test_cli_refuses_unknown_requisition_and_xlsx_without_file(runner, world):
    result = runner.invoke(main, ["export", "--requisition", "99999", "--format", "csv"])
    assert result.exit_code == 1
    assert "No requisition with id 99999" in result.output
    _, requisition, _, _, _ = world
    result = runner.invoke(main, ["export", "--requisition", str(requisition.id),
                                  "--format", "xlsx"])  # fmt: skip
    assert result.exit_code == 1
    assert "--output" in result.output
