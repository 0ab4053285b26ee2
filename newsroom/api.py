"""The read-only API at /api/v1/ (django-ninja): the paper's editions, pages and search here, and every desk's own part
(its api.py's `router`: articles/, notices/, outages/), which newsroom/urls.py hands to build_api(), so that this
module names no desk. The OpenAPI description is /api/v1/openapi.json; /api/v1/ is its page for people, rendered
here from the description itself (ninja's own page loads Swagger UI from a CDN, which the site's CSP forbids)."""

import datetime
from typing import Literal

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.openapi.docs import DocsBase
from ninja.pagination import paginate

from newsroom.api_common import (
    MAX_PER_PAGE,
    NAMESPACE,
    PER_PAGE,
    EditionRef,
    KeysetPagination,
    Linked,
    NewsroomAPI,
    PageRef,
    Placement,
    absolute,
    answers,
    bad_parameter,
    encode_cursor,
    listing,
    local,
    position_of,
)
from newsroom.models import Edition
from newsroom.postgresql import prepared_statements
from newsroom.publication import contents_of_pages, placed_items
from newsroom.search import MAX_LENGTH, RESULT_CAP, days_between, plain_snippet, search, searchable_models, terms_of
from newsroom.views import live_edition

router = Router(tags=["报纸"])


# -- editions and pages ------------------------------------------------------------------------------


class EditionSummary(EditionRef):
    published_at: datetime.datetime = Field(description="上线时间(北京时间)")

    @staticmethod
    def resolve_published_at(obj):
        return local(obj.publish_at)


class ContentsLine(Schema):
    """目录的一行:一篇稿件,一段续文的转版行(如 上接A3版②),或一栏遗失声明。"""

    title: str = Field(description="目录里的一行,照报上印的")
    type: str = Field(description="哪个版块的内容:articles.article、notices.notice、outages.outagenotice")
    position: int = Field(description="在版面上的先后次序")
    url: str = Field(description="网页地址")

    @staticmethod
    def resolve_type(obj):
        return obj.order[1].lower()

    @staticmethod
    def resolve_position(obj):
        return obj.order[0]

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.url)


class PageContents(PageRef):
    correction: str = Field(description="这一版的更正说明,每行一条;没有时为空")
    contents: list[ContentsLine]


class EditionOut(EditionSummary):
    previous_date: datetime.date | None = Field(description="上一期(已上线的)的日期")
    next_date: datetime.date | None = Field(description="下一期(已上线的)的日期")
    pages: list[PageContents]

    @staticmethod
    def resolve_pages(obj):
        return obj.pages_with_contents


class PageItem(Linked):
    type: str = Field(description="哪个版块的内容:articles.article、notices.notice、outages.outagenotice")
    id: int
    title: str = Field(description="标题;遗失声明是它见报的那一行")
    position: int = Field(description="在版面上的先后次序,小的在前")
    url: str = Field(description="网页地址")
    api_url: str | None = Field(description="本接口中的地址")


class PageOut(PageRef):
    edition: EditionSummary
    correction: str = Field(description="这一版的更正说明,每行一条;没有时为空")
    previous_code: str | None = Field(description="上一版的版次")
    next_code: str | None = Field(description="下一版的版次")
    items: list[PageItem] = Field(description="这一版上线的全部内容,按印在版面上的次序")


@router.get(
    "editions/",
    response=listing(EditionSummary),
    url_name="editions",
    summary="往期报纸",
    description="已上线的每一期,新的在前。",
)
@paginate(KeysetPagination, key=("date",))
def editions(request):
    return Edition.objects.live(timezone.now()).order_by("-date")


@router.get(
    "editions/{date}/",
    response=answers(EditionOut),
    url_name="edition",
    summary="一期报纸",
    description="一期的各个版面和每版的目录(一篇稿件一行,续文是它的转版行,遗失声明是一行)。",
)
@prepared_statements()
def edition(request, date: datetime.date = Path(..., description="出版日期,如 2020-04-28")):
    now = timezone.now()
    found, pages = live_edition(now, date=date)
    for page, lines in contents_of_pages(pages, now).items():
        page.contents = lines
    found.pages_with_contents = pages
    return found


@router.get(
    "editions/{date}/{code}/",
    response=answers(PageOut),
    url_name="page",
    summary="一个版面",
    description="一版上线的全部内容,按印在版面上的次序。",
)
@prepared_statements()
def page(
    request,
    date: datetime.date = Path(..., description="出版日期,如 2020-04-28"),
    code: str = Path(..., description="版次,如 A2", pattern=r"^[A-Za-z][1-9][0-9]?$"),
):
    now = timezone.now()
    _edition, pages = live_edition(now, date=date)
    at = next((n for n, candidate in enumerate(pages) if candidate.code == code.upper()), None)
    if at is None:
        raise Http404
    shown = pages[at]
    shown.items = placed_items([shown], now)[shown]
    shown.previous_code = pages[at - 1].code if at else None
    shown.next_code = pages[at + 1].code if at + 1 < len(pages) else None
    return shown


# -- search -----------------------------------------------------------------------------------------------

KINDS = tuple(model._meta.model_name for model in searchable_models())


class SearchHit(Linked):
    type: str = Field(description="哪个版块的内容:articles.article、notices.notice、outages.outagenotice")
    id: int
    title: str
    snippet: str = Field(description="找到的字词前后的一段文字")
    published_at: datetime.datetime | None = Field(description="上线时间(北京时间)")
    placement: Placement | None = Field(description="印在哪一期哪一版;网上首发的为 null")
    url: str = Field(description="网页地址")
    api_url: str | None = Field(description="本接口中的地址")

    @staticmethod
    def resolve_published_at(obj):
        return local(obj.live_at)


class SearchSection(Schema):
    kind: str = Field(description="类别:article 稿件、notice 遗失声明、outagenotice 停电公告")
    label: str = Field(description="类别的名称")
    count: int = Field(description=f"找到多少条(最多数到 {RESULT_CAP})")
    capped: bool = Field(description=f"是否超过 {RESULT_CAP} 条(只列出最新的 {RESULT_CAP} 条)")
    approximate: bool = Field(description="count 是否为约数(词组要逐条核对原文时)")
    items: list[SearchHit]
    next: str | None = Field(description="这一类的下一页的地址")
    previous: str | None = Field(description="这一类的上一页的地址")


class SearchResults(Schema):
    query: str
    terms: list[str] = Field(description="查询拆成的字词,每个都要找到")
    sections: list[SearchSection]


@router.get(
    "search/",
    response=answers(SearchResults),
    url_name="search",
    summary="搜索",
    description=(
        "已上线的稿件、遗失声明和停电公告中含有每个字词的(中文按字串查找),新的在前,按类别分开,各自翻页。"
        f"每类最多数到 {RESULT_CAP} 条。续文不单独列出:它的文字找到它的稿件。"
    ),
)
def search_endpoint(
    request,
    q: str = Query(..., description="要找的字词,空格分开", max_length=MAX_LENGTH),
    kind: Literal[KINDS] | None = Query(None, description="只找这一类"),
    since: datetime.date | None = Query(None, alias="from", description="上线日期从这一天起"),
    until: datetime.date | None = Query(None, alias="to", description="上线日期到这一天止"),
    cursor: str | None = Query(None, description="翻页游标:照用答复里 next 或 previous 的地址"),
    limit: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"每类每页条数,1 到 {MAX_PER_PAGE}"),
):
    if cursor and not kind:
        bad_parameter("参数 cursor 要和 kind 一起用:请照用答复里 next 或 previous 的地址。")
    start = position_of(cursor, k=kind)
    models = [model for model in searchable_models() if kind in (None, model._meta.model_name)]
    terms = terms_of(q)
    sections = []
    for model, matches in search(q, models=models, live_between=days_between(since, until)).items():
        name = model._meta.model_name
        count = matches.count()
        items = list(matches[start : start + limit]) if start < count else []
        for item in items:
            item.snippet = plain_snippet(item.search_text(), terms)

        def link(position, name=name):
            query = request.GET.copy()
            query["kind"], query["cursor"] = name, encode_cursor({"k": name, "p": position})
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        sections.append(
            {
                "kind": name,
                "label": str(model._meta.verbose_name),
                "count": count,
                "capped": count >= RESULT_CAP,
                "approximate": matches.approximate,
                "items": items,
                "next": link(start + limit) if start + limit < count else None,
                "previous": link(max(0, start - limit)) if start else None,
            }
        )
    return {"query": q, "terms": terms, "sections": sections}


# -- the API, composed ------------------------------------------------------------------------------------


class Documentation(DocsBase):
    """The description for people: every path with its parameters and answers, and every schema with its fields,
    in Chinese, from the OpenAPI document itself (no script, nothing from another host)."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema()
        context = {
            "api": api,
            "openapi_url": reverse(f"{NAMESPACE}:openapi-json"),
            "operations": describe_operations(schema),
            "schemas": describe_schemas(schema),
        }
        return render(request, "newsroom/api_docs.html", context)


def type_of(schema):
    """A property's or parameter's type in a few words: integer, string (date), [Story], Placement | null …"""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(type_of(option) for option in schema["anyOf"])
    if "enum" in schema:
        return " / ".join(map(str, schema["enum"]))
    if "const" in schema:
        return str(schema["const"])
    if schema.get("type") == "array":
        return f"[{type_of(schema.get('items', {}))}]"
    kind = schema.get("type", "any")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


STATUS_WORDS = {
    "200": "成功",
    "304": "没有变化(条件请求),没有正文",
    "404": "没有找到,或者还没有发布",
    "422": "参数用不了",
}


def schema_named(schema):
    """The component an answer is made of ([Story] and Story | null are made of Story), or ""."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    return next(filter(None, map(schema_named, [schema.get("items", {}), *schema.get("anyOf", [])])), "")


def describe_operations(schema):
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": {"path": "路径", "query": "查询"}.get(parameter["in"], parameter["in"]),
                    "required": parameter.get("required", False),
                    "type": type_of(parameter["schema"]),
                    "description": parameter.get("description") or parameter["schema"].get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = []
            for status, response in operation.get("responses", {}).items():
                body = response.get("content", {}).get("application/json", {}).get("schema")
                responses.append(
                    {
                        "status": status,
                        "description": STATUS_WORDS.get(str(status), response.get("description", "")),
                        "type": type_of(body) if body else "",
                        "schema": schema_named(body) if body else "",
                    }
                )
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tags": operation.get("tags", []),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return operations


def describe_schemas(schema):
    described = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        fields = [
            {
                "name": field,
                "type": type_of(spec),
                "required": field in required,
                "description": spec.get("description", ""),
            }
            for field, spec in component.get("properties", {}).items()
        ]
        described.append({"name": name, "description": component.get("description", ""), "fields": fields})
    return described


class API(NewsroomAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Made once per process: the description does not change while it runs."""
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        kept = self.__dict__.setdefault("_schemas", {})
        if key not in kept:
            kept[key] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return kept[key]


def build_api(*desk_routers):
    """The API: the paper's own endpoints, then each desk's router (newsroom/urls.py names them, as it names the desks'
    feeds and sitemaps)."""
    api = API(
        title=f"{settings.NEWSPAPER_NAME} API",
        version="1",
        description=(
            "只读的 JSON 接口:已上线的报纸、稿件(每一个署名)、图片(每一个摄影署名)、遗失声明和停电公告,"
            "与网站按同一条发布规则:定时的内容到点才出现。列表用游标翻页(next / previous 地址),"
            "答复带 ETag 和 Last-Modified,可用条件请求(304)。"
        ),
        urls_namespace=NAMESPACE,
        openapi_url="/openapi.json",
        docs_url="/",
        docs=Documentation(),
    )
    for each in (router, *desk_routers):
        api.add_router("", each)
    return api
