"""sitemap.xml: an index of sections, each well under the protocol's 50,000 URLs however long the archive grows.

newsroom/urls.py composes the desks' sitemaps (as a project passes Django's sitemap views its dict of sections):
- a day (/sitemaps/<date>.xml): what went out that day, one DaySitemap of each desk: the edition and its pages
  (here), the stories printed in it and that day's web-first stories (articles), the notices printed in it
  (notices). A day is bounded by one day's paper: some hundreds of URLs (ten years are 3,650 of these sections);
- a long list by id (/sitemaps/<name>/<n>.xml, a PartSitemap: columns, contributors): part n holds the live ones
  among ids [n × PART_SIZE, (n+1) × PART_SIZE), so a part has at most PART_SIZE (10,000) URLs by construction;
- the Google News sitemap (articles), at most 1,000 stories of the last two days.
Every section lists live items only, through live(), and costs a fixed number of queries (one per desk a day, one
a part); the index one query per desk and per list (which parts hold something live).
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import F
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape

from newsroom.models import Edition, Page

MAX_URLS = 50_000
PART_SIZE = 10_000
MAX_ID = 2**63 - 1  # a bigger part number is no part (and no integer the database takes)


def beijing_day(moment):
    return moment.astimezone(timezone.get_current_timezone()).date()


def day_bounds(day):
    start = datetime.datetime.combine(day, datetime.time(), timezone.get_current_timezone())
    return start, start + datetime.timedelta(days=1)


class DaySitemap(Sitemap):
    """A desk's part of one day's sitemap. `days(now)` names the days it has something live for (with the Beijing
    day it last changed), in one query; `day_items()` what it has on `day`, in one query."""

    limit = MAX_URLS

    def __init__(self, day, now):
        self.day, self.now = day, now

    @classmethod
    def days(cls, now):
        return {}

    def items(self):
        return self.listed

    @cached_property
    def listed(self):
        return list(self.day_items())

    def day_items(self):
        raise NotImplementedError

    def lastmod(self, item):
        return item.live_at


class EditionDaySitemap(DaySitemap):
    """The day's live edition and its pages."""

    changefreq = "never"

    @classmethod
    def days(cls, now):
        return {day: beijing_day(live) for day, live in Edition.objects.live(now).values_list("date", "publish_at")}

    def day_items(self):
        pages = list(Page.objects.live(self.now).filter(edition__date=self.day).select_related("edition"))
        return [pages[0].edition, *pages] if pages else list(Edition.objects.live(self.now).filter(date=self.day))

    def lastmod(self, item):
        return (item.edition if isinstance(item, Page) else item).publish_at


class PartSitemap(Sitemap):
    """A list too long for one file, in parts by id. `live(now)` is the queryset of what may be listed;
    `parts(now)` the numbers of the parts that hold something live (one query), so that no part the index names is
    empty (the protocol's <urlset> has at least one <url>)."""

    changefreq = "weekly"

    def __init__(self, part, now):
        self.part, self.now = part, now

    @classmethod
    def live(cls, now):
        raise NotImplementedError

    @classmethod
    def parts(cls, now):
        numbers = cls.live(now).annotate(part=F("pk") / PART_SIZE).values_list("part", flat=True)
        return list(numbers.distinct().order_by("part"))

    def items(self):
        return self.listed

    @cached_property
    def listed(self):
        first = self.part * PART_SIZE
        return list(self.live(self.now).filter(pk__gte=first, pk__lt=first + PART_SIZE).order_by("pk"))


def sitemap_days(days, now):
    """{day: the Beijing day its sitemap last changed} for every day some desk has something live on."""
    found = {}
    for section in days.values():
        for day, changed in section.days(now).items():
            found[day] = max(changed, found.get(day, changed))
    return found


def index(request, days, parts, others=()):
    """/sitemap.xml, written out directly: ten years are 3,650 days, too many for a template loop (or a reverse()
    each) per request. `others`: names of URL patterns of sections of their own (the Google News sitemap)."""
    now = timezone.now()
    base = escape(request.build_absolute_uri("/")[:-1])
    day_url = base + escape(reverse("sitemap-day", kwargs={"date": datetime.date(2000, 1, 1)})).replace(
        "2000-01-01", "{}"
    )
    entries = [f"<sitemap><loc>{base}{escape(reverse(name))}</loc></sitemap>" for name in others]
    for name, section in parts.items():
        for n in section.parts(now):
            url = escape(reverse("sitemap-part", kwargs={"section": name, "part": n}))
            entries.append(f"<sitemap><loc>{base}{url}</loc></sitemap>")
    entries += [
        f"<sitemap><loc>{day_url.format(day.isoformat())}</loc><lastmod>{last.isoformat()}</lastmod></sitemap>"
        for day, last in sorted(sitemap_days(days, now).items(), reverse=True)
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *entries,
        "</sitemapindex>",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="application/xml")


def day(request, date, days):
    """/sitemaps/<date>.xml: every desk's live items of that day; 404 when none has any."""
    now = timezone.now()
    sections = {name: section(date, now) for name, section in days.items()}
    if not any(section.items() for section in sections.values()):
        raise Http404
    return sitemap(request, sections)


def part(request, section, part, parts):
    """/sitemaps/<section>/<n>.xml: part n of a long list; 404 for an unknown list or a part with nothing live (which
    the index does not name)."""
    if section not in parts or part > MAX_ID // PART_SIZE:
        raise Http404
    found = parts[section](part, timezone.now())
    if not found.items():
        raise Http404
    return sitemap(request, {section: found})
