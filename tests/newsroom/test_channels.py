"""Search, feeds, sitemap and the JSON API: live items only, Chinese substrings, no private data."""

import xml.etree.ElementTree as ET

import pytest
import time_machine

from articles.bylines import Credit
from newsroom.publication import Status
from notices.models import Notice
from notices.printed import parse_notice_line
from tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(make_edition, make_article):
    edition = make_edition(publish_at=at(2020, 4, 28, 6, 0))
    a2 = edition.pages.get(code="A2")
    live = make_article("渌口区新增4所公办幼儿园", page=a2, body="在利用闲置校舍改建的渌口镇第二幼儿园内。")
    live.set_bylines([Credit("侯德怀", "记者", "株洲日报")])
    make_article("尚未上线的幼儿园稿件", publish_at=at(2020, 4, 28, 18, 0), body="幼儿园")
    make_article("草稿里的幼儿园", status=Status.DRAFT, body="幼儿园")
    notice = Notice.from_parsed(
        parse_notice_line("·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"), page=a2, status="published"
    )
    notice.contact_phone = "13907330000"
    notice.save()
    return live


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        yield


def test_search_finds_chinese_substrings_in_live_items_of_every_desk(client, paper):
    html = client.get("/search/", {"q": "幼儿园"}).content.decode()
    assert "渌口区新增4所公办幼儿园" in html
    assert "尚未上线的幼儿园稿件" not in html and "草稿里的幼儿园" not in html
    assert "稿件(1)" in html
    by_author = client.get("/search/", {"q": "侯德怀"}).content.decode()
    assert "渌口区新增4所公办幼儿园" in by_author
    notices = client.get("/search/", {"q": "M431033654"}).content.decode()
    assert "王嘉瑶" in notices


def test_all_terms_must_match(client, paper):
    assert "渌口区新增4所公办幼儿园" in client.get("/search/", {"q": "渌口 闲置校舍"}).content.decode()
    assert "渌口区新增4所公办幼儿园" not in client.get("/search/", {"q": "渌口 醴陵"}).content.decode()


def test_private_intake_data_never_answers_a_search(client, paper):
    html = client.get("/search/", {"q": "13907330000"}).content.decode()
    assert "王嘉瑶" not in html and "13907330000" in html  # only echoed as the query itself
    api = client.get("/api/v1/search/", {"q": "13907330000"}).json()
    assert api["sections"] and all(section["items"] == [] for section in api["sections"])


def test_an_overlong_query_is_a_clear_400(client, paper):
    response = client.get("/search/", {"q": "长" * 51})
    assert response.status_code == 400 and "不要超过 50 个字" in response.content.decode()


def test_the_feeds_hold_only_live_stories_and_date_them_by_their_edition(client, paper):
    rss = ET.fromstring(client.get("/feeds/latest.rss").content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == ["渌口区新增4所公办幼儿园"]
    assert rss.find("channel").findtext("lastBuildDate") == "Mon, 27 Apr 2020 22:00:00 +0000"
    atom = client.get("/feeds/latest.atom").content.decode()
    assert "渌口区新增4所公办幼儿园" in atom and "尚未上线" not in atom


def test_the_sitemap_lists_only_what_is_live(client, paper, make_edition):
    make_edition(date=at(2020, 4, 29, 0, 0).date(), publish_at=at(2020, 4, 29, 6, 0))
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemaps/2020-04-28.xml" in index and "/sitemaps/news.xml" in index
    assert "/sitemaps/2020-04-29.xml" not in index
    xml = client.get("/sitemaps/2020-04-28.xml").content.decode()
    assert "/editions/2020-04-28/" in xml and "/editions/2020-04-28/A2/" in xml
    assert paper.get_absolute_url() in xml
    assert client.get("/sitemaps/2020-04-29.xml").status_code == 404


def test_markup_in_a_story_is_text_in_the_feeds_never_live_html(client, paper):
    paper.headline = "标题<b>粗</b>"
    paper.body = '<img src=x onerror="alert(1)">正文'
    paper.save()
    rss = ET.fromstring(client.get("/feeds/latest.rss").content)
    item = next(rss.iter("item"))
    # What a reader gets after XML decoding is HTML; it must show the markup as text.
    assert item.findtext("title") == "标题&lt;b&gt;粗&lt;/b&gt;"
    assert item.findtext("description") == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;正文"
    atom = ET.fromstring(client.get("/feeds/latest.atom").content)
    summary = atom.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") == "html" and summary.text.startswith("&lt;img src=x")
