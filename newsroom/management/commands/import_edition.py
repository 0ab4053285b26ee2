"""python manage.py import_edition PATH --date YYYY-MM-DD [--page A2] [--dry-run] [--json] [--publish]"""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from newsroom.edition_review import read_page, write_page
from newsroom.edition_text import MAX_BYTES, EditionTextError, decode
from newsroom.models import PAGE_CODE_RE

SHOWN = 50  # unplaced lines listed in the summary


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date 应为 YYYY-MM-DD 格式的日期,如 2020-04-28,而不是 {value!r}。") from None


class Command(BaseCommand):
    help = "把排版系统导出的一版纯文本导入为稿件、遗失声明和停电公告。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="导出的文本文件(UTF-8 或 GB18030/GBK)")
        parser.add_argument("--date", required=True, help="出版日期 YYYY-MM-DD")
        parser.add_argument("--page", default="A1", help="版次,如 A2(默认 A1)")
        parser.add_argument("--page-name", default="", help="版名,如 综合")
        parser.add_argument("--dry-run", action="store_true", help="只解析并报告,不写入")
        parser.add_argument("--json", action="store_true", help="把解析结果以 JSON 输出到标准输出")
        parser.add_argument("--publish", action="store_true", help="导入后直接签发(随该期报纸上线)")

    def handle(self, *args, **options):
        day = iso_date(options["date"])
        code = options["page"].strip().upper()
        if not PAGE_CODE_RE.match(code):
            raise CommandError(f"--page 应为一个大写字母加版次,如 A1、A2,而不是 {options['page']!r}。")
        text = self.read(Path(options["path"]))
        read = read_page(text, day)
        parse = read.parse
        # With --json, stdout carries the JSON alone and the messages go to stderr.
        out = self.stderr if options["json"] else self.stdout
        if options["json"]:
            self.stdout.write(json.dumps(parse.to_dict(), ensure_ascii=False, indent=2, default=str))
        else:
            self.summarise(parse)
        if read.reused:
            out.write("沿用了上次导入同一文件时编辑在导入审阅中所做的更正。")
        if options["dry_run"]:
            out.write("--dry-run:没有写入任何内容。")
            return
        try:
            report = write_page(read, code, page_name=options["page_name"], publish=options["publish"])
        except ValidationError as exc:
            raise CommandError("导入失败,什么也没有写入:" + ";".join(exc.messages)) from None
        out.write(f"{day} {code}版:{report}")
        for key in report.kept:
            out.write(f"  {key} 导入后被编辑改过,这次没有覆盖。")

    def read(self, path):
        if not path.exists():
            raise CommandError(f"找不到文件 {path}。")
        if not path.is_file():
            raise CommandError(f"{path} 不是一个文件。")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path} 太大({path.stat().st_size / 1024 / 1024:.1f} MB),一期报纸的文本不会超过 5 MB。")
        try:
            return decode(path.read_bytes())
        except EditionTextError as exc:
            raise CommandError(f"{path}:{exc}") from None

    def summarise(self, parse):
        lines = parse.line_accounting()
        stories = [a for a in parse.articles if a.kind != "continuation"]
        parts = len(parse.articles) - len(stories)
        entries = sum(len(o.entries) for o, _ in parse.outages)
        self.stdout.write(
            f"稿件 {len(stories)} 篇(其中图片新闻 {sum(a.kind == 'photo' for a in stories)} 篇),转版续文 {parts} 段,"
            f"遗失声明 {len(parse.notices)} 条,停电公告 {len(parse.outages)} 份({entries} 条线路)。"
        )
        self.stdout.write(
            f"非空行 {lines['total']} 行:稿件 {lines['articles']} 行,声明 {lines['notices']} 行,"
            f"停电 {lines['outages']} 行,未归类 {lines['unplaced']} 行。"
        )
        for no, text, reason in parse.unplaced[:SHOWN]:
            self.stdout.write(f"  未归类 第{no}行({reason}):{text}")
        if len(parse.unplaced) > SHOWN:
            self.stdout.write(f"  ……另有 {len(parse.unplaced) - SHOWN} 行未归类,见后台的未归类文字。")
