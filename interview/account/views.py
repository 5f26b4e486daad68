"""The signed-in user's own account."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.account import services
from interview.account.forms import ApiTokenForm, ChangePasswordForm
from interview.api import tokens
from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.problems import Refused, show_refusal

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


@bp.route("/tokens", methods=["GET", "POST"])
def api_tokens():
    """Your personal access tokens for the API: make one (shown once, only now), see
    when each was last used, revoke them. A token acts with your roles."""
    user = current_user._get_current_object()
    form = ApiTokenForm()
    made = None
    if form.validate_on_submit():
        try:
            _row, made = tokens.create_token(user, form.name.data, form.scope.data)
        except Refused as refusal:
            db.session.rollback()
            show_refusal(form, refusal)
        else:
            db.session.commit()
            form = ApiTokenForm(formdata=None)
    status = 422 if request.method == "POST" and made is None else 200
    return render_template(
        "account/tokens.html", form=form, made=made, tokens=tokens.tokens_of(user),
        button_form=EmptyForm(),
    ), status  # fmt: skip


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_api_token(token_id: int):
    """Revoke one of your tokens: it stops working at once. 404 for others' tokens."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    if tokens.revoke(current_user._get_current_object(), token_id) is None:
        abort(404)
    db.session.commit()
    flash(_("The token was revoked."), "info")
    return redirect(url_for("account.api_tokens"))
