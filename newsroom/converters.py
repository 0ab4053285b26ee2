"""URL converters: a date that does not exist (2020-02-30) or a bad page code simply does not match, so 404; a feed's
format (rss or atom)."""

import datetime

from django.urls import register_converter


class DateConverter:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value):
        return datetime.date.fromisoformat(value)  # ValueError -> no match -> 404

    def to_url(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


class PageCodeConverter:
    regex = r"[A-Za-z][1-9][0-9]?"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return str(value).upper()


class AsItIs:
    """A path part matched by `regex` and used as it is."""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class PageFileConverter(AsItIs):
    """A page image's or PDF's name: 128 random bits and the format (newsroom.models.Page.set_files)."""

    regex = r"[0-9a-f]{32}\.(?:webp|jpg|pdf)"


class FeedFormatConverter(AsItIs):
    """rss or atom: one URL pattern serves a feed in both (newsroom.feeds.in_both_formats)."""

    regex = "rss|atom"


register_converter(DateConverter, "isodate")
register_converter(FeedFormatConverter, "feedformat")
register_converter(PageCodeConverter, "pagecode")
register_converter(PageFileConverter, "pagefile")
