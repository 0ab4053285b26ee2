"""newsroom/ splits, dispatches and writes; the desks register their readers and writers and own them."""

import ast
import datetime
import time
from pathlib import Path

from newsroom import blocks
from newsroom.edition_text import parse_edition

ROOT = Path(__file__).parents[2]
IMPORTER = [
    "newsroom/blocks.py",
    "newsroom/edition_text.py",
    "newsroom/edition_import.py",
    "newsroom/management/commands/import_edition.py",
]
DESKS = ("articles", "notices", "outages")


def imported_modules(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_the_importer_in_newsroom_imports_no_desk_module():
    for path in IMPORTER:
        desks = [name for name in imported_modules(path) if name.split(".")[0] in DESKS]
        assert desks == [], path


def test_each_desk_registered_its_reader_and_writers():
    assert {reader.name for reader in blocks.block_readers()} == {"notices", "outages"}
    assert blocks.text_reader().name == "articles"
    for kind in ("article", "notice", "outage"):
        assert callable(blocks.writer(kind))


# The hostile files' limits are in this process's CPU time: the suite shares two cores with other runs, and the
# question is the work the import does, not how long the machine made it wait.
clock = time.process_time


def test_importing_a_hostile_file_of_outage_titles_takes_seconds_not_minutes(tmp_path, db):
    from django.core.management import call_command

    from newsroom.models import UnplacedLine

    line = "2020年4月29日 检修停电安排(公告)\n"
    path = tmp_path / "hostile.txt"
    path.write_text(line * (5 * 1024 * 1024 // len(line.encode()) - 1), encoding="utf-8")
    started = clock()
    call_command("import_edition", str(path), "--date", "2020-04-28", "--page", "A3", stdout=open("/dev/null", "w"))
    elapsed = clock() - started
    rows = UnplacedLine.objects.filter(page__code="A3")
    assert rows.first().reason.startswith("“2020年4月29日 检修停电安排(公告)”下面没有一行停电安排。")
    assert sum(row.text.count("\n") + 1 for row in rows) == path.read_text().count("\n")  # every line kept
    assert elapsed < 5, f"{elapsed:.1f} s"


def test_reading_stories_takes_time_in_proportion_to_the_text():
    story = (
        "社区食堂开进老小区\n\n记者 蒋雨晴\n\n"
        "本报讯 近日,河西街道第一家社区食堂开门迎客,老人就餐每餐减免三元。\n\n(万里)\n\n"
    )

    def seconds(copies):
        started = clock()
        parsed = parse_edition(story * copies, datetime.date(2020, 4, 28), "株洲日报")
        assert len(parsed.articles) == copies and parsed.unplaced == []
        return clock() - started

    seconds(50)  # warm the regular expressions
    small, large = min(seconds(200) for _ in range(2)), min(seconds(800) for _ in range(2))
    assert large < 8 * small, f"4 times the text took {large / small:.1f} times as long"
