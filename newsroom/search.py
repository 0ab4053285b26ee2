"""The one search entry point: every desk's live items, by the public text each desk names.

Chinese has no spaces between words, so a term is matched as a substring
(icontains), which finds 财校 in 财校三台区 on SQLite and PostgreSQL alike; terms
separated by spaces must all match. Only live() items are searched, and only
the fields a desk lists in `public_search_fields`, so private intake data never
answers a search.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import Case, IntegerField, Q, Value, When

from newsroom.publication import publishable_models

MAX_TERMS = 5
MAX_LENGTH = 50


def terms_of(query):
    return [term for term in (query or "")[:MAX_LENGTH].split() if term][:MAX_TERMS]


def matching(model, terms):
    return reduce(and_, (reduce(or_, (Q(**{f"{f}__icontains": t}) for f in model.public_search_fields)) for t in terms))


def search(query, now=None):
    """{model: queryset of live matches}, the best (a match in the first field, as the headline) first."""
    terms = terms_of(query)
    if not terms:
        return {}
    results = {}
    for model in publishable_models():
        if not model.public_search_fields:
            continue
        first = model.public_search_fields[0]
        queryset = (
            model.objects.live(now)
            .filter(pk__in=model.objects.filter(matching(model, terms)).values("pk"))
            .annotate(
                rank=Case(
                    When(Q(**{f"{first}__icontains": terms[0]}), then=Value(0)), default=1, output_field=IntegerField()
                )
            )
            .order_by("rank", "-publish_at", "-pk")
        )
        results[model] = queryset
    return results
