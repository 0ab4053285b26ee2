"""The public lookup: which live outages, by district, place name and day (django-filter)."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.forms import OneLineField
from outages.models import AffectedArea, OutageEntry, OutageNotice, OutageWindow, Place
from outages.parser import MAX_WINDOW, SHANGHAI


def day_start(day):
    """00:00 Beijing time of `day`."""
    return datetime.datetime.combine(day, datetime.time(0, 0), SHANGHAI)


def local_today(now):
    return now.astimezone(SHANGHAI).date()


def live_entries(now):
    """The entries of the notices the public may see at `now`: the one publication rule, through live()."""
    return OutageEntry.objects.filter(notice__in=OutageNotice.objects.live(now))


class OneLineFilter(django_filters.CharFilter):
    field_class = OneLineField


class OutageEntryFilter(django_filters.FilterSet):
    """district=荷塘区 (exact), place=财校 (part of a place name, in that district when both are given),
    date=2020-04-29 (entries with a window on that Beijing day, past or not). Without a date: today's
    and upcoming windows, i.e. those ending after today's 00:00 (minus `lookback`, used by the calendar).
    """

    # One line each: the values are written into the calendar feed (a newline there was a 500).
    district = OneLineFilter(label=_("区县"), method="filter_later", max_length=20)
    place = OneLineFilter(label=_("地点"), method="filter_later", max_length=100)
    date = django_filters.DateFilter(
        label=_("日期"), method="filter_later", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    class Meta:
        model = OutageEntry
        fields = []

    def __init__(self, data=None, queryset=None, *, now=None, lookback=datetime.timedelta(0), **kwargs):
        self.now = now or timezone.now()
        self.lookback = lookback
        if queryset is None:
            queryset = live_entries(self.now)
        super().__init__(data if data is not None else {}, queryset, **kwargs)

    def filter_later(self, queryset, name, value):
        """District and place are applied together in filter_queryset (same area), the date there too."""
        return queryset

    @property
    def today(self):
        return local_today(self.now)

    @property
    def chosen_date(self):
        return self.form.cleaned_data.get("date") if self.is_valid() else None

    def window_range(self):
        """(begin, end) of the windows asked for; end None means open-ended."""
        day = self.chosen_date
        if day:
            begin = day_start(day)
            return begin, begin + datetime.timedelta(days=1)
        return day_start(self.today) - self.lookback, None

    def windows_in_range(self):
        begin, end = self.window_range()
        windows = OutageWindow.objects.filter(end__gt=begin)
        if end is not None:
            # No window is longer than MAX_WINDOW: so it began after begin - MAX_WINDOW, and the index on start
            # reads the days around the one asked for, not every window before it.
            windows = windows.filter(start__lt=end, start__gte=begin - MAX_WINDOW)
        return windows

    def filter_queryset(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.form.cleaned_data
        windows = self.windows_in_range()
        entry_windows = windows.filter(entry=OuterRef("pk"))
        queryset = queryset.filter(Exists(entry_windows)).annotate(
            first_start=Subquery(entry_windows.order_by("start").values("start")[:1])
        )
        district, place = data.get("district"), data.get("place")
        if place:
            places = Place.objects.filter(area__entry=OuterRef("pk"), name__icontains=place)
            if district:
                places = places.filter(area__district=district)
            queryset = queryset.filter(Exists(places))
        elif district:
            queryset = queryset.filter(Exists(AffectedArea.objects.filter(entry=OuterRef("pk"), district=district)))
        return (
            queryset.select_related("notice")
            .defer("notice__search_vector")
            .prefetch_related(
                "areas__places",
                Prefetch("windows", queryset=windows.order_by("start", "pk"), to_attr="windows_in_range"),
            )
            .order_by("first_start", "notice__date", "position", "pk")
        )
