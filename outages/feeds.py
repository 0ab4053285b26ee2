"""The iCalendar feed a reader subscribes to from a phone: one VEVENT per outage window."""

import functools
import hashlib

import icalendar
from django.conf import settings

from outages.models import EntryStatus
from outages.parser import SHANGHAI, format_areas

ICAL_STATUS = {
    EntryStatus.PLANNED: "CONFIRMED",
    EntryStatus.DONE: "CONFIRMED",
    EntryStatus.POSTPONED: "TENTATIVE",
    EntryStatus.CANCELLED: "CANCELLED",
}


def window_uid(window, domain):
    """Stable for the life of the window: editing its times keeps the UID, the entry's SEQUENCE goes up."""
    return f"outage-window-{window.pk}@{domain}"


@functools.cache
def beijing_timezone():
    """The VTIMEZONE of Asia/Shanghai: built once a process, not once a request (it costs more than the events)."""
    return icalendar.Timezone.from_tzid(SHANGHAI.key)


def event_for(entry, window, domain, url=""):
    status_note = ""
    if entry.status != EntryStatus.PLANNED:
        status_note = f"【{entry.get_status_display()}】"
    areas = format_areas(entry.parsed_areas())
    description = [f"高压线路:{entry.line}"]
    if entry.scope:
        description.append(f"停电范围:{entry.scope}")
    if areas:
        description.append(f"影响区域:{areas}")
    description.append(f"状态:{entry.get_status_display()}" + (f"({entry.reason})" if entry.reason else ""))
    notice = entry.notice
    description.append(f"来源:{' '.join(part for part in (notice.company, notice.title) if part)}")
    return icalendar.Event.new(
        uid=window_uid(window, domain),
        start=window.local_start,
        end=window.local_end,
        summary=f"{status_note}停电:{entry.line}",
        description="\n".join(description),
        location=areas or None,
        sequence=entry.sequence,
        status=ICAL_STATUS[entry.status],
        stamp=entry.updated_at,
        last_modified=entry.updated_at,
        url=url or None,
    )


def build_calendar(entries, *, domain, url="", filters=""):
    """A VCALENDAR (with the Asia/Shanghai VTIMEZONE) of the windows in each entry's `windows_in_range`."""
    name = f"{settings.NEWSPAPER_NAME} 检修停电安排"
    calendar = icalendar.Calendar.new(
        prodid=f"-//{settings.NEWSPAPER_NAME}//检修停电安排//ZH",
        name=name,
        description=f"{name}{(' ' + filters) if filters else ''}",
        uid=f"outages-{hashlib.sha256(filters.encode()).hexdigest()[:16]}@{domain}",
        url=url or None,
    )
    calendar.add_component(beijing_timezone())
    for entry in entries:
        for window in entry.windows_in_range:
            calendar.add_component(event_for(entry, window, domain, url))
    return calendar
