"""Every page requires a session; the home and framework pages show the loaded bank."""

from __future__ import annotations

import pytest

from interview.security import PUBLIC_ENDPOINTS

SAMPLE_ARGS = {
    "framework_id": "account-manager",
    "filename": "app.css",
    "requisition_id": 1,
    "candidate_id": 1,
    "application_id": 1,
    "interview_id": 1,
    "user_id": 1,
    "fmt": "csv",
    "message_id": 1,
    "token": "not-a-feed-token",
    "token_id": 1,
    "endpoint_id": 1,
    "subject": "rule",
}


def all_routes(app):
    """(method, url, endpoint) for every rule, with sample values for URL parameters."""
    for rule in app.url_map.iter_rules():
        url = rule.build({name: SAMPLE_ARGS[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url, rule.endpoint


def test_every_non_public_route_redirects_anonymous_users_to_login(app, client):
    checked = 0
    for method, url, endpoint in all_routes(app):
        if endpoint in PUBLIC_ENDPOINTS or url.startswith("/api/"):
            continue  # the API answers 401 without a token (tests/test_api_permissions.py)
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login?next="), (method, url)
        checked += 1
    assert checked >= 4


def test_public_endpoints_are_only_login_locale_health_static_worker_and_feed():
    assert {
        "auth.login", "main.set_locale", "main.health", "static", "kit.service_worker",
        "main.web_manifest", "notifications.calendar_feed",
    } == PUBLIC_ENDPOINTS  # fmt: skip


def test_health_check_is_public(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


@pytest.mark.parametrize("role", ["admin", "hiring_manager", "recruiter", "interviewer"])
def test_home_lists_frameworks_and_areas_for_every_role(client, login_as, role):
    login_as(role)
    page = client.get("/", headers={"Accept-Language": "en"}).text
    assert "Account Manager" in page
    for area in ["Beziehungstiefe &amp; Vertrauen", "Problemlösung &amp; Eskalation"]:
        assert area in page
    assert "6 areas" in page
    assert "Levels: Junior, Mid-Level, Senior, Lead" in page


def test_framework_page_shows_scale_levels_and_questions(client, login_as):
    login_as("interviewer")
    page = client.get("/frameworks/account-manager", headers={"Accept-Language": "en"}).text
    assert "Übertrifft Erwartungen" in page
    assert "Was war das Ergebnis?" in page
    assert page.count('class="outcome-probe"') >= 24
    assert "15–25" in page
    assert 'lang="de"' in page


def test_unknown_framework_is_404(client, login_as):
    login_as("interviewer")
    response = client.get("/frameworks/nope")
    assert response.status_code == 404
    assert "<h1>" in response.text


def test_frameworks_list(client, login_as):
    login_as("admin")
    assert "Account Manager" in client.get("/frameworks/").text


def test_pages_send_security_headers(client, login_as):
    login_as("interviewer")
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_home_page_queries_do_not_grow(client, login_as, make_user, make, count_queries):
    user = login_as("interviewer", "hiring_manager")
    loop = make("loop", make("application", make("requisition", user)))
    make("interview", loop, user)
    with count_queries() as one:
        client.get("/")
    for _ in range(10):
        requisition = make("requisition", user)
        make("interview", make("loop", make("application", requisition)), user)
    with count_queries() as many:
        page = client.get("/", headers={"Accept-Language": "en"}).text
    assert many.count == one.count
    assert "and 6 more" in page


def test_home_shows_each_role_its_part(client, login_as, make_user, make):
    manager = make_user("hiring_manager")
    requisition = make("requisition", manager, title="Senior Account Manager")
    interviewer = login_as("interviewer")
    loop = make("loop", make("application", requisition, make("candidate", name="Lena Hoffmann")))
    make("interview", loop, interviewer)
    page = client.get("/", headers={"Accept-Language": "en"}).text
    assert "Your next interviews" in page
    assert "Lena Hoffmann" in page
    assert "Open requisitions" not in page
    client.post("/logout")
    login_as("recruiter")
    page = client.get("/", headers={"Accept-Language": "en"}).text
    assert "Open requisitions" in page
    assert "Senior Account Manager" in page
    assert "Your next interviews" not in page
