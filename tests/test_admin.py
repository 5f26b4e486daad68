"""Admin user management and the audit trail."""

from __future__ import annotations

import re

import pytest

from interview.admin import services
from interview.extensions import db
from interview.models import AuditEvent, User
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "a brand new secret"


@pytest.fixture
def client(app):
    """English pages, so the tests can look for the English messages."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def admin(login_as) -> User:
    return login_as("admin")


@pytest.fixture
def stored(app):
    """The user as now stored in the database (detached)."""

    def get(user_id: int) -> User:
        with app.app_context():
            user = db.session.get(User, user_id)
            db.session.expunge(user)
            return user

    return get


@pytest.fixture
def events(app):
    """Audit events as (action, object_type, object_id, changes), oldest first."""

    def get() -> list[tuple]:
        with app.app_context():
            rows = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))
            return [(e.action, e.object_type, e.object_id, e.changes) for e in rows]

    return get


def can_log_in(app, email: str, password: str) -> bool:
    response = app.test_client().post("/login", data={"email": email, "password": password})
    return response.status_code == 302


def shown_password(page: str) -> str:
    return re.search(r'<p class="secret">([^<]+)</p>', page).group(1)


def session_cookie_text(app, client) -> str:
    cookie = client.get_cookie("session")
    return str(app.session_interface.get_signing_serializer(app).loads(cookie.value))


def routes(user_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", "/admin/users"),
        ("GET", "/admin/users/new"),
        ("POST", "/admin/users/new"),
        ("GET", f"/admin/users/{user_id}/edit"),
        ("POST", f"/admin/users/{user_id}/edit"),
        ("POST", f"/admin/users/{user_id}/active"),
        ("POST", f"/admin/users/{user_id}/password"),
        ("GET", "/admin/audit"),
    ]


# --- access ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_login(client, make_user):
    for method, url in routes(make_user().id):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login?next=%2Fadmin%2F")


@pytest.mark.parametrize("role", ["interviewer", "recruiter", "hiring_manager"])
def test_other_roles_are_refused(client, login_as, make_user, events, role, stored):
    target = make_user(name="Target")
    login_as(role)
    for method, url in routes(target.id):
        data = {"name": "Changed", "email": "x@example.com", "roles": "admin", "active": "0"}
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (method, url)
    assert stored(target.id).active
    assert events() == []


def test_admin_opens_every_page(client, admin, make_user):
    for method, url in routes(make_user().id):
        if method == "GET":
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("suffix", ["edit", "active", "password"])
def test_unknown_user_is_404(client, admin, suffix):
    method = "GET" if suffix == "edit" else "POST"
    assert client.open(f"/admin/users/999/{suffix}", method=method).status_code == 404


# --- list --------------------------------------------------------------------------------


def test_list_shows_roles_and_inactive_users(client, admin, make_user):
    make_user(("recruiter", "hiring_manager"), name="Rita Recruiter", email="rita@example.com")
    make_user(name="Ina Inactive", active=False)
    page = client.get("/admin/users").text
    assert "Rita Recruiter" in page
    assert "rita@example.com" in page
    assert "Hiring manager" in page
    assert "Recruiter" in page
    assert "Ina Inactive" in page
    assert page.count("badge-danger") == 1


def test_search_by_name_or_email_ignores_case(client, admin, make_user):
    make_user(name="Anna Berg", email="anna@example.com")
    make_user(name="Bernd Stein", email="b.stein@example.org")
    by_name = client.get("/admin/users?q=ANNA").text
    assert "Anna Berg" in by_name
    assert "Bernd Stein" not in by_name
    by_email = client.get("/admin/users?q=Example.ORG").text
    assert "Bernd Stein" in by_email
    assert "Anna Berg" not in by_email
    assert "No users match" in client.get("/admin/users?q=%25").text


def test_list_has_25_users_a_page(client, admin, make_user):
    for _ in range(30):
        make_user()
    first = client.get("/admin/users").text
    assert first.count('<a href="/admin/users/') == 25
    assert "Page 1 of 2" in first
    second = client.get("/admin/users?page=2").text
    assert second.count('<a href="/admin/users/') == 6


def test_list_issues_the_same_number_of_queries_for_1_and_30_users(
    client, admin, make_user, count_queries
):
    make_user()
    with count_queries() as one:
        client.get("/admin/users")
    for _ in range(29):
        make_user(("recruiter", "interviewer"))
    with count_queries() as many:
        client.get("/admin/users")
    assert one.count == many.count


# --- create ------------------------------------------------------------------------------


def new_user(**fields) -> dict:
    return {"name": "Nina Neu", "email": "Nina.Neu@Example.com", "roles": ["interviewer"]} | fields


def test_create_user_with_typed_password(app, client, admin, events):
    response = client.post("/admin/users/new", data=new_user(password=NEW_PASSWORD))
    assert response.status_code == 302
    assert "was added" in client.get(response.headers["Location"]).text
    assert can_log_in(app, "nina.neu@example.com", NEW_PASSWORD)
    [(action, object_type, _, changes)] = events()
    assert (action, object_type) == ("create", "users")
    assert changes["email"] == [None, "nina.neu@example.com"]
    assert changes["roles"] == [None, ["interviewer"]]
    assert NEW_PASSWORD not in str(changes)
    assert "password_hash" not in changes


def test_create_user_with_generated_password_shows_it_once(app, client, admin, events):
    response = client.post("/admin/users/new", data=new_user(roles=["recruiter", "admin"]))
    assert response.status_code == 200
    password = shown_password(response.text)
    assert len(password) >= 10
    assert can_log_in(app, "nina.neu@example.com", password)
    assert password not in session_cookie_text(app, client)
    assert all(password not in value for _, value in response.headers.items())
    assert password not in str(events())
    assert password not in client.get("/admin/users").text


def test_duplicate_email_is_a_form_error(client, admin, make_user):
    make_user(email="nina.neu@example.com")
    response = client.post("/admin/users/new", data=new_user(email="NINA.NEU@example.com"))
    assert response.status_code == 200
    assert "This e-mail address is already in use." in response.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"roles": []}, "Choose at least one role."),
        ({"password": "short"}, "Use at least 10 characters."),
        ({"email": "not-an-address"}, "Invalid email address."),
        ({"name": "  "}, "This field is required."),
    ],
)
def test_create_refuses_invalid_input(app, client, admin, fields, message):
    response = client.post("/admin/users/new", data=new_user(**fields))
    assert response.status_code == 200
    assert message in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1


# --- edit --------------------------------------------------------------------------------


def test_edit_records_the_changed_fields(client, admin, make_user, stored, events):
    user = make_user("interviewer", name="Old Name", email="old@example.com")
    data = {"name": "New Name", "email": "old@example.com", "roles": ["interviewer", "recruiter"]}
    response = client.post(f"/admin/users/{user.id}/edit", data=data)
    assert response.status_code == 302
    assert "Changes saved." in client.get(response.headers["Location"]).text
    assert stored(user.id).name == "New Name"
    assert stored(user.id).roles == {"interviewer", "recruiter"}
    assert events() == [
        (
            "update",
            "users",
            user.id,
            {
                "name": ["Old Name", "New Name"],
                "roles": [["interviewer"], ["interviewer", "recruiter"]],
            },
        )
    ]
    client.post(f"/admin/users/{user.id}/edit", data=data)
    assert len(events()) == 1, "saving without changes records nothing"


def test_edit_refuses_another_users_email(client, admin, make_user):
    make_user(email="taken@example.com")
    user = make_user()
    data = {"name": user.name, "email": "taken@example.com", "roles": ["interviewer"]}
    response = client.post(f"/admin/users/{user.id}/edit", data=data)
    assert "This e-mail address is already in use." in response.text


def test_admin_cannot_remove_own_admin_role(client, admin, make_user, stored, events):
    make_user("admin")  # another admin exists: the refusal is about oneself
    data = {"name": admin.name, "email": admin.email, "roles": ["recruiter"]}
    response = client.post(f"/admin/users/{admin.id}/edit", data=data)
    assert response.status_code == 200
    assert "You cannot remove your own admin role." in response.text
    assert stored(admin.id).roles == {"admin"}
    assert events() == []


def test_admin_cannot_deactivate_themselves(client, admin, stored):
    page = client.get(f"/admin/users/{admin.id}/edit").text
    assert "/active" not in page
    response = client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    assert response.headers["Location"] == f"/admin/users/{admin.id}/edit"
    assert (
        "You cannot deactivate your own account."
        in client.get(f"/admin/users/{admin.id}/edit").text
    )
    assert stored(admin.id).active


def test_an_admin_may_demote_another_admin(client, admin, make_user, stored):
    other = make_user("admin")
    data = {"name": other.name, "email": other.email, "roles": ["interviewer"]}
    assert client.post(f"/admin/users/{other.id}/edit", data=data).status_code == 302
    assert stored(other.id).roles == {"interviewer"}


def test_the_last_active_admin_keeps_the_role_and_stays_active(app, make_user):
    last = make_user("admin")
    make_user("admin", active=False)  # inactive admins do not count
    with app.test_request_context(headers={"Accept-Language": "en"}):
        user = db.session.get(User, last.id)
        with pytest.raises(services.UserRuleError, match="last active admin"):
            services.update_user(user, None, name="x", email=user.email, roles=["recruiter"])
        with pytest.raises(services.UserRuleError, match="last active admin"):
            services.set_active(user, None, False)
        assert user.active
        assert user.roles == {"admin"}


# --- deactivate, reactivate, reset -------------------------------------------------------


def test_deactivation_ends_the_session_and_blocks_login(
    app, client, admin, make_user, stored, events
):
    user = make_user()
    user_client = app.test_client()
    user_client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert user_client.get("/").status_code == 200
    response = client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    assert response.headers["Location"] == f"/admin/users/{user.id}/edit"
    assert "can no longer sign in" in client.get(response.headers["Location"]).text
    assert user_client.get("/").headers["Location"].startswith("/login")
    assert not can_log_in(app, user.email, TEST_PASSWORD)
    assert stored(user.id).active is False, "the account is kept, only switched off"
    assert events() == [("deactivate", "users", user.id, {"active": [True, False]})]


def test_reactivation_allows_login_again(app, client, admin, make_user, stored, events):
    user = make_user(active=False)
    client.post(f"/admin/users/{user.id}/active", data={"active": "1"})
    assert stored(user.id).active
    assert can_log_in(app, user.email, TEST_PASSWORD)
    assert [e[0] for e in events()] == ["reactivate"]


def test_active_must_be_0_or_1(client, admin, make_user):
    user = make_user()
    assert client.post(f"/admin/users/{user.id}/active", data={"active": "x"}).status_code == 400


def test_reset_password_replaces_the_old_one(app, client, admin, make_user, events):
    user = make_user()
    response = client.post(f"/admin/users/{user.id}/password")
    assert response.status_code == 200
    password = shown_password(response.text)
    assert not can_log_in(app, user.email, TEST_PASSWORD)
    assert can_log_in(app, user.email, password)
    assert password not in session_cookie_text(app, client)
    assert events() == [("reset_password", "users", user.id, {})]


# --- audit trail -------------------------------------------------------------------------


def add_events(app, count: int, object_type: str = "users", actor_id: int | None = None):
    with app.app_context():
        for n in range(count):
            db.session.add(
                AuditEvent(
                    actor_id=actor_id,
                    action="update",
                    object_type=object_type,
                    object_id=n + 1,
                    summary=f"{object_type} event {n + 1}",
                    changes={"title": ["<b>old</b>", None]},
                )
            )
        db.session.commit()


def test_audit_lists_events_newest_first_escaped(client, admin, events):
    client.post("/admin/users/new", data=new_user(name="<script>x</script>", password=NEW_PASSWORD))
    [(_, _, new_id, _)] = events()
    client.post(f"/admin/users/{new_id}/password")
    page = client.get("/admin/audit").text
    assert page.index("Reset the password") < page.index("Created user nina.neu@example.com")
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>" not in page
    assert admin.name in page


def test_audit_filter_by_type(app, client, admin):
    add_events(app, 1, "users")
    add_events(app, 1, "requisitions")
    page = client.get("/admin/audit?type=requisitions").text
    assert "requisitions event 1" in page
    assert "users event 1" not in page
    assert '<option selected value="requisitions">' in page
    assert "&lt;b&gt;old&lt;/b&gt; → –" in page


def test_audit_has_50_events_a_page_with_a_fixed_number_of_queries(
    app, client, admin, make_user, count_queries
):
    add_events(app, 1, actor_id=admin.id)
    with count_queries() as one:
        client.get("/admin/audit")
    others = [make_user() for _ in range(3)]
    for other in others:
        add_events(app, 20, actor_id=other.id)
    with count_queries() as many:
        page = client.get("/admin/audit").text
    assert one.count == many.count
    assert page.count("<time ") == 50
    assert "Page 1 of 2" in page
    assert client.get("/admin/audit?page=2").text.count("<time ") == 11


class TestWithCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_forms_carry_a_token_and_posts_without_one_fail(self, app, client, make_user, stored):
        admin = make_user("admin")
        user = make_user()
        login_page = client.get("/login").text
        token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/login", data={"email": admin.email, "password": TEST_PASSWORD, "csrf_token": token}
        )
        assert 'name="csrf_token"' in client.get(f"/admin/users/{user.id}/edit").text
        assert (
            client.post(f"/admin/users/{user.id}/active", data={"active": "0"}).status_code == 400
        )
        assert client.post(f"/admin/users/{user.id}/password").status_code == 400
        assert stored(user.id).active
        response = client.post(
            f"/admin/users/{user.id}/active", data={"active": "0", "csrf_token": token}
        )
        assert response.status_code == 302
        assert not stored(user.id).active
