"""The kit writes its inputs itself (``interview.kit.inputs``): the markup must stay the
markup WTForms' widgets write, for any value a draft can hold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Form, IntegerField, RadioField, TextAreaField
from wtforms.validators import Length, Optional

from interview.form_helpers import choices
from interview.kit import inputs

texts = st.text(max_size=40)


class Sample(Form):
    note = TextAreaField("Notes <&>", validators=[Optional(), Length(max=20)])
    asked = BooleanField("Asked")
    rating = RadioField("Rating", choices=choices([("1", "One"), ("2", 'Two "2"'), ("x", "<x>")]))
    count = IntegerField("Count")


@given(texts, st.booleans(), st.sampled_from(["", "1", "2", "x", "9"]), texts, st.integers())
def test_inputs_are_written_as_wtforms_writes_them(note, asked, rating, extra, version):
    data = MultiDict({"note": note, "rating": rating, **({"asked": "y"} if asked else {})})
    form = Sample(data)
    attrs = {"data_field": extra, "data_version": version, "rows": 4, "class_": extra}
    assert inputs.render(form.note, **attrs) == form.note(**attrs)
    assert inputs.render(form.asked, **attrs) == form.asked(**attrs)
    for choice in form.rating:
        assert inputs.render(choice, **attrs) == choice(**attrs)
    assert inputs.render(form.note, aria_describedby="hint") == form.note(aria_describedby="hint")
    assert inputs.label(form.note) == form.note.label()
    # other kinds of input are left to their widget
    assert inputs.render(form.count, **attrs) == form.count(**attrs)


def test_boolean_attributes_are_written_bare_or_left_out():
    assert inputs.attributes({"checked": True, "disabled": False, "b": 1, "a": '"'}) == (
        'a="&#34;" b="1" checked'
    )
