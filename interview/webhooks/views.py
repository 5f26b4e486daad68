"""Admin pages for webhooks: register endpoints, see each one's last delivery, switch
them off or remove them. Every route needs the admin role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.models import OutboxMessage, WebhookEndpoint
from interview.permissions import ADMIN, roles_required
from interview.problems import Refused, show_refusal
from interview.webhooks import services
from interview.webhooks.forms import WebhookForm

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")

RECENT = 20


@bp.route("", methods=["GET", "POST"])
@roles_required(ADMIN)
def list_endpoints():
    """Endpoints with their events and last status, the latest deliveries, and the form
    to add one (its signing secret is shown once, on the answer to the POST)."""
    form = WebhookForm()
    created = None
    if form.validate_on_submit():
        try:
            created = services.create_endpoint(form.url.data, form.events.data or [])
        except Refused as refusal:
            db.session.rollback()
            show_refusal(form, refusal)
        else:
            db.session.commit()
            form = WebhookForm(formdata=None)
    return _page(form, created, 422 if request.method == "POST" and created is None else 200)


def _page(form: WebhookForm, secret_of: WebhookEndpoint | None, status: int):
    """The webhooks page; ``secret_of``: the endpoint whose secret is shown (once)."""
    deliveries = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.channel == "webhook")
        .order_by(OutboxMessage.id.desc())
        .limit(RECENT)
    ).all()
    return render_template(
        "webhooks/list.html", form=form, created=secret_of, endpoints=services.endpoints(),
        deliveries=deliveries, events=services.EVENTS, button_form=EmptyForm(),
    ), status  # fmt: skip


@bp.post("/<int:endpoint_id>/active")
@roles_required(ADMIN)
def toggle(endpoint_id: int):
    """Switch an endpoint off (nothing more is queued for it) or on again."""
    endpoint = _endpoint(endpoint_id)
    services.set_active(endpoint, not endpoint.active)
    db.session.commit()
    flash(_("Webhook switched on.") if endpoint.active else _("Webhook switched off."), "info")
    return redirect(url_for("webhooks.list_endpoints"))


@bp.post("/<int:endpoint_id>/secret")
@roles_required(ADMIN)
def renew_secret(endpoint_id: int):
    """Replace the signing secret (a leaked one, or a lost one); shown once, on this answer."""
    endpoint = _endpoint(endpoint_id)
    services.renew_secret(endpoint)
    db.session.commit()
    return _page(WebhookForm(formdata=None), endpoint, 200)


@bp.post("/<int:endpoint_id>/delete")
@roles_required(ADMIN)
def delete(endpoint_id: int):
    """Remove an endpoint; deliveries still queued for it fail."""
    services.delete_endpoint(_endpoint(endpoint_id))
    db.session.commit()
    flash(_("Webhook removed."), "info")
    return redirect(url_for("webhooks.list_endpoints"))


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    if not EmptyForm().validate_on_submit():
        abort(400)
    return db.get_or_404(WebhookEndpoint, endpoint_id)
