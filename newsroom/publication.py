"""The one publication rule, shared by every desk.

An item is public when its status is published and its publish_at has passed
and, when it is placed on a page, that page's edition's publish_at has passed
too. The rule is decided at query time, so an edition or a story goes live at
its minute with no cron job or worker to forget.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审")
    RETURNED = "returned", _("退回")
    PUBLISHED = "published", _("已签发")
    UNPUBLISHED = "unpublished", _("已撤下")


def edition_live_q(now, prefix=""):
    """Editions (reached through `prefix`) whose publish_at has passed."""
    return Q(**{f"{prefix}publish_at__lte": now})


def item_live_q(now):
    return Q(status=Status.PUBLISHED, publish_at__lte=now) & (
        Q(page__isnull=True) | edition_live_q(now, "page__edition__")
    )


class EditionQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(edition_live_q(now or timezone.now()))


class PageQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(edition_live_q(now or timezone.now(), "edition__"))


class PublishableQuerySet(models.QuerySet):
    def live(self, now=None):
        """Only what the public may see at `now` (default: this instant)."""
        return self.filter(item_live_q(now or timezone.now()))


class Publishable(models.Model):
    """Status, schedule and placement on a page: what every content item shares.

    A subclass is shown on a page view through the template
    "<app_label>/<model_name>_page_item.html" (or `page_item_template`).
    """

    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(
        _("发布时间"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("到这一分钟才对读者可见;放在版面上的稿件还要等该期报纸的发布时间。"),
    )
    page = models.ForeignKey(
        "newsroom.Page",
        verbose_name=_("版面"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_items",
    )
    position = models.PositiveSmallIntegerField(_("版面位置"), default=0, help_text=_("在版面上的先后次序,小的在前。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic locking: every save adds one; a form saved over a newer version is refused.
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    # Every save keeps a revision (who, when, what) to diff and restore in the admin.
    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at"])

    objects = PublishableQuerySet.as_manager()

    page_item_template = None
    # The public text a reader's search looks in (lookups, as in admin search_fields); never private fields.
    public_search_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
        super().save(*args, **kwargs)

    def is_live(self, now=None):
        """The same rule as the QuerySet, asked of the database, so it can never drift."""
        return self.pk is not None and type(self).objects.live(now).filter(pk=self.pk).exists()

    @property
    def live_since(self):
        """When readers could first see it: its own time, or its edition's when that is later."""
        edition_at = self.page.edition.publish_at if self.page_id else None
        return max(t for t in (self.publish_at, edition_at) if t is not None) if self.publish_at else None

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @classmethod
    def page_queryset(cls, queryset, now):
        """Hook for a desk to add select_related/prefetch_related for the page view (what is live at `now`)."""
        return queryset

    def get_page_item_template(self):
        meta = self._meta
        return self.page_item_template or f"{meta.app_label}/{meta.model_name}_page_item.html"


def publishable_models():
    """Every concrete model of every desk that follows the publication rule."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def live_items_on_page(page, now=None):
    """All live items of all desks on one page, in position order."""
    now = now or timezone.now()
    items = []
    for model in publishable_models():
        queryset = model.objects.live(now).filter(page=page)
        items.extend(model.page_queryset(queryset, now))
    return in_page_order(items)


def in_page_order(items):
    """Items of several desks on one page, as printed: by position, then desk, then age."""
    return sorted(items, key=lambda item: (item.position, item._meta.label, item.pk))
