"""Login with a password, and logout (of password and single sign-on sign-ins)."""

from __future__ import annotations

import math

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, logout_user

from interview.auth import sessions, throttle
from interview.auth.forms import LoginForm
from interview.auth.services import authenticate
from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.security import is_safe_redirect
from interview.sso import current_sso, password_login_allowed
from interview.sso import provider as sso_provider

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password. A wrong e-mail and a wrong password get the same
    message; a deactivated account cannot sign in; ``next`` must be a path on this site.
    Too many failures for one account or from one client answer 429 with ``Retry-After``,
    and no password is checked until the wait is over, not even the right one. With
    PASSWORD_LOGIN off only the break-glass admin's password works (others: single sign-on)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        email = form.email.data
        wait = throttle.seconds_to_wait(email)
        if not wait:
            user = authenticate(email, form.password.data)
            if user is not None and password_login_allowed(user):
                throttle.record_success(email)
                return _sign_in(user, form)
            wait = throttle.record_failure(email)
        if wait:
            return throttled_page(form, wait)
        flash(_wrong_password_message(), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF token, so a link or image cannot sign anyone out). The
    sign-in is revoked on the server: a copy of the cookies no longer works. A single
    sign-on ends at the provider too, where it offers an end-session endpoint."""
    if EmptyForm().validate_on_submit():
        sessions.end_session(current_user._get_current_object())
        logout_user()
        id_token = session.pop(sso_provider.ID_TOKEN_KEY, None)
        db.session.commit()
        flash(_("You are signed out."), "info")
        login_page = url_for("auth.login")
        if id_token and current_sso():
            provider_logout = sso_provider.end_session_url(
                id_token, url_for("auth.login", _external=True)
            )
            return redirect(provider_logout or login_page)
        return redirect(login_page)
    return redirect(url_for("main.home"))


def _sign_in(user, form: LoginForm):
    sessions.sign_in(user, request.user_agent.string, remember=form.remember.data)
    # Left over from an expired single sign-on: this sign-in must not end at the provider.
    session.pop(sso_provider.ID_TOKEN_KEY, None)
    db.session.commit()
    target = form.next.data
    return redirect(target if is_safe_redirect(target) else url_for("main.home"))


def _wrong_password_message() -> str:
    if current_app.config["PASSWORD_LOGIN"]:
        return _("E-mail or password is not correct.")
    return _(
        "E-mail or password is not correct. Passwords are only for the emergency admin "
        "account: please sign in with SSO."
    )


def throttled_page(form: LoginForm, seconds: int):
    """The login page saying how long to wait (429 with ``Retry-After``)."""
    minutes = math.ceil(seconds / 60)
    flash(
        ngettext(
            "Too many failed sign-in attempts. Please try again in %(num)d minute.",
            "Too many failed sign-in attempts. Please try again in %(num)d minutes.",
            minutes,
        ),
        "error",
    )
    page = render_template("auth/login.html", form=form)
    return page, 429, {"Retry-After": str(seconds)}
