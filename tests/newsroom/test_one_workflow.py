"""One workflow for every desk (issue 11): status only through workflow steps, each with a Transition; placing on
an edition that has gone out is an editor's correction with a reason, shown to readers; buttons on the edit page."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.test import Client

from articles.models import Article
from newsroom import workflow
from newsroom.models import Edition, Page, Transition
from newsroom.publication import Status
from notices.models import Notice, NoticeStatus
from notices.printed import parse_notice_line
from outages.models import OutageNotice
from tests.conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2030, 5, 1, 12, 0)
LINE = "·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def member(username, role, **names):
    user = User.objects.create_user(username, is_staff=True, **names)
    user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people():
    return {
        "reporter": member("reporter", "记者", first_name="远", last_name="任"),
        "editor": member("editor", "编辑", first_name="琼", last_name="刘"),
        "clerk": member("clerk", "分类广告", first_name="丽", last_name="张"),
    }


@pytest.fixture
def editions():
    gone = Edition.objects.create(date=datetime.date(2030, 4, 28), publish_at=at(2030, 4, 28, 6, 0))
    coming = Edition.objects.create(date=datetime.date(2030, 5, 2), publish_at=at(2030, 5, 2, 6, 0))
    for edition in (gone, coming):
        for code in ("A1", "A2"):
            Page.objects.create(edition=edition, code=code)
    return gone.pages.get(code="A2"), coming.pages.get(code="A2")


# -- defect 3: the status changes only through workflow steps ---------------------------------------------


CHANGE_FORMS = {
    "article": lambda: Article.objects.create(headline="稿", body="正文。", status=Status.SUBMITTED),
    "notice": lambda: Notice.from_parsed(parse_notice_line(LINE)),
    "outage": lambda: OutageNotice.objects.create(date=datetime.date(2030, 5, 2), title="停电公告"),
}
URLS = {
    "article": "/admin/articles/article/",
    "notice": "/admin/notices/notice/",
    "outage": "/admin/outages/outagenotice/",
}


@pytest.mark.parametrize("desk", list(CHANGE_FORMS))
def test_the_status_is_read_only_in_every_form_and_a_posted_status_is_ignored(people, editions, desk):
    item = CHANGE_FORMS[desk]()
    before = item.status
    editor = logged_in(people["editor"])
    url = f"{URLS[desk]}{item.pk}/change/"
    shown = editor.get(url)
    form = shown.context["adminform"].form
    assert "status" not in form.fields and "page" not in form.fields and "publish_at" not in form.fields
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update(
        {"status": "published", "page": str(editions[1].pk), "publish_at_0": "2030-05-01", "seen_version": item.version}
    )
    for inline in shown.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    editor.post(url, data)
    item.refresh_from_db()
    assert (item.status, item.page) == (before, None)
    assert not Transition.objects.exists()


@pytest.mark.parametrize(
    ("desk", "steps"),
    [
        ("article", ["return", "submit", "publish", "unpublish"]),
        ("notice", ["pay", "publish", "unpublish"]),
        ("outage", ["publish", "unpublish", "schedule"]),
    ],
)
def test_every_desk_moves_by_buttons_on_the_edit_page_each_leaving_who_when_and_comment(people, editions, desk, steps):
    item = CHANGE_FORMS[desk]()
    if desk == "notice":
        workflow.apply(item, "place", people["clerk"], page=editions[1])
        steps = ["publish", "unpublish"]
    editor = logged_in(people["editor"])
    change = f"{URLS[desk]}{item.pk}/change/"
    for step in steps:
        html = editor.get(change).content.decode()
        button = f"{URLS[desk]}{item.pk}/step/{step}/"
        assert f'action="{button}"' in html, step
        data = {"comment": "请补充。"} if step == "return" else {}
        if step == "schedule":
            data = {"page": str(editions[1].pk), "publish_at": ""}
        if data:
            asked = editor.post(button)
            assert asked.status_code == 200 and 'name="apply"' in asked.content.decode()
            data["apply"] = "1"
        response = editor.post(button, data)
        assert response.status_code == 302 and response["Location"] == change, step
    done = list(workflow.transitions_of(item).order_by("at", "pk"))
    assert [t.action for t in done][-len(steps) :] == steps
    assert all(t.by == people["editor"] and t.at == NOW for t in done[-len(steps) :])
    if desk == "article":
        assert done[0].comment == "请补充。"
    html = editor.get(change).content.decode()
    assert "刘琼" in html  # the workflow log names people by their names


def test_a_clerk_has_no_button_an_editor_keeps(people):
    article = Article.objects.create(headline="稿", status=Status.SUBMITTED, created_by=people["reporter"])
    response = logged_in(people["reporter"]).post(f"/admin/articles/article/{article.pk}/step/publish/")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


# -- defect 1: placing on an edition that has gone out is an editor's correction ---------------------------


def test_the_clerks_placing_form_offers_only_editions_still_to_come(people, editions):
    gone, coming = editions
    notice = Notice.from_parsed(parse_notice_line(LINE))
    clerk = logged_in(people["clerk"])
    asked = clerk.post("/admin/notices/notice/", {"action": "place_on_page", "_selected_action": [notice.pk]})
    offered = {page.pk for page in asked.context["form"].fields["page"].queryset}
    assert coming.pk in offered and gone.pk not in offered
    assert "reason" not in asked.context["form"].fields
    clerk.post(
        "/admin/notices/notice/",
        {"action": "place_on_page", "_selected_action": [notice.pk], "apply": "1", "page": str(gone.pk)},
    )
    notice.refresh_from_db()
    assert notice.page is None and notice.status == NoticeStatus.RECEIVED
    # Nor through the workflow itself, whatever the form.
    with pytest.raises(workflow.WorkflowError, match="已经出版"):
        workflow.apply(notice, "place", people["clerk"], page=gone, comment="补登")
    # The number lookup does not say it was printed there.
    notice.refresh_from_db()
    assert notice.page is None


@pytest.mark.parametrize("desk", ["article", "notice", "outage"])
def test_an_editor_places_on_a_printed_page_only_with_a_reason_shown_to_readers(people, editions, desk, client):
    gone, _coming = editions
    item = CHANGE_FORMS[desk]()
    step = "place" if desk == "notice" else "schedule"
    with pytest.raises(workflow.WorkflowError, match="更正原因"):
        workflow.apply(item, step, people["editor"], page=gone)
    item.refresh_from_db()
    assert item.page is None
    editor = logged_in(people["editor"])
    action = {"article": "schedule", "notice": "place_on_page", "outage": "schedule"}[desk]
    response = editor.post(
        URLS[desk],
        {"action": action, "_selected_action": [item.pk], "apply": "1", "page": str(gone.pk), "reason": "漏登,补上。"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.page == gone
    step_record = workflow.transitions_of(item).get()
    assert (step_record.action, step_record.comment, step_record.by) == ("correct", "漏登,补上。", people["editor"])
    assert "漏登,补上。" in Page.objects.get(pk=gone.pk).correction
    if desk == "notice":
        workflow.apply(item, "publish", people["editor"])
    if desk == "article":
        assert list(item.corrections.values_list("text", flat=True)) == ["漏登,补上。"]
    page = client.get("/editions/2030-04-28/A2/").content.decode()
    assert "更正:漏登,补上。" in page
