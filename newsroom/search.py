"""The one search entry point: every desk's live items, by the public text each desk names.

A desk lists what readers may search in `public_search_fields` (lookups, as admin search_fields,
related ones too: "bylines__contributor__name"); private intake data is never listed, so it never
answers a search. Every term must occur (as a substring: Chinese has no spaces between words).

On PostgreSQL each item keeps the tokens of that text in `search_vector` (newsroom.tokens: character
pairs of Chinese, suffixes of numbers and Latin words), GIN-indexed, so a search reads the index,
never the whole archive; where the tokens alone cannot prove a term is there (a phrase of three or
more characters, a term with punctuation), the text itself is checked, on the candidates only.
The tokens are rewritten whenever the item or anything its text comes from is saved or deleted
(signals, below), and for everything by `manage.py rebuild_search`. SQLite has no such index: it
checks the text of every item, with the same results.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce, wraps
from operator import and_, or_

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, router
from django.db.models import BooleanField, Exists, F, Func, Lookup, OuterRef, Q, Subquery
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.forms import one_line
from newsroom.publication import publishable_models
from newsroom.tokens import document_tokens, segments, term_query

MAX_TERMS = 5
MAX_LENGTH = 50
# A search counts and pages at most this many matches of a desk, newest first ("1000 多条").
RESULT_CAP = 1000


def terms_of(query):
    """The terms of a query: split at spaces and control characters (NUL, which PostgreSQL refuses, included), at most
    MAX_TERMS, each with a letter or digit to look for."""
    return [term for term in one_line((query or "")[:MAX_LENGTH]).split() if segments(term)][:MAX_TERMS]


def highlight(text, terms):
    """`text` as safe HTML with every occurrence of a term in <mark>: the text is escaped, never the markup."""
    if not terms:
        return escape(text)
    pattern = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    pieces = re.split(f"({pattern})", text, flags=re.IGNORECASE)
    return mark_safe("".join(f"<mark>{escape(p)}</mark>" if n % 2 else escape(p) for n, p in enumerate(pieces)))


SNIPPET_LENGTH = 80


def _excerpt(text, terms, length):
    """(before, piece, after): the part of `text` around the first term found (its start when none is), with an
    ellipsis before and after it where the text goes on."""
    flat = " ".join(text.split())
    found = [at for at in (flat.lower().find(term.lower()) for term in terms) if at >= 0]
    start = max(0, min(found) - length // 4) if found else 0
    return ("…" if start else ""), flat[start : start + length], ("…" if start + length < len(flat) else "")


def snippet(text, terms, length=SNIPPET_LENGTH):
    """The part of `text` around the first term found (its start when none is), with the terms marked."""
    before, piece, after = _excerpt(text, terms, length)
    return mark_safe(before + highlight(piece, terms) + after)


def plain_snippet(text, terms, length=SNIPPET_LENGTH):
    """snippet() as plain text, for an answer that is not HTML (the API)."""
    return "".join(_excerpt(text, terms, length))


def searchable_models():
    return [model for model in publishable_models() if model.public_search_fields]


def uses_index(model):
    return connections[router.db_for_read(model)].vendor == "postgresql"


@SearchVectorField.register_lookup
class TokensMatch(Lookup):
    """search_vector__tokens="'财校' & 'm4310':*": the tsquery text of newsroom.tokens, used as it is."""

    lookup_name = "tokens"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", [*lhs_params, *rhs_params]


def text_q(model, term):
    """The term stands in one of the public fields; related ones are asked through EXISTS, row by row.
    A term with no letter that has a case (汉字, digits) is matched as it is: upper-casing every text
    to compare would only cost time."""
    lookup = "icontains" if term.lower() != term.upper() else "contains"
    conditions = []
    for path in model.public_search_fields:
        if "__" in path:
            conditions.append(Exists(model.objects.filter(pk=OuterRef("pk"), **{f"{path}__{lookup}": term})))
        else:
            conditions.append(Q(**{f"{path}__{lookup}": term}))
    return reduce(or_, conditions)


def matching_q(model, terms):
    """Items of `model` whose public text holds every term, in one condition (the index and, where the tokens
    cannot prove it, the text)."""
    conditions = []
    for term in terms:
        if uses_index(model):
            tsquery, exact = term_query(term)
            indexed = Q(search_vector__tokens=tsquery)
            conditions.append(indexed if exact else indexed & text_q(model, term))
        else:
            conditions.append(text_q(model, term))
    return reduce(and_, conditions)


def capped_count(queryset, cap=RESULT_CAP):
    """How many, counting no further than `cap` (a count of every match would read them all); in any order,
    so that the database stops at the cap-th match it finds, however it finds them."""
    return queryset.order_by()[:cap].count()


def filter_matching(queryset, query):
    """`queryset` narrowed to items whose public text holds every term of `query` (all of it when none)."""
    terms = terms_of(query)
    return queryset.filter(matching_q(queryset.model, terms)) if terms else queryset


# Where the tokens cannot prove a term (a phrase), candidates are read newest first and checked against the
# text a chunk at a time, as far as the page shown needs: a phrase in thousands of stories costs the checks of
# its first page, not thousands (脱贫攻坚 on ten years: 193 -> 25 ms). Their count is then the candidates',
# "about" so many (约): never fewer than the matches.
CHECKED_AT_ONCE = 250


class Matches(Sequence):
    """The live items matching a search, newest first, for a Paginator: counted up to RESULT_CAP, read a page
    at a time. `candidates` are the ids the index finds; with a `check`, each must also meet it (the text)."""

    def __init__(self, items, candidates, check=None):
        self.items, self.candidates, self.check = items, candidates, check
        self.verified, self.read = [], 0

    @cached_property
    def total(self):
        count = capped_count(self.candidates)
        if self.check is not None and count <= CHECKED_AT_ONCE:
            self.verify(count)  # a few candidates: all checked, and counted exactly
            return len(self.verified)
        return count

    def count(self):
        return self.total

    __len__ = count

    def __iter__(self):
        return iter(self[: self.total])

    @property
    def approximate(self):
        return self.check is not None and self.read < self.total

    def verify(self, stop):
        """Check candidates, newest first, until `stop` of them are known to match or none is left."""
        while len(self.verified) < stop:
            chunk = list(self.candidates.values_list("pk", flat=True)[self.read : self.read + CHECKED_AT_ONCE])
            if not chunk:
                break
            self.read += len(chunk)
            held = self.items.model._base_manager.filter(self.check, pk__in=chunk).values_list("pk", flat=True)
            held = set(held)
            self.verified += [pk for pk in chunk if pk in held]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if self.check is None:
            ids = list(self.candidates.values_list("pk", flat=True)[start:stop])
        else:
            self.verify(stop)
            ids = self.verified[start:stop]
        found = {item.pk: item for item in self.items.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


def part_host(model):
    """The field of a part (model.search_parts) that names the item it belongs to."""
    return model._meta.get_field(model.search_parts).field.name


def in_item_or_parts(model, now, condition):
    """`condition` holds for the item or for one of its live parts (model.search_parts), whose text is its own."""
    if not model.search_parts:
        return condition
    parts = model.objects.live(now).filter(**{part_host(model): OuterRef("pk")})
    return condition | Exists(parts.filter(condition))


def matches(model, terms, now, live_between=None):
    """Matches of the live items of `model` holding every term (in their own text or their live parts'); with
    `live_between` (start or None, end or None), only those that went live in it."""
    live = model.listed(now)
    start, end = live_between or (None, None)
    if start:
        live = live.filter(live_at__gte=start)
    if end:
        live = live.filter(live_at__lt=end)
    items = model.search_results(live.select_related("page__edition"))
    if not uses_index(model):
        found = reduce(and_, (in_item_or_parts(model, now, text_q(model, term)) for term in terms))
        return Matches(items, live.filter(found).newest_first())
    queries = [term_query(term) for term in terms]
    indexed = (Q(search_vector__tokens=tsquery) | in_hosts_of_parts(model, now, tsquery) for tsquery, _ in queries)
    candidates = live.filter(reduce(and_, indexed))
    unproved = [term for term, (_, exact) in zip(terms, queries, strict=True) if not exact]
    check = reduce(and_, (in_item_or_parts(model, now, text_q(model, term)) for term in unproved)) if unproved else None
    return Matches(items, candidates.newest_first(), check)


class InArrayOf(Func):
    """`pk = ANY(ARRAY(subquery))`: PostgreSQL computes the array once and reads the primary key's index for it, so
    that it can OR it with the GIN index. (An EXISTS or IN over the parts, ORed with the tokens, made it read every
    row: a search for 工作 took 5 s on ten years.)"""

    arg_joiner = " = ANY(ARRAY("
    template = "(%(expressions)s)))"
    output_field = BooleanField()


def in_hosts_of_parts(model, now, tsquery):
    """The items one of whose live parts (model.search_parts) has the tokens of a term; nothing without parts."""
    if not model.search_parts:
        return Q(pk__in=[])
    host = part_host(model)
    parts = model.objects.live(now).filter(Q(search_vector__tokens=tsquery), **{f"{host}__isnull": False})
    return Q(InArrayOf(F("pk"), Subquery(parts.values(host))))


def days_between(since, until):
    """live_between for the Beijing days from `since` to `until` (each a date or None), or None for no bound."""
    if not (since or until):
        return None

    def day_start(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    return (since and day_start(since), until and day_start(until + datetime.timedelta(days=1)))


def search(query, now=None, models=None, live_between=None):
    """{model: Matches, the live items holding every term of `query`, newest first} for every desk with
    public text (or those of `models`), that went live between `live_between` (start, end) when given."""
    terms = terms_of(query)
    if not terms:
        return {}
    now = now or timezone.now()
    chosen = [model for model in searchable_models() if models is None or model in models]
    return {model: matches(model, terms, now, live_between) for model in chosen}


# -- the index ---------------------------------------------------------------------------------------


def documents(model, pks, *also):
    """{pk: the public text of the item} for these items, one query per related path; with field names in
    `also`, {pk: (text, *their values)}."""
    local = [path for path in model.public_search_fields if "__" not in path]
    rows = {pk: values for pk, *values in _rows(model, pks, [*also, *local])}
    texts = {pk: [value for value in values[len(also) :] if value] for pk, values in rows.items()}
    for path in model.public_search_fields:
        if "__" in path:
            for pk, value in _rows(model, pks, [path]):
                if value and pk in texts:
                    texts[pk].append(value)
    texts = {pk: "\n".join(map(str, parts)) for pk, parts in texts.items()}
    return {pk: (text, *rows[pk][: len(also)]) for pk, text in texts.items()} if also else texts


def _rows(model, pks, fields):
    return model._base_manager.filter(pk__in=pks).values_list("pk", *fields).order_by()


def write_vectors(model, rows):
    """Store the tokens of [(pk, tokens joined by spaces)] or [(pk, tokens joined by spaces, live_at)] in one
    statement. Tokens hold no space; PostgreSQL makes the tsvector from their array (three times faster than
    parsing a tsvector literal: this is most of what rebuild_search costs)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = list(zip(*rows, strict=True))
    with_live_at = len(columns) == 3
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET search_vector = array_to_tsvector(string_to_array(d.v, ' '))"
            + (", live_at = d.l" if with_live_at else "")
            + " FROM unnest(%s::bigint[], %s::text[]"
            + (", %s::timestamptz[]) AS d(id, v, l)" if with_live_at else ") AS d(id, v)")
            + f" WHERE {table}.id = d.id",
            [list(column) for column in columns],
        )


def reindex(model, pks):
    """Rewrite the tokens of these items (PostgreSQL; nothing to keep on SQLite)."""
    pks = list(pks)
    if not pks or not uses_index(model):
        return
    write_vectors(model, [(pk, " ".join(document_tokens(text))) for pk, text in documents(model, pks).items()])


_pending = ContextVar("newsroom_search_pending", default=None)


@contextmanager
def batch():
    """Within the block, items whose text changed are reindexed once, at its end (an import, an admin save)."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set(defaultdict(set))
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    for model, pks in pending.items():
        reindex(model, pks)


def batching(function):
    """batch() as a decorator."""

    @wraps(function)
    def batched(*args, **kwargs):
        with batch():
            return function(*args, **kwargs)

    return batched


def changed(model, pks):
    pending = _pending.get()
    if pending is None:
        reindex(model, pks)
    else:
        pending[model].update(pks)


def dependencies(model):
    """[(related model, lookup from the item to it)] along its related search paths: a change of one of
    those rows changes the item's text. "bylines__contributor__name" gives Byline via "bylines" and
    Contributor via "bylines__contributor"."""
    found = []
    for path in model.public_search_fields:
        parts, current = path.split("__")[:-1], model
        for depth, name in enumerate(parts, 1):
            current = current._meta.get_field(name).related_model
            found.append((current, "__".join(parts[:depth])))
    return list(dict.fromkeys(found))


_related_changes = defaultdict(list)


def bulk_created(model, objs):
    """Rows made by bulk_create(), which sends no signal: the items whose text they are part of are reindexed."""
    for handler in _related_changes[model]:
        if uses_index(handler.model):
            lookup = {f"{handler.lookup}__in": objs}
            changed(handler.model, handler.model._base_manager.filter(**lookup).values_list("pk", flat=True))


def connect_signals():
    """Keep the index right on every save and delete (called once, from NewsroomConfig.ready)."""
    for model in searchable_models():
        post_save.connect(_item_saved, sender=model, weak=False, dispatch_uid=f"search-{model._meta.label}")
        for related, lookup in dependencies(model):
            uid = f"search-{model._meta.label}-{lookup}"
            handler = _RelatedChange(model, lookup)
            _related_changes[related].append(handler)
            post_save.connect(handler.saved, sender=related, weak=False, dispatch_uid=uid)
            pre_delete.connect(handler.deleting, sender=related, weak=False, dispatch_uid=uid)
            post_delete.connect(handler.deleted, sender=related, weak=False, dispatch_uid=uid)


def _item_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        changed(sender, [instance.pk])


class _RelatedChange:
    def __init__(self, model, lookup):
        self.model, self.lookup = model, lookup

    def owners(self, instance):
        return set(self.model._base_manager.filter(**{self.lookup: instance}).values_list("pk", flat=True))

    def saved(self, sender, instance, raw=False, **kwargs):
        if not raw and uses_index(self.model):
            changed(self.model, self.owners(instance))

    def deleting(self, sender, instance, **kwargs):
        if uses_index(self.model):
            instance._search_owners = {**getattr(instance, "_search_owners", {}), self: self.owners(instance)}

    def deleted(self, sender, instance, **kwargs):
        owners = getattr(instance, "_search_owners", {}).get(self)
        if owners:
            changed(self.model, owners)
