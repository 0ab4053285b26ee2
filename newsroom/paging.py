"""Pages of a newest-first list that cost the same at the top and ten years down (keyset pagination).

A list ordered by PublishableQuerySet.newest_first() (live_at descending, then id) is paged by the
item a page starts after: ?older=<id> continues below that item, ?newer=<id> goes back above it.
Each page reads its rows straight off the *_newest index; there is no count and no OFFSET, which
on an archive of a million notices sorted and skipped everything before the page asked for.

The site names the anchor by its id (keyset_page); the API carries the anchor's key itself in an
opaque cursor (newsroom/api_common.py). Both read their slice through keyset_slice.
"""

from django.db.models import F, Q

# The key of a newest-first list: its first field descending, then a tiebreak ascending (publication.NEWEST_FIRST).
NEWEST = ("live_at", "id")


def _older_than(anchor, key=NEWEST):
    first, *tiebreak = key
    if not tiebreak:
        return Q(**{f"{first}__lt": anchor[first]})
    # "live_at < t or (live_at = t and id > pk)", written so the index range starts at t.
    return Q(**{f"{first}__lte": anchor[first]}) & ~Q(
        **{first: anchor[first], f"{tiebreak[0]}__lte": anchor[tiebreak[0]]}
    )


def _newer_than(anchor, key=NEWEST):
    first, *tiebreak = key
    if not tiebreak:
        return Q(**{f"{first}__gt": anchor[first]})
    return Q(**{f"{first}__gte": anchor[first]}) & ~Q(
        **{first: anchor[first], f"{tiebreak[0]}__gte": anchor[tiebreak[0]]}
    )


def keyset_slice(queryset, per_page, older=None, newer=None, key=NEWEST):
    """(items, more_newer, more_older): the page of `queryset` (ordered newest first by `key`) below the anchor
    `older`, above the anchor `newer` ({field: value} of the key), or at the top. more_newer and more_older say
    whether items stand above the first and below the last."""
    if older is not None:
        items = list(queryset.filter(_older_than(older, key))[: per_page + 1])
        return items[:per_page], bool(items), len(items) > per_page
    if newer is not None:
        first, *tiebreak = key
        backwards = [F(first).asc(), *(F(field).desc() for field in tiebreak)]
        items = list(queryset.filter(_newer_than(newer, key)).order_by(*backwards)[: per_page + 1])
        return items[:per_page][::-1], len(items) > per_page, bool(items)
    items = list(queryset[: per_page + 1])
    return items[:per_page], False, len(items) > per_page


class KeysetPage:
    keyset = True

    def __init__(self, object_list, request, newer_id=None, older_id=None):
        self.object_list = object_list
        self.request = request
        self.newer_id, self.older_id = newer_id, older_id

    def __iter__(self):
        return iter(self.object_list)

    def has_previous(self):
        return self.newer_id is not None

    def has_next(self):
        return self.older_id is not None

    def has_other_pages(self):
        return self.has_previous() or self.has_next()

    def _query(self, param, value):
        query = self.request.GET.copy()
        query.pop("older", None)
        query.pop("newer", None)
        query[param] = value
        return "?" + query.urlencode()

    @property
    def previous_query(self):
        return self._query("newer", self.newer_id)

    @property
    def next_query(self):
        return self._query("older", self.older_id)


def keyset_page(request, queryset, per_page):
    """The page of `queryset` (live items, ordered newest first) that the request's ?older= / ?newer= asks for.

    An id that is not an item of this list (mistyped, or no longer published) gives the first page, as
    Django's Paginator.get_page() does with a page number it cannot use.
    """
    older, newer = request.GET.get("older", ""), request.GET.get("newer", "")
    anchor_id = older or newer
    anchor = queryset.filter(pk=anchor_id).values(*NEWEST).first() if anchor_id.isdigit() else None
    if anchor is None:
        items, more_newer, more_older = keyset_slice(queryset, per_page)
    elif older:
        items, more_newer, more_older = keyset_slice(queryset, per_page, older=anchor)
    else:
        items, more_newer, more_older = keyset_slice(queryset, per_page, newer=anchor)
    newer_id = items[0].pk if items and more_newer else None
    older_id = items[-1].pk if items and more_older else None
    return KeysetPage(items, request, newer_id=newer_id, older_id=older_id)
