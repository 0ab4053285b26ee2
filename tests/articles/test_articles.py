"""Articles in the database and on the site: bylines, same-name contributors, jumps, corrections, columns."""

import re

import pytest
import time_machine
from django.core.exceptions import ValidationError

from articles.bylines import Credit, parse_byline
from articles.models import Article, Column, Contributor, Correction, Kind, Role
from newsroom.publication import Status
from tests.articles.test_bylines import SAMPLE_BYLINES
from tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def noon_after_the_sample_went_live():
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        yield


def visible_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<br\s*/?>", "\x00", html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    return re.sub(r" ?\x00 ?", "\n", text)


@pytest.mark.parametrize("printed", SAMPLE_BYLINES)
def test_a_sample_byline_stored_and_read_back_prints_exactly_as_the_paper(make_article, printed):
    article = make_article()
    article.set_bylines(parse_byline(printed))
    assert Article.objects.get(pk=article.pk).printed_byline == printed


def test_staff_and_correspondents_get_their_affiliations(make_article):
    article = make_article()
    article.set_bylines(parse_byline("全媒体记者 谢嘉\n通讯员/胡晓雨"))
    people = {b.contributor.name: b.contributor.affiliation for b in article.bylines.all()}
    assert people == {"谢嘉": "株洲日报", "胡晓雨": ""}
    assert [b.role for b in article.bylines.all()] == [Role.MULTIMEDIA_REPORTER, Role.CORRESPONDENT]


def test_two_people_with_the_same_name_coexist_and_keep_their_own_pages(client, make_article):
    reporter = Contributor.objects.create(name="刘平", affiliation="株洲日报")
    namesake = Contributor.objects.create(name="刘平", affiliation="株洲日报", bio="摄影部")
    first, second = make_article("甲稿"), make_article("乙稿")
    first.bylines.create(contributor=reporter, role=Role.REPORTER, affiliation="株洲日报")
    second.bylines.create(contributor=namesake, role=Role.REPORTER, affiliation="株洲日报")
    page = visible_text(client.get(reporter.get_absolute_url()))
    assert "甲稿" in page and "乙稿" not in page
    assert "乙稿" in visible_text(client.get(namesake.get_absolute_url()))
    with pytest.raises(ValidationError, match="刘平"):
        Contributor.match(Credit("刘平", "记者", "株洲日报"))


def test_the_article_page_prints_byline_dateline_crossheads_and_placement(client, make_edition, make_article):
    edition = make_edition()
    article = make_article(
        "加减乘除巧“运算” 造出美丽新“绿城”",
        subheadline="——记株洲市获评“中国绿水青山典范城市”",
        dateline="株洲日报讯",
        body="日前,中国环境报社授予株洲市称号。\n# 除法:舍“沾着灰尘”的GDP\n根治污染,必除“病根”。",
        page=edition.pages.get(code="A2"),
    )
    article.set_bylines(parse_byline("株洲日报记者 刘琼\n通讯员/朱卫健"))
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    text = visible_text(response)
    assert "——记株洲市获评“中国绿水青山典范城市”" in text
    assert "株洲日报记者 刘琼\n通讯员/朱卫健" in text
    assert "株洲日报讯 日前,中国环境报社授予株洲市称号。" in text
    assert '<h2 class="crosshead">除法:舍“沾着灰尘”的GDP</h2>' in html
    assert "2020年4月28日 A2版" in text
    assert "2020年4月28日 星期二" in text  # the masthead of the edition it ran in


def test_a_column_lists_its_live_articles(client, make_article):
    column = Column.objects.create(name="学习微党课", banner="深入学习 习近平新时代中国特色社会主义思想")
    make_article("机关基层党组织 如何进行组织设置?", column=column)
    make_article("待审的党课", column=column, status=Status.SUBMITTED)
    make_article("明天的党课", column=column, publish_at=at(2020, 4, 29, 6, 0))
    response = client.get(column.get_absolute_url())
    assert response.status_code == 200
    text = visible_text(response)
    assert "机关基层党组织 如何进行组织设置?" in text
    assert "待审的党课" not in text and "明天的党课" not in text
    assert client.get("/columns/no-such-column/").status_code == 404


@pytest.mark.parametrize(
    "fields",
    [{"status": Status.DRAFT}, {"status": Status.SUBMITTED}, {"publish_at": at(2020, 4, 28, 12, 0, 1)}],
)
def test_an_article_that_is_not_live_is_404(client, make_article, fields):
    article = make_article("未上线", **fields)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_contributor_lists_only_live_articles(client, make_article):
    live, scheduled = make_article("已上线"), make_article("定时的", publish_at=at(2020, 4, 28, 18, 0))
    for article in (live, scheduled):
        article.set_bylines([Credit("任远", "记者", "株洲日报")])
    text = visible_text(client.get(Contributor.objects.get(name="任远").get_absolute_url()))
    assert "已上线" in text and "定时的" not in text


def test_a_correction_is_shown_above_the_body(client, make_article):
    article = make_article("泥浆水流入路面", body="株洲日报讯 破道施工忽视污染防治。")
    Correction.objects.create(article=article, date=at(2020, 4, 29, 0, 0).date(), text="罚款金额应为3000元。")
    html = client.get(article.get_absolute_url()).content.decode()
    html = html[html.index("<main") :]
    assert "更正(2020年4月29日)" in html
    assert html.index("罚款金额应为3000元。") < html.index("破道施工忽视污染防治")


@pytest.fixture
def jumped(make_edition, make_article):
    edition = make_edition()
    a1, a2 = edition.pages.get(code="A1"), edition.pages.get(code="A2")
    main = make_article("迷迭香种出致富路", body="村里的迷迭香合作社不仅能赚钱,", page=a1, position=1)
    part = make_article(
        "迷迭香种出致富路(续)",
        kind=Kind.CONTINUATION,
        continues=main,
        jump_mark="①",
        body="还能照顾好人。",
        page=a2,
        position=5,
    )
    return main, part


def test_a_jumped_story_shows_each_part_on_its_page_with_a_link_to_the_other(client, jumped):
    main, part = jumped
    front = client.get("/editions/2020-04-28/A1/").content.decode()
    assert 'href="/editions/2020-04-28/A2/">下转A2版①' in front
    inside = client.get("/editions/2020-04-28/A2/").content.decode()
    assert 'href="/editions/2020-04-28/A1/">←上接A1版①' in inside
    assert f'<a href="{main.get_absolute_url()}">迷迭香种出致富路</a>' in inside
    assert "还能照顾好人。" in inside
    assert part.continued_from_code == "A1"


def test_readers_see_one_whole_article(client, jumped):
    main, part = jumped
    text = visible_text(client.get(main.get_absolute_url()))
    assert "村里的迷迭香合作社不仅能赚钱, 还能照顾好人。" in text or (
        text.index("村里的迷迭香合作社不仅能赚钱,") < text.index("还能照顾好人。")
    )
    response = client.get(part.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == main.get_absolute_url()


def test_a_continuation_does_not_link_to_its_story_before_that_story_is_live(client, jumped):
    main, part = jumped
    main.publish_at = at(2020, 4, 28, 18, 0)
    main.save()
    inside = client.get("/editions/2020-04-28/A2/").content.decode()
    assert "还能照顾好人。" in inside
    assert main.get_absolute_url() not in inside
    assert "下转" not in client.get("/editions/2020-04-28/A1/").content.decode()
    # The part alone is shown rather than redirected to a story nobody may read yet.
    assert client.get(part.get_absolute_url()).status_code == 200


def test_a_continuation_must_say_what_it_continues(make_article):
    part = Article(headline="续文", kind=Kind.CONTINUATION)
    with pytest.raises(ValidationError):
        part.full_clean()
    Article(headline="续文", kind=Kind.CONTINUATION, continued_from_code="A1").full_clean()
