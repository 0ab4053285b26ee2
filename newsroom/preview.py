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


# What each desk lets an editor preview (registered in its apps.py ready()): model label -> (moments, render).
_previewable = {}


def register(model, moments, render):
    """A desk offers previews of `model`: moments(obj) are the times that hold it back (it shows at the latest of
    them, or now), render(request, obj, now, preview) the public page as it will be at `now`."""
    _previewable[model._meta.label_lower] = (moments, render)


def is_previewable(label):
    return label in _previewable


def render_preview(request, obj, signed=False):
    """Render a registered item (an article, a page, an edition) as it will look, with the banner."""
    found = _previewable.get(obj._meta.label_lower)
    if found is None:
        raise Http404
    moments, render = found
    now = preview_instant(*moments(obj))
    response = render(request, obj, now, {"at": now, "signed": signed, "item": obj})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


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
    if link is None or not is_previewable(f"{link.content_type.app_label}.{link.content_type.model}"):
        raise Http404
    model = link.content_type.model_class()
    obj = model._default_manager.filter(pk=link.object_id).first() if model else None
    if obj is None:
        raise Http404
    return render_preview(request, obj, signed=True)
