"""The public edition views. Every query goes through live()."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from newsroom.models import Edition, Page
from newsroom.publication import live_items_on_page


def live_edition_or_404(date, now):
    return get_object_or_404(Edition.objects.live(now), date=date)


def masthead_context(edition, page=None):
    """What base.html needs for the masthead and the page navigation."""
    pages = list(edition.pages.all()) if edition else []
    return {"edition": edition, "pages": pages, "page": page or (pages[0] if pages else None)}


def edition_context(edition, now, page=None):
    context = masthead_context(edition, page)
    context["items"] = live_items_on_page(context["page"], now) if context["page"] else []
    return context


def home(request):
    """The latest live edition, opened at its front page (or its first page with something on it)."""
    now = timezone.now()
    edition = Edition.objects.live(now).order_by("-date").first()
    if edition is None:
        return render(request, "newsroom/no_edition.html")
    context = edition_context(edition, now)
    for page in context["pages"][1:] if not context["items"] else []:
        items = live_items_on_page(page, now)
        if items:
            context.update(page=page, items=items)
            break
    return render(request, "newsroom/page.html", {**context, "is_home": True})


def edition_archive(request):
    editions = Edition.objects.live().order_by("-date")
    paginator = Paginator(editions, 62)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "newsroom/archive.html", {"page_obj": page_obj, "editions": page_obj.object_list})


def edition_detail(request, date):
    """One edition: its pages and what is on each."""
    now = timezone.now()
    return render_edition(request, live_edition_or_404(date, now), now)


def page_detail(request, date, code):
    now = timezone.now()
    edition = live_edition_or_404(date, now)
    return render_page(request, get_object_or_404(Page, edition=edition, code=code), now)


def render_edition(request, edition, now, preview=None):
    """An edition's table of contents as readers see it at `now` (a preview passes its own instant)."""
    pages = list(edition.pages.all())
    contents = [(page, live_items_on_page(page, now)) for page in pages]
    context = {"edition": edition, "pages": pages, "contents": contents, "preview": preview}
    return render(request, "newsroom/edition.html", context)


def render_page(request, page, now, preview=None):
    return render(request, "newsroom/page.html", {**edition_context(page.edition, now, page), "preview": preview})


def search_view(request):
    """/search/?q=…: live stories, notices and outage notices whose public text has every term."""
    from django.core.paginator import Paginator

    from newsroom.search import MAX_LENGTH, search, terms_of

    query = request.GET.get("q", "")
    if len(query) > MAX_LENGTH:
        return render(request, "newsroom/search.html", {"query": query[:MAX_LENGTH], "too_long": True}, status=400)
    sections = []
    for model, queryset in search(query).items():
        page_obj = Paginator(queryset.select_related("page__edition"), 20).get_page(
            request.GET.get(f"{model._meta.model_name}_page")
        )
        sections.append(
            {"label": model._meta.verbose_name, "param": f"{model._meta.model_name}_page", "page": page_obj}
        )
    context = {"query": query, "terms": terms_of(query), "sections": sections}
    return render(request, "newsroom/search.html", context)
