"""The desk's feeds: the iCalendar feed a reader subscribes to from a phone (one VEVENT per outage window), and the
RSS and Atom feed of new outage notices (newsroom/feeds.py has what every desk's feeds share)."""

import functools
import hashlib

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from newsroom.feeds import ITEMS, DeskFeed, Person, Syndicated
from outages.models import EntryStatus, OutageNotice
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


class OutageNoticesFeed(DeskFeed):
    """New outage notices, newest first: each a table of rows (line, when, where, status) as the page prints it."""

    def title(self, subject):
        return f"{settings.NEWSPAPER_NAME} 检修停电公告"

    def link(self, subject):
        return reverse("outages:list")

    def description(self, subject):
        return f"{settings.NEWSPAPER_NAME}刊登的检修停电安排"

    def live_items(self, subject):
        notices = OutageNotice.listed(subject.now).newest_first()
        return notices.prefetch_related("entries__windows", "entries__areas__places")[:ITEMS]

    def syndicated(self, notice, subject):
        return Syndicated(people=[Person(notice.company)] if notice.company else [])

    def item_title(self, notice):
        return escape(str(notice))

    def item_link(self, notice):
        return notice.get_absolute_url()

    def item_guid(self, notice):
        return f"tag:{settings.SITE_DOMAIN},{notice.date.isoformat()}:outage-notice-{notice.pk}"

    def item_guid_is_permalink(self, notice):
        return False

    def item_description(self, notice):
        rows = [notice.warning] if notice.warning else []
        for entry in notice.entries.all():
            status = "" if entry.status == EntryStatus.PLANNED else f"【{entry.get_status_display()}】"
            rows.append(
                " ".join(
                    part
                    for part in (
                        status + entry.line,
                        entry.windows_text,
                        f"停电范围:{entry.scope}" if entry.scope else "",
                        f"影响区域:{entry.areas_text}" if entry.areas.all() else "",
                    )
                    if part
                )
            )
        return "<br>".join(escape(row) for row in rows)

    def item_pubdate(self, notice):
        return notice.live_at

    def item_updateddate(self, notice):
        return notice.live_at
