"""An outage notice as schema.org markup: a SpecialAnnouncement of the power company (its places as the
spatialCoverage) about one Event per outage window, at the places it names, with its status (postponed, cancelled)."""

from newsroom.structured_data import CONTEXT, LANGUAGE, absolute, compact
from outages.models import EntryStatus

EVENT_STATUS = {
    EntryStatus.PLANNED: "https://schema.org/EventScheduled",
    EntryStatus.DONE: "https://schema.org/EventScheduled",
    EntryStatus.POSTPONED: "https://schema.org/EventPostponed",
    EntryStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def place(name, district):
    data = {"@type": "Place", "name": name}
    if district:
        data["containedInPlace"] = {"@type": "AdministrativeArea", "name": district}
    return data


def places_of(entry):
    """The entry's places as schema.org Places (areas and places prefetched); an area printed without places is a
    place of its own (a district)."""
    found = []
    for area in entry.areas.all():
        names = [p.name for p in area.places.all()]
        if names:
            found += [place(name, area.district) for name in names]
        elif area.district:
            found.append({"@type": "AdministrativeArea", "name": area.district})
    return found


def events(entry, windows, organizer):
    where = places_of(entry)
    return [
        compact(
            {
                "@type": "Event",
                "name": f"停电:{entry.line}",
                "description": entry.scope,
                "startDate": window.local_start,
                "endDate": window.local_end,
                "eventStatus": EVENT_STATUS[entry.status],
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": where,
                "organizer": organizer,
            }
        )
        for window in windows
    ]


def announcement(notice, entries, request):
    """The SpecialAnnouncement of a notice with these of its entries (all of them on a page, the ones a lookup
    found on the outage list; windows, areas and places prefetched)."""
    organizer = {"@type": "Organization", "name": notice.company} if notice.company else None
    about = [event for entry in entries for event in events(entry, entry.windows.all(), organizer)]
    coverage, seen = [], set()
    for entry in entries:
        for where in places_of(entry):
            key = (where["name"], where.get("containedInPlace", {}).get("name"))
            if key not in seen:
                seen.add(key)
                coverage.append(where)
    return compact(
        {
            "@context": CONTEXT,
            "@type": "SpecialAnnouncement",
            "name": str(notice),
            "url": absolute(request, notice.get_absolute_url()),
            "inLanguage": LANGUAGE,
            "text": notice.warning,
            "datePosted": notice.live_at,
            "expires": max((event["endDate"] for event in about), default=None),
            "author": organizer,
            "spatialCoverage": coverage,
            "about": about,
        }
    )
