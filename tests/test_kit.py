"""The interview kit on the server: autosave, evidence rules, submission, amendments,
independent scoring and version pinning."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from interview.extensions import db
from interview.models import Application, AuditEvent, FrameworkVersion, Requisition, Scorecard
from interview.question_bank import framework_to_dict, load_bank
from tests.bank_builder import AREA, soll_bank, write_bank
from tests.factories import AREAS

EN = {"Accept-Language": "en"}
EVIDENCE = "Erzählte, wie sie ein Renewal mit 12 % mehr Volumen abgeschlossen hat."
LONG_EVIDENCE = EVIDENCE * 3


@pytest.fixture
def panel(make_user, make):
    """One candidate's loop: Anna and Ben interview, Katrin owns the requisition."""
    owner = make_user("hiring_manager", name="Katrin Vogel")
    anna = make_user("interviewer", name="Anna Schmidt")
    ben = make_user("interviewer", name="Ben Müller")
    requisition = make("requisition", owner)
    loop = make("loop", make("application", requisition))
    return {
        "owner": owner,
        "anna": anna,
        "ben": ben,
        "requisition": requisition,
        "loop": loop,
        "a": make("interview", loop, anna, AREAS[0]),
        "b": make("interview", loop, ben, AREAS[1]),
    }


def kit_url(interview, suffix=""):
    return f"/assignments/{interview.id}/kit{suffix}"


def answers(**extra) -> dict:
    data = {"q0_note": "Beispiel mit Zahlen", "q0_asked": "y", "q0_outcome": "Vertrag verlängert",
            "rating": "3", "evidence": EVIDENCE}  # fmt: skip
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def scorecard_of(app, interview) -> Scorecard | None:
    with app.app_context():
        card = db.session.scalar(select(Scorecard).filter_by(interview_id=interview.id))
        if card is not None:
            card.revisions  # noqa: B018  (load before the session closes)
            card.fields  # noqa: B018
            db.session.expunge(card)
        return card


def save(client, interview, *changes):
    body = {"changes": [{"key": k, "value": v, "base": b} for k, v, b in changes]}
    return client.post(kit_url(interview, "/fields"), json=body)


# --- the page ----------------------------------------------------------------------------------


def test_kit_shows_area_target_level_questions_probe_and_scale(client, login, panel):
    login(panel["anna"])
    page = client.get(kit_url(panel["a"]), headers=EN).text
    assert "Beziehungstiefe &amp; Vertrauen" in page
    assert 'id="target-level"' in page
    assert "Level below" in page
    assert "Level above" in page
    assert page.count('class="outcome-probe"') == 5
    assert "Was war das Ergebnis?" in page
    assert page.count('name="q4_asked"') == 1
    assert page.count('class="scale-choice') == 5  # four points and "insufficient evidence"
    assert "Übertrifft Erwartungen" in page
    assert 'value="insufficient"' in page
    assert 'name="recommendation"' in page


def test_assignment_link_opens_the_kit_for_its_interviewer(client, login, panel):
    login(panel["anna"])
    response = client.get(f"/assignments/{panel['a'].id}")
    assert response.headers["Location"] == kit_url(panel["a"])


# --- autosave ----------------------------------------------------------------------------------


def test_autosave_stores_fields_with_versions(app, client, login, panel):
    login(panel["anna"])
    response = save(client, panel["a"], ("q0_note", "Erste Notiz", 0), ("q0_asked", True, 0))
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == ["saved", "saved"]
    again = save(client, panel["a"], ("q0_note", "Erste Notiz, ergänzt", 1))
    assert again.json["results"][0] == {"key": "q0_note", "status": "saved", "version": 2}
    card = scorecard_of(app, panel["a"])
    assert {f.key: (f.value, f.version) for f in card.fields} == {
        "q0_note": ("Erste Notiz, ergänzt", 2), "q0_asked": (True, 1)
    }  # fmt: skip
    assert client.get(kit_url(panel["a"], "/state")).json["fields"]["q0_note"]["version"] == 2
    page = client.get(kit_url(panel["a"])).text
    assert "Erste Notiz, ergänzt" in page
    assert 'data-field="q0_note" data-version="2"' in page


def test_an_autosave_and_the_kit_page_send_a_fixed_handful_of_statements(
    client, login, panel, count_queries
):
    """An autosave reads the sign-in, the interview and (under its lock) the scorecard,
    then writes the field: nothing it read before the lock is loaded again, and neither
    the owner's nor the interviewer's roles are loaded at all. The kit page: sign-in,
    interview, draft."""
    login(panel["anna"])
    save(client, panel["a"], ("q0_note", "Erste Notiz", 0))
    client.get(kit_url(panel["a"]))
    with count_queries() as counter:
        assert save(client, panel["a"], ("q0_note", "Zweite Notiz", 1)).status_code == 200
    writes = [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]
    reads = [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 1
    # SQLite locks with BEGIN IMMEDIATE, PostgreSQL with one more SELECT ... FOR SHARE
    assert len([s for s in reads if "FOR SHARE" not in s.upper()]) == 3, reads
    with count_queries() as counter:
        assert client.get(kit_url(panel["a"])).status_code == 200
    assert counter.count == 3, counter.statements


def test_two_tabs_cannot_silently_overwrite_each_other(app, client, login, panel):
    login(panel["anna"])
    save(client, panel["a"], ("evidence", "aus Tab A", 0))
    stale = save(client, panel["a"], ("evidence", "aus Tab B", 0))
    assert stale.json["results"][0] == {
        "key": "evidence", "status": "conflict", "version": 1, "value": "aus Tab A"
    }  # fmt: skip
    also_stale = save(client, panel["a"], ("evidence", "nochmal B", 5))
    assert also_stale.json["results"][0]["status"] == "conflict"
    fields = {f.key: f.value for f in scorecard_of(app, panel["a"]).fields}
    assert fields["evidence"] == "aus Tab A"


def test_a_replayed_save_is_not_a_conflict(client, login, panel):
    login(panel["anna"])
    save(client, panel["a"], ("q1_note", "Notiz", 0))
    replay = save(client, panel["a"], ("q1_note", "Notiz", 0))
    assert replay.json["results"][0] == {"key": "q1_note", "status": "saved", "version": 1}


@pytest.mark.parametrize(
    ("key", "value"),
    [("q99_note", "x"), ("q0_asked", "yes"), ("rating", "7"), ("recommendation", "maybe"),
     ("evidence", "x" * 20_001), ("owner_id", 1)],
)  # fmt: skip
def test_autosave_refuses_values_that_do_not_belong(client, login, panel, key, value):
    login(panel["anna"])
    result = save(client, panel["a"], (key, value, 0)).json["results"][0]
    assert result["status"] == "invalid"


def test_autosave_needs_a_list_of_changes(client, login, panel):
    login(panel["anna"])
    assert client.post(kit_url(panel["a"], "/fields"), json={"changes": "x"}).status_code == 400
    assert client.post(kit_url(panel["a"], "/fields"), data="nonsense").status_code == 400


def test_a_draft_is_visible_to_its_author_only(client, login, make_user, panel):
    login(panel["anna"])
    save(client, panel["a"], ("evidence", "geheimer Entwurf", 0))
    client.post("/logout")
    for user in (panel["owner"], panel["ben"], make_user("admin"), make_user("recruiter")):
        login(user)
        assert client.get(kit_url(panel["a"])).status_code == 404
        assert client.get(kit_url(panel["a"], "/state")).status_code == 404
        assert save(client, panel["a"], ("evidence", "fremd", 1)).status_code == 404
        assert "geheimer Entwurf" not in client.get(f"/assignments/{panel['a'].id}").text
        client.post("/logout")


# --- submission --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (answers(evidence=""), "A rating needs evidence"),
        (answers(evidence="zu kurz"), "Evidence is too short: at least 20 characters."),
        (answers(rating="4"), "A rating of 4 needs a longer justification: "
                              "at least 150 characters."),
        (answers(rating="1"), "at least 150 characters"),
        (answers(rating=None), "Choose a rating"),
    ],
)  # fmt: skip
def test_evidence_rules_keep_the_draft(app, client, login, panel, data, message):
    login(panel["anna"])
    response = client.post(kit_url(panel["a"], "/submit"), data=data, headers=EN)
    assert response.status_code == 422
    assert message in response.text
    card = scorecard_of(app, panel["a"])
    assert card.submitted_at is None
    assert {f.key: f.value for f in card.fields}["q0_note"] == "Beispiel mit Zahlen"


def test_extreme_rating_with_long_evidence_is_accepted(app, client, login, panel):
    login(panel["anna"])
    response = client.post(kit_url(panel["a"], "/submit"), data=answers(rating="4",
                           evidence=LONG_EVIDENCE))  # fmt: skip
    assert response.status_code == 303
    assert scorecard_of(app, panel["a"]).rating == 4


def test_evidence_thresholds_are_configurable(app, client, login, panel):
    app.config["EVIDENCE_MIN_CHARS"] = 200
    login(panel["anna"])
    response = client.post(kit_url(panel["a"], "/submit"), data=answers(), headers=EN)
    assert "at least 200 characters" in response.text


def test_submit_warns_when_no_probe_was_ticked(app, client, login, panel):
    login(panel["anna"])
    data = answers(q0_asked=None)
    warned = client.post(kit_url(panel["a"], "/submit"), data=data, headers=EN)
    assert warned.status_code == 422
    assert "No outcome probe is ticked" in warned.text
    assert scorecard_of(app, panel["a"]).submitted_at is None
    confirmed = client.post(kit_url(panel["a"], "/submit"), data={**data, "confirm_no_probe": "y"})
    assert confirmed.status_code == 303
    assert scorecard_of(app, panel["a"]).submitted_at is not None


def test_submit_locks_and_a_double_tap_submits_once(app, client, login, panel):
    login(panel["anna"])
    first = client.post(kit_url(panel["a"], "/submit"), data=answers())
    second = client.post(kit_url(panel["a"], "/submit"), data=answers(rating="2"), headers=EN)
    assert first.status_code == second.status_code == 303
    card = scorecard_of(app, panel["a"])
    assert card.rating == 3
    assert card.evidence == EVIDENCE
    assert [r.kind for r in card.revisions] == ["submitted"]
    assert card.revisions[0].content["answers"][0] == {
        "note": "Beispiel mit Zahlen", "asked": True, "outcome": "Vertrag verlängert"
    }  # fmt: skip
    locked = save(client, panel["a"], ("evidence", "später geändert", 99))
    assert locked.status_code == 409
    assert locked.json["locked"] is True
    page = client.get(kit_url(panel["a"]), headers=EN).text
    assert 'data-state="locked"' in page
    assert 'id="kit-form"' not in page
    assert 'data-rating="3"' in page


def test_insufficient_evidence_is_its_own_answer(app, client, login, panel):
    login(panel["anna"])
    response = client.post(kit_url(panel["a"], "/submit"), data=answers(rating="insufficient"))
    assert response.status_code == 303
    card = scorecard_of(app, panel["a"])
    assert card.rating is None
    assert card.insufficient_evidence is True
    page = client.get(kit_url(panel["a"]), headers=EN).text
    assert 'data-rating="insufficient"' in page
    assert "Insufficient evidence" in page


# --- amendments --------------------------------------------------------------------------------


def test_amendment_needs_a_reason_and_keeps_the_history(app, client, login, panel):
    login(panel["anna"])
    client.post(kit_url(panel["a"], "/submit"), data=answers())
    no_reason = client.post(kit_url(panel["a"], "/amend"), data=answers(rating="2"), headers=EN)
    assert no_reason.status_code == 422
    assert "Give a reason" in no_reason.text
    assert scorecard_of(app, panel["a"]).rating == 3
    reason = "Zahl im Nachgang beim Kunden geprüft: es waren 8 %, nicht 12 %."
    amendment = answers(rating="2", reason=reason, revision="1")
    amended = client.post(kit_url(panel["a"], "/amend"), data=amendment)
    assert amended.status_code == 303
    replay = client.post(kit_url(panel["a"], "/amend"), data=amendment)
    assert replay.status_code == 303
    card = scorecard_of(app, panel["a"])
    assert card.rating == 2
    assert card.amended_at is not None
    assert [(r.kind, r.content["rating"], r.reason) for r in card.revisions] == [
        ("submitted", 3, None), ("amended", 2, reason)
    ]  # fmt: skip
    page = client.get(kit_url(panel["a"]), headers=EN).text
    assert reason.replace("'", "&#39;") in page
    assert page.count("Show this version") == 2
    assert 'data-status="amended"' in client.get("/my/interviews").text
    with app.app_context():
        summaries = db.session.scalars(
            select(AuditEvent.summary).where(AuditEvent.action == "amended")
        ).all()
    # admins read the audit trail and may sit on the panel: the reason stays in the card
    assert summaries == [f"Scorecard for interview {panel['a'].id}, revision 2"]


def test_amending_a_draft_is_not_possible(client, login, panel):
    login(panel["anna"])
    response = client.post(kit_url(panel["a"], "/amend"), data=answers(reason="x" * 20))
    assert response.status_code == 404


# --- independent scoring ---------------------------------------------------------------------

ANNA_SECRET = "Annas geheime Einschätzung mit vielen Details"


def test_no_route_shows_another_scorecard_before_submitting(app, client, login, make, panel):
    login(panel["anna"])
    client.post(kit_url(panel["a"], "/submit"), data=answers(evidence=ANNA_SECRET, rating="2"))
    client.post("/logout")
    login(panel["ben"])
    save(client, panel["b"], ("q0_note", "meine Notiz", 0))
    with app.app_context():
        candidate_id = db.session.get(Application, panel["loop"].application_id).candidate_id
    a, b = panel["a"].id, panel["b"].id
    urls = [
        "/", "/my/interviews", kit_url(panel["b"]), kit_url(panel["b"], "/state"),
        kit_url(panel["a"]), kit_url(panel["a"], "/state"), f"/assignments/{a}",
        f"/assignments/{a}/qr.svg", f"/assignments/{b}", f"/candidates/{candidate_id}",
        f"/applications/{panel['loop'].application_id}/loop",
        f"/requisitions/{panel['requisition'].id}", "/requisitions/", "/candidates/",
    ]  # fmt: skip
    for url in urls:
        response = client.get(url, follow_redirects=True)
        assert ANNA_SECRET not in response.text, url
        assert 'id="panel"' not in response.text, url
    # after Ben submits (from a page that showed his saved note), the panel shows Anna's
    # scorecard in his kit
    submitted = client.post(kit_url(panel["b"], "/submit"), data=answers(versions='{"q0_note": 1}'))
    assert submitted.status_code == 303
    page = client.get(kit_url(panel["b"]), headers=EN).text
    assert 'id="panel"' in page
    assert ANNA_SECRET in page
    assert "Anna Schmidt" in page


def test_requisition_may_keep_scores_hidden_until_the_debrief(app, client, login, panel):
    with app.app_context():
        db.session.get(Requisition, panel["requisition"].id).scores_visible = "after_debrief"
        db.session.commit()
    login(panel["anna"])
    client.post(kit_url(panel["a"], "/submit"), data=answers(evidence=ANNA_SECRET))
    client.post("/logout")
    login(panel["ben"])
    client.post(kit_url(panel["b"], "/submit"), data=answers())
    assert ANNA_SECRET not in client.get(kit_url(panel["b"])).text
    client.post("/logout")
    login(panel["owner"])
    released = client.post(f"/requisitions/{panel['requisition'].id}/release")
    assert released.status_code == 302
    client.post("/logout")
    login(panel["ben"])
    assert ANNA_SECRET in client.get(kit_url(panel["b"])).text


# --- version pinning and query counts ----------------------------------------------------------


class TestVersionPinning:
    @pytest.fixture
    def bank(self, tmp_path):
        from tests.conftest import BANK_PATH

        root = tmp_path / "bank"
        shutil.copytree(BANK_PATH / "account-manager", root / "account-manager")
        return root

    @pytest.fixture
    def app_config(self, app_config, bank):
        return {**app_config, "QUESTION_BANK_PATH": str(bank)}

    def test_a_bank_edit_never_changes_an_opened_kit(
        self, app, app_config, bank, client, login, panel, make_app
    ):
        login(panel["anna"])
        save(client, panel["a"], ("q0_note", "angefangen", 0))
        first = client.get(kit_url(panel["a"])).text
        question = "Erzählen Sie von einer Situation"
        assert question in first
        area_file = next((bank / "account-manager").glob("01-*.md"))
        area_file.write_text(area_file.read_text().replace(question, "GEÄNDERTE FRAGE"))
        edited = make_app(app_config)  # a restart loads the edited bank as a new version
        with edited.app_context():
            from interview.frameworks.services import current_bank, sync_bank

            sync_bank(current_bank())
            db.session.commit()
        new_client = edited.test_client()
        login_response = new_client.post(
            "/login", data={"email": panel["anna"].email, "password": "correct horse battery"}
        )
        assert login_response.status_code == 302
        page = new_client.get(kit_url(panel["a"])).text
        assert question in page
        assert "GEÄNDERTE FRAGE" not in page
        assert "angefangen" in page


class TestQueryCount:
    @pytest.fixture
    def app_config(self, app_config, tmp_path):
        many = AREA.format(id="viele", title="Viele Fragen").replace(
            "4. Vierte Frage?", "\n".join(f"{n}. Frage {n}?" for n in range(4, 13))
        )
        bank = write_bank(tmp_path / "bank", {"mini/03-viele.md": many})
        return {**app_config, "QUESTION_BANK_PATH": str(bank)}

    def test_kit_queries_do_not_grow_with_questions_or_notes(
        self, app, client, make_user, make, count_queries
    ):
        from interview.frameworks.services import current_bank, stored_version

        interviewer = make_user("interviewer")
        with app.app_context():
            version = stored_version(current_bank().get("mini"))
        owner = make_user("hiring_manager")
        loop = make("loop", make("application", make(
            "requisition", owner, framework_version_id=version.id, target_level="senior",
            required_areas=["area-1", "viele"], decision_rule={},
        )))  # fmt: skip
        few = make("interview", loop, interviewer, "area-1")
        other_loop = make("loop", make("application", make(
            "requisition", owner, framework_version_id=version.id, target_level="senior",
            required_areas=["area-1", "viele"], decision_rule={},
        )))  # fmt: skip
        many = make("interview", other_loop, interviewer, "viele")
        client.post(
            "/login", data={"email": interviewer.email, "password": "correct horse battery"}
        )
        save(client, few, ("q0_note", "eine Notiz", 0))
        with count_queries() as small:
            assert client.get(kit_url(few)).status_code == 200
        for n in range(12):
            save(client, many, (f"q{n}_note", f"Notiz {n}", 0), (f"q{n}_asked", True, 0))
        with count_queries() as large:
            page = client.get(kit_url(many)).text
        assert page.count('class="outcome-probe"') == 12
        assert large.count == small.count


def test_the_framework_names_the_ratings_that_need_long_evidence(app, client, login, make,
                                                                 make_user, tmp_path):  # fmt: skip
    bank = soll_bank(tmp_path / "bank", areas=4, extra="extreme_ratings: [1]\n")
    framework = load_bank(bank).get("fuehrung")
    with app.app_context():
        version = FrameworkVersion(
            framework_key=framework.id, version=framework.version, title=framework.title,
            language=framework.language, content=framework_to_dict(framework),
        )  # fmt: skip
        db.session.add(version)
        db.session.commit()
        version_id = version.id
    owner, anna = make_user("hiring_manager"), make_user("interviewer")
    requisition = make(
        "requisition", owner, framework_version_id=version_id, target_level=None,
        required_areas=[a.id for a in framework.areas], decision_rule={},
    )  # fmt: skip
    low, high = (
        make("interview", make("loop", make("application", requisition)), anna, "kriterium-1")
        for _ in range(2)
    )
    login(anna)
    page = client.get(kit_url(low), headers=EN).text
    assert "the rating 1 needs at least 150" in page
    refused = client.post(kit_url(low, "/submit"), data=answers(rating="1"), headers=EN)
    assert refused.status_code == 422
    assert "A rating of 1 needs a longer justification: at least 150 characters." in refused.text
    # the top of the scale is an ordinary rating in this framework
    accepted = client.post(kit_url(high, "/submit"), data=answers(rating="5"))
    assert accepted.status_code == 303
    assert scorecard_of(app, high).rating == 5
