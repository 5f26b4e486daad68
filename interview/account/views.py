"""The signed-in user's own account."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.account import services
from interview.account.forms import ChangePasswordForm
from interview.extensions import db

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """Change your own password (any signed-in user). Refuses a wrong current password,
    a new password that is too short, and a confirmation that differs (form errors)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user._get_current_object(),
                form.current_password.data,
                form.new_password.data,
            )
        except services.WrongPasswordError:
            form.current_password.errors = [_("The current password is not correct.")]
        else:
            db.session.commit()
            flash(_("Your password was changed."), "info")
            return redirect(url_for("main.home"))
    return render_template("account/password.html", form=form)
