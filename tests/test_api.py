"""The JSON API: tokens, problem details, the same rules as the pages, independence."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from flask_smorest import Api
from sqlalchemy import select

from interview.api import ScorecardApi
from interview.db import utcnow
from interview.extensions import db
from interview.models import ApiToken, AuditEvent, Candidate, Interview, Requisition, User
from tests.api_helpers import bearer, token_for
from tests.factories import AREAS

API = "/api/v1"
PROBLEM = "application/problem+json"


@pytest.fixture
def hm(make_user):
    return make_user("hiring_manager")


@pytest.fixture
def hm_headers(app, hm):
    return bearer(token_for(app, hm))


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"] == "about:blank"
    return body


# --- tokens ---------------------------------------------------------------------------------


def test_without_a_token_the_api_answers_401_with_a_challenge(client):
    response = client.get(f"{API}/requisitions")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_a_signed_in_browser_session_is_not_enough(client, login, hm, make):
    """Cookies are ignored: no CSRF-able writes through the API, and no reads either."""
    make("requisition", hm)
    login(hm)
    assert client.get("/requisitions/").status_code == 200
    assert_problem(client.get(f"{API}/requisitions"), 401)
    response = client.post(f"{API}/candidates", json={"name": "X", "email": "x@example.com"})
    assert_problem(response, 401)
    with client.application.app_context():
        assert db.session.scalar(select(Candidate)) is None


def test_unknown_and_malformed_tokens_are_refused(client):
    for header in ("Bearer sc_nope", "Bearer ", "Basic abc", "Bearer " + "x" * 500):
        response = client.get(f"{API}/requisitions", headers={"Authorization": header})
        assert_problem(response, 401)


def test_read_token_reads_but_cannot_write(app, client, hm):
    headers = bearer(token_for(app, hm, "read"))
    assert client.get(f"{API}/requisitions", headers=headers).status_code == 200
    response = client.post(
        f"{API}/candidates", json={"name": "X", "email": "x@example.com"}, headers=headers
    )
    assert "may only read" in assert_problem(response, 403)["detail"]


def test_revoked_token_and_deactivated_user_stop_working(app, client, hm, hm_headers):
    assert client.get(f"{API}/requisitions", headers=hm_headers).status_code == 200
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert row.last_used_at is not None
        from interview.api.tokens import revoke

        revoke(db.session.get(User, hm.id), row.id)
        db.session.commit()
    assert_problem(client.get(f"{API}/requisitions", headers=hm_headers), 401)
    other = bearer(token_for(app, hm))
    assert client.get(f"{API}/requisitions", headers=other).status_code == 200
    with app.app_context():
        db.session.get(User, hm.id).active = False
        db.session.commit()
    assert_problem(client.get(f"{API}/requisitions", headers=other), 401)


def test_only_the_hash_of_a_token_is_stored(app, hm):
    token = token_for(app, hm)
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert token not in (row.token_hash, row.prefix)
        assert len(row.token_hash) == 64


# --- problem details ----------------------------------------------------------------------


def test_errors_are_problem_details(client, hm_headers):
    assert_problem(client.get(f"{API}/requisitions/99999", headers=hm_headers), 404)
    assert_problem(client.get(f"{API}/nothing-here", headers=hm_headers), 404)
    body = assert_problem(client.post(f"{API}/candidates", json={"name": ""},
                                      headers=hm_headers), 422)  # fmt: skip
    assert set(body["errors"]["json"]) >= {"name", "email"}
    body = assert_problem(
        client.post(f"{API}/candidates", json={"name": "A", "email": "a@example.com",
                                               "unexpected": 1}, headers=hm_headers), 422
    )  # fmt: skip
    assert "unexpected" in body["errors"]["json"]
    assert_problem(client.get(f"{API}/requisitions?page=0", headers=hm_headers), 422)
    response = client.post(f"{API}/candidates", data="{nope", headers=hm_headers,
                           content_type="application/json")  # fmt: skip
    assert response.status_code in (400, 422)
    assert response.mimetype == PROBLEM


def test_text_the_database_cannot_store_is_refused(client, hm_headers):
    response = client.post(
        f"{API}/candidates", json={"name": "A\x00B", "email": "a@example.com"}, headers=hm_headers
    )
    assert "name" in assert_problem(response, 422)["errors"]["json"]


def test_interviewers_get_403_like_on_the_pages(app, client, make_user):
    headers = bearer(token_for(app, make_user("interviewer")))
    assert_problem(client.get(f"{API}/requisitions", headers=headers), 403)


def test_rate_limit_answers_429_with_retry_after(app_config, make_app, make_user, monkeypatch):
    app = make_app(app_config | {"API_RATE_LIMIT": "3 per minute"})
    client = app.test_client()
    with app.app_context():
        user = User(email="rl@example.com", name="RL", password_hash="x")
        user.set_roles({"recruiter"})
        db.session.add(user)
        db.session.commit()
        db.session.expunge(user)
    headers = bearer(token_for(app, user))
    codes = [client.get(f"{API}/requisitions", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get(f"{API}/requisitions", headers=headers)
    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0


# --- the hiring workflow through the API ------------------------------------------------------


def test_requisition_candidate_application_loop(app, client, hm, hm_headers, make_user):
    response = client.post(f"{API}/requisitions", json={"title": "AM Nord",
                           "framework": "account-manager"}, headers=hm_headers)  # fmt: skip
    assert response.status_code == 201, response.text
    requisition = response.get_json()
    assert requisition["owner_id"] == hm.id
    assert requisition["required_areas"] == AREAS
    response = client.patch(f"{API}/requisitions/{requisition['id']}",
                            json={"title": "AM Nord 2"}, headers=hm_headers)  # fmt: skip
    assert response.get_json()["title"] == "AM Nord 2"
    with app.app_context():  # a requisition stored without a rule keeps none on a PATCH
        db.session.get(Requisition, requisition["id"]).decision_rule = {}
        db.session.commit()
    client.patch(f"{API}/requisitions/{requisition['id']}", json={"title": "AM Nord 3"},
                 headers=hm_headers)  # fmt: skip
    with app.app_context():
        assert db.session.get(Requisition, requisition["id"]).decision_rule == {}

    response = client.post(f"{API}/candidates", json={
        "name": "Paula Probe", "email": "Paula@Example.com", "requisition_id": requisition["id"],
    }, headers=hm_headers)  # fmt: skip
    assert response.status_code == 201, response.text
    candidate = response.get_json()
    assert candidate["email"] == "paula@example.com"
    application_id = candidate["applications"][0]["id"]
    duplicate = client.post(f"{API}/candidates", json={"name": "P", "email": "paula@example.com"},
                            headers=hm_headers)  # fmt: skip
    assert "exists already" in assert_problem(duplicate, 422)["detail"]

    listed = client.get(f"{API}/applications?requisition_id={requisition['id']}&status=new",
                        headers=hm_headers).get_json()  # fmt: skip
    assert [a["id"] for a in listed["items"]] == [application_id]
    assert listed["total"] == 1
    assert client.get(f"{API}/applications?status=hired", headers=hm_headers).json["total"] == 0
    internal = client.patch(f"{API}/applications/{application_id}", json={"internal": True},
                            headers=hm_headers)  # fmt: skip
    assert internal.json["internal"] is True
    assert internal.json["status"] == "new"

    anna, ben = make_user("interviewer"), make_user("interviewer")
    make_user("interviewer", active=False)
    people = client.get(f"{API}/interviewers", headers=hm_headers).json["items"]
    assert {p["id"] for p in people} == {anna.id, ben.id}
    start = (utcnow() + timedelta(days=2)).isoformat()

    def add(user, area, **extra):
        return client.post(f"{API}/applications/{application_id}/interviews",
                           json={"interviewer_id": user.id, "area": area, "starts_at": start}
                           | extra, headers=hm_headers)  # fmt: skip

    first = add(anna, AREAS[0])
    assert first.status_code == 201, first.text
    assert "exactly one area" in assert_problem(add(anna, AREAS[1]), 422)["detail"]
    assert "second rater" in assert_problem(add(ben, AREAS[0]), 422)["detail"]
    ready = client.patch(f"{API}/applications/{application_id}/loop", json={"status": "ready"},
                         headers=hm_headers)  # fmt: skip
    assert "Not ready" in assert_problem(ready, 422)["detail"]
    loop = client.get(f"{API}/applications/{application_id}/loop", headers=hm_headers).json
    assert loop["coverage"]["missing"] == AREAS[1:]
    assert len(loop["interviews"]) == 1

    interview_id = first.get_json()["id"]
    moved = client.patch(f"{API}/interviews/{interview_id}",
                         json={"location": "Raum Alster", "duration_minutes": 90},
                         headers=hm_headers)  # fmt: skip
    assert moved.status_code == 200
    assert moved.json["location"] == "Raum Alster"
    assert client.delete(f"{API}/interviews/{interview_id}", headers=hm_headers).status_code == 204
    with app.app_context():
        assert db.session.get(Interview, interview_id) is None
        actions = {(e.action, e.object_type) for e in db.session.scalars(select(AuditEvent))}
    assert {("created", "requisitions"), ("created", "candidates"), ("created", "interviews"),
            ("deleted", "interviews")} <= actions  # fmt: skip


def test_hiring_managers_see_only_their_own(app, client, hm, hm_headers, make_user, make):
    mine = make("application", make("requisition", hm))
    other = make("application", make("requisition", make_user("hiring_manager")))
    listed = client.get(f"{API}/candidates", headers=hm_headers).get_json()
    assert [c["id"] for c in listed["items"]] == [mine.candidate_id]
    for url in (f"/applications/{other.id}", f"/candidates/{other.candidate_id}",
                f"/requisitions/{other.requisition_id}", f"/applications/{other.id}/loop",
                f"/applications/{other.id}/results"):  # fmt: skip
        assert_problem(client.get(API + url, headers=hm_headers), 404)
    response = client.patch(f"{API}/applications/{other.id}", json={"status": "offer"},
                            headers=hm_headers)  # fmt: skip
    assert_problem(response, 404)


def test_pagination(app, client, make_user, make):
    recruiter = make_user("recruiter")
    requisition = make("requisition", make_user("hiring_manager"))
    for _ in range(5):
        make("application", requisition)
    headers = bearer(token_for(app, recruiter, "read"))
    page = client.get(f"{API}/candidates?per_page=2&page=3", headers=headers).get_json()
    assert (page["total"], page["pages"], page["page"], len(page["items"])) == (5, 3, 3, 1)
    by_req = client.get(f"{API}/candidates?requisition_id={requisition.id}", headers=headers)
    assert by_req.json["total"] == 5
    assert client.get(f"{API}/candidates?requisition_id=99999", headers=headers).json["total"] == 0


# --- independence ---------------------------------------------------------------------------


@pytest.fixture
def panel(make_user, make):
    """An admin who also interviews the candidate (scorecard not submitted) and a
    colleague who submitted."""
    ada = make_user(("admin", "interviewer"))
    anna = make_user("interviewer")
    application = make("application", make("requisition", make_user("hiring_manager")))
    loop = make("loop", application)
    past = utcnow() - timedelta(days=1)
    make("scorecard", make("interview", loop, anna, AREAS[0], starts_at=past), submitted=True,
         evidence="BELEG-VON-ANNA")  # fmt: skip
    own = make("interview", loop, ada, AREAS[1], starts_at=past)
    return ada, application, own


def test_independence_holds_through_the_api(app, client, panel, make):
    ada, application, own = panel
    headers = bearer(token_for(app, ada, "read"))
    for what in ("results", "decisions"):
        response = client.get(f"{API}/applications/{application.id}/{what}", headers=headers)
        body = assert_problem(response, 403)
        assert "submit your own scorecard" in body["detail"]
        assert "BELEG-VON-ANNA" not in response.text
    make("scorecard", own, submitted=True)
    response = client.get(f"{API}/applications/{application.id}/results", headers=headers)
    assert response.status_code == 200
    assert "BELEG-VON-ANNA" in response.text
    assert client.get(f"{API}/applications/{application.id}/decisions",
                      headers=headers).json == {"items": []}  # fmt: skip


def test_openapi_document_and_reference_page_are_public(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/requisitions", "/api/v1/interviews/{interview_id}"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    page = client.get(f"{API}/docs", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "PATCH /api/v1/interviews/{interview_id}" in page.text
    assert "cdn" not in page.text.lower()


def test_openapi_document_is_built_on_first_read_and_as_before(app, make_app, app_config,
                                                               monkeypatch):  # fmt: skip
    """Start-up registers the API's routes only; the first read of the spec documents them,
    with the same content as documenting them at registration (flask-smorest's way)."""
    api = app.extensions["scorecard_api"]
    assert api._undocumented, "the operations are documented at start-up again"
    lazy = app.test_client().get(f"{API}/openapi.json").get_json()
    assert not api._undocumented
    monkeypatch.setattr(ScorecardApi, "register_blueprint", Api.register_blueprint)
    eager_app = make_app(app_config)
    assert not eager_app.extensions["scorecard_api"]._undocumented
    eager = eager_app.test_client().get(f"{API}/openapi.json").get_json()
    assert json.dumps(lazy) == json.dumps(eager)  # also the order of paths and components
    assert "/api/v1/requisitions" in lazy["paths"]


# --- making and revoking tokens -------------------------------------------------------------


def test_account_page_makes_a_token_once_and_revokes_it(app, client, login, hm):
    login(hm)
    page = client.get("/account/tokens", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "You have no tokens." in page.text
    made = client.post("/account/tokens", data={"name": "ATS", "scope": "read"})
    assert made.status_code == 200
    token = made.text.split("data-new-token>")[1].split("<")[0].strip()
    assert token.startswith("sc_")
    assert client.get(f"{API}/requisitions", headers=bearer(token)).status_code == 200
    again = client.get("/account/tokens")
    assert token not in again.text  # shown once
    assert token[:10] in again.text
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert_problem(client.get(f"{API}/requisitions", headers=bearer(token)), 401)


def test_nobody_revokes_another_users_token(app, client, login, hm, make_user):
    token = token_for(app, hm)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    login(make_user("admin"))
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert client.get(f"{API}/requisitions", headers=bearer(token)).status_code == 200


def test_empty_token_name_is_a_form_error(client, login, hm):
    login(hm)
    response = client.post("/account/tokens", data={"name": "", "scope": "write"})
    assert response.status_code == 422
    assert "data-new-token" not in response.text


def test_cli_prints_a_working_token(app, runner, client, hm):
    from interview.cli import main

    result = runner.invoke(main, ["token", "create", "--user", hm.email.upper(), "--scope",
                                  "read"])  # fmt: skip
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert client.get(f"{API}/requisitions", headers=bearer(token)).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ApiToken.scope)) == "read"
    unknown = runner.invoke(main, ["token", "create", "--user", "no@example.com", "--scope",
                                   "read"])  # fmt: skip
    assert unknown.exit_code == 1
    assert "No user" in unknown.output


@pytest.mark.parametrize("url", ["/requisitions", "/candidates", "/applications"])
def test_list_queries_do_not_grow_with_rows(app, client, make_user, make, count_queries, url):
    recruiter = make_user("recruiter")
    headers = bearer(token_for(app, recruiter, "read"))
    owner = make_user("hiring_manager")

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(API + url + "?per_page=100", headers=headers).status_code == 200
        return counter.count

    make("loop", make("application", make("requisition", owner)))
    client.get(API + url, headers=headers)  # the token's last use is written once
    one = queries()
    for _ in range(20):
        make("loop", make("application", make("requisition", owner)))
    assert queries() == one


def test_with_csrf_on_bearer_writes_work_and_cookies_still_get_nothing(
    app_config, make_app, make_user
):
    app = make_app(app_config | {"WTF_CSRF_ENABLED": True})
    with app.app_context():
        if app_config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.create_all()
        user = User(email="csrf@example.com", name="C", password_hash="x")
        user.set_roles({"recruiter"})
        db.session.add(user)
        db.session.commit()
        db.session.expunge(user)
    client = app.test_client()
    body = {"name": "Neu", "email": "neu@example.com"}
    made = client.post(f"{API}/candidates", json=body, headers=bearer(token_for(app, user)))
    assert made.status_code == 201
    assert_problem(client.post(f"{API}/candidates", json=body), 401)
