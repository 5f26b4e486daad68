"""Interview-quality pages and exports: agreement with its floor, rater effects and
adherence, comparisons by interview mode, evidence flags, the statistics switch and the
independence rule."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import update

from interview.extensions import db
from interview.models import Application, Interview, Loop, Requisition, Scorecard
from tests import factories, test_compare
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


def quality_json(client, requisition_id):
    return client.get(f"/quality/requisitions/{requisition_id}/figures.json").get_json()


# --- rater effects and adherence ---------------------------------------------------------------


def test_rater_effects_shown_from_the_minimum_and_held_back_below(app, client, login_as,
                                                                  requisition, raters):  # fmt: skip
    paired_candidates(app, requisition.id, raters, 4)
    login_as("recruiter")
    data = quality_json(client, requisition.id)
    second = next(r for r in data["raters"] if r["interviewer"] == raters[6].name)
    assert second["against_co_raters"]["n"] == 4
    assert second["against_co_raters"]["held_back"] is True
    assert second["against_co_raters"]["estimate"] is None
    assert second["notes"] is None  # adherence shares held back too
    page = client.get(f"/quality/requisitions/{requisition.id}", headers=EN).text
    assert "too few to say (n = 4)" in page
    paired_candidates(app, requisition.id, raters, 4, prefix="Mehr")
    data = quality_json(client, requisition.id)
    second = next(r for r in data["raters"] if r["interviewer"] == raters[6].name)
    effect = second["against_co_raters"]
    assert effect["held_back"] is False
    assert effect["n"] == 8
    # the second rater gives one point less on every third candidate: severe, and shrunk
    assert effect["raw"] < effect["estimate"] < 0
    assert effect["interval"]["low"] <= effect["estimate"] <= effect["interval"]["high"]
    assert second["on_time"] is not None


# --- interview mode -----------------------------------------------------------------------------


def test_loop_form_records_the_interview_mode(app, client, login, make_user, owner, requisition):
    interviewer = make_user("interviewer")
    with app.app_context():
        application = factories.application(db.session.get(Requisition, requisition.id))
        db.session.commit()
        application_id = application.id
    login(owner)
    form = {"interviewer_id": str(interviewer.id), "area_key": AREAS[0], "location": "Teams",
            "starts_at": "2030-05-04T10:00", "duration_minutes": "60"}  # fmt: skip
    url = f"/applications/{application_id}/loop/interviews"
    assert client.post(url, data=form | {"mode": "teleport"}).status_code == 422
    assert client.post(url, data=form | {"mode": "remote"}).status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(Interview.mode)).all() == ["remote"]
    page = client.get(f"/applications/{application_id}/loop", headers=EN).text
    assert 'data-mode="remote"' in page


def test_mode_comparison_needs_enough_candidates_per_group(app, client, login_as, requisition,
                                                           raters):  # fmt: skip
    remote = [add_candidate(app, requisition.id, raters, f"Remote {n}", 2, 2, 2, 3, 2, 2)
              for n in range(5)]  # fmt: skip
    on_site = [add_candidate(app, requisition.id, raters, f"Vor Ort {n}", 3, 3, 4, 3, 3, 3 + n % 2)
               for n in range(4)]  # fmt: skip
    set_mode(app, remote, "remote")
    set_mode(app, on_site, "on_site")
    login_as("recruiter")
    data = quality_json(client, requisition.id)
    ratings = next(c for c in data["comparisons"]
                   if c["dimension"] == "mode" and c["measure"] == "ratings")  # fmt: skip
    assert ratings["too_few"] is True
    assert ratings["difference"] is None
    assert ratings["mean_a"] is None
    page = client.get(f"/quality/requisitions/{requisition.id}", headers=EN).text
    assert 'data-comparison="mode-ratings" data-too-few="true"' in page
    set_mode(app, [add_candidate(app, requisition.id, raters, "Vor Ort 5", 3, 3, 3, 3, 3, 3)],
             "on_site")  # fmt: skip
    data = quality_json(client, requisition.id)
    ratings, rule = (next(c for c in data["comparisons"]
                          if c["dimension"] == "mode" and c["measure"] == m)
                     for m in ("ratings", "rule"))  # fmt: skip
    assert ratings["too_few"] is False
    assert (ratings["n_a"], ratings["n_b"]) == (5, 5)
    assert ratings["difference"] < 0
    assert ratings["hedges_g"] < 0
    assert ratings["difference_interval"]["high"] < 0
    # the remote candidates all fall below the Senior bar, the on-site ones meet it
    assert (rule["rate_a"], rule["rate_b"]) == (0.0, 1.0)
    page = client.get(f"/quality/requisitions/{requisition.id}", headers=EN).text
    assert 'data-comparison="mode-ratings" data-too-few="false"' in page
    assert "effect size g" in page


# --- the interviewer-statistics switch ----------------------------------------------------------


def _everything_showing_per_interviewer_figures(client, requisition_id) -> dict[str, str]:
    base = f"/quality/requisitions/{requisition_id}"
    return {
        "quality page": client.get(base, headers=EN).text,
        "quality json": client.get(base + "/figures.json").text,
        "quality csv": client.get(base + "/figures.csv").text,
        "framework page": client.get("/quality/frameworks/account-manager", headers=EN).text,
        "framework json": client.get("/quality/frameworks/account-manager/figures.json").text,
        "framework csv": client.get("/quality/frameworks/account-manager/figures.csv").text,
        "interviewer summary": client.get("/calibration/interviewers", headers=EN).text,
        "summary of the requisition": client.get(
            f"/calibration/interviewers?requisition={requisition_id}", headers=EN
        ).text,
    }


@pytest.mark.parametrize("switch", ["off", "aggregate", "personal"])
def test_statistics_switch_hides_names_in_every_page_and_export(
    app, client, login_as, requisition, raters, switch
):
    paired_candidates(app, requisition.id, raters, 6)
    with app.app_context():  # evidence flags name the rater too: make one card flagged
        db.session.execute(update(Scorecard).where(Scorecard.id == 1).values(evidence="ok"))
        db.session.commit()
    app.config["INTERVIEWER_STATISTICS"] = switch
    login_as("admin")
    pages = _everything_showing_per_interviewer_figures(client, requisition.id)
    named = {where for where, text in pages.items() if "Rater 0" in text}
    if switch == "personal":
        assert named == set(pages)
    else:
        assert named == set()
    rows = quality_json(client, requisition.id)["raters"]
    if switch == "off":
        assert rows == []
        assert "switched off" in pages["quality page"]
        assert "switched off" in pages["interviewer summary"]
    else:
        assert len(rows) == 7  # six areas, the first with a second rater
        assert all(("interviewer_id" in r) == (switch == "personal") for r in rows)
        summary = pages["interviewer summary"]
        assert (f'data-interviewer="{raters[0].id}"' in summary) == (switch == "personal")


@pytest.mark.parametrize(
    ("setting", "value"),
    [("INTERVIEWER_STATISTICS", "anonymous"), ("QUALITY_MIN_PAIRS", 0),
     ("QUALITY_MIN_GROUP", "5"), ("GROUP_ATTRIBUTES", ["gender"]),
     ("GROUP_ATTRIBUTES", {"gender": "female"}), ("GROUP_STATISTICS_ROLES", "admin")],
)  # fmt: skip
def test_unusable_quality_settings_refuse_to_start(make_app, app_config, setting, value):
    with pytest.raises(ValueError, match=setting):
        make_app(app_config | {setting: value})


# --- independence -------------------------------------------------------------------------------


def test_no_figure_reveals_ratings_of_a_candidate_the_viewer_is_blind_to(
    app, client, login, make_user, make, raters
):
    """The boss sits on Mia's panel without a scorecard yet: whatever the others rated
    for Mia, every figure the boss sees stays exactly the same."""
    boss = make_user(("admin", "hiring_manager"), name="Boss")
    requisition = make("requisition", boss)
    paired_candidates(app, requisition.id, raters, 12)
    login(boss)
    before = quality_json(client, requisition.id)
    add_candidate(app, requisition.id, [boss, *raters[1:]], "Mia", ("planned", 1), 1, 1, 1, 1, 4)
    after = quality_json(client, requisition.id)
    assert after.pop("left_out") == 1
    assert before.pop("left_out") == 0
    assert after == before
    page = client.get(f"/quality/requisitions/{requisition.id}", headers=EN).text
    assert "1 candidate whose panel you are on" in page
    assert "Mia" not in page


# --- evidence flags -----------------------------------------------------------------------------


WORDS = [
    "Kunde", "Vertrag", "Quartal", "Pipeline", "Angebot", "Termin", "Eskalation", "Budget",
    "Projekt", "Partner", "Workshop", "Analyse", "Strategie", "Rabatt", "Lizenz", "Region",
    "Vorstand", "Ziel", "Plan", "Bericht",
]  # fmt: skip


def distinct_evidence(seed: int) -> str:
    """Evidence with a result whose words differ from card to card (no copy flags)."""
    chosen = [WORDS[(seed * 7 + k * k * 3) % len(WORDS)] for k in range(10)]
    return f"{' '.join(chosen)}: Umsatz um {seed % 30 + 5} % gesteigert."


def test_evidence_flags_for_calibration(app, client, login_as, requisition, raters):
    ids = paired_candidates(app, requisition.id, raters, 3)
    copied = "Sie beschrieb ausführlich, wie sie das Team durch die Umstellung geführt hat."
    with app.app_context():
        rows = db.session.execute(
            db.select(Scorecard.id, Loop.application_id, Interview.area_key)
            .join(Interview, Interview.id == Scorecard.interview_id)
            .join(Loop, Loop.id == Interview.loop_id)
        ).all()
        cards = {(application, area): card for card, application, area in rows}
        texts = {(ids[0], AREAS[1]): copied, (ids[1], AREAS[1]): copied,
                 (ids[2], AREAS[2]): "Sie war freundlich."}  # fmt: skip
        for card, application, area in rows:
            text = texts.get((application, area), distinct_evidence(card))
            db.session.execute(update(Scorecard).where(Scorecard.id == card).values(evidence=text))
        db.session.commit()
    login_as("recruiter")
    flags = {
        f["card_id"]: set(f["flags"])
        for f in quality_json(client, requisition.id)["evidence_flags"]
    }
    assert flags[cards[ids[0], AREAS[1]]] == {"copied", "no_outcome"}
    assert flags[cards[ids[1], AREAS[1]]] == {"copied", "no_outcome"}
    assert flags[cards[ids[2], AREAS[2]]] == {"no_outcome", "short"}
    assert len(flags) == 3
    page = client.get(f"/quality/requisitions/{requisition.id}", headers=EN).text
    assert "copied between candidates" in page
    assert "far shorter than the panel" in page


def test_internal_against_external_candidates(app, client, login_as, requisition, raters):
    internal = [add_candidate(app, requisition.id, raters, f"Intern {n}", 3, 3, 3, 3, 3, 4)
                for n in range(5)]  # fmt: skip
    for n in range(5):
        add_candidate(app, requisition.id, raters, f"Extern {n}", 3, 3, 2, 2, 3, 3)
    with app.app_context():
        db.session.execute(
            update(Application).where(Application.id.in_(internal)).values(internal=True)
        )
        db.session.commit()
    login_as("recruiter")
    data = quality_json(client, requisition.id)
    ratings, rule = (next(c for c in data["comparisons"]
                          if c["dimension"] == "origin" and c["measure"] == m)
                     for m in ("ratings", "rule"))  # fmt: skip
    assert (ratings["n_a"], ratings["n_b"]) == (5, 5)
    assert ratings["difference"] > 0
    assert ratings["hedges_g"] is None  # nobody varied within either group
    assert (rule["successes_a"], rule["n_a"], rule["n_b"]) == (5, 5, 5)
    assert rule["interval"]["low"] <= rule["difference"] <= rule["interval"]["high"]
    page = client.get(f"/quality/requisitions/{requisition.id}", headers=EN).text
    assert 'data-comparison="origin-rule" data-too-few="false"' in page


def test_quality_page_queries_do_not_grow_with_candidates(app, client, login_as, requisition,
                                                          raters, count_queries):  # fmt: skip
    paired_candidates(app, requisition.id, raters, 1)
    login_as("recruiter")
    url = f"/quality/requisitions/{requisition.id}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    paired_candidates(app, requisition.id, raters, 15, prefix="Mehr")
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count, many.statements


def test_insufficient_evidence_counts_as_missing_not_as_a_rating(app, client, login_as,
                                                                 requisition, raters):  # fmt: skip
    for n in range(12):
        add_candidate(app, requisition.id, raters, f"K{n}", (1 + n % 4, "n/a"), 3, 3, 3, 3, 3)
    login_as("recruiter")
    data = quality_json(client, requisition.id)
    area = next(a for a in data["agreement"]["areas"] if a["area"] == AREAS[0])
    assert area["icc1"]["candidates"] == 0
    assert area["alpha_ordinal"]["pairs"] == 0
    assert area["alpha_ordinal"]["band"] == "too_few"
    second = next(r for r in data["raters"] if r["interviewer"] == raters[6].name)
    assert second["against_panel"]["n"] == 0
