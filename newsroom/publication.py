"""The one publication rule, shared by every desk.

An item is public when its status is published and its publish_at has passed
and, when it is placed on a page, that page's edition's publish_at has passed
too. The rule is decided at query time, so an edition or a story goes live at
its minute with no cron job or worker to forget.
"""

from dataclasses import dataclass
from itertools import groupby

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审")
    RETURNED = "returned", _("退回")
    PUBLISHED = "published", _("已签发")
    UNPUBLISHED = "unpublished", _("已撤下")


def has_passed(moment, now=None):
    """The rule's one comparison, in Python: a time that is set and not after `now` (edition_live_q in SQL)."""
    return moment is not None and moment <= (now or timezone.now())


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


# Columns computed from others (by save(), the database or rebuild_search): never part of a revision.
DERIVED_FIELDS = ("live_at", "search_vector")
# Newest first, as every public list and feed reads: by when readers could first see an item, then as entered.
NEWEST_FIRST = (F("live_at").desc(), F("id").asc())
HAS_LIVE_AT = Q(live_at__isnull=False)


class PublishableQuerySet(models.QuerySet):
    def live(self, now=None):
        """Only what the public may see at `now` (default: this instant)."""
        return self.filter(item_live_q(now or timezone.now()))

    def newest_first(self):
        """Ordered for a list (on the index *_newest). An item written in bulk joins the lists when
        rebuild_search has given it its live_at, as it joins the search results."""
        return self.filter(HAS_LIVE_AT).order_by(*NEWEST_FIRST)

    def refresh_live_at(self):
        """Recompute live_at of these items in one UPDATE: after their edition's time changed, or for rows
        written in bulk."""
        return self.update(live_at=live_at_expression(apps.get_model("newsroom", "Edition")))


@dataclass
class ContentsEntry:
    """A line of an edition's table of contents: what to call it, where it leads, where it is printed."""

    title: str
    url: str
    page_id: int
    order: tuple  # (position on the page, desk, id): the printed order


class PublishableManager(models.Manager.from_queryset(PublishableQuerySet)):
    def get_queryset(self):
        # The search tokens (kilobytes a story) are for the database to search, never for a page to read.
        return super().get_queryset().defer("search_vector")


def live_at_of(status, publish_at, on_page, edition_publish_at):
    """When readers can first see an item: its own time, or its edition's when it is on a page and that is later;
    None while it is not signed off, or on a page of an edition with no time yet."""
    if status != Status.PUBLISHED or publish_at is None:
        return None
    if not on_page:
        return publish_at
    return None if edition_publish_at is None else max(publish_at, edition_publish_at)


def live_at_expression(edition_model):
    """Publishable.compute_live_at() in SQL (migrations pass their own Edition model)."""
    edition_at = Subquery(edition_model.objects.filter(pages=OuterRef("page")).values("publish_at")[:1])
    return Case(
        When(~Q(status=Status.PUBLISHED) | Q(publish_at__isnull=True), then=Value(None)),
        When(page__isnull=True, then=F("publish_at")),
        # Against an edition with no time yet the comparison is NULL, and so is live_at.
        When(publish_at__gte=edition_at, then=F("publish_at")),
        default=edition_at,
    )


class Publishable(models.Model):
    """Status, schedule and placement on a page: what every content item shares.

    A subclass is shown on a page view through the template
    "<app_label>/<model_name>_page_item.html" (or `page_item_template`), given `items`: neighbouring items of the
    desk (runs_of).
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
    # Derived, kept by save(), by the edition's save and by `manage.py rebuild_search`: when readers could first see
    # it (the later of its own time and its edition's), for ordering lists and feeds. The publication rule never
    # reads it: a stale value can misplace an item in a list, never show it early.
    live_at = models.DateTimeField(_("上线时间"), null=True, blank=True, editable=False)
    # Derived: the search index's tokens (newsroom.search; PostgreSQL only, GIN-indexed), kept on save.
    search_vector = SearchVectorField(null=True, editable=False)
    # Every save keeps a revision (who, when, what) to diff and restore in the admin.
    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at", *DERIVED_FIELDS])

    objects = PublishableManager()

    page_item_template = None
    # The public text a reader's search looks in (lookups, as in admin search_fields); never private fields.
    public_search_fields = ()
    # A reverse relation to parts of an item printed elsewhere (a story's continuations): a search finds the item
    # by the text of its live parts too, and never lists a part on its own (see listed()).
    search_parts = None

    class Meta:
        abstract = True
        indexes = [models.Index(*NEWEST_FIRST, name="%(app_label)s_%(class)s_newest", condition=HAS_LIVE_AT)]

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        self.version += 1
        self.live_at = self.compute_live_at()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at", "live_at"}
        super().save(*args, **kwargs)
        self.loaded_status = self.status

    loaded_status = None  # the status as last read from or written to the database (the page cache asks)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.loaded_status = instance.__dict__.get("status")
        return instance

    def compute_live_at(self):
        """What refresh_live_at() computes in SQL, for this one item."""
        on_page = self.page_id is not None
        return live_at_of(self.status, self.publish_at, on_page, self.page.edition.publish_at if on_page else None)

    def is_live(self, now=None):
        """The same rule as the QuerySet, asked of the database, so it can never drift."""
        return self.pk is not None and type(self).objects.live(now).filter(pk=self.pk).exists()

    @property
    def live_since(self):
        """When readers can first see it (live_at_of, as saved in live_at): its own time, or its edition's when
        that is later; None while it is not signed off or waits for an edition with no time yet."""
        return self.compute_live_at()

    def is_live_now(self, now=None):
        """live() in Python, for an item already read (the admin's lists): has_passed(live_since)."""
        return has_passed(self.live_since, now)

    def is_scheduled_at(self, now=None):
        """Signed off but not yet live: waiting for its own time or for its edition's."""
        return self.status == Status.PUBLISHED and not self.is_live_now(now)

    @property
    def is_scheduled(self):
        return self.is_scheduled_at()

    @classmethod
    def contents(cls, queryset, pages):
        """Hook for a desk: the lines of an edition's table of contents for these live items, one per item by
        default. `pages` maps page ids to the pages."""
        return [
            ContentsEntry(str(item), item.get_absolute_url(), item.page_id, (item.position, cls._meta.label, item.pk))
            for item in queryset
        ]

    @classmethod
    def page_items(cls, queryset, now):
        """Hook for a desk: the live items of a page view, with whatever its template reads, in as few
        queries as the desk can (the number of items must not change the number of queries)."""
        return list(queryset)

    @classmethod
    def listed(cls, now):
        """Hook for a desk: the live items that lists and search show as items of their own."""
        return cls.objects.live(now)

    @classmethod
    def search_results(cls, queryset):
        """Hook for a desk: a page of search results with what search_text() reads, in as few queries as it can."""
        return queryset

    def search_text(self):
        """The public text a search result quotes its snippet from (the item's own fields by default)."""
        return "\n".join(str(getattr(self, path)) for path in self.public_search_fields if "__" not in path)

    # The item's region on its page's image (newsroom.models.Page.regions): the printed text that finds it in the page's
    # PDF (a headline), how far its region runs from there ("block": down to the next headline; "line": its own line),
    # and the link's name for readers. A desk changes what it prints differently.
    region_extent = "block"

    def region_text(self):
        return str(self)

    def region_label(self):
        return str(self)

    def get_page_item_template(self):
        meta = self._meta
        return self.page_item_template or f"{meta.app_label}/{meta.model_name}_page_item.html"


def publishable_models():
    """Every concrete model of every desk that follows the publication rule."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def placed_on(page):
    """Every item of every desk placed on `page`, in any status, in printed order (for the admin and the demo)."""
    return in_page_order(item for model in publishable_models() for item in model._default_manager.filter(page=page))


def _desk_flag(model):
    return f"has_live_{model._meta.app_label}_{model._meta.model_name}"


def with_live_desks(pages, now):
    """Pages annotated, in their own query, with which desks have live items on each (so an empty desk costs
    no query later)."""
    return pages.annotate(
        **{
            _desk_flag(model): Exists(model.objects.live(now).filter(page=OuterRef("pk")))
            for model in publishable_models()
        }
    )


def has_live_items(page):
    return any(getattr(page, _desk_flag(model)) for model in publishable_models())


def _live_by_desk(pages, now):
    """(desk, its live items on these pages) for each desk with any: one query each, none for the others."""
    for model in publishable_models():
        wanted = [page.pk for page in pages if getattr(page, _desk_flag(model))]
        if wanted:
            yield model, model.objects.live(now).filter(page__in=wanted)


def live_items_on_pages(pages, now):
    """{page: its live items of every desk, in printed order} for pages from with_live_desks(), with what each
    desk's page_items() reads for a page view."""
    by_page = {page.pk: [] for page in pages}
    for model, queryset in _live_by_desk(pages, now):
        for item in model.page_items(queryset, now):
            by_page[item.page_id].append(item)
    return {page: in_page_order(by_page[page.pk]) for page in pages}


def placed_items(pages, now):
    """{page: its live items of every desk, in printed order} for pages from with_live_desks(), as the desks' rows
    alone (no page_items hook): one query per desk with any, for a list of what a page holds."""
    by_page = {page.pk: [] for page in pages}
    for _model, queryset in _live_by_desk(pages, now):
        for item in queryset:
            by_page[item.page_id].append(item)
    return {page: in_page_order(by_page[page.pk]) for page in pages}


def contents_of_pages(pages, now):
    """{page: [ContentsEntry]}: an edition's table of contents, each desk's lines (Publishable.contents) in
    printed order."""
    by_page, by_id = {page.pk: [] for page in pages}, {page.pk: page for page in pages}
    for model, queryset in _live_by_desk(pages, now):
        for entry in model.contents(queryset, by_id):
            by_page[entry.page_id].append(entry)
    return {page: sorted(by_page[page.pk], key=lambda entry: entry.order) for page in pages}


def live_items_on_page(page, now=None):
    """All live items of all desks on one page, in printed order."""
    now = now or timezone.now()
    [page] = with_live_desks(type(page).objects.filter(pk=page.pk), now)
    return live_items_on_pages([page], now)[page]


def runs_of(items):
    """[(template, items)]: neighbouring items shown by the same page-item template, so that a page renders one
    include a run and not one an item (a day's 140 notices through an include each cost 10 ms)."""
    return [(template, list(run)) for template, run in groupby(items, key=lambda item: item.get_page_item_template())]


def in_page_order(items):
    """Items of several desks on one page, as printed: by position, then desk, then age."""
    return sorted(items, key=lambda item: (item.position, item._meta.label, item.pk))
