"""sitemap.xml: live editions, pages, stories and columns only (django.contrib.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from articles.models import Article, Column, Kind
from newsroom.models import Edition, Page


class EditionSitemap(Sitemap):
    changefreq = "never"

    def items(self):
        return Edition.objects.live().order_by("-date")

    def lastmod(self, edition):
        return edition.publish_at


class PageSitemap(Sitemap):
    changefreq = "never"

    def items(self):
        return Page.objects.live().select_related("edition").order_by("-edition__date", "order")

    def lastmod(self, page):
        return page.edition.publish_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.live().exclude(kind=Kind.CONTINUATION).select_related("page__edition").order_by("-pk")

    def lastmod(self, article):
        return article.live_since


class ColumnSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Column.objects.filter(articles__in=Article.objects.live()).distinct().order_by("name")


SITEMAPS = {"editions": EditionSitemap, "pages": PageSitemap, "articles": ArticleSitemap, "columns": ColumnSitemap}
