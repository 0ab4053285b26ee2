"""导入审阅: the parse beside the text before anything is written, corrections, import, corrections reused."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Article
from newsroom.models import EditionImport, UnplacedLine
from newsroom.publication import Status
from outages.models import OutageEntry

pytestmark = pytest.mark.django_db
URL = "/admin/newsroom/editionimport/review/"
PAGE = (
    "社区食堂开进老小区\n\n记者 蒋雨晴\n\n近日,河西街道第一家社区食堂开门迎客,老人就餐每餐减免三元。\n\n"
    "星期三\n\n2月3日8时至9时,建设路\n"
)


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="pw-for-tests-9", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return user


def form(**extra):
    return {"date": "2021-03-01", "page_code": "A3", "page_name": "", "text": PAGE, **extra}


def test_the_preview_shows_the_parse_and_writes_nothing(client, editor):
    response = client.post(URL, form(action="preview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-line="1" data-place="headline"' in html and 'data-line="3" data-place="byline"' in html
    assert "记者 蒋雨晴" in html
    assert "只凭版式推断为标题" not in html  # this headline has its byline under it: no guess
    assert not Article.objects.exists() and not EditionImport.objects.exists()


def test_corrections_then_import_keeps_them_and_the_items_are_drafts(client, editor, tmp_path):
    fixes = {"reviewed": "1", "fix-7": "outage", "fix-9": "outage"}
    preview = client.post(URL, form(action="preview", **fixes)).content.decode()
    assert 'data-line="7" data-place="outage"' in preview and 'data-line="9" data-place="outage"' in preview
    response = client.post(URL, form(action="import", **fixes))
    assert response.status_code == 302
    article = Article.objects.get(headline="社区食堂开进老小区")
    assert article.status == Status.DRAFT
    entry = OutageEntry.objects.get()
    assert "星期三" in entry.raw and "2月3日8时至9时,建设路" in entry.raw
    record = EditionImport.objects.get()
    assert record.corrections == {"outage": [[7, 9]]} and record.created_by == editor

    # The same file from the command line: the corrections are reused.
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    call_command(
        "import_edition", str(path), "--date", "2021-03-01", "--page", "A3", stdout=open(path.with_suffix(".out"), "w")
    )
    assert "沿用了上次导入同一文件时" in path.with_suffix(".out").read_text()
    assert OutageEntry.objects.count() == 1 and not UnplacedLine.objects.filter(text__contains="星期三").exists()


def test_signing_off_on_the_review_screen_is_the_editors_step_in_the_workflow_record(client, editor):
    from newsroom.models import Transition

    assert client.post(URL, form(action="import", publish="on")).status_code == 302
    article = Article.objects.get(headline="社区食堂开进老小区")
    assert article.status == Status.PUBLISHED
    step = Transition.objects.get(object_id=article.pk, content_type__model="article")
    assert (step.action, step.by, step.to_status) == ("import", editor, "published")


def test_a_bad_upload_is_one_sentence_and_a_400(client, editor):
    response = client.post(URL, {**form(text=""), "upload": SimpleUploadedFile("x.txt", b"\x00\x01binary")})
    assert response.status_code == 400 and "二进制文件" in response.content.decode()
    assert client.post(URL, form(page_code="第三版")).status_code == 400


def test_a_reporter_may_not_import(client):
    user = User.objects.create_user("reporter", password="pw-for-tests-9", is_staff=True)
    user.groups.add(Group.objects.get(name="记者"))
    client.force_login(user)
    assert client.post(URL, form(action="import")).status_code == 403
    assert not Article.objects.exists()
