"""Single sign-on against a real OpenID Connect provider (tests/oidc/server.js, npm's
oidc-provider): the whole redirect dance over HTTP with ``requests``, the app served on
the address the provider's clients return to. The provider requires PKCE from every
client, so every successful sign-in here also shows that the app sends it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests

from interview.extensions import db
from interview.models import AuditEvent, LoginSession, SsoIdentity, User
from tests.conftest import TEST_PASSWORD

MAPPING = {"scorecard-admins": "admin", "talent": ["recruiter", "hiring_manager"]}


@pytest.fixture
def sso_config() -> dict:
    """Settings of the test's app on top of the provider's; tests parametrize it."""
    return {}


@pytest.fixture
def app_config(app_config, oidc_provider, sso_config) -> dict:
    client_id = sso_config.pop("client_id", "scorecard")
    return {**app_config, **oidc_provider.app_config(client_id), **sso_config}


def new_browser() -> requests.Session:
    """A cookie jar like a browser's, asking for English pages."""
    http = requests.Session()
    http.headers["Accept-Language"] = "en"
    return http


def with_params(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def to_callback(http: requests.Session, url: str, app_url: str) -> str:
    """Follow the provider's redirects until it sends the browser back to the app."""
    for _ in range(10):
        response = http.get(url, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), response.text[:500]
        url = urljoin(url, response.headers["Location"])
        if url.startswith(f"{app_url}/sso/callback"):
            return url
    pytest.fail("the provider never sent the browser back")


def authorization_url(http: requests.Session, app_url: str, path: str = "/sso/login") -> str:
    response = http.get(app_url + path, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def sso_sign_in(app_url: str, user: str, *, http=None, **request_changes) -> requests.Response:
    """Start at the app, sign in as ``user`` at the provider (login_hint), come back; the
    app's answer to the callback. ``request_changes`` alter the authorisation request."""
    http = http or new_browser()
    url = authorization_url(http, app_url)
    callback = to_callback(http, with_params(url, login_hint=user, **request_changes), app_url)
    response = http.get(callback, allow_redirects=False, timeout=10)
    response.http = http
    return response


def password_sign_in(http: requests.Session, app_url: str, email: str) -> requests.Response:
    data = {"email": email, "password": TEST_PASSWORD}
    return http.post(app_url + "/login", data=data, allow_redirects=False, timeout=10)


def sessions_of(app, email: str) -> list[LoginSession]:
    with app.app_context():
        return list(
            db.session.execute(
                db.select(LoginSession).join(User).where(User.email == email)
            ).scalars()
        )


def user_named(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if user is not None:
            user.roles  # noqa: B018  (loaded before the session closes)
        return user


def assert_refused(app, response, status: int, message: str, email: str) -> None:
    assert response.status_code == status
    assert message in response.text
    assert sessions_of(app, email) == []
    assert "sso_id_token" not in response.http.cookies.get("session", "")


def test_an_existing_user_signs_in_with_a_server_side_sign_in(app, sso_server, make_user):
    make_user("recruiter", email="bob@example.com")
    response = sso_sign_in(sso_server, "bob")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    (login,) = sessions_of(app, "bob@example.com")
    assert login.revoked_at is None
    page = response.http.get(sso_server + "/my/interviews", allow_redirects=False, timeout=10)
    assert page.status_code == 200
    with app.app_context():
        identity = db.session.execute(db.select(SsoIdentity)).scalar_one()
        assert identity.subject == "bob"
        assert identity.issuer == app.config["OIDC_DISCOVERY_URL"].split("/.well-known")[0]
        actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert actions == ["link_sso"]


def test_a_linked_user_is_found_by_subject_and_next_is_kept(app, sso_server, make_user):
    make_user("interviewer", email="carol@example.com")
    assert sso_sign_in(sso_server, "carol").status_code == 302
    http = new_browser()
    url = authorization_url(http, sso_server, "/sso/login?next=/my/interviews")
    callback = to_callback(http, with_params(url, login_hint="carol"), sso_server)
    response = http.get(callback, allow_redirects=False, timeout=10)
    assert response.headers["Location"] == "/my/interviews"
    assert len(sessions_of(app, "carol@example.com")) == 2
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(SsoIdentity.id))).scalar() == 1


def test_an_unsafe_next_is_ignored(app, sso_server, make_user):
    make_user("interviewer", email="carol@example.com")
    http = new_browser()
    url = authorization_url(http, sso_server, "/sso/login?next=//evil.example/")
    callback = to_callback(http, with_params(url, login_hint="carol"), sso_server)
    assert http.get(callback, allow_redirects=False, timeout=10).headers["Location"] == "/"


@pytest.mark.parametrize(
    ("sso_config", "who", "roles"),
    [
        ({"OIDC_CREATE_USERS": True, "OIDC_ROLE_MAPPING": MAPPING}, "alice", {"admin"}),
        (
            {"OIDC_CREATE_USERS": True, "OIDC_ROLE_MAPPING": MAPPING},
            "bob",
            {"recruiter", "hiring_manager"},
        ),
        # carol's only group is not mapped: the default roles
        ({"OIDC_CREATE_USERS": True, "OIDC_ROLE_MAPPING": MAPPING}, "carol", {"interviewer"}),
        # no mapping at all: the default roles too
        ({"OIDC_CREATE_USERS": True, "OIDC_DEFAULT_ROLES": ["recruiter"]}, "bob", {"recruiter"}),
    ],
)
def test_just_in_time_users_get_roles_from_their_groups(app, sso_server, who, roles):
    response = sso_sign_in(sso_server, who)
    assert response.status_code == 302
    user = user_named(app, f"{who}@example.com")
    assert user is not None
    assert user.roles == roles
    assert len(sessions_of(app, user.email)) == 1
    with app.app_context():
        created = db.session.execute(db.select(AuditEvent).filter_by(action="create")).scalar_one()
    assert created.object_id == user.id
    assert sorted(created.changes["roles"][1]) == sorted(roles)


@pytest.mark.parametrize("sso_config", [{"OIDC_ROLE_MAPPING": MAPPING}])
def test_a_mapping_replaces_the_roles_of_existing_users_at_each_sign_in(app, sso_server, make_user):
    make_user(("interviewer", "admin"), email="bob@example.com")
    assert sso_sign_in(sso_server, "bob").status_code == 302
    assert user_named(app, "bob@example.com").roles == {"recruiter", "hiring_manager"}
    with app.app_context():
        update = db.session.execute(db.select(AuditEvent).filter_by(action="update")).scalar_one()
    assert sorted(update.changes["roles"][0]) == ["admin", "interviewer"]


@pytest.mark.parametrize(
    "sso_config",
    [{"OIDC_CREATE_USERS": True, "OIDC_ROLE_MAPPING": MAPPING, "OIDC_DEFAULT_ROLES": []}],
)
def test_without_a_mapped_group_and_no_default_roles_nobody_gets_in(app, sso_server, make_user):
    make_user("admin", email="carol@example.com")
    assert_refused(app, sso_sign_in(sso_server, "dave"), 403, "may not sign in", "dave@example.com")
    assert user_named(app, "dave@example.com") is None
    # an existing user is refused too (and keeps the roles given in the app)
    assert_refused(
        app, sso_sign_in(sso_server, "carol"), 403, "may not sign in", "carol@example.com"
    )
    assert user_named(app, "carol@example.com").roles == {"admin"}


def test_an_unknown_person_is_refused_without_just_in_time_creation(app, sso_server):
    response = sso_sign_in(sso_server, "dave")
    assert_refused(app, response, 403, "may not sign in here", "dave@example.com")
    assert user_named(app, "dave@example.com") is None
    with app.app_context():
        assert db.session.execute(db.select(SsoIdentity)).first() is None


def test_a_deactivated_user_cannot_sign_in_through_sso(app, sso_server, make_user):
    make_user("admin", email="carol@example.com", active=False)
    response = sso_sign_in(sso_server, "carol")
    assert_refused(app, response, 403, "deactivated", "carol@example.com")


def test_a_user_deactivated_after_linking_is_refused(app, sso_server, make_user):
    user = make_user("interviewer", email="carol@example.com")
    assert sso_sign_in(sso_server, "carol").status_code == 302
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = sso_sign_in(sso_server, "carol")
    assert response.status_code == 403
    assert "deactivated" in response.text


@pytest.mark.parametrize("sso_config", [{"OIDC_CREATE_USERS": True}])
def test_an_unverified_email_is_not_trusted(app, sso_server, make_user):
    make_user("admin", email="erin@example.com")
    response = sso_sign_in(sso_server, "erin")
    assert_refused(app, response, 403, "did not confirm an e-mail", "erin@example.com")


def test_an_email_linked_to_another_account_of_the_provider_is_refused(
    app, sso_server, make_user, oidc_provider
):
    user = make_user("admin", email="bob@example.com")
    with app.app_context():
        db.session.add(SsoIdentity(issuer=oidc_provider.issuer, subject="old-bob", user_id=user.id))
        db.session.commit()
    assert_refused(app, sso_sign_in(sso_server, "bob"), 403, "may not sign in", "bob@example.com")


def test_a_wrong_state_is_refused(app, sso_server, make_user):
    make_user("interviewer", email="bob@example.com")
    http = new_browser()
    url = authorization_url(http, sso_server)
    callback = to_callback(http, with_params(url, login_hint="bob"), sso_server)
    response = http.get(with_params(callback, state="forged"), allow_redirects=False, timeout=10)
    response.http = http
    assert_refused(app, response, 400, "could not be verified", "bob@example.com")


def test_a_callback_from_another_browser_is_refused(app, sso_server, make_user):
    """Login CSRF: a code obtained in one browser, sent to the app by another one."""
    make_user("interviewer", email="bob@example.com")
    attacker = new_browser()
    url = authorization_url(attacker, sso_server)
    callback = to_callback(attacker, with_params(url, login_hint="bob"), sso_server)
    victim = new_browser()
    response = victim.get(callback, allow_redirects=False, timeout=10)
    response.http = victim
    assert_refused(app, response, 400, "could not be verified", "bob@example.com")


def test_a_wrong_nonce_is_refused(app, sso_server, make_user):
    make_user("interviewer", email="bob@example.com")
    response = sso_sign_in(sso_server, "bob", nonce="not-the-nonce-the-app-sent")
    assert_refused(app, response, 400, "could not be verified", "bob@example.com")


@pytest.mark.parametrize(
    ("sso_config", "logged"),
    [
        ({"client_id": "tamper-expired"}, "ExpiredTokenError"),
        # its azp names this app: Authlib's default check alone would let it in
        ({"client_id": "tamper-audience"}, "Invalid claim: 'aud'"),
        ({"client_id": "tamper-issuer"}, "Invalid claim: 'iss'"),
        ({"client_id": "tamper-signature"}, "BadSignatureError"),
    ],
    ids=["expired", "wrong-audience", "wrong-issuer", "foreign-signature"],
)
def test_an_invalid_id_token_is_refused(app, sso_server, make_user, caplog, logged):
    make_user("interviewer", email="bob@example.com")
    response = sso_sign_in(sso_server, "bob")
    assert_refused(app, response, 400, "could not be verified", "bob@example.com")
    assert logged in caplog.text  # refused for this reason, not another one


def test_the_providers_error_answer_is_shown(app, sso_server):
    response = sso_sign_in(sso_server, "nobody-at-the-provider")
    assert response.status_code == 400
    assert "did not sign you in" in response.text


@pytest.mark.parametrize("sso_config", [{"LOGIN_LIMIT_PER_CLIENT": "2 per 15 minutes"}])
def test_failures_count_in_the_login_throttle(app, sso_server, make_user):
    make_user("interviewer", email="bob@example.com")
    make_user("interviewer", email="carol@example.com")
    http = new_browser()
    for _ in range(2):
        http.get(sso_server + "/sso/callback?code=x&state=forged", timeout=10)
    refused = http.get(sso_server + "/sso/login", allow_redirects=False, timeout=10)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    # the same counter as passwords: this client's password sign-in waits too
    password = password_sign_in(http, sso_server, "carol@example.com")
    assert password.status_code == 429


def end_at_provider(http: requests.Session, url: str) -> requests.Response:
    """Confirm the provider's sign-out page (a form) and return where it sends us."""
    page = http.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    form = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
    response = http.post(
        urljoin(page.url, form.group(1)),
        data={**fields, "logout": "yes"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code in (302, 303), response.text[:500]
    return response


def test_logout_ends_the_local_and_the_provider_session(app, sso_server, make_user, oidc_provider):
    make_user("interviewer", email="bob@example.com")
    signed_in = sso_sign_in(sso_server, "bob")
    http = signed_in.http
    response = http.post(sso_server + "/logout", allow_redirects=False, timeout=10)
    location = response.headers["Location"]
    assert location.startswith(f"{oidc_provider.issuer}/session/end")
    params = parse_qs(urlsplit(location).query)
    assert params["post_logout_redirect_uri"] == [f"{sso_server}/login"]
    assert params["client_id"] == ["scorecard"]
    assert params["id_token_hint"]
    (login,) = sessions_of(app, "bob@example.com")
    assert login.revoked_at is not None
    back = end_at_provider(http, location)
    assert back.headers["Location"].startswith(f"{sso_server}/login")
    # the provider forgot bob: a new sign-in asks who it is (its login form)
    again = http.get(authorization_url(http, sso_server), timeout=10)
    assert 'name="user"' in again.text


@pytest.mark.parametrize("sso_config", [{"OIDC_CREATE_USERS": True}])
def test_a_password_logout_does_not_visit_the_provider(app, client, make_user, login):
    user = make_user("interviewer")
    login(user)
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"


def test_a_signed_in_user_starting_sso_goes_home(app, sso_server, make_user):
    make_user("interviewer", email="bob@example.com")
    http = sso_sign_in(sso_server, "bob").http
    response = http.get(sso_server + "/sso/login", allow_redirects=False, timeout=10)
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("sso_config", [{"OIDC_EMAIL_CLAIM": "upn", "OIDC_CREATE_USERS": True}])
def test_the_email_is_read_from_the_configured_claim(app, sso_server, make_user):
    make_user("interviewer", email="bob@example.com")  # the provider sends no "upn"
    response = sso_sign_in(sso_server, "bob")
    assert_refused(app, response, 403, "did not confirm an e-mail", "bob@example.com")


def test_a_password_sign_in_after_an_expired_sso_one_signs_out_here_only(
    app, sso_server, make_user
):
    make_user("interviewer", email="bob@example.com")
    http = sso_sign_in(sso_server, "bob").http
    with app.app_context():  # the SSO sign-in ends (as after SESSION_IDLE_MINUTES)
        db.session.execute(db.update(LoginSession).values(revoked_at=db.func.now()))
        db.session.commit()
    password = password_sign_in(http, sso_server, "bob@example.com")
    assert password.status_code == 302
    response = http.post(sso_server + "/logout", allow_redirects=False, timeout=10)
    assert response.headers["Location"] == "/login"
