from django import template

register = template.Library()

HOME_OUTAGES = 5


@register.inclusion_tag("outages/_next_outages.html")
def next_outages(now):
    """The next planned outages as a box on the home page: today's and later, of live notices only, in the order
    they start (one query: the box says when each starts, not its every window and place)."""
    from outages.filters import OutageEntryFilter

    entries = OutageEntryFilter({}, now=now).qs.prefetch_related(None)
    return {"entries": list(entries[:HOME_OUTAGES])}
