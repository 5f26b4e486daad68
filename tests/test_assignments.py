"""An interviewer's assignments: "My interviews", the assignment page and its QR code."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from flask import url_for

from interview.assignments import services
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import current_bank, stored_version
from interview.models import FrameworkVersion, Interview, Scorecard
from interview.question_bank import framework_to_dict, load_bank
from tests.bank_builder import soll_bank
from tests.factories import AREAS

EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}


@pytest.fixture
def interviewer(make_user):
    return make_user("interviewer", name="Ines Interviewerin")


@pytest.fixture
def owner(make_user):
    return make_user("hiring_manager", name="Hanna Hiring")


@pytest.fixture
def requisition(make, owner):
    return make("requisition", owner)


@pytest.fixture
def assign(make, requisition):
    """A new loop (own candidate) on ``req`` with one interview for ``user``."""

    def build(user, area=AREAS[0], *, req=None, candidate_name=None, **fields) -> Interview:
        cand = make("candidate", name=candidate_name) if candidate_name else None
        application = make("application", req or requisition, cand)
        return make("interview", make("loop", application), user, area, **fields)

    return build


def in_hours(hours: float) -> datetime:
    return utcnow() + timedelta(hours=hours)


def set_scorecard(app, interview_id: int, **fields) -> None:
    with app.app_context():
        scorecard = db.session.execute(
            db.select(Scorecard).filter_by(interview_id=interview_id)
        ).scalar_one()
        for name, value in fields.items():
            setattr(scorecard, name, value)
        db.session.commit()


def live_area(app, area_id: str):
    """The area as the loaded (live) question bank has it now."""
    with app.app_context():
        return current_bank().get("account-manager").area(area_id)


def statuses_in(page: str) -> list[str]:
    return re.findall(r'data-status="([a-z_]+)"', page)


# --- status -------------------------------------------------------------------------------

NOW = datetime(2030, 5, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("starts_hours_ago", "scorecard", "expected"),
    [
        (-24, None, "not_started"),
        (-24, "draft", "draft"),
        (-24, "submitted", "submitted"),
        (0.5, None, "not_started"),  # running right now
        (24, None, "not_started"),  # ended 23 h ago: not yet overdue
        (26, None, "overdue"),  # ended 25 h ago
        (26, "draft", "overdue"),
        (24 * 30, "submitted", "submitted"),
    ],
)
def test_assignment_status(starts_hours_ago, scorecard, expected):
    interview = Interview(starts_at=NOW - timedelta(hours=starts_hours_ago), duration_minutes=60)
    if scorecard:
        interview.scorecard = Scorecard(submitted_at=NOW if scorecard == "submitted" else None)
    assert services.assignment_status(interview, NOW) == expected
    assert expected in services.STATUSES


def test_every_status_is_shown_as_a_badge(client, login, interviewer, assign, make):
    assign(interviewer, starts_at=in_hours(24))
    draft = assign(interviewer, starts_at=in_hours(48))
    make("scorecard", draft)
    submitted = assign(interviewer, starts_at=in_hours(-5))
    make("scorecard", submitted, submitted=True)
    assign(interviewer, starts_at=in_hours(-30))
    login(interviewer)
    page = client.get("/my/interviews", headers=EN).text
    assert statuses_in(page) == ["not_started", "draft", "submitted", "overdue"]
    for label in ("Not started", "Draft", "Submitted", "Overdue"):
        assert label in page
    assert 'class="badge badge-danger" data-status="overdue"' in page
    assert 'class="badge badge-ok" data-status="submitted"' in page


# --- "My interviews" ----------------------------------------------------------------------


def test_upcoming_and_past_are_split_and_ordered(client, login, interviewer, assign):
    assign(interviewer, candidate_name="Future Two", starts_at=in_hours(48))
    assign(interviewer, candidate_name="Past Old", starts_at=in_hours(-72))
    assign(interviewer, candidate_name="Future One", starts_at=in_hours(2))
    assign(interviewer, candidate_name="Running Now", starts_at=in_hours(-0.5))
    assign(interviewer, candidate_name="Past Recent", starts_at=in_hours(-3))
    login(interviewer)
    page = client.get("/my/interviews", headers=EN).text
    upcoming, past = page.split('id="past"')
    names = ["Running Now", "Future One", "Future Two"]
    assert [upcoming.index(n) for n in names] == sorted(upcoming.index(n) for n in names)
    assert "Past" not in upcoming.split('id="upcoming"')[1]
    assert past.index("Past Recent") < past.index("Past Old")
    assert "Future" not in past
    assert "Running" not in past


def test_only_own_assignments_are_listed(client, login, interviewer, make_user, assign):
    assign(interviewer, candidate_name="Mine")
    assign(make_user("interviewer"), candidate_name="Someone Else")
    login(interviewer)
    page = client.get("/my/interviews").text
    assert "Mine" in page
    assert "Someone Else" not in page


@pytest.mark.parametrize("role", ["interviewer", "hiring_manager", "recruiter", "admin"])
def test_without_assignments_a_friendly_empty_state(client, login_as, role):
    login_as(role)
    response = client.get("/my/interviews", headers=EN)
    assert response.status_code == 200
    assert "You have no interviews assigned yet." in response.text


def test_row_shows_candidate_area_requisition_time_duration(client, login, interviewer, assign):
    # 08:00 UTC on a summer day is 10:00 in Berlin (BABEL_DEFAULT_TIMEZONE).
    starts = datetime(2031, 7, 1, 8, 0, tzinfo=UTC)
    interview = assign(
        interviewer,
        AREAS[1],
        candidate_name="Clara Kandidatin",
        starts_at=starts,
        duration_minutes=45,
        location="Raum Elbe",
    )
    login(interviewer)
    page = client.get("/my/interviews", headers=DE).text
    assert "Clara Kandidatin" in page
    assert "Renewal Management" in page  # the area's title, not its key
    assert "renewal-management" not in page
    assert "Senior Account Manager" in page
    assert "Dienstag, 1. Juli 2031, 10:00" in page
    assert "45 min" in page
    assert "Raum Elbe" in page
    assert f'href="/assignments/{interview.id}"' in page
    assert 'class="row-main"' in page


def test_past_interviews_are_paginated(client, login, interviewer, assign, monkeypatch):
    monkeypatch.setattr(services, "PAST_PER_PAGE", 2)
    for n in range(1, 6):
        assign(interviewer, candidate_name=f"Past {n}", starts_at=in_hours(-24 * n))
    assign(interviewer, candidate_name="Coming Up", starts_at=in_hours(5))
    login(interviewer)
    first = client.get("/my/interviews", headers=EN).text
    assert "Past 1" in first
    assert "Past 2" in first
    assert "Past 3" not in first
    assert "Page 1 of 3" in first
    last = client.get("/my/interviews?page=3", headers=EN).text
    assert "Past 5" in last
    assert "Past 1" not in last
    assert "Coming Up" in last  # upcoming stays on every page


def test_my_interviews_query_count_does_not_grow(
    app, client, login, make, owner, interviewer, requisition, assign, count_queries
):
    login(interviewer)
    assign(interviewer, starts_at=in_hours(-48))
    with count_queries() as one:
        assert client.get("/my/interviews").status_code == 200

    # 19 more, upcoming and past, on two requisitions with different stored versions
    other_req = make("requisition", owner, framework_version_id=store_version_copy(app, "v2"))
    for n in range(19):
        interview = assign(
            interviewer,
            AREAS[n % 6],
            req=other_req if n % 2 else requisition,
            starts_at=in_hours(24 * (n - 9)),
        )
        if n % 3 == 0:
            make("scorecard", interview, submitted=n % 2 == 0)
    client.get("/my/interviews")  # the new stored version is parsed once per process
    with count_queries() as twenty:
        page = client.get("/my/interviews").text
    assert page.count('class="row-main"') == 20
    assert twenty.count == one.count, twenty.statements


# --- location -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "url"),
    [
        ("https://meet.example.com/abc", "https://meet.example.com/abc"),
        ("  http://video.example.org/room?id=1 ", "http://video.example.org/room?id=1"),
        ("HTTPS://MEET.EXAMPLE.COM/X", "HTTPS://MEET.EXAMPLE.COM/X"),
        ("javascript:alert(1)", None),
        ("JavaScript://%0aalert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("https://", None),
        ("Raum Elbe, 3. OG", None),
        ("", None),
    ],
)
def test_location_url(location, url):
    assert services.location_url(location) == url


def test_location_link_is_rendered_safely(client, login, interviewer, assign):
    link = assign(interviewer, location="https://meet.example.com/abc?x=1&y=2")
    script = assign(interviewer, location="javascript:alert(document.cookie)")
    login(interviewer)
    page = client.get(f"/assignments/{link.id}", follow_redirects=True).text
    assert (
        '<a class="tap" href="https://meet.example.com/abc?x=1&amp;y=2" '
        'rel="noopener noreferrer">' in page
    )
    for url in ("/my/interviews", f"/assignments/{script.id}"):
        page = client.get(url, follow_redirects=True).text
        assert "javascript:alert(document.cookie)" in page  # shown as text...
        assert 'href="javascript:' not in page  # ...never as a link


def test_location_markup_is_escaped(client, login, interviewer, assign):
    interview = assign(interviewer, location='<img src=x onerror="alert(1)">')
    login(interviewer)
    page = client.get(f"/assignments/{interview.id}", follow_redirects=True).text
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


# --- permissions --------------------------------------------------------------------------


@pytest.fixture
def assigned(interviewer, assign):
    return assign(interviewer)


@pytest.mark.parametrize("suffix", ["", "/qr.svg"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("assigned interviewer", 302),  # straight into the kit
        ("other interviewer", 404),
        ("owning hiring manager", 200),
        ("other hiring manager", 404),
        ("recruiter", 200),
        ("admin", 200),
    ],
)
def test_who_may_open_an_assignment(
    client, login, make_user, interviewer, owner, assigned, who, status, suffix
):
    user = {
        "assigned interviewer": interviewer,
        "owning hiring manager": owner,
        "other interviewer": make_user("interviewer"),
        "other hiring manager": make_user("hiring_manager"),
        "recruiter": make_user("recruiter"),
        "admin": make_user("admin"),
    }[who]
    login(user)
    if status == 302 and suffix:
        status = 200  # the QR code itself is an image, not a redirect
    assert client.get(f"/assignments/{assigned.id}{suffix}").status_code == status


@pytest.mark.parametrize("suffix", ["", "/qr.svg"])
def test_unknown_assignment_is_404(client, login_as, suffix):
    login_as("admin")
    assert client.get(f"/assignments/999999{suffix}").status_code == 404


@pytest.mark.parametrize("url", ["/my/interviews", "/assignments/{id}", "/assignments/{id}/qr.svg"])
def test_anonymous_users_are_sent_to_login(client, assigned, url):
    url = url.format(id=assigned.id)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=" + url.replace("/", "%2F")


def test_qr_address_leads_through_login_to_the_assignment(app, client, interviewer, assigned):
    with app.test_request_context():
        external = url_for("assignments.show_assignment", interview_id=assigned.id, _external=True)
    response = client.get(external)
    assert response.headers["Location"].startswith("/login?next=")
    login_page = client.get(response.headers["Location"])
    assert f'value="/assignments/{assigned.id}"' in login_page.text
    response = client.post(
        "/login",
        data={
            "email": interviewer.email,
            "password": "correct horse battery",
            "next": f"/assignments/{assigned.id}",
        },
    )
    assert response.headers["Location"] == f"/assignments/{assigned.id}"
    # the interviewer lands in the kit of that assignment
    kit = client.get(response.headers["Location"])
    assert kit.headers["Location"] == f"/assignments/{assigned.id}/kit"
    assert client.get(kit.headers["Location"]).status_code == 200


# --- what the page shows ------------------------------------------------------------------


def test_page_shows_area_expectations_and_questions(app, client, login, interviewer, assign):
    interview = assign(interviewer, AREAS[0], candidate_name="Clara Kandidatin")
    area = live_area(app, AREAS[0])
    login(interviewer)
    page = client.get(f"/assignments/{interview.id}", headers=EN, follow_redirects=True).text
    assert "Clara Kandidatin" in page
    assert "Senior Account Manager" in page
    assert "Beziehungstiefe &amp; Vertrauen" in page
    assert "Wie gut jemand das Geschäft der Kundschaft versteht" in page
    assert "Stakeholder-Maps" in page  # an indicator
    # target level Senior, highlighted, with Mid-Level below and Lead above; not Junior
    assert "Target level: Senior" in page
    assert page.count("5–10 strategischen Accounts") == 1
    assert "15–25 Accounts" in page
    assert "Vorstands- und Geschäftsführungsebene" in page
    assert "binnen 24 Stunden" not in page
    assert re.search(r'id="target-level">\s*<span lang="de">Senior</span>', page)
    # every question with its probes and the outcome probe
    assert page.count('class="outcome-probe"') == len(area.questions)
    assert "Was war das Ergebnis?" in page
    assert "Wie sind Sie an diese Personen herangekommen?" in page
    assert "Welche Entscheidung der Kundschaft haben Sie dort nachweislich beeinflusst?" in page
    assert 'data-status="not_started"' in page
    assert "Not started" in page


def test_lowest_target_level_shows_the_level_above_only(
    client, login, make, owner, interviewer, assign
):
    junior = make("requisition", owner, title="Junior AM", target_level="junior")
    interview = assign(interviewer, AREAS[0], req=junior)
    login(interviewer)
    page = client.get(f"/assignments/{interview.id}", headers=EN, follow_redirects=True).text
    assert "Target level: Junior" in page
    assert "binnen 24 Stunden" in page
    assert "15–25 Accounts" in page
    assert "5–10 strategischen Accounts" not in page
    assert "Level above" in page
    assert "Level below" not in page


def test_framework_without_levels_shows_the_target_value(
    app, client, login, make, owner, interviewer, assign, tmp_path
):
    framework = load_bank(soll_bank(tmp_path / "bank", areas=4)).get("fuehrung")
    with app.app_context():
        version = FrameworkVersion(
            framework_key=framework.id,
            version=framework.version,
            title=framework.title,
            language=framework.language,
            content=framework_to_dict(framework),
        )
        db.session.add(version)
        db.session.commit()
        version_id = version.id
    req = make(
        "requisition",
        owner,
        title="Teamleitung",
        framework_version_id=version_id,
        target_level=None,
        target_overrides={"kriterium-2": 5},
        required_areas=[a.id for a in framework.areas],
        decision_rule={},
    )
    default = assign(interviewer, "kriterium-1", req=req)
    overridden = assign(interviewer, "kriterium-2", req=req)
    login(interviewer)
    page = client.get(f"/assignments/{default.id}", headers=EN, follow_redirects=True).text
    assert "Target value: 2" in page
    assert "Target level" not in page
    page = client.get(f"/assignments/{overridden.id}", headers=EN, follow_redirects=True).text
    assert "DATENKOMPETENZ (DATA LITERACY)" in page
    assert "Target value: 5" in page
    assert "bringt dies jederzeit ein" in page


def test_other_interviewers_scorecards_never_appear(
    app, client, login, make, make_user, owner, interviewer, assigned
):
    colleague = make_user("interviewer")
    with app.app_context():
        loop = db.session.get(Interview, assigned.id).loop
        db.session.expunge(loop)
    theirs = make("interview", loop, colleague, AREAS[1])
    make("scorecard", theirs, submitted=True, rating=4)
    set_scorecard(
        app, theirs.id, evidence="SECRET-EVIDENCE-OF-COLLEAGUE", recommendation="strong_yes"
    )
    mine = make("scorecard", assigned)
    set_scorecard(app, mine.id, evidence="MY-OWN-DRAFT-NOTES", recommendation="no")

    for user in (interviewer, owner):
        login(user)
        for url in (f"/assignments/{assigned.id}", "/my/interviews"):
            page = client.get(url, headers=EN).text
            assert "SECRET-EVIDENCE-OF-COLLEAGUE" not in page
            assert "MY-OWN-DRAFT-NOTES" not in page  # status only, never the content
            assert "strong_yes" not in page
            assert 'data-status="submitted"' not in page  # the colleague's status neither
        client.post("/logout")
    login(interviewer)
    assert (
        'data-status="draft"'
        in client.get(f"/assignments/{assigned.id}", follow_redirects=True).text
    )
    assert client.get(f"/assignments/{theirs.id}").status_code == 404


def test_status_hidden_from_an_interviewer_who_did_not_write_the_scorecard(
    app, client, login, make, make_user, interviewer, assigned
):
    make("scorecard", assigned)
    successor = make_user("interviewer")
    with app.app_context():
        db.session.get(Interview, assigned.id).interviewer_id = successor.id
        db.session.commit()
    login(successor)
    page = client.get(f"/assignments/{assigned.id}", follow_redirects=True).text
    assert "data-status=" not in page


def store_version_copy(app, version: str, edit=None) -> int:
    """A new stored FrameworkVersion with the Account-Manager content, edited by ``edit``."""
    with app.app_context():
        base = stored_version(current_bank().get("account-manager"))
        content = copy.deepcopy(base.content)
        if edit:
            edit(content)
        row = FrameworkVersion(
            framework_key=base.framework_key,
            version=version,
            title=base.title,
            language=base.language,
            content=content,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def test_page_shows_the_stored_version_not_the_live_bank(
    app, client, login, make, owner, interviewer, assign
):
    original = live_area(app, AREAS[0]).questions[0].text
    first_line = original.split("\n")[0][:40]

    def edit(content):
        area = next(a for a in content["areas"] if a["id"] == AREAS[0])
        area["questions"][0]["text"] = "Gespeicherte Frage aus der *alten* Version"
        area["questions"][0]["probes"] = ["Gespeicherte Nachfrage"]

    # The stored snapshot is what counts: the live bank stays as it is.
    req = make("requisition", owner, framework_version_id=store_version_copy(app, "old", edit))
    interview = assign(interviewer, AREAS[0], req=req)
    login(interviewer)
    assert live_area(app, AREAS[0]).questions[0].text == original
    page = client.get(f"/assignments/{interview.id}", follow_redirects=True).text
    assert "Gespeicherte Frage aus der <em>alten</em> Version" in page
    assert "Gespeicherte Nachfrage" in page
    assert first_line not in page


def test_requisition_on_an_older_version_keeps_its_text(
    app, client, login, make, owner, interviewer, assign
):
    def rename(content):
        area = next(a for a in content["areas"] if a["id"] == AREAS[2])
        area["title"] = "Expansion (alte Fassung)"
        area["questions"][1]["outcome_probe"] = "Welcher Umsatz kam dabei heraus?"

    version_id = store_version_copy(app, "older", rename)
    old_req = make("requisition", owner, title="Alte Stelle", framework_version_id=version_id)
    old = assign(interviewer, AREAS[2], req=old_req)
    new = assign(interviewer, AREAS[2])
    login(interviewer)
    page = client.get(f"/assignments/{old.id}", follow_redirects=True).text
    assert "Expansion (alte Fassung)" in page
    assert "Welcher Umsatz kam dabei heraus?" in page
    page = client.get(f"/assignments/{new.id}", follow_redirects=True).text
    assert "Account Expansion &amp; Upselling" in page
    assert "Welcher Umsatz kam dabei heraus?" not in page
    listing = client.get("/my/interviews").text
    assert "Expansion (alte Fassung)" in listing
    assert "Account Expansion &amp; Upselling" in listing


def test_bank_markup_is_sanitised(app, client, login, make, owner, interviewer, assign):
    def inject(content):
        area = next(a for a in content["areas"] if a["id"] == AREAS[0])
        area["questions"][0]["text"] = 'Frage <script>alert(1)</script><a href="javascript:x">l</a>'
        area["title"] = "<b>Titel</b>"

    req = make("requisition", owner, framework_version_id=store_version_copy(app, "x", inject))
    interview = assign(interviewer, AREAS[0], req=req)
    login(interviewer)
    page = client.get(f"/assignments/{interview.id}", follow_redirects=True).text
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    assert "&lt;b&gt;Titel&lt;/b&gt;" in page


# --- QR code ------------------------------------------------------------------------------


def test_qr_code_is_an_svg_of_the_absolute_assignment_address(
    app, client, login, interviewer, assigned
):
    login(interviewer)
    response = client.get(f"/assignments/{assigned.id}/qr.svg", headers=EN)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg")
    ElementTree.fromstring(response.data)  # noqa: S314  (our own SVG: is it well-formed XML?)
    with app.test_request_context():
        url = url_for("assignments.show_assignment", interview_id=assigned.id, _external=True)
    assert url == f"http://localhost/assignments/{assigned.id}"
    expected = services.qr_svg(url, title="Link to this interview assignment")
    assert response.data == expected
    assert services.qr_svg(url + "0", title="Link to this interview assignment") != expected


def test_qr_svg_encodes_exactly_the_url():
    import segno

    url = "https://scorecards.example.com/assignments/42"
    svg = services.qr_svg(url, title="QR")
    expected = segno.make_qr(url, error="m")
    assert f'd="{_svg_path(expected)}"'.encode() in svg
    assert b"<title>QR</title>" in svg


def _svg_path(qr) -> str:
    import io

    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return re.search(r' d="([^"]+)"', buffer.getvalue().decode()).group(1)


def test_hiring_side_sees_the_qr_code_on_the_page(client, login, owner, interviewer, assigned):
    qr = f'src="/assignments/{assigned.id}/qr.svg"'
    login(owner)
    page = client.get(f"/assignments/{assigned.id}", follow_redirects=True).text
    assert qr in page
    assert f"http://localhost/assignments/{assigned.id}" in page
    client.post("/logout")
    login(interviewer)
    assert qr not in client.get(f"/assignments/{assigned.id}", follow_redirects=True).text


def test_overdue_badge_follows_the_mail_setting(app, client, login, interviewer, assign):
    """The badge, the results page and the overdue mail share one threshold."""
    app.config["NOTIFY_OVERDUE_AFTER_HOURS"] = 2
    assign(interviewer, starts_at=in_hours(-4))  # ended 3 h ago
    with app.app_context():
        assert services.overdue_after() == timedelta(hours=2)
    login(interviewer)
    page = client.get("/my/interviews", headers=EN).text
    assert statuses_in(page) == ["overdue"]
    app.config["NOTIFY_OVERDUE_AFTER_HOURS"] = 24
    page = client.get("/my/interviews", headers=EN).text
    assert statuses_in(page) == ["not_started"]
