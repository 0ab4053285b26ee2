"""Narrowing the list of live stories (the API's /stories/): by column, by contributor, web-first only."""

import django_filters
from django.utils.translation import gettext_lazy as _

from articles.views import credited


class StoryFilter(django_filters.FilterSet):
    column = django_filters.CharFilter(label=_("栏目的网址名,如 学习微党课"), field_name="column__slug", max_length=80)
    contributor = django_filters.NumberFilter(label=_("作者编号:署名或摄影署名里有他的"), method="filter_contributor")
    web_first = django_filters.BooleanFilter(label=_("true:只要网络首发的(不在版面上)"), method="filter_web_first")

    class Meta:
        fields = []

    def filter_contributor(self, queryset, name, value):
        return credited(queryset, int(value))

    def filter_web_first(self, queryset, name, value):
        return queryset.filter(page__isnull=value)
