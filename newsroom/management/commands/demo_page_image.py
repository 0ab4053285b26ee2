"""Give a page a demo page image made from its own items (newsroom.demo_page): `make run` does it for the sample."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom import demo_page
from newsroom.models import Page
from newsroom.publication import placed_on
from newsroom.regions import RECT, Region, region_key, shape_of


class Command(BaseCommand):
    help = (
        "按版面上的稿件、声明和停电表排出一张演示用的版面图(一页 PDF,带文字层),存为该版的版面图和 PDF,"
        "并给每一项画好热区。已有版面图的版面不动,除非加 --replace。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", default="2020-04-28", help="出版日期,如 2020-04-28")
        parser.add_argument("--page", default="A2", help="版次,如 A2")
        parser.add_argument("--replace", action="store_true", help="已有版面图和热区也重新生成")

    def handle(self, *args, date, page, replace, **options):
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"日期 {date!r} 不对,请写成 2020-04-28。") from None
        code = page.strip().upper()
        found = Page.objects.select_related("edition").filter(edition__date=day, code=code).first()
        if found is None:
            raise CommandError(f"没有 {day} 的 {code} 版:先导入这一版(make run 会导入样例)。")
        if found.has_image and not replace:
            self.stdout.write(f"{found}:已有版面图,没有改动(要重新生成,加 --replace)。")
            return
        items = placed_on(found)
        if not items:
            raise CommandError(f"{found} 上还没有稿件,排不出版面图。")
        page_file, rects, missing_font = demo_page.demo_of(found, items, settings.NEWSPAPER_NAME)
        if missing_font:
            self.stderr.write(demo_page.NO_FONT)
        regions = [
            Region(region_key(item), *shape_of(RECT, [list(corner) for corner in rect], str(item)))
            for item, rect in zip(items, rects, strict=True)
        ]
        with transaction.atomic():
            found.set_files(page_file)
            found.set_regions(regions)
        large = found.files["large"]
        self.stdout.write(
            f"{found}:版面图 {large['width']}×{large['height']},PDF 一页,热区 {len(regions)} 个(共 {len(items)} 项)。"
        )
