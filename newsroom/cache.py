"""A cache of the public site that never publishes early and never shows an edit late.

Every public response a shared cache may keep (GET, 200, no cookie either way, nothing private) is
kept in Django's cache (Redis when REDIS_URL is set) under the current *generation* of the site.
A generation ends
- at the next publication instant: the earliest publish_at still to come of any signed-off item or
  edition, or the next midnight in Beijing (the outage lists are "today and later"), at the latest
  PAGE_CACHE_SECONDS after it began;
- at once when anything readers may see is saved or deleted (signals below; again when the
  transaction commits, so that a page read before the commit cannot outlive it).
A new generation has a new random token in every key, so nothing of the old one is read again;
the old entries are overwritten or expire on their own. A page served from the cache costs one cache
read (the generation and the page together) and no query.

Responses carry an ETag and Last-Modified (the generation's start: nothing shown changed since) and
answer a conditional GET with 304; Cache-Control lets a CDN keep a page PUBLIC_MAX_AGE seconds, never
past the next publication instant.

With a read replica (DATABASE_REPLICA_URL), readers' pages are read from it, and it may lag a moment behind
a change: for PAGE_CACHE_SETTLE_SECONDS after a generation begins, pages are served but not kept, so that
a page read before the replica caught up is not kept for the whole generation.
"""

import datetime
import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import router, transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from simple_history.models import HistoricalChanges

from newsroom.publication import Publishable, Status, publishable_models

STATE_KEY = "newsroom:public-generation"


# -- the generation -----------------------------------------------------------------------------------


def next_change(now):
    """The first instant after `now` at which a public page may change by itself."""
    from newsroom.models import Edition

    midnight = datetime.datetime.combine(timezone.localdate(now) + datetime.timedelta(days=1), datetime.time())
    # Read where the times are written: a replica that lags could miss a time just scheduled, and the pages
    # kept until a later instant would then show that item late.
    scheduled = [Edition.objects.using(router.db_for_write(Edition))]
    scheduled += [
        model._base_manager.using(router.db_for_write(model)).filter(status=Status.PUBLISHED)
        for model in publishable_models()
    ]
    moments = [
        now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS),
        timezone.make_aware(midnight),
        *(queryset.filter(publish_at__gt=now).aggregate(at=Min("publish_at"))["at"] for queryset in scheduled),
    ]
    return min(moment for moment in moments if moment is not None)


def generation(now, state=None):
    """{"token", "since", "until"}: the current generation (`state` as already read from the cache, if it was),
    begun now when the last one is over."""
    state = state if state is not None else cache.get(STATE_KEY)
    if state is None or not state["since"] <= now < state["until"]:
        state = {"token": secrets.token_hex(8), "since": now, "until": next_change(now)}
        cache.set(STATE_KEY, state, timeout=max(1, int((state["until"] - now).total_seconds()) + 1))
    return state


def public_changed():
    """Something readers may see changed: end the generation now, and again when the transaction commits."""
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def etag_of(content):
    """The ETag of a body: its digest, so that it changes exactly when the body does."""
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


# -- the middleware ---------------------------------------------------------------------------------


def may_keep(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # staff see the site as it is
        and not request.path.startswith(("/admin/", settings.STATIC_URL))
    )


def keepable(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and "X-Accel-Redirect" not in response  # a page file, sent by nginx (newsroom.views.page_file)
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
        and not any(word in control for word in ("private", "no-store", "no-cache"))
    )


class PublicPageCacheMiddleware:
    """Serves and keeps the public pages. It comes first: a page kept is answered with one cache read (the
    generation and the page together) and none of the other middleware; a page it keeps carries their headers.
    An entry is kept under its URL with the token of its generation, and is good only for that generation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_keep(request):
            return self.get_response(request)
        now = timezone.now()
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"newsroom:page:{hashlib.sha256(url.encode()).hexdigest()}"
        found = cache.get_many([STATE_KEY, key])
        state, entry = generation(now, found.get(STATE_KEY)), found.get(key)
        if entry is not None and entry["token"] == state["token"]:
            response, served = self.rebuild(entry), "HIT"
        else:
            response, served = self.get_response(request), "MISS"
            if not keepable(response) or (now - state["since"]).total_seconds() < settings.PAGE_CACHE_SETTLE_SECONDS:
                return response
            entry = {
                "token": state["token"],
                "content": response.content,
                "headers": list(response.items()),
                "etag": etag_of(response.content),
            }
            cache.set(key, entry, timeout=max(1, int((state["until"] - now).total_seconds())))
        last_modified = int(state["since"].timestamp())
        answer = get_conditional_response(request, etag=entry["etag"], last_modified=last_modified) or response
        answer["ETag"] = entry["etag"]
        answer.setdefault("Last-Modified", http_date(last_modified))
        answer["X-Page-Cache"] = served
        seconds = min(settings.PUBLIC_MAX_AGE, int((state["until"] - now).total_seconds()))
        patch_cache_control(answer, public=True, max_age=max(0, seconds))
        return answer

    @staticmethod
    def rebuild(entry):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        return response


# -- what ends a generation -----------------------------------------------------------------------------


def _shown_models():
    """Editions, pages (with their images and regions) and every model of a desk (the apps of the publishable
    models), but not revisions."""
    desks = {model._meta.app_label for model in publishable_models()}
    return [
        model
        for model in apps.get_models()
        if (model._meta.app_label in desks and not issubclass(model, HistoricalChanges))
        or model._meta.label in ("newsroom.Edition", "newsroom.Page")
    ]


def _changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Publishable) and Status.PUBLISHED not in (instance.status, instance.loaded_status):
        return  # a draft, a review, a returned story: readers see none of it
    public_changed()


def connect_signals():
    for model in _shown_models():
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(_changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=uid)
