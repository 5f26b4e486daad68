"""Home page, language switch, health check and the web app manifest."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from interview.errors import rollback_quietly
from interview.extensions import db
from interview.frameworks.services import current_bank
from interview.i18n import choose_locale
from interview.main.forms import LocaleForm
from interview.main.manifest import manifest
from interview.main.services import home_for
from interview.security import is_safe_redirect

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """The signed-in user's start page: next interviews, open requisitions, frameworks."""
    return render_template("main/home.html", home=home_for(current_user), bank=current_bank())


@bp.post("/locale")
def set_locale():
    """Switch the interface language; refuses unknown languages and foreign redirect targets."""
    form = LocaleForm()
    if not form.validate_on_submit() or not choose_locale(form.locale.data):
        flash(_("This language is not available."), "error")
    target = form.next.data
    return redirect(target if is_safe_redirect(target) else url_for("main.home"))


@bp.get("/healthz")
def health():
    """For load balancers: 200 when the database answers, else 503 with the reason."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        rollback_quietly()
        reason = f"database: {type(getattr(exc, 'orig', None) or exc).__name__}"
        return {"status": "unavailable", "reason": reason}, 503, {"Retry-After": "30"}
    return {"status": "ok"}


@bp.get("/manifest.webmanifest")
def web_manifest():
    """The web app manifest (public: browsers fetch it without the session)."""
    response = Response(json.dumps(manifest(), ensure_ascii=False),
                        mimetype="application/manifest+json")  # fmt: skip
    response.headers["Cache-Control"] = "no-cache"
    return response
