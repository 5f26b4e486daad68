"""A framework with 35 areas in sections: the framework page and the requisition form show
them collapsed by section, opening only what needs attention."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.bank_builder import SECTION_TITLES, soll_bank
from tests.conftest import BANK_PATH

EN = {"Accept-Language": "en"}
DETAILS = re.compile(r'<details class="([a-z-]+)" id="([a-z0-9-]+)"( open)?>')


@pytest.fixture
def app_config(app_config, tmp_path):
    bank = soll_bank(tmp_path / "bank", sectioned=True)
    shutil.copytree(BANK_PATH / "account-manager", bank / "account-manager")
    return {**app_config, "QUESTION_BANK_PATH": str(bank)}


def blocks(html: str, kind: str) -> dict[str, bool]:
    """id -> open, for every <details class=kind>."""
    return {m.group(2): bool(m.group(3)) for m in DETAILS.finditer(html) if m.group(1) == kind}


def form_data(owner: int, required: list[str], **overrides) -> dict:
    data = {
        "title": "Teamleitung Vertrieb", "required_areas": required, "min_rating": "target",
        "min_areas": "all", "none_below": "", "rule_text": "", "owner_id": str(owner),
        "status": "open", "scores_visible": "after_submit",
        **{f"target_{i}": str(1 + (i + 1) % 5) for i in range(35)},
    }  # fmt: skip
    data.update(overrides)
    return data


def test_framework_page_collapses_35_areas_into_five_sections(client, login_as):
    login_as("interviewer")
    page = client.get("/frameworks/fuehrung", headers=EN).text
    sections = blocks(page, "area-section")
    assert list(sections) == [
        "section-kommunikation-wirkung", "section-fuehrung-personal", "section-kunden-vertrieb",
        "section-planung-steuerung", "section-daten-recht-systeme",
    ]  # fmt: skip
    assert not any(sections.values())
    for title in SECTION_TITLES:
        assert f"<h2>{title.replace('&', '&amp;')}</h2>" in page
    assert page.count("7 areas") == 5
    # the table of contents names every area under its section, each area once on the page
    assert page.count('id="area-kriterium-') == 35
    assert page.index("section-fuehrung-personal") < page.index('href="#area-kriterium-8"')
    assert "<h3>Kriterium 8</h3>" in page


def test_framework_without_sections_keeps_the_plain_list(client, login_as):
    login_as("interviewer")
    page = client.get("/frameworks/account-manager", headers=EN).text
    assert "<details" not in page
    assert "<h2>Renewal Management</h2>" in page
    assert "discussed first: 1, 4" in page


def test_new_requisition_shows_sections_collapsed(client, login_as):
    login_as("hiring_manager")
    page = client.get("/requisitions/new?framework=fuehrung", headers=EN).text
    required = blocks(page, "checks-section")
    assert len(required) == 10  # five for required areas, five for target values
    assert not any(required.values())
    assert page.count("7 of 7 required") == 5
    assert page.count("0 targets changed") == 5
    assert page.count('type="checkbox"') == 35


def test_sections_with_a_choice_or_an_error_open(client, login_as):
    manager = login_as("hiring_manager")
    # three areas of the first section required, one target changed in the fourth section,
    # and a missing title: the form comes back
    data = form_data(manager.id, ["kriterium-1", "kriterium-2", "kriterium-3"], title="",
                     target_23="1")  # fmt: skip
    response = client.post("/requisitions/new?framework=fuehrung", data=data, headers=EN)
    assert response.status_code == 422
    opened = {k for k, v in blocks(response.text, "checks-section").items() if v}
    assert opened == {"required-kommunikation-wirkung", "targets-planung-steuerung"}
    assert "3 of 7 required" in response.text
    assert "0 of 7 required" in response.text
    assert "1 target changed" in response.text


def test_an_error_on_the_area_choice_opens_every_section(client, login_as):
    manager = login_as("hiring_manager")
    response = client.post(
        "/requisitions/new?framework=fuehrung", data=form_data(manager.id, []), headers=EN
    )
    assert response.status_code == 422
    required = {k: v for k, v in blocks(response.text, "checks-section").items()
                if k.startswith("required-")}  # fmt: skip
    assert len(required) == 5
    assert all(required.values())
