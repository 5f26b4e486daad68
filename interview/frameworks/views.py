"""Read-only pages about the loaded frameworks."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext

from interview.frameworks.services import current_bank, get_framework

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks")


@bp.get("/")
def list_frameworks():
    """All frameworks of the loaded bank with their areas."""
    return render_template("frameworks/list.html", bank=current_bank())


@bp.get("/<framework_id>")
def show_framework(framework_id: str):
    """One framework: scale with anchors, levels, and every area with its expectations."""
    framework = get_framework(framework_id)
    if framework is None:
        abort(404)
    rule = framework.decision_rule
    words = rule.describe(len(framework.areas), gettext) if rule else None
    return render_template("frameworks/show.html", framework=framework, rule_words=words)
