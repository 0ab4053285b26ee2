"""The admin's home page per role, with what waits for each in the menu (issue 11, "the newsroom's day")."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.test import Client

from articles.models import Article
from newsroom import workflow
from newsroom.models import Edition, Page
from newsroom.publication import Status
from notices.models import Notice
from notices.printed import parse_notice_line
from tests.conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2030, 5, 1, 12, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def member(username, role):
    user = User.objects.create_user(username, is_staff=True, first_name=username[-1], last_name="刘")
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return user, client


def sections(response):
    return {section["title"]: [e["item"] for e in section["entries"]] for section in response.context["sections"]}


def test_a_reporters_home_has_their_drafts_returns_with_the_comment_waiting_and_published():
    reporter, client = member("记者甲", "记者")
    editor, _ = member("编辑乙", "编辑")
    draft = Article.objects.create(headline="我的草稿", created_by=reporter)
    returned = Article.objects.create(headline="退回的", created_by=reporter, status=Status.SUBMITTED)
    workflow.apply(returned, "return", editor, comment="电头缺日期。")
    waiting = Article.objects.create(headline="待审的", created_by=reporter, status=Status.SUBMITTED)
    later = Article.objects.create(
        headline="定时的", created_by=reporter, status=Status.PUBLISHED, publish_at=at(2030, 5, 2, 8, 0)
    )
    live = Article.objects.create(
        headline="上线的", created_by=reporter, status=Status.PUBLISHED, publish_at=at(2030, 4, 30, 8, 0)
    )
    Article.objects.create(headline="别人的草稿", created_by=editor)
    response = client.get("/admin/")
    found = sections(response)
    assert found == {
        "我的草稿": [draft],
        "退回给我的(附编辑意见)": [returned],
        "等待审核": [waiting],
        "已签发、等待上线": [later],
        "已上线": [live],
    }
    html = response.content.decode()
    assert "刘乙:电头缺日期。" in html and "别人的草稿" not in html
    assert "稿件退回 <strong>1</strong>" in html and "稿件待审 <strong>1</strong>" in html  # the menu


def test_an_editors_home_has_review_oldest_first_the_next_24_hours_and_todays_pages():
    _editor, client = member("编辑乙", "编辑")
    today = Edition.objects.create(date=datetime.date(2030, 5, 1), publish_at=at(2030, 5, 1, 6, 0))
    a1, a2 = (Page.objects.create(edition=today, code=code) for code in ("A1", "A2"))
    tomorrow = Edition.objects.create(date=datetime.date(2030, 5, 2), publish_at=at(2030, 5, 2, 6, 0))
    b1 = Page.objects.create(edition=tomorrow, code="A1")
    with time_machine.travel(at(2030, 4, 30, 9, 0), tick=False):
        older = Article.objects.create(headline="先交的", status=Status.SUBMITTED)
    newer = Article.objects.create(headline="后交的", status=Status.SUBMITTED)
    Article.objects.create(headline="头版", page=a1, status=Status.PUBLISHED)
    on_tomorrow = Article.objects.create(headline="明天头版", page=b1, status=Status.PUBLISHED)
    web = Article.objects.create(headline="今晚网络首发", status=Status.PUBLISHED, publish_at=at(2030, 5, 1, 20, 0))
    Article.objects.create(headline="后天的", status=Status.PUBLISHED, publish_at=at(2030, 5, 3, 20, 0))
    response = client.get("/admin/")
    found = sections(response)
    assert found["等待审核(最早提交的在前)"] == [older, newer]
    assert found["24小时内上线"] == [web, on_tomorrow]
    assert [(page.code, len(items)) for page, items in response.context["pages"]] == [("A1", 1), ("A2", 0)]
    assert "还空着" in response.content.decode() and a2.code == "A2"
    assert "稿件待审 <strong>2</strong>" in response.content.decode()


def test_a_clerks_home_has_notices_to_place_and_the_next_editions_column():
    clerk, client = member("分类丙", "分类广告")
    coming = Edition.objects.create(date=datetime.date(2030, 5, 2), publish_at=at(2030, 5, 2, 6, 0))
    a2 = Page.objects.create(edition=coming, code="A2")
    Page.objects.create(edition=coming, code="A3")
    to_place = Notice.from_parsed(parse_notice_line("·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"))
    placed = Notice.from_parsed(parse_notice_line("·周七(父:周八、母:吴九)遗失M777777777号出生证"))
    workflow.apply(placed, "place", clerk, page=a2)
    response = client.get("/admin/")
    assert sections(response) == {"待排版的声明": [to_place]}
    assert response.context["edition"] == coming
    assert [(page.code, [e["item"] for e in items]) for page, items in response.context["pages"]] == [
        ("A2", [placed]),
        ("A3", []),
    ]
    assert "遗失声明待排版 <strong>1</strong>" in response.content.decode()
