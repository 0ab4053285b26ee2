import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article
from newsroom.models import Edition, Page
from newsroom.publication import Status

SHANGHAI = ZoneInfo("Asia/Shanghai")
SAMPLE_DAY = datetime.date(2020, 4, 28)
# The sample edition goes live at 06:00 Beijing time on its day.
SAMPLE_LIVE_AT = datetime.datetime(2020, 4, 28, 6, 0, tzinfo=SHANGHAI)


def at(*args):
    """A Beijing-time datetime: at(2020, 4, 28, 6, 0)."""
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def empty_cache():
    # The public page cache lives in local memory across tests: each test starts with none of another's pages.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_edition(db):
    def make(date=SAMPLE_DAY, publish_at=SAMPLE_LIVE_AT, pages=("A1", "A2"), **fields):
        edition = Edition.objects.create(date=date, publish_at=publish_at, **fields)
        for code in pages:
            Page.objects.create(edition=edition, code=code)
        return edition

    return make


@pytest.fixture
def make_article(db):
    counter = itertools.count(1)

    def make(headline=None, status=Status.PUBLISHED, publish_at=SAMPLE_LIVE_AT, **fields):
        return Article.objects.create(
            headline=headline or f"稿件{next(counter)}", status=status, publish_at=publish_at, **fields
        )

    return make


def pytest_configure(config):
    # PBKDF2's million rounds cost half a second a user; the suite creates and logs in hundreds.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
