"""Every route × every role (and anonymous): the exact status each one gets.

Objects: a requisition owned by ``hm_own`` with one candidate, a loop and one interview
assigned to ``iv_own``. ``hm_other`` and ``iv_other`` hold the same roles but own nothing
here, so they must get 404 (not data) for these ids. POSTs send an empty form: allowed
roles get the form's own answer (422, a redirect), refused roles 403/404.
"""

from __future__ import annotations

import pytest

from tests.factories import AREAS

# dpo: data protection; wc: the works council, with hm_own's requisition shared with it
ROLES = ["anonymous", "admin", "hm_own", "hm_other", "recruiter", "iv_own", "iv_other", "dpo",
         "wc"]  # fmt: skip
HIRING = {"admin": 200, "hm_own": 200, "hm_other": 200, "recruiter": 200,
          "iv_own": 403, "iv_other": 403, "dpo": 403, "wc": 403}  # fmt: skip
ALL_200 = dict.fromkeys(ROLES[1:], 200)
ADMIN_ONLY = {r: 200 if r == "admin" else 403 for r in ROLES[1:]}
AUTHOR_ONLY = {r: 200 if r == "iv_own" else 404 for r in ROLES[1:]}
CALIBRATION = {r: 200 if r in ("admin", "recruiter") else 403 for r in ROLES[1:]}


def privacy(ok: int) -> dict:
    """The data protection pages: admins and the data protection role only."""
    return {r: ok if r in ("admin", "dpo") else 403 for r in ROLES[1:]}


def owned(ok: int, *, recruiter: int | None = None, interviewer: int = 403) -> dict:
    """Objects of hm_own's requisition: admin and owner ``ok``, the other manager 404."""
    return {"admin": ok, "hm_own": ok, "hm_other": 404,
            "recruiter": ok if recruiter is None else recruiter,
            "iv_own": interviewer, "iv_other": interviewer, "dpo": interviewer,
            "wc": interviewer}  # fmt: skip


# (method, url template, expected by role). Destructive requests come last.
MATRIX = [
    ("GET", "/", ALL_200),
    ("GET", "/healthz", ALL_200),
    ("GET", "/static/app.css", ALL_200),
    ("GET", "/login", dict.fromkeys(ROLES[1:], 302)),
    ("POST", "/login", dict.fromkeys(ROLES[1:], 302)),
    ("POST", "/locale", dict.fromkeys(ROLES[1:], 302)),
    ("GET", "/frameworks/", ALL_200),
    ("GET", "/frameworks/account-manager", ALL_200),
    ("GET", "/account/password", ALL_200),
    ("POST", "/account/password", ALL_200),
    ("GET", "/account/notifications", ALL_200),
    ("POST", "/account/notifications", dict.fromkeys(ROLES[1:], 422)),
    ("POST", "/account/calendar-feed", ALL_200),
    ("POST", "/account/calendar-feed/revoke", dict.fromkeys(ROLES[1:], 302)),
    ("GET", "/account/tokens", ALL_200),
    ("POST", "/account/tokens", dict.fromkeys(ROLES[1:], 422)),
    # somebody else's token (hm_own's): nobody but its owner revokes it
    ("POST", "/account/tokens/{api_token}/revoke", dict.fromkeys(ROLES[1:], 404) | {"hm_own": 302}),
    # the feed's secret URL is its key: no session needed, an unknown token is 404
    ("GET", "/calendar/{token}.ics", dict.fromkeys(ROLES[1:], 404)),
    ("GET", "/my/interviews", ALL_200),
    ("GET", "/assignments/{interview}", owned(200, interviewer=404) | {"iv_own": 302}),
    ("GET", "/assignments/{interview}/qr.svg", owned(200, interviewer=404) | {"iv_own": 200}),
    # the kit and its draft belong to the assigned interviewer alone, not even to admins
    ("GET", "/assignments/{interview}/kit", AUTHOR_ONLY),
    ("GET", "/assignments/{interview}/kit/state", AUTHOR_ONLY),
    ("POST", "/assignments/{interview}/kit/fields", AUTHOR_ONLY | {"iv_own": 400}),
    ("POST", "/assignments/{interview}/kit/submit", AUTHOR_ONLY | {"iv_own": 422}),
    ("POST", "/assignments/{interview}/kit/amend", AUTHOR_ONLY | {"iv_own": 404}),
    ("GET", "/sw.js", ALL_200),
    ("GET", "/manifest.webmanifest", ALL_200),
    ("GET", "/requisitions/", HIRING),
    ("GET", "/requisitions/new", HIRING | {"recruiter": 403}),
    (
        "POST",
        "/requisitions/new",
        HIRING | {"admin": 422, "hm_own": 422, "hm_other": 422, "recruiter": 403},
    ),  # fmt: skip
    ("GET", "/requisitions/{requisition}", owned(200)),
    ("GET", "/requisitions/{requisition}/edit", owned(200, recruiter=403)),
    ("POST", "/requisitions/{requisition}/edit", owned(422, recruiter=403)),
    ("POST", "/requisitions/{requisition}/release", owned(302, recruiter=403)),
    ("GET", "/candidates/", HIRING),
    ("GET", "/candidates/new", HIRING),
    (
        "POST",
        "/candidates/new",
        HIRING | {"admin": 422, "hm_own": 422, "hm_other": 422, "recruiter": 422},
    ),  # fmt: skip
    ("GET", "/candidates/{candidate}", owned(200)),
    ("GET", "/candidates/{candidate}/edit", owned(200)),
    # an empty POST keeps the stored values (Flask-WTF falls back to the object)
    ("POST", "/candidates/{candidate}/edit", owned(302)),
    ("POST", "/candidates/{candidate}/applications", owned(302)),
    ("POST", "/applications/{application}/status", owned(302)),
    ("GET", "/requisitions/{requisition}/import", owned(200)),
    ("POST", "/requisitions/{requisition}/import", owned(422)),
    ("POST", "/requisitions/{requisition}/import/confirm", owned(302)),
    ("GET", "/applications/{application}/loop", owned(200)),
    ("POST", "/applications/{application}/loop/interviews", owned(422)),
    ("POST", "/applications/{application}/loop/status", owned(302)),
    ("GET", "/interviews/{interview}/edit", owned(200)),
    ("POST", "/interviews/{interview}/edit", owned(422)),
    ("GET", "/applications/{application}/results", owned(200)),
    ("GET", "/applications/{application}/results.csv", owned(200)),
    ("GET", "/applications/{application}/results.xlsx", owned(200)),
    ("GET", "/applications/{application}/results.json", owned(200)),
    ("GET", "/requisitions/{requisition}/compare", owned(200)),
    ("GET", "/requisitions/{requisition}/compare.csv", owned(200)),
    ("GET", "/requisitions/{requisition}/compare.xlsx", owned(200)),
    (
        "GET",
        "/calibration/interviewers",
        {r: 200 if r in ("admin", "recruiter") else 403 for r in ROLES[1:]},
    ),  # fmt: skip
    ("GET", "/quality/requisitions/{requisition}", CALIBRATION),
    ("GET", "/quality/requisitions/{requisition}/figures.json", CALIBRATION),
    ("GET", "/quality/frameworks/account-manager", CALIBRATION),
    ("GET", "/quality/frameworks/account-manager/figures.csv", CALIBRATION),
    # self-reported group attributes are off unless configured: 404 for the allowed roles
    ("GET", "/quality/requisitions/{requisition}/groups", ADMIN_ONLY | {"admin": 404}),
    ("GET", "/candidates/{candidate}/self-report", CALIBRATION | {"admin": 404, "recruiter": 404}),
    ("POST", "/candidates/{candidate}/self-report", CALIBRATION | {"admin": 404, "recruiter": 404}),
    ("POST", "/applications/{application}/decision", owned(422, recruiter=422)),
    ("GET", "/admin/users", ADMIN_ONLY),
    ("GET", "/admin/users/new", ADMIN_ONLY),
    ("POST", "/admin/users/new", ADMIN_ONLY),
    ("GET", "/admin/users/{target}/edit", ADMIN_ONLY),
    ("POST", "/admin/users/{target}/edit", ADMIN_ONLY | {"admin": 302}),
    ("GET", "/admin/audit", ADMIN_ONLY),
    ("GET", "/admin/notifications", ADMIN_ONLY),
    ("POST", "/admin/notifications/{message}/retry", ADMIN_ONLY | {"admin": 302}),
    ("GET", "/privacy/", privacy(200)),
    ("GET", "/privacy/candidates/{candidate}", privacy(200)),
    ("GET", "/privacy/candidates/{candidate}/export.json", privacy(200)),
    ("GET", "/privacy/candidates/{candidate}/export", privacy(200)),
    ("POST", "/privacy/candidates/{candidate}/hold", privacy(422)),
    ("POST", "/privacy/candidates/{candidate}/hold/lift", privacy(302)),
    ("POST", "/privacy/candidates/{candidate}/consent", privacy(422)),
    ("POST", "/privacy/candidates/{candidate}/erase", privacy(422)),
    ("GET", "/council/", {r: 200 if r in ("admin", "wc") else 403 for r in ROLES[1:]}),
    # the works council reads what is shared with it; the hiring side sees what it sees
    ("GET", "/council/requisitions/{requisition}", owned(200, interviewer=404) | {"wc": 200}),
    ("POST", "/council/requisitions/{requisition}/approve/rule", ADMIN_ONLY | {"admin": 302}),
    ("GET", "/admin/webhooks", ADMIN_ONLY),
    ("POST", "/admin/webhooks", ADMIN_ONLY | {"admin": 422}),
    ("POST", "/admin/webhooks/{webhook}/active", ADMIN_ONLY | {"admin": 302}),
    ("POST", "/admin/webhooks/{webhook}/secret", ADMIN_ONLY),
    ("POST", "/interviews/{interview}/remind", owned(302)),
    ("POST", "/admin/users/{target}/active", ADMIN_ONLY | {"admin": 400}),
    ("POST", "/admin/users/{target}/password", ADMIN_ONLY),
    ("POST", "/interviews/{interview}/delete", owned(302)),
    ("POST", "/council/requisitions/{requisition}/share", owned(302, recruiter=403)),
    ("POST", "/council/requisitions/{requisition}/share/revoke", owned(302, recruiter=403)),
    ("POST", "/admin/webhooks/{webhook}/delete", ADMIN_ONLY | {"admin": 302}),
    ("POST", "/logout", dict.fromkeys(ROLES[1:], 302)),
]
PUBLIC_FOR_ANONYMOUS = {
    ("GET", "/login"): 200,
    ("POST", "/login"): 200,
    ("POST", "/locale"): 302,
    ("GET", "/healthz"): 200,
    ("GET", "/static/app.css"): 200,
    ("GET", "/sw.js"): 200,
    ("GET", "/manifest.webmanifest"): 200,
    ("GET", "/calendar/{token}.ics"): 404,
}


@pytest.fixture
def world(make_user, make):
    users = {
        "admin": make_user("admin"),
        "hm_own": make_user("hiring_manager"),
        "hm_other": make_user("hiring_manager"),
        "recruiter": make_user("recruiter"),
        "iv_own": make_user("interviewer"),
        "iv_other": make_user("interviewer"),
        "dpo": make_user("data_protection"),
        "wc": make_user("works_council"),
    }
    requisition = make("requisition", users["hm_own"])
    make("council_share", requisition, users["hm_own"])
    application = make("application", requisition)
    interview = make("interview", make("loop", application), users["iv_own"], AREAS[0])
    message = make("outbox_message", users["iv_own"], status="failed", last_error="550")
    api_token = make("api_token", users["hm_own"])
    webhook = make("webhook_endpoint")
    ids = {
        "requisition": requisition.id,
        "candidate": application.candidate_id,
        "application": application.id,
        "interview": interview.id,
        "target": users["iv_other"].id,
        "message": message.id,
        "token": "not-a-feed-token",
        "api_token": api_token.id,
        "webhook": webhook.id,
    }
    return users, ids


def expected_for(role: str, method: str, template: str, by_role: dict) -> int:
    if role == "anonymous":
        return PUBLIC_FOR_ANONYMOUS.get((method, template), 302)
    return by_role[role]


@pytest.mark.parametrize("role", ROLES)
def test_route_matrix(client, login, world, role):
    users, ids = world
    if role != "anonymous":
        login(users[role])
    wrong = []
    for method, template, by_role in MATRIX:
        url = template.format(**ids)
        response = client.open(url, method=method)
        response.close()
        expected = expected_for(role, method, template, by_role)
        if response.status_code != expected:
            wrong.append(f"{method} {url}: {response.status_code}, expected {expected}")
        elif role == "anonymous" and expected == 302 and (method, template) != ("POST", "/locale"):
            assert response.headers["Location"].startswith("/login?next="), url
    assert wrong == [], "\n".join(wrong)


def test_matrix_covers_every_route(app):
    templates = {(m, t.split("?")[0]) for m, t, _ in MATRIX}
    normalised = {
        (m, t.replace("{requisition}", "<int:requisition_id>")
              .replace("{candidate}", "<int:candidate_id>")
              .replace("{application}", "<int:application_id>")
              .replace("{interview}", "<int:interview_id>")
              .replace("{target}", "<int:user_id>")
              .replace("{message}", "<int:message_id>")
              .replace("{api_token}", "<int:token_id>")
              .replace("{webhook}", "<int:endpoint_id>")
              .replace("{token}", "<token>")
              .replace("account-manager", "<framework_id>")
              .replace("app.css", "<path:filename>")
              .replace("results.csv", "results.<fmt>")
              .replace("compare.csv", "compare.<fmt>")
              .replace("approve/rule", "approve/<subject>")
              .replace("figures.json", "figures.<fmt>")
              .replace("figures.csv", "figures.<fmt>"))
        for m, t in templates
    }  # fmt: skip
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if not rule.rule.startswith("/api/")  # tests/test_api_permissions.py covers these
    }
    assert routes - normalised == set()


@pytest.mark.parametrize(
    "url",
    [
        "/requisitions/99999",
        "/requisitions/99999/edit",
        "/candidates/99999",
        "/applications/99999/loop",
        "/interviews/99999/edit",
        "/assignments/99999",
        "/assignments/99999/qr.svg",
        "/assignments/99999/kit",
        "/requisitions/99999/compare",
        "/quality/requisitions/99999",
        "/quality/requisitions/99999/figures.json",
        "/quality/frameworks/no-such-framework",
        "/applications/99999/results",
        "/assignments/99999/kit/state",
        "/admin/users/99999/edit",
    ],
)
def test_unknown_ids_are_404_even_for_admins(client, login_as, url):
    login_as("admin", "hiring_manager", "recruiter", "interviewer")
    assert client.get(url).status_code == 404
