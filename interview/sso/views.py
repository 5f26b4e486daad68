"""Single sign-on: off to the identity provider and back."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from interview.auth import sessions, throttle
from interview.auth.forms import LoginForm
from interview.auth.views import throttled_page
from interview.extensions import db
from interview.security import is_safe_redirect
from interview.sso import current_sso, provider, services
from interview.sso.errors import SsoError

log = logging.getLogger(__name__)

bp = Blueprint("sso", __name__, url_prefix="/sso")

NEXT_KEY = "sso_next"


@bp.get("/login")
def start():
    """Send the browser to the identity provider (authorisation code flow with PKCE; state
    and nonce wait in the session). 404 without single sign-on; 429 while this client is
    over the failed sign-in limit (password and single sign-on failures count alike)."""
    if current_sso() is None:
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    wait = throttle.seconds_to_wait(None)
    if wait:
        return throttled_page(LoginForm(), wait)
    target = request.args.get("next", "")
    session[NEXT_KEY] = target if is_safe_redirect(target) else ""
    try:
        return provider.start(url_for("sso.callback", _external=True))
    except SsoError as error:
        log.warning("single sign-on could not start: %s", error.reason)
        return _refused(error)


@bp.get("/callback")
def callback():
    """Where the provider sends the browser back. Signs in the user the verified ID token
    names, with a server-side sign-in like a password login. Refuses (login page with the
    reason, 4xx or 503) a wrong state, an invalid or mis-addressed or expired ID token, a
    wrong nonce, the provider's error answer, and people not allowed in; each refusal
    counts as a failed sign-in of this client."""
    sso = current_sso()
    if sso is None:
        abort(404)
    wait = throttle.seconds_to_wait(None)
    if wait:
        return throttled_page(LoginForm(), wait)
    try:
        login = provider.finish()
        user = services.user_for_login(login.issuer, login.claims, sso.settings)
    except SsoError as error:
        db.session.rollback()
        log.warning("single sign-on refused (%s): %s", type(error).__name__, error.reason)
        wait = throttle.record_failure(None)
        return throttled_page(LoginForm(), wait) if wait else _refused(error)
    sessions.sign_in(user, request.user_agent.string, remember=False)
    session[provider.ID_TOKEN_KEY] = login.id_token
    target = session.pop(NEXT_KEY, "")
    db.session.commit()
    return redirect(target if is_safe_redirect(target) else url_for("main.home"))


def _refused(error: SsoError):
    flash(str(error.message), "error")
    return render_template("auth/login.html", form=LoginForm()), error.status
