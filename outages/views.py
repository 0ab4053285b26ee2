"""The public outage lookup and its calendar feed. Only live notices appear: every query starts from
filters.live_entries(now), which goes through OutageNotice.objects.live()."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from outages.feeds import build_calendar
from outages.filters import OutageEntryFilter
from outages.parser import DISTRICTS

# The feed also keeps the last week's outages, so a subscribed calendar does not lose them the next day (a month
# was ~120 events a district, and the feed grew as slow as its events: icalendar costs about 0.5 ms each here).
CALENDAR_LOOKBACK_DAYS = 7
PER_PAGE = 50


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def outage_list(request):
    filterset = OutageEntryFilter(request.GET, now=timezone.now())
    valid = filterset.is_valid()
    # The list shows all of an entry's windows and where it was printed; the calendar neither.
    if valid:
        entries = filterset.qs.select_related("notice__page__edition").prefetch_related("windows")
    else:
        entries = filterset.queryset.none()
    paginator = Paginator(entries, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    district = request.GET.get("district", "").strip()
    districts = list(DISTRICTS) + ([district] if district and district not in DISTRICTS else [])
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "valid": valid,
        "page_obj": page_obj,
        "entries": page_obj.object_list,
        "today": filterset.today,
        "chosen_date": filterset.chosen_date,
        "district": district,
        "districts": districts,
        "place": request.GET.get("place", "").strip(),
        "query": _query_without_page(request),
    }
    return render(request, "outages/outage_list.html", context, status=200 if valid else 400)


def _describe(filterset):
    data = filterset.form.cleaned_data
    parts = [(label, data.get(name)) for name, label in (("district", "区县"), ("place", "地点"), ("date", "日期"))]
    return " ".join(f"{label}:{value}" for label, value in parts if value)


def calendar_feed(request):
    filterset = OutageEntryFilter(
        request.GET, now=timezone.now(), lookback=datetime.timedelta(days=CALENDAR_LOOKBACK_DAYS)
    )
    if not filterset.is_valid():
        errors = ";".join(
            f"{filterset.form[name].label}:{' '.join(messages)}" for name, messages in filterset.errors.items()
        )
        return HttpResponseBadRequest(f"查询条件有误:{errors}", content_type="text/plain; charset=utf-8")
    query = _query_without_page(request)
    list_url = request.build_absolute_uri(reverse("outages:list") + (f"?{query}" if query else ""))
    calendar = build_calendar(filterset.qs, domain=settings.SITE_DOMAIN, url=list_url, filters=_describe(filterset))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="outages.ics"'
    return response
