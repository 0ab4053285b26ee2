"""What every desk shares: editions and their pages (the publication rule is in publication.py)."""

import re

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding:  # it may have moved to another edition
            refresh_live_at_on(Page.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse("newsroom:page", kwargs={"date": self.edition.date, "code": self.code})


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
