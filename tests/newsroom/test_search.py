"""The one search: what it finds, that its index stays right on every change, and that PostgreSQL reads the index.

The same tests run on SQLite (no index: every text is read) and on PostgreSQL (the GIN index of
newsroom.tokens, then the text of the candidates): the results must be the same.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from articles.bylines import Credit
from articles.models import Article, Contributor
from newsroom.publication import Status
from newsroom.search import CHECKED_AT_ONCE, RESULT_CAP, capped_count, matching_q, search
from notices.models import Notice
from notices.printed import parse_notice_line
from outages.models import OutageNotice
from outages.parser import parse_outage_table
from tests.conftest import SAMPLE_LIVE_AT, at
from tests.test_leaks import OUTAGE_TABLE

pytestmark = pytest.mark.django_db
NOON = at(2020, 4, 28, 12, 0)


def found(query, model=Article):
    return list(search(query, NOON).get(model, []))


def headlines(query):
    return [article.headline for article in found(query)]


@pytest.fixture
def a2(make_edition):
    return make_edition().pages.get(code="A2")


@pytest.fixture
def stories(a2, make_article):
    work = make_article("全市民兵教练员骨干集训", page=a2, position=1, body="集训实现封闭式管理。\n工作人员到场。")
    work.set_bylines([Credit("邹家虎", "记者", "株洲日报"), Credit("唐学文", "通讯员", "")])
    photo = work.photos.create(caption="队列训练。")
    photo.set_credits([Credit("任远", "记者", "株洲日报")])
    make_article("作者手记", page=a2, position=2, body="我们的工作,作者的话。")
    return work


def test_a_two_character_word_a_name_a_caption_and_a_photographer_are_found(stories):
    assert headlines("集训") == ["全市民兵教练员骨干集训"]
    assert headlines("唐学文") == ["全市民兵教练员骨干集训"]
    assert headlines("队列") == ["全市民兵教练员骨干集训"]
    assert headlines("任远") == ["全市民兵教练员骨干集训"]


def test_a_phrase_is_found_only_where_it_is_printed_as_one(stories):
    # 作者手记 has 工作 and 作者, not 工作者; the other story has 工作人员.
    assert headlines("工作者") == []
    assert headlines("工作人员") == ["全市民兵教练员骨干集训"]
    assert headlines("作者的话") == ["作者手记"]


def test_one_character_and_terms_without_letters(stories):
    assert set(headlines("训")) == {"全市民兵教练员骨干集训"}
    assert search("—— ,,", NOON) == {}


def test_results_are_newest_first(a2, make_article):
    make_article("旧的停电消息", page=a2, body="停电")
    make_article("网上新发的停电消息", body="停电", publish_at=at(2020, 4, 28, 9, 0))
    assert headlines("停电") == ["网上新发的停电消息", "旧的停电消息"]


def test_notices_by_number_part_of_a_number_and_parent(a2):
    line = "·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"
    notice = Notice.from_parsed(parse_notice_line(line), page=a2)
    assert found("M431033654", Notice) == [notice]
    assert found("m4310", Notice) == [notice]
    assert found("33654", Notice) == [notice]
    assert found("王小军", Notice) == [notice]
    assert found("M431033655", Notice) == []


def test_outage_notices_by_place_and_district(a2):
    parsed = parse_outage_table(OUTAGE_TABLE.read_text(encoding="utf-8").split("\n")[:-1])
    live = {"status": Status.PUBLISHED, "publish_at": SAMPLE_LIVE_AT}
    notice = OutageNotice.objects.create_from_parsed(parsed, page=a2, **live)
    assert found("财校", OutageNotice) == [notice]
    assert found("荷塘区", OutageNotice) == [notice]
    place = notice.entries.first().areas.first().places.first()
    place.name = "新起的台区名"
    place.save()
    assert found("新起", OutageNotice) == [notice]


def test_the_index_follows_every_change(stories):
    stories.body = "改写后的正文,说的是防汛。"
    stories.save()
    assert headlines("防汛") == ["全市民兵教练员骨干集训"] and headlines("封闭式") == []
    stories.set_bylines([Credit("周兴海", "见习记者", "株洲日报")])
    assert headlines("周兴海") == ["全市民兵教练员骨干集训"] and headlines("邹家虎") == []
    contributor = Contributor.objects.get(name="周兴海")
    contributor.name = "周新海"
    contributor.save()
    assert headlines("周新海") == ["全市民兵教练员骨干集训"]
    stories.photos.get().delete()
    assert headlines("队列") == [] and headlines("任远") == []
    stories.status = Status.UNPUBLISHED
    stories.save()
    assert headlines("防汛") == []


def test_rows_written_in_bulk_are_found_after_rebuild_search(a2):
    Article.objects.bulk_create(
        Article(
            headline=f"批量写入的稿件{n}",
            body="防汛抗旱。",
            page=a2,
            status=Status.PUBLISHED,
            publish_at=SAMPLE_LIVE_AT,
        )
        for n in range(3)
    )
    assert Article.objects.filter(live_at__isnull=True).count() == 3  # bulk_create runs no save()
    if connection.vendor == "postgresql":
        assert headlines("防汛") == []  # no tokens yet
    call_command("rebuild_search", jobs=1, stdout=open("/dev/null", "w"))
    assert set(headlines("防汛")) == {"批量写入的稿件0", "批量写入的稿件1", "批量写入的稿件2"}
    assert set(Article.objects.values_list("live_at", flat=True)) == {SAMPLE_LIVE_AT}


def test_rebuild_search_with_workers_gives_the_same_index(stories):
    before = dict(Article.objects.values_list("pk", "search_vector"))
    call_command("rebuild_search", jobs=2, stdout=open("/dev/null", "w"))
    assert dict(Article.objects.values_list("pk", "search_vector")) == before


def test_a_phrase_among_many_candidates_is_checked_newest_first_a_chunk_at_a_time(a2, make_article):
    live = {"page": a2, "status": Status.PUBLISHED, "publish_at": SAMPLE_LIVE_AT}
    hours = [SAMPLE_LIVE_AT - datetime.timedelta(hours=n) for n in range(CHECKED_AT_ONCE * 2 + 10)]
    Article.objects.bulk_create(  # 工作 and 作者 in every one: a candidate for 工作者 by its tokens alone
        Article(headline=f"稿件{n}", body="工作,作者。" + ("工作者。" if n % 97 == 0 else ""), **live)
        for n in range(len(hours))
    )
    for n, article in enumerate(Article.objects.order_by("pk")):
        Article.objects.filter(pk=article.pk).update(publish_at=hours[n])
    call_command("rebuild_search", jobs=1, stdout=open("/dev/null", "w"))
    assert headlines("工作者") == [f"稿件{n}" for n in range(0, len(hours), 97)]


def test_a_common_word_counts_up_to_the_cap_and_pages_stay_cheap(a2, make_article):
    Article.objects.bulk_create(
        Article(headline=f"稿件{n}", body="工作", page=a2, status=Status.PUBLISHED, publish_at=SAMPLE_LIVE_AT)
        for n in range(RESULT_CAP + 5)
    )
    call_command("rebuild_search", jobs=1, stdout=open("/dev/null", "w"))
    assert search("工作", NOON)[Article].count() == RESULT_CAP
    assert capped_count(Article.objects.filter(body="工作")) == RESULT_CAP


def test_postgresql_answers_from_the_gin_index_and_sqlite_from_the_text(stories):
    queryset = Article.objects.filter(matching_q(Article, ["集训"])).order_by()
    if connection.vendor != "postgresql":
        assert "search_vector" not in str(queryset.query)
        assert headlines("集训") == ["全市民兵教练员骨干集训"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny: make the planner show its hand
    plan = queryset.explain()
    assert "articles_article_search" in plan, plan


def test_a_nul_in_a_query_separates_terms_like_a_space():
    from newsroom.search import terms_of

    assert terms_of("幼儿\x00园 财校\n") == ["幼儿", "园", "财校"]
