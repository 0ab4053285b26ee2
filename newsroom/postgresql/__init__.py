"""Django's PostgreSQL backend, with prepared statements for the public site's hottest reads.

Planning a story's query (three joins, three EXISTS, a dozen indexes to weigh) costs PostgreSQL about 4 ms of
CPU, ten times what running it does. A prepared statement is planned once per connection and then runs on its
plan. Only reads whose plan cannot depend on their values are prepared: those inside `prepared_statements()`
(a story by its id, a page or an edition by its date). Every other query is sent as Django sends it, because a
plan made for one value can be ruinous for another: a search for a common word and for a document number,
a contributor with ten thousand stories and one with five. PREPARED_STATEMENTS=0 turns them off, for a
connection pooler that cannot keep them (PgBouncer in transaction mode before 1.21).
"""

import contextvars
from contextlib import contextmanager

_preparing = contextvars.ContextVar("preparing", default=False)


@contextmanager
def prepared_statements():
    """Queries run inside (or in a view so decorated) are sent with server-side binding and prepared."""
    token = _preparing.set(True)
    try:
        yield
    finally:
        _preparing.reset(token)


def preparing():
    return _preparing.get()
