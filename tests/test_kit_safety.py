"""Submitting and amending never lose text or crash: stale forms, races between devices,
input no column can hold, text stored before it was refused, the service worker's cache."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from interview.extensions import db
from interview.frameworks.services import current_bank
from interview.kit import fields, offline, payload
from interview.kit.forms import build_kit_form
from interview.models import DraftField, Scorecard, ScorecardRevision
from tests.factories import AREAS
from tests.test_kit import EN, EVIDENCE, answers, kit_url, save, scorecard_of

NOTE_FROM_A = "Gerät A: " + "Kunde berichtete von 14 Verlängerungen im Quartal. " * 5


@pytest.fixture
def anna_kit(make_user, make):
    """Anna's interview (her scorecard not yet begun): (anna, interview)."""
    owner = make_user("hiring_manager")
    anna = make_user("interviewer", name="Anna Schmidt")
    loop = make("loop", make("application", make("requisition", owner)))
    return anna, make("interview", loop, anna, AREAS[0])


def drafts(app, interview) -> dict:
    card = scorecard_of(app, interview)
    return {f.key: (f.value, f.version) for f in card.fields} if card else {}


def submit(client, interview, versions: dict | None = None, **extra):
    data = answers(**extra)
    if versions is not None:
        data["versions"] = json.dumps(versions)
    return client.post(kit_url(interview, "/submit"), data=data, headers=EN)


# --- a stale device submits ------------------------------------------------------------------


def test_a_stale_form_never_overwrites_a_newer_note(app, client, login, anna_kit):
    """Device B loaded the kit (nothing saved yet), device A saved a note, B submits."""
    anna, interview = anna_kit
    login(anna)
    stale_versions = {}  # what B's page said: no field saved yet
    assert save(client, interview, ("q0_note", NOTE_FROM_A, 0)).json["results"][0]["version"] == 1
    refused = submit(client, interview, stale_versions, q0_note="Notiz von Gerät B")
    assert refused.status_code == 422
    card = scorecard_of(app, interview)
    assert card.submitted_at is None
    assert card.revisions == []
    stored = drafts(app, interview)
    assert stored["q0_note"] == (NOTE_FROM_A, 1)
    assert stored["evidence"] == (EVIDENCE, 1)  # the fields nobody else touched are kept
    page = refused.text
    assert 'id="conflict-summary"' in page
    box = re.search(r'<div class="conflict[^>]*data-conflict="q0_note".*?</div>', page, re.S)
    assert box is not None
    assert 'data-version="1"' in box.group(0)
    assert 'data-base="0"' in box.group(0)
    assert "Notiz von Gerät B</textarea>" in box.group(0)  # this device's text, to copy
    note_field = re.search(r'<textarea[^>]*name="q0_note"[^>]*>(.*?)</textarea>', page, re.S)
    assert "Gerät A" in note_field.group(1)  # the field shows the newer text
    shown_versions = re.search(r"name=\"versions\" id=\"kit-versions\" value='(.*?)'", page)
    assert json.loads(shown_versions.group(1))["q0_note"] == 1  # resubmitting keeps A's note

    # B copies its text below A's and submits again from the conflict page's versions
    versions = {key: version for key, (_, version) in drafts(app, interview).items()}
    merged = NOTE_FROM_A + "\nNotiz von Gerät B"
    done = submit(client, interview, versions, q0_note=merged)
    assert done.status_code == 303
    card = scorecard_of(app, interview)
    assert card.submitted_at is not None
    assert card.revisions[0].content["answers"][0]["note"] == merged


def test_a_stale_form_without_change_to_a_field_keeps_the_newer_text(app, client, login, anna_kit):
    """The review's case: B never touched the note A wrote; B's submit must not erase it."""
    anna, interview = anna_kit
    login(anna)
    save(client, interview, ("evidence", EVIDENCE, 0))
    b_versions = {"evidence": 1}
    save(client, interview, ("q0_note", NOTE_FROM_A, 0))
    refused = submit(client, interview, b_versions, q0_note="")
    assert refused.status_code == 422
    assert drafts(app, interview)["q0_note"] == (NOTE_FROM_A, 1)
    assert scorecard_of(app, interview).submitted_at is None


def test_a_form_based_on_the_stored_versions_submits(app, client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    save(client, interview, ("q0_note", "erste Fassung", 0))
    response = submit(client, interview, {"q0_note": 1}, q0_note="zweite Fassung")
    assert response.status_code == 303
    assert drafts(app, interview)["q0_note"] == ("zweite Fassung", 2)


def test_a_form_without_versions_may_repeat_what_is_stored(app, client, login, anna_kit):
    """A page from before versions were posted: identical text is no conflict."""
    anna, interview = anna_kit
    login(anna)
    save(client, interview, ("q0_note", "Beispiel mit Zahlen", 0))
    assert submit(client, interview).status_code == 303


@pytest.mark.parametrize(
    "versions",
    ["[1, 2]", '{"q0_note": -1}', '{"q0_note": 2147483648}', '{"q0_note": 1.5}',
     '{"q0_note": true}', '{"q0_note": Infinity}', '{"q0_note": NaN}', "{"],
)  # fmt: skip
def test_malformed_versions_are_a_form_error(app, client, login, anna_kit, versions):
    anna, interview = anna_kit
    login(anna)
    response = client.post(
        kit_url(interview, "/submit"), data=answers(versions=versions), headers=EN
    )
    assert response.status_code == 422
    assert "This page is out of date" in response.text
    assert scorecard_of(app, interview) is None  # nothing half-saved


# --- amendments from two devices -----------------------------------------------------------


def test_an_amendment_of_an_older_revision_is_refused_and_kept_in_the_form(
    app, client, login, anna_kit
):
    anna, interview = anna_kit
    login(anna)
    assert submit(client, interview).status_code == 303
    first = answers(rating="2", reason="Nachgeprüft: es waren 8 %.", revision="1")
    assert client.post(kit_url(interview, "/amend"), data=first).status_code == 303
    second = answers(evidence="Gerät B: " + EVIDENCE, reason="Von Gerät B ergänzt.", revision="1")
    refused = client.post(kit_url(interview, "/amend"), data=second, headers=EN)
    assert refused.status_code == 409
    assert 'id="amended-meanwhile"' in refused.text
    assert "Gerät B: " in refused.text  # what B typed is still in the form
    assert 'name="revision" value="2"' in refused.text  # saving again amends revision 2
    card = scorecard_of(app, interview)
    assert [(r.number, r.kind) for r in card.revisions] == [(1, "submitted"), (2, "amended")]
    assert card.rating == 2
    again = client.post(kit_url(interview, "/amend"), data={**second, "revision": "2"})
    assert again.status_code == 303
    assert [r.number for r in scorecard_of(app, interview).revisions] == [1, 2, 3]


@pytest.mark.parametrize("revision", ["-1", "abc", "2147483648"])
def test_a_malformed_revision_is_a_form_error(app, client, login, anna_kit, revision):
    anna, interview = anna_kit
    login(anna)
    submit(client, interview)
    data = answers(rating="2", reason="Nachgeprüft: es waren 8 %.", revision=revision)
    assert client.post(kit_url(interview, "/amend"), data=data).status_code == 422
    assert len(scorecard_of(app, interview).revisions) == 1


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[1,2]", '"changes"', "null", '{"changes": {"key": "q0_note"}}', '{"changes": [1]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": Infinity}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": -Infinity}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": NaN}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": 1e30}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": 1.0}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": true}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": "1"}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": -1}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": 2147483648}]}',
        '{"changes": [{"key": "q0_note", "value": "x", "base": 9223372036854775808}]}',
        '{"changes": [{"key": 7, "value": "x", "base": 0}]}',
        '{"changes": [{"key": "' + "q" * 65 + '", "value": "x", "base": 0}]}',
        '{"changes": [{"key": "q0_\\ud800", "value": "x", "base": 0}]}',
        '{"changes": [{"key": "q0_note\\u0000", "value": "x", "base": 0}]}',
        "[" * 100_000,
    ],
)  # fmt: skip
def test_autosave_refuses_malformed_bodies_with_a_reason(app, client, login, anna_kit, body):
    anna, interview = anna_kit
    login(anna)
    response = client.post(
        kit_url(interview, "/fields"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json["status"] == 400
    assert response.json["detail"]
    assert drafts(app, interview) == {}


def test_autosave_refuses_invalid_utf8(app, client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    body = b'{"changes": [{"key": "q0_note", "value": "\xff", "base": 0}]}'
    response = client.post(
        kit_url(interview, "/fields"), data=body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Notiz mit \u0000 darin", "control character (NUL)"),
        ("Notiz mit a\ud800b darin", "broken character"),
        ("x" * 20_001, "at most 20000 characters"),
    ],
)
def test_autosave_refuses_text_no_column_can_hold(app, client, login, anna_kit, value, message):
    anna, interview = anna_kit
    login(anna)
    body = json.dumps({"changes": [
        {"key": "q0_note", "value": value, "base": 0},
        {"key": "q1_note", "value": "gute Notiz", "base": 0},
    ]})  # fmt: skip
    response = client.post(
        kit_url(interview, "/fields"), data=body, content_type="application/json", headers=EN
    )
    assert response.status_code == 200
    bad, good = response.json["results"]
    assert bad["status"] == "invalid"
    assert message in bad["message"]
    assert good == {"key": "q1_note", "status": "saved", "version": 1}
    assert drafts(app, interview) == {"q1_note": ("gute Notiz", 1)}
    assert client.get(kit_url(interview)).status_code == 200


def test_autosave_messages_are_translated(client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    body = {"changes": [{"key": "q0_note", "value": "a\u0000b", "base": 0}]}
    url = kit_url(interview, "/fields")
    english = client.post(url, json=body, headers=EN).json["results"][0]["message"]
    german = client.post(url, json=body, headers={"Accept-Language": "de"}).json
    assert "control character" in english
    assert "Steuerzeichen" in german["results"][0]["message"]


@pytest.mark.parametrize("field", ["q0_note", "q0_outcome", "evidence"])
def test_a_posted_form_with_nul_is_refused_and_nothing_stored(app, client, login, anna_kit, field):
    """A clear 4xx naming the NUL (the kit's form error; an app-wide check of every
    request may answer first, which is as good)."""
    anna, interview = anna_kit
    login(anna)
    response = client.post(
        kit_url(interview, "/submit"), data=answers(**{field: "Text\u0000mit NUL"}), headers=EN
    )
    assert 400 <= response.status_code < 500
    assert "NUL" in response.text
    assert scorecard_of(app, interview) is None


@pytest.mark.parametrize(
    ("amend", "field"),
    [(False, "q0_note"), (False, "evidence"), (True, "reason"), (True, "q1_outcome")],
)
def test_the_kit_form_refuses_nul_on_its_own(app, amend, field):
    """Without any check in front of it, the kit's form says why, beside the field.
    (Unpaired surrogates cannot arrive in a form: browsers and Werkzeug replace them.)"""
    data = answers(**{field: "Text\u0000mit NUL"})
    with app.test_request_context("/", method="POST", data=data, headers=EN):
        framework = current_bank().get("account-manager")
        form = build_kit_form(framework.area(AREAS[0]), framework, {}, amend=amend)
        assert not form.validate()
        assert any("control character (NUL)" in error for error in form[field].errors)


def test_an_amendment_reason_with_nul_changes_nothing(app, client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    submit(client, interview)
    data = answers(rating="2", reason="Grund mit \u0000 darin", revision="1")
    response = client.post(kit_url(interview, "/amend"), data=data, headers=EN)
    assert 400 <= response.status_code < 500
    assert len(scorecard_of(app, interview).revisions) == 1


def test_any_form_posted_to_a_submitted_scorecard_changes_nothing(app, client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    submit(client, interview)
    for data in (answers(rating="9"), answers(versions="[1]"), {}, answers(rating="2")):
        response = client.post(kit_url(interview, "/submit"), data=data, headers=EN)
        assert response.status_code == 303
        assert response.headers["Location"] == kit_url(interview)
    assert "already submitted" in client.get(kit_url(interview), headers=EN).text
    card = scorecard_of(app, interview)
    assert card.rating == 3
    assert len(card.revisions) == 1


def test_an_invalid_amendment_of_a_draft_is_not_found(app, client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    save(client, interview, ("q0_note", "Entwurf", 0))
    for data in (answers(rating="9", reason="x"), answers(reason="kurz", revision="x")):
        assert client.post(kit_url(interview, "/amend"), data=data).status_code == 404


# --- text stored before it was refused -----------------------------------------------------


def test_a_stored_lone_surrogate_does_not_break_the_kit(app, client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    save(client, interview, ("q0_note", "vorher", 0))
    with app.app_context():
        row = db.session.scalar(select(DraftField).filter_by(key="q0_note"))
        row.value = "kaputt a\ud800b Ende"
        db.session.commit()
    page = client.get(kit_url(interview))
    assert page.status_code == 200
    assert "kaputt a\ufffdb Ende" in page.text
    state = client.get(kit_url(interview, "/state"))
    assert state.json["fields"]["q0_note"]["value"] == "kaputt a\ufffdb Ende"
    conflict = save(client, interview, ("q0_note", "anders", 0)).json["results"][0]
    assert conflict["value"] == "kaputt a\ufffdb Ende"
    # submitting the page as shown replaces the broken text with the readable one
    response = submit(client, interview, {"q0_note": 1}, q0_note="kaputt a\ufffdb Ende")
    assert response.status_code == 303
    assert drafts(app, interview)["q0_note"] == ("kaputt a\ufffdb Ende", 2)


def test_a_lone_surrogate_in_a_stored_revision_does_not_break_the_kit(app, client, login, anna_kit):
    anna, interview = anna_kit
    login(anna)
    submit(client, interview)
    with app.app_context():
        revision = db.session.scalar(select(ScorecardRevision))
        content = dict(revision.content)
        content["evidence"] = "Beleg a\udc00b"
        content["answers"] = [{**content["answers"][0], "note": "Notiz \ud83d"}]
        revision.content = content
        db.session.commit()
    page = client.get(kit_url(interview))
    assert page.status_code == 200
    assert "Beleg a\ufffdb" in page.text
    assert "Notiz \ufffd" in page.text


# --- pure readers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "readable"),
    [("a\ud800b", "a\ufffdb"), ("ok 😀", "ok 😀"), ("\udfff\ud800", "\ufffd\ufffd")],
)
def test_readable_replaces_only_lone_surrogates(text, readable):
    assert fields.readable({"x": [text]}) == {"x": [readable]}


def test_autosave_changes_default_base_and_keep_values_for_the_field_rules():
    body = b'{"changes": [{"key": "q0_note", "value": 5}, {"key": "rating", "base": 3}]}'
    assert payload.autosave_changes(body) == [
        {"key": "q0_note", "value": 5, "base": 0}, {"key": "rating", "value": None, "base": 3}
    ]  # fmt: skip


# --- the service worker's cache ------------------------------------------------------------


def test_service_worker_cache_name_follows_the_static_files(app, client, tmp_path):
    script = client.get("/sw.js")
    assert script.status_code == 200
    assert script.headers["Service-Worker-Allowed"] == "/"
    assert offline.PLACEHOLDER not in script.text
    version = re.search(r'var CACHE = PREFIX \+ "([0-9a-f]{16})";', script.text).group(1)
    assert "caches.delete" in script.text

    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "sw.js").write_text('var CACHE = "k-__STATIC_VERSION__";')
    (folder / "kit.js").write_text("one")
    before = offline.worker_script(folder)
    (folder / "kit.js").write_text("two")
    after = offline.worker_script(folder)
    assert before != after
    assert offline.static_version(folder) in after
    assert version == offline.static_version(app.static_folder)


def test_scorecard_and_revision_rows_stay_consistent_after_refusals(app, client, login, anna_kit):
    """Refused submissions (rules, conflict) leave drafts only: no revision, no lock."""
    anna, interview = anna_kit
    login(anna)
    submit(client, interview, {}, evidence="zu kurz")
    save(client, interview, ("q1_note", "von Gerät A", 0))
    submit(client, interview, {}, q1_note="von Gerät B")
    with app.app_context():
        card = db.session.scalar(select(Scorecard))
        assert card.submitted_at is None
        assert card.revisions == []
        assert card.answers == []


def test_line_breaks_posted_by_a_form_match_the_autosaved_text(app, client, login, anna_kit):
    """Browsers post textarea line breaks as CRLF; autosave sends LF: the same note."""
    anna, interview = anna_kit
    login(anna)
    save(client, interview, ("q0_note", "Zeile 1\nZeile 2", 0))
    assert submit(client, interview, {}, q0_note="Zeile 1\r\nZeile 2").status_code == 303
    assert drafts(app, interview)["q0_note"] == ("Zeile 1\nZeile 2", 1)
