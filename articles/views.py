"""Articles, contributors and columns on the public site; every query goes through live()."""

from django.db.models import Exists, F, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from articles.models import Article, Byline, Column, Contributor, Correction, Kind, Photo, PhotoCredit
from newsroom.paging import keyset_page
from newsroom.postgresql import prepared_statements
from newsroom.views import masthead_context

PER_PAGE = 20
PHOTOS = 12


def live_articles(now=None):
    return Article.objects.live(now).select_related("page__edition", "column")


def with_credits(queryset):
    """Bylines and photo credits with their contributors: one query each, however many."""
    return queryset.prefetch_related(
        Prefetch("bylines", Byline.objects.select_related("contributor")),
        Prefetch("photos", Photo.objects.prefetch_related(credits_with_contributors())),
    )


def credits_with_contributors():
    return Prefetch("credits", PhotoCredit.objects.select_related("contributor"))


def story_list(now):
    """Live stories for a list (headline, date, page), newest first: continuation parts are read inside theirs."""
    return (
        Article.listed(now)
        .select_related("page__edition")
        .only("headline", "kind", "publish_at", "live_at", "page__code", "page__edition__date")
        .newest_first()
    )


def with_pictures(articles):
    """The photo stories of a list with their pictures (shown_photos): one query, none for a list without any."""
    photo_stories = [article for article in articles if article.kind == Kind.PHOTO]
    prefetch_related_objects(photo_stories, Prefetch("photos", Photo.objects.exclude(image=""), to_attr="shown_photos"))
    return articles


def web_first(now):
    """即时新闻: live stories published without a page, newest first (live(), as every list)."""
    return story_list(now).filter(page__isnull=True)


HOME_LATEST = 8


def latest_news(request):
    """/latest/: every web-first story, newest first, paged as every list."""
    page_obj = keyset_page(request, web_first(timezone.now()), PER_PAGE)
    with_pictures(page_obj.object_list)
    return render(request, "articles/latest.html", {"page_obj": page_obj})


def live_stories(now):
    """Live stories with their bylines, each knowing in the same query what else it has (has_parts, has_photos,
    has_corrections), so that what it lacks costs no query (render_article; the API's story)."""
    return (
        live_articles(now)
        .annotate(
            has_parts=Exists(Article.objects.live(now).filter(continues=OuterRef("pk"))),
            has_photos=Exists(Photo.objects.filter(article=OuterRef("pk"))),
            has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("bylines", Byline.objects.select_related("contributor")))
    )


@prepared_statements()
def article_detail(request, pk):
    now = timezone.now()
    article = get_object_or_404(live_stories(now), pk=pk)
    if article.continues_id and live_articles(now).filter(pk=article.continues_id).exists():
        # A continuation part is read inside its whole story.
        return redirect(article.continues)
    return render_article(request, article, now)


def live_parts(article, now):
    """The continuation parts of a story that are live at `now`, in page order."""
    return list(
        live_articles(now)
        .filter(continues=article)
        .prefetch_related(Prefetch("photos", Photo.objects.prefetch_related(credits_with_contributors())))
        .order_by("page__order", "position", "pk")
    )


def page_neighbours(article, now):
    """The live stories of the article's page in printed order, headlines only (one query): 上一篇 / 下一篇."""
    return list(
        Article.listed(now).filter(page=article.page_id).only("headline", "position", "page").order_by("position", "pk")
    )


def preview_moments(article):
    """What holds a story back: its own time and its edition's (newsroom.preview)."""
    return [article.publish_at, article.page.edition.publish_at if article.page_id else None]


def render_article(request, article, now, preview=None):
    """The whole story as readers see it at `now`: its live continuation parts joined on. What the story
    has_parts / has_photos / has_corrections (annotations; a preview has none) decides what is read."""
    parts = live_parts(article, now) if getattr(article, "has_parts", True) else []
    has_photos = getattr(article, "has_photos", True)
    photos = article.photos.prefetch_related(credits_with_contributors()) if has_photos else []
    edition = article.page.edition if article.page_id else None
    neighbours = page_neighbours(article, now) if article.page_id else []
    at = next((n for n, other in enumerate(neighbours) if other.pk == article.pk), None)
    context = {
        **masthead_context(edition, article.page),
        "article": article,
        "neighbours": [other for other in neighbours if other.pk != article.pk],
        "previous_story": neighbours[at - 1] if at else None,
        "next_story": neighbours[at + 1] if at is not None and at + 1 < len(neighbours) else None,
        "parts": parts,
        "photos": [*photos, *(photo for part in parts for photo in part.photos.all())],
        "corrections": article.corrections.all() if getattr(article, "has_corrections", True) else [],
        "preview": preview,
    }
    return render(request, "articles/article_detail.html", context)


def credited(stories, contributor):
    """The stories they wrote or took a picture for: a photographer's page lists the photo stories credited to them."""
    bylined = Byline.objects.filter(article=OuterRef("pk"), contributor=contributor)
    pictured = PhotoCredit.objects.filter(photo__article=OuterRef("pk"), contributor=contributor)
    return stories.filter(Exists(bylined) | Exists(pictured))


def contributor_detail(request, pk):
    contributor = get_object_or_404(Contributor, pk=pk)
    now = timezone.now()
    page_obj = keyset_page(request, credited(story_list(now), contributor), PER_PAGE)
    with_pictures(page_obj.object_list)
    # The newest pictures: a photographer's whole archive is read story by story.
    theirs = PhotoCredit.objects.filter(photo=OuterRef("pk"), contributor=contributor)
    photos = list(
        Photo.objects.filter(Exists(theirs), article__in=Article.objects.live(now))
        .exclude(image="")
        .select_related("article")
        .only("image", "renditions", "width", "height", "alt_text", "caption", "article__id")
        .order_by(F("article__live_at").desc(nulls_last=True), "order", "pk")[:PHOTOS]
    )
    if not page_obj.object_list and not page_obj.has_previous() and not photos:
        # Known to readers only through live work: a byline on a scheduled story must not show early.
        raise Http404
    context = {"contributor": contributor, "page_obj": page_obj, "photos": photos}
    return render(request, "articles/contributor_detail.html", context)


def column_detail(request, slug):
    column = get_object_or_404(Column, slug=slug)
    page_obj = keyset_page(request, story_list(timezone.now()).filter(column=column), PER_PAGE)
    with_pictures(page_obj.object_list)
    if not page_obj.object_list and not page_obj.has_previous():
        # A column starts with its first live story (as in the sitemap), not before.
        raise Http404
    return render(request, "articles/column_detail.html", {"column": column, "page_obj": page_obj})
