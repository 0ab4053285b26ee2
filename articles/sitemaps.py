"""The news desk's sitemaps: each day's stories, the columns and contributors (by parts of ids), and the Google News
sitemap of the last two days. newsroom/sitemaps.py has the index and the sections' common parts."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.models import Article, Column, Contributor, Kind
from newsroom.sitemaps import DaySitemap, PartSitemap, day_bounds

NEWS_DAYS = 2  # Google News: "articles published in the last two days"
NEWS_MAX = 1000  # and at most 1,000 of them a sitemap


def web_first(now):
    """Live stories that are on no page: dated by their own time."""
    return Article.objects.live(now).filter(page__isnull=True).exclude(kind=Kind.CONTINUATION)


class StoryDaySitemap(DaySitemap):
    """The stories printed in the day's edition (a continuation part is read inside its story) and the day's
    web-first stories."""

    changefreq = "monthly"

    @classmethod
    def days(cls, now):
        # The days of editions are the editions' section's; here the days of web-first stories (Beijing time).
        stories = web_first(now).annotate(day=TruncDate("publish_at", tzinfo=timezone.get_current_timezone()))
        return {day: day for day in stories.values_list("day", flat=True).distinct()}

    def day_items(self):
        start, end = day_bounds(self.day)
        stories = Article.listed(self.now).only("live_at")
        printed = stories.filter(page__edition__date=self.day).order_by("page__order", "position", "pk")
        online = stories.filter(page__isnull=True, publish_at__gte=start, publish_at__lt=end).order_by("publish_at")
        return [*printed, *online]


class ColumnSitemap(PartSitemap):
    """The columns that have a live story."""

    @classmethod
    def live(cls, now):
        return Column.objects.filter(Exists(Article.listed(now).filter(column=OuterRef("pk")))).only("slug")


class ContributorSitemap(PartSitemap):
    """The contributors readers know through live work: a byline or a photo credit on a live story."""

    @classmethod
    def live(cls, now):
        live = Article.objects.live(now)
        bylined = live.filter(bylines__contributor=OuterRef("pk"))
        pictured = live.filter(photos__credits__contributor=OuterRef("pk"))
        return Contributor.objects.filter(Q(Exists(bylined)) | Q(Exists(pictured))).only("pk")


class NewsSitemap(Sitemap):
    """Google News: the stories that went live in the last two days, newest first (news:news, written by the
    template articles/news_sitemap.xml)."""

    limit = NEWS_MAX

    def __init__(self, now):
        self.now = now

    def items(self):
        since = self.now - datetime.timedelta(days=NEWS_DAYS)
        stories = Article.listed(self.now).filter(live_at__gte=since).newest_first()
        return list(stories.only("headline", "live_at")[:NEWS_MAX])

    def lastmod(self, item):
        return item.live_at


def news_sitemap(request):
    return sitemap(
        request,
        {"news": NewsSitemap(timezone.now())},
        template_name="articles/news_sitemap.xml",
    )
