"""Reads of public requests from the PostgreSQL read replica; everything else on the primary.

Installed only when DATABASE_REPLICA_URL is set (newsroom/config.py: database_settings, replica_routing). A reader's
GET or HEAD of a public page reads the replica. The primary gets every write, every read inside a transaction, every
read of a request that is not a reader's (the admin, a logged-in user, any method but GET and HEAD), every read
after something was written in the same request (read-after-write), and every read outside a request (management
commands). Sessions and accounts are always read on the primary: a login just written there must not be missed
on a replica that lags behind.
"""

from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import NoReverseMatch, reverse

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
PRIMARY_ONLY_APPS = {"sessions", "auth"}
SAFE_METHODS = {"GET", "HEAD"}


class RequestReads:
    """Where the reads of the request being handled may go; `replica` turns False for good at its first write."""

    __slots__ = ("replica",)

    def __init__(self, replica):
        self.replica = replica


# None outside a request: the primary.
current_request = ContextVar("newsroom_request_reads", default=None)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        reads = current_request.get()
        if reads is None or not reads.replica:
            return PRIMARY
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        reads = current_request.get()
        if reads is not None:
            reads.replica = False  # read-after-write: the rest of this request reads what it wrote
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The same rows on both sides: an object read on the replica may point at one read on the primary.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def is_readers_request(request):
    """A GET or HEAD of a public page by someone not logged in."""
    if request.method not in SAFE_METHODS:
        return False
    try:
        if request.path.startswith(reverse("admin:index")):
            return False
    except NoReverseMatch:
        pass
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PinToPrimaryMiddleware:
    """Decide for each request whether its reads may go to the replica (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(RequestReads(replica=is_readers_request(request)))
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
