"""The public-service desk's part of the API (newsroom/api.py composes it): published outage notices with their
rows, and the lookup of rows by district, place and day (outages/filters.py, as the site's /outages/)."""

import datetime
from typing import Literal

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from newsroom.api_common import (
    KeysetPagination,
    Linked,
    Placement,
    PositionPagination,
    answers,
    filtered,
    listing,
    local,
    query_of,
)
from outages.filters import OutageEntryFilter
from outages.models import EntryStatus, OutageNotice, OutageWindow
from outages.parser import DISTRICTS

router = Router(tags=["停电"])


class Window(Schema):
    start: datetime.datetime = Field(description="开始(北京时间)")
    end: datetime.datetime = Field(description="结束(北京时间)")
    label: str = Field(description="照读者说的,如 2020年4月29日 19:00-20:00")

    @staticmethod
    def resolve_start(obj):
        return obj.local_start

    @staticmethod
    def resolve_end(obj):
        return obj.local_end


class Area(Schema):
    district: str = Field(description="区县;报上没有印区县时为空")
    label: str = Field(description="不是区县的前缀,照原文,如 用户户名")
    places: list[str] = Field(description="地点:台区、箱变、小区、学校……照报上印的")

    @staticmethod
    def resolve_places(obj):
        return [place.name for place in obj.places.all()]


class EntryOut(Schema):
    id: int
    line: str = Field(description="高压线路:停电的线路或设备")
    scope: str = Field(description="停电范围")
    status: Literal[tuple(EntryStatus.values)] = Field(
        description="planned 计划停电、postponed 已延期、cancelled 已取消、done 已完成"
    )
    status_label: str = Field(description="状态的名称")
    reason: str = Field(description="延期或取消的原因")
    windows: list[Window] = Field(description="停电时段")
    areas: list[Area] = Field(description="影响区域")

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_windows(obj):
        return list(obj.windows.all())

    @staticmethod
    def resolve_areas(obj):
        return list(obj.areas.all())


class OutageNoticeRef(Linked):
    id: int
    date: datetime.date = Field(description="公告所列停电的日期")
    title: str = Field(description="标题,照报上印的,如 某年某月某日 检修停电安排")
    url: str = Field(description="网页地址")
    api_url: str = Field(description="本接口中的地址")


class OutageNoticeOut(OutageNoticeRef):
    company: str = Field(description="发布单位")
    warning: str = Field(description="表格上方的固定提示,照登报原文")
    entries: list[EntryOut] = Field(description="每一行停电安排")
    published_at: datetime.datetime = Field(description="上线时间(北京时间)")
    placement: Placement | None = Field(description="印在哪一期哪一版")

    @staticmethod
    def resolve_entries(obj):
        return list(obj.entries.all())

    @staticmethod
    def resolve_published_at(obj):
        return local(obj.live_since)


class EntryWithNotice(EntryOut):
    notice: OutageNoticeRef = Field(description="这一行所在的停电公告")


class OutageNoticeFilter(django_filters.FilterSet):
    date = django_filters.DateFilter(label=_("公告所列停电的日期,如 2020-04-29"))

    class Meta:
        model = OutageNotice
        fields = []


class EntryLookup(OutageEntryFilter):
    """The site's lookup, with the district one of the districts and counties of the city: an unknown one is a
    mistake to say, not an empty answer."""

    district = django_filters.ChoiceFilter(label=_("区县"), method="filter_later", choices=[(d, d) for d in DISTRICTS])


def with_rows(notices):
    return notices.select_related("page__edition").prefetch_related(
        Prefetch("entries__windows", OutageWindow.objects.order_by("start", "pk")), "entries__areas__places"
    )


@router.get(
    "outages/notices/",
    response=listing(OutageNoticeOut),
    url_name="outage-notices",
    summary="停电公告",
    description="已上线的停电公告(检修停电安排),新的在前,每条带它的每一行。",
)
@paginate(KeysetPagination)
def outage_notices(request, filters: Query[query_of(OutageNoticeFilter, "OutageNoticeFilters")]):
    live = with_rows(OutageNotice.objects.live(timezone.now()).newest_first())
    return filtered(OutageNoticeFilter(request.GET, queryset=live))


@router.get(
    "outages/notices/{pk}/",
    response=answers(OutageNoticeOut),
    url_name="outagenotice",
    summary="一条停电公告",
)
def outage_notice(request, pk: int = Path(..., description="停电公告的编号")):
    return get_object_or_404(with_rows(OutageNotice.objects.live(timezone.now())), pk=pk)


@router.get(
    "outages/entries/",
    response=listing(EntryWithNotice),
    url_name="outage-entries",
    summary="停电查询",
    description=(
        "已上线的停电安排,按区县、地点(名称的一部分)和日期(那天有停电时段的)查询;不给日期时是今天和以后的,"
        "按开始时间排列,如网站的停电查询。"
    ),
)
@paginate(PositionPagination)
def outage_entries(request, filters: Query[query_of(EntryLookup, "OutageEntryFilters")]):
    lookup = EntryLookup(request.GET, now=timezone.now())
    entries = filtered(lookup).select_related("notice__page__edition")
    return entries.prefetch_related(Prefetch("windows", OutageWindow.objects.order_by("start", "pk")))
