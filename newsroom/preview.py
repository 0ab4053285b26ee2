"""Seeing an unpublished article, page or edition exactly as readers will, under a 预览 banner.

From the admin (the editors, and a reporter for their own article) or through a
link an editor makes for someone without an account: the link is a random token
stored as a PreviewLink, names one item, shows that item only, and ends when it
expires (PREVIEW_MAX_AGE, default 48 hours), when an editor revokes it, or when the
item is withdrawn (unpublished) or deleted.
The preview is rendered as the public page will be at the item's own time, so
what goes live with it (its edition's other items, its continuation parts) shows.
"""

import datetime

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

SALT = "newsroom.preview"  # of the signed links before they were stored; none is accepted any more


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


PREVIEWABLE = {"articles.article", "newsroom.page", "newsroom.edition"}


def make_link(obj, user=None):
    """A new preview link for `obj`: the stored PreviewLink."""
    import secrets

    from django.contrib.contenttypes.models import ContentType

    from newsroom.models import PreviewLink

    now = timezone.now()
    return PreviewLink.objects.create(
        token=secrets.token_urlsafe(32),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        created_by=user,
        created_at=now,
        expires_at=now + datetime.timedelta(seconds=settings.PREVIEW_MAX_AGE),
    )


def link_url(link):
    return reverse("preview", kwargs={"token": link.token})


def signed_url(obj, user=None):
    """The path of a new preview link for `obj`."""
    return link_url(make_link(obj, user))


def signed_preview(request, token):
    """/preview/<token>/: the one item a valid (stored, unexpired, unrevoked) link names; 404 otherwise."""
    from newsroom.models import PreviewLink

    link = PreviewLink.objects.valid().select_related("content_type").filter(token=token[:64]).first()
    if link is None or f"{link.content_type.app_label}.{link.content_type.model}" not in PREVIEWABLE:
        raise Http404
    model = link.content_type.model_class()
    obj = model._default_manager.filter(pk=link.object_id).first() if model else None
    if obj is None:
        raise Http404
    return render_preview(request, obj, signed=True)
