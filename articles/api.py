"""The news desk's part of the API (newsroom/api.py composes it): stories with every byline and every photo credit,
contributors and columns with their stories. Every query goes through live(), as the site's views do."""

import datetime
from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from articles.filters import StoryFilter
from articles.models import Article, Byline, Column, Contributor, Kind, Role
from articles.views import credited, credits_with_contributors, live_articles, live_parts, live_stories
from newsroom.api_common import (
    NAMESPACE,
    PER_PAGE,
    KeysetPagination,
    Linked,
    PageOutput,
    PageRef,
    Placement,
    absolute,
    answers,
    filtered,
    listing,
    local,
    page_link,
    query_of,
)
from newsroom.paging import keyset_slice
from newsroom.postgresql import prepared_statements

router = Router(tags=["稿件"])


class Credit(Schema):
    """署名或摄影署名里的一个人,照报上印的(articles/bylines.py)。"""

    name: str = Field(description="姓名")
    role: str = Field(description="身份,照报上印的:记者、见习记者、全媒体记者、通讯员、实习生……")
    role_code: Literal[tuple(Role.values)] = Field(description="身份的代码")
    affiliation: str = Field(description="印在身份前的单位,如 株洲日报;没有印时为空")
    contributor_id: int = Field(description="作者编号")
    contributor_url: str = Field(description="作者的网页")
    contributor_api_url: str = Field(description="作者在本接口中的地址")

    @staticmethod
    def resolve_name(obj):
        return obj.as_credit().name

    @staticmethod
    def resolve_role(obj):
        return obj.as_credit().role

    @staticmethod
    def resolve_role_code(obj):
        return obj.role

    @staticmethod
    def resolve_affiliation(obj):
        return obj.as_credit().affiliation

    @staticmethod
    def resolve_contributor_url(obj, context):
        return absolute(context, obj.contributor.get_absolute_url())

    @staticmethod
    def resolve_contributor_api_url(obj, context):
        return absolute(context, reverse(f"{NAMESPACE}:contributor", kwargs={"pk": obj.contributor_id}))


class Rendition(Schema):
    name: Literal[tuple(Article._meta.get_field("photos").related_model.RENDITIONS)] = Field(
        description="thumb 缩略图、page 正文图"
    )
    width: int | None = Field(description="宽(像素)")
    height: int | None = Field(description="高(像素)")
    jpg: str = Field(description="JPEG 的地址")
    webp: str | None = Field(description="WebP 的地址")


class Photo(Schema):
    caption: str = Field(description="图片说明,照报上印的")
    alt_text: str = Field(description="替代文字")
    credit: str = Field(description="摄影署名,照报上印的,如 株洲日报记者 任远 通讯员/任晓磊 摄")
    credits: list[Credit] = Field(description="摄影署名里的每一个人")
    width: int | None = Field(description="原图的宽;从排版文本导入、还没有上传图片时为 null")
    height: int | None = Field(description="原图的高")
    renditions: list[Rendition] = Field(description="各种尺寸;还没有上传图片时为空")

    @staticmethod
    def resolve_credit(obj):
        return obj.printed_credit

    @staticmethod
    def resolve_credits(obj):
        return list(obj.credits.all())

    @staticmethod
    def resolve_renditions(obj, context):
        return [
            {
                "name": name,
                "width": made["width"],
                "height": made["height"],
                "jpg": absolute(context, made["jpg"]),
                "webp": absolute(context, made["webp"]) if made["webp"] else None,
            }
            for name, made in obj.sources.items()
        ]


class Block(Schema):
    type: Literal["p", "h"] = Field(description="p 段落、h 小标题")
    text: str


class Correction(Schema):
    date: datetime.date
    text: str


class ColumnRef(Linked):
    name: str = Field(description="栏目名")
    slug: str = Field(description="网址名")
    banner: str = Field(description="栏目上方的通栏标题;没有时为空")
    url: str = Field(description="网页地址")
    api_url: str = Field(description="本接口中的地址")

    @staticmethod
    def resolve_api_url(obj, context):
        return absolute(context, reverse(f"{NAMESPACE}:column", kwargs={"slug": obj.slug}))


class StoryRef(Linked):
    id: int
    headline: str
    url: str = Field(description="网页地址")
    api_url: str = Field(description="本接口中的地址")


class Jump(Schema):
    """转版行,照报上印的;另一部分上线后才给出它:稿件上的“下转”指向每一段已上线的续文,续文上的“上接”指向它接的稿件。"""

    direction: Literal["下转", "上接"]
    label: str = Field(description="转版行,照报上印的,如 下转A3版②")
    page: PageRef | None = Field(description="另一部分所在的版面;它还没有上线时为 null")
    story: StoryRef | None = Field(description="另一部分;它还没有上线时为 null(只印转版行,不给链接)")


class StorySummary(Linked):
    id: int
    kind: Literal[tuple(Kind.values)] = Field(description="体裁:news 消息、feature 通讯、photo 图片新闻")
    kicker: str = Field(description="引题")
    headline: str = Field(description="主题")
    subheadline: str = Field(description="副题")
    column: ColumnRef | None = Field(description="栏目")
    bylines: list[Credit] = Field(description="署名里的每一个人,按印的次序")
    published_at: datetime.datetime = Field(description="上线时间(北京时间)")
    placement: Placement | None = Field(description="印在哪一期哪一版;网络首发的为 null")
    url: str = Field(description="网页地址")
    api_url: str = Field(description="本接口中的地址")

    @staticmethod
    def resolve_bylines(obj):
        return list(obj.bylines.all())

    @staticmethod
    def resolve_published_at(obj):
        return local(obj.live_at)


class Story(StorySummary):
    kind: Literal[tuple(Kind.values)] = Field(
        description="体裁:news 消息、feature 通讯、photo 图片新闻、continuation 转版续文(单独读到的续文)"
    )
    dateline: str = Field(description="电头,印在第一段前,如 株洲日报讯")
    byline: str = Field(description="署名,照报上印的,一组一行")
    blocks: list[Block] = Field(description="正文:段落和小标题;已上线的续文接在后面")
    photos: list[Photo] = Field(description="图片,续文的图片接在后面")
    corrections: list[Correction] = Field(description="更正")
    jumps: list[Jump] = Field(description="转版行")

    @staticmethod
    def resolve_byline(obj):
        return obj.printed_byline

    @staticmethod
    def resolve_blocks(obj):
        return obj.blocks_shown

    @staticmethod
    def resolve_photos(obj):
        return obj.photos_shown

    @staticmethod
    def resolve_corrections(obj):
        return obj.corrections_shown

    @staticmethod
    def resolve_jumps(obj):
        return obj.jumps_shown

    @staticmethod
    def resolve_published_at(obj):
        return local(obj.live_since)


def story_lines(now):
    """Live stories for a list (continuation parts are read inside theirs), newest first, with their bylines."""
    return (
        Article.listed(now)
        .select_related("page__edition", "column")
        .defer("body", "summary")
        .prefetch_related(Prefetch("bylines", Byline.objects.select_related("contributor")))
        .newest_first()
    )


@router.get(
    "stories/",
    response=listing(StorySummary),
    url_name="stories",
    summary="稿件",
    description="已上线的稿件,新的在前,可按栏目、作者(署名或摄影署名)和网络首发筛选。续文不单独列出。",
)
@paginate(KeysetPagination)
def stories(request, filters: Query[query_of(StoryFilter, "StoryFilters")]):
    return filtered(StoryFilter(request.GET, queryset=story_lines(timezone.now())))


def jumps_of(story, parts, main):
    """下转 to each live part; 上接 to the story a continuation part continues (linked only once that is live)."""
    jumps = [
        {"direction": "下转", "label": f"下转{part.page.code}版{part.jump_mark}", "page": part.page, "story": part}
        for part in parts
        if part.page_id
    ]
    if story.is_continuation and story.continued_from_code:
        label = f"上接{story.continued_from_code}版{story.jump_mark}"
        jumps.append({"direction": "上接", "label": label, "page": main and main.page, "story": main})
    return jumps


@router.get(
    "stories/{pk}/",
    response=answers(Story),
    url_name="article",
    summary="一篇稿件",
    description=(
        "引题、主题、副题、栏目、电头、正文、每一个署名(姓名、身份、单位、作者地址)、图片(各种尺寸、说明、每一个"
        "摄影署名)、更正、版面位置和转版行。已上线的续文接在正文和图片后面,如网站所示。"
    ),
)
@prepared_statements()
def story(request, pk: int = Path(..., description="稿件编号")):
    now = timezone.now()
    found = get_object_or_404(live_stories(now), pk=pk)
    parts = live_parts(found, now) if found.has_parts else []
    photos = list(found.photos.prefetch_related(credits_with_contributors())) if found.has_photos else []
    main = live_articles(now).filter(pk=found.continues_id).first() if found.continues_id else None
    whole = [found, *parts]
    found.blocks_shown = [{"type": kind, "text": text} for part in whole for kind, text in part.blocks]
    found.photos_shown = [*photos, *(photo for part in parts for photo in part.photos.all())]
    found.corrections_shown = list(found.corrections.all()) if found.has_corrections else []
    found.jumps_shown = jumps_of(found, parts, main)
    return found


# -- contributors and columns ---------------------------------------------------------------------------


class StoryPage(PageOutput):
    items: list[StorySummary]


def first_page(request, queryset, **query):
    """The newest stories of a list with the link to the rest of it (/stories/ with the same filter)."""
    items, _more_newer, more_older = keyset_slice(queryset, PER_PAGE)
    cursor = KeysetPagination().cursor_of("o", items[-1]) if items and more_older else None
    path = reverse(f"{NAMESPACE}:stories")
    return {"items": items, "previous": None, "next": page_link(request, cursor, path=path, query=query)}


class ContributorOut(Linked):
    id: int
    name: str = Field(description="姓名")
    affiliation: str = Field(description="单位")
    bio: str = Field(description="简介")
    url: str = Field(description="网页地址")
    stories: StoryPage = Field(description="署名或摄影署名里有他的稿件,新的在前;next 是其余的")


@router.get(
    "contributors/{pk}/",
    response=answers(ContributorOut),
    url_name="contributor",
    summary="一位作者",
    description="作者和他已上线的稿件(署名或摄影署名)。还没有已上线的稿件的作者是 404。",
)
def contributor(request, pk: int = Path(..., description="作者编号")):
    found = get_object_or_404(Contributor, pk=pk)
    found.stories = first_page(request, credited(story_lines(timezone.now()), found), contributor=pk)
    if not found.stories["items"]:
        raise Http404  # known to readers only through live work: a byline on a scheduled story must not show early
    return found


class ColumnSummary(ColumnRef):
    description: str = Field(description="简介")


class ColumnOut(ColumnSummary):
    stories: StoryPage = Field(description="栏目里的稿件,新的在前;next 是其余的")


def live_columns(now):
    return Column.objects.filter(Exists(Article.listed(now).filter(column=OuterRef("pk"))))


@router.get(
    "columns/",
    response=listing(ColumnSummary),
    url_name="columns",
    summary="栏目",
    description="有已上线稿件的栏目,按名称排列。",
)
def columns(request):
    return list(live_columns(timezone.now()).order_by("name"))


@router.get(
    "columns/{slug}/",
    response=answers(ColumnOut),
    url_name="column",
    summary="一个栏目",
    description="栏目和它已上线的稿件。还没有已上线稿件的栏目是 404。",
)
def column(request, slug: str = Path(..., description="栏目的网址名", max_length=80)):
    now = timezone.now()
    found = get_object_or_404(live_columns(now), slug=slug)
    found.stories = first_page(request, story_lines(now).filter(column=found), column=slug)
    return found
