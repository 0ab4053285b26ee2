"""The news desk: contributors, columns, articles with bylines, photos with credits, jumps and corrections."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles import bylines
from newsroom.images import ImageRejected, clean_image, make_rendition
from newsroom.publication import HAS_LIVE_AT, NEWEST_FIRST, ContentsEntry, Publishable


class Role(models.TextChoices):
    """The byline roles; the label is the word the paper prints (bylines.ROLE_WORDS)."""

    REPORTER = "reporter", _("记者")
    TRAINEE_REPORTER = "trainee_reporter", _("见习记者")
    MULTIMEDIA_REPORTER = "multimedia_reporter", _("全媒体记者")
    CONVERGED_MEDIA_REPORTER = "converged_media_reporter", _("融媒体记者")
    CHIEF_REPORTER = "chief_reporter", _("首席记者")
    PHOTOGRAPHER = "photographer", _("摄影记者")
    CONTRIBUTING_REPORTER = "contributing_reporter", _("特约记者")
    INTERN_REPORTER = "intern_reporter", _("实习记者")
    CORRESPONDENT = "correspondent", _("通讯员")
    CONTRIBUTING_CORRESPONDENT = "contributing_correspondent", _("特约通讯员")
    INTERN = "intern", _("实习生")
    EDITOR = "editor", _("编辑")
    TEXT_AND_PICTURES = "text_and_pictures", _("文·图")
    PHOTOGRAPHY = "photography", _("摄影")
    AUTHOR = "author", _("作者")
    TEXT = "text", _("文")
    PICTURES = "pictures", _("图")


# The printed word of each role, independent of the active language.
ROLE_PRINTED = {
    Role.REPORTER: "记者",
    Role.TRAINEE_REPORTER: "见习记者",
    Role.MULTIMEDIA_REPORTER: "全媒体记者",
    Role.CONVERGED_MEDIA_REPORTER: "融媒体记者",
    Role.CHIEF_REPORTER: "首席记者",
    Role.PHOTOGRAPHER: "摄影记者",
    Role.CONTRIBUTING_REPORTER: "特约记者",
    Role.INTERN_REPORTER: "实习记者",
    Role.CORRESPONDENT: "通讯员",
    Role.CONTRIBUTING_CORRESPONDENT: "特约通讯员",
    Role.INTERN: "实习生",
    Role.EDITOR: "编辑",
    Role.TEXT_AND_PICTURES: "文·图",
    Role.PHOTOGRAPHY: "摄影",
    Role.AUTHOR: "作者",
    Role.TEXT: "文",
    Role.PICTURES: "图",
}
ROLE_BY_PRINTED = {word: role for role, word in ROLE_PRINTED.items()}
assert set(ROLE_BY_PRINTED) == set(bylines.ROLE_WORDS), "Role and bylines.ROLE_WORDS must name the same roles"


def default_affiliation():
    return settings.NEWSPAPER_NAME


class Contributor(models.Model):
    """A person who writes or photographs. Two people may share a name; the id tells them apart."""

    name = models.CharField(_("姓名"), max_length=40, db_index=True)
    affiliation = models.CharField(
        _("单位"), max_length=80, blank=True, default=default_affiliation, help_text=_("通讯员可属于其他单位。")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor",
    )
    bio = models.TextField(_("简介"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("作者")
        verbose_name_plural = _("作者")

    def __str__(self):
        return f"{self.name}({self.affiliation})" if self.affiliation else self.name

    def get_absolute_url(self):
        return reverse("articles:contributor", kwargs={"pk": self.pk})

    @staticmethod
    def affiliation_of(credit):
        """Where a printed credit's person works: as printed, else the paper for staff roles."""
        unaffiliated = bylines.SLASH_ROLES | set(bylines.BARE_SLASH_ROLES) | set(bylines.BARE_ROLES)
        return credit.affiliation or ("" if credit.role in unaffiliated else settings.NEWSPAPER_NAME)

    @classmethod
    def match(cls, credit):
        """The existing contributor a printed credit names, or None; two of the same name are refused."""
        affiliation = cls.affiliation_of(credit)
        matches = list(cls.objects.filter(name=credit.name, affiliation=affiliation)[:2])
        if len(matches) > 1:
            raise ValidationError(
                _("有不止一位“%(name)s”(%(affiliation)s),请逐一选择作者。"),
                params={"name": credit.name, "affiliation": affiliation or _("无单位")},
            )
        return matches[0] if matches else None

    @classmethod
    def for_credit(cls, credit):
        """The contributor a printed credit names, created when new."""
        return cls.match(credit) or cls.objects.create(name=credit.name, affiliation=cls.affiliation_of(credit))


class Column(models.Model):
    """A recurring column (栏目) with its own label, e.g. 学习微党课, under an optional banner."""

    name = models.CharField(_("栏目名"), max_length=60, unique=True)
    slug = models.SlugField(_("网址名"), max_length=80, unique=True, allow_unicode=True, blank=True)
    banner = models.CharField(
        _("通栏标题"),
        max_length=120,
        blank=True,
        help_text=_("栏目上方的通栏,如 深入学习 习近平新时代中国特色社会主义思想"),
    )
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True) or uuid.uuid4().hex[:8]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:column", kwargs={"slug": self.slug})


class Kind(models.TextChoices):
    NEWS = "news", _("消息")
    FEATURE = "feature", _("通讯")
    PHOTO = "photo", _("图片新闻")
    CONTINUATION = "continuation", _("转版续文")


CROSSHEAD_MARK = "#"


class Article(Publishable):
    public_search_fields = (
        "headline",
        "kicker",
        "subheadline",
        "body",
        "bylines__contributor__name",
        "photos__caption",
        "photos__credits__contributor__name",
    )
    search_parts = "continuations"

    kicker = models.CharField(_("引题"), max_length=200, blank=True)
    headline = models.CharField(_("主题"), max_length=200)
    subheadline = models.CharField(_("副题"), max_length=200, blank=True, help_text=_("如 ——记株洲市获评…"))
    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    dateline = models.CharField(_("电头"), max_length=40, blank=True, help_text=_("印在第一段前,如 株洲日报讯"))
    body = models.TextField(
        _("正文"), blank=True, help_text=_("一行一段。小标题单独一行,以 # 开头,如 # 除法:舍“沾着灰尘”的GDP")
    )
    summary = models.TextField(_("摘要"), blank=True)
    kind = models.CharField(_("体裁"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    continues = models.ForeignKey(
        "self",
        verbose_name=_("续接的稿件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continuations",
        help_text=_("转版续文:它接的是哪篇稿件。"),
    )
    jump_mark = models.CharField(_("转版标记"), max_length=4, blank=True, help_text=_("如 ①、②"))
    continued_from_code = models.CharField(
        _("上接版次"), max_length=3, blank=True, help_text=_("续文印的“上接A1版”里的版次;接上稿件后以稿件为准。")
    )

    class Meta(Publishable.Meta):
        ordering = ["-publish_at", "-pk"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(F("column"), *NEWEST_FIRST, name="articles_article_column_newest", condition=HAS_LIVE_AT),
        ]
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        permissions = [("publish_article", _("可以审稿、签发、定时和撤下稿件"))]

    def __str__(self):
        return self.headline

    def on_correction(self, date, reason):
        """Placed on a page that went out (newsroom.workflow): readers see the 更正 on the story too."""
        self.corrections.create(date=date, text=reason)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.continues_id and self.continues_id == self.pk:
            raise ValidationError({"continues": _("稿件不能接在自己后面。")})
        if self.kind == Kind.CONTINUATION and not (self.continues_id or self.continued_from_code):
            raise ValidationError({"continues": _("转版续文要说明接的是哪篇稿件或哪一版。")})

    def save(self, *args, **kwargs):
        if self.continues_id and self.continues.page_id:
            self.continued_from_code = self.continues.page.code
        super().save(*args, **kwargs)

    @staticmethod
    def blocks_of(body):
        """[("p"|"h", text)]: paragraphs and crossheads of a body text."""
        blocks = []
        for line in body.splitlines():
            if not line.strip():
                continue
            if line.startswith(CROSSHEAD_MARK):
                blocks.append(("h", line[len(CROSSHEAD_MARK) :].strip()))
            else:
                blocks.append(("p", line))
        return blocks

    @property
    def blocks(self):
        return self.blocks_of(self.body)

    @property
    def paragraphs(self):
        return [text for kind, text in self.blocks if kind == "p"]

    @property
    def printed_byline(self):
        return bylines.print_byline([b.as_credit() for b in self.bylines.all()])

    def set_bylines(self, credits):
        """Replace the byline with printed credits (bylines.Credit), matching or creating contributors."""
        replace_credits(self.bylines, credits)

    @property
    def is_continuation(self):
        return self.kind == Kind.CONTINUATION

    @classmethod
    def contents(cls, queryset, pages):
        """One line a story; a continuation part is its jump line as printed (上接A1版①), no story of its own."""
        items = queryset.only("headline", "page", "position", "kind", "jump_mark", "continued_from_code")
        return [
            ContentsEntry(
                item.jump_line if item.is_continuation and item.continued_from_code else item.headline,
                item.get_absolute_url(),
                item.page_id,
                (item.position, cls._meta.label, item.pk),
            )
            for item in items
        ]

    @classmethod
    def listed(cls, now):
        """A continuation part is read inside its story: never an item of its own in a list or a search."""
        return super().listed(now).exclude(kind=Kind.CONTINUATION)

    @property
    def jump_line(self):
        """A continuation part's jump line as printed: 上接A1版①."""
        return f"上接{self.continued_from_code}版{self.jump_mark}"

    def region_text(self):
        return self.jump_line if self.is_continuation else self.headline

    def region_label(self):
        """A continuation part's region leads to its whole story (the part's URL redirects there) once that is live."""
        main = getattr(self, "live_main", None) if self.is_continuation else self
        return main.headline if main else self.jump_line

    def search_text(self):
        """What a search result quotes under its headline: kicker, subheadline and body as printed (read with the
        result; a match in a byline or a photo credit is quoted from the top)."""
        return "\n".join(text for text in (self.kicker, self.subheadline, *self.paragraphs) if text)

    @classmethod
    def page_items(cls, queryset, now):
        """With bylines, photos where any item has one (one query), and the jump lines' other parts where those
        are live too: live_parts (下转), live_main (上接), fetched in one query for all the items."""
        items = list(
            queryset.select_related("column")
            .annotate(has_photos=models.Exists(Photo.objects.filter(article=models.OuterRef("pk")).exclude(image="")))
            .prefetch_related(models.Prefetch("bylines", Byline.objects.select_related("contributor")))
        )
        with_photos = [item for item in items if item.has_photos]
        models.prefetch_related_objects(
            with_photos, models.Prefetch("photos", Photo.objects.exclude(image=""), to_attr="shown_photos")
        )
        ids, mains = [item.pk for item in items], {item.continues_id for item in items if item.continues_id}
        jumps = list(
            cls.objects.live(now)
            .filter(models.Q(continues__in=ids) | models.Q(pk__in=mains))
            .select_related("page__edition")
            .defer("body")
            .order_by("page__order", "position", "pk")
            if items
            else []
        )
        for item in items:
            item.live_parts = [other for other in jumps if other.continues_id == item.pk]
            item.live_main = next((other for other in jumps if other.pk == item.continues_id), None)
        return items


class PersonCredit(models.Model):
    """One person in a byline or a photo credit: contributor, role, and the affiliation as printed."""

    contributor = models.ForeignKey(Contributor, verbose_name=_("作者"), on_delete=models.PROTECT)
    role = models.CharField(_("身份"), max_length=30, choices=Role.choices, default=Role.REPORTER)
    affiliation = models.CharField(
        _("署名单位"), max_length=80, blank=True, help_text=_("印在身份前的单位,如 株洲日报;留空则不印。")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.affiliation}{self.get_role_display()} {self.contributor.name}"

    def as_credit(self):
        return bylines.Credit(self.contributor.name, ROLE_PRINTED[self.role], self.affiliation)


class Byline(PersonCredit):
    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="bylines")
    contributor = models.ForeignKey(
        Contributor, verbose_name=_("作者"), on_delete=models.PROTECT, related_name="bylines"
    )

    class Meta(PersonCredit.Meta):
        verbose_name = _("署名")
        verbose_name_plural = _("署名")


def replace_credits(related_manager, credits):
    related_manager.all().delete()
    for order, credit in enumerate(credits):
        related_manager.create(
            contributor=Contributor.for_credit(credit),
            role=ROLE_BY_PRINTED[credit.role],
            affiliation=credit.affiliation,
            order=order,
        )


def photo_upload_to(instance, filename):
    # Not guessable from the article: a random name, whatever was uploaded.
    return f"photos/{secrets.token_hex(1)}/{secrets.token_hex(16)}.{filename.rsplit('.', 1)[-1].lower()}"


def validate_photo(fieldfile):
    """Cleans the upload (decoding it all: a truncated file is a form error, not a 500 at save) and keeps the result
    on the upload for Photo.save, which then stores it without decoding it again."""
    if getattr(fieldfile, "_committed", False):
        return  # already stored, so already checked and cleaned: saving the form again must not reopen it
    try:
        fieldfile.file.cleaned_image = clean_image(fieldfile.file, fieldfile.name)
    except ImageRejected as exc:
        raise ValidationError(str(exc), code="image_rejected") from None


class Photo(models.Model):
    """A picture in an article, with its caption (图片说明) and credits (… 摄)."""

    RENDITIONS = {"thumb": 480, "page": 1200}

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("图片"),
        upload_to=photo_upload_to,
        blank=True,
        width_field="width",
        height_field="height",
        validators=[validate_photo],
        help_text=_(
            "JPEG、PNG、WebP 或 GIF,不超过 20 MB、5000 万像素;保存时去掉 EXIF 和定位信息。"
            "从排版文本导入的图片只有说明,待补上传。"
        ),
    )
    width = models.PositiveIntegerField(_("宽"), null=True, editable=False)
    height = models.PositiveIntegerField(_("高"), null=True, editable=False)
    caption = models.TextField(_("图片说明"), blank=True)
    alt_text = models.CharField(_("替代文字"), max_length=200, blank=True, help_text=_("给看不见图片的读者"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    renditions = models.JSONField(_("缩略图"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("图片")
        verbose_name_plural = _("图片")

    def __str__(self):
        return self.caption[:40] or self.image.name

    def save(self, *args, **kwargs):
        replaced = []
        if self.image and not self.image._committed:
            # A new upload: store it cleaned of EXIF under a random name, then make the renditions once.
            if self.pk:
                replaced = Photo.objects.filter(pk=self.pk).first()
                replaced = replaced.stored_files() if replaced else []
            upload = self.image.file
            data, ext, *_size = getattr(upload, "cleaned_image", None) or clean_image(upload, self.image.name)
            self.image.save(f"upload.{ext}", ContentFile(data), save=False)
            self.renditions = {}
        super().save(*args, **kwargs)
        if replaced:
            transaction.on_commit(lambda: [self.image.storage.delete(name) for name in replaced])
        if self.image and not self.renditions:
            self.renditions = self.make_renditions()
            super().save(update_fields=["renditions"])

    @property
    def printed_credit(self):
        return bylines.print_photo_credit([c.as_credit() for c in self.credits.all()])

    def set_credits(self, credits):
        replace_credits(self.credits, credits)

    def stored_files(self):
        """The original and every rendition this photo keeps in storage."""
        names = [self.image.name] if self.image else []
        return names + [made[ext] for made in self.renditions.values() for ext in ("webp", "jpg") if made.get(ext)]

    def make_renditions(self):
        storage = self.image.storage
        made = {}
        with self.image.open("rb") as source:
            for name, width in self.RENDITIONS.items():
                made[name] = {}
                for fmt, ext in (("WEBP", "webp"), ("JPEG", "jpg")):
                    data, size = make_rendition(source, width, fmt)
                    path = storage.save(f"photos/r/{secrets.token_hex(16)}.{ext}", ContentFile(data))
                    made[name][ext] = path
                    made[name]["width"], made[name]["height"] = size
        return made

    @property
    def sources(self):
        """{"thumb"|"page": {"webp": url, "jpg": url, "width", "height"}}, the original where none was made."""
        if not self.image:
            return {}
        url = self.image.storage.url
        original = {"jpg": self.image.url, "webp": None, "width": self.width, "height": self.height}
        return {
            name: {**made, "webp": url(made["webp"]), "jpg": url(made["jpg"])}
            if (made := self.renditions.get(name))
            else original
            for name in self.RENDITIONS
        }


@receiver(post_delete, sender=Photo)
def delete_photo_files(sender, instance, **kwargs):
    """A deleted photo (or one of a deleted article) leaves no file behind, once the deletion is committed."""
    files, storage = instance.stored_files(), instance.image.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


class PhotoCredit(PersonCredit):
    photo = models.ForeignKey(Photo, verbose_name=_("图片"), on_delete=models.CASCADE, related_name="credits")
    contributor = models.ForeignKey(
        Contributor, verbose_name=_("作者"), on_delete=models.PROTECT, related_name="photo_credits"
    )

    class Meta(PersonCredit.Meta):
        verbose_name = _("摄影署名")
        verbose_name_plural = _("摄影署名")


class Correction(models.Model):
    """A dated correction (更正) shown to readers above the article's body."""

    article = models.ForeignKey(Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(_("更正日期"))
    text = models.TextField(_("更正内容"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("更正")
        verbose_name_plural = _("更正")

    def __str__(self):
        return f"{self.date} {self.text[:30]}"
