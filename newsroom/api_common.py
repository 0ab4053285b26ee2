"""What every desk's part of the read-only API shares: the NinjaAPI class, errors, cursors, query parameters made
from the desks' FilterSets, and the references (edition, page, placement) every answer uses.

The desks' schemas and endpoints live in their own api.py (articles/api.py, notices/api.py, outages/api.py);
newsroom/api.py composes them into the one API at /api/v1/. An item's API URL is found by convention, as its
get_absolute_url() is: the endpoint of one item is named after its model (api-v1:article, api-v1:notice …).
Schemas' docstrings and fields' descriptions are the API's labels (its OpenAPI description and the page for people
made from it), so they are written in Chinese, as the site's labels are.
"""

import base64
import binascii
import datetime
import json
from functools import partial
from typing import Any, Literal

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PaginationBase
from ninja.renderers import JSONRenderer
from pydantic import create_model

from newsroom.cache import etag_of, may_keep
from newsroom.paging import NEWEST, keyset_slice

NAMESPACE = "api-v1"
MAX_ID = 2**63 - 1  # the largest id a database holds: a larger one in a query is refused, not sent
PER_PAGE = 20
MAX_PER_PAGE = 100


class Error(Schema):
    detail: str = Field(description="出了什么问题,一句话")


# What every endpoint may answer besides its 200: a conditional GET's 304 (no body), a 404, a bad parameter's 422.
ERRORS = {304: None, 404: Error, 422: Error}


def answers(schema):
    return {200: schema, **ERRORS}


def listing(schema):
    """The answers of a list of `schema` (paged by @paginate): never a 404."""
    return {200: list[schema], 304: None, 422: Error}


def bad_parameter(sentence):
    """Raise the 422 of a parameter the API cannot use, with one sentence that says why."""
    raise HttpError(422, sentence)


class Renderer(JSONRenderer):
    """JSON with Chinese as Chinese, not \\u escapes (the text is the paper's; a reader of the raw answer reads it)."""

    json_dumps_params = {"ensure_ascii": False}


class NewsroomAPI(NinjaAPI):
    """A NinjaAPI whose answers carry an ETag (the page cache's: the digest of the body) and answer If-None-Match
    with 304. A response the public page cache may keep gets its ETag, Last-Modified (the start of the cache's
    generation, which ends at the next publication instant) and Cache-Control from the cache itself
    (newsroom/cache.py), which answers the conditional GET; the rest (the page cache off, a logged-in reader) are
    answered here. Either way the validator changes as soon as the body does, at an item's minute too."""

    def __init__(self, **kwargs):
        super().__init__(renderer=Renderer(), **kwargs)

    def set_default_exception_handlers(self):
        super().set_default_exception_handlers()
        self.add_exception_handler(ValidationError, partial(on_bad_parameter, api=self))
        self.add_exception_handler(Http404, partial(on_not_found, api=self))
        self.add_exception_handler(HttpError, partial(on_http_error, api=self))

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if response.status_code != 200 or request.method != "GET":
            return response
        response["ETag"] = etag_of(response.content)
        if may_keep(request):
            return response  # the page cache answers it (and a 304 here would keep it from being kept)
        return get_conditional_response(request, etag=response["ETag"], response=response) or response


# -- errors, in one sentence each ----------------------------------------------------------------------

# Pydantic's error types (what a parameter's type refused) as a sentence a reader of the API understands.
SENTENCES = {
    "missing": "缺少参数 {name}。",
    "less_than_equal": "参数 {name} 不能大于 {le}。",
    "less_than": "参数 {name} 应小于 {lt}。",
    "greater_than_equal": "参数 {name} 不能小于 {ge}。",
    "greater_than": "参数 {name} 应大于 {gt}。",
    "int_parsing": "参数 {name} 应是整数。",
    "int_parsing_size": "参数 {name} 太大了。",
    "int_from_float": "参数 {name} 应是整数。",
    "int_type": "参数 {name} 应是整数。",
    "bool_parsing": "参数 {name} 应是 true 或 false。",
    "date_parsing": "参数 {name} 应是日期,如 2020-04-28。",
    "date_from_datetime_parsing": "参数 {name} 应是日期,如 2020-04-28。",
    "date_from_datetime_inexact": "参数 {name} 应是日期,如 2020-04-28。",
    "date_type": "参数 {name} 应是日期,如 2020-04-28。",
    "date_future": "参数 {name} 应是日期,如 2020-04-28。",
    "string_too_long": "参数 {name} 不能超过 {max_length} 个字。",
    "string_pattern_mismatch": "参数 {name} 的格式不对。",
    "literal_error": "参数 {name} 应是 {expected} 之一。",
    "enum": "参数 {name} 应是 {expected} 之一。",
}


def sentence_of(error):
    """One sentence for one of pydantic's errors, naming the parameter as the client sends it."""
    name = next((str(part) for part in reversed(error.get("loc", ())) if isinstance(part, str)), "")
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if "expected" in context:  # "'荷塘区', '芦淞区' or '天元区'" -> 荷塘区、芦淞区、天元区
        context["expected"] = context["expected"].replace("' or '", "、").replace("', '", "、").strip("'")
    try:
        return SENTENCES[error["type"]].format(name=name, **context)
    except KeyError:
        return f"参数 {name} 不能这样用。"


def on_bad_parameter(request, exc, api):
    return api.create_response(request, {"detail": sentence_of(exc.errors[0])}, status=422)


def on_not_found(request, exc, api):
    return api.create_response(request, {"detail": "没有找到:它不存在,或者还没有发布。"}, status=404)


def on_http_error(request, exc, api):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


# -- the desks' FilterSets as query parameters -------------------------------------------------------------


def _parameter(name, filter_):
    """(name, (type, Field)) of one django-filter filter, for the OpenAPI description."""
    label = str(filter_.label or name)
    if isinstance(filter_, django_filters.ChoiceFilter):
        choices = filter_.extra.get("choices")
        values = tuple(str(value) for value, _label in (choices() if callable(choices) else choices))
        return (Literal[values] | None, Field(None, description=label))
    if isinstance(filter_, django_filters.DateFilter):
        return (datetime.date | None, Field(None, description=label))
    if isinstance(filter_, django_filters.NumberFilter):
        return (int | None, Field(None, ge=1, le=MAX_ID, description=label))
    if isinstance(filter_, django_filters.BooleanFilter):
        return (bool | None, Field(None, description=label))
    return (str | None, Field(None, max_length=filter_.extra.get("max_length"), description=label))


def query_of(filterset_class, name):
    """The query parameters of a FilterSet as a ninja schema: the OpenAPI description and the types come from the
    desk's own FilterSet, which then does the filtering (filtered()), so the two cannot drift apart."""
    fields = {}
    for filter_name, filter_ in filterset_class.base_filters.items():
        if isinstance(filter_, django_filters.DateFromToRangeFilter):
            label = str(filter_.label or filter_name)
            fields[f"{filter_name}_after"] = (datetime.date | None, Field(None, description=f"{label}:从这一天起"))
            fields[f"{filter_name}_before"] = (datetime.date | None, Field(None, description=f"{label}:到这一天止"))
        else:
            fields[filter_name] = _parameter(filter_name, filter_)
    return create_model(name, __base__=Schema, **fields)


def filtered(filterset):
    """The FilterSet's queryset, or the 422 of its first error in one sentence (the desk's own message)."""
    if filterset.is_valid():
        return filterset.qs
    name, messages = next(iter(filterset.errors.items()))
    field = filterset.form.fields.get(name)
    if name == "__all__" or field is None:
        bad_parameter(str(messages[0]))
    if isinstance(filterset.filters.get(name), django_filters.DateFromToRangeFilter):
        name = f"{name}_after, {name}_before"
    bad_parameter(f"参数 {name}({field.label}):{messages[0]}")


# -- cursors ----------------------------------------------------------------------------------------------

BAD_CURSOR = "参数 cursor 无效:请用上一次答复里 next 或 previous 的地址翻页。"


def _exact(value):
    """A key's value in full: a time to the microsecond (Django's JSON encoder keeps milliseconds only, and a
    cursor a microsecond off would skip or repeat the items of that instant)."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a key of a list")


def encode_cursor(data):
    return base64.urlsafe_b64encode(json.dumps(data, default=_exact).encode()).decode().rstrip("=")


def decode_cursor(cursor):
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        bad_parameter(BAD_CURSOR)
    if not isinstance(data, dict):
        bad_parameter(BAD_CURSOR)
    return data


def page_link(request, cursor, path=None, query=None):
    """The absolute URL of this request (or of `path` with `query`) with another cursor; None for no page."""
    if cursor is None:
        return None
    params = request.GET.copy() if query is None else QueryDict(mutable=True)
    params.update(query or {})
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{path or request.path}?{params.urlencode()}")


class PageInput(Schema):
    cursor: str | None = Field(None, description="翻页游标:照用上一次答复的 next 或 previous 地址,不要自己拼")
    limit: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"每页条数,1 到 {MAX_PER_PAGE}")


class PageOutput(Schema):
    items: list[Any]
    next: str | None = Field(description="下一页(更早的)的地址;没有更多时为 null")
    previous: str | None = Field(description="上一页(更新的)的地址;在第一页时为 null")


class KeysetPagination(PaginationBase):
    """Newest first, a page after or before the item in the cursor (newsroom/paging.py): as cheap ten years down as
    at the top, no count, no OFFSET. The cursor carries the key of the item a page starts after, so it needs no
    query of its own; a forged key only moves the page, and every row still comes through the list's live()."""

    Input = PageInput
    Output = PageOutput

    def __init__(self, key=NEWEST, **kwargs):
        self.key = key
        super().__init__(**kwargs)

    def anchor(self, model, values):
        """{field: value} of the key from the cursor's values, each read as its model field reads it."""
        if not isinstance(values, list) or len(values) != len(self.key):
            bad_parameter(BAD_CURSOR)
        anchor = {}
        for name, value in zip(self.key, values, strict=True):
            try:
                anchor[name] = model._meta.get_field(name).to_python(value)
            except (DjangoValidationError, TypeError, ValueError):
                bad_parameter(BAD_CURSOR)
            value = anchor[name]
            naive = isinstance(value, datetime.datetime) and timezone.is_naive(value)
            if value is None or naive or (isinstance(value, int) and not 0 <= value <= MAX_ID):
                bad_parameter(BAD_CURSOR)
        return anchor

    def cursor_of(self, direction, item):
        return encode_cursor({"d": direction, "k": [getattr(item, name) for name in self.key]})

    def paginate_queryset(self, queryset, pagination, request, **params):
        older = newer = None
        if pagination.cursor:
            data = decode_cursor(pagination.cursor)
            anchor = self.anchor(queryset.model, data.get("k"))
            if data.get("d") == "o":
                older = anchor
            elif data.get("d") == "n":
                newer = anchor
            else:
                bad_parameter(BAD_CURSOR)
        items, more_newer, more_older = keyset_slice(queryset, pagination.limit, older, newer, self.key)
        return {
            "items": items,
            "next": page_link(request, self.cursor_of("o", items[-1])) if items and more_older else None,
            "previous": page_link(request, self.cursor_of("n", items[0])) if items and more_newer else None,
        }


MAX_POSITION = 100_000


def position_of(cursor, **expected):
    """The position a positional cursor names (0 without one); its other values must be `expected`."""
    if not cursor:
        return 0
    data = decode_cursor(cursor)
    position = data.get("p")
    if not isinstance(position, int) or not 0 <= position <= MAX_POSITION:
        bad_parameter(BAD_CURSOR)
    if any(data.get(key) != value for key, value in expected.items()):
        bad_parameter(BAD_CURSOR)
    return position


class PositionPagination(PaginationBase):
    """For the short lists that are not newest first (an outage lookup: today's and the coming days' windows): the
    cursor is a position in the list."""

    Input = PageInput
    Output = PageOutput

    def paginate_queryset(self, queryset, pagination, request, **params):
        start = position_of(pagination.cursor)
        items = list(queryset[start : start + pagination.limit + 1])
        more = len(items) > pagination.limit
        previous = max(0, start - pagination.limit)
        return {
            "items": items[: pagination.limit],
            "next": page_link(request, encode_cursor({"p": start + pagination.limit})) if more else None,
            "previous": page_link(request, encode_cursor({"p": previous})) if start else None,
        }


# -- references every answer uses -------------------------------------------------------------------------


def absolute(context, path):
    return context["request"].build_absolute_uri(path)


def api_path(obj):
    """The API URL of one item, by the convention that its endpoint is named after its model; None without one."""
    try:
        return reverse(f"{NAMESPACE}:{obj._meta.model_name}", kwargs={"pk": obj.pk})
    except NoReverseMatch:
        return None


def api_url(context, obj):
    path = api_path(obj)
    return absolute(context, path) if path else None


def local(moment):
    """A time as Beijing time (+08:00), as readers are told it."""
    return timezone.localtime(moment) if moment else None


class EditionRef(Schema):
    date: datetime.date = Field(description="出版日期")
    number: int | None = Field(description="期号")
    url: str = Field(description="网页地址")
    api_url: str = Field(description="本接口中的地址")

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return absolute(context, reverse(f"{NAMESPACE}:edition", kwargs={"date": obj.date.isoformat()}))


class PageRef(Schema):
    code: str = Field(description="版次,如 A2")
    name: str = Field(description="版名,如 综合;没有时为空")
    url: str = Field(description="网页地址")
    api_url: str = Field(description="本接口中的地址")

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        kwargs = {"date": obj.edition.date.isoformat(), "code": obj.code}
        return absolute(context, reverse(f"{NAMESPACE}:page", kwargs=kwargs))


class Placement(Schema):
    """印在哪里:哪一期、哪一版、版面上的次序(小的在前)。"""

    edition: EditionRef
    page: PageRef
    position: int = Field(description="在版面上的先后次序,小的在前")

    @staticmethod
    def resolve_edition(obj):
        return obj.page.edition

    @staticmethod
    def resolve_page(obj):
        return obj.page


def placement_of(item):
    """The item itself (Placement reads its page and position), or None for an item published off the paper."""
    return item if item.page_id else None


class Linked(Schema):
    """The resolvers of every item's type (app.model), title (the item as it names itself), url (its page on the
    site), api_url (its answer here) and placement (where it is printed), for the schemas that declare those fields,
    each with its own description."""

    @staticmethod
    def resolve_type(obj):
        return obj._meta.label_lower

    @staticmethod
    def resolve_title(obj):
        return str(obj)

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return api_url(context, obj)

    @staticmethod
    def resolve_placement(obj):
        return placement_of(obj)
