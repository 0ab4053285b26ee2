"""The admin's home page for each role: what a reporter, an editor and a clerk come in to do today.

Every list is read through the desk's own admin queryset (ModelAdmin.get_queryset), so a reporter's home
shows only what the news desk's rules let them see; when something goes live is the publication rule's
(live_since), never restated here.
"""

import datetime

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsroom import workflow
from newsroom.models import Edition
from newsroom.planning import placed_items
from newsroom.publication import Status, publishable_models
from newsroom.roles import CLERK, EDITOR, REPORTER

SHOWN = 20
# Statuses in which an item is still to be placed by the desk that took it in (the classifieds' received and paid).
NOT_YET_PLACED = {"received", "paid"}


def role_of(user):
    if user.is_superuser or user.has_perm(workflow.CORRECT_PERMISSION):
        return EDITOR
    names = set(user.groups.values_list("name", flat=True))
    return REPORTER if REPORTER in names else CLERK if CLERK in names else None


def reachable(request):
    """(model, its admin's queryset for this user) for each desk's model this user may view."""
    for model in publishable_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is not None and model_admin.has_view_permission(request):
            yield model, model_admin.get_queryset(request).select_related("page__edition")


def entry(item, **extra):
    meta = item._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk])
    return {"item": item, "url": url, "kind": meta.verbose_name, **extra}


def section(title, entries, empty):
    entries = list(entries)
    return {"title": title, "entries": entries[:SHOWN], "count": len(entries), "empty": empty}


def reporter_home(request, now):
    sections = {"drafts": [], "returned": [], "waiting": [], "scheduled": [], "published": []}
    for _model, queryset in reachable(request):
        for item in queryset.order_by("-updated_at"):
            if item.status == Status.DRAFT:
                sections["drafts"].append(entry(item))
            elif item.status == Status.RETURNED:
                step = workflow.transitions_of(item).filter(action="return").first()
                sections["returned"].append(
                    entry(item, note=f"{workflow.display_name(step.by)}:{step.comment}" if step else "")
                )
            elif item.status == Status.SUBMITTED:
                sections["waiting"].append(entry(item))
            elif item.status == Status.PUBLISHED:
                key = "scheduled" if item.is_scheduled_at(now) else "published"
                sections[key].append(entry(item, at=item.live_since))
    return [
        section("我的草稿", sections["drafts"], "没有草稿。"),
        section("退回给我的(附编辑意见)", sections["returned"], "没有退回的稿件。"),
        section("等待审核", sections["waiting"], "没有等待审核的稿件。"),
        section("已签发、等待上线", sections["scheduled"], "没有。"),
        section("已上线", sections["published"], "还没有上线的稿件。"),
    ]


def editor_home(request, now):
    waiting, soon = [], []
    for _model, queryset in reachable(request):
        waiting += [entry(item) for item in queryset.filter(status=Status.SUBMITTED).order_by("updated_at")]
        day = now + datetime.timedelta(hours=24)
        signed_off = queryset.filter(status=Status.PUBLISHED).filter(
            Q(publish_at__gt=now, publish_at__lte=day)
            | Q(page__edition__publish_at__gt=now, page__edition__publish_at__lte=day)
        )
        soon += [
            entry(item, at=item.live_since) for item in signed_off if item.is_scheduled_at(now) and item.live_since
        ]
    waiting.sort(key=lambda e: e["item"].updated_at)
    soon.sort(key=lambda e: e["at"])
    return [
        section("等待审核(最早提交的在前)", waiting, "没有等待审核的内容。"),
        section("24小时内上线", soon, "24小时内没有安排上线的内容。"),
    ]


def edition_pages(edition):
    """[(page, [entries of what is placed on it])]: what is still empty shows as an empty list."""
    return [(page, [entry(item) for item in placed_items(page)]) for page in edition.pages.all()]


def clerk_home(request, now):
    to_place = []
    for _model, queryset in reachable(request):
        to_place += [
            entry(item) for item in queryset.filter(page=None, status__in=NOT_YET_PLACED).order_by("created_at")
        ]
    return [section("待排版的声明", to_place, "没有待排版的声明。")]


def next_edition(now):
    """The next edition still to come (or the one today without a time yet)."""
    today = timezone.localdate(now)
    return (
        Edition.objects.filter(date__gte=today)
        .filter(Q(publish_at__isnull=True) | Q(publish_at__gt=now))
        .order_by("date")
        .prefetch_related("pages__edition")
        .first()
    )


def home(request, now=None):
    """The context of the admin's home page for this user's role."""
    now = now or timezone.now()
    role = role_of(request.user)
    if role is None:
        return {}
    context = {"role": role}
    if role == REPORTER:
        context["sections"] = reporter_home(request, now)
    elif role == EDITOR:
        context["sections"] = editor_home(request, now)
        today = Edition.objects.filter(date=timezone.localdate(now)).prefetch_related("pages__edition").first()
        context["edition"], context["edition_title"] = today, "今天的报纸,逐版"
        context["pages"] = edition_pages(today) if today else []
    else:
        context["sections"] = clerk_home(request, now)
        coming = next_edition(now)
        context["edition"], context["edition_title"] = coming, "下一期的声明栏"
        context["pages"] = edition_pages(coming) if coming else []
    return context


def menu_counts(request):
    """The few numbers the menu shows this user: what waits for them."""
    role = role_of(request.user) if request.user.is_authenticated and request.user.is_staff else None
    if role is None:
        return []
    counts = []
    for model, queryset in reachable(request):
        if role == EDITOR:
            counts.append(("待审", queryset.filter(status=Status.SUBMITTED).count(), model))
        elif role == REPORTER:
            counts.append(("退回", queryset.filter(status=Status.RETURNED).count(), model))
            counts.append(("待审", queryset.filter(status=Status.SUBMITTED).count(), model))
        else:
            counts.append(("待排版", queryset.filter(page=None, status__in=NOT_YET_PLACED).count(), model))
    return [
        {
            "label": f"{model._meta.verbose_name}{label}",
            "count": count,
            "url": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        }
        for label, count, model in counts
        if count
    ]
