"""Lists of the archive, newest first by live_at, paged by the item a page starts after (newsroom.paging)."""

import datetime
import re

import pytest
import time_machine

from articles.bylines import Credit
from articles.models import Article, Column
from newsroom.publication import Status
from tests.conftest import SAMPLE_LIVE_AT, at

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def later():
    with time_machine.travel(at(2020, 5, 1, 12, 0), tick=False):
        yield


def test_live_at_is_the_later_of_the_items_time_and_its_editions(make_edition, make_article):
    edition = make_edition(publish_at=SAMPLE_LIVE_AT)
    a1 = edition.pages.get(code="A1")
    held = make_article("随报纸上线", page=a1, publish_at=SAMPLE_LIVE_AT - HOUR)
    late = make_article("晚于报纸", page=a1, publish_at=SAMPLE_LIVE_AT + HOUR)
    web = make_article("网上首发", publish_at=SAMPLE_LIVE_AT - 2 * HOUR)
    draft = make_article("草稿", status=Status.DRAFT, page=a1)
    assert [a.live_at for a in (held, late, web, draft)] == [
        SAMPLE_LIVE_AT,
        SAMPLE_LIVE_AT + HOUR,
        web.publish_at,
        None,
    ]

    edition.publish_at = SAMPLE_LIVE_AT + 3 * HOUR  # the edition is put back: everything on it follows
    edition.save()
    held.refresh_from_db(), late.refresh_from_db()
    assert held.live_at == late.live_at == SAMPLE_LIVE_AT + 3 * HOUR
    edition.publish_at = None
    edition.save()
    assert Article.objects.get(pk=held.pk).live_at is None

    late.page = None  # taken off the paper: its own time
    late.save()
    assert late.live_at == SAMPLE_LIVE_AT + HOUR


def headlines(html):
    return re.findall(r'class="headline" href="[^"]+">([^<]+)</a>', html)


def pages_of(client, url):
    """Every page of a list by following its 较早 links: [[headlines of page 1], …]."""
    seen = []
    while url:
        html = client.get(url).content.decode()
        seen.append(headlines(html))
        older = re.search(r'rel="next" href="([^"]+)"', html)
        url = url.split("?")[0] + older[1].replace("&amp;", "&") if older else None
    return seen


def test_a_contributors_stories_page_by_page_newest_first(client, make_edition, make_article):
    edition = make_edition()
    page = edition.pages.get(code="A2")
    for n in range(45):
        story = make_article(f"稿件{n:02d}", page=page, position=n, publish_at=SAMPLE_LIVE_AT - n * HOUR)
        story.set_bylines([Credit("刘琼", "记者", "株洲日报")])
    web = make_article("网上首发的稿件", publish_at=SAMPLE_LIVE_AT + HOUR)
    web.set_bylines([Credit("刘琼", "记者", "株洲日报")])
    url = web.bylines.get().contributor.get_absolute_url()
    pages = pages_of(client, url)
    # The web-first story went live last; the 45 on the page all with their edition, in the order entered.
    assert pages == [
        ["网上首发的稿件", *[f"稿件{n:02d}" for n in range(19)]],
        [f"稿件{n:02d}" for n in range(19, 39)],
        [f"稿件{n:02d}" for n in range(39, 45)],
    ]
    last = client.get(url).content.decode()
    assert 'rel="prev"' not in last
    second_url = re.search(r'rel="next" href="([^"]+)"', last)[1]
    second = client.get(url + second_url).content.decode()
    newer = re.search(r'rel="prev" href="([^"]+)"', second)[1].replace("&amp;", "&")
    assert (
        re.findall(r'class="headline" href="[^"]+">([^<]+)</a>', client.get(url + newer).content.decode()) == pages[0]
    )


def test_a_column_pages_the_same_way_and_hides_what_is_not_live(client, make_edition, make_article):
    column = Column.objects.create(name="学习微党课")
    page = make_edition().pages.get(code="A2")
    for n in range(22):
        make_article(f"微党课{n:02d}", page=page, position=n, column=column)
    hidden = make_article("明天的微党课", column=column, publish_at=at(2020, 5, 2, 6, 0))
    pages = pages_of(client, column.get_absolute_url())
    assert [len(p) for p in pages] == [20, 2] and "明天的微党课" not in str(pages)
    # A page "older than" an item that is not live is the first page, not a door to it.
    assert "明天的微党课" not in client.get(f"{column.get_absolute_url()}?older={hidden.pk}").content.decode()
