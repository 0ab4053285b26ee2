"""The public-service desk: the power company's planned-maintenance outages (检修停电安排).

An OutageNotice is one printed table (it follows the publication rule of every desk); each row is an
OutageEntry with its time windows, its affected areas (district + places) and a status that readers see.
"""

import hashlib

from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from newsroom import search
from newsroom.dates import chinese_date
from newsroom.publication import Publishable, PublishableManager, PublishableQuerySet, Status
from outages.parser import MAX_WINDOW, SHANGHAI, ParsedArea, format_areas, format_windows

DEFAULT_COMPANY = "国网株洲供电公司"


class EntryStatus(models.TextChoices):
    PLANNED = "planned", _("计划停电")
    POSTPONED = "postponed", _("已延期")
    CANCELLED = "cancelled", _("已取消")
    DONE = "done", _("已完成")


def row_fingerprint(raw):
    """Identical printed rows (cells compared without their surrounding spaces) have the same fingerprint."""
    cells = [cell.strip() for cell in raw.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    if not any(cells):
        return ""
    return hashlib.sha256("\t".join(cells).encode()).hexdigest()


class OutageNoticeQuerySet(PublishableQuerySet):
    def create_from_parsed(
        self,
        parsed,
        *,
        page=None,
        position=0,
        status=Status.DRAFT,
        publish_at=None,
        company=DEFAULT_COMPANY,
    ):
        """Save a parser.ParsedOutageNotice as one notice with its entries, windows, areas and places.

        All or nothing (one transaction). Entries keep the parsed order (position 0, 1, …); identical rows
        were already made one entry by the parser. Returns the OutageNotice.
        """
        with transaction.atomic():
            notice = self.model(
                date=parsed.date,
                title=parsed.title,
                company=company,
                warning=parsed.warning,
                page=page,
                position=position,
                status=status,
                publish_at=publish_at,
            )
            notice.full_clean()  # a clear ValidationError (e.g. a title too long) rather than a database error
            notice.save()
            for index, parsed_entry in enumerate(parsed.entries):
                entry = OutageEntry.objects.create(
                    notice=notice,
                    position=index,
                    line=parsed_entry.line,
                    scope=parsed_entry.scope,
                    raw=parsed_entry.raw,
                )
                entry.set_windows(parsed_entry.windows, bump=False)
                entry.set_areas(parsed_entry.areas)
        return notice


class OutageNotice(Publishable):
    """One printed 检修停电安排 table: the date it covers, its title and the standing warning."""

    public_search_fields = (
        "title",
        "entries__line",
        "entries__scope",
        "entries__areas__district",
        "entries__areas__places__name",
    )

    date = models.DateField(_("停电日期"), db_index=True, help_text=_("公告所列停电的日期,如 2020-04-29。"))
    title = models.CharField(_("标题"), max_length=300, help_text=_("如 2020年4月29日 检修停电安排(公告)"))
    company = models.CharField(_("发布单位"), max_length=100, blank=True, default=DEFAULT_COMPANY)
    warning = models.TextField(_("提示"), blank=True, help_text=_("表格上方的固定提示,照登报原文。"))

    objects = PublishableManager.from_queryset(OutageNoticeQuerySet)()

    class Meta(Publishable.Meta):
        ordering = ["-date", "-pk"]
        verbose_name = _("停电公告")
        verbose_name_plural = _("停电公告")

    def __str__(self):
        return self.title or f"{chinese_date(self.date)} 检修停电安排"

    def get_absolute_url(self):
        return f"{reverse('outages:list')}?date={self.date.isoformat()}"

    @classmethod
    def search_results(cls, queryset):
        return queryset.prefetch_related("entries")

    def search_text(self):
        """Each row's scope and affected areas as printed (the areas from the row's original text, read with the row:
        its places cost no query; a row entered by hand is quoted by its scope)."""
        return "\n".join(f"{entry.scope} {entry.printed_areas}".strip() for entry in self.entries.all())

    @classmethod
    def page_items(cls, queryset, now=None):
        return list(queryset.prefetch_related("entries__windows", "entries__areas__places"))


class OutageEntry(models.Model):
    """One row of a notice: the line switched off, when, where, and its status.

    `sequence` is the iCalendar SEQUENCE of the row's events: it goes up by one whenever the status or the
    windows change (save() watches the status; set_windows() the windows), so a subscribed phone calendar
    replaces its copy.
    """

    notice = models.ForeignKey(
        OutageNotice, verbose_name=_("停电公告"), on_delete=models.CASCADE, related_name="entries"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    line = models.TextField(
        _("高压线路"),
        help_text=_("停电的线路或设备,如 月行山变、10KV月东II回月348-04-2杆-果木园一台区"),
    )
    scope = models.TextField(_("停电范围"), blank=True)
    raw = models.TextField(_("原文"), blank=True, help_text=_("报上这一行的原文(各栏以制表符分隔);手工录入时为空。"))
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PLANNED, db_index=True
    )
    reason = models.CharField(_("说明"), max_length=300, blank=True, help_text=_("延期或取消时向读者说明的原因。"))
    sequence = models.PositiveIntegerField(_("修订次数"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    # Every save keeps a revision (who, when, what) to diff and restore in the admin.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["notice", "position", "pk"]
        verbose_name = _("停电安排")
        verbose_name_plural = _("停电安排")
        constraints = [
            # The same printed row twice in one notice is one entry (the sample prints one row twice).
            models.UniqueConstraint(
                fields=["notice", "fingerprint"],
                condition=~Q(fingerprint=""),
                name="outage_entry_row_once_per_notice",
            )
        ]

    def __str__(self):
        return self.line

    def save(self, *args, **kwargs):
        self.fingerprint = row_fingerprint(self.raw)
        saved_status = getattr(self, "_saved_status", None)
        if self.pk is not None and saved_status is not None and saved_status != self.status:
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)
        self._saved_status = self.status

    @property
    def printed_areas(self):
        """The 影响区域 column as printed (from the row's original text; empty for a row entered by hand)."""
        columns = self.raw.split("\t")
        return columns[3].strip() if len(columns) >= 4 else ""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_status = instance.__dict__.get("status")
        return instance

    # ------------------------------------------------------------ changes readers see

    def set_status(self, status, reason=""):
        """Postpone, cancel, mark done or re-plan; the sequence goes up when the status changes."""
        self.status = status
        self.reason = reason
        self.save()

    def set_windows(self, windows, bump=True):
        """Replace the windows by [(start, end)], keeping the rows (and so the calendar UIDs) in order.

        Returns True when something changed; then the sequence goes up by one (unless bump=False, for a new entry).
        """
        current = list(self.windows.order_by("start", "pk"))
        wanted = [(start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)) for start, end in windows]
        if [(w.start, w.end) for w in current] == wanted:
            return False
        with transaction.atomic():
            for window, (start, end) in zip(current, wanted, strict=False):
                if (window.start, window.end) != (start, end):
                    window.start, window.end = start, end
                    window.save(update_fields=["start", "end"])
            for window in current[len(wanted) :]:
                window.delete()
            for start, end in wanted[len(current) :]:
                OutageWindow.objects.create(entry=self, start=start, end=end)
            if bump and self.pk is not None:
                OutageEntry.objects.filter(pk=self.pk).update(sequence=F("sequence") + 1)
                self.refresh_from_db(fields=["sequence"])
        return True

    def set_areas(self, areas):
        """Replace the affected areas by a list of parser.ParsedArea."""
        with transaction.atomic(), search.batch():
            self.areas.all().delete()
            for index, parsed in enumerate(areas):
                area = AffectedArea.objects.create(
                    entry=self, district=parsed.district or "", label=parsed.label, position=index
                )
                places = Place.objects.bulk_create(
                    Place(area=area, name=name, position=number) for number, name in enumerate(parsed.places)
                )
                search.bulk_created(Place, places)

    def copy_to_date(self, day):
        """Copy this row (windows moved to `day` at the same clock times, areas, raw) into a draft notice of `day`.

        The draft notice of that date is reused, or created with this notice's company and warning; the copy
        starts as planned, sequence 0. Returns the new entry, or None when the draft already has this row.
        """
        offset = day - self.notice.date
        windows = [(start + offset, end + offset) for start, end in self.localised_windows()]
        with transaction.atomic():
            target = OutageNotice.objects.filter(date=day, status=Status.DRAFT).order_by("-pk").first()
            if target is None:
                target = OutageNotice.objects.create(
                    date=day,
                    title=f"{chinese_date(day)} 检修停电安排(公告)",
                    company=self.notice.company,
                    warning=self.notice.warning,
                    status=Status.DRAFT,
                )
            for other in target.entries.all():
                same_row = self.raw and row_fingerprint(self.raw) == other.fingerprint
                if same_row or (other.line, other.scope, other.localised_windows()) == (self.line, self.scope, windows):
                    return None
            last = target.entries.order_by("-position").values_list("position", flat=True).first()
            copy = OutageEntry.objects.create(
                notice=target,
                position=0 if last is None else last + 1,
                line=self.line,
                scope=self.scope,
                raw=self.raw,
            )
            copy.set_windows(windows, bump=False)
            copy.set_areas(self.parsed_areas())
        return copy

    # ------------------------------------------------------------ reading

    def localised_windows(self):
        """[(start, end)] in Asia/Shanghai, so that adding days keeps the clock times."""
        return [(start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)) for start, end in self.parsed_windows()]

    def parsed_windows(self):
        return [(window.start, window.end) for window in self.windows.all()]

    def parsed_areas(self):
        return [
            ParsedArea(area.district or None, [place.name for place in area.places.all()], area.label)
            for area in self.areas.all()
        ]

    @property
    def windows_text(self):
        return format_windows(self.parsed_windows(), self.notice.date)

    @property
    def areas_text(self):
        return format_areas(self.parsed_areas())


class OutageWindow(models.Model):
    """A time window of an entry, with real start and end datetimes (Asia/Shanghai when shown)."""

    entry = models.ForeignKey(OutageEntry, verbose_name=_("停电安排"), on_delete=models.CASCADE, related_name="windows")
    start = models.DateTimeField(_("开始"), db_index=True)
    end = models.DateTimeField(_("结束"), db_index=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("停电时段")
        verbose_name_plural = _("停电时段")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="outage_window_ends_after_start"),
            models.CheckConstraint(condition=Q(end__lte=F("start") + MAX_WINDOW), name="outage_window_at_most_a_week"),
        ]

    def __str__(self):
        return self.label

    @property
    def local_start(self):
        return self.start.astimezone(SHANGHAI)

    @property
    def local_end(self):
        return self.end.astimezone(SHANGHAI)

    @property
    def label(self):
        """'2020年4月29日 19:00-20:00' ('23:00-次日2:00' across midnight)."""
        day = self.local_start.date()
        return f"{chinese_date(day)} {format_windows([(self.start, self.end)], day)}"


class AffectedArea(models.Model):
    """A district or county and the places in it; no district for a list printed without one."""

    entry = models.ForeignKey(OutageEntry, verbose_name=_("停电安排"), on_delete=models.CASCADE, related_name="areas")
    district = models.CharField(_("区县"), max_length=20, blank=True, db_index=True)
    label = models.CharField(
        _("标注"), max_length=40, blank=True, help_text=_("不是区县的前缀,照原文保留,如“用户户名”。")
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["entry", "position", "pk"]
        verbose_name = _("影响区域")
        verbose_name_plural = _("影响区域")

    def __str__(self):
        return format_areas([self.as_parsed()])

    def as_parsed(self):
        return ParsedArea(self.district or None, [place.name for place in self.places.all()], self.label)


class Place(models.Model):
    """A place readers look for: a 台区, 箱变, 小区, school …, as printed."""

    area = models.ForeignKey(AffectedArea, verbose_name=_("影响区域"), on_delete=models.CASCADE, related_name="places")
    name = models.TextField(_("名称"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["area", "position", "pk"]
        verbose_name = _("地点")
        verbose_name_plural = _("地点")

    def __str__(self):
        return self.name
