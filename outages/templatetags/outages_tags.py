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


@register.simple_tag(takes_context=True)
def outage_announcement(context, notice):
    """A notice on its page, with all its rows, as JSON-LD (outages/structured_data.py)."""
    from newsroom.structured_data import json_ld
    from outages.structured_data import announcement

    return json_ld(announcement(notice, list(notice.entries.all()), context["request"]))


@register.simple_tag(takes_context=True)
def outage_announcements(context, entries):
    """The rows a lookup found, as one JSON-LD block a notice."""
    from django.utils.safestring import mark_safe

    from newsroom.structured_data import json_ld
    from outages.structured_data import announcement

    by_notice = {}
    for entry in entries:
        by_notice.setdefault(entry.notice_id, (entry.notice, []))[1].append(entry)
    return mark_safe(
        "".join(json_ld(announcement(notice, rows, context["request"])) for notice, rows in by_notice.values())
    )
