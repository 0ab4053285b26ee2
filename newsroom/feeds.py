"""RSS and Atom feeds of the latest live stories (django.contrib.syndication)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.bylines import print_byline
from articles.models import Article, Byline, Kind


def latest_live_articles(now=None, limit=30):
    """Live stories, newest first by when readers could first see them (their edition's time when later)."""
    return (
        Article.objects.live(now)
        .exclude(kind=Kind.CONTINUATION)
        .select_related("page__edition")
        .prefetch_related(Prefetch("bylines", Byline.objects.select_related("contributor")))
        .newest_first()[:limit]
    )


class LatestArticlesFeed(Feed):
    """Titles and summaries are HTML to a feed reader (RSS descriptions, Atom's type="html"): the story's text is
    escaped into it, so markup typed into a story is shown as text, never run."""

    description_template = None

    def title(self):
        return f"{settings.NEWSPAPER_NAME} 最新稿件"

    def link(self):
        return reverse("newsroom:home")

    def description(self):
        return f"{settings.NEWSPAPER_NAME}网站最新发布的稿件"

    def items(self):
        return latest_live_articles()

    def item_title(self, article):
        return escape(article.headline)

    def item_description(self, article):
        first = next(iter(article.paragraphs), "")
        return escape(f"{article.dateline} {first}".strip() if article.dateline else first)

    def item_pubdate(self, article):
        return article.live_at

    def item_updateddate(self, article):
        return article.live_at

    def item_author_name(self, article):
        return print_byline([b.as_credit() for b in article.bylines.all()]).replace("\n", " ") or None


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
