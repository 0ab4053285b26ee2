"""Articles, contributors and columns on the public site; every query goes through live()."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from articles.models import Article, Column, Contributor, Photo
from newsroom.views import masthead_context

PER_PAGE = 20


def live_articles(now=None):
    return Article.objects.live(now).select_related("page__edition", "column")


def article_detail(request, pk):
    now = timezone.now()
    article = get_object_or_404(
        live_articles(now).prefetch_related("bylines__contributor", "photos__credits__contributor", "corrections"),
        pk=pk,
    )
    if article.continues_id and live_articles(now).filter(pk=article.continues_id).exists():
        # A continuation part is read inside its whole story.
        return redirect(article.continues)
    return render_article(request, article, now)


def live_parts(article, now):
    """The continuation parts of a story that are live at `now`, in page order."""
    return list(
        live_articles(now)
        .filter(continues=article)
        .prefetch_related("photos__credits__contributor")
        .order_by("page__order", "position", "pk")
    )


def render_article(request, article, now, preview=None):
    """The whole story as readers see it at `now`: its live continuation parts joined on."""
    parts = live_parts(article, now)
    edition = article.page.edition if article.page_id else None
    context = {
        **masthead_context(edition, article.page),
        "article": article,
        "parts": parts,
        "photos": [*article.photos.all(), *(photo for part in parts for photo in part.photos.all())],
        "preview": preview,
    }
    return render(request, "articles/article_detail.html", context)


def contributor_detail(request, pk):
    contributor = get_object_or_404(Contributor, pk=pk)
    now = timezone.now()
    articles = (
        live_articles(now)
        .filter(bylines__contributor=contributor)
        .exclude(kind="continuation")
        .distinct()
        .prefetch_related("bylines__contributor")
    )
    photos = (
        Photo.objects.filter(credits__contributor=contributor, article__in=Article.objects.live(now))
        .select_related("article")
        .prefetch_related("credits__contributor")
        .distinct()
        .order_by("-article__publish_at", "order", "pk")
    )
    if not articles.exists() and not photos.exists():
        # Known to readers only through live work: a byline on a scheduled story must not show early.
        raise Http404
    page_obj = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    photo_page = Paginator(photos, PER_PAGE).get_page(request.GET.get("photos"))
    return render(
        request,
        "articles/contributor_detail.html",
        {"contributor": contributor, "page_obj": page_obj, "photo_page": photo_page},
    )


def column_detail(request, slug):
    column = get_object_or_404(Column, slug=slug)
    articles = live_articles().filter(column=column).prefetch_related("bylines__contributor")
    if not articles.exists():
        # A column starts with its first live story (as in the sitemap), not before.
        raise Http404
    page_obj = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/column_detail.html", {"column": column, "page_obj": page_obj})
