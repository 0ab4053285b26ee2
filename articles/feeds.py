"""The news desk's RSS and Atom feeds: the latest stories, a column's and a contributor's (newsroom/feeds.py has
what every desk's feeds share; newsroom/urls.py gives them their URLs)."""

import mimetypes

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from articles.models import ROLE_PRINTED, Article, Byline, Column, Contributor, Photo, PhotoCredit
from articles.structured_data import shown_image
from articles.views import credited
from newsroom.feeds import ITEMS, DeskFeed, Person, Picture, Syndicated


def feed_stories(now):
    """Live stories for a feed, newest first, with what an entry says: bylines, column, and the photos that have a
    picture with their credits (one query each, however many)."""
    return (
        Article.listed(now)
        .select_related("page__edition", "column")
        .prefetch_related(
            Prefetch("bylines", Byline.objects.select_related("contributor")),
            Prefetch(
                "photos",
                Photo.objects.exclude(image="").prefetch_related(
                    Prefetch("credits", PhotoCredit.objects.select_related("contributor"))
                ),
                to_attr="pictures",
            ),
        )
        .newest_first()
    )


def people(credits, subject):
    """Each person of a byline or a photo credit (with their contributor), as a feed names them."""
    return [
        Person(
            c.contributor.name, ROLE_PRINTED[c.role], c.affiliation, subject.absolute(c.contributor.get_absolute_url())
        )
        for c in credits
    ]


class LatestStoriesFeed(DeskFeed):
    """The latest live stories of the whole paper."""

    def title(self, subject):
        return f"{settings.NEWSPAPER_NAME} 最新稿件"

    def link(self, subject):
        return reverse("newsroom:home")

    def description(self, subject):
        return f"{settings.NEWSPAPER_NAME}网站最新发布的稿件"

    def stories(self, subject):
        return feed_stories(subject.now)

    def live_items(self, subject):
        items = list(self.stories(subject)[:ITEMS])
        if not items and subject.thing is not None:
            raise Http404  # a column or a contributor is known to readers through live stories only
        return items

    def syndicated(self, article, subject):
        photo = next(iter(article.pictures), None)
        picture = None
        if photo is not None:
            url, width, height = shown_image(photo)
            credits = list(photo.credits.all())
            picture = Picture(
                url=subject.absolute(url),
                mime_type=mimetypes.guess_type(url)[0] or "image/jpeg",
                width=width,
                height=height,
                caption=photo.caption,
                credit=photo.printed_credit if credits else "",
                people=tuple(people(credits, subject)),
            )
        return Syndicated(people=people(article.bylines.all(), subject), picture=picture)

    def item_title(self, article):
        return escape(article.headline)

    def item_description(self, article):
        first = next(iter(article.paragraphs), "")
        return escape(f"{article.dateline} {first}".strip() if article.dateline else first)

    def item_pubdate(self, article):
        return article.live_at

    def item_updateddate(self, article):
        return article.live_at

    def item_categories(self, article):
        return [article.column.name] if article.column_id else []


class ColumnFeed(LatestStoriesFeed):
    """A column's live stories (/columns/<slug>/ links it)."""

    def subject(self, slug):
        return get_object_or_404(Column, slug=slug)

    def title(self, subject):
        return escape(f"{settings.NEWSPAPER_NAME} · {subject.thing.name}")

    def link(self, subject):
        return subject.thing.get_absolute_url()

    def description(self, subject):
        return escape(subject.thing.description or f"{settings.NEWSPAPER_NAME}栏目“{subject.thing.name}”的稿件")

    def stories(self, subject):
        return feed_stories(subject.now).filter(column=subject.thing)


class ContributorFeed(LatestStoriesFeed):
    """A contributor's live stories, written or pictured (/contributors/<id>/ links it)."""

    def subject(self, pk):
        return get_object_or_404(Contributor, pk=pk)

    def title(self, subject):
        return escape(f"{settings.NEWSPAPER_NAME} · {subject.thing.name}")

    def link(self, subject):
        return subject.thing.get_absolute_url()

    def description(self, subject):
        return escape(f"{subject.thing}在{settings.NEWSPAPER_NAME}署名的稿件")

    def stories(self, subject):
        return credited(feed_stories(subject.now), subject.thing)
