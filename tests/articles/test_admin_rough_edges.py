"""The rough edges a new reporter, editor and clerk met in the admin (issue 11, "Also")."""

import datetime

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from articles.bylines import Credit
from articles.models import Article, Photo
from newsroom.models import Edition, Page
from newsroom.publication import Status
from tests.conftest import at

pytestmark = pytest.mark.django_db


def logged_in(username, role):
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return user, client


def test_a_reporter_reads_a_saved_photo_credit_on_a_submitted_story():
    reporter, client = logged_in("reporter", "记者")
    article = Article.objects.create(headline="待审稿", status=Status.SUBMITTED, created_by=reporter)
    photo = Photo.objects.create(article=article, caption="迎五一 着盛装")
    photo.set_credits([Credit("任远", "记者", "株洲日报")])
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Credit text" not in html and ">None<" not in html
    assert "摄影署名" in html and photo.printed_credit in html


def test_a_reporters_recent_action_on_a_story_published_since_still_leads_to_it():
    reporter, client = logged_in("reporter", "记者")
    article = Article.objects.create(headline="已发的稿", created_by=reporter, status=Status.PUBLISHED)
    LogEntry.objects.create(
        user=reporter,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=str(article),
        action_flag=CHANGE,
    )
    entry = LogEntry.objects.get()
    assert entry.get_admin_url() in client.get("/admin/").content.decode()  # 最近动作
    response = client.get(entry.get_admin_url())
    assert response.status_code == 200 and "已发的稿" in response.content.decode()


def test_view_on_site_of_a_draft_is_its_preview_and_of_a_live_story_its_page():
    _editor, client = logged_in("editor", "编辑")
    draft = Article.objects.create(headline="草稿")
    html = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert f'href="/admin/articles/article/{draft.pk}/preview/"' in html
    assert 'href="/admin/r/' not in html
    live = Article.objects.create(headline="已上线", status=Status.PUBLISHED, publish_at=at(2020, 4, 28, 6, 0))
    html = client.get(f"/admin/articles/article/{live.pk}/change/").content.decode()
    assert "/admin/r/" in html and client.get(f"/admin/articles/article/{draft.pk}/preview/").status_code == 200


def test_the_schedule_form_says_an_edition_must_be_created_first_when_there_is_none():
    _editor, client = logged_in("editor", "编辑")
    article = Article.objects.create(headline="稿", status=Status.SUBMITTED)
    asked = client.post("/admin/articles/article/", {"action": "schedule", "_selected_action": [article.pk]})
    assert "请先在“报纸 › 期”里新建一期" in asked.content.decode()
    edition = Edition.objects.create(date=datetime.date(2099, 5, 1))
    Page.objects.create(edition=edition, code="A1")
    asked = client.post("/admin/articles/article/", {"action": "schedule", "_selected_action": [article.pk]})
    assert "请先在“报纸 › 期”里新建一期" not in asked.content.decode() and "2099年5月1日 A1版" in asked.content.decode()


def test_a_reporter_cannot_attach_a_photo_to_their_story_while_it_waits_for_review():
    reporter, client = logged_in("reporter", "记者")
    draft = Article.objects.create(headline="草稿稿件", created_by=reporter)
    waiting = Article.objects.create(headline="待审稿件", status=Status.SUBMITTED, created_by=reporter)
    form = client.get("/admin/articles/photo/add/").context["adminform"].form
    assert set(form.fields["article"].queryset) == {draft}
    found = client.get("/admin/autocomplete/?app_label=articles&model_name=photo&field_name=article&term=稿件").json()[
        "results"
    ]
    assert [row["text"] for row in found] == ["草稿稿件"]
    client.post(
        "/admin/articles/photo/add/",
        {
            "article": waiting.pk,
            "caption": "偷偷加的图",
            "order": 0,
            "credits-TOTAL_FORMS": 0,
            "credits-INITIAL_FORMS": 0,
        },
    )
    assert not Photo.objects.filter(article=waiting).exists()


def test_the_planning_views_items_are_links_to_them():
    _editor, client = logged_in("editor", "编辑")
    with time_machine.travel(at(2030, 4, 30, 20, 0), tick=False):
        edition = Edition.objects.create(date=datetime.date(2030, 5, 1), publish_at=at(2030, 5, 1, 6, 0))
        a1 = Page.objects.create(edition=edition, code="A1")
        on_page = Article.objects.create(headline="头版", page=a1, status=Status.PUBLISHED)
        web = Article.objects.create(headline="网络首发", status=Status.PUBLISHED, publish_at=at(2030, 4, 30, 22, 0))
        waiting = Article.objects.create(headline="待审", status=Status.SUBMITTED)
        client.force_login(User.objects.get(username="editor"))
        html = client.get("/admin/newsroom/edition/planning/").content.decode()
    for article in (on_page, web, waiting):
        assert f'<a href="/admin/articles/article/{article.pk}/change/">{article.headline}</a>' in html


def test_the_photo_shows_its_thumbnail_beside_caption_and_credit():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.articles.conftest import image_bytes

    _editor, client = logged_in("editor", "编辑")
    article = Article.objects.create(headline="有图的稿")
    photo = Photo(article=article, caption="迎五一 着盛装")
    photo.image = SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")
    photo.save()
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    thumb = photo.sources["thumb"]["jpg"]
    assert f'<img src="{thumb}"' in html and html.index(thumb) < html.index('name="photos-0-caption"')
