"""Writing a parsed edition (edition_text.EditionParse) into records: all or nothing, and idempotent.

Each record an import creates is remembered in an ImportRecord keyed by what it
was in the text (article:3 is the page's third story). Importing again:
- a record whose parsed text is the same is left alone (no duplicate, no change);
- a record whose text changed is updated, unless an editor has saved it since
  the import, in which case it is reported and left as the editor made it.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Column, Kind
from newsroom import search
from newsroom.models import Edition, ImportRecord, Page, UnplacedLine
from newsroom.publication import Status
from notices.models import Notice, NoticeStatus
from outages.models import OutageNotice

EDITION_GOES_LIVE = datetime.time(6, 0)  # when --publish schedules an edition that has no time yet


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # changed in the text, but editors changed the record since
    unplaced: int = 0

    def __str__(self):
        return (
            f"新建 {len(self.created)} 条,更新 {len(self.updated)} 条,未变 {len(self.unchanged)} 条,"
            f"编辑改过而未覆盖 {len(self.kept)} 条,未归类 {self.unplaced} 行。"
        )


def fingerprint(data):
    data = {key: value for key, value in data.items() if key != "line_nos"}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def edition_publish_at(date):
    return datetime.datetime.combine(date, EDITION_GOES_LIVE, tzinfo=ZoneInfo(settings.TIME_ZONE))


@transaction.atomic
@search.batching
def import_edition(parse, page_code, page_name="", publish=False):
    """Write `parse` onto page `page_code` of its date's edition. Raises on any error, leaving nothing written."""
    edition, _ = Edition.objects.get_or_create(date=parse.date)
    if publish and edition.publish_at is None:
        edition.publish_at = edition_publish_at(parse.date)
        edition.save(update_fields=["publish_at"])
    page, _ = Page.objects.get_or_create(edition=edition, code=page_code, defaults={"name": page_name})
    if page_name and page.name != page_name:
        page.name = page_name
        page.save(update_fields=["name"])
    writer = _Writer(page, publish)
    # (first line in the text, key, what was parsed as JSON, writer, parsed): placed in the printed order.
    items = [
        (a.all_line_nos[0], f"article:{n}", a.to_dict(), writer.write_article, a)
        for n, a in enumerate(parse.articles, 1)
    ]
    items += [
        (nos[0], f"notice:{n}", p.to_dict(), writer.write_notice, p) for n, (p, nos) in enumerate(parse.notices, 1)
    ]
    items += [
        (nos[0], f"outage:{n}", p.to_dict(), writer.write_outage, p) for n, (p, nos) in enumerate(parse.outages, 1)
    ]
    for position, (_line, key, data, write, parsed) in enumerate(sorted(items, key=lambda item: item[0]), 1):
        writer.put(key, data, write, parsed, position)
    UnplacedLine.objects.filter(page=page, resolved=False).delete()
    UnplacedLine.objects.bulk_create(
        UnplacedLine(page=page, line_no=no, text=text, reason=reason) for no, text, reason in parse.unplaced
    )
    writer.report.unplaced = len(parse.unplaced)
    _link_jumps(edition)
    return writer.report


class _Writer:
    def __init__(self, page, publish):
        self.page = page
        self.publish = publish
        self.report = ImportReport()
        self.records = {r.key: r for r in ImportRecord.objects.filter(page=page).select_related("content_type")}

    def put(self, key, data, write, parsed, position):
        """Create, update or leave alone the record of `key`, as the module's docstring says."""
        new_print = fingerprint(data)
        record = self.records.get(key)
        target = None
        if record is not None:
            target = record.content_type.model_class().objects.filter(pk=record.object_id).first()
        if target is not None:
            if record.fingerprint == new_print:
                self.report.unchanged.append(key)
                return
            if target.updated_at > record.imported_at:
                self.report.kept.append(key)
                return
        obj = write(parsed, position, target)
        (self.report.updated if target is not None else self.report.created).append(key)
        ImportRecord.objects.update_or_create(
            page=self.page,
            key=key,
            defaults={
                "content_type": ContentType.objects.get_for_model(obj),
                "object_id": obj.pk,
                "fingerprint": new_print,
                "imported_at": type(obj).objects.get(pk=obj.pk).updated_at,
            },
        )

    def publication(self):
        if self.publish:
            return {"status": Status.PUBLISHED, "publish_at": self.page.edition.publish_at or timezone.now()}
        return {"status": Status.DRAFT, "publish_at": None}

    def write_article(self, parsed, position, article):
        column = None
        if parsed.column:
            column, _ = Column.objects.get_or_create(name=parsed.column, defaults={"banner": parsed.column_banner})
        fields = {
            "kicker": parsed.kicker,
            "headline": parsed.headline,
            "subheadline": parsed.subheadline,
            "column": column,
            "dateline": parsed.dateline,
            "body": "\n".join(("# " if block.kind == "h" else "") + block.text for block in parsed.blocks),
            "kind": parsed.kind,
            "continued_from_code": parsed.continued_from or "",
            "jump_mark": parsed.jump_mark or (parsed.jumps_to[0][1] if parsed.jumps_to else ""),
            "page": self.page,
            "position": position,
        }
        if article is None:
            article = Article(**fields, **self.publication())
        else:
            for name, value in fields.items():
                setattr(article, name, value)
        article.save()
        article.set_bylines(parsed.bylines)
        article.photos.filter(image="").delete()
        for order, photo in enumerate(parsed.photos):
            article.photos.create(caption=photo.caption, order=order).set_credits(photo.credits)
        return article

    def write_notice(self, parsed, position, notice):
        if notice is not None:
            notice.delete()
        status = NoticeStatus.PUBLISHED if self.publish else NoticeStatus.SCHEDULED
        return Notice.from_parsed(parsed, page=self.page, position=position, status=status)

    def write_outage(self, parsed, position, notice):
        if notice is not None:
            notice.delete()
        return OutageNotice.objects.create_from_parsed(parsed, page=self.page, position=position, **self.publication())


def _link_jumps(edition):
    """Join continuation parts (上接A1版①) to their stories (下转…①) wherever both pages are imported."""
    parts = Article.objects.filter(page__edition=edition, kind=Kind.CONTINUATION, continues__isnull=True)
    for part in parts.exclude(continued_from_code=""):
        main = (
            Article.objects.filter(page__edition=edition, page__code=part.continued_from_code, jump_mark=part.jump_mark)
            .exclude(kind=Kind.CONTINUATION)
            .first()
        )
        if main is not None:
            # update(), not save(): linking is the importer's doing, not an editor's change.
            Article.objects.filter(pk=part.pk).update(continues=main)
