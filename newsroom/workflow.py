"""The editorial workflow, the same for every desk: draft → submitted (待审) → returned or published → unpublished.

"Scheduled" is not a status of its own: it is published with a publish_at still to
come (or on a page of an edition whose time is still to come), so that the one
publication rule decides when it goes live and nothing has to flip it at that minute.
Every step is kept as a Transition: who, when, and the editor's comment.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.models import Transition
from newsroom.publication import Status

S = Status
# action: (the statuses it may start from, the status it leads to, its label)
ACTIONS = {
    "submit": ({S.DRAFT, S.RETURNED, S.UNPUBLISHED}, S.SUBMITTED, _("提交审核")),
    "return": ({S.SUBMITTED}, S.RETURNED, _("退回修改")),
    "schedule": ({S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNPUBLISHED, S.PUBLISHED}, S.PUBLISHED, _("签发(定时)")),
    "publish": ({S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNPUBLISHED, S.PUBLISHED}, S.PUBLISHED, _("立即发布")),
    "unpublish": ({S.PUBLISHED}, S.UNPUBLISHED, _("撤下")),
}
EDITOR_ACTIONS = {"return", "schedule", "publish", "unpublish"}


class WorkflowError(ValueError):
    """A step the item's status does not allow; the message says why, in one sentence."""


def allowed(item, action):
    return item.status in ACTIONS[action][0]


@transaction.atomic
def apply(item, action, user, *, comment="", publish_at=None, page=None, position=None):
    """Take one step; raises WorkflowError when the item's status does not allow it."""
    sources, target, label = ACTIONS[action]
    if item.status not in sources:
        raise WorkflowError(
            _("“%(item)s”现在是%(status)s,不能%(action)s。")
            % {"item": item, "status": item.get_status_display(), "action": label}
        )
    if action == "return" and not comment.strip():
        raise WorkflowError(_("退回时请写明修改意见。"))
    before = item.status
    item.status = target
    if action == "publish":
        item.publish_at = timezone.now()
    elif action == "schedule":
        item.publish_at = publish_at or (page.edition.publish_at if page is not None else None) or timezone.now()
    if page is not None:
        item.page = page
    if position is not None:
        item.position = position
    item.updated_by = user
    item.save()
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        action=action,
        from_status=before,
        to_status=target,
        publish_at=item.publish_at if target == Status.PUBLISHED else None,
        comment=comment,
        by=user,
    )


def transitions_of(item):
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("by")
