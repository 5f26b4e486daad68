"""Bad input gets a clear 4xx, never a 500: every route of the permission matrix is tried
with ids too large for the database, absurd page numbers and NUL characters."""

from __future__ import annotations

import re

import pytest

from interview.edges import MAX_ID, bounded_int, has_bad_text, text_problem
from tests.test_permissions import MATRIX

HUGE_IDS = [MAX_ID + 1, 2**63, 10**20]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture
def everyone(make_user, login):
    user = make_user(("admin", "hiring_manager", "recruiter", "interviewer"))
    login(user)
    return user


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_the_database_range_are_404_everywhere(client, everyone, huge):
    wrong = []
    for method, template, _ in MATRIX:
        if not PLACEHOLDER.search(template) or template.endswith("/logout"):
            continue
        url = PLACEHOLDER.sub(str(huge), template)
        status = client.open(url, method=method).status_code
        if status != 404:
            wrong.append(f"{method} {url}: {status}")
    assert wrong == []


@pytest.mark.parametrize("page", ["9" * 20, "-5", "abc", "0", "1e9", "99999999"])
def test_absurd_page_numbers_show_a_page(client, everyone, page):
    for url in ("/requisitions/", "/candidates/", "/my/interviews", "/admin/users",
                "/admin/audit"):  # fmt: skip
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200, url


def test_nul_in_the_login_form_is_refused_before_login(client):
    response = client.post("/login", data={"email": "a\x00@example.com", "password": "x"})
    assert response.status_code == 400
    assert "NUL" in response.text


@pytest.mark.parametrize("field", ["name", "email", "notes", "title", "location", "q0_note"])
def test_nul_in_any_posted_field_is_refused_with_a_reason(client, everyone, field):
    wrong = []
    for method, template, _ in MATRIX:
        if method != "POST" or template in ("/logout",):
            continue
        url = PLACEHOLDER.sub("1", template)
        response = client.post(url, data={field: "before\x00after"})
        if response.status_code != 400 or "NUL" not in response.text:
            wrong.append(f"POST {url}: {response.status_code}")
    assert wrong == []


def test_nul_in_a_query_string_is_refused(client, everyone):
    assert client.get("/candidates/?q=a%00b").status_code == 400


@pytest.mark.parametrize("body", ['{"changes": [], "x": NaN}', '{"a": Infinity}', "-Infinity"])
def test_json_constants_that_are_not_json_are_refused(client, everyone, body):
    response = client.post("/assignments/1/kit/fields", data=body, content_type="application/json")
    assert response.status_code in (400, 404)
    assert response.status_code != 500


def test_json_requests_get_json_errors(client, everyone):
    response = client.post("/assignments/1/kit/fields", data="{", content_type="application/json")
    assert response.status_code in (400, 404)
    assert response.is_json
    assert response.json["status"] == response.status_code


def test_a_start_date_in_year_one_is_a_form_error(client, make, make_user, login):
    owner = make_user(("hiring_manager",))
    interviewer = make_user(("interviewer",))
    login(owner)
    application = make("application", make("requisition", owner))
    response = client.post(
        f"/applications/{application.id}/loop/interviews",
        data={
            "interviewer_id": str(interviewer.id),
            "area_key": "renewal-management",
            "starts_at": "0001-01-01T09:00",
            "duration_minutes": "60",
        },
    )
    assert response.status_code == 422
    assert "1970" in response.text


# --- the rules themselves ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [("fine text, äöü ß 🙂", None), ("a\x00b", "NUL"), ("a\ud800b", "surrogate"),
     ("\udfff", "surrogate")],
)  # fmt: skip
def test_text_problem(app, value, reason):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        problem = text_problem(value)
    assert (problem is None) if reason is None else (reason in problem)


def test_has_bad_text_looks_into_nested_values():
    assert has_bad_text({"changes": [{"value": "x\ud800"}]})
    assert has_bad_text({"k\x00": 1})
    assert not has_bad_text({"changes": [{"value": "ok", "base": 3}]})


@pytest.mark.parametrize("value", [True, 1.0, "1", None, -1, MAX_ID + 1, 2**63])
def test_bounded_int_refuses(value):
    with pytest.raises(ValueError, match="number"):
        bounded_int(value)


def test_bounded_int_accepts_the_range():
    assert bounded_int(0) == 0
    assert bounded_int(MAX_ID) == MAX_ID
