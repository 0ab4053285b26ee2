"""The public edition views. Every query goes through live().

A page or an edition costs the same few queries however many pages and items it has: the
edition's pages come with their edition and with which desks have live items on each
(publication.with_live_desks), then each desk with something to show reads all of it at once.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views import static

from newsroom.models import Edition, Page
from newsroom.publication import contents_of_pages, has_live_items, live_items_on_pages, with_live_desks
from newsroom.search import MAX_LENGTH, RESULT_CAP, search, terms_of


def masthead_context(edition, page=None, pages=None):
    """What base.html needs for the masthead and the page navigation."""
    pages = pages if pages is not None else (list(edition.pages.all()) if edition else [])
    return {"edition": edition, "pages": pages, "page": page or (pages[0] if pages else None)}


def pages_of(edition_pages, now):
    """The pages with their edition and which desks have live items on each, in one query."""
    return list(with_live_desks(edition_pages, now).select_related("edition"))


def live_edition(now, **lookup):
    """The live edition `lookup` names and its pages (see pages_of), or 404; one query, two for an edition
    that has no pages yet."""
    editions = Edition.objects.live(now).filter(**lookup)
    pages = pages_of(Page.objects.filter(edition__in=editions), now)
    if pages:
        return pages[0].edition, pages
    edition = editions.first()
    if edition is None:
        raise Http404
    return edition, []


def home(request):
    """The latest live edition, opened at its front page (or its first page with something on it)."""
    now = timezone.now()
    latest = Edition.objects.live(now).order_by("-date").values("pk")[:1]
    try:
        edition, pages = live_edition(now, pk=Subquery(latest))
    except Http404:
        return render(request, "newsroom/no_edition.html")
    page = next((page for page in pages if has_live_items(page)), pages[0] if pages else None)
    return render_page(request, edition, pages, page, now, is_home=True)


def edition_archive(request):
    editions = Edition.objects.live().order_by("-date")
    paginator = Paginator(editions, 62)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "newsroom/archive.html", {"page_obj": page_obj, "editions": page_obj.object_list})


def edition_detail(request, date):
    """One edition: its pages and what is on each."""
    now = timezone.now()
    edition, pages = live_edition(now, date=date)
    return render_edition(request, edition, pages, now)


def page_detail(request, date, code):
    now = timezone.now()
    edition, pages = live_edition(now, date=date)
    page = next((page for page in pages if page.code == code), None)
    if page is None:
        raise Http404
    return render_page(request, edition, pages, page, now)


def render_edition(request, edition, pages, now, preview=None):
    """An edition's table of contents as readers see it at `now` (a preview passes its own instant)."""
    contents = contents_of_pages(pages, now)
    context = {"edition": edition, "pages": pages, "contents": contents.items(), "preview": preview}
    return render(request, "newsroom/edition.html", context)


def render_page(request, edition, pages, page, now, preview=None, is_home=False):
    items = live_items_on_pages([page], now)[page] if page else []
    context = {**masthead_context(edition, page, pages), "items": items, "preview": preview, "is_home": is_home}
    return render(request, "newsroom/page.html", context)


def search_view(request):
    """/search/?q=…: live stories, notices and outage notices whose public text has every term, newest first."""
    query = request.GET.get("q", "")
    if len(query) > MAX_LENGTH:
        return render(request, "newsroom/search.html", {"query": query[:MAX_LENGTH], "too_long": True}, status=400)
    sections = []
    for model, matches in search(query).items():
        # At most RESULT_CAP matches are counted and paged: a common word is in most of ten years of stories.
        page_obj = Paginator(matches, 20).get_page(request.GET.get(f"{model._meta.model_name}_page"))
        sections.append(
            {
                "label": model._meta.verbose_name,
                "param": f"{model._meta.model_name}_page",
                "page": page_obj,
                "capped": page_obj.paginator.count >= RESULT_CAP,
                "approximate": matches.approximate,
            }
        )
    context = {"query": query, "terms": terms_of(query), "sections": sections, "cap": RESULT_CAP}
    return render(request, "newsroom/search.html", context)


def serve_media(request, path):
    """Uploads from MEDIA_ROOT, with SERVE_MEDIA only (a workstation; production's web server serves them). A path
    that leaves MEDIA_ROOT (../, an absolute path) is a plain 404, not a logged SuspiciousFileOperation."""
    try:
        response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    return response
