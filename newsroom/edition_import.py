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

from newsroom import blocks, search, workflow
from newsroom.models import Edition, ImportRecord, Page, UnplacedLine
from newsroom.publication import Status

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
def import_edition(parse, page_code, page_name="", publish=False, user=None):
    """Write `parse` onto page `page_code` of its date's edition. Raises on any error, leaving nothing written."""
    edition, _ = Edition.objects.get_or_create(date=parse.date)
    if publish and edition.publish_at is None:
        edition.publish_at = edition_publish_at(parse.date)
        edition.save(update_fields=["publish_at"])
    page, _ = Page.objects.get_or_create(edition=edition, code=page_code, defaults={"name": page_name})
    if page_name and page.name != page_name:
        page.name = page_name
        page.save(update_fields=["name"])
    writer = _Writer(page, publish, user)
    # (first line in the text, key, what was parsed as JSON, writer, parsed): placed in the printed order.
    items = []
    for kind, records in parse.records.items():
        write = blocks.writer(kind)
        items += [(nos[0], f"{kind}:{n}", _as_dict(p, nos), write, p) for n, (p, nos) in enumerate(records, 1)]
    for position, (_line, key, data, write, parsed) in enumerate(sorted(items, key=lambda item: item[0]), 1):
        writer.put(key, data, write, parsed, position)
    UnplacedLine.objects.filter(page=page, resolved=False).delete()
    UnplacedLine.objects.bulk_create(
        (
            UnplacedLine(page=page, line_no=no, text=text, reason=reason)
            for no, text, reason in group_lines(parse.unplaced) + group_lines(parse.flagged())
        ),
        batch_size=500,
    )
    writer.report.unplaced = len(parse.unplaced)
    for hook in blocks.after_import_hooks():
        hook(edition)
    return writer.report


GROUP_MAX = 200  # lines in one stored row of 未归类文字


def group_lines(lines):
    """[(line_no, text, reason)] -> the same, consecutive lines with one reason joined into one row.

    An editor sorts a run of lines (a story the reader missed) at once, and a file of a hundred thousand
    unreadable lines is stored in hundreds of rows, not a hundred thousand. No text is dropped."""
    groups = []
    for no, text, reason in sorted(lines):
        last = groups[-1] if groups else None
        if last and last[2] == reason and no - last[3][-1] <= 2 and len(last[3]) < GROUP_MAX:
            last[1].append(text)
            last[3].append(no)
        else:
            groups.append((no, [text], reason, [no]))
    return [
        (first, "\n".join(texts), reason if len(nos) == 1 else f"{reason}(第{first}–{nos[-1]}行,共{len(nos)}行)")
        for first, texts, reason, nos in groups
    ]


def _as_dict(parsed, line_nos):
    data = parsed.to_dict()
    return data if "line_nos" in data else {**data, "line_nos": line_nos}


class _Writer:
    def __init__(self, page, publish, user):
        self.page = page
        self.publish = publish
        self.user = user
        self.report = ImportReport()
        self.records = {r.key: r for r in ImportRecord.objects.filter(page=page).select_related("content_type")}

    def put(self, key, data, write, parsed, position):
        """Create, update or leave alone the record of `key`, as the module's docstring says."""
        new_print = fingerprint(data)
        record = self.records.get(key)
        target = record.target if record is not None else None  # None too when the item was deleted since
        if target is not None:
            if record.fingerprint == new_print:
                self.report.unchanged.append(key)
                return
            if target.updated_at > record.imported_at:
                self.report.kept.append(key)
                return
        before = target.status if target is not None else ""
        obj = write(parsed, position, target, self.page, self.publication())
        if obj.status != before and obj.status == Status.PUBLISHED:  # signed off by the import: a step of its own
            workflow.record(obj, "import", before, self.user)
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
