"""The public page cache (newsroom/cache.py): kept pages cost no query, and are never early or late.

Each test runs on the local-memory cache and on Redis (the machine's, database 15, a key prefix of its
own) when one answers; where REQUIRE_REDIS is set (CI), a missing Redis is a failure.
"""

import datetime
import os
import secrets

import pytest
import redis
import time_machine
from django.contrib.auth.models import Group, User

from newsroom import workflow
from newsroom.publication import Status
from tests.conftest import at

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
NOON = at(2020, 4, 28, 12, 0)


@pytest.fixture(params=["locmem", "redis"], autouse=True)
def backend(request, settings):
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError as exc:
            if os.environ.get("REQUIRE_REDIS"):
                pytest.fail(f"Redis at {REDIS_URL} does not answer and REQUIRE_REDIS is set: {exc}")
            pytest.skip(f"no Redis at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.redis_cache.KeptRedisCache",
                "LOCATION": REDIS_URL,
                # A prefix of its own, never clear(): that would empty the database for every test running at once.
                "KEY_PREFIX": f"test-{secrets.token_hex(4)}",
            }
        }
    return request.param


@pytest.fixture
def editor_user():
    user = User.objects.create_user("editor", password="pw-for-tests-9", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    return user


@pytest.fixture
def story(make_edition, make_article):
    page = make_edition().pages.get(code="A2")
    return make_article("渌口区新增4所公办幼儿园", page=page, body="在利用闲置校舍改建的渌口镇第二幼儿园内。")


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def test_a_kept_page_costs_no_query(client, story, django_assert_num_queries):
    urls = [story.get_absolute_url(), "/editions/2020-04-28/A2/", "/", "/feeds/latest.rss", "/sitemap.xml"]
    for url in urls:
        assert get(client, url)["X-Page-Cache"] == "MISS"
    for url in urls:
        with django_assert_num_queries(0):
            assert get(client, url)["X-Page-Cache"] == "HIT"


def test_an_edit_to_a_live_story_shows_on_the_next_request(client, story):
    url = story.get_absolute_url()
    get(client, url)
    story.headline = "渌口区今年新增4所公办幼儿园"
    story.save()
    assert "今年新增" in get(client, url).content.decode()
    assert "今年新增" in get(client, "/editions/2020-04-28/A2/").content.decode()


def test_an_unpublished_story_is_gone_from_every_kept_page_at_once(client, story, editor_user):
    urls = [story.get_absolute_url(), "/editions/2020-04-28/A2/", "/feeds/latest.rss", "/search/?q=渌口"]
    for url in urls:
        assert "渌口区新增" in get(client, url).content.decode()
    workflow.apply(story, "unpublish", editor_user)
    assert client.get(urls[0]).status_code == 404
    for url in urls[1:]:
        assert "渌口区新增" not in get(client, url).content.decode(), url


def test_a_scheduled_story_is_absent_a_second_before_and_present_at_its_minute(client, story, make_article, noon):
    at_one = at(2020, 4, 28, 13, 0)
    make_article("午间快讯:五一假期出行提示", publish_at=at_one, body="五一假期。")
    for url in ("/feeds/latest.rss", "/search/?q=五一", "/sitemap.xml"):
        noon.move_to(at_one - datetime.timedelta(seconds=1))
        assert "五一假期出行提示" not in get(client, url).content.decode()
        assert get(client, url)["X-Page-Cache"] == "HIT"
        noon.move_to(at_one)
        assert "五一假期出行提示" in get(client, url).content.decode() or url == "/sitemap.xml"
        noon.move_to(NOON)


def test_a_draft_being_written_does_not_empty_the_cache(client, story, make_article):
    draft = make_article("还在写的稿子", status=Status.DRAFT)
    get(client, "/editions/2020-04-28/A2/")
    draft.body = "第二稿。"
    draft.save()
    assert get(client, "/editions/2020-04-28/A2/")["X-Page-Cache"] == "HIT"


def test_cache_control_never_reaches_past_the_next_scheduled_change(client, story, make_article, settings):
    response = get(client, story.get_absolute_url())
    assert f"max-age={settings.PUBLIC_MAX_AGE}" in response["Cache-Control"] and "public" in response["Cache-Control"]
    make_article("半分钟后上线", publish_at=NOON + datetime.timedelta(seconds=30))
    assert "max-age=30" in get(client, story.get_absolute_url())["Cache-Control"]


def test_a_conditional_get_is_answered_with_304(client, story):
    url = story.get_absolute_url()
    first = get(client, url)
    assert get(client, url, if_none_match=first["ETag"]).status_code == 304
    assert get(client, url, if_modified_since=first["Last-Modified"]).status_code == 304
    story.body = "改过的正文。"
    story.save()
    changed = get(client, url, if_none_match=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_staff_previews_and_the_admin_are_never_kept(client, story, editor_user):
    client.force_login(editor_user)
    assert "X-Page-Cache" not in get(client, story.get_absolute_url())
    assert "X-Page-Cache" not in get(client, f"/admin/articles/article/{story.pk}/preview/")
    client.logout()
    assert get(client, story.get_absolute_url())["X-Page-Cache"] == "MISS"


def test_what_a_reader_asked_is_kept_apart(client, story):
    assert "渌口区新增" in get(client, "/search/?q=渌口").content.decode()
    assert "渌口区新增" not in get(client, "/search/?q=醴陵").content.decode()


def test_after_a_change_pages_are_not_kept_while_a_replica_may_lag(client, story, settings, noon):
    settings.PAGE_CACHE_SETTLE_SECONDS = 5
    url = story.get_absolute_url()
    assert "X-Page-Cache" not in get(client, url)  # served, not kept
    assert "X-Page-Cache" not in get(client, url)
    noon.shift(datetime.timedelta(seconds=5))
    assert get(client, url)["X-Page-Cache"] == "MISS"
    assert get(client, url)["X-Page-Cache"] == "HIT"


def test_with_page_cache_seconds_0_nothing_is_kept(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, story.get_absolute_url())
    assert "X-Page-Cache" not in get(client, story.get_absolute_url())


def test_rendering_is_the_same_from_the_cache(client, story):
    first = get(client, "/editions/2020-04-28/A2/")
    second = get(client, "/editions/2020-04-28/A2/")
    assert second.content == first.content and second["Content-Type"] == first["Content-Type"]
