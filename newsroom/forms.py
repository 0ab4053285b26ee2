"""Form fields shared by the desks' public lookups."""

import re

from django import forms

# Line breaks, tabs and every other control character: none belongs in a one-line query, and a line break that
# reached a calendar or a header would end the line it is written on.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(value):
    """The text on one line: each run of control characters (newlines included) and spaces becomes one space."""
    return " ".join(CONTROL.sub(" ", value).split())


class OneLineField(forms.CharField):
    """A CharField whose value is one line of plain text, whatever was sent (NUL is refused by CharField itself)."""

    def to_python(self, value):
        value = super().to_python(value)
        return one_line(value) if value else value
