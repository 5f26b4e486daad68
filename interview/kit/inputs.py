"""The kit's inputs as HTML, the same markup WTForms' widgets write, written directly.

The kit has some twenty inputs; WTForms formats every attribute of every one through
``Markup.format`` and looks its validation flags up with ``dir()``, a fifth of the page's
time. The form itself (data, validation, errors) stays WTForms'; only writing the tags is
done here, for the three kinds of input the kit has. Anything else goes to the widget.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from wtforms.widgets import CheckboxInput, RadioInput, TextArea

# The validation flags each widget writes as attributes (as WTForms' widgets do).
TEXTAREA_FLAGS = ("disabled", "maxlength", "minlength", "readonly", "required")
CHOICE_FLAGS = ("disabled", "required")


def attributes(attrs: dict[str, Any]) -> str:
    """Sorted ``key="value"`` pairs; ``True`` writes the bare key, ``False`` nothing.
    ``class_`` and ``data_x_y`` become ``class`` and ``data-x-y``, like WTForms."""
    parts = []
    for key, value in sorted(attrs.items()):
        key = key.rstrip("_")
        if key.startswith(("data_", "aria_")):
            key = key.replace("_", "-")
        if value is True:
            parts.append(key)
        elif value is not False:
            parts.append(f'{key}="{escape(value)}"')
    return " ".join(parts)


def _with_flags(field: Any, attrs: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    flags = vars(field.flags)
    for name in names:
        if name in flags and name not in attrs:
            value = flags[name]
            attrs[name] = value() if callable(value) else value
    return attrs


def render(field: Any, **attrs: Any) -> Markup:
    """``field(**attrs)``, for the inputs of the kit."""
    widget = field.widget
    attrs.setdefault("id", field.id)
    attrs["name"] = field.name
    if isinstance(widget, TextArea):
        params = attributes(_with_flags(field, attrs, TEXTAREA_FLAGS))
        text = escape(field._value())
        return Markup(f"<textarea {params}>\r\n{text}</textarea>")  # noqa: S704  (escaped)
    if isinstance(widget, (CheckboxInput, RadioInput)):
        kind = "checkbox" if isinstance(widget, CheckboxInput) else "radio"
        attrs.setdefault("type", kind)
        attrs.setdefault("value", field._value())
        if getattr(field, "checked", field.data):
            attrs.setdefault("checked", True)
        params = attributes(_with_flags(field, attrs, CHOICE_FLAGS))
        return Markup(f"<input {params}>")  # noqa: S704  (every value escaped)
    del attrs["name"]
    return field(**attrs)


def label(field: Any) -> Markup:
    """``field.label``: ``<label for="id">text</label>``."""
    target, text = escape(field.id), escape(field.label.text)
    return Markup(f'<label for="{target}">{text}</label>')  # noqa: S704  (escaped)
