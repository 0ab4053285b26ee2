"""The reader's newspaper (issue 13): 上一版/下一版, 上一期/下一期, the 往期 calendar, a story's way back and its
neighbours, the front page's boxes, the footer, and search that says why it found something."""

import datetime

import pytest
import time_machine

from articles.bylines import Credit
from articles.models import Kind
from newsroom.search import highlight, snippet
from notices.models import Notice
from notices.printed import parse_notice_line
from outages.models import OutageNotice
from outages.parser import parse_outage_table
from tests.conftest import at
from tests.test_leaks import OUTAGE_TABLE

pytestmark = pytest.mark.django_db
NOON = at(2020, 4, 28, 12, 0)


@pytest.fixture(autouse=True)
def at_noon():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def paper(make_edition, make_article):
    """Three editions: 4-26 and 4-28 live, 4-29 scheduled for tomorrow; stories on today's A1 and A2."""
    make_edition(date=datetime.date(2020, 4, 26), publish_at=at(2020, 4, 26, 6, 0), number=21343)
    today = make_edition(number=21345)
    make_edition(date=datetime.date(2020, 4, 29), publish_at=at(2020, 4, 29, 6, 0), number=21346)
    a1, a2 = today.pages.get(code="A1"), today.pages.get(code="A2")
    lead = make_article("市民快快申领电子健康卡(码)", page=a1, position=1, body="株洲日报讯 就医入校。\n第二段。")
    second = make_article("全市民兵教练员骨干集训", page=a1, position=2, body="集训为期一周。")
    third = make_article("渌口区新增4所公办幼儿园", page=a1, position=3, body="新增学位。")
    make_article("待审稿", page=a1, position=4, status="submitted")
    part = make_article(
        "上接A1版①", page=a2, position=1, kind=Kind.CONTINUATION, continues=lead, jump_mark="①", body="还能照顾好人。"
    )
    return {"today": today, "a1": a1, "a2": a2, "lead": lead, "second": second, "third": third, "part": part}


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_page_links_the_pages_before_and_after_it_and_the_live_editions_around(client, paper):
    a1 = html(client, "/editions/2020-04-28/A1/")
    assert 'class="next-page" rel="next" href="/editions/2020-04-28/A2/"' in a1
    assert "上一版" not in a1
    a2 = html(client, "/editions/2020-04-28/A2/")
    assert 'href="/editions/2020-04-28/A1/">上一版' in a2 and "下一版" not in a2
    for page in (a1, a2):
        assert 'class="previous-edition" href="/editions/2020-04-26/"' in page
        # Tomorrow's edition is scheduled, not live: no 下一期, and nothing says it exists.
        assert "下一期" not in page and "2020-04-29" not in page


def test_the_edition_links_the_live_editions_around_it(client, paper):
    page = html(client, "/editions/2020-04-26/")
    assert 'class="next-edition" href="/editions/2020-04-28/"' in page and "上一期" not in page
    with time_machine.travel(at(2020, 4, 29, 6, 0), tick=False):
        assert 'href="/editions/2020-04-29/"' in html(client, "/editions/2020-04-28/")


def test_the_archive_is_a_calendar_of_the_days_with_a_live_edition(client, paper):
    page = html(client, "/editions/")
    assert "2020年4月" in page and "2 期" in page
    assert 'href="/editions/2020-04-26/" aria-label="2020年4月26日 星期日 第21343期">26</a>' in page
    assert 'href="/editions/2020-04-28/"' in page
    assert "/editions/2020-04-29/" not in page and "第21346期" not in page
    assert "<span>29</span>" in page


def test_the_calendar_shows_any_month_and_links_the_months_that_have_editions(client, paper, make_edition):
    make_edition(date=datetime.date(2020, 2, 3), publish_at=at(2020, 2, 3, 6, 0))
    april = html(client, "/editions/?month=2020-04")
    assert 'href="?month=2020-02"' in april and "更晚" not in april
    february = html(client, "/editions/?month=2020-02")
    assert 'href="/editions/2020-02-03/"' in february and 'href="?month=2020-04"' in february


def test_a_jump_to_a_date_opens_its_edition_only_once_it_is_live(client, paper):
    response = client.get("/editions/?date=2020-04-26")
    assert response.status_code == 302 and response["Location"] == "/editions/2020-04-26/"
    scheduled = html(client, "/editions/?date=2020-04-29")
    assert "2020年4月29日没有上线的报纸" in scheduled and "/editions/2020-04-29/" not in scheduled
    assert "请按 2020-04-28 的格式" in html(client, "/editions/?date=yesterday")
    assert "请按 2020-04-28 的格式" in html(client, "/editions/?date=9999-12-31&month=9999-12")
    # Dates no edition can have are no filter (and never an overflow).
    assert "<h2>稿件(1)</h2>" in html(client, "/search/?q=幼儿园&from=0001-01-01&to=9999-12-31")


def test_a_story_links_back_to_its_page_and_edition_and_to_its_live_neighbours(client, paper):
    page = html(client, paper["second"].get_absolute_url())
    assert 'class="back-to-edition" href="/editions/2020-04-28/"' in page
    assert 'class="back-to-page" href="/editions/2020-04-28/A1/"' in page
    assert f'rel="prev" href="{paper["lead"].get_absolute_url()}"' in page
    assert f'rel="next" href="{paper["third"].get_absolute_url()}"' in page
    assert "待审稿" not in page  # a neighbour not signed off
    assert "上接A1版①" not in page  # a part is no story of its own


def test_a_jump_line_is_a_link_only_while_the_other_part_is_live(client, paper):
    assert '<a href="/editions/2020-04-28/A1/">←上接A1版①</a>' in html(client, "/editions/2020-04-28/A2/")
    paper["lead"].status = "unpublished"
    paper["lead"].save()
    page = html(client, "/editions/2020-04-28/A2/")
    assert '<p class="jump">←上接A1版①</p>' in page


def test_search_finds_a_story_by_the_text_of_its_continuation_never_the_part_itself(client, paper):
    page = html(client, "/search/?q=照顾好人")
    assert "市民快快申领电子健康卡(码)" in page and paper["part"].get_absolute_url() not in page
    assert "<h2>稿件(1)</h2>" in page


def test_search_results_quote_the_match_with_the_words_marked(client, paper):
    page = html(client, "/search/?q=学位")
    assert '<p class="snippet">新增<mark>学位</mark>。</p>' in page
    assert "2020年4月28日 A1版" in page


def test_search_narrows_to_a_kind_and_to_days(client, paper, make_article):
    make_article("网上先发的幼儿园新闻", publish_at=at(2020, 4, 27, 9, 0))
    assert "<h2>稿件(2)</h2>" in html(client, "/search/?q=幼儿园")
    assert "<h2>稿件(1)</h2>" in html(client, "/search/?q=幼儿园&from=2020-04-28")
    assert "<h2>稿件(1)</h2>" in html(client, "/search/?q=幼儿园&to=2020-04-27")
    only = html(client, "/search/?q=幼儿园&kind=notice")
    assert "<h2>稿件" not in only and "<h2>遗失声明(0)</h2>" in only


def test_search_finds_an_outage_place_and_marks_it(client, make_edition):
    lines = OUTAGE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]
    OutageNotice.objects.create_from_parsed(
        parse_outage_table(lines), status="published", publish_at=at(2020, 4, 28, 6)
    )
    page = html(client, "/search/?q=财校")
    assert "<h2>停电公告(1)</h2>" in page
    assert "<mark>财校</mark>三台区" in page


def test_a_photographers_page_lists_the_stories_they_took_pictures_for(client, paper, make_article):
    story = make_article("迎五一 着盛装", page=paper["a2"], position=5, kind=Kind.PHOTO)
    story.photos.create(caption="市民游园。").set_credits([Credit("任远", "记者", "株洲日报")])
    photographer = story.photos.get().credits.get().contributor
    assert "迎五一 着盛装" in html(client, photographer.get_absolute_url())
    assert "迎五一 着盛装" in html(client, "/search/?q=任远")


def test_the_home_page_has_the_notices_and_the_next_outages_as_boxes(client, paper):
    Notice.from_parsed(
        parse_notice_line("·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"), page=paper["a2"], status="published"
    )
    lines = OUTAGE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]
    OutageNotice.objects.create_from_parsed(
        parse_outage_table(lines), status="published", publish_at=at(2020, 4, 28, 6)
    )
    page = html(client, "/")
    assert 'id="home-notices"' in page and "王嘉瑶" in page
    assert 'id="home-outages"' in page and "财校三台区" in page
    assert page.count("page-item-lead") == 1  # the front page's first story


def test_the_footer_prints_the_papers_address_contact_and_licences_from_settings(client, paper, settings):
    settings.NEWSPAPER_ADDRESS = "湖南省株洲市天元区"
    settings.ICP_RECORD = "湘ICP备00000000号"
    page = html(client, "/")
    assert "地址:湖南省株洲市天元区" in page and "湘ICP备00000000号" in page
    assert "联系:" not in page  # an empty setting prints nothing


def test_highlight_escapes_the_text_and_marks_only_the_terms():
    assert highlight("<b>财校</b> & 财校", ["财校"]) == "&lt;b&gt;<mark>财校</mark>&lt;/b&gt; &amp; <mark>财校</mark>"
    assert highlight("a amp b", ["amp"]) == "a <mark>amp</mark> b"
    assert highlight("M431033654", ["m4310"]) == "<mark>M4310</mark>33654"


def test_a_snippet_is_the_text_around_the_first_match():
    text = "甲" * 100 + "财校" + "乙" * 100
    found = snippet(text, ["财校"], length=40)
    assert found.startswith("…") and found.endswith("…") and "<mark>财校</mark>" in found
    assert snippet("没有的词", ["财校"]) == "没有的词"


def test_a_search_that_finds_something_on_every_desk_stays_within_ten_queries(
    client, paper, make_article, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the views are counted, not the page cache (as in test_query_counts)
    make_article("财校周边道路整修", body="财校门前。")
    Notice.from_parsed(parse_notice_line("·株洲财校遗失原公章一枚"), page=paper["a2"], status="published")
    lines = OUTAGE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]
    OutageNotice.objects.create_from_parsed(
        parse_outage_table(lines), status="published", publish_at=at(2020, 4, 28, 6)
    )
    with django_assert_max_num_queries(10):
        page = html(client, "/search/?q=财校")
    assert "<h2>稿件(1)</h2>" in page and "<h2>遗失声明(1)</h2>" in page and "<h2>停电公告(1)</h2>" in page


def test_a_photo_story_shows_its_picture_on_its_page_and_in_lists(client, paper, make_article, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.articles.conftest import image_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    story = make_article("迎五一 着盛装", page=paper["a2"], position=5, kind=Kind.PHOTO)
    photo = story.photos.create(image=SimpleUploadedFile("a.jpg", image_bytes(size=(96, 64))), caption="市民游园。")
    photo.set_credits([Credit("任远", "记者", "株洲日报")])
    photo.refresh_from_db()
    large, thumb = photo.sources["page"]["jpg"], photo.sources["thumb"]["jpg"]
    assert f'<img src="{large}"' in html(client, "/editions/2020-04-28/A2/")
    listed = html(client, photo.credits.get().contributor.get_absolute_url())
    assert listed.count(f'<img src="{thumb}"') == 2  # in the list of stories and among the pictures
