"""The web app manifest: served to anyone, complete enough for "add to home screen" to
install an app (name, standalone, start_url, PNG icons that exist in the sizes they claim),
and linked from every page, signed in or not. The browser's own verdict: tests/browser/."""

from __future__ import annotations

import struct

import pytest

EN = {"Accept-Language": "en"}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_is_public_and_installable(client):
    response = client.get("/manifest.webmanifest", headers=EN)
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.json
    assert manifest["name"] == "Interview scorecards"
    assert manifest["short_name"] == "Scorecards"
    assert (manifest["display"], manifest["start_url"], manifest["scope"]) == (
        "standalone", "/", "/",
    )  # fmt: skip
    pngs = [i for i in manifest["icons"] if i["type"] == "image/png"]
    assert {i["sizes"] for i in pngs} >= {"192x192", "512x512"}
    assert any("maskable" in i["purpose"] for i in pngs)
    for icon in pngs:
        image = client.get(icon["src"])
        assert image.status_code == 200
        width, height = png_size(image.data)
        image.close()  # static files are streamed from disk
        assert f"{width}x{height}" == icon["sizes"]


def test_manifest_speaks_the_browsers_language(client):
    german = client.get("/manifest.webmanifest", headers={"Accept-Language": "de"}).json
    english = client.get("/manifest.webmanifest", headers=EN).json
    assert german["description"] != english["description"]


@pytest.mark.parametrize("roles", [None, "interviewer", "hiring_manager"])
def test_every_page_links_the_manifest(client, login_as, roles):
    pages = ["/login"] if roles is None else ["/", "/my/interviews", "/frameworks/"]
    if roles is not None:
        login_as(roles)
    for url in pages:
        page = client.get(url, headers=EN).text
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page, url
        assert "/static/print.css" in page, url  # the print stylesheet
