"""Single sign-on without a provider: its settings, the password rule, the login page,
and the pure claim rules (groups to roles, the e-mail a provider vouches for)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview.models import ROLES
from interview.sso.claims import email_of, groups_of, mapped_roles, roles_for_groups
from tests.conftest import TEST_PASSWORD

# Nothing listens on port 9 (discard): the provider is unreachable, which these tests
# need only where they say so; settings are checked without contacting it.
UNREACHABLE = "http://127.0.0.1:9/.well-known/openid-configuration"
SSO = {
    "OIDC_DISCOVERY_URL": UNREACHABLE,
    "OIDC_CLIENT_ID": "scorecard",
    "OIDC_CLIENT_SECRET": "secret",
    "OIDC_TIMEOUT": 2,
}
EN = {"Accept-Language": "en"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"OIDC_CLIENT_ID": ""}, "OIDC_CLIENT_ID"),
        ({"OIDC_CLIENT_SECRET": None}, "OIDC_CLIENT_SECRET"),
        ({"OIDC_SCOPES": "email profile"}, "openid"),
        ({"OIDC_ROLE_MAPPING": {"hr": "boss"}}, "unknown roles"),
        ({"OIDC_ROLE_MAPPING": ["hr"]}, "OIDC_ROLE_MAPPING"),
        ({"OIDC_DEFAULT_ROLES": ["guest"]}, "OIDC_DEFAULT_ROLES"),
        ({"OIDC_DISCOVERY_URL": "idp.example.com/.well-known"}, "is not an http"),
    ],
)
def test_settings_that_cannot_work_stop_the_start(app_config, make_app, settings, message):
    with pytest.raises(ValueError, match=message):
        make_app({**app_config, **SSO, **settings})


def test_passwords_cannot_be_switched_off_without_single_sign_on(app_config, make_app):
    with pytest.raises(ValueError, match="PASSWORD_LOGIN"):
        make_app({**app_config, "PASSWORD_LOGIN": False})


def test_without_sso_there_is_no_button_and_no_route(client):
    assert "Sign in with SSO" not in client.get("/login", headers=EN).text
    assert client.get("/sso/login").status_code == 404
    assert client.get("/sso/callback?code=x&state=y").status_code == 404


@pytest.fixture
def sso_app(app_config, make_app):
    def build(**settings):
        from interview.extensions import db

        app = make_app({**app_config, **SSO, **settings})
        with app.app_context():
            db.create_all()
        return app

    return build


def test_the_login_page_offers_sso_and_keeps_next(sso_app):
    page = sso_app().test_client().get("/login?next=/my/interviews", headers=EN).text
    assert "Sign in with SSO" in page
    assert 'href="/sso/login?next=/my/interviews"' in page


def test_the_sign_out_form_may_end_at_the_provider(sso_app):
    policy = sso_app().test_client().get("/login").headers["Content-Security-Policy"]
    assert "form-action 'self' http://127.0.0.1:9" in policy


def test_an_unreachable_provider_is_a_clear_503(sso_app):
    response = sso_app().test_client().get("/sso/login", headers=EN)
    assert response.status_code == 503
    assert "cannot be reached" in response.text


def sign_in(client, email: str):
    return client.post("/login", data={"email": email, "password": TEST_PASSWORD}, headers=EN)


@pytest.mark.parametrize("password_login", [True, False])
def test_passwords_off_leave_only_the_break_glass_admin(sso_app, make_user, password_login):
    admin = make_user("admin", email="root@example.com")
    other_admin = make_user("admin")
    colleague = make_user("interviewer")
    app = sso_app(PASSWORD_LOGIN=password_login, BREAK_GLASS_ADMIN="Root@Example.com")
    assert sign_in(app.test_client(), admin.email).status_code == 302
    for user in (other_admin, colleague):
        response = sign_in(app.test_client(), user.email)
        assert (response.status_code == 302) is password_login
        if not password_login:
            assert "Passwords are only for the emergency admin account" in response.text


def test_the_break_glass_address_needs_the_admin_role(sso_app, make_user):
    user = make_user("recruiter", email="root@example.com")
    app = sso_app(PASSWORD_LOGIN=False, BREAK_GLASS_ADMIN=user.email)
    assert sign_in(app.test_client(), user.email).status_code == 200


MAPPING = mapped_roles({"hr": "recruiter", "leads": ["hiring_manager", "interviewer"]}, ROLES)


@pytest.mark.parametrize(
    ("groups", "roles"),
    [
        (["hr"], {"recruiter"}),
        (["hr", "leads", "other"], {"recruiter", "hiring_manager", "interviewer"}),
        (["other"], {"interviewer"}),
        ([], {"interviewer"}),
    ],
)
def test_groups_map_to_roles(groups, roles):
    assert roles_for_groups(groups, MAPPING, frozenset({"interviewer"})) == roles


@given(st.lists(st.sampled_from(["hr", "leads", "x", "y"])))
def test_mapped_roles_are_known_and_exactly_those_of_the_groups(groups):
    roles = roles_for_groups(groups, MAPPING, frozenset())
    assert roles <= set(ROLES)
    assert roles == set().union(*(MAPPING.get(g, set()) for g in groups))


@pytest.mark.parametrize(
    ("claim", "groups"),
    [
        (["a", "b"], {"a", "b"}),
        ("a", {"a"}),
        (None, set()),
        ({"a": 1}, set()),
        (["a", 3, None], {"a"}),
    ],
)
def test_groups_claims_of_every_shape(claim, groups):
    assert groups_of(claim) == groups


@pytest.mark.parametrize(
    ("claims", "email"),
    [
        ({"email": " Bob@Example.COM "}, "bob@example.com"),
        ({"email": "bob@example.com", "email_verified": True}, "bob@example.com"),
        ({"email": "bob@example.com", "email_verified": False}, None),
        ({"email": "not an address"}, None),
        ({"email": ["bob@example.com"]}, None),
        ({}, None),
    ],
)
def test_the_email_a_provider_vouches_for(claims, email):
    assert email_of(claims, "email") == email


def test_sign_out_stays_local_while_the_provider_cannot_be_reached(sso_app, make_user):
    user = make_user("interviewer")
    client = sso_app().test_client()
    assert sign_in(client, user.email).status_code == 302
    with client.session_transaction() as session:
        session["sso_id_token"] = "a token from an earlier single sign-on"
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"
    assert client.get("/my/interviews").status_code == 302  # signed out
