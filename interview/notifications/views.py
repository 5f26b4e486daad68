"""Notification pages: a user's choices and calendar feed, the feed itself, the admin
outbox, and the recruiter's "remind now" button."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from interview.db import utcnow
from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.models import Interview, OutboxMessage, User, UserPreferences
from interview.notifications import events, feed, outbox, preferences
from interview.notifications.forms import (
    KIND_LABELS,
    STATUS_LABELS,
    OutboxFilterForm,
    PreferencesForm,
    RemindForm,
    build_preferences_form,
    mail_fields,
)
from interview.notifications.render import absolute_url
from interview.permissions import ADMIN, HIRING_ROLES, can_edit_loop, roles_required
from interview.problems import save
from interview.security import is_safe_redirect
from interview.webhooks.services import EVENTS

bp = Blueprint("notifications", __name__)


@bp.route("/account/notifications", methods=["GET", "POST"])
def edit_preferences():
    """The signed-in user's language for mails, the optional mails (assignment mails
    always come) and the calendar feed."""
    user = current_user._get_current_object()
    stored = preferences.preferences_of(user)
    form = _preferences_form(user, stored)
    if form.validate_on_submit():
        preferences.save_preferences(user, form.language.data, mail_fields(form))
        db.session.commit()
        flash(_("Your notification settings were saved."), "success")
        return redirect(url_for("notifications.edit_preferences"))
    return _render_preferences(form, stored), 422 if request.method == "POST" else 200


@bp.post("/account/calendar-feed")
def renew_feed():
    """Make a new secret feed URL (the previous one stops working); shown once."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    token = preferences.renew_feed_token(user, utcnow())
    db.session.commit()
    stored = preferences.preferences_of(user)
    url = absolute_url("notifications.calendar_feed", token=token)
    return _render_preferences(_preferences_form(user, stored, formdata=None), stored, url)


@bp.post("/account/calendar-feed/revoke")
def revoke_feed():
    """End the feed URL: calendar programs that subscribed get nothing more."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    if preferences.revoke_feed_token(current_user._get_current_object()):
        db.session.commit()
        flash(_("The calendar feed was switched off."), "info")
    return redirect(url_for("notifications.edit_preferences"))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """A user's interviews as an iCalendar feed, for calendar programs (no session:
    the secret URL is the key). 404 for an unknown or revoked token."""
    user = preferences.user_for_feed_token(token)
    if user is None:
        abort(404)
    body = feed.feed_for(user, utcnow())
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/admin/notifications")
@roles_required(ADMIN)
def list_outbox():
    """What was sent, what is pending and what failed (with the last error), newest
    first; ``?status=`` keeps one state."""
    filters = OutboxFilterForm(request.args)
    page = outbox.outbox_page(filters.status.data or None, request.args.get("page", 1, type=int))
    return render_template(
        "notifications/outbox.html",
        page=page,
        filters=filters,
        status_labels=STATUS_LABELS,
        kind_labels=KIND_LABELS | EVENTS,
        retry_form=EmptyForm(),
    )


@bp.post("/admin/notifications/<int:message_id>/retry")
@roles_required(ADMIN)
def retry_message(message_id: int):
    """Send a failed message again."""
    message = db.get_or_404(OutboxMessage, message_id)
    if EmptyForm().validate_on_submit():
        save(None, lambda: outbox.retry(message, utcnow()), _("The message will be sent again."))
    return redirect(url_for("notifications.list_outbox", status="failed"))


@bp.post("/interviews/<int:interview_id>/remind")
@roles_required(*HIRING_ROLES)
def remind_now(interview_id: int):
    """Remind the interviewer of a missing scorecard now (those who may plan the loop;
    once an hour per scorecard). 404 for interviews of other people's requisitions."""
    interview = db.get_or_404(Interview, interview_id)
    application = interview.loop.application
    if not can_edit_loop(current_user, application.requisition):
        abort(404)
    form = RemindForm()
    if form.validate_on_submit():
        save(
            None,
            lambda: events.remind_now(current_user, interview, utcnow()),
            _("%(name)s was reminded of the scorecard.", name=interview.interviewer.name),
        )
    target = form.next.data
    if is_safe_redirect(target):
        return redirect(target)
    return redirect(url_for("loops.show", application_id=application.id))


def _preferences_form(user: User, stored: UserPreferences, **kwargs: Any) -> PreferencesForm:
    form = build_preferences_form(current_app.config["LANGUAGES"], user.roles, obj=stored, **kwargs)
    if not form.is_submitted() or "formdata" in kwargs:
        form.language.data = stored.language or current_app.config["BABEL_DEFAULT_LOCALE"]
    return form


def _render_preferences(
    form: PreferencesForm, stored: UserPreferences, feed_url: str | None = None
) -> str:
    return render_template(
        "notifications/preferences.html",
        form=form,
        feed_active=stored.feed_token_hash is not None,
        feed_created_at=stored.feed_created_at,
        feed_url=feed_url,
        button_form=EmptyForm(),
    )
