"""Login and logout."""

from __future__ import annotations

import math

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from interview.auth import sessions, throttle
from interview.auth.forms import LoginForm
from interview.auth.services import authenticate
from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.security import is_safe_redirect

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password. A wrong e-mail and a wrong password get the same
    message; a deactivated account cannot sign in; ``next`` must be a path on this site.
    Too many failures for one account or from one client answer 429 with ``Retry-After``,
    and no password is checked until the wait is over, not even the right one."""
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
            if user is not None:
                throttle.record_success(email)
                return _sign_in(user, form)
            wait = throttle.record_failure(email)
        if wait:
            return _throttled(form, wait)
        flash(_("E-mail or password is not correct."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF token, so a link or image cannot sign anyone out). The
    sign-in is revoked on the server: a copy of the cookies no longer works."""
    if EmptyForm().validate_on_submit():
        sessions.end_session(current_user._get_current_object())
        logout_user()
        db.session.commit()
        flash(_("You are signed out."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("main.home"))


def _sign_in(user, form: LoginForm):
    sessions.start_session(user, request.user_agent.string)
    login_user(user, remember=form.remember.data, duration=sessions.max_lifetime())
    db.session.commit()
    target = form.next.data
    return redirect(target if is_safe_redirect(target) else url_for("main.home"))


def _throttled(form: LoginForm, seconds: int):
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
