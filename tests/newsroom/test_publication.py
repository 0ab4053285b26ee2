"""The one publication rule, at and around publish_at, for items and for editions."""

import datetime

import pytest
import time_machine

from articles.models import Article
from newsroom.models import Edition
from newsroom.publication import Status, live_items_on_page, publishable_models
from tests.conftest import SAMPLE_LIVE_AT, at

SECOND = datetime.timedelta(seconds=1)


def live_headlines(now):
    return set(Article.objects.live(now).values_list("headline", flat=True))


@pytest.mark.django_db
class TestItemRule:
    def test_a_web_first_story_goes_live_at_its_publish_at_and_not_a_second_before(self, make_article):
        make_article("网络首发", publish_at=at(2020, 4, 28, 9, 30))
        assert live_headlines(at(2020, 4, 28, 9, 30) - SECOND) == set()
        assert live_headlines(at(2020, 4, 28, 9, 30)) == {"网络首发"}
        assert live_headlines(at(2020, 4, 28, 9, 30) + SECOND) == {"网络首发"}

    def test_an_item_on_a_page_waits_for_its_edition_even_when_its_own_time_has_passed(
        self, make_edition, make_article
    ):
        edition = make_edition(publish_at=at(2020, 4, 28, 6, 0))
        make_article("上版稿件", publish_at=at(2020, 4, 27, 20, 0), page=edition.pages.get(code="A1"))
        assert live_headlines(at(2020, 4, 28, 6, 0) - SECOND) == set()
        assert live_headlines(at(2020, 4, 28, 6, 0) + SECOND) == {"上版稿件"}

    def test_an_item_on_a_page_waits_for_its_own_time_when_the_edition_is_already_live(
        self, make_edition, make_article
    ):
        edition = make_edition(publish_at=at(2020, 4, 28, 6, 0))
        make_article("晚到的稿件", publish_at=at(2020, 4, 28, 10, 0), page=edition.pages.get(code="A2"))
        assert live_headlines(at(2020, 4, 28, 10, 0) - SECOND) == set()
        assert live_headlines(at(2020, 4, 28, 10, 0) + SECOND) == {"晚到的稿件"}

    def test_an_unscheduled_edition_keeps_its_items_hidden_forever(self, make_edition, make_article):
        edition = make_edition(publish_at=None)
        make_article("未排期", page=edition.pages.get(code="A1"))
        assert live_headlines(at(2099, 1, 1, 0, 0)) == set()

    @pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.UNPUBLISHED])
    def test_only_the_published_status_is_ever_live(self, make_article, status):
        make_article("未签发", status=status)
        assert live_headlines(at(2099, 1, 1, 0, 0)) == set()

    def test_publishing_without_a_time_means_now(self, make_article):
        with time_machine.travel(at(2020, 4, 28, 8, 0), tick=False):
            article = make_article("立即发布", publish_at=None)
            assert article.publish_at == at(2020, 4, 28, 8, 0)
            assert article.is_live()

    def test_a_draft_keeps_an_empty_publish_at(self, make_article):
        assert make_article("草稿", status=Status.DRAFT, publish_at=None).publish_at is None

    def test_is_live_answers_exactly_as_the_queryset(self, make_edition, make_article):
        edition = make_edition(publish_at=at(2020, 4, 28, 6, 0))
        article = make_article("对照", publish_at=at(2020, 4, 28, 5, 0), page=edition.pages.get(code="A1"))
        for now in [at(2020, 4, 28, 5, 0), at(2020, 4, 28, 6, 0) - SECOND, at(2020, 4, 28, 6, 0)]:
            assert article.is_live(now) == Article.objects.live(now).filter(pk=article.pk).exists()
        assert not article.is_live(at(2020, 4, 28, 6, 0) - SECOND)
        assert article.is_live(at(2020, 4, 28, 6, 0))

    def test_with_the_real_clock_a_scheduled_item_appears_without_any_job_running(self, make_article):
        with time_machine.travel(at(2020, 4, 28, 8, 59, 59), tick=False):
            make_article("定时稿", publish_at=at(2020, 4, 28, 9, 0))
            assert not Article.objects.live().exists()
        with time_machine.travel(at(2020, 4, 28, 9, 0, 1), tick=False):
            assert list(Article.objects.live().values_list("headline", flat=True)) == ["定时稿"]


@pytest.mark.django_db
class TestEditionRule:
    def test_an_edition_is_live_from_its_publish_at(self, make_edition):
        make_edition(publish_at=SAMPLE_LIVE_AT)
        assert not Edition.objects.live(SAMPLE_LIVE_AT - SECOND).exists()
        assert Edition.objects.live(SAMPLE_LIVE_AT).exists()
        assert Edition.objects.get().is_live(SAMPLE_LIVE_AT) and not Edition.objects.get().is_live(
            SAMPLE_LIVE_AT - SECOND
        )

    def test_an_edition_without_publish_at_is_never_live(self, make_edition):
        make_edition(publish_at=None)
        assert not Edition.objects.live(at(2099, 1, 1, 0, 0)).exists()


@pytest.mark.django_db
def test_a_page_lists_its_live_items_in_position_order(make_edition, make_article):
    page = make_edition().pages.get(code="A2")
    make_article("第三", page=page, position=3)
    make_article("第一", page=page, position=1)
    make_article("第二", page=page, position=2)
    make_article("未签发", page=page, position=0, status=Status.DRAFT)
    make_article("别的版", page=page.edition.pages.get(code="A1"), position=0)
    items = live_items_on_page(page, SAMPLE_LIVE_AT)
    assert [item.headline for item in items] == ["第一", "第二", "第三"]


def test_every_content_model_follows_the_rule():
    assert Article in publishable_models()


@pytest.mark.django_db
def test_every_derived_answer_agrees_with_live_around_each_publish_at(make_edition, client, django_user_model):
    """is_scheduled, live_since, is_live_now, Edition.is_live, the planning view and the feed's dates all come from
    publication.py: at each instant around each time involved, each says what live() says."""
    from django.contrib.auth.models import Group

    from notices.models import Notice, NoticeStatus
    from outages.models import OutageNotice

    edition = make_edition(date=datetime.date(2030, 5, 1), publish_at=at(2030, 5, 1, 6, 0))
    unscheduled = make_edition(date=datetime.date(2030, 5, 2), publish_at=None)
    a1, other = edition.pages.get(code="A1"), unscheduled.pages.get(code="A1")
    published = Status.PUBLISHED
    items = [
        Article.objects.create(headline="网络首发", status=published, publish_at=at(2030, 4, 30, 22, 15)),
        Article.objects.create(headline="随报纸", status=published, publish_at=at(2030, 4, 30, 20, 0), page=a1),
        Article.objects.create(headline="晚于报纸", status=published, publish_at=at(2030, 5, 1, 9, 0), page=a1),
        Article.objects.create(headline="等报纸定时", status=published, publish_at=at(2030, 4, 30, 20, 0), page=other),
        Article.objects.create(headline="草稿", status=Status.DRAFT, publish_at=at(2030, 4, 30, 20, 0)),
        Notice.objects.create(declarants="王某", status=NoticeStatus.PUBLISHED, publish_at=at(2030, 4, 30, 1), page=a1),
        OutageNotice.objects.create(date=datetime.date(2030, 5, 2), title="停电", status=published, publish_at=None),
    ]
    items[-1].publish_at = at(2030, 5, 1, 7, 30)
    items[-1].save()
    times = sorted({t for item in items for t in (item.publish_at, edition.publish_at) if t is not None})
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    for moment in times:
        for now in (moment - SECOND, moment, moment + SECOND):
            assert edition.is_live(now) == Edition.objects.live(now).filter(pk=edition.pk).exists()
            for item in items:
                item = type(item).objects.select_related("page__edition").get(pk=item.pk)
                live = type(item).objects.live(now).filter(pk=item.pk).exists()
                assert item.is_live_now(now) == live == item.is_live(now), (item, now)
                assert item.is_scheduled_at(now) == (item.status == published and not live), (item, now)
                assert (item.live_since is not None and item.live_since <= now) == live, (item, now)
                assert item.live_at == item.live_since
            with time_machine.travel(now, tick=False):
                client.force_login(editor)
                plan = client.get("/admin/newsroom/edition/planning/?days=3").content.decode()
                feed = client.get("/feeds/latest.rss").content.decode()
            # The plan lists what is still to come at its own time; the feed what is live, dated when it went live.
            for item in items:
                if isinstance(item, Article) and item.status == published:
                    in_feed = item.headline in feed
                    assert in_feed == type(item).objects.live(now).filter(pk=item.pk).exists(), (item, now)
            late = items[2]
            assert ("晚于报纸" in plan) == (not late.is_live(now)), now
