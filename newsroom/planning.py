"""The editors' plan: what goes live when over the coming days, and what is still waiting."""

from itertools import groupby

from django.db.models import Q
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
    # What is still to come: an instant that has come is live (publication.has_passed).
    editions = Edition.objects.filter(publish_at__gt=start, publish_at__lte=end).prefetch_related("pages")
    for edition in editions:
        pages = [(page, placed_items(page)) for page in edition.pages.all()]
        events.append({"at": edition.publish_at, "edition": edition, "pages": pages})
    for model in publishable_models():
        signed_off = model.objects.filter(status=Status.PUBLISHED).filter(
            Q(publish_at__gt=start, publish_at__lte=end)
            | Q(page__edition__publish_at__gt=start, page__edition__publish_at__lte=end)
        )
        for item in signed_off.select_related("page__edition"):
            # When it goes live is the publication rule's (live_since); on a page at its edition's time, it is
            # listed under its edition, else on its own.
            since = item.live_since
            if (
                since is not None
                and start < since <= end
                and (item.page_id is None or since != item.page.edition.publish_at)
            ):
                events.append({"at": since, "item": item, "label": model._meta.verbose_name})
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
