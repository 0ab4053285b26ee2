import datetime
import itertools
import logging
import os
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
def imported_sample(db):
    """The sample edition imported and published (06:00 on 2020-04-28), the clock held at noon that day."""
    import time_machine
    from django.core.management import call_command

    from tests.sample import SAMPLE_PATH

    with time_machine.travel(at(2020, 4, 28, 5, 0), tick=False):
        call_command("import_edition", str(SAMPLE_PATH), "--date", "2020-04-28", "--page", "A2", "--publish")
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        yield


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, the `replica` alias that DATABASE_REPLICA_URL adds (built by config.py from the test database's
    own URL): a test mirror of default, so it reads the same test database. Nothing uses it unless a test turns the
    router on (tests/newsroom/test_replica.py); the rest of the suite runs without a router, as by default."""
    from django.conf import settings
    from django.db import connections

    from newsroom.config import POSTGRES, REPLICA, database_settings

    if connections.settings["default"]["ENGINE"] != POSTGRES:
        return
    url = os.environ["DATABASE_URL"]
    replica = database_settings({"DATABASE_URL": url, "DATABASE_REPLICA_URL": url}, settings.BASE_DIR)[REPLICA]
    connections.settings[REPLICA] = replica
    connections.configure_settings(connections.settings)  # Django's defaults for the new alias


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3 (moto's server in a thread, on a free port of 127.0.0.1) for this test process: its URL."""
    server_module = pytest.importorskip("moto.server", reason="moto[s3,server] is not installed (requirements.txt)")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()  # in a daemon thread, which ends with the test process (stop() would wait out a 0.5 s poll)
    host, port = server.get_host_and_port()
    return f"http://{host}:{port}"


def pytest_configure(config):
    # PBKDF2's million rounds cost half a second a user; the suite creates and logs in hundreds.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The static files as they are in static/, whatever an earlier `make run` collected into staticfiles/ (an old
    # manifest named old hashed files, and the browser tests saw yesterday's stylesheet).
    settings.STATIC_ROOT = settings.BASE_DIR / "var" / "no-collected-static-in-tests"
    settings.WHITENOISE_USE_FINDERS = True
