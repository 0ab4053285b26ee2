"""The notices column as a feed: one entry an edition, its column as printed (下列证件 声明作废 and its lines), for
the banks, notaries and readers who follow what is declared void. A notice signed off after its edition joins the
entry, which is then updated."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import escape

from newsroom.dates import chinese_date
from newsroom.feeds import DeskFeed, Person, Syndicated
from newsroom.models import Edition
from notices.models import PRIVATE_FIELDS, Notice
from notices.printed import HEADER

COLUMNS = 14  # two weeks of columns: some 4,000 lines at the archive's scale


@dataclass
class PrintedColumn:
    edition: object
    notices: list = field(default_factory=list)

    def get_absolute_url(self):
        # Where the column is printed: the first page with a live notice of it.
        return self.notices[0].page.get_absolute_url()


class NoticeColumnsFeed(DeskFeed):
    def title(self, subject):
        return f"{settings.NEWSPAPER_NAME} 遗失声明"

    def link(self, subject):
        return reverse("notices:list")

    def description(self, subject):
        return f"{settings.NEWSPAPER_NAME}每期刊登的“{HEADER}”"

    def live_items(self, subject):
        """The newest editions with live notices (one query), then all their live notices (one query)."""
        live = Notice.objects.live(subject.now)
        editions = list(
            Edition.objects.live(subject.now)
            .filter(Exists(live.filter(page__edition=OuterRef("pk"))))
            .order_by("-date")[:COLUMNS]
        )
        columns = {edition.pk: PrintedColumn(edition) for edition in editions}
        notices = live.filter(page__edition__in=editions).select_related("page__edition").defer(*PRIVATE_FIELDS)
        for notice in notices.order_by("page__order", "position", "pk"):
            columns[notice.page.edition_id].notices.append(notice)
        return list(columns.values())

    def syndicated(self, column, subject):
        return Syndicated(people=[Person(settings.NEWSPAPER_NAME)])

    def item_title(self, column):
        return escape(f"{chinese_date(column.edition.date)} {HEADER}({len(column.notices)} 条)")

    def item_description(self, column):
        return "<br>".join(escape(line) for line in (HEADER, *(notice.printed_line() for notice in column.notices)))

    def item_pubdate(self, column):
        return min(notice.live_at for notice in column.notices)

    def item_updateddate(self, column):
        return max(notice.live_at for notice in column.notices)
