"""The public edition views: what they show, and 404 (never 500) for what is not there or not yet live."""

import pytest
import time_machine

from newsroom.publication import Status
from tests.conftest import SAMPLE_LIVE_AT, at


@pytest.fixture
def sample(make_edition, make_article):
    edition = make_edition(number=21345)
    a1, a2 = edition.pages.get(code="A1"), edition.pages.get(code="A2")
    a1.name = "要闻"
    a1.save()
    make_article("头版头条", page=a1, position=1)
    make_article("二版稿件乙", page=a2, position=2)
    make_article("二版稿件甲", page=a2, position=1)
    make_article("未签发稿件", page=a2, position=0, status=Status.SUBMITTED)
    return edition


@pytest.fixture(autouse=True)
def after_the_sample_went_live():
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        yield


def text(response):
    return response.content.decode()


def test_home_shows_the_front_page_of_the_latest_live_edition(client, sample, make_edition):
    make_edition(date=sample.date.replace(day=29), publish_at=at(2020, 4, 29, 6, 0))  # tomorrow's, not yet live
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert "2020年4月28日 星期二" in body
    assert "第21345期" in body
    assert "头版头条" in body
    assert "2020年4月29日" not in body
    assert 'href="/editions/2020-04-28/A2/"' in body


def test_the_masthead_names_the_newspaper(client, sample, settings):
    settings.NEWSPAPER_NAME = "湘潭日报"
    assert "湘潭日报" in text(client.get("/"))


def test_home_without_any_live_edition_says_so(client, make_edition):
    make_edition(publish_at=at(2020, 4, 29, 6, 0))
    response = client.get("/")
    assert response.status_code == 200
    assert "还没有上线的报纸" in text(response)


def test_a_page_shows_its_live_items_in_position_order(client, sample):
    response = client.get("/editions/2020-04-28/A2/")
    assert response.status_code == 200
    body = text(response)
    assert body.index("二版稿件甲") < body.index("二版稿件乙")
    assert "未签发稿件" not in body
    assert "头版头条" not in body


def test_an_edition_lists_its_pages_and_their_live_items(client, sample):
    body = text(client.get("/editions/2020-04-28/"))
    assert "A1版 · 要闻" in body and "A2版" in body
    assert "头版头条" in body and "二版稿件甲" in body
    assert "未签发稿件" not in body


def test_the_archive_lists_only_live_editions(client, sample, make_edition):
    make_edition(date=sample.date.replace(day=29), publish_at=at(2020, 4, 29, 6, 0))
    body = text(client.get("/editions/"))
    assert "2020年4月28日" in body
    assert "2020年4月29日" not in body


def test_a_lower_case_page_code_finds_the_page(client, sample):
    assert client.get("/editions/2020-04-28/a2/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/editions/2020-04-27/",  # no edition that day
        "/editions/2020-02-30/",  # no such date
        "/editions/2020-13-01/A1/",
        "/editions/20200428/",
        "/editions/2020-04-28/A9/",  # no such page
        "/editions/2020-04-28/AA/",
        "/editions/2020-04-29/",  # scheduled, not yet live
        "/editions/2020-04-29/A1/",
        "/articles/999999/",
    ],
)
def test_what_is_not_there_or_not_yet_live_is_the_sites_own_404(client, sample, make_edition, url):
    make_edition(date=sample.date.replace(day=29), publish_at=at(2020, 4, 29, 6, 0))
    response = client.get(url)
    assert response.status_code == 404
    assert "找不到这个页面" in text(response)
    assert "株洲日报" in text(response)


def test_an_edition_appears_at_its_publish_at_and_not_a_second_before(client, make_edition):
    make_edition(publish_at=SAMPLE_LIVE_AT)
    with time_machine.travel(at(2020, 4, 28, 5, 59, 59), tick=False):
        assert client.get("/editions/2020-04-28/").status_code == 404
        assert client.get("/editions/2020-04-28/A1/").status_code == 404
    with time_machine.travel(at(2020, 4, 28, 6, 0, 1), tick=False):
        assert client.get("/editions/2020-04-28/").status_code == 200
        assert client.get("/editions/2020-04-28/A1/").status_code == 200


def test_an_article_is_404_until_it_is_live(client, make_article):
    article = make_article("定时稿", publish_at=at(2020, 4, 28, 12, 30))
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(at(2020, 4, 28, 12, 30, 1), tick=False):
        assert "定时稿" in text(client.get(article.get_absolute_url()))


def test_a_page_view_takes_as_many_queries_for_ten_items_as_for_two(client, sample, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/editions/2020-04-28/A2/").status_code == 200
        return len(captured)

    with_two = queries()
    for n in range(8):
        make_article(f"加版稿件{n}", page=sample.pages.get(code="A2"), position=10 + n)
    assert queries() == with_two


def test_home_opens_the_first_page_with_something_on_it_when_the_front_page_is_empty(
    client, make_edition, make_article
):
    edition = make_edition(date=at(2020, 4, 28, 0, 0).date())
    make_article("只在二版的稿件", page=edition.pages.get(code="A2"))
    body = text(client.get("/"))
    assert "只在二版的稿件" in body and "本版暂无内容" not in body


def test_a_pager_link_keeps_the_other_query_parameters(rf):
    from django.template import Context, Template

    request = rf.get("/notices/", {"name": "王", "page": "2"})
    html = Template('{% load newsroom_tags %}{% page_url 3 %}|{% page_url 1 "photos" %}').render(
        Context({"request": request})
    )
    assert html == "?name=%E7%8E%8B&amp;page=3|?name=%E7%8E%8B&amp;page=2&amp;photos=1"


def test_web_first_stories_show_their_time_and_are_listed_as_latest_news_newest_first(
    client, make_edition, make_article
):
    from articles.models import Article

    edition = make_edition()
    make_article("上版稿件", page=edition.pages.get(code="A1"))
    make_article("早一点的网络首发", publish_at=at(2020, 4, 28, 9, 30))
    later = make_article("晚一点的网络首发", publish_at=at(2020, 4, 28, 10, 5))
    make_article("还没到时间的网络首发", publish_at=at(2020, 4, 28, 23, 0))
    Article.objects.create(headline="草稿", publish_at=at(2020, 4, 28, 8, 0))
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        story = client.get(later.get_absolute_url()).content.decode()
        latest = client.get("/latest/").content.decode()
        home = client.get("/").content.decode()
    assert "2020年4月28日 10:05" in story and "即时新闻" in story
    assert latest.index("晚一点的网络首发") < latest.index("早一点的网络首发")
    for hidden in ("上版稿件", "还没到时间的网络首发", "草稿"):
        assert hidden not in latest
    assert "即时新闻" in home and home.index("晚一点的网络首发") < home.index("早一点的网络首发")
    assert "还没到时间的网络首发" not in home
