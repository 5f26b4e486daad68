"""Two first sign-ins of the same provider account at once (two tabs, a double click):
the one that loses the race signs in with the link the other made, instead of failing."""

from __future__ import annotations

import pytest

from interview.extensions import db
from interview.models import SsoIdentity, User
from interview.sso import SsoSettings, services

ISSUER = "https://id.example.org"
SETTINGS = SsoSettings(
    create_users=True, email_claim="email", groups_claim="groups",
    role_mapping={}, default_roles=frozenset({"interviewer"}),
)  # fmt: skip


@pytest.fixture
def raced(app, monkeypatch):
    """The other sign-in linked the account right after this one looked for the link."""
    looked = []
    real = services.linked_user

    def not_yet(issuer, subject):
        looked.append(subject)
        return None if len(looked) == 1 else real(issuer, subject)

    monkeypatch.setattr(services, "linked_user", not_yet)
    return looked


def link_elsewhere(app, user_id: int, subject: str) -> None:
    with app.app_context():
        db.session.add(SsoIdentity(issuer=ISSUER, subject=subject, user_id=user_id))
        db.session.commit()


def test_the_slower_of_two_first_sign_ins_uses_the_link_of_the_faster(app, make_user, raced):
    user = make_user("interviewer", email="mara@example.org")
    link_elsewhere(app, user.id, "sub-1")
    claims = {"sub": "sub-1", "email": "mara@example.org", "email_verified": True}
    with app.test_request_context():
        signed_in = services.user_for_login(ISSUER, claims, SETTINGS)
        db.session.commit()
        assert signed_in.id == user.id
        assert raced == ["sub-1", "sub-1"]
        links = db.session.scalars(db.select(SsoIdentity).filter_by(issuer=ISSUER)).all()
        assert [(link.subject, link.user_id) for link in links] == [("sub-1", user.id)]
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_another_account_of_the_provider_is_still_refused(app, make_user):
    from interview.sso.errors import NotAllowed

    user = make_user("interviewer", email="mara@example.org")
    link_elsewhere(app, user.id, "sub-1")
    claims = {"sub": "sub-2", "email": "mara@example.org", "email_verified": True}
    with app.test_request_context(), pytest.raises(NotAllowed):
        services.user_for_login(ISSUER, claims, SETTINGS)
