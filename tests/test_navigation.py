"""The header's navigation: each role sees the sections it may open, the current section
is marked, and the links follow the language and where the app is mounted."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from interview.models.users import ROLES
from interview.navigation import SECTIONS, sections_for


def nav_links(html: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [(href, bool(current)) for href, current in
            re.findall(r'<a href="([^"]+)"( aria-current="page")?>', nav)]  # fmt: skip


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ({"interviewer"}, ["/", "/my/interviews", "/frameworks/"]),
        ({"recruiter"}, ["/", "/requisitions/", "/candidates/", "/calibration/interviewers",
                         "/frameworks/"]),
        ({"works_council"}, ["/", "/frameworks/", "/council/"]),
        ({"data_protection"}, ["/", "/frameworks/", "/privacy/"]),
    ],
)  # fmt: skip
def test_each_role_sees_its_sections(client, login_as, roles, expected):
    login_as(*roles)
    links = nav_links(client.get("/frameworks/").get_data(as_text=True))
    assert [href for href, _ in links] == expected
    assert [href for href, current in links if current] == ["/frameworks/"]


@pytest.mark.parametrize("role", ROLES)
def test_the_header_links_exactly_the_sections_a_role_may_open(app, client, login_as, role):
    """Read from the pages' own role checks: every link opens, every hidden section's page
    refuses (403), except "My interviews", open to all and linked for interviewers."""
    login_as(role)
    shown = {href for href, _ in nav_links(client.get("/").get_data(as_text=True))}
    with app.test_request_context():
        every = {s.endpoint: url_for(s.endpoint) for s in SECTIONS}
    for endpoint, href in every.items():
        status = client.get(href).status_code
        if href in shown:
            assert status == 200, (role, href, status)
        elif endpoint != "assignments.my_interviews":
            assert status == 403, (role, href, status)
    assert ("/my/interviews" in shown) == (role == "interviewer")


def test_admins_see_every_section_and_the_current_one_moves(app, client, login_as):
    login_as("admin")
    home = nav_links(client.get("/").get_data(as_text=True))
    with app.app_context():
        assert len(home) == len(sections_for(frozenset({"admin"}))) == len(SECTIONS) - 1
    assert [href for href, current in home if current] == ["/"]
    users = nav_links(client.get("/admin/users").get_data(as_text=True))
    assert [href for href, current in users if current] == ["/admin/users"]


def test_links_follow_the_language_and_the_mount_point(client, login_as):
    login_as("interviewer")
    client.post("/locale", data={"locale": "de"})
    german = client.get("/frameworks/").get_data(as_text=True)
    assert ">Meine Interviews</a>" in german
    client.post("/locale", data={"locale": "en"})
    english = client.get("/frameworks/").get_data(as_text=True)
    assert ">My interviews</a>" in english
    mounted = client.get("/frameworks/", base_url="http://localhost/hiring")
    assert '<a href="/hiring/my/interviews">' in mounted.get_data(as_text=True)


def test_signed_out_pages_have_no_navigation(client):
    assert 'class="site-nav"' not in client.get("/login").get_data(as_text=True)


def test_every_section_names_an_existing_page(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {s.endpoint for s in SECTIONS} <= endpoints
