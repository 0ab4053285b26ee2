"""The editorial workflow in the admin: roles, steps with who and when, previews, locking and revisions."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import signing
from django.test import Client
from django.utils import timezone

from articles.models import Article
from newsroom import workflow
from newsroom.models import Transition
from newsroom.preview import SALT, signed_url
from newsroom.publication import Status
from tests.conftest import at

pytestmark = pytest.mark.django_db


def member(username, role):
    user = User.objects.create_user(username, password="pw-for-tests-9", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter():
    return member("reporter", "记者")


@pytest.fixture
def editor():
    return member("editor", "编辑")


def client_for(client, user):
    client.force_login(user)
    return client


def change_form_data(article, **changes):
    data = {
        "column": "",
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "dateline": article.dateline,
        "body": article.body,
        "summary": article.summary,
        "kind": article.kind,
        "seen_version": article.version,
        # The editor's fields; a reporter's form has none of them and ignores them.
        "status": article.status,
        "position": article.position,
        "publish_at_0": "",
        "publish_at_1": "",
        "page": "",
        "continues": "",
        "continued_from_code": article.continued_from_code,
        "jump_mark": article.jump_mark,
        **{
            f"{p}-{k}": v
            for p in ("bylines", "photos", "corrections")
            for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000))
        },
    }
    data.update(changes)
    return data


def test_the_roles_exist_on_a_fresh_database():
    assert set(Group.objects.values_list("name", flat=True)) >= {"记者", "编辑", "分类广告"}
    assert Group.objects.get(name="编辑").permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name="记者").permissions.filter(codename="publish_article").exists()


def test_a_story_goes_from_draft_to_review_back_and_to_a_schedule_with_who_and_when(reporter, editor, make_edition):
    edition = make_edition(publish_at=at(2030, 5, 1, 6, 0))
    article = Article.objects.create(headline="市民快快申领电子健康卡(码)", created_by=reporter)
    with time_machine.travel(at(2030, 4, 30, 17, 0), tick=False):
        workflow.apply(article, "submit", reporter)
    with time_machine.travel(at(2030, 4, 30, 18, 0), tick=False):
        workflow.apply(article, "return", editor, comment="电头后少了日期。")
        with pytest.raises(workflow.WorkflowError, match="不能"):
            workflow.apply(article, "unpublish", editor)
    with time_machine.travel(at(2030, 4, 30, 19, 0), tick=False):
        workflow.apply(article, "submit", reporter)
    with time_machine.travel(at(2030, 4, 30, 20, 0), tick=False):
        workflow.apply(article, "schedule", editor, page=edition.pages.get(code="A1"))
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.publish_at == at(2030, 5, 1, 6, 0)
    assert article.is_scheduled
    steps = list(workflow.transitions_of(article).order_by("at", "pk"))
    assert [(s.action, s.by.username) for s in steps] == [
        ("submit", "reporter"),
        ("return", "editor"),
        ("submit", "reporter"),
        ("schedule", "editor"),
    ]
    assert steps[1].comment == "电头后少了日期。" and steps[1].at == at(2030, 4, 30, 18, 0)


def test_returning_needs_a_comment(editor):
    article = Article.objects.create(headline="稿", status=Status.SUBMITTED)
    with pytest.raises(workflow.WorkflowError, match="意见"):
        workflow.apply(article, "return", editor, comment=" ")
    assert Transition.objects.count() == 0


def test_the_reporter_sees_the_editors_comment_on_the_form(client, reporter, editor):
    article = Article.objects.create(headline="稿", status=Status.SUBMITTED, created_by=reporter)
    workflow.apply(article, "return", editor, comment="请补充通讯员姓名。")
    html = client_for(client, reporter).get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "请补充通讯员姓名。" in html


def test_a_reporter_lists_only_their_own_articles_and_cannot_publish(client, reporter, editor):
    mine = Article.objects.create(headline="我的稿子", created_by=reporter)
    Article.objects.create(headline="别人的稿子", created_by=editor)
    Article.objects.create(headline="我已发的稿子", created_by=reporter, status=Status.PUBLISHED)
    client = client_for(client, reporter)
    html = client.get("/admin/articles/article/").content.decode()
    assert "我的稿子" in html and "别人的稿子" not in html and "我已发的稿子" in html
    assert 'value="publish_now"' not in html and 'value="submit"' in html
    form = client.get(f"/admin/articles/article/{mine.pk}/change/").content.decode()
    assert 'name="status"' not in form and 'name="publish_at"' not in form and 'name="page"' not in form


def test_an_editor_schedules_through_the_admin_action(client, editor, make_edition):
    edition = make_edition(date=datetime.date(2030, 5, 1), publish_at=at(2030, 5, 1, 6, 0))
    article = Article.objects.create(headline="上版稿", status=Status.SUBMITTED)
    page = edition.pages.get(code="A2")
    with time_machine.travel(at(2030, 4, 30, 20, 0), tick=False):
        response = client_for(client, editor).post(
            "/admin/articles/article/",
            {"action": "schedule", "_selected_action": [article.pk], "apply": "1", "page": page.pk, "publish_at": ""},
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.page, article.publish_at) == (Status.PUBLISHED, page, at(2030, 5, 1, 6, 0))


def refused_form(response):
    """The hidden versions a refused form now carries, as the browser posts them back."""
    form = response.context["adminform"].form
    return {"seen_version": form["seen_version"].value(), "base_version": form["base_version"].value()}


def test_the_second_of_two_interleaved_saves_is_refused_and_keeps_its_text(client, editor, reporter):
    reporter.first_name, reporter.last_name = "远", "任"
    reporter.save()
    article = Article.objects.create(headline="原标题", body="原文。", created_by=reporter)
    url = f"/admin/articles/article/{article.pk}/change/"
    first = client_for(client, reporter)
    second = Client()
    second.force_login(editor)
    opened = Article.objects.get(pk=article.pk)  # both open the form at this version
    assert first.post(url, change_form_data(opened, body="记者改的正文。")).status_code == 302
    saved_at = timezone.localtime(Article.objects.get(pk=article.pk).updated_at).strftime("%Y-%m-%d %H:%M:%S")
    response = second.post(url, change_form_data(opened, headline="编辑改的标题", body="编辑改的正文。"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"已被任远于{saved_at}修改并保存" in html  # named by their name, not their login
    assert "编辑改的正文。" in html  # the refused text is still in the form
    # Field by field what the other person changed, theirs → yours: the body only (the headline was theirs to keep).
    conflicts = response.context["adminform"].form.conflicts
    assert [(c.name, c.theirs, c.yours) for c in conflicts] == [("body", "记者改的正文。", "编辑改的正文。")]
    assert 'name="resolve_body" value="merge"' in html
    assert Article.objects.get(pk=article.pk).body == "记者改的正文。"
    # After merging, the form carries the newer version and saves the merged text.
    merged = change_form_data(opened, headline="编辑改的标题", body="记者改的正文。编辑补的一句。")
    merged.update(refused_form(response), resolve_body="merge")
    assert second.post(url, merged).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.body) == ("编辑改的标题", "记者改的正文。编辑补的一句。")


def test_pressing_save_again_after_a_refusal_never_silently_undoes_the_other_change(client, editor, reporter):
    article = Article.objects.create(headline="原标题", body="原文。", summary="原摘要", created_by=reporter)
    url = f"/admin/articles/article/{article.pk}/change/"
    reporter_session, editor_session = client_for(client, reporter), Client()
    editor_session.force_login(editor)
    opened = Article.objects.get(pk=article.pk)
    changed = change_form_data(opened, headline="记者改的标题", summary="记者改的摘要")
    assert reporter_session.post(url, changed).status_code == 302
    # The editor, on the old form, changes the body only; refused, then presses save again as it is.
    mine = change_form_data(opened, body="编辑改的正文。")
    refused = editor_session.post(url, mine)
    assert {c.name for c in refused.context["adminform"].form.conflicts} == {"headline", "summary"}
    again = editor_session.post(url, {**mine, **refused_form(refused)})
    assert again.status_code == 200 and "还没有选择保留谁的" in again.content.decode()
    article.refresh_from_db()
    assert (article.headline, article.summary, article.body) == ("记者改的标题", "记者改的摘要", "原文。")
    # Keep theirs for the headline, mine for the summary: exactly that is saved, with the body the editor wrote.
    decided = {**mine, **refused_form(refused), "resolve_headline": "theirs", "resolve_summary": "mine"}
    assert editor_session.post(url, decided).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.summary, article.body) == ("记者改的标题", "原摘要", "编辑改的正文。")


def test_a_revision_restores_the_exact_previous_text(client, editor):
    article = Article.objects.create(headline="标题", body="第一稿:株洲日报讯 4月27日下午。")
    article.body = "第二稿,改坏了。"
    article.save()
    first = article.history.order_by("history_date").first()
    client = client_for(client, editor)
    history = client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "第二稿,改坏了。" in history and "第一稿" in history  # the change shown as old → new
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    form = client.get(url)
    data = change_form_data(first.instance)
    data["seen_version"] = form.context["adminform"].form["seen_version"].value()
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.body == "第一稿:株洲日报讯 4月27日下午。"
    assert article.history.count() == 3


def test_an_editor_and_the_own_reporter_preview_an_unpublished_article(client, reporter, editor, make_edition):
    article = Article.objects.create(headline="尚未发布的稿子", body="正文。", created_by=reporter)
    other = Article.objects.create(headline="别人的草稿", created_by=editor)
    for user in (reporter, editor):
        client = client_for(client, user)
        response = client.get(f"/admin/articles/article/{article.pk}/preview/")
        assert response.status_code == 200
        assert "预览" in response.content.decode() and "尚未发布的稿子" in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    client = client_for(client, reporter)
    assert client.get(f"/admin/articles/article/{other.pk}/preview/").status_code == 404
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_signed_preview_link_shows_that_item_until_it_expires(client, make_edition):
    with time_machine.travel(at(2030, 4, 30, 12, 0), tick=False):
        article = Article.objects.create(headline="给外人看的预览", body="正文。")
        url = signed_url(article)
    with time_machine.travel(at(2030, 5, 2, 11, 59), tick=False):
        assert "给外人看的预览" in client.get(url).content.decode()
    with time_machine.travel(at(2030, 5, 2, 12, 1), tick=False):
        assert client.get(url).status_code == 404
    forged = "/preview/" + signing.dumps({"model": "auth.user", "pk": 1}, salt=SALT) + "/"
    assert client.get(forged).status_code == 404
    assert client.get("/preview/not-a-token/").status_code == 404


def test_the_planning_view_shows_what_goes_live_when(client, editor, make_edition):
    with time_machine.travel(at(2030, 4, 30, 20, 0), tick=False):
        edition = make_edition(date=datetime.date(2030, 5, 1), publish_at=at(2030, 5, 1, 6, 0))
        Article.objects.create(
            headline="头版头条",
            page=edition.pages.get(code="A1"),
            status=Status.PUBLISHED,
            publish_at=at(2030, 5, 1, 6, 0),
        )
        Article.objects.create(headline="网络首发稿", status=Status.PUBLISHED, publish_at=at(2030, 4, 30, 22, 15))
        Article.objects.create(headline="等待审核的稿", status=Status.SUBMITTED)
        html = client_for(client, editor).get("/admin/newsroom/edition/planning/").content.decode()
    assert html.index("2030-04-30 22:00") < html.index("网络首发稿") < html.index("2030-05-01 06:00")
    assert html.index("2030-05-01 06:00") < html.index("头版头条")
    assert html.index("待审") < html.index("等待审核的稿")


def test_a_door_a_role_lacks_is_a_chinese_403(client, reporter):
    response = client_for(client, reporter).get("/admin/newsroom/edition/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_the_demo_accounts_are_in_their_roles():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo_accounts", stdout=out)
    roles = {u.username: sorted(g.name for g in u.groups.all()) for u in User.objects.all()}
    assert roles == {"chief": ["总编", "编辑"], "editor": ["编辑"], "reporter": ["记者"], "clerk": ["分类广告"]}
    assert not User.objects.filter(is_superuser=True).exists()
    assert User.objects.get(username="reporter").contributor.name == "任远"
    assert "记者账号: reporter  密码: " in out.getvalue()
    assert "编辑、总编账号: chief  密码: " in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_roles_come_back_after_the_database_is_flushed():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) >= {"记者", "编辑", "分类广告"}
    assert Group.objects.get(name="记者").permissions.filter(codename="add_article").exists()


def test_a_reporter_files_and_submits_in_one_go(client, reporter):
    data = change_form_data(Article(headline="新稿", kind="news"), body="株洲日报讯 正文。", _submit="1")
    data.pop("seen_version")
    response = client_for(client, reporter).post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get(headline="新稿")
    assert article.status == Status.SUBMITTED and article.created_by == reporter
    assert [t.action for t in workflow.transitions_of(article)] == ["submit"]


def test_publishing_now_onto_a_later_edition_says_when_it_goes_live(client, editor, make_edition):
    edition = make_edition(date=datetime.date(2099, 5, 1), publish_at=at(2099, 5, 1, 6, 0))
    article = Article.objects.create(headline="上版稿", status=Status.SUBMITTED, page=edition.pages.get(code="A1"))
    response = client_for(client, editor).post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [article.pk]}, follow=True
    )
    assert "“上版稿”已签发,2099-05-01 06:00 上线" in response.content.decode()


def test_a_restore_brings_back_text_not_publication(client, editor):
    article = Article.objects.create(headline="标题", body="见报的正文。", status=Status.PUBLISHED)
    printed = article.history.order_by("-history_date").first()
    workflow.apply(article, "unpublish", editor)
    article.body = "撤下后改的正文。"
    article.save()
    client = client_for(client, editor)
    url = f"/admin/articles/article/{article.pk}/history/{printed.history_id}/"
    form = client.get(url)
    data = change_form_data(printed.instance)
    data["seen_version"] = form.context["adminform"].form["seen_version"].value()
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.body == "见报的正文。" and article.status == Status.UNPUBLISHED


def test_the_history_page_speaks_the_forms_words(client, editor):
    article = Article.objects.create(headline="标题", status=Status.DRAFT)
    workflow.apply(article, "publish", editor)
    html = client_for(client, editor).get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "草稿" in html and "已签发" in html
    assert "published" not in html.replace('value="published"', "")


def test_a_reporter_adding_a_contributor_sees_no_list_of_accounts(client, reporter):
    html = client_for(client, reporter).get("/admin/articles/contributor/add/").content.decode()
    assert 'name="name"' in html and 'name="user"' not in html


def test_the_history_page_is_in_chinese_with_whole_values_dates_and_names(client, editor, make_edition):
    editor.first_name, editor.last_name = "琼", "刘"
    editor.save()
    edition = make_edition(date=datetime.date(2030, 5, 1), publish_at=at(2030, 5, 1, 6, 0))
    long_text = "株洲日报讯 " + "长" * 200
    article = Article.objects.create(headline="标题", body="短。", page=edition.pages.get(code="A1"))
    article.body, article.page, article.updated_by = long_text, None, editor
    article._history_user = editor
    article.save()
    html = client_for(client, editor).get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    for english in ("CHANGES", "Changes", "Changed by", "Date/time", "chars]", "(pk=", ">None<"):
        assert english not in html, english
    assert long_text in html and "修改内容" in html and "刘琼" in html
    assert "2030年5月1日 A1版" in html  # the page by its name, (空) after it
    assert '<td class="nowrap">' in html  # dates stay on one line (admin.css), not one character a line


def test_two_revisions_compare_side_by_side_with_the_changes_marked_and_restore(client, editor, reporter):
    article = Article.objects.create(headline="标题", body="市民快快申领电子健康卡。", created_by=reporter)
    article.body = "市民尽快申领电子健康卡(码)。"
    article.save()
    first, second = article.history.order_by("history_id")
    client = client_for(client, editor)
    url = f"/admin/articles/article/{article.pk}/history/compare/?a={second.history_id}&b={first.history_id}"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "市民<del>快</del>快申领" in html and "市民<ins>尽</ins>快申领" in html and "<ins>(码)</ins>" in html
    restore = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    assert f'href="{restore}"' in html
    for bad in ("?a=1", "?a=x&b=y", f"?a={first.history_id}&b={first.history_id}", "?a=99999&b=-1"):
        assert client.get(f"/admin/articles/article/{article.pk}/history/compare/{bad}").status_code == 302, bad
    other = Article.objects.create(headline="别人的", created_by=editor)
    colleague = Client()
    colleague.force_login(reporter)
    assert colleague.get(f"/admin/articles/article/{other.pk}/history/compare/?a=1&b=2").status_code == 404


def test_someone_else_having_the_item_open_is_a_warning_for_a_few_minutes(editor, reporter):
    reporter.first_name, reporter.last_name = "远", "任"
    reporter.save()
    article = Article.objects.create(headline="稿", created_by=reporter)
    url = f"/admin/articles/article/{article.pk}/change/"
    first, second = Client(), Client()
    first.force_login(reporter)
    second.force_login(editor)
    with time_machine.travel(at(2030, 4, 30, 9, 0), tick=False):
        first.force_login(reporter)
        assert "也打开了这一条" not in first.get(url).content.decode()
    with time_machine.travel(at(2030, 4, 30, 9, 3), tick=False):
        second.force_login(editor)
        html = second.get(url).content.decode()
        assert "任远 在 09:00 也打开了这一条" in html
        assert second.get(url).status_code == 200  # and it still opens: a warning, not a lock
    with time_machine.travel(at(2030, 4, 30, 9, 9), tick=False):
        first.force_login(reporter)
        assert "也打开了这一条" not in first.get(url).content.decode()  # the editor's opening was 6 minutes ago


def test_an_outside_preview_link_shows_its_expiry_can_be_copied_and_ends_when_revoked_or_withdrawn(client, editor):
    article = Article.objects.create(headline="外人预览的稿", body="正文。", status=Status.PUBLISHED)
    article.publish_at = at(2099, 1, 1, 6, 0)
    article.save()
    admin = client_for(client, editor)
    made = admin.post(
        "/admin/articles/article/", {"action": "make_preview_links", "_selected_action": [article.pk]}, follow=True
    )
    html = made.content.decode()
    link = article_links(article)[0]
    url = f"/preview/{link.token}/"
    expiry = timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M")
    assert url in html and f"{expiry} 失效" in html and "data-copy=" in html
    change = admin.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    revoke = f"/admin/newsroom/edition/preview-links/{link.pk}/revoke/"
    assert url in change and f'formaction="{revoke}"' in change
    outsider = Client()
    assert "外人预览的稿" in outsider.get(url).content.decode()
    assert admin.get(revoke).status_code == 405
    assert admin.post(revoke).status_code == 302
    assert outsider.get(url).status_code == 404
    # A new link dies with the item's withdrawal.
    second = article_links(article, make=True)[-1]
    assert outsider.get(f"/preview/{second.token}/").status_code == 200
    workflow.apply(article, "unpublish", editor)
    assert outsider.get(f"/preview/{second.token}/").status_code == 404
    reporter_client = Client()
    reporter_client.force_login(member("someone", "记者"))
    assert reporter_client.post(f"/admin/newsroom/edition/preview-links/{second.pk}/revoke/").status_code in (403, 404)


def article_links(article, make=False):
    from newsroom.models import PreviewLink
    from newsroom.preview import make_link

    if make:
        make_link(article)
    return list(PreviewLink.objects.of(article).order_by("pk"))


def test_the_body_shows_its_character_count(client, reporter):
    article = Article.objects.create(headline="稿", body="株洲日报讯 市民快快申领。\n第二段。", created_by=reporter)
    html = client_for(client, reporter).get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert '<span class="char-count" data-char-count-for="id_body">字数:<output>16</output></span>' in html
