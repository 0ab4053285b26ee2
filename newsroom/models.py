"""What every desk shares: editions and their pages (the publication rule is in publication.py)."""

import re
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom import regions
from newsroom.dates import chinese_date
from newsroom.publication import (  # noqa: F401
    EditionQuerySet,
    PageQuerySet,
    Publishable,
    Status,
    has_passed,
    publishable_models,
)

PAGE_CODE_RE = re.compile(r"^[A-Z][1-9][0-9]?$")
page_code_validator = RegexValidator(
    PAGE_CODE_RE,
    _("版面代码应为一个大写字母加版次,如 A1、A2、B12。"),
    code="invalid_page_code",
)


class PageCodeField(models.CharField):
    """A page code, read in upper case so that 'a1' typed in a form is A1."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if isinstance(value, str) else value


class Edition(models.Model):
    """One day's paper (期)."""

    date = models.DateField(_("出版日期"), unique=True)
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True, unique=True)
    publish_at = models.DateTimeField(
        _("发布时间"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("整期报纸在网站上线的时间;留空表示尚未安排。"),
    )
    note = models.TextField(_("备注"), blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("期")
        verbose_name_plural = _("期")
        permissions = [
            ("correct_printed_page", _("更正已出版的版面(放上稿件或声明)")),
            ("manage_staff", _("总编:管理员工账号与角色")),
        ]

    def __str__(self):
        text = chinese_date(self.date)
        return f"{text} 第{self.number}期" if self.number else text

    def save(self, *args, **kwargs):
        moved = not self._state.adding and self.publish_at != self.loaded_publish_at
        super().save(*args, **kwargs)
        self.loaded_publish_at = self.publish_at
        if moved:  # everything on its pages goes live with it
            refresh_live_at_on(self.pages.all())

    def get_absolute_url(self):
        return reverse("newsroom:edition", kwargs={"date": self.date})

    def is_live(self, now=None):
        return has_passed(self.publish_at, now)

    loaded_publish_at = None

    @classmethod
    def from_db(cls, db, field_names, values):
        edition = super().from_db(db, field_names, values)
        edition.loaded_publish_at = edition.__dict__.get("publish_at")
        return edition


class Page(models.Model):
    """A printed page (版面) of an edition: A1 is the front page."""

    edition = models.ForeignKey(Edition, verbose_name=_("期"), on_delete=models.CASCADE, related_name="pages")
    code = PageCodeField(_("版次"), max_length=3, validators=[page_code_validator])
    name = models.CharField(_("版名"), max_length=40, blank=True, help_text=_("如 要闻、综合、社会、专版"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0, help_text=_("留空按版次排列。"))
    # Written by the workflow when an editor places something on the page after it went out; readers see it.
    correction = models.TextField(_("更正"), blank=True, help_text=_("读者在版面上看到的更正说明,每行一条。"))

    # The page as printed (newsroom.page_files): the stored names of its two renderings (WebP and JPEG each) and of
    # its PDF, in the page files' own storage (storages["pages"]), which only newsroom.views.page_file serves.
    # {"small": {"webp", "jpg", "width", "height"}, "large": {…}, "pdf": name or absent}; {} for none.
    files = models.JSONField(_("版面图"), default=dict, blank=True, editable=False)
    # Where each item of the page is printed on its image, one region an item (newsroom.regions):
    # [{"target": "articles.article:12", "shape": "rect"|"polygon", "points": [[x, y], …]}], x and y from 0 to 1 from
    # the top left, so that they fit every rendering. Kept in the page's row: the page view reads them with the page.
    regions = models.JSONField(_("热区"), default=list, blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "order", "code"]
        verbose_name = _("版面")
        verbose_name_plural = _("版面")
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="page_code_unique_in_edition")]

    def __str__(self):
        # As editors say it, with its edition (lists of pages in the admin mix editions): 2020年4月28日 A2版 综合.
        return f"{chinese_date(self.edition.date)} {self.code}版 {self.name}".strip()

    def save(self, *args, **kwargs):
        self.code = self._meta.get_field("code").to_python(self.code)
        if not self.order and PAGE_CODE_RE.match(self.code):
            self.order = (ord(self.code[0]) - ord("A")) * 100 + int(self.code[1:])
        adding, fields = self._state.adding, kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if not adding and (fields is None or "edition" in fields):  # it may have moved to another edition
            refresh_live_at_on(Page.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse("newsroom:page", kwargs={"date": self.edition.date, "code": self.code})

    @property
    def has_image(self):
        return bool(self.files.get("small"))

    def stored_files(self):
        """The names of every file the page keeps: its renderings and its PDF."""
        names = []
        for size in PAGE_IMAGE_SIZES:
            made = self.files.get(size) or {}
            names += [made[ext] for ext in ("webp", "jpg") if made.get(ext)]
        return [*names, self.files["pdf"]] if self.files.get("pdf") else names

    def file_named(self, name):
        """(stored name, content type) of the page's file whose name ends with `name`, or None: a URL names a file by
        its last part only (128 random bits)."""
        for stored in self.stored_files():
            if stored.rsplit("/", 1)[-1] == name:
                return stored, PAGE_FILE_TYPES[name.rsplit(".", 1)[-1]]
        return None

    def set_files(self, page_file):
        """Store an upload read by newsroom.page_files (a PageFile) as the page's files, under new random names; the
        files it replaces are removed once the change is committed."""
        storage, replaced = storages["pages"], self.stored_files()

        def store(data, ext):
            return storage.save(f"{secrets.token_hex(1)}/{secrets.token_hex(16)}.{ext}", ContentFile(data))

        files = {}
        for size, made in page_file.renditions.items():
            files[size] = {"width": made["width"], "height": made["height"]}
            files[size].update({ext: store(made[ext], ext) for ext in ("webp", "jpg")})
        if page_file.pdf is not None:
            files["pdf"] = store(page_file.pdf, "pdf")
        self.files = files
        self.save(update_fields=["files"])
        remove_after_commit(replaced)

    def set_regions(self, page_regions):
        """Replace the page's regions with these (newsroom.regions.Region, naming items as app_label.model:pk)."""
        self.regions = [region.as_json() for region in page_regions]
        self.save(update_fields=["regions"])

    def region_list(self, targets=None):
        """The page's regions (newsroom.regions.Region), of the items in `targets` only when it is given (an item
        deleted or moved to another page since keeps none here)."""
        return [
            regions.Region(entry["target"], entry["shape"], tuple(tuple(point) for point in entry["points"]))
            for entry in self.regions
            if targets is None or entry["target"] in targets
        ]

    def clear_files(self):
        replaced, self.files = self.stored_files(), {}
        self.save(update_fields=["files"])
        remove_after_commit(replaced)


PAGE_IMAGE_SIZES = ("small", "large")
PAGE_FILE_TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "pdf": "application/pdf"}


def remove_after_commit(names):
    if names:
        storage = storages["pages"]
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


@receiver(post_delete, sender=Page)
def delete_page_files(sender, instance, **kwargs):
    """A deleted page (or one of a deleted edition) leaves no file behind, once the deletion is committed."""
    remove_after_commit(instance.stored_files())


def refresh_live_at_on(pages):
    """Recompute live_at of every desk's items on these pages (their edition's time changed, or they moved)."""
    for model in publishable_models():
        model.objects.filter(page__in=pages).refresh_live_at()


class ImportRecord(models.Model):
    """What one import of an edition's text created, so that importing again updates, never duplicates."""

    page = models.ForeignKey(Page, verbose_name=_("版面"), on_delete=models.CASCADE, related_name="import_records")
    key = models.CharField(_("来源"), max_length=40, help_text=_("如 article:3,第3篇稿件"))
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("导入时间"))

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="import_record_unique_key")]

    def __str__(self):
        return f"{self.page} {self.key}"

    target = GenericForeignKey("content_type", "object_id")  # the item, or None once it is deleted


class UnplacedLine(models.Model):
    """A line of an imported page that the importer could not place: kept for an editor to sort."""

    page = models.ForeignKey(Page, verbose_name=_("版面"), on_delete=models.CASCADE, related_name="unplaced_lines")
    line_no = models.PositiveIntegerField(_("行号"))
    text = models.TextField(_("文字"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    resolved = models.BooleanField(_("已处理"), default=False)

    class Meta:
        ordering = ["page", "line_no"]
        verbose_name = _("未归类文字")
        verbose_name_plural = _("未归类文字")

    def __str__(self):
        return f"{self.page} 第{self.line_no}行"


class Transition(models.Model):
    """One step of an item's workflow (submitted, returned with a comment, scheduled, unpublished …): who and when."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(db_index=True)
    action = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=20)
    to_status = models.CharField(_("新状态"), max_length=20)
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.by} {self.action}"


class PreviewLinkQuerySet(models.QuerySet):
    def of(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def valid(self, now=None):
        return self.filter(revoked_at=None, expires_at__gt=now or timezone.now())

    def revoke(self, now=None):
        return self.filter(revoked_at=None).update(revoked_at=now or timezone.now())


class PreviewLink(models.Model):
    """A link that shows one unpublished item to someone without an account, until it expires or is revoked (by an
    editor, or by withdrawing the item). The token is random and stored: nothing in it can be forged or replayed."""

    token = models.CharField(max_length=64, unique=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("预览链接")
        verbose_name_plural = _("预览链接")
        indexes = [models.Index(fields=["content_type", "object_id"], name="preview_link_item")]

    def __str__(self):
        return f"{self.content_type} {self.object_id} {self.expires_at:%Y-%m-%d %H:%M}"

    target = GenericForeignKey("content_type", "object_id")  # the item, or None once it is deleted


class Staff(User):
    """Staff accounts as the editor-in-chief manages them in the admin (active or not, which of the three roles)."""

    class Meta:
        proxy = True
        verbose_name = _("员工账号")
        verbose_name_plural = _("员工账号")


class EditionImport(models.Model):
    """One import of a page's text (from the command or the review screen 导入审阅), with an editor's corrections.

    The corrections are reused when the same text (same digest) is imported again."""

    date = models.DateField(_("出版日期"))
    page_code = models.CharField(_("版次"), max_length=4)
    page_name = models.CharField(_("版名"), max_length=40, blank=True)
    text = models.TextField(_("原文"))
    digest = models.CharField(_("原文摘要"), max_length=64, db_index=True)
    corrections = models.JSONField(_("更正"), default=dict, blank=True)
    publish = models.BooleanField(_("直接签发"), default=False)
    report = models.TextField(_("结果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("导入审阅记录")
        verbose_name_plural = _("导入审阅记录")

    def __str__(self):
        return f"{self.date} {self.page_code}版 {self.created_at:%Y-%m-%d %H:%M}"
