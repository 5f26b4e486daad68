"""Static files: versioned URLs, a year of caching for the current version, no-cache
otherwise; the service worker keeps its fixed URL and is always revalidated."""

from __future__ import annotations

import os
import re

from interview.static_files import MAX_AGE, StaticVersions


def test_pages_link_versioned_static_files(client):
    page = client.get("/login").text
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', page)
    js = re.search(r'src="(/static/app\.js\?v=[0-9a-f]{12})"', page)
    assert css is not None
    assert js is not None
    with client.get(css.group(1)) as response:
        assert response.data
    assert response.status_code == 200
    assert response.cache_control.max_age == MAX_AGE
    assert response.cache_control.public
    assert "immutable" in response.headers["Cache-Control"]
    assert not response.cache_control.no_cache


def test_unversioned_or_outdated_urls_are_revalidated(client):
    for url in ("/static/app.css", "/static/app.css?v=000000000000"):
        with client.get(url) as response:
            assert response.data
        assert response.status_code == 200
        assert response.cache_control.no_cache, url
        assert response.cache_control.max_age is None, url
        assert "immutable" not in response.headers["Cache-Control"]


def test_the_service_worker_is_never_cached_for_long(client):
    response = client.get("/sw.js")
    assert response.headers["Cache-Control"] == "no-cache"


def test_a_changed_file_gets_a_new_version(tmp_path):
    versions = StaticVersions(str(tmp_path))
    path = tmp_path / "kit.js"
    path.write_text("one")
    first = versions.of("kit.js")
    assert first == versions.of("kit.js")
    path.write_text("two, longer")
    os.utime(path, ns=(1, 1))  # even with an old time stamp: the size changed
    assert versions.of("kit.js") not in (None, first)
    assert versions.of("missing.js") is None
    assert versions.of("nul\0.js") is None
