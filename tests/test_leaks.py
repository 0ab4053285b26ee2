"""No early leaks (issue 7): nothing scheduled shows on any public channel before its time.

One scenario (built for each test): yesterday's edition, live all along, as the baseline; today's
edition (2020-04-28, 第21345期, live at T) with pages A1 and A2. On them: a main story on A1 with a
photo whose continuation part (①) on A2 has its own, later time T3; a story on A1 scheduled later
than its edition (T3) whose continuation part (②) on A2 goes live with the edition; lost-document
notices (one with the edition, one later, one never signed off); an outage table with its entries;
a story still in review. Off the paper: a web-first story at T2, in a new column, bylined by a new
contributor. Both pages have a page image (A2 from a PDF) with a region for each of their items.

Every item has markers: strings that appear only where that item is shown (its headline, body, photo
files, URL, …). The clock is frozen one second before and one second after T, T2 and T3, in turn, and
every public channel is asked twice at each moment: the second answer comes from the public page cache
(newsroom/cache.py) wherever the channel may be kept. At each moment, on each channel:
  1. no marker of an item that is not live appears (the leak check);
  2. what the channel shows of live items is there, and what it must not show is not (so rule 1
     cannot pass on an empty or broken page); statuses, redirects, counts and calendar events match.
When each item goes live is written down here by hand (LIVE_FROM), not asked of live().

Every non-admin URL pattern of the project must be listed in PUBLIC_PATTERNS: a new public view
fails test_every_public_url_pattern_is_known until it is added here as a channel.
"""

import datetime
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlencode

import icalendar
import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLResolver, get_resolver, resolve
from django.utils.html import escape

from articles.models import Article, Column, Contributor, Photo, Role
from newsroom import page_files, preview
from newsroom.models import Edition, Page
from newsroom.publication import Status
from notices.models import Notice, NoticeStatus
from notices.printed import parse_notice_line
from outages.models import OutageNotice
from outages.parser import parse_outage_table
from tests.articles.conftest import image_bytes
from tests.conftest import SHANGHAI, at
from tests.newsroom.page_images import give_image
from tests.newsroom.page_images import pdf as page_pdf

SECOND = datetime.timedelta(seconds=1)
HOUR = datetime.timedelta(hours=1)

T0 = at(2020, 4, 27, 6, 0)  # yesterday's edition: the baseline, live at every moment checked
T = at(2020, 4, 28, 6, 0)  # today's edition
T2 = at(2020, 4, 28, 9, 30)  # the web-first story
T3 = at(2020, 4, 28, 12, 0)  # items scheduled later than their edition

# When each item is public, by hand: its own publish_at, or its edition's when that is later.
# None: never (not signed off).
LIVE_FROM = {
    "old": T0,  # a story in yesterday's edition
    "old_notice": T0,
    "edition": T,
    "main": T,  # own publish_at T-2h, held by the edition
    "part2": T,  # continuation ② of "late", own publish_at T-2h, held by the edition
    "notice": T,  # publish_at taken from the edition
    "outage": T,  # own publish_at T-1h, held by the edition
    "web": T2,  # no page: its own time only
    "late": T3,  # on A1, own publish_at later than the edition's
    "part1": T3,  # continuation ① of "main", own publish_at later than the edition's
    "late_notice": T3,
    "draft": None,  # submitted, never signed off, publish_at long past
    "pulled": None,  # was live yesterday, unpublished since
    "held_notice": None,  # placed (scheduled) by the classifieds desk, not signed off
}

MOMENTS = {
    "T-1s": T - SECOND,
    "T+1s": T + SECOND,
    "T2-1s": T2 - SECOND,
    "T2+1s": T2 + SECOND,
    "T3-1s": T3 - SECOND,
    "T3+1s": T3 + SECOND,
}

OUTAGE_TABLE = Path(__file__).parent / "outages" / "sample_table.txt"


class State:
    """Which items are live at one moment: state.main, state.edition, … (from LIVE_FROM)."""

    def __init__(self, now):
        self.now = now

    def __getattr__(self, key):
        if key not in LIVE_FROM:
            raise AttributeError(key)
        live_from = LIVE_FROM[key]
        return live_from is not None and live_from <= self.now


def holds(condition, state):
    """A condition: an item key, a tuple of keys (all live), a callable(state), or a bool."""
    if isinstance(condition, bool):
        return condition
    if isinstance(condition, str):
        return getattr(state, condition)
    if isinstance(condition, tuple):
        return all(getattr(state, key) for key in condition)
    return condition(state)


NEVER = False
ALWAYS = True


# ---------------------------------------------------------------- the scenario


@dataclass
class Scenario:
    objects: dict
    markers: dict  # item key -> strings that appear only where that item is shown

    def __getitem__(self, key):
        return self.objects[key]

    def url(self, key):
        return self.objects[key].get_absolute_url()


def photo_files(photo):
    """The original's name and every rendition's: none may be referenced before the photo's article is live."""
    renditions = [path for made in photo.renditions.values() for ext, path in made.items() if ext in ("webp", "jpg")]
    assert photo.image.name and len(renditions) == 4, (photo.image.name, photo.renditions)
    return [photo.image.name, *renditions]


def notice_markers(notice, *texts):
    return [*texts, notice.get_absolute_url(), f'notice-{notice.pk}"']


def article_markers(article, *texts):
    # "/articles/5/" is in neither "/articles/15/" nor "/articles/56/": a path is a marker as it is.
    return [*texts, article.get_absolute_url()]


def build_scenario():
    yesterday = Edition.objects.create(date=datetime.date(2020, 4, 27), number=21344, publish_at=T0)
    old_a1 = Page.objects.create(edition=yesterday, code="A1", name="要闻")
    edition = Edition.objects.create(date=datetime.date(2020, 4, 28), number=21345, publish_at=T)
    a1 = Page.objects.create(edition=edition, code="A1", name="要闻")
    a2 = Page.objects.create(edition=edition, code="A2", name="综合")

    column = Column.objects.create(name="学习微党课", banner="深入学习 习近平新时代中国特色社会主义思想")
    new_column = Column.objects.create(name="五一特刊", banner="MAYDAYBANNER 劳动最光荣", description="MAYDAYDESC")
    reporter = Contributor.objects.create(name="秦晓岚")
    newcomer = Contributor.objects.create(name="江新语", bio="NEWCOMERBIO 今年入职的记者")

    def article(headline, body, **fields):
        fields.setdefault("status", Status.PUBLISHED)
        return Article.objects.create(headline=headline, body=body, **fields)

    old = article("OLDHEAD 昨日要闻", "OLDBODY 昨天的消息。", page=old_a1, position=1, publish_at=T0, column=column)
    pulled = article(
        "PULLEDHEAD 已撤下", "PULLEDBODY", page=old_a1, position=2, publish_at=T0, status=Status.UNPUBLISHED
    )
    main = article(
        "MAINHEAD 株洲获评全国文明城市",
        "MAINBODY 第一段。\n# MAINCROSSHEAD\n第二段。",
        kicker="MAINKICKER",
        dateline="株洲日报讯",
        page=a1,
        position=1,
        publish_at=T - 2 * HOUR,
        column=column,
    )
    part1 = article(
        "PARTONEHEAD 续文",
        "PARTONEBODY 接上文。",
        kind="continuation",
        continues=main,
        jump_mark="①",
        page=a2,
        position=1,
        publish_at=T3,
    )
    late = article("LATEHEAD 午间稿", "LATEBODY 中午发布。", page=a1, position=2, publish_at=T3, column=column)
    part2 = article(
        "PARTTWOHEAD 续文",
        "PARTTWOBODY 接上文。",
        kind="continuation",
        continues=late,
        jump_mark="②",
        page=a2,
        position=2,
        publish_at=T - 2 * HOUR,
    )
    web = article("WEBHEAD 网络首发", "WEBBODY 先在网上发。", publish_at=T2, column=new_column)
    draft = article(
        "DRAFTHEAD 待审稿",
        "DRAFTBODY",
        status=Status.SUBMITTED,
        page=a1,
        position=3,
        publish_at=T - HOUR,
        column=column,
    )
    for story in (old, main, late, draft):
        story.bylines.create(contributor=reporter, role=Role.REPORTER, affiliation="株洲日报")
    web.bylines.create(contributor=newcomer, role=Role.REPORTER, affiliation="株洲日报", order=0)
    web.bylines.create(contributor=reporter, role=Role.REPORTER, affiliation="株洲日报", order=1)

    def photo(story, caption):
        upload = SimpleUploadedFile("scene.jpg", image_bytes(size=(96, 64)))
        made = Photo.objects.create(article=story, image=upload, caption=caption)
        made.credits.create(contributor=reporter, role=Role.PHOTOGRAPHER, affiliation="株洲日报")
        made.refresh_from_db()
        return made

    main_photo = photo(main, "MAINPHOTO 表彰大会现场")
    part_photo = photo(part1, "PARTONEPHOTO 市民游园")

    old_notice = Notice.from_parsed(
        parse_notice_line("·周千皓(父:周振宇、母:胡月)遗失O430264996号出生证"),
        page=old_a1,
        position=5,
        status="published",
    )
    notice = Notice.from_parsed(
        parse_notice_line("·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"), page=a2, position=10, status="published"
    )
    late_notice = Notice.from_parsed(
        parse_notice_line("·株洲泰全贸易有限公司遗失原公章一枚"),
        page=a2,
        position=11,
        status="published",
        publish_at=T3,
    )
    held_notice = Notice.from_parsed(
        parse_notice_line("·刘靖祥(父:刘文吉、母:肖婷)遗失O430734663号出生证"),
        page=a2,
        position=12,
        status=NoticeStatus.SCHEDULED,
    )
    assert not any(n.needs_review for n in (old_notice, notice, late_notice, held_notice))
    assert notice.publish_at == T  # from the edition

    lines = OUTAGE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]
    outage = OutageNotice.objects.create_from_parsed(
        parse_outage_table(lines), page=a2, position=20, status=Status.PUBLISHED, publish_at=T - HOUR
    )
    assert outage.entries.count() == 4

    # The page images, with a region for every item of their pages: none may link or name an item before its time,
    # and no file name may be on a page before the edition is live.
    def band(n):
        return ((0.05, 0.1 * n), (0.95, 0.1 * n + 0.08))

    a1_files = give_image(a1, {item: band(n) for n, item in enumerate((main, late, draft))})
    a2_items = (part1, part2, notice, late_notice, held_notice, outage)
    a2_files = give_image(a2, {item: band(n) for n, item in enumerate(a2_items)}, upload=page_pdf(), name="a2.pdf")
    assert len(a1_files) == 4 and len(a2_files) == 5

    objects = {
        "yesterday": yesterday,
        "edition": edition,
        "a1": a1,
        "a2": a2,
        "a1_files": [name.rsplit("/", 1)[-1] for name in a1_files],
        "a2_files": [name.rsplit("/", 1)[-1] for name in a2_files],
        "column": column,
        "new_column": new_column,
        "reporter": reporter,
        "newcomer": newcomer,
        "old": old,
        "pulled": pulled,
        "main": main,
        "part1": part1,
        "late": late,
        "part2": part2,
        "web": web,
        "draft": draft,
        "main_photo": main_photo,
        "part_photo": part_photo,
        "old_notice": old_notice,
        "notice": notice,
        "late_notice": late_notice,
        "held_notice": held_notice,
        "outage": outage,
    }
    markers = {
        "old": article_markers(old, "OLDHEAD", "OLDBODY"),
        "old_notice": notice_markers(old_notice, "周千皓", "O430264996"),
        "edition": [
            "/editions/2020-04-28/",
            "第21345期",
            "2020年4月28日 星期二",
            *(name.rsplit("/", 1)[-1] for name in a1_files + a2_files),
        ],
        "main": [
            *article_markers(main, "MAINHEAD", "MAINBODY", "MAINKICKER", "MAINCROSSHEAD", "MAINPHOTO"),
            *photo_files(main_photo),
        ],
        "part1": [
            *article_markers(part1, "PARTONEHEAD", "PARTONEBODY", "PARTONEPHOTO", "下转A2版①", "上接A1版①"),
            *photo_files(part_photo),
        ],
        "late": article_markers(late, "LATEHEAD", "LATEBODY", "下转A2版②", "←上接A1版②</a>"),
        "part2": article_markers(part2, "PARTTWOHEAD", "PARTTWOBODY", "上接A1版②"),
        "web": [
            *article_markers(web, "WEBHEAD", "WEBBODY"),
            # the new column and the new contributor exist for this story only
            "MAYDAYBANNER",
            "MAYDAYDESC",
            "五一特刊",
            "江新语",
            "NEWCOMERBIO",
            newcomer.get_absolute_url(),
            new_column.get_absolute_url(),
        ],
        "draft": article_markers(draft, "DRAFTHEAD", "DRAFTBODY"),
        "pulled": article_markers(pulled, "PULLEDHEAD", "PULLEDBODY"),
        "notice": notice_markers(notice, "王嘉瑶", "M431033654"),
        "late_notice": notice_markers(late_notice, "株洲泰全贸易有限公司"),
        "held_notice": notice_markers(held_notice, "刘靖祥", "O430734663"),
        "outage": [
            "检修停电安排(公告)",
            "国网株洲供电公司",
            "严禁有自备电源的单位向电网倒送电",
            "财校三台区",
            "果木园一台区",
            "南方航空空楼",
        ],
    }
    assert set(markers) == set(LIVE_FROM)
    return Scenario(objects, markers)


# The scenario is built once for this file's tests (on PostgreSQL a build took over a second, 73 times), in a
# transaction rolled back after the last of them; each test runs in a savepoint inside it (pytest-django's `db`),
# so what one test writes the next never sees. The file's tests run in one test process (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("leaks")


@pytest.fixture(scope="module")
def built_scenario(django_db_setup, django_db_blocker, tmp_path_factory):
    media, pages = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("pages")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PAGE_FILES_ROOT=pages),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        patch.setattr(page_files, "SIZES", {"small": 60, "large": 120})  # small and quick: the sizes are not the test
        yield (media, pages), build_scenario()
        transaction.set_rollback(True)


@pytest.fixture
def scenario(built_scenario, db, settings):
    (settings.MEDIA_ROOT, settings.PAGE_FILES_ROOT), built = built_scenario
    return built


# ---------------------------------------------------------------- the channels


@dataclass
class Channel:
    url: str
    status: int | Callable = 200  # or callable(state) -> int
    location: Callable | None = None  # callable(state) -> the expected Location of a redirect
    # marker -> condition: shown exactly when the condition holds (item key, tuple of keys, callable, bool)
    shows: dict = field(default_factory=dict)
    # what the request itself puts on the page (a searched number): not counted as a leak
    echoed: tuple = ()
    count: tuple | None = None  # (regex with one group, callable(state) -> the number the page must say)
    events: Callable | None = None  # for a calendar: callable(state) -> number of VEVENTs
    # for a feed or a sitemap: callable(text) -> (the newest time it states, all the times it states)
    dates: Callable | None = None
    day_only: bool = False  # the dates are days (a sitemap's lastmod), compared as Beijing days


CHANNELS = {}


def channel(name):
    def register(build):
        CHANNELS[name] = build
        return build

    return register


def ok_if(condition):
    return lambda state: 200 if holds(condition, state) else 404


def query(path, **params):
    return f"{path}?{urlencode(params)}"


OUTAGE_COUNT = r'共 <strong class="outage-count">(\d+)</strong> 条'
NOTICE_COUNT = r"共找到 (\d+) 条"

# What the edition's A1 and A2 show: the jump lines in both directions, the notices column, the table.
A1_SHOWS = {
    "MAINHEAD": "main",
    "MAINKICKER": "main",
    "MAINBODY": "main",  # the lede
    "学习微党课": lambda s: s.main or s.late,
    "LATEHEAD": "late",
    "下转A2版①→": ("main", "part1"),
    "下转A2版②→": ("late", "part2"),
    "第21345期": "edition",
    'href="/editions/2020-04-28/A2/"': "edition",
}


def jump_back(code, mark):
    return f'<a href="/editions/2020-04-28/{code}/">←上接{code}版{mark}</a>'


A2_SHOWS = {
    "PARTONEBODY": "part1",
    "←上接A1版①": "part1",
    jump_back("A1", "①"): ("part1", "main"),
    "MAINHEAD": ("part1", "main"),  # the headline over the continuation
    "PARTTWOBODY": "part2",
    "←上接A1版②</p>": lambda s: s.part2 and not s.late,  # printed, unlinked, while the main story is not live
    jump_back("A1", "②"): ("part2", "late"),
    "LATEHEAD": ("part2", "late"),
    "下列证件 声明作废": lambda s: s.notice or s.late_notice,
    "王嘉瑶": "notice",
    "株洲泰全贸易有限公司": "late_notice",
    "检修停电安排(公告)": "outage",
    "财校三台区": "outage",
    "第21345期": "edition",
    # the schema.org markup: the edition, and the outage notice with its places
    '"@type":"PublicationIssue","@id":"http://testserver/editions/2020-04-28/"': "edition",
    '"@type":"SpecialAnnouncement"': "outage",
    '{"@type":"Place","name":"财校三台区"': "outage",
}


@channel("home")
def _(sc):
    return Channel(
        "/",
        shows={
            **A1_SHOWS,
            # yesterday's front page until today's edition is live
            "OLDHEAD": lambda s: not s.edition,
            "学习微党课": lambda s: not s.edition or s.main or s.late,
            "第21344期": lambda s: not s.edition,
            # 即时新闻: the web-first stories
            "WEBHEAD": "web",
        },
    )


@channel("latest")
def _(sc):
    return Channel(
        "/latest/",
        shows={
            "WEBHEAD": "web",
            sc.url("web"): "web",
            "2020年4月28日 09:30": "web",
            "OLDHEAD": NEVER,
            "MAINHEAD": NEVER,
        },
    )


@channel("archive")
def _(sc):
    return Channel(
        "/editions/",
        shows={
            'href="/editions/2020-04-27/"': ALWAYS,
            'href="/editions/2020-04-28/"': "edition",
            "第21345期": "edition",
        },
    )


@channel("archive-month")
def _(sc):
    return Channel(
        query("/editions/", month="2020-04"),
        shows={
            'href="/editions/2020-04-27/"': ALWAYS,
            'href="/editions/2020-04-28/"': "edition",
            "第21345期": "edition",
        },
    )


@channel("archive-jump")
def _(sc):
    """A jump to today's date opens its edition once it is live; before, the month says there is none."""
    return Channel(
        query("/editions/", date="2020-04-28"),
        status=lambda s: 302 if s.edition else 200,
        location=lambda s: "/editions/2020-04-28/",
        echoed=("/editions/2020-04-28/",),
        shows={
            "2020年4月28日没有上线的报纸": lambda s: not s.edition,
            'href="/editions/2020-04-27/"': lambda s: not s.edition,
        },
    )


@channel("edition")
def _(sc):
    return Channel(
        "/editions/2020-04-28/",
        status=ok_if("edition"),
        shows={
            "MAINHEAD": "main",
            # a continuation part is its jump line, no story of its own
            "PARTONEHEAD": NEVER,
            "上接A1版①": "part1",
            "LATEHEAD": "late",
            "PARTTWOHEAD": NEVER,
            "上接A1版②": "part2",
            "检修停电安排(公告)": "outage",
            "第21345期": "edition",
        },
        # The notices column is one line of the table of contents, with how many it prints.
        count=(r"声明作废（(\d+) 条）", lambda state: state.notice + state.late_notice),
    )


def region_link(sc, key):
    return f'<a href="{escape(sc.url(key))}" aria-label="'


@channel("page-A1")
def _(sc):
    regions = {region_link(sc, "main"): "main", region_link(sc, "late"): "late", region_link(sc, "draft"): NEVER}
    files = dict.fromkeys(sc["a1_files"], "edition")
    return Channel("/editions/2020-04-28/A1/", status=ok_if("edition"), shows={**A1_SHOWS, **regions, **files})


@channel("page-A2")
def _(sc):
    regions = {
        region_link(sc, "part1"): "part1",
        region_link(sc, "part2"): "part2",
        # a continuation part's region is named by its whole story once that is live, else by its jump line
        'aria-label="LATEHEAD 午间稿"': ("part2", "late"),
        'aria-label="上接A1版②"': lambda s: s.part2 and not s.late,
        region_link(sc, "notice"): "notice",
        region_link(sc, "late_notice"): "late_notice",
        region_link(sc, "held_notice"): NEVER,
        region_link(sc, "outage"): "outage",
    }
    files = dict.fromkeys(sc["a2_files"], "edition")
    return Channel("/editions/2020-04-28/A2/", status=ok_if("edition"), shows={**A2_SHOWS, **regions, **files})


@channel("page-image")
def _(sc):
    """A page image by its name: not before the edition, whoever knows the name."""
    return Channel(f"/editions/2020-04-28/A1/{sc['a1_files'][0]}", status=ok_if("edition"))


@channel("page-pdf")
def _(sc):
    return Channel(f"/editions/2020-04-28/A2/{sc['a2_files'][-1]}", status=ok_if("edition"))


@channel("yesterday-A1")
def _(sc):
    return Channel("/editions/2020-04-27/A1/", shows={"OLDHEAD": ALWAYS, "周千皓": ALWAYS, "第21344期": ALWAYS})


@channel("article-main")
def _(sc):
    thumb, page = sc["main_photo"].renditions["thumb"], sc["main_photo"].renditions["page"]
    part_page = sc["part_photo"].renditions["page"]
    return Channel(
        sc.url("main"),
        status=ok_if("main"),
        shows={
            "MAINBODY": "main",
            "MAINCROSSHEAD": "main",
            "MAINPHOTO": "main",
            "秦晓岚": "main",
            thumb["webp"]: "main",
            page["jpg"]: "main",
            "学习微党课": "main",
            "PARTONEBODY": ("main", "part1"),  # the continuation joined on
            "PARTONEPHOTO": ("main", "part1"),
            part_page["jpg"]: ("main", "part1"),
            "下转A2版①": ("main", "part1"),
            # the NewsArticle: its byline, its photo's credit, and where it is printed
            '"@type":"NewsArticle"': "main",
            '"author":[{"@type":"Person","name":"秦晓岚"': "main",
            '"creditText":"株洲日报摄影记者 秦晓岚 摄"': "main",
            '"printEdition":"2020年4月28日 第21345期","printPage":"A1","printSection":"要闻"': "main",
            f'<meta property="og:image" content="http://testserver/media/{page["jpg"]}">': "main",
        },
    )


@channel("article-part1")
def _(sc):
    """Continuation ① of the main story: 404 until its own time, then read inside the main story."""
    return Channel(
        sc.url("part1"),
        status=lambda s: 302 if s.part1 else 404,
        location=lambda s: sc.url("main"),
    )


@channel("article-part2")
def _(sc):
    """Continuation ② goes live with the edition, before its main story: shown on its own until then."""
    return Channel(
        sc.url("part2"),
        status=lambda s: 404 if not s.part2 else 302 if s.late else 200,
        location=lambda s: sc.url("late"),
        shows={
            "PARTTWOBODY": lambda s: s.part2 and not s.late,
            "上接A1版②": lambda s: s.part2 and not s.late,
        },
    )


@channel("article-late")
def _(sc):
    return Channel(
        sc.url("late"),
        status=ok_if("late"),
        shows={"LATEBODY": "late", "PARTTWOBODY": ("late", "part2"), "下转A2版②": ("late", "part2")},
    )


@channel("article-web")
def _(sc):
    return Channel(
        sc.url("web"),
        status=ok_if("web"),
        shows={"WEBBODY": "web", "江新语": "web", "秦晓岚": "web", "五一特刊": "web", "MAYDAYBANNER": "web"},
    )


@channel("article-draft")
def _(sc):
    return Channel(sc.url("draft"), status=404)


@channel("article-pulled")
def _(sc):
    return Channel(sc.url("pulled"), status=404)


@channel("article-old")
def _(sc):
    return Channel(sc.url("old"), shows={"OLDBODY": ALWAYS})


@channel("column")
def _(sc):
    return Channel(
        sc.url("column"),
        shows={"OLDHEAD": ALWAYS, "MAINHEAD": "main", "LATEHEAD": "late", "DRAFTHEAD": NEVER, "WEBHEAD": NEVER},
    )


@channel("column-new")
def _(sc):
    """A column started for the web-first story: nothing of it before the story."""
    return Channel(sc.url("new_column"), status=ok_if("web"), shows={"WEBHEAD": "web", "MAYDAYDESC": "web"})


@channel("contributor")
def _(sc):
    return Channel(
        sc.url("reporter"),
        shows={
            "OLDHEAD": ALWAYS,
            "MAINHEAD": "main",
            "LATEHEAD": "late",
            "WEBHEAD": "web",
            sc["main_photo"].renditions["thumb"]["jpg"]: "main",
            sc["part_photo"].renditions["thumb"]["jpg"]: "part1",
        },
    )


@channel("contributor-new")
def _(sc):
    """A contributor bylined only on the web-first story: nothing of them before the story."""
    return Channel(sc.url("newcomer"), status=ok_if("web"), shows={"WEBHEAD": "web", "NEWCOMERBIO": "web"})


@channel("notices")
def _(sc):
    return Channel("/notices/", shows={"周千皓": ALWAYS, "王嘉瑶": "notice", "株洲泰全贸易有限公司": "late_notice"})


@channel("notices-name")
def _(sc):
    return Channel(
        query("/notices/", q="嘉瑶"),
        shows={"王嘉瑶": "notice", "周千皓": NEVER},
        count=(NOTICE_COUNT, lambda s: int(s.notice)),
    )


@channel("notices-number-search")
def _(sc):
    return Channel(
        query("/notices/", q="431033654"),
        shows={"王嘉瑶": "notice"},
        count=(NOTICE_COUNT, lambda s: int(s.notice)),
    )


@channel("notices-type")
def _(sc):
    return Channel(
        query("/notices/", document_type="birth_certificate"),
        shows={"周千皓": ALWAYS, "王嘉瑶": "notice"},
        count=(NOTICE_COUNT, lambda s: 1 + s.notice),
    )


@channel("notices-date")
def _(sc):
    return Channel(
        query("/notices/", date_after="2020-04-28", date_before="2020-04-28"),
        shows={"王嘉瑶": "notice", "株洲泰全贸易有限公司": "late_notice", "周千皓": NEVER},
        count=(NOTICE_COUNT, lambda s: s.notice + s.late_notice),
    )


@channel("notices-lookup")
def _(sc):
    return Channel(
        query("/notices/", number="M431033654"),
        echoed=("M431033654",),
        shows={
            "号码 M431033654 已登报声明作废": "notice",
            "未查到号码 M431033654 的遗失声明": lambda s: not s.notice,
            "王嘉瑶": "notice",
        },
    )


@channel("notices-lookup-held")
def _(sc):
    return Channel(
        query("/notices/", number="O430734663"),
        echoed=("O430734663",),
        shows={"未查到号码 O430734663 的遗失声明": ALWAYS},
    )


@channel("notice")
def _(sc):
    return Channel(sc.url("notice"), status=ok_if("notice"), shows={"王嘉瑶": "notice", "M431033654": "notice"})


@channel("notice-late")
def _(sc):
    return Channel(sc.url("late_notice"), status=ok_if("late_notice"), shows={"株洲泰全贸易有限公司": "late_notice"})


@channel("notice-held")
def _(sc):
    return Channel(sc.url("held_notice"), status=404)


@channel("notices-print")
def _(sc):
    """The layout desk's plain-text column: staff only, so an anonymous reader is sent to the login."""
    url = "/notices/print/2020-04-28.txt"
    return Channel(url, status=302, location=lambda s: f"/admin/login/?next={url}")


@channel("outages")
def _(sc):
    return Channel(
        "/outages/",
        shows={"财校三台区": "outage", "检修停电安排(公告)": "outage"},
        count=(OUTAGE_COUNT, lambda s: 4 * s.outage),
    )


@channel("outages-date")
def _(sc):
    return Channel(
        query("/outages/", date="2020-04-29"),
        shows={"财校三台区": "outage"},
        count=(OUTAGE_COUNT, lambda s: 4 * s.outage),
    )


@channel("outages-district")
def _(sc):
    return Channel(
        query("/outages/", district="荷塘区"),
        shows={"财校三台区": "outage", "果木园一台区": "outage", "南方航空空楼": NEVER},
        count=(OUTAGE_COUNT, lambda s: 2 * s.outage),
    )


@channel("outages-place")
def _(sc):
    return Channel(
        query("/outages/", place="财校"),
        shows={"财校三台区": "outage", "果木园一台区": NEVER},
        count=(OUTAGE_COUNT, lambda s: 1 * s.outage),
    )


@channel("calendar")
def _(sc):
    return Channel(
        "/outages/calendar.ics",
        shows={"财校三台区": "outage", "检修停电安排(公告)": "outage"},
        events=lambda s: 4 * s.outage,
    )


@channel("calendar-place")
def _(sc):
    return Channel(
        query("/outages/calendar.ics", place="财校"),
        shows={"财校三台区": "outage", "果木园一台区": NEVER},
        events=lambda s: 1 * s.outage,
    )


# Search looks in every desk's public text; "株洲" is in a story's headline, a notice's name and an outage's place.
SEARCH_SHOWS = {
    "MAINHEAD": "main",
    "株洲泰全贸易有限公司": "late_notice",
    "检修停电安排(公告)": "outage",
    "OLDHEAD": NEVER,  # does not match
}
ARTICLES_FOUND = r"<h2>稿件\((\d+)\)</h2>"
NOTICES_FOUND = r"<h2>遗失声明\((\d+)\)</h2>"


@channel("search")
def _(sc):
    return Channel(query("/search/", q="株洲"), shows=SEARCH_SHOWS, count=(ARTICLES_FOUND, lambda s: int(s.main)))


@channel("search-continuations")
def _(sc):
    """A continuation part is never a result of its own: its text finds its story, once both are live."""
    return Channel(
        query("/search/", q="续文"),
        shows={
            "PARTONEHEAD": NEVER,
            "PARTTWOHEAD": NEVER,
            "MAINHEAD": ("main", "part1"),
            "LATEHEAD": ("late", "part2"),
        },
        count=(ARTICLES_FOUND, lambda s: (s.main and s.part1) + (s.late and s.part2)),
    )


@channel("search-filtered")
def _(sc):
    """Narrowed to the day's stories: the same rule as every search, and no other desk."""
    return Channel(
        query("/search/", q="株洲", kind="article", **{"from": "2020-04-28", "to": "2020-04-28"}),
        shows={"MAINHEAD": "main", "株洲泰全贸易有限公司": NEVER, "检修停电安排(公告)": NEVER},
        count=(ARTICLES_FOUND, lambda s: int(s.main)),
    )


@channel("search-byline")
def _(sc):
    """The new contributor's name finds the web-first story, and only once it is live."""
    return Channel(query("/search/", q="新语"), shows={"WEBHEAD": "web"}, count=(ARTICLES_FOUND, lambda s: int(s.web)))


@channel("search-notice-number")
def _(sc):
    return Channel(
        query("/search/", q="431033654"),
        shows={"王嘉瑶": "notice"},
        count=(NOTICES_FOUND, lambda s: int(s.notice)),
    )


@channel("search-unsigned")
def _(sc):
    """Neither a story in review nor a notice the desk has not signed off is ever found."""
    return Channel(query("/search/", q="待审稿"), count=(ARTICLES_FOUND, lambda s: 0))


@channel("search-held-notice")
def _(sc):
    return Channel(query("/search/", q="靖祥"), count=(NOTICES_FOUND, lambda s: 0))


def newest_story(state):
    """When readers could first see the newest live story (the edition's time when that is later)."""
    return max(LIVE_FROM[key] for key in ("old", "main", "web", "late") if getattr(state, key))


FEED_SHOWS = {"OLDHEAD": ALWAYS, "MAINHEAD": "main", "LATEHEAD": "late", "WEBHEAD": "web", "PARTTWOHEAD": NEVER}


def rss_dates(text):
    (built,) = re.findall(r"<lastBuildDate>(.*?)</lastBuildDate>", text)
    dates = [parsedate_to_datetime(d) for d in re.findall(r"<pubDate>(.*?)</pubDate>", text)]
    return parsedate_to_datetime(built), dates


def atom_dates(text):
    updated = [datetime.datetime.fromisoformat(d) for d in re.findall(r"<updated>(.*?)</updated>", text)]
    return updated[0], updated[1:]


def sitemap_dates(text):
    dates = [datetime.date.fromisoformat(d) for d in re.findall(r"<lastmod>(.*?)</lastmod>", text)]
    return max(dates), dates


@channel("feed-rss")
def _(sc):
    return Channel("/feeds/latest.rss", shows=FEED_SHOWS, dates=rss_dates)


# The desks' feeds of one thing: a column, a contributor, the notices column, the outage notices. A feed of a column
# or contributor readers do not know yet (only a scheduled story names them) is a 404, as their page.
COLUMN_SHOWS = {"OLDHEAD": ALWAYS, "MAINHEAD": "main", "LATEHEAD": "late", "DRAFTHEAD": NEVER, "WEBHEAD": NEVER}


@channel("feed-column")
def _(sc):
    return Channel(f"/feeds/columns/{sc['column'].slug}.rss", shows=COLUMN_SHOWS)


@channel("feed-column-new")
def _(sc):
    return Channel(f"/feeds/columns/{sc['new_column'].slug}.atom", status=ok_if("web"), shows={"WEBHEAD": "web"})


@channel("feed-contributor")
def _(sc):
    """Every byline its own author: the reporter's feed has the web-first story where they are second."""
    return Channel(
        f"/feeds/contributors/{sc['reporter'].pk}.atom",
        shows={
            "OLDHEAD": ALWAYS,
            "MAINHEAD": "main",
            "LATEHEAD": "late",
            "WEBHEAD": "web",
            "<name>江新语</name>": "web",
            sc["main_photo"].renditions["page"]["jpg"]: "main",
        },
    )


@channel("feed-contributor-new")
def _(sc):
    return Channel(
        f"/feeds/contributors/{sc['newcomer'].pk}.rss",
        status=ok_if("web"),
        shows={"WEBHEAD": "web", "<dc:creator>江新语</dc:creator>": "web", "<dc:creator>秦晓岚</dc:creator>": "web"},
    )


@channel("feed-notices")
def _(sc):
    return Channel(
        "/feeds/notices.atom",
        shows={"周千皓": ALWAYS, "王嘉瑶": "notice", "株洲泰全贸易有限公司": "late_notice", "刘靖祥": NEVER},
    )


@channel("feed-outages")
def _(sc):
    return Channel("/feeds/outages.rss", shows={"财校三台区": "outage", "检修停电安排(公告)": "outage"})


@channel("feed-atom")
def _(sc):
    return Channel("/feeds/latest.atom", shows=FEED_SHOWS, dates=atom_dates)


@channel("sitemap")
def _(sc):
    # The index: one sitemap a day with something live, and the columns'.
    return Channel(
        "/sitemap.xml",
        shows={
            "/sitemaps/2020-04-27.xml": ALWAYS,
            "/sitemaps/2020-04-28.xml": "edition",
            "/sitemaps/columns/0.xml": ALWAYS,
            "/sitemaps/contributors/0.xml": ALWAYS,
            "/sitemaps/news.xml": ALWAYS,
        },
        dates=sitemap_dates,
        day_only=True,
    )


@channel("sitemap-day")
def _(sc):
    return Channel(
        "/sitemaps/2020-04-28.xml",
        status=ok_if(lambda state: state.edition or state.web),
        shows={
            "/editions/2020-04-28/A2/": "edition",
            sc.url("main"): "main",
            sc.url("late"): "late",
            sc.url("web"): "web",
            sc.url("part2"): NEVER,  # read inside its main story
            sc.url("old"): NEVER,  # yesterday's
            sc.url("notice"): "notice",
            sc.url("late_notice"): "late_notice",
        },
        dates=sitemap_dates,
        day_only=True,
    )


@channel("sitemap-yesterday")
def _(sc):
    return Channel("/sitemaps/2020-04-27.xml", shows={"/editions/2020-04-27/A1/": ALWAYS, sc.url("old"): ALWAYS})


@channel("sitemap-columns")
def _(sc):
    return Channel("/sitemaps/columns/0.xml", shows={sc.url("column"): ALWAYS, sc.url("new_column"): "web"})


@channel("sitemap-contributors")
def _(sc):
    return Channel("/sitemaps/contributors/0.xml", shows={sc.url("reporter"): ALWAYS, sc.url("newcomer"): "web"})


@channel("sitemap-news")
def _(sc):
    """Google News: the stories of the last two days (yesterday's too), each with its title."""
    return Channel(
        "/sitemaps/news.xml",
        shows={
            sc.url("old"): ALWAYS,
            "<news:title>OLDHEAD 昨日要闻</news:title>": ALWAYS,
            sc.url("main"): "main",
            sc.url("late"): "late",
            sc.url("web"): "web",
            sc.url("part2"): NEVER,
        },
    )


@channel("robots")
def _(sc):
    return Channel(
        "/robots.txt", shows={"Sitemap: http://testserver/sitemap.xml": ALWAYS, "Disallow: /preview/": ALWAYS}
    )


# The unversioned API of before: each path sends to its v1 equivalent for good, whatever is live.
@channel("api-editions")
def _(sc):
    return Channel("/api/editions/", status=301, location=lambda s: "/api/v1/editions/")


@channel("api-edition")
def _(sc):
    url = "/api/v1/editions/2020-04-28/"
    return Channel("/api/editions/2020-04-28/", status=301, location=lambda s: url, echoed=("/editions/2020-04-28/",))


@channel("api-article")
def _(sc):
    return Channel(
        f"/api/articles/{sc['late'].pk}/", status=301, location=lambda s: f"/api/v1/stories/{sc['late'].pk}/"
    )


@channel("api-search")
def _(sc):
    return Channel(
        query("/api/search/", q="株洲"), status=301, location=lambda s: "/api/v1/search/?q=%E6%A0%AA%E6%B4%B2"
    )


# The API at /api/v1/: every endpoint.
def api(path, **params):
    return query(f"/api/v1/{path}", **params) if params else f"/api/v1/{path}"


@channel("api-v1-docs")
def _(sc):
    return Channel(api(""), shows={"GET /api/v1/stories/{pk}/": ALWAYS, "MAINHEAD": NEVER})


@channel("api-v1-openapi")
def _(sc):
    return Channel(api("openapi.json"), shows={'"openapi": "3.1.0"': ALWAYS})


@channel("api-v1-editions")
def _(sc):
    return Channel(api("editions/"), shows={'"date": "2020-04-27"': ALWAYS, '"date": "2020-04-28"': "edition"})


@channel("api-v1-edition")
def _(sc):
    return Channel(
        api("editions/2020-04-28/"),
        status=ok_if("edition"),
        shows={
            "MAINHEAD": "main",
            # a continuation part is its jump line, no story of its own
            "PARTONEHEAD": NEVER,
            "上接A1版①": "part1",
            "LATEHEAD": "late",
            "PARTTWOHEAD": NEVER,
            "上接A1版②": "part2",
            "检修停电安排(公告)": "outage",
            '"number": 21345': "edition",
        },
        count=(r"声明作废（(\d+) 条）", lambda state: state.notice + state.late_notice),
    )


@channel("api-v1-page-A1")
def _(sc):
    return Channel(
        api("editions/2020-04-28/A1/"),
        status=ok_if("edition"),
        shows={"MAINHEAD": "main", "LATEHEAD": "late", "DRAFTHEAD": NEVER},
    )


@channel("api-v1-page-A2")
def _(sc):
    return Channel(
        api("editions/2020-04-28/a2/"),
        status=ok_if("edition"),
        shows={
            "PARTONEHEAD": "part1",
            "PARTTWOHEAD": "part2",
            "王嘉瑶": "notice",
            "株洲泰全贸易有限公司": "late_notice",
            "检修停电安排(公告)": "outage",
        },
    )


STORIES_SHOWN = {"OLDHEAD": ALWAYS, "MAINHEAD": "main", "LATEHEAD": "late", "WEBHEAD": "web", "DRAFTHEAD": NEVER}


@channel("api-v1-stories")
def _(sc):
    # Continuation parts are read inside their stories: never an item of a list.
    return Channel(
        api("stories/"), shows={**STORIES_SHOWN, "PARTONEHEAD": NEVER, "PARTTWOHEAD": NEVER, "江新语": "web"}
    )


@channel("api-v1-stories-web-first")
def _(sc):
    return Channel(api("stories/", web_first="true"), shows={"WEBHEAD": "web", "MAINHEAD": NEVER, "OLDHEAD": NEVER})


@channel("api-v1-stories-contributor")
def _(sc):
    return Channel(api("stories/", contributor=sc["reporter"].pk), shows=STORIES_SHOWN)


@channel("api-v1-stories-column")
def _(sc):
    return Channel(api("stories/", column=sc["column"].slug), shows={**STORIES_SHOWN, "WEBHEAD": NEVER})


@channel("api-v1-story-main")
def _(sc):
    page, part_page = sc["main_photo"].renditions["page"], sc["part_photo"].renditions["page"]
    return Channel(
        api(f"stories/{sc['main'].pk}/"),
        status=ok_if("main"),
        shows={
            "MAINBODY": "main",
            "MAINCROSSHEAD": "main",
            "MAINPHOTO": "main",
            "秦晓岚": "main",
            page["jpg"]: "main",
            "学习微党课": "main",
            "PARTONEBODY": ("main", "part1"),  # the continuation joined on
            part_page["jpg"]: ("main", "part1"),
            "下转A2版①": ("main", "part1"),
        },
    )


@channel("api-v1-story-part1")
def _(sc):
    return Channel(
        api(f"stories/{sc['part1'].pk}/"),
        status=ok_if("part1"),
        shows={"PARTONEBODY": "part1", "上接A1版①": "part1", "MAINHEAD": "part1"},
    )


@channel("api-v1-story-part2")
def _(sc):
    """Continuation ② goes live before its story: its jump line is printed, linked once the story is live."""
    return Channel(
        api(f"stories/{sc['part2'].pk}/"),
        status=ok_if("part2"),
        shows={"PARTTWOBODY": "part2", "上接A1版②": "part2", "LATEHEAD": ("part2", "late")},
    )


@channel("api-v1-story-late")
def _(sc):
    return Channel(
        api(f"stories/{sc['late'].pk}/"),
        status=ok_if("late"),
        shows={"LATEBODY": "late", "PARTTWOBODY": ("late", "part2"), "下转A2版②": ("late", "part2")},
    )


@channel("api-v1-story-web")
def _(sc):
    return Channel(
        api(f"stories/{sc['web'].pk}/"),
        status=ok_if("web"),
        shows={"WEBBODY": "web", "江新语": "web", "秦晓岚": "web", "五一特刊": "web", sc.url("newcomer"): "web"},
    )


@channel("api-v1-story-draft")
def _(sc):
    return Channel(api(f"stories/{sc['draft'].pk}/"), status=404)


@channel("api-v1-story-pulled")
def _(sc):
    return Channel(api(f"stories/{sc['pulled'].pk}/"), status=404)


@channel("api-v1-contributor")
def _(sc):
    return Channel(api(f"contributors/{sc['reporter'].pk}/"), shows=STORIES_SHOWN)


@channel("api-v1-contributor-new")
def _(sc):
    return Channel(api(f"contributors/{sc['newcomer'].pk}/"), status=ok_if("web"), shows={"WEBHEAD": "web"})


@channel("api-v1-columns")
def _(sc):
    return Channel(api("columns/"), shows={"学习微党课": ALWAYS, "五一特刊": "web", "MAYDAYDESC": "web"})


@channel("api-v1-column")
def _(sc):
    return Channel(api(f"columns/{sc['column'].slug}/"), shows={**STORIES_SHOWN, "WEBHEAD": NEVER})


@channel("api-v1-column-new")
def _(sc):
    return Channel(api(f"columns/{sc['new_column'].slug}/"), status=ok_if("web"), shows={"WEBHEAD": "web"})


@channel("api-v1-notices")
def _(sc):
    return Channel(api("notices/"), shows={"周千皓": ALWAYS, "王嘉瑶": "notice", "株洲泰全贸易有限公司": "late_notice"})


@channel("api-v1-notices-filtered")
def _(sc):
    return Channel(
        api("notices/", document_type="birth_certificate", date_after="2020-04-28"),
        shows={"王嘉瑶": "notice", "周千皓": NEVER, "株洲泰全贸易有限公司": NEVER},
    )


@channel("api-v1-notice")
def _(sc):
    return Channel(api(f"notices/{sc['notice'].pk}/"), status=ok_if("notice"), shows={"王嘉瑶": "notice"})


@channel("api-v1-notice-held")
def _(sc):
    return Channel(api(f"notices/{sc['held_notice'].pk}/"), status=404)


@channel("api-v1-notices-lookup")
def _(sc):
    return Channel(
        api("notices/lookup/", number="m431033654"),
        echoed=("M431033654",),
        shows={'"declared_void": true': "notice", '"declared_void": false': lambda s: not s.notice, "王嘉瑶": "notice"},
    )


@channel("api-v1-notices-lookup-held")
def _(sc):
    return Channel(
        api("notices/lookup/", number="O430734663"), echoed=("O430734663",), shows={'"declared_void": false': ALWAYS}
    )


OUTAGE_SHOWN = {"财校三台区": "outage", "检修停电安排(公告)": "outage"}


@channel("api-v1-outage-notices")
def _(sc):
    return Channel(api("outages/notices/"), shows=OUTAGE_SHOWN)


@channel("api-v1-outage-notice")
def _(sc):
    return Channel(api(f"outages/notices/{sc['outage'].pk}/"), status=ok_if("outage"), shows=OUTAGE_SHOWN)


@channel("api-v1-outage-entries")
def _(sc):
    return Channel(
        api("outages/entries/", district="荷塘区"),
        shows={**OUTAGE_SHOWN, "果木园一台区": "outage", "南方航空空楼": NEVER},
    )


@channel("api-v1-outage-entries-place")
def _(sc):
    return Channel(
        api("outages/entries/", place="财校", date="2020-04-29"), shows={**OUTAGE_SHOWN, "果木园一台区": NEVER}
    )


API_FOUND = r'"kind": "{}", "label": "[^"]+", "count": (\d+)'


@channel("api-v1-search")
def _(sc):
    return Channel(
        api("search/", q="株洲"), shows=SEARCH_SHOWS, count=(API_FOUND.format("article"), lambda s: int(s.main))
    )


@channel("api-v1-search-continuations")
def _(sc):
    """A continuation part is never a result of its own: its text finds its story, once both are live."""
    return Channel(
        api("search/", q="续文", kind="article"),
        shows={
            "PARTONEHEAD": NEVER,
            "PARTTWOHEAD": NEVER,
            "MAINHEAD": ("main", "part1"),
            "LATEHEAD": ("late", "part2"),
        },
        count=(API_FOUND.format("article"), lambda s: (s.main and s.part1) + (s.late and s.part2)),
    )


@channel("api-v1-search-byline")
def _(sc):
    return Channel(
        api("search/", q="新语"), shows={"WEBHEAD": "web"}, count=(API_FOUND.format("article"), lambda s: int(s.web))
    )


@channel("api-v1-search-notice-number")
def _(sc):
    return Channel(
        api("search/", q="431033654"),
        shows={"王嘉瑶": "notice"},
        count=(API_FOUND.format("notice"), lambda s: int(s.notice)),
    )


# ---------------------------------------------------------------- checking a channel at a moment


def calendar_text(response):
    """The calendar's text as a reader's phone sees it (unfolded, unescaped), and its VEVENTs."""
    calendar = icalendar.Calendar.from_ical(response.content)
    values = [str(value) for component in calendar.walk() for value in component.values()]
    return "\n".join(values), calendar.walk("VEVENT")


def response_text(response, spec):
    if response.streaming:  # a page image or PDF: its status is what tells
        b"".join(response.streaming_content)
        return f'"{response["Content-Type"]}"'
    text = response.content.decode()
    if "Location" in response:
        text += f'\n"{response["Location"]}"'
    return text


def assert_no_leak(text, scenario, state, where, echoed=()):
    for key, markers in scenario.markers.items():
        if getattr(state, key):
            continue
        for marker in markers:
            if marker in echoed:
                continue
            assert marker not in text, (
                f"{where}: {key!r} (live from {LIVE_FROM[key]}) leaked: {marker!r} is on the page"
            )


def check(client, scenario, name, moment_id):
    now = MOMENTS[moment_id]
    state = State(now)
    spec = CHANNELS[name](scenario)
    where = f"channel {name} ({spec.url}) at {moment_id}"
    with time_machine.travel(now, tick=False):
        response = client.get(spec.url)
    text = response_text(response, spec)

    events = None
    if spec.events is not None and response.status_code == 200:
        calendar, events = calendar_text(response)
        text += "\n" + calendar

    assert_no_leak(text, scenario, state, where, spec.echoed)

    expected_status = spec.status(state) if callable(spec.status) else spec.status
    assert response.status_code == expected_status, f"{where}: status {response.status_code}, not {expected_status}"
    if expected_status in (301, 302):
        assert response["Location"] == spec.location(state), f"{where}: redirected to {response['Location']}"
    if "Last-Modified" in response:
        modified = parsedate_to_datetime(response["Last-Modified"])
        assert modified <= now, f"{where}: Last-Modified {modified} is after {now}"

    for marker, condition in spec.shows.items():
        if marker in spec.echoed:
            continue
        expected = holds(condition, state)
        assert (marker in text) == expected, f"{where}: {marker!r} should {'' if expected else 'not '}be shown"

    if spec.count is not None and response.status_code == 200:
        pattern, number = spec.count
        found = re.findall(pattern, text)
        assert found, f"{where}: no count matching {pattern!r}"
        assert [int(n) for n in found] == [number(state)], f"{where}: the count says {found}, not {number(state)}"
    if spec.events is not None:
        assert len(events) == spec.events(state), f"{where}: {len(events)} VEVENTs, not {spec.events(state)}"
    if spec.dates is not None and response.status_code == 200:
        newest, dates = spec.dates(text)
        expected, latest = newest_story(state), now
        if spec.day_only:
            expected, latest = expected.astimezone(SHANGHAI).date(), now.astimezone(SHANGHAI).date()
        assert newest == expected, f"{where}: dated {newest}, not {expected}"
        assert dates and max(dates) <= latest, f"{where}: a date after {latest} in {sorted(dates)}"
    return response


@pytest.mark.parametrize("name", list(CHANNELS))
def test_nothing_shows_before_its_time(client, scenario, name):
    """Each channel at each moment in turn, asked twice: the second answer comes from the public page cache
    wherever the channel may be kept, and must be as right as the first (newsroom/cache.py)."""
    for moment_id in MOMENTS:
        first = check(client, scenario, name, moment_id)
        second = check(client, scenario, name, moment_id)
        if first.get("X-Page-Cache") is not None:
            assert second["X-Page-Cache"] == "HIT", f"channel {name} at {moment_id}: not kept"


def test_the_scenario_is_what_the_publication_rule_says(scenario):
    """LIVE_FROM, written by hand, agrees with live() at every moment (else the test above tests nothing)."""
    for moment_id, now in MOMENTS.items():
        state = State(now)
        for key in LIVE_FROM:
            obj = scenario[key]
            live = obj.is_live(now)
            assert live == getattr(state, key), f"{key} at {moment_id}: live() says {live}"


# ---------------------------------------------------------------- the signed preview link


def bad_tokens(scenario):
    late = {"model": "articles.article", "pk": scenario["late"].pk}
    good = signing.dumps(late, salt=preview.SALT, compress=True)
    return {
        "garbage": "not-a-token",
        "random": secrets.token_urlsafe(40),
        "tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "other-salt": signing.dumps(late, salt="another.salt", compress=True),
        "unsigned": signing.b64_encode(b'{"model":"articles.article","pk":%d}' % scenario["late"].pk).decode(),
        "notice": signing.dumps({"model": "notices.notice", "pk": scenario["held_notice"].pk}, salt=preview.SALT),
        "outage": signing.dumps({"model": "outages.outagenotice", "pk": scenario["outage"].pk}, salt=preview.SALT),
        "user": signing.dumps({"model": "auth.user", "pk": 1}, salt=preview.SALT),
        "missing": signing.dumps({"model": "articles.article", "pk": 10**9}, salt=preview.SALT),
    }


BAD_TOKENS = [
    "garbage",
    "random",
    "tampered",
    "other-salt",
    "unsigned",
    "notice",
    "outage",
    "user",
    "missing",
    "expired",
]


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_the_preview_url_without_a_valid_token_is_404_and_shows_nothing(client, scenario, settings, kind):
    now = T - SECOND
    if kind == "expired":
        with time_machine.travel(now - datetime.timedelta(seconds=settings.PREVIEW_MAX_AGE + 1), tick=False):
            token = preview.signed_url(scenario["late"]).split("/")[-2]
    else:
        with time_machine.travel(now, tick=False):
            token = bad_tokens(scenario)[kind]
    with time_machine.travel(now, tick=False):
        response = client.get(f"/preview/{token}/")
    assert response.status_code == 404
    assert_no_leak(response.content.decode(), scenario, State(now), f"preview with a {kind} token")


def test_a_fresh_preview_link_shows_its_item_so_the_404s_above_mean_something(client, scenario, settings):
    now = T - SECOND
    with time_machine.travel(now - datetime.timedelta(seconds=settings.PREVIEW_MAX_AGE - 60), tick=False):
        url = preview.signed_url(scenario["late"])
    with time_machine.travel(now, tick=False):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "预览" in body and "LATEHEAD" in body and "LATEBODY" in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# ---------------------------------------------------------------- every public URL pattern is a channel here


def url_patterns(patterns=None, prefix=""):
    """Every URL pattern of the project as its full route, as ResolverMatch.route spells it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        route = prefix + (route.removeprefix("^") if prefix else route)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, route)
        else:
            yield route


def is_admin(route):
    return route.startswith("admin/") or route.startswith("^admin/")


# Every public (non-admin) URL pattern, and how this file covers it.
PUBLIC_PATTERNS = {
    "": "channel home",
    "editions/": "channels archive, archive-month, archive-jump",
    "editions/<isodate:date>/": "channel edition",
    "editions/<isodate:date>/<pagecode:code>/": "channels page-A1, page-A2, yesterday-A1",
    "editions/<isodate:date>/<pagecode:code>/<pagefile:name>": "channels page-image, page-pdf",
    "articles/<int:pk>/": "channels article-*",
    "contributors/<int:pk>/": "channels contributor, contributor-new",
    "columns/<str:slug>/": "channels column, column-new",
    "latest/": "channel latest (即时新闻; and on the home page)",
    "notices/": "channels notices, notices-*",
    "notices/<int:pk>/": "channels notice, notice-late, notice-held",
    "notices/print/<isodate:date>.txt": "channel notices-print (staff only)",
    "outages/": "channels outages, outages-*",
    "outages/calendar.ics": "channels calendar, calendar-place",
    "search/": "channels search, search-*",
    "feeds/latest.<feedformat:format>": "channels feed-rss, feed-atom",
    "feeds/columns/<str:slug>.<feedformat:format>": "channels feed-column, feed-column-new",
    "feeds/contributors/<int:pk>.<feedformat:format>": "channels feed-contributor, feed-contributor-new",
    "feeds/notices.<feedformat:format>": "channel feed-notices",
    "feeds/outages.<feedformat:format>": "channel feed-outages",
    "sitemap.xml": "channel sitemap",
    "sitemaps/news.xml": "channel sitemap-news",
    "sitemaps/<isodate:date>.xml": "channels sitemap-day, sitemap-yesterday",
    "sitemaps/<slug:section>/<int:part>.xml": "channels sitemap-columns, sitemap-contributors",
    "robots.txt": "channel robots",
    "api/editions/": "channel api-editions (a redirect to v1)",
    "api/editions/<isodate:date>/": "channel api-edition (a redirect to v1)",
    "api/articles/<int:pk>/": "channel api-article (a redirect to v1)",
    "api/search/": "channel api-search (a redirect to v1)",
    "api/v1/": "channel api-v1-docs (the description for people)",
    "api/v1/openapi.json": "channel api-v1-openapi",
    "api/v1/editions/": "channel api-v1-editions",
    "api/v1/editions/<date>/": "channel api-v1-edition",
    "api/v1/editions/<date>/<code>/": "channels api-v1-page-A1, api-v1-page-A2",
    "api/v1/search/": "channels api-v1-search*",
    "api/v1/stories/": "channels api-v1-stories*",
    "api/v1/stories/<pk>/": "channels api-v1-story-*",
    "api/v1/contributors/<pk>/": "channels api-v1-contributor, api-v1-contributor-new",
    "api/v1/columns/": "channel api-v1-columns",
    "api/v1/columns/<slug>/": "channels api-v1-column, api-v1-column-new",
    "api/v1/notices/": "channels api-v1-notices, api-v1-notices-filtered",
    "api/v1/notices/lookup/": "channels api-v1-notices-lookup*",
    "api/v1/notices/<pk>/": "channels api-v1-notice, api-v1-notice-held",
    "api/v1/outages/notices/": "channel api-v1-outage-notices",
    "api/v1/outages/notices/<pk>/": "channel api-v1-outage-notice",
    "api/v1/outages/entries/": "channels api-v1-outage-entries*",
    "preview/<str:token>/": "test_the_preview_url_without_a_valid_token_is_404_and_shows_nothing",
}
# Files under MEDIA_URL, served by Django only when SERVE_MEDIA is on (a workstation): a photo is
# reached by its unguessable name only, and the channels check that no name is on a page before its time.
MEDIA_PATTERN = r"^media/(?P<path>.*)$"
NOT_A_CHANNEL = {"preview/<str:token>/", MEDIA_PATTERN}


def test_every_public_url_pattern_is_known():
    public = {route for route in url_patterns() if not is_admin(route)}
    unknown = sorted(public - set(PUBLIC_PATTERNS) - {MEDIA_PATTERN})
    assert not unknown, f"add this channel to the leak test (tests/test_leaks.py): {unknown}"
    gone = sorted(set(PUBLIC_PATTERNS) - public)
    assert not gone, f"no longer a URL pattern, remove from PUBLIC_PATTERNS: {gone}"


def test_every_known_pattern_is_asked_by_a_channel(scenario):
    asked = {resolve(CHANNELS[name](scenario).url.split("?")[0]).route for name in CHANNELS}
    assert asked <= set(PUBLIC_PATTERNS)
    assert set(PUBLIC_PATTERNS) - NOT_A_CHANNEL <= asked, set(PUBLIC_PATTERNS) - NOT_A_CHANNEL - asked
