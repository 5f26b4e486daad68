"""Every API route × every role (and no token): the exact status each one gets.

The same world as ``tests/test_permissions.py``: a requisition of ``hm_own`` with one
candidate, a loop and one interview of ``iv_own``. Each role calls with its own write
token. Bodies are valid, so the answer is the permission's (or the service rule's), not
the body's. ``test_api_matrix_covers_every_route`` fails when a route is missing here.
"""

from __future__ import annotations

import pytest

from tests.api_helpers import bearer, token_for
from tests.factories import AREAS
from tests.test_permissions import HIRING, ROLES, owned, world  # noqa: F401  (fixture)

ALL_200 = dict.fromkeys(ROLES, 200)
NO_TOKEN = 401
START = "2031-03-04T09:00:00+00:00"

# (method, url template, JSON body or None, expected by role). Destructive ones last.
MATRIX = [
    ("GET", "/api/v1/openapi.json", None, ALL_200),
    ("GET", "/api/v1/docs", None, ALL_200),
    ("GET", "/api/v1/requisitions", None, HIRING),
    ("POST", "/api/v1/requisitions", {"title": "Neu", "framework": "account-manager"},
     HIRING | {"admin": 422, "hm_own": 201, "hm_other": 201, "recruiter": 403}),
    ("GET", "/api/v1/requisitions/{requisition}", None, owned(200)),
    ("PATCH", "/api/v1/requisitions/{requisition}", {"title": "Neu"}, owned(200, recruiter=403)),
    ("GET", "/api/v1/candidates", None, HIRING),
    # a hiring manager must name one of their requisitions (or would not see the candidate)
    ("POST", "/api/v1/candidates", {"name": "Neu", "email": "neu@example.com"},
     HIRING | {"admin": 201, "hm_own": 422, "hm_other": 422, "recruiter": 201}),
    ("GET", "/api/v1/candidates/{candidate}", None, owned(200)),
    ("PATCH", "/api/v1/candidates/{candidate}", {"notes": "neu"}, owned(200)),
    ("GET", "/api/v1/applications", None, HIRING),
    # the candidate is considered for this requisition already
    ("POST", "/api/v1/applications", {"candidate_id": "{candidate}",
                                      "requisition_id": "{requisition}"}, owned(422)),
    ("GET", "/api/v1/applications/{application}", None, owned(200)),
    ("PATCH", "/api/v1/applications/{application}", {"status": "interviewing"}, owned(200)),
    ("GET", "/api/v1/interviewers", None, HIRING),
    ("GET", "/api/v1/applications/{application}/loop", None, owned(200)),
    # not every required area is covered
    ("PATCH", "/api/v1/applications/{application}/loop", {"status": "ready"}, owned(422)),
    ("POST", "/api/v1/applications/{application}/interviews",
     {"interviewer_id": "{target}", "area": AREAS[1], "starts_at": START}, owned(201)),
    ("PATCH", "/api/v1/interviews/{interview}", {"location": "Raum Alster"}, owned(200)),
    ("GET", "/api/v1/applications/{application}/results", None, owned(200)),
    ("GET", "/api/v1/applications/{application}/decisions", None, owned(200)),
    ("DELETE", "/api/v1/interviews/{interview}", None, owned(204)),
]  # fmt: skip
PUBLIC = {"/api/v1/openapi.json", "/api/v1/docs"}


def _fill(body, ids: dict):
    if body is None:
        return None
    return {k: int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v
            for k, v in body.items()}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_api_route_matrix(app, client, world, role):  # noqa: F811  (the imported fixture)
    users, ids = world
    headers = {} if role == "anonymous" else bearer(token_for(app, users[role]))
    wrong = []
    for method, template, body, by_role in MATRIX:
        url = template.format(**ids)
        response = client.open(url, method=method, json=_fill(body, ids), headers=headers)
        expected = by_role[role] if role != "anonymous" or template in PUBLIC else NO_TOKEN
        if response.status_code != expected:
            wrong.append(f"{method} {url}: {response.status_code}, expected {expected}")
        elif expected >= 400:
            assert response.mimetype == "application/problem+json", url
    assert wrong == [], "\n".join(wrong)


def test_api_matrix_covers_every_route(app):
    listed = {
        (m, t.replace("{requisition}", "<int:requisition_id>")
              .replace("{candidate}", "<int:candidate_id>")
              .replace("{application}", "<int:application_id>")
              .replace("{interview}", "<int:interview_id>"))
        for m, t, _, _ in MATRIX
    }  # fmt: skip
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if rule.rule.startswith("/api/")
    }
    assert routes - listed == set()
    assert listed - routes == set()
