"""Admin screens: users and the audit trail. Every route needs the admin role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from interview.admin import services
from interview.admin.forms import (
    ROLE_LABELS,
    ActiveForm,
    AuditFilterForm,
    NewUserForm,
    UserForm,
    UserSearchForm,
)
from interview.edges import page_arg
from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.models import User
from interview.permissions import ADMIN, roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@roles_required(ADMIN)
def list_users():
    """All users, inactive ones too, 25 a page; ``?q=`` searches name and e-mail."""
    search = UserSearchForm(request.args)
    users = services.list_users(search.q.data or "", _page())
    return render_template("admin/users.html", users=users, search=search, role_labels=ROLE_LABELS)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def create_user():
    """Add a user. Refusals (e-mail in use, ...) come back as form errors. A generated
    password is shown once on the response page: never flashed, stored or put in a URL."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user, generated = services.create_user(
                form.name.data, form.email.data, form.roles.data, form.password.data or None
            )
        except services.UserRuleError as error:
            _add_error(form, error)
        else:
            db.session.commit()
            if generated:
                return _show_password(user, generated, heading=_("User created"))
            flash(_("%(name)s was added.", name=user.name), "info")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_user(user_id: int):
    """Change a user's name, e-mail and roles; the page also offers (de)activation and a
    password reset. Refusals (own admin role, last admin, ...) come back as form errors."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        try:
            changes = services.update_user(
                user, _actor(), name=form.name.data, email=form.email.data, roles=form.roles.data
            )
        except services.UserRuleError as error:
            _add_error(form, error)
        else:
            db.session.commit()
            flash(_("Changes saved.") if changes else _("Nothing was changed."), "info")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        active_form=ActiveForm(),
        reset_form=EmptyForm(),
    )


@bp.post("/users/<int:user_id>/active")
@roles_required(ADMIN)
def set_active(user_id: int):
    """Deactivate (``active=0``) or reactivate (``active=1``) a user. Refuses yourself and
    the last active admin (the message is shown on the user's page)."""
    user = db.get_or_404(User, user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = services.set_active(user, _actor(), form.active.data == "1")
    except services.UserRuleError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        if changed and user.active:
            flash(_("%(name)s can sign in again.", name=user.name), "info")
        elif changed:
            flash(_("%(name)s is deactivated and can no longer sign in.", name=user.name), "info")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/password")
@roles_required(ADMIN)
def reset_password(user_id: int):
    """Give the user a new generated password and show it once on the response page."""
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    password = services.reset_password(user)
    db.session.commit()
    return _show_password(user, password, heading=_("Password reset"))


@bp.get("/audit")
@roles_required(ADMIN)
def list_audit():
    """Audit events newest first, 50 a page; ``?type=`` keeps one object type."""
    filters = AuditFilterForm(request.args)
    types = services.audit_object_types()
    filters.type.choices = [SelectChoice("", _("All")), *(SelectChoice(t) for t in types)]
    events = services.list_audit(filters.type.data or None, _page())
    return render_template("admin/audit.html", events=events, filters=filters)


def _page() -> int:
    return page_arg()


def _actor() -> User:
    return current_user._get_current_object()


def _add_error(form: FlaskForm, error: services.UserRuleError) -> None:
    field = form[error.field]
    field.errors = [*field.errors, error.message]


def _show_password(user: User, password: str, *, heading: str):
    # Rendered, not redirected: the password must not travel in a URL or the session.
    return render_template("admin/password.html", user=user, password=password, heading=heading)
