"""Pages of a newest-first list that cost the same at the top and ten years down (keyset pagination).

A list ordered by PublishableQuerySet.newest_first() (live_at descending, then id) is paged by the
item a page starts after: ?older=<id> continues below that item, ?newer=<id> goes back above it.
Each page reads its rows straight off the *_newest index; there is no count and no OFFSET, which
on an archive of a million notices sorted and skipped everything before the page asked for.
"""

from django.db.models import Q

from newsroom.publication import NEWEST_FIRST


def _older_than(anchor):
    # "live_at < t or (live_at = t and id > pk)", written so the index range starts at t.
    return Q(live_at__lte=anchor["live_at"]) & ~Q(live_at=anchor["live_at"], id__lte=anchor["id"])


def _newer_than(anchor):
    return Q(live_at__gte=anchor["live_at"]) & ~Q(live_at=anchor["live_at"], id__gte=anchor["id"])


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
    anchor = queryset.filter(pk=anchor_id).values("live_at", "id").first() if anchor_id.isdigit() else None
    if anchor is None:
        items = list(queryset[: per_page + 1])
        more_older = len(items) > per_page
        items = items[:per_page]
        return KeysetPage(items, request, older_id=items[-1].pk if more_older else None)
    if older:
        items = list(queryset.filter(_older_than(anchor))[: per_page + 1])
        more_older = len(items) > per_page
        items = items[:per_page]
        newer_id = items[0].pk if items else None
        return KeysetPage(items, request, newer_id=newer_id, older_id=items[-1].pk if more_older else None)
    backwards = [expression.copy() for expression in NEWEST_FIRST]
    for expression in backwards:
        expression.reverse_ordering()
    items = list(queryset.filter(_newer_than(anchor)).order_by(*backwards)[: per_page + 1])
    more_newer = len(items) > per_page
    items = items[:per_page][::-1]
    newer_id = items[0].pk if more_newer else None
    return KeysetPage(items, request, newer_id=newer_id, older_id=items[-1].pk if items else None)
