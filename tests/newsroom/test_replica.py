"""The read replica (DATABASE_REPLICA_URL): readers' GETs read the replica; everything else, the primary.

The router's decisions are tested on both databases. On PostgreSQL the suite also has the `replica` alias that
config.py builds, as a test mirror of default (tests/conftest.py), and the tests at the end send requests through
the test client with the router and its middleware turned on, counting each alias's queries. A test mirror only
sees committed rows, so those tests are transactional (Django's docs: test mirrors need TransactionTestCase).
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom.config import POSTGRES, REPLICA, replica_routing
from newsroom.models import Edition
from newsroom.routers import PinToPrimaryMiddleware, PrimaryReplicaRouter, current_request

router = PrimaryReplicaRouter()
LOGGED_IN = SimpleNamespace(is_authenticated=True)


def reads_during(request, *, during=None, user=None):
    """Handle `request` through the middleware; return where Article is read at the start of its view and after
    `during` (a callable run in the view), and where it is read once the request is over."""
    request.user = user or AnonymousUser()
    seen = []

    def view(request):
        seen.append(router.db_for_read(Article))
        if during:
            during()
            seen.append(router.db_for_read(Article))
        return None

    PinToPrimaryMiddleware(view)(request)
    seen.append(router.db_for_read(Article))
    return seen


def test_a_readers_get_and_head_read_the_replica_and_nothing_outside_a_request_does():
    assert router.db_for_read(Article) == "default"  # a management command, a shell
    assert reads_during(RequestFactory().get("/articles/1/")) == [REPLICA, "default"]
    assert reads_during(RequestFactory().head("/")) == [REPLICA, "default"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_any_other_method_reads_the_primary(method):
    assert reads_during(getattr(RequestFactory(), method)("/search/")) == ["default", "default"]


def test_the_admin_and_a_logged_in_user_read_the_primary():
    assert reads_during(RequestFactory().get("/admin/articles/article/")) == ["default", "default"]
    assert reads_during(RequestFactory().get("/admin/login/")) == ["default", "default"]
    assert reads_during(RequestFactory().get("/articles/1/"), user=LOGGED_IN) == ["default", "default"]


def test_after_a_write_the_rest_of_the_request_reads_the_primary():
    def write():
        assert router.db_for_write(Edition) == "default"

    assert reads_during(RequestFactory().get("/"), during=write) == [REPLICA, "default", "default"]
    # ...and the next request starts afresh
    assert reads_during(RequestFactory().get("/")) == [REPLICA, "default"]


def test_sessions_and_accounts_are_always_read_on_the_primary():
    def read_accounts():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"

    assert reads_during(RequestFactory().get("/"), during=read_accounts) == [REPLICA, REPLICA, "default"]


def test_reads_inside_a_transaction_go_to_the_primary(monkeypatch):
    def read_in_atomic():
        monkeypatch.setattr(connections["default"], "in_atomic_block", True)  # what transaction.atomic() sets
        assert router.db_for_read(Article) == "default"
        monkeypatch.undo()

    assert reads_during(RequestFactory().get("/"), during=read_in_atomic) == [REPLICA, REPLICA, "default"]


def test_migrations_only_on_the_primary_and_relations_across_the_two():
    assert router.allow_migrate("default", "articles", "article") is True
    assert router.allow_migrate(REPLICA, "articles", "article") is False
    on_replica, on_primary = Edition(), Article()
    on_replica._state.db, on_primary._state.db = REPLICA, "default"
    assert router.allow_relation(on_replica, on_primary) is True
    elsewhere = Article()
    elsewhere._state.db = "archive"
    assert router.allow_relation(on_replica, elsewhere) is None


def test_the_request_state_does_not_outlive_a_failing_request():
    def view(request):
        raise RuntimeError("boom")

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(RuntimeError):
        PinToPrimaryMiddleware(view)(request)
    assert current_request.get() is None


# End to end on PostgreSQL: the replica alias is the primary's test database, reached by its own connection.

on_postgres = pytest.mark.skipif(
    "connections['default'].vendor != 'postgresql'",
    reason="the replica alias exists on PostgreSQL only (DATABASE_REPLICA_URL is refused with SQLite)",
)


@pytest.fixture
def with_replica(settings):
    """The router and middleware exactly as settings.py installs them when DATABASE_REPLICA_URL is set."""
    assert connections.settings["default"]["ENGINE"] == POSTGRES
    settings.DATABASE_ROUTERS, settings.MIDDLEWARE = replica_routing(connections.settings, settings.MIDDLEWARE)
    settings.ROOT_URLCONF = "tests.newsroom.replica_urls"
    # What is counted here is where the pages read; the page cache reads its publication instants on the primary.
    settings.PAGE_CACHE_SECONDS = 0


def sql_of(*alias_contexts):
    return [[q["sql"] for q in context.captured_queries] for context in alias_contexts]


def capture_each():
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(connections[REPLICA])


@on_postgres
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
@pytest.mark.usefixtures("with_replica")
class TestThroughTheTestClient:
    def test_a_readers_page_reads_the_replica_alone_and_the_admins_and_a_logged_in_users_the_primary(
        self, client, admin_client, make_article, make_edition
    ):
        article, edition = make_article("一条上线的稿件"), make_edition()
        primary, replica = capture_each()
        with primary, replica:
            response = client.get(f"/articles/{article.pk}/")
        assert response.status_code == 200 and "一条上线的稿件" in response.content.decode()
        primary_sql, replica_sql = sql_of(primary, replica)
        assert primary_sql == []
        assert any('FROM "articles_article"' in sql for sql in replica_sql)

        primary, replica = capture_each()
        with primary, replica:
            assert admin_client.get(f"/articles/{article.pk}/").status_code == 200  # the public page, logged in
        primary_sql, replica_sql = sql_of(primary, replica)
        assert replica_sql == [] and any('FROM "articles_article"' in sql for sql in primary_sql)

        primary, replica = capture_each()
        with primary, replica:
            assert admin_client.get("/admin/newsroom/edition/").status_code == 200
            response = admin_client.post(f"/admin/newsroom/edition/{edition.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302 and not Edition.objects.exists()
        primary_sql, replica_sql = sql_of(primary, replica)
        assert replica_sql == []
        assert any(sql.startswith("SELECT") and 'FROM "newsroom_edition"' in sql for sql in primary_sql)
        assert any(sql.startswith('DELETE FROM "newsroom_edition"') for sql in primary_sql)

    def test_the_page_cache_reads_the_publication_instants_on_the_primary(self, client, make_article, settings):
        settings.PAGE_CACHE_SECONDS = 600
        article = make_article("一条上线的稿件")
        primary, replica = capture_each()
        with primary, replica:
            assert client.get(f"/articles/{article.pk}/").status_code == 200
        primary_sql, replica_sql = sql_of(primary, replica)
        assert primary_sql and all(sql.startswith('SELECT MIN("') for sql in primary_sql)  # a replica may lag
        assert any('FROM "articles_article"' in sql for sql in replica_sql)

    def test_a_post_reads_and_writes_the_primary_and_a_get_after_its_first_write_or_in_a_transaction(self, client):
        primary, replica = capture_each()
        with primary, replica:
            assert client.post("/test/read-write-read/").content == b"0 1"
        primary_sql, replica_sql = sql_of(primary, replica)
        assert replica_sql == []
        assert [sql.split()[0] for sql in primary_sql if "newsroom_edition" in sql] == ["SELECT", "INSERT", "SELECT"]

        primary, replica = capture_each()
        with primary, replica:
            assert client.get("/test/read-write-read/").content == b"1 2"
            assert client.get("/test/read-write-read/").content == b"2 3"  # the next GET starts on the replica
        primary_sql, replica_sql = sql_of(primary, replica)
        assert [sql.split()[0] for sql in replica_sql] == ["SELECT", "SELECT"]  # each GET's first count
        assert [sql.split()[0] for sql in primary_sql if "newsroom_edition" in sql] == [
            "INSERT",
            "SELECT",
            "INSERT",
            "SELECT",
        ]

        primary, replica = capture_each()
        with primary, replica:
            assert client.get("/test/read-in-and-after-a-transaction/").content == b"3 0"
        primary_sql, replica_sql = sql_of(primary, replica)
        assert [sql for sql in primary_sql if "newsroom_edition" in sql] == [
            'SELECT COUNT(*) AS "__count" FROM "newsroom_edition" WHERE "newsroom_edition"."number" IS NULL'
        ]
        assert replica_sql == [
            'SELECT COUNT(*) AS "__count" FROM "newsroom_edition" WHERE "newsroom_edition"."number" IS NOT NULL'
        ]
