"""Login and logout."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from interview.auth.forms import LoginForm
from interview.auth.services import authenticate
from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.security import is_safe_redirect

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password. A wrong e-mail and a wrong password get the same
    message; a deactivated account cannot sign in; ``next`` must be a path on this site."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            target = form.next.data
            return redirect(target if is_safe_redirect(target) else url_for("main.home"))
        flash(_("E-mail or password is not correct."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF token, so a link or image cannot sign anyone out)."""
    if EmptyForm().validate_on_submit():
        logout_user()
        flash(_("You are signed out."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("main.home"))
