"""Templates translate through the request's catalog, looked up once per template, with
the behaviour of Jinja's newstyle gettext (escaping, %-formatting, plurals)."""

from __future__ import annotations

import pytest
from flask import render_template_string

SOURCE = (
    "{{ _('Candidate') }}|{{ _('expected %(value)s', value='<3>') }}|"
    "{{ ngettext('%(num)d candidate', '%(num)d candidates', 2) }}|"
    "{% trans count=1 %}{{ count }} candidate{% pluralize %}{{ count }} candidates{% endtrans %}|"
    "{{ _('100%%') }}"
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Kandidat|erwartet &lt;3&gt;|2 Kandidaten|1 candidate|100%"),
     ("en", "Candidate|expected &lt;3&gt;|2 candidates|1 candidate|100%")],
)  # fmt: skip
def test_templates_translate_escape_and_format(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert render_template_string(SOURCE) == expected


def test_a_template_rendered_without_the_context_processor_still_translates(app):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        template = app.jinja_env.from_string("{{ _('Candidate') }}")
        assert template.render() == "Kandidat"
