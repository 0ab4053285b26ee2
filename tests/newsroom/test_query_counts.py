"""Every public view costs at most MAX_QUERIES queries, and as many for a big paper as for a small one.

The paper starts small (an edition of one page with a few items of every desk: stories with bylines,
photos, credits and a jump, notices, an outage table) and grows (sixteen pages, fifty items on a page,
pages of stories by the same reporter and in the same column, more notices and outage rows); each
URL must cost the same number of queries before and after. The page cache is off: it is the views
that are counted (a page kept in the cache costs none, see test_cache.py).
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.bylines import Credit
from articles.models import Article, Column, Kind
from newsroom.api_common import KeysetPagination
from newsroom.models import Edition, Page
from newsroom.publication import Status, placed_on
from notices.models import Notice
from notices.printed import parse_notice_line
from outages.models import OutageNotice
from outages.parser import parse_outage_table
from tests.conftest import SAMPLE_LIVE_AT, at
from tests.newsroom.page_images import give_image
from tests.test_leaks import OUTAGE_TABLE

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10
PUBLISHED = {"status": Status.PUBLISHED, "publish_at": SAMPLE_LIVE_AT}


@pytest.fixture(autouse=True)
def views_alone(settings):
    settings.PAGE_CACHE_SECONDS = 0
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        yield


class Paper:
    def __init__(self, edition):
        self.edition = edition
        self.a1, self.a2 = edition.pages.get(code="A1"), edition.pages.get(code="A2")
        self.column = Column.objects.create(name="学习微党课")
        self.stories = []
        self.notices = []
        self.outages = []
        self.outage_lines = OUTAGE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]

    def story(self, n, page, **fields):
        story = Article.objects.create(
            headline=f"稿件{n}",
            body="株洲日报讯 工作人员到场。\n第二段。",
            page=page,
            **{"position": n, "column": self.column, **PUBLISHED, **fields},
        )
        story.set_bylines([Credit("刘琼", "记者", "株洲日报"), Credit(f"通讯员{n}", "通讯员", "")])
        story.photos.create(caption=f"图片{n}").set_credits([Credit("任远", "记者", "株洲日报")])
        story.corrections.create(date=datetime.date(2020, 4, 29), text="更正。")
        self.stories.append(story)
        return story

    def notice(self, n):
        line = f"·王嘉{n}(父:王小军、母:杨熊)遗失M{431033000 + n}号出生证"
        self.notices.append(Notice.from_parsed(parse_notice_line(line), page=self.a2, position=100 + n))

    def outage(self, rows):
        parsed = parse_outage_table(self.outage_lines[:6] + self.outage_lines[6:][:rows])
        self.outages.append(OutageNotice.objects.create_from_parsed(parsed, page=self.a2, position=200, **PUBLISHED))

    def grow(self, start, count, pages):
        for n in range(start, start + count):
            self.story(n, self.a2)
            self.story(5000 + n, None)  # web-first (即时新闻)
            self.notice(n)
        for code in range(3, 3 + pages):
            page = Page.objects.create(edition=self.edition, code=f"A{code}")
            self.story(1000 + code, page)
        for days in range(10, 10 + pages // 4):  # earlier editions, each with its notices column (the notices' feed)
            back = datetime.timedelta(days=days)
            earlier = Edition.objects.create(date=self.edition.date - back, publish_at=self.edition.publish_at - back)
            page = Page.objects.create(edition=earlier, code="A1")
            line = f"·李{days}遗失M{432000000 + days}号出生证"
            Notice.from_parsed(parse_notice_line(line), page=page, position=1)


def draw_regions(page):
    """A page image with a region for every item on the page."""
    items = placed_on(page)
    give_image(
        page, {item: ((0.1, n / (len(items) + 1)), (0.9, (n + 1) / (len(items) + 1))) for n, item in enumerate(items)}
    )


@pytest.fixture
def paper(make_edition, settings, tmp_path):
    settings.PAGE_FILES_ROOT = tmp_path / "pages"
    paper = Paper(make_edition())
    main = paper.story(1, paper.a1)
    paper.story(2, paper.a2, kind=Kind.CONTINUATION, continues=main, jump_mark="①")
    paper.grow(3, 3, pages=0)
    paper.outage(rows=2)
    draw_regions(paper.a2)
    return paper


def urls(paper):
    story, notice = paper.stories[0], paper.notices[0]
    contributor = story.bylines.get(contributor__name="刘琼").contributor
    return {
        "home": "/",
        "latest news": "/latest/",
        "archive": "/editions/",
        "archive, a month": "/editions/?month=2020-04",
        "archive, a day without an edition": "/editions/?date=2020-04-27",
        "edition": "/editions/2020-04-28/",
        "page": "/editions/2020-04-28/A2/",
        "page image": f"/editions/2020-04-28/A2/{paper.a2.stored_files()[0].rsplit('/', 1)[-1]}",
        "story": story.get_absolute_url(),
        "contributor": contributor.get_absolute_url(),
        "contributor, older": f"{contributor.get_absolute_url()}?older={paper.stories[2].pk}",
        "column": paper.column.get_absolute_url(),
        "column, older": f"{paper.column.get_absolute_url()}?older={paper.stories[2].pk}",
        "notices": "/notices/",
        "notices, older": f"/notices/?older={paper.notices[1].pk}",
        "notices by name": "/notices/?q=王嘉",
        "number lookup": f"/notices/?number={notice.document_number}",
        "notice": notice.get_absolute_url(),
        "outages": "/outages/?district=荷塘区&date=2020-04-29",
        "calendar": "/outages/calendar.ics?district=荷塘区",
        "search": "/search/?q=工作",
        "search, a name": "/search/?q=刘琼",
        "search, narrowed": "/search/?q=工作&kind=article&from=2020-04-01&to=2020-04-30",
        "rss": "/feeds/latest.rss",
        "atom": "/feeds/latest.atom",
        "a column's feed": f"/feeds/columns/{paper.column.slug}.atom",
        "a contributor's feed": f"/feeds/contributors/{contributor.pk}.rss",
        "the notices columns' feed": "/feeds/notices.atom",
        "the outage notices' feed": "/feeds/outages.rss",
        "sitemap": "/sitemap.xml",
        "sitemap of a day": "/sitemaps/2020-04-28.xml",
        "Google News sitemap": "/sitemaps/news.xml",
        "sitemap of columns": "/sitemaps/columns/0.xml",
        "sitemap of contributors": "/sitemaps/contributors/0.xml",
        "robots.txt": "/robots.txt",
        "api editions": "/api/v1/editions/",
        "api edition": "/api/v1/editions/2020-04-28/",
        "api page": "/api/v1/editions/2020-04-28/A2/",
        "api story": f"/api/v1/stories/{story.pk}/",
        "api stories": "/api/v1/stories/",
        "api stories, older": f"/api/v1/stories/?cursor={KeysetPagination().cursor_of('o', paper.stories[2])}",
        "api stories of a contributor": f"/api/v1/stories/?contributor={contributor.pk}",
        "api contributor": f"/api/v1/contributors/{contributor.pk}/",
        "api columns": "/api/v1/columns/",
        "api column": f"/api/v1/columns/{paper.column.slug}/",
        "api notices": "/api/v1/notices/",
        "api notices by name": "/api/v1/notices/?q=王嘉",
        "api number lookup": "/api/v1/notices/lookup/?number=M431033003",
        "api notice": f"/api/v1/notices/{notice.pk}/",
        "api outage notices": "/api/v1/outages/notices/",
        "api outage notice": f"/api/v1/outages/notices/{paper.outages[0].pk}/",
        "api outages": "/api/v1/outages/entries/?district=荷塘区&date=2020-04-29",
        "api search": "/api/v1/search/?q=工作",
    }


def counts(client, paper):
    found = {}
    for name, url in urls(paper).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        found[name] = len(queries)
    return found


def test_every_public_view_costs_the_same_few_queries_however_big_the_paper(client, paper):
    small = counts(client, paper)
    paper.grow(10, 47, pages=14)
    paper.outage(rows=40)
    draw_regions(paper.a2)
    assert len(paper.a2.regions) > 100
    big = counts(client, paper)
    assert paper.edition.pages.count() == 16 and paper.a2.articles_article_items.count() > 50
    over = {name: n for name, n in big.items() if n > MAX_QUERIES}
    assert not over, f"more than {MAX_QUERIES} queries: {over}"
    grew = {name: (small[name], big[name]) for name in small if big[name] != small[name]}
    assert not grew, f"queries grew with the paper: {grew}"
