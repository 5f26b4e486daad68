"""The web app manifest: what a tablet needs to add the app to its home screen as an app
(its own window, name and icon) instead of a browser bookmark."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

ICON_SIZES = (180, 192, 512)
THEME_COLOR = "#1f5fbf"  # --accent in app.css
BACKGROUND_COLOR = "#f5f6f8"  # --bg


def manifest() -> dict[str, Any]:
    """In the browser's language (the manifest is fetched without the session)."""
    icons = [
        {
            "src": url_for("static", filename=f"icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in ICON_SIZES
    ]
    # the artwork keeps its picture inside the safe zone, so it can be cut to any shape
    icons.append({**icons[-1], "purpose": "maskable"})
    icons.append({"src": url_for("static", filename="icons/icon.svg"), "sizes": "any",
                  "type": "image/svg+xml", "purpose": "any"})  # fmt: skip
    return {
        "id": url_for("main.home"),
        "name": _("Interview scorecards"),
        "short_name": _("Scorecards"),
        "description": _("Structured interview scorecards for hiring teams."),
        "start_url": url_for("main.home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
    }
