"""The public edition views. Every query goes through live().

A page or an edition costs the same few queries however many pages and items it has: the
edition's pages come with their edition and with which desks have live items on each
(publication.with_live_desks), then each desk with something to show reads all of it at once.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header
from django.views import static

from newsroom import regions
from newsroom.models import Edition, Page
from newsroom.postgresql import prepared_statements
from newsroom.publication import contents_of_pages, has_live_items, live_items_on_pages, runs_of, with_live_desks
from newsroom.search import MAX_LENGTH, RESULT_CAP, days_between, search, searchable_models, snippet, terms_of


def masthead_context(edition, page=None, pages=None):
    """What base.html needs for the masthead and the page navigation."""
    pages = pages if pages is not None else (list(edition.pages.all()) if edition else [])
    return {"edition": edition, "pages": pages, "page": page or (pages[0] if pages else None)}


def pages_of(edition_pages, now):
    """The pages with their edition and which desks have live items on each, in one query."""
    return list(with_live_desks(edition_pages, now).select_related("edition"))


def with_neighbours(queryset, now, date="date"):
    """Annotated with the dates of the live editions before and after (上一期 / 下一期), in the same query."""
    live = Edition.objects.live(now).values("date")
    return queryset.annotate(
        previous_date=Subquery(live.filter(date__lt=OuterRef(date)).order_by("-date")[:1]),
        next_date=Subquery(live.filter(date__gt=OuterRef(date)).order_by("date")[:1]),
    )


def live_edition(now, **lookup):
    """The live edition `lookup` names and its pages (see pages_of), or 404; one query, two for an edition
    that has no pages yet. The edition knows its live neighbours: previous_date, next_date."""
    editions = Edition.objects.live(now).filter(**lookup)
    pages = pages_of(with_neighbours(Page.objects.filter(edition__in=editions), now, "edition__date"), now)
    if pages:
        edition = pages[0].edition
        edition.previous_date, edition.next_date = pages[0].previous_date, pages[0].next_date
        return edition, pages
    edition = with_neighbours(editions, now).first()
    if edition is None:
        raise Http404
    return edition, []


@prepared_statements()
def home(request):
    """The latest live edition, opened at its front page (or its first page with something on it)."""
    now = timezone.now()
    latest = Edition.objects.live(now).order_by("-date").values("pk")[:1]
    try:
        edition, pages = live_edition(now, pk=Subquery(latest))
    except Http404:
        return render(request, "newsroom/no_edition.html", {"now": now})
    page = next((page for page in pages if has_live_items(page)), pages[0] if pages else None)
    return render_page(request, edition, pages, page, now, is_home=True)


def _parse(value, parse):
    """A date a reader typed, or None when it is none (or outside 1900-2999, where date arithmetic could overflow)."""
    try:
        day = parse(value) if value else None
    except ValueError:
        return None
    return day if day and 1900 <= day.year <= 2999 else None


def edition_archive(request):
    """往期: a month's calendar with the days that have a live edition, the months before and after that have
    one, and a jump to a date (?date=2020-04-28 opens that day's edition; ?month=2020-04 a month)."""
    now = timezone.now()
    live = Edition.objects.live(now)
    day = _parse(request.GET.get("date"), datetime.date.fromisoformat)
    if day and live.filter(date=day).exists():
        return redirect("newsroom:edition", date=day)
    month = _parse(request.GET.get("month"), lambda value: datetime.datetime.strptime(value, "%Y-%m").date())
    month = month or day or live.order_by("-date").values_list("date", flat=True).first()
    if month is None:
        return render(request, "newsroom/archive.html", {"weeks": []})
    first = month.replace(day=1)
    after = (first + datetime.timedelta(days=31)).replace(day=1)
    editions = {
        edition.date: edition for edition in live.filter(date__gte=first, date__lt=after).only("date", "number")
    }
    earlier = live.filter(date__lt=first).order_by("-date").values_list("date", flat=True).first()
    later = live.filter(date__gte=after).order_by("date").values_list("date", flat=True).first()
    weeks = [
        [(date, editions.get(date)) if date.month == first.month else (None, None) for date in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    context = {
        "month": first,
        "weeks": weeks,
        "count": len(editions),
        "earlier": earlier,
        "later": later,
        "missing_day": day if request.GET.get("date") else None,
        "bad_date": bool(request.GET.get("date")) and day is None,
    }
    return render(request, "newsroom/archive.html", context)


@prepared_statements()
def edition_detail(request, date):
    """One edition: its pages and what is on each."""
    now = timezone.now()
    edition, pages = live_edition(now, date=date)
    return render_edition(request, edition, pages, now)


@prepared_statements()
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
    context = {
        **masthead_context(edition, None, pages),
        "page": None,
        "contents": contents.items(),
        "preview": preview,
    }
    return render(request, "newsroom/edition.html", context)


def render_page(request, edition, pages, page, now, preview=None, is_home=False):
    items = live_items_on_pages([page], now)[page] if page else []
    at = pages.index(page) if page in pages else None
    context = {
        **masthead_context(edition, page, pages),
        "previous_page": pages[at - 1] if at else None,
        "next_page": pages[at + 1] if at is not None and at + 1 < len(pages) else None,
        "runs": runs_of(items),
        "lead": items[0] if items else None,
        "preview": preview,
        "is_home": is_home,
        "now": now,
        "page_image": None if is_home or not page else page_image_of(page, items, page_file_url(preview)),
    }
    return render(request, "newsroom/page.html", context)


def public_page_file_url(page, name):
    return reverse("newsroom:page-file", kwargs={"date": page.edition.date, "code": page.code, "name": name})


def admin_page_file_url(page, name):
    return reverse("admin:newsroom_page_file", args=[page.pk, name])


def page_file_url(preview):
    """How a page view links its page's files: readers by the public URL (served once the edition is live), an
    editor's preview by the admin's; a preview link for someone without an account shows no page image."""
    if preview is None:
        return public_page_file_url
    return None if preview.get("signed") else admin_page_file_url


def page_image_of(page, items, file_url):
    """What a page view shows of its page image (None when it has none): the two renderings, the PDF, and a region
    for each of `items` (the page's live items) that has one, with its link. A region of an item that is not live is
    not shown at all: neither its link nor its name."""
    if not page.has_image or file_url is None:
        return None
    large = page.files["large"]
    width, height = large["width"], large["height"]
    by_key = {regions.region_key(item): item for item in items}
    shown = []
    for region in page.region_list():
        item = by_key.get(region.target)
        if item is not None:
            shape = svg_shape(region.shape, region.points, width, height)
            shown.append({"url": item.get_absolute_url(), "label": item.region_label(), **shape})
    shown.sort(key=lambda region: -region["area"])  # the small ones on top, where a click reaches them

    def sources(size):
        made = page.files[size]
        name = made["jpg"].rsplit("/", 1)[-1]
        webp = made["webp"].rsplit("/", 1)[-1]
        return {**made, "jpg": file_url(page, name), "webp": file_url(page, webp)}

    pdf = page.files.get("pdf")
    return {
        "small": sources("small"),
        "large": sources("large"),
        "width": width,
        "height": height,
        "pdf": file_url(page, pdf.rsplit("/", 1)[-1]) if pdf else None,
        "regions": shown,
    }


def svg_shape(shape, points, width, height):
    """A region's shape in the pixels of the large rendering (the overlay's viewBox)."""
    scaled = [(round(x * width, 1), round(y * height, 1)) for x, y in points]
    area = regions.area(shape, [tuple(point) for point in points])
    if shape == regions.RECT:
        (x0, y0), (x1, y1) = scaled
        return {"tag": "rect", "x": x0, "y": y0, "width": round(x1 - x0, 1), "height": round(y1 - y0, 1), "area": area}
    return {"tag": "polygon", "points": " ".join(f"{x},{y}" for x, y in scaled), "area": area}


def page_file(request, date, code, name):
    """A page's image or PDF, for readers once its edition is live, by the same rule as the page: before that, and for
    a name the page does not have, 404. Nothing else serves these files (they are not under MEDIA_ROOT)."""
    page = Page.objects.live().select_related("edition").filter(edition__date=date, code=code).first()
    if page is None:
        raise Http404
    response = send_page_file(request, page, name)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    return response


def send_page_file(request, page, name):
    """The file itself, by the site (streamed from the page files' storage) or by nginx (X-Accel-Redirect to its
    internal location, PAGE_FILES_ACCEL_REDIRECT); a name never changes its content, so it is the ETag."""
    found = page.file_named(name)
    if found is None:
        raise Http404
    stored, content_type = found
    etag = f'"{name}"'
    if (not_modified := get_conditional_response(request, etag=etag)) is not None:
        return not_modified
    if settings.PAGE_FILES_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PAGE_FILES_ACCEL_REDIRECT + stored
    else:
        try:
            response = FileResponse(storages["pages"].open(stored), content_type=content_type)
        except OSError:
            raise Http404 from None
    if content_type == "application/pdf":
        filename = f"{settings.NEWSPAPER_NAME}-{page.edition.date:%Y%m%d}-{page.code}.pdf"
        response["Content-Disposition"] = content_disposition_header(False, filename)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    return response


def preview_page(request, page, now, preview):
    pages = pages_of(page.edition.pages.all(), now)
    shown = next(other for other in pages if other.pk == page.pk)
    return render_page(request, page.edition, pages, shown, now, preview=preview)


def preview_edition(request, edition, now, preview):
    return render_edition(request, edition, pages_of(edition.pages.all(), now), now, preview=preview)


def search_filters(request):
    """The kinds (desks) and the days a reader narrowed the search to: (models or None, (start, end) or None, form)."""
    models = {model._meta.model_name: model for model in searchable_models()}
    kind = request.GET.get("kind", "")
    since = _parse(request.GET.get("from"), datetime.date.fromisoformat)
    until = _parse(request.GET.get("to"), datetime.date.fromisoformat)

    between = days_between(since, until)
    form = {
        "kind": kind if kind in models else "",
        "kinds": [(name, model._meta.verbose_name) for name, model in models.items()],
        "since": since,
        "until": until,
    }
    return ([models[kind]] if kind in models else None), between, form


def search_view(request):
    """/search/?q=…: live stories, notices and outage notices whose public text has every term, newest first, each
    with a snippet around what was found; ?kind= one desk, ?from= ?to= the days they went live (Beijing)."""
    query = request.GET.get("q", "")
    if len(query) > MAX_LENGTH:
        return render(request, "newsroom/search.html", {"query": query[:MAX_LENGTH], "too_long": True}, status=400)
    models, between, form = search_filters(request)
    terms = terms_of(query)
    sections = []
    for model, matches in search(query, models=models, live_between=between).items():
        # At most RESULT_CAP matches are counted and paged: a common word is in most of ten years of stories.
        page_obj = Paginator(matches, 20).get_page(request.GET.get(f"{model._meta.model_name}_page"))
        results = [(item, snippet(item.search_text(), terms)) for item in page_obj]
        sections.append(
            {
                "label": model._meta.verbose_name,
                "kind": model._meta.model_name,
                "param": f"{model._meta.model_name}_page",
                "page": page_obj,
                "results": results,
                "capped": page_obj.paginator.count >= RESULT_CAP,
                "approximate": matches.approximate,
            }
        )
    context = {"query": query, "terms": terms, "sections": sections, "cap": RESULT_CAP, **form}
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


def robots_txt(request, sitemaps, disallow):
    """/robots.txt: the admin and the preview links are not for crawlers; the sitemaps (URL names) are."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), ""]
    lines += [f"Sitemap: {request.build_absolute_uri(reverse(name))}" for name in sitemaps]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
