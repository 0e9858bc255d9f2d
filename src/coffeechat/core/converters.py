"""Path converters shared by every app's urls.py.

`<id:...>` is the only way an address names a row: at most 18 ASCII digits, so it always fits
SQLite's integer and PostgreSQL's bigint. Django's `<int:...>` takes any length (a 30-digit id
overflowed the database and answered 500) and is not used.
"""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def register():
    register_converter(IdConverter, "id")
