"""Seeing an unpublished article, page or edition exactly as readers will, under a 预览 banner.

From the admin (the editors, and a reporter for their own article) or through a
signed link an editor makes for someone without an account: the link names one
item, expires (PREVIEW_MAX_AGE, default 48 hours) and shows that item only.
The preview is rendered as the public page will be at the item's own time, so
what goes live with it (its edition's other items, its continuation parts) shows.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

SALT = "newsroom.preview"


def preview_instant(*moments):
    """The later of now and the given times: when what is previewed will be public."""
    return max([timezone.now(), *(m for m in moments if m is not None)])


def render_preview(request, obj, signed=False):
    """Render an Article, Page or Edition as it will look, with the banner."""
    from articles.models import Article
    from articles.views import render_article
    from newsroom.models import Edition, Page
    from newsroom.views import pages_of, render_edition, render_page

    if isinstance(obj, Article):
        edition = obj.page.edition if obj.page_id else None
        now = preview_instant(obj.publish_at, edition.publish_at if edition else None)
        response = render_article(request, obj, now, preview={"at": now, "signed": signed, "item": obj})
    elif isinstance(obj, Page):
        now = preview_instant(obj.edition.publish_at)
        pages = pages_of(obj.edition.pages.all(), now)
        page = next(page for page in pages if page.pk == obj.pk)
        response = render_page(
            request, obj.edition, pages, page, now, preview={"at": now, "signed": signed, "item": obj}
        )
    elif isinstance(obj, Edition):
        now = preview_instant(obj.publish_at)
        pages = pages_of(obj.pages.all(), now)
        response = render_edition(request, obj, pages, now, preview={"at": now, "signed": signed, "item": obj})
    else:
        raise Http404
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def signed_url(obj):
    token = signing.dumps({"model": obj._meta.label_lower, "pk": obj.pk}, salt=SALT, compress=True)
    return reverse("preview", kwargs={"token": token})


def signed_preview(request, token):
    """/preview/<token>/: the one item the token names, while the token is fresh; 404 otherwise."""
    from django.apps import apps

    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_MAX_AGE)
        model = apps.get_model(payload["model"])
    except (signing.BadSignature, LookupError, KeyError, TypeError, ValueError):
        raise Http404 from None
    if model._meta.label_lower not in {"articles.article", "newsroom.page", "newsroom.edition"}:
        raise Http404
    obj = model._default_manager.filter(pk=payload["pk"]).first()
    if obj is None:
        raise Http404
    return render_preview(request, obj, signed=True)
