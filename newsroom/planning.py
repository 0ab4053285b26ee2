"""The editors' plan: what goes live when over the coming days, and what is still waiting."""

from itertools import groupby

from django.utils import timezone

from newsroom.models import Edition
from newsroom.publication import Status, in_page_order, publishable_models

WAITING_FOR_A_PAGE = {Status.SUBMITTED, "paid"}  # filed or paid for, not placed yet


def placed_items(page):
    """Everything placed on a page, of every desk and status, in position order."""
    items = [item for model in publishable_models() for item in model.objects.filter(page=page)]
    return in_page_order(items)


def plan(start, end):
    events = []
    editions = Edition.objects.filter(publish_at__range=(start, end)).prefetch_related("pages")
    for edition in editions:
        pages = [(page, placed_items(page)) for page in edition.pages.all()]
        events.append({"at": edition.publish_at, "edition": edition, "pages": pages})
    for model in publishable_models():
        scheduled = model.objects.filter(status=Status.PUBLISHED, publish_at__range=(start, end))
        for item in scheduled.select_related("page__edition"):
            edition_at = item.page.edition.publish_at if item.page_id else None
            # An item on a page goes live with its edition, unless its own time is later.
            if item.page_id is None or (edition_at is not None and item.publish_at > edition_at):
                events.append({"at": item.publish_at, "item": item, "label": model._meta.verbose_name})
    events.sort(key=lambda event: event["at"])
    hours = [
        (hour, list(group))
        for hour, group in groupby(events, key=lambda e: timezone.localtime(e["at"]).strftime("%Y-%m-%d %H:00"))
    ]
    every_item = [
        (model._meta.verbose_name, model.objects.select_related("page__edition")) for model in publishable_models()
    ]
    return {
        "hours": hours,
        # (what kind of item, item)
        "waiting_review": [(label, item) for label, qs in every_item for item in qs.filter(status=Status.SUBMITTED)],
        "waiting_page": [
            (label, item) for label, qs in every_item for item in qs.filter(status__in=WAITING_FOR_A_PAGE, page=None)
        ],
        "unscheduled_editions": Edition.objects.filter(date__gte=timezone.localdate(start), publish_at=None),
    }
