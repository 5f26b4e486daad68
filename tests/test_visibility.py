"""The visibility policy (``interview.visibility``): one table over roles x panel states x
the requisition's release settings, then every surface that shows scorecards following it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from interview import visibility
from interview.db import utcnow
from interview.extensions import db
from interview.models import Requisition, User
from interview.visibility import PanelState, Verdict
from tests import factories
from tests.factories import AREAS
from tests.test_compare import interviewer_rows, matrix_rows
from tests.test_exports import read_xlsx

EN = {"Accept-Language": "en"}

# --- the policy as a table ---------------------------------------------------------------------

ROLES = {
    "admin": ("admin",),
    "admin+iv": ("admin", "interviewer"),
    "owner": ("hiring_manager", "interviewer"),  # the requisition's hiring manager
    "other_hm": ("hiring_manager", "interviewer"),
    "recruiter": ("recruiter", "interviewer"),
    "interviewer": ("interviewer",),
}
#: A: scores visible after submitting; D: after the debrief, not released yet; R: released
SETTINGS = {
    "A": ("after_submit", False),
    "D": ("after_debrief", False),
    "R": ("after_debrief", True),
}
CODES = {"+": Verdict.SEES, "-": Verdict.NO_ACCESS, "own": Verdict.OWN_SCORECARD_FIRST,
         "left": Verdict.LEFT_PANEL, "deb": Verdict.DEBRIEF}  # fmt: skip

# "may see the consolidated results / exports / comparison row / calibration of a candidate"
RESULTS = """
state        setting  admin  admin+iv  owner  other_hm  recruiter  interviewer
outside      A        +      +         +      -         +          -
outside      D        +      +         +      -         +          -
outside      R        +      +         +      -         +          -
pending      A        own    own       own    -         own        -
pending      D        own    own       own    -         own        -
pending      R        own    own       own    -         own        -
submitted    A        +      +         +      -         +          -
submitted    D        deb    deb       deb    -         deb        -
submitted    R        +      +         +      -         +          -
left         A        left   left      left   -         left       -
left         D        left   left      left   -         left       -
left         R        left   left      left   -         left       -
handed_over  A        +      +         +      -         +          -
handed_over  D        +      +         +      -         +          -
handed_over  R        +      +         +      -         +          -
"""
# "may see the other interviewers' scorecards in their own kit"
KIT_PANEL = """
state        setting  admin  admin+iv  owner  other_hm  recruiter  interviewer
outside      A        -      -         -      -         -          -
outside      D        -      -         -      -         -          -
outside      R        -      -         -      -         -          -
pending      A        own    own       own    own       own        own
pending      D        own    own       own    own       own        own
pending      R        own    own       own    own       own        own
submitted    A        +      +         +      +         +          +
submitted    D        deb    deb       deb    deb       deb        deb
submitted    R        +      +         +      +         +          +
left         A        -      -         -      -         -          -
left         D        -      -         -      -         -          -
left         R        -      -         -      -         -          -
handed_over  A        -      -         -      -         -          -
handed_over  D        -      -         -      -         -          -
handed_over  R        -      -         -      -         -          -
"""
# "may see one scorecard written by somebody else" (anywhere: pages, kit, later the API)
OTHERS_SCORECARD = """
state        setting  admin  admin+iv  owner  other_hm  recruiter  interviewer
outside      A        +      +         +      -         +          -
outside      D        +      +         +      -         +          -
outside      R        +      +         +      -         +          -
pending      A        own    own       own    own       own        own
pending      D        own    own       own    own       own        own
pending      R        own    own       own    own       own        own
submitted    A        +      +         +      +         +          +
submitted    D        deb    deb       deb    deb       deb        deb
submitted    R        +      +         +      +         +          +
left         A        left   left      left   left      left       left
left         D        left   left      left   left      left       left
left         R        left   left      left   left      left       left
handed_over  A        +      +         +      -         +          -
handed_over  D        +      +         +      -         +          -
handed_over  R        +      +         +      -         +          -
"""


def _grid(text: str) -> dict[tuple[str, str, str], Verdict]:
    header, *lines = text.strip().splitlines()
    roles = header.split()[2:]
    table = {}
    for line in lines:
        state, setting, *codes = line.split()
        for role, code in zip(roles, codes, strict=True):
            table[(state, setting, role)] = CODES[code]
    return table


TABLES = {"results": _grid(RESULTS), "kit": _grid(KIT_PANEL), "card": _grid(OTHERS_SCORECARD)}
CASES = sorted(TABLES["results"])


def _viewer(role: str) -> User:
    user = User(id=10, email=f"{role}@example.com", name=role, password_hash="x")
    user.set_roles(frozenset(ROLES[role]))
    return user


def _requisition(setting: str, owner_id: int) -> Requisition:
    scores_visible, released = SETTINGS[setting]
    return Requisition(owner_id=owner_id, scores_visible=scores_visible,
                       debrief_released_at=utcnow() if released else None)  # fmt: skip


def test_the_tables_cover_every_role_state_and_setting():
    expected = {(s.value, k, r) for s in PanelState for k in SETTINGS for r in ROLES}
    assert all(set(table) == expected for table in TABLES.values())


@pytest.mark.parametrize(("state", "setting", "role"), CASES)
def test_policy_table(state, setting, role):
    viewer = _viewer(role)
    requisition = _requisition(setting, viewer.id if role == "owner" else 99)
    facts = visibility.facts_of(viewer, requisition, PanelState(state))
    assert visibility.results(facts) is TABLES["results"][(state, setting, role)]
    assert visibility.kit_panel(facts) is TABLES["kit"][(state, setting, role)]
    assert visibility.scorecard(facts, own=False) is TABLES["card"][(state, setting, role)]
    assert visibility.scorecard(facts, own=True) is Verdict.SEES


@pytest.mark.parametrize(
    ("state", "may_join"),
    [("outside", True), ("pending", True), ("submitted", True), ("left", True),
     ("handed_over", False)],
)  # fmt: skip
def test_who_may_join_a_panel(state, may_join):
    assert visibility.may_join(PanelState(state)) is may_join


def test_every_blind_verdict_is_explained(app):
    with app.test_request_context(headers=EN):
        texts = {v: visibility.explain(v) for v in Verdict if not v.allowed}
    assert all(texts.values())
    assert len(set(texts.values())) == len(texts)


# --- every surface follows the policy ----------------------------------------------------------

MARKER = "PAULA-BELEG-A"
REASONS = {
    Verdict.OWN_SCORECARD_FIRST: "Hidden until you submit your own scorecard.",
    Verdict.LEFT_PANEL: "you left this candidate",
    Verdict.DEBRIEF: "Hidden until the scorecards are released for the debrief.",
}


@pytest.fixture
def world(app, make_user):
    """Paula, rated 4 by Anna (area 1) and 2 by Ben (area 2), and Quentin, rated 2 by Anna;
    the viewer Vera (admin and interviewer) is put in a panel state for Paula only."""

    def build(state: str, scores_visible: str, released: bool) -> dict:
        owner = make_user("hiring_manager", name="Katrin Vogel")
        vera = make_user(("admin", "interviewer"), name="Vera Blind")
        anna, ben, cem = (make_user("interviewer", name=n) for n in ("Anna", "Ben", "Cem"))
        past = utcnow() - timedelta(days=1)
        with app.app_context():
            merge = db.session.merge
            requisition = factories.requisition(
                merge(owner), scores_visible=scores_visible,
                debrief_released_at=utcnow() if released else None,
            )  # fmt: skip
            paula = factories.application(requisition, factories.candidate(name="Paula"))
            loop = factories.loop(paula, status="ready")
            for user, area, rating in ((anna, AREAS[0], 4), (ben, AREAS[1], 2)):
                interview = factories.interview(loop, merge(user), area, starts_at=past)
                factories.scorecard(interview, submitted=True, rating=rating,
                                    evidence=f"{MARKER} {user.name}")  # fmt: skip
            own = None
            if state in ("pending", "submitted"):
                own = factories.interview(loop, merge(vera), AREAS[2], starts_at=past)
                if state == "submitted":
                    factories.scorecard(own, submitted=True, rating=3, evidence="Veras Beleg")
            elif state in ("left", "handed_over"):
                taker = merge(cem) if state == "handed_over" else None
                factories.departure(loop, merge(vera), AREAS[2], replaced_by=taker)
                if taker is not None:
                    factories.interview(loop, taker, AREAS[2], starts_at=past)
            quentin = factories.application(requisition, factories.candidate(name="Quentin"))
            other = factories.interview(factories.loop(quentin), merge(anna), AREAS[0])
            factories.scorecard(other, submitted=True, rating=2, evidence="Quentins Beleg")
            db.session.commit()
            return {"vera": vera, "requisition_id": requisition.id, "paula": paula.id,
                    "own": own.id if own else None,
                    "anna_interview": loop.interviews[0].id}  # fmt: skip

    return build


SURFACE_CASES = [
    # state, scores_visible, released, what Vera gets for Paula
    ("outside", "after_submit", False, Verdict.SEES),
    ("pending", "after_submit", False, Verdict.OWN_SCORECARD_FIRST),
    ("submitted", "after_submit", False, Verdict.SEES),
    ("left", "after_submit", False, Verdict.LEFT_PANEL),
    ("handed_over", "after_submit", False, Verdict.SEES),
    ("outside", "after_debrief", False, Verdict.SEES),
    ("pending", "after_debrief", True, Verdict.OWN_SCORECARD_FIRST),
    ("submitted", "after_debrief", False, Verdict.DEBRIEF),
    ("submitted", "after_debrief", True, Verdict.SEES),
    ("left", "after_debrief", True, Verdict.LEFT_PANEL),
    ("handed_over", "after_debrief", False, Verdict.SEES),
]


@pytest.mark.parametrize(("state", "scores_visible", "released", "verdict"), SURFACE_CASES)
def test_every_surface_follows_the_policy(client, login, world, state, scores_visible, released,
                                          verdict):  # fmt: skip
    w = world(state, scores_visible, released)
    sees = verdict is Verdict.SEES
    login(w["vera"])
    paula, requisition = w["paula"], w["requisition_id"]

    page = client.get(f"/applications/{paula}/results", headers=EN)
    assert page.status_code == (200 if sees else 403)
    assert (MARKER in page.text) is sees
    if not sees:
        assert REASONS[verdict] in page.text.replace("&#39;", "'")

    for fmt in ("csv", "xlsx"):
        download = client.get(f"/applications/{paula}/results.{fmt}", headers=EN)
        assert download.status_code == (200 if sees else 403), fmt
        assert ("Content-Disposition" in download.headers) is sees
    as_json = client.get(f"/applications/{paula}/results.json", headers=EN)
    assert as_json.status_code == (200 if sees else 403)
    assert (MARKER in as_json.text) is sees
    if not sees:
        assert as_json.json == {"error": visibility_text(client, verdict)}

    decided = client.post(
        f"/applications/{paula}/decision",
        data={"decision": "advance", "reason": "Im Debriefing besprochen."},
    )
    assert decided.status_code == (302 if sees else 403)

    rows = matrix_rows(client.get(f"/requisitions/{requisition}/compare", headers=EN).text)
    assert rows["Paula"]["visible"] is sees
    assert rows["Quentin"]["visible"]
    if not sees:
        assert rows["Paula"]["cells"] == {}
        assert REASONS[verdict] in rows["Paula"]["html"].replace("&#39;", "'")

    sheet = client.get(f"/requisitions/{requisition}/compare.csv", headers=EN)
    lines = list(csv.reader(io.StringIO(sheet.data.decode("utf-8-sig"))))
    by_name = {line[0]: line for line in lines[1:]}
    hidden = "Hidden until the independence rule allows it"  # the rule result's label
    assert (hidden in by_name["Paula"]) is not sees
    assert hidden not in by_name["Quentin"]
    workbook = client.get(f"/requisitions/{requisition}/compare.xlsx?lang=en").data
    xlsx = read_xlsx(workbook, "Comparison")
    assert (hidden in {row[0]: row for row in xlsx[1:]}["Paula"]) is not sees

    summary = client.get(f"/calibration/interviewers?requisition={requisition}", headers=EN)
    # Anna rated Paula 4 and Quentin 2: Paula's card counts only where Vera may see it
    assert interviewer_rows(summary.text)["Anna"]["mean"] == ("3.00" if sees else "2.00")
    assert ("left out until you may see" in summary.text) is not sees

    if w["own"] is not None:
        kit = client.get(f"/assignments/{w['own']}/kit", headers=EN).text
        assert ('id="panel"' in kit) is sees
        assert (MARKER in kit) is sees

    # pages that list the panel show statuses, never a rating or the evidence
    assert MARKER not in client.get(f"/assignments/{w['anna_interview']}", headers=EN).text
    assert MARKER not in client.get(f"/applications/{paula}/loop", headers=EN).text


def visibility_text(client, verdict: Verdict) -> str:
    with client.application.test_request_context(headers=EN):
        return visibility.explain(verdict)


@pytest.mark.parametrize("state", ["pending", "left"])
def test_the_owner_who_sits_on_the_panel_is_blind_too(app, client, login, make_user, make,
                                                      state):  # fmt: skip
    """A hiring manager on their own requisition's panel, and a recruiter: the role does not
    lift the independence rule."""
    for roles in (("hiring_manager", "interviewer"), ("recruiter", "interviewer")):
        viewer = make_user(roles)
        requisition = make("requisition", viewer if "hiring_manager" in roles else
                           make_user("hiring_manager"))  # fmt: skip
        application = make("application", requisition)
        loop = make("loop", application)
        make("scorecard", make("interview", loop, make_user("interviewer"), AREAS[0]),
             submitted=True, evidence=MARKER)  # fmt: skip
        if state == "pending":
            make("interview", loop, viewer, AREAS[1])
        else:
            make("departure", loop, viewer, AREAS[1])
        login(viewer)
        page = client.get(f"/applications/{application.id}/results", headers=EN)
        assert page.status_code == 403, roles
        assert MARKER not in page.text
        client.post("/logout")


# --- a fixed number of queries however many panels the viewer sits on or left -------------------


def test_panel_states_cost_one_query_for_any_number_of_candidates(
    app, client, login, make_user, make, count_queries
):
    viewer = make_user(("recruiter", "interviewer"))
    raters = [make_user("interviewer") for _ in range(2)]
    small = make("requisition", make_user("hiring_manager"))
    large = make("requisition", make_user("hiring_manager"))

    def candidate(requisition, n):
        loop = make("loop", make("application", requisition))
        for rater, area in zip(raters, AREAS[:2], strict=True):
            make("scorecard", make("interview", loop, rater, area), submitted=True)
        if n % 3 == 0:
            make("interview", loop, viewer, AREAS[2])
        elif n % 3 == 1:
            make("departure", loop, viewer, AREAS[3])
        else:
            make("departure", loop, viewer, AREAS[3], replaced_by=raters[0])

    candidate(small, 0)
    for n in range(12):
        candidate(large, n)
    login(viewer)
    for url in ("/requisitions/{}/compare", "/requisitions/{}/compare.csv"):
        client.get(url.format(small.id))  # warm-up
        with count_queries() as one:
            assert client.get(url.format(small.id)).status_code == 200
        with count_queries() as twelve:
            page = client.get(url.format(large.id), headers=EN)
        assert page.status_code == 200
        assert twelve.count == one.count, twelve.statements
    rows = matrix_rows(client.get(f"/requisitions/{large.id}/compare", headers=EN).text)
    # pending and left rows hidden, handed-over rows visible
    assert sorted(r["visible"] for r in rows.values()) == [False] * 8 + [True] * 4
    with app.app_context():
        assert len(visibility.blind_applications(db.session.get(User, viewer.id))) == 9
