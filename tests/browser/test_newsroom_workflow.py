"""A reporter files a story and an editor publishes it, with the buttons of the admin, in a real browser."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article
from newsroom.publication import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-9"


def member(username, role, first_name, last_name):
    user = User.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, server, username):
    page.goto(server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_reporter_to_editor_to_published_with_the_buttons(live_server, chromium):
    member("reporter", "记者", "远", "任")
    member("editor", "编辑", "琼", "刘")
    reporter = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    editor = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()

    # The reporter files the story on a phone and submits it for review in one go.
    log_in(reporter, live_server, "reporter")
    reporter.goto(live_server.url + "/admin/articles/article/add/")
    reporter.fill("#id_headline", "渌口区新增4所公办幼儿园")
    reporter.fill("#id_body", "株洲日报讯 今年秋季,渌口区将新增4所公办幼儿园。")
    assert reporter.locator("[data-char-count-for=id_body] output").inner_text() == "24"
    reporter.click("input[name=_submit]")
    reporter.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get(headline="渌口区新增4所公办幼儿园")
    assert article.status == Status.SUBMITTED

    # The editor finds it on their home page, returns it with a comment by the button on the edit page ...
    log_in(editor, live_server, "editor")
    editor.get_by_role("link", name="渌口区新增4所公办幼儿园").first.click()
    editor.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    editor.get_by_role("button", name="退回修改", exact=True).click()
    editor.fill("textarea[name=comment]", "请补充开园时间。")
    editor.get_by_role("button", name="退回修改", exact=True).click()
    editor.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    article.refresh_from_db()
    assert article.status == Status.RETURNED

    # ... the reporter sees the comment, with the editor's name, and submits again by the button ...
    reporter.goto(live_server.url + f"/admin/articles/article/{article.pk}/change/")
    assert "刘琼退回了这篇稿件:请补充开园时间。" in reporter.content()
    reporter.get_by_role("button", name="提交审核", exact=True).click()
    reporter.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED

    # ... and the editor publishes it now: readers see it in 即时新闻 with its time.
    editor.goto(live_server.url + f"/admin/articles/article/{article.pk}/change/")
    editor.get_by_role("button", name="立即发布", exact=True).click()
    editor.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_live()
    reader = chromium.new_context(locale="zh-CN").new_page()
    reader.goto(live_server.url + "/latest/")
    reader.get_by_role("link", name="渌口区新增4所公办幼儿园").click()
    assert reader.locator("h1.headline").inner_text() == "渌口区新增4所公办幼儿园"
    assert reader.locator("time.published").is_visible()
