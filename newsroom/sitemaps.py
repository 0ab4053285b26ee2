"""sitemap.xml: an index of one sitemap a day, and one of the columns; live items only.

/sitemap.xml lists /sitemaps/<date>.xml for every day that has a live edition or a live web-first story,
and /sitemaps/columns.xml. A day's sitemap holds that day's edition, its pages and the stories printed in
it, and the web-first stories of that day (Beijing time): about a hundred URLs however long the archive
grows, where one sitemap of everything grew past the protocol's 50,000 URLs and lost the older stories.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Exists, OuterRef
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape

from articles.models import Article, Column, Kind
from newsroom.models import Edition, Page


def web_first(now):
    """Live stories that are on no page: dated by their own time."""
    return Article.objects.live(now).filter(page__isnull=True).exclude(kind=Kind.CONTINUATION)


def sitemap_days(now):
    """{day: the (Beijing) day its sitemap last changed} for every day with a live edition or web-first story."""
    beijing = timezone.get_current_timezone()
    editions = Edition.objects.live(now).values_list("date", "publish_at")
    days = {day: live.astimezone(beijing).date() for day, live in editions}
    stories = web_first(now).annotate(day=TruncDate("publish_at", tzinfo=beijing))
    for day in stories.values_list("day", flat=True).distinct():
        days[day] = max(day, days.get(day, day))
    return days


def sitemap_index(request):
    """The index, written out directly: ten years are 3,650 entries, too many for a template loop (or a
    reverse() each) per request."""
    base = escape(request.build_absolute_uri("/")[:-1])
    day_url = base + escape(reverse("sitemap-day", kwargs={"date": datetime.date(2000, 1, 1)})).replace(
        "2000-01-01", "{}"
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        f"<sitemap><loc>{base}{escape(reverse('sitemap-columns'))}</loc></sitemap>",
        *(
            f"<sitemap><loc>{day_url.format(day.isoformat())}</loc><lastmod>{last.isoformat()}</lastmod></sitemap>"
            for day, last in sorted(sitemap_days(timezone.now()).items(), reverse=True)
        ),
        "</sitemapindex>",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="application/xml")


class DaySitemap(Sitemap):
    """One day: its live edition with its pages and stories, and that day's live web-first stories."""

    def __init__(self, day, now):
        self.day, self.now = day, now

    def items(self):
        return self.day_items

    @cached_property
    def day_items(self):
        editions = list(Edition.objects.live(self.now).filter(date=self.day))
        pages = list(Page.objects.filter(edition__in=editions).select_related("edition"))
        start = datetime.datetime.combine(self.day, datetime.time(), timezone.get_current_timezone())
        stories = Article.objects.live(self.now).exclude(kind=Kind.CONTINUATION).select_related("page__edition")
        printed = stories.filter(page__in=pages).only("live_at", "page__code", "page__edition__date")
        online = web_first(self.now).filter(publish_at__gte=start, publish_at__lt=start + datetime.timedelta(days=1))
        return [*editions, *pages, *printed.order_by("page__order", "position", "pk"), *online.order_by("publish_at")]

    def lastmod(self, item):
        if isinstance(item, Edition):
            return item.publish_at
        if isinstance(item, Page):
            return item.edition.publish_at
        return item.live_at

    def changefreq(self, item):
        return "monthly" if isinstance(item, Article) else "never"


def day_sitemap(request, date):
    section = DaySitemap(date, timezone.now())
    if not section.items():
        raise Http404
    return sitemap(request, {"day": section})


class ColumnSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Column.objects.filter(Exists(Article.objects.live().filter(column=OuterRef("pk")))).order_by("name")


def column_sitemap(request):
    return sitemap(request, {"columns": ColumnSitemap()})
