"""A small read-only JSON API over what the site shows: the same live() queries, the same fields."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from articles.views import live_articles, live_parts, with_credits
from newsroom.models import Edition
from newsroom.postgresql import prepared_statements
from newsroom.publication import contents_of_pages
from newsroom.search import search
from newsroom.views import live_edition


def _item(item, request):
    return {
        "type": item._meta.model_name,
        "id": item.pk,
        "title": str(item),
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "position": item.position,
    }


def _entry(entry, request):
    return {"title": entry.title, "url": request.build_absolute_uri(entry.url), "position": entry.order[0]}


def _edition(edition, request):
    return {
        "date": edition.date.isoformat(),
        "number": edition.number,
        "published_at": timezone.localtime(edition.publish_at).isoformat(),
        "url": request.build_absolute_uri(edition.get_absolute_url()),
    }


def editions(request):
    data = [_edition(e, request) for e in Edition.objects.live().order_by("-date")[:100]]
    return JsonResponse({"editions": data}, json_dumps_params={"ensure_ascii": False})


@prepared_statements()
def edition(request, date):
    now = timezone.now()
    found, pages = live_edition(now, date=date)
    contents = [
        {"code": page.code, "name": page.name, "items": [_entry(entry, request) for entry in entries]}
        for page, entries in contents_of_pages(pages, now).items()
    ]
    return JsonResponse({**_edition(found, request), "pages": contents}, json_dumps_params={"ensure_ascii": False})


@prepared_statements()
def article(request, pk):
    now = timezone.now()
    found = get_object_or_404(with_credits(live_articles(now)).prefetch_related("corrections"), pk=pk)
    whole = [found, *live_parts(found, now)]  # the story with its live continuation parts, as the site shows it
    data = {
        "id": found.pk,
        "kicker": found.kicker,
        "headline": found.headline,
        "subheadline": found.subheadline,
        "column": found.column.name if found.column else None,
        "byline": found.printed_byline,
        "bylines": [b.as_credit().to_dict() for b in found.bylines.all()],
        "dateline": found.dateline,
        "blocks": [{"type": kind, "text": text} for part in whole for kind, text in part.blocks],
        "photos": [
            {"caption": p.caption, "credit": p.printed_credit, "url": p.sources.get("page", {}).get("jpg")}
            for part in whole
            for p in part.photos.all()
        ],
        "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in found.corrections.all()],
        "page": {"date": found.page.edition.date.isoformat(), "code": found.page.code} if found.page_id else None,
        "published_at": timezone.localtime(found.live_since).isoformat(),
        "url": request.build_absolute_uri(found.get_absolute_url()),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def search_api(request):
    results = {
        model._meta.model_name: [_item(i, request) for i in queryset[:20]]
        for model, queryset in search(request.GET.get("q", "")).items()
    }
    return JsonResponse(
        {"query": request.GET.get("q", ""), "results": results}, json_dumps_params={"ensure_ascii": False}
    )
