"""The classifieds desk's part of the API (newsroom/api.py composes it): published lost-document notices and the
document-number lookup. Only what the column prints: the filer's phone, ID number, fee and the day the desk took the
notice in (PRIVATE_FIELDS) are in no schema here and never leave the admin."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from newsroom.api_common import (
    KeysetPagination,
    Linked,
    Placement,
    answers,
    bad_parameter,
    filtered,
    listing,
    local,
    query_of,
)
from notices.filters import NoticeFilter
from notices.models import DeclarantKind, DocumentType
from notices.views import live_notices

router = Router(tags=["遗失声明"])


class NoticeOut(Linked):
    """一条遗失声明:见报的那一行,和分类广告部录入的各项(不含登报人的电话、身份证号、登报费)。"""

    id: int
    printed_line: str = Field(description="见报的那一行,如 ·张明(父:张军、母:李红)遗失M430000001号出生证")
    declarants: list[str] = Field(description="遗失人或单位,几个人一起声明时每人一项")
    declarant_kind: Literal[tuple(DeclarantKind.values)] = Field(description="person 个人、organisation 单位")
    father_name: str = Field(description="父亲姓名(出生证明)")
    mother_name: str = Field(description="母亲姓名(出生证明)")
    address: str = Field(description="地址或房产")
    plate: str = Field(description="车牌号")
    document_type: Literal[("", *DocumentType.values)] = Field(description="证件类型的代码;没能识别的为空")
    document_name: str = Field(description="见报的证件名称,如 出生证、道路运输证副本")
    number_prefix: str = Field(description="印在号码前的字样,如 湘交运管株")
    document_number: str = Field(description="证件号码")
    issuer: str = Field(description="开具单位")
    amount: str | None = Field(description="金额(元),照登报的数目")
    invoice_code: str = Field(description="发票代码")
    quantity: int | None = Field(description="数量,如 公章一枚 为 1")
    published_at: datetime.datetime = Field(description="上线时间(北京时间)")
    placement: Placement | None = Field(description="印在哪一期哪一版")
    url: str = Field(description="网页地址")
    api_url: str = Field(description="本接口中的地址")

    @staticmethod
    def resolve_printed_line(obj):
        return obj.printed_line()

    @staticmethod
    def resolve_declarants(obj):
        return obj.declarant_list

    @staticmethod
    def resolve_document_name(obj):
        return obj.printed_document_type

    @staticmethod
    def resolve_amount(obj):
        return None if obj.amount is None else str(obj.amount)

    @staticmethod
    def resolve_published_at(obj):
        return local(obj.live_since)


class NumberLookup(Schema):
    number: str = Field(description="查询的号码,按登报的写法整理过(大写、去掉空格和“号”)")
    declared_void: bool = Field(description="这个号码是否已登报声明作废")
    notices: list[NoticeOut] = Field(description="声明这个号码作废的每一条遗失声明")


NoticeFilters = query_of(NoticeFilter, "NoticeFilters")


@router.get(
    "notices/",
    response=listing(NoticeOut),
    url_name="notices",
    summary="遗失声明",
    description="已上线的遗失声明,新的在前,可按姓名或号码、证件类型和见报日期筛选。",
)
@paginate(KeysetPagination)
def notices(request, filters: Query[NoticeFilters]):
    return filtered(NoticeFilter(request.GET, queryset=live_notices(timezone.now()).newest_first()))


@router.get(
    "notices/lookup/",
    response=answers(NumberLookup),
    url_name="notice-lookup",
    summary="按号码查询是否已声明作废",
    description="银行、公证处等查一个证件号码是否已登报声明作废:给出每一条声明它的遗失声明。",
)
def lookup(request, number: str = Query(..., description="证件号码,如 M430000001", max_length=40)):
    filterset = NoticeFilter({"number": number}, queryset=live_notices(timezone.now()).newest_first())
    found = list(filtered(filterset))
    cleaned = filterset.form.cleaned_data["number"]
    if not cleaned:
        bad_parameter("参数 number 是空的:请给出要查的证件号码。")
    return {"number": cleaned, "declared_void": bool(found), "notices": found}


@router.get(
    "notices/{pk}/",
    response=answers(NoticeOut),
    url_name="notice",
    summary="一条遗失声明",
)
def notice(request, pk: int = Path(..., description="遗失声明的编号")):
    return get_object_or_404(live_notices(), pk=pk)
