"""Prepared statements (newsroom/postgresql): the hottest public reads are planned once per connection, nothing else.

A story, a page, an edition and their API answers read by id or by date, so one plan serves every value; a search
or a list filtered by a person must be planned for its own values, and is never prepared."""

import pytest
from django.db import connection

from newsroom.config import POSTGRES, database_settings
from newsroom.postgresql import prepared_statements, preparing
from tests.newsroom.test_query_counts import paper, urls, views_alone  # noqa: F401

pytestmark = pytest.mark.django_db
PG = "postgres://news@db.local:5432/zzrb"


def test_prepared_statements_are_on_unless_the_environment_says_no():
    assert database_settings({"DATABASE_URL": PG}, "/srv")["default"]["OPTIONS"] == {"prepared_statements": True}
    off = database_settings({"DATABASE_URL": PG, "PREPARED_STATEMENTS": "0"}, "/srv")["default"]
    assert (off["ENGINE"], off["OPTIONS"]) == (POSTGRES, {"prepared_statements": False})
    assert "OPTIONS" not in database_settings({"DATABASE_URL": "sqlite:///var/db.sqlite3"}, "/srv")["default"]


def test_the_switch_holds_for_the_block_alone_even_when_it_raises():
    with pytest.raises(ZeroDivisionError), prepared_statements():
        assert preparing()
        1 / 0  # noqa: B018
    assert not preparing()


def prepared_runs():
    """How many times this connection has run a prepared statement."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


def test_the_story_page_and_edition_are_prepared_and_searches_and_lists_are_not(client, paper):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    named = urls(paper)
    client.get(named["home"])  # the connection is open, and its statement cache empty
    connection.connection.execute("DEALLOCATE ALL")
    connection.connection._prepared.clear()
    for name in ("search", "search, a name", "contributor", "column", "notices by name", "number lookup", "outages"):
        assert client.get(named[name]).status_code == 200
    for name in ("api search", "api stories", "api stories of a contributor", "api contributor", "api number lookup"):
        assert client.get(named[name]).status_code == 200
    assert prepared_runs() == 0
    for name in ("story", "page", "edition", "api story", "api edition", "api page", "home", "story"):
        before = prepared_runs()
        assert client.get(named[name]).status_code == 200
        assert prepared_runs() > before, name
