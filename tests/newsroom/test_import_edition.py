"""The import_edition command: all of the sample, idempotent, all or nothing, and one sentence for bad input."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from articles.models import Article, Contributor, Photo
from newsroom.models import Edition, ImportRecord, Page, UnplacedLine
from newsroom.publication import Status
from notices.models import Notice
from outages.models import OutageEntry, OutageNotice
from tests.conftest import at
from tests.sample import SAMPLE_PATH, sample_text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(path=SAMPLE_PATH, *args, date="2020-04-28", page="A2"):
    out = StringIO()
    call_command("import_edition", str(path), "--date", date, "--page", page, *args, stdout=out, stderr=out)
    return out.getvalue()


def counts():
    return (
        Article.objects.count(),
        Notice.objects.count(),
        OutageNotice.objects.count(),
        OutageEntry.objects.count(),
        Photo.objects.count(),
        Contributor.objects.count(),
    )


def test_the_sample_becomes_articles_notices_and_an_outage_notice_on_its_page():
    output = run()
    assert "稿件 12 篇(其中图片新闻 1 篇),转版续文 2 段,遗失声明 9 条,停电公告 1 份(4 条线路)。" in output
    assert "非空行 129 行:稿件 106 行,声明 10 行,停电 13 行,未归类 0 行。" in output
    page = Page.objects.get(edition__date="2020-04-28", code="A2")
    assert Article.objects.filter(page=page).exclude(kind="continuation").count() == 12
    assert Article.objects.filter(page=page, kind="continuation").count() == 2
    assert Notice.objects.filter(page=page).count() == 9
    assert OutageNotice.objects.get(page=page).entries.count() == 4
    assert UnplacedLine.objects.count() == 0
    assert (
        Article.objects.get(headline="市民快快申领电子健康卡(码)").printed_byline == "株洲日报记者 刘琼\n通讯员/朱卫健"
    )
    photo = Article.objects.get(headline="迎五一 着盛装").photos.get()
    assert photo.printed_credit == "株洲日报记者 任远 通讯员/任晓磊 摄" and not photo.image
    assert (
        Notice.objects.order_by("position").first().printed_line()
        == "·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"
    )


def test_imported_items_wait_for_an_editor_unless_published():
    run()
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert Edition.objects.get().publish_at is None
    with time_machine.travel(at(2030, 1, 1, 0, 0)):
        assert not Article.objects.live().exists() and not Notice.objects.live().exists()
        assert not OutageNotice.objects.live().exists()


def test_with_publish_the_page_shows_the_sample_in_printed_order(client):
    run(SAMPLE_PATH, "--publish", "--page-name", "综合")
    assert Edition.objects.get().publish_at == at(2020, 4, 28, 6, 0)
    with time_machine.travel(at(2020, 4, 28, 6, 0, 1), tick=False):
        html = client.get("/editions/2020-04-28/A2/").content.decode()
    main = html[html.index("<main") :]
    assert main.index("确保小康路上“一个也不少”") < main.index("迎五一 着盛装") < main.index("还能照顾好人。")
    assert main.index("还能照顾好人。") < main.index("M431033654") < main.index("检修停电安排")


def test_an_import_that_signs_off_keeps_that_step_in_each_items_workflow_record():
    from django.contrib.contenttypes.models import ContentType

    from newsroom import workflow
    from newsroom.models import Transition

    run()  # drafts: no step taken by anyone
    assert not Transition.objects.exists()
    run(SAMPLE_PATH, "--publish", page="A3")  # the same text signed off on another page: 24 new items
    steps = Transition.objects.filter(action="import")
    published = [
        *Article.objects.filter(page__code="A3"),
        *Notice.objects.filter(page__code="A3"),
        *OutageNotice.objects.filter(page__code="A3"),
    ]
    assert len(published) == 24 and steps.count() == 24
    for item in published:
        step = steps.get(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        assert (step.from_status, step.to_status, step.publish_at) == ("", "published", at(2020, 4, 28, 6, 0))
        assert step.by is None  # the command: nobody logged in
    assert workflow.label_of(published[0], "import") == "导入时直接签发"
    run(SAMPLE_PATH, "--publish", page="A3")  # unchanged: no new step
    assert steps.count() == 24


def test_importing_the_same_file_again_changes_nothing():
    run()
    before = counts()
    stamps = dict(Article.objects.values_list("pk", "updated_at"))
    output = run()
    assert "新建 0 条,更新 0 条,未变 24 条" in output
    assert counts() == before
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps


def test_a_corrected_file_updates_what_the_import_created(tmp_path):
    run()
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(sample_text().replace("对民兵教练员骨干进行集训", "对民兵教练员骨干进行为期一周的集训"))
    article = Article.objects.get(headline="全市民兵教练员骨干集训")
    output = run(corrected)
    assert "更新 1 条,未变 23 条" in output
    article.refresh_from_db()
    assert "为期一周的集训" in article.body
    assert Article.objects.count() == 14  # updated in place, not duplicated


def test_a_record_an_editor_changed_is_reported_not_overwritten(tmp_path):
    run()
    article = Article.objects.get(headline="全市民兵教练员骨干集训")
    with time_machine.travel(at(2030, 1, 1, 0, 0)):
        article.body = article.body.replace("集训", "集中训练")
        article.save()
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(sample_text().replace("对民兵教练员骨干进行集训", "对民兵教练员骨干进行为期一周的集训"))
    output = run(corrected)
    assert "article:3 导入后被编辑改过,这次没有覆盖。" in output
    article.refresh_from_db()
    assert "集中训练" in article.body and "为期一周" not in article.body


def test_on_any_error_nothing_is_written():
    Contributor.objects.create(name="周兴海", affiliation="株洲日报")
    Contributor.objects.create(name="周兴海", affiliation="株洲日报")  # two of one name: the byline is ambiguous
    with pytest.raises(CommandError, match=r"什么也没有写入.*周兴海"):
        run()
    assert (Edition.objects.count(), Page.objects.count(), Article.objects.count(), Notice.objects.count()) == (
        0,
        0,
        0,
        0,
    )
    assert ImportRecord.objects.count() == 0


def test_a_dry_run_writes_nothing_and_json_goes_to_stdout_alone():
    out, err = StringIO(), StringIO()
    call_command(
        "import_edition", str(SAMPLE_PATH), "--date", "2020-04-28", "--dry-run", "--json", stdout=out, stderr=err
    )
    data = json.loads(out.getvalue())
    assert data["date"] == "2020-04-28" and len(data["articles"]) == 14 and data["unplaced"] == []
    assert "--dry-run" in err.getvalue()
    assert Edition.objects.count() == 0 and Article.objects.count() == 0


def test_a_gb18030_file_reads_as_the_utf8_one(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(sample_text().encode("gb18030"))
    output = run(gbk)
    assert "稿件 12 篇" in output and "未归类 0 行" in output
    assert Article.objects.filter(headline="加减乘除巧“运算” 造出美丽新“绿城”").exists()


@pytest.fixture
def bad_files(tmp_path):
    files = {
        "empty": b"",
        "blank": b"\n\n  \n",
        "binary": bytes(range(256)) * 4,
        "neither": "株洲日报".encode("utf-16-be").replace(b"\x00", b"\xff") + b"\xff\xfe",
        "huge": b"a" * (5 * 1024 * 1024 + 1),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize(
    "name, message",
    [
        ("missing", "找不到文件"),
        ("empty", "文件是空的"),
        ("blank", "文件是空的"),
        ("binary", "二进制文件"),
        ("neither", "既不是 UTF-8 也不是 GB18030/GBK"),
        ("huge", "不会超过 5 MB"),
    ],
)
def test_bad_files_get_one_clear_sentence_and_nothing_is_written(bad_files, name, message):
    with pytest.raises(CommandError, match=message):
        run(bad_files / name)
    assert Edition.objects.count() == 0


@pytest.mark.parametrize(
    "args, message",
    [(["--date", "2020-02-30"], "--date"), (["--date", "yesterday"], "--date"), (["--page", "A0"], "--page")],
)
def test_bad_arguments_get_one_clear_sentence(args, message):
    options = {"date": "2020-04-28", "page": "A2"}
    options.update({args[0].lstrip("-"): args[1]})
    with pytest.raises(CommandError, match=message):
        run(SAMPLE_PATH, date=options["date"], page=options["page"])


def test_from_the_shell_a_bad_file_is_one_line_and_a_non_zero_exit(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_edition", str(tmp_path / "nope.txt"), "--date", "2020-04-28"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"CommandError: 找不到文件 {tmp_path / 'nope.txt'}。"]


def test_a_continuation_is_joined_to_its_story_when_that_page_is_imported(tmp_path):
    run()
    front = tmp_path / "a1.txt"
    front.write_text("迷迭香种出致富路\n\n株洲日报记者 任远\n\n株洲日报讯 村里的迷迭香合作社不仅能赚钱,\n\n下转A2版①\n")
    run(front, page="A1")
    story = Article.objects.get(headline="迷迭香种出致富路")
    part = Article.objects.get(kind="continuation", jump_mark="①")
    assert part.continues == story
    assert story.jump_mark == "①"
