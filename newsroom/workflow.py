"""The editorial workflow, the same for every desk: draft → submitted (待审) → returned or published → unpublished.

"Scheduled" is not a status of its own: it is published with a publish_at still to
come (or on a page of an edition whose time is still to come), so that the one
publication rule decides when it goes live and nothing has to flip it at that minute.
Every step is kept as a Transition: who, when, and the editor's comment.

A desk whose statuses differ (the classifieds desk: received → paid → placed → signed off) gives
its model a `workflow_actions` of the same shape; its status still changes only here.

Placing an item on a page of an edition that has gone out changes a printed page: it is an editor's
correction (the newsroom.correct_printed_page permission), with a reason that is kept in the step's
record and shown to readers on that page (Page.correction, and the desk's own on_correction hook).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.models import Page, PreviewLink, Transition
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
CORRECT_PERMISSION = "newsroom.correct_printed_page"


class WorkflowError(ValueError):
    """A step the item's status does not allow; the message says why, in one sentence."""


def actions_for(item_or_model):
    return getattr(item_or_model, "workflow_actions", None) or ACTIONS


# Steps that are recorded under a name of their own.
RECORDED_AS = {"correct": _("更正(放到已出版的版面)"), "import": _("导入时直接签发")}


def label_of(item_or_model, action):
    actions = actions_for(item_or_model)
    return actions[action][2] if action in actions else RECORDED_AS.get(action, action)


def allowed(item, action):
    actions = actions_for(item)
    return action in actions and item.status in actions[action][0]


def available(item):
    """The actions the item's status allows now, in their order."""
    return [action for action in actions_for(item) if allowed(item, action)]


def may_correct(user):
    return user is not None and user.has_perm(CORRECT_PERMISSION)


def is_correction(item, page, now=None):
    """Putting `item` on `page` changes a page that has gone out (moving within it, or staying, does not)."""
    return page is not None and page.pk != item.page_id and page.edition.is_live(now)


def check_placement(item, page, user, reason):
    if not is_correction(item, page):
        return False
    if not may_correct(user):
        raise WorkflowError(
            _("%(page)s 这一期已经出版:放到已出版的版面上是编辑的更正,请选择还没有出版的一期。") % {"page": page}
        )
    if not reason.strip():
        raise WorkflowError(_("%(page)s 这一期已经出版:放上去是一次更正,请写明更正原因。") % {"page": page})
    return True


@transaction.atomic
def apply(item, action, user, *, comment="", publish_at=None, page=None, position=None):
    """Take one step; raises WorkflowError when the item's status does not allow it."""
    actions = actions_for(item)
    if action not in actions:
        raise WorkflowError(_("“%(item)s”没有“%(action)s”这一步。") % {"item": item, "action": action})
    sources, target, label = actions[action]
    if item.status not in sources:
        raise WorkflowError(
            _("“%(item)s”现在是%(status)s,不能%(action)s。")
            % {"item": item, "status": item.get_status_display(), "action": label}
        )
    if action == "return" and not comment.strip():
        raise WorkflowError(_("退回时请写明修改意见。"))
    if getattr(item, "workflow_needs_page", ()) and action in item.workflow_needs_page and (page or item.page) is None:
        raise WorkflowError(_("“%(item)s”还没有排到版面上,不能%(action)s。") % {"item": item, "action": label})
    correcting = check_placement(item, page, user, comment)
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
    if target == Status.UNPUBLISHED:
        PreviewLink.objects.of(item).revoke()  # withdrawn: its preview links end with it
    if correcting:
        record_correction(item, page, comment)
    return record(item, "correct" if correcting else action, before, user, comment)


def record(item, action, from_status, user, comment=""):
    """Keep a step the item has just taken (its status and time as saved) in its workflow record."""
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        action=action,
        from_status=from_status,
        to_status=item.status,
        publish_at=item.publish_at if item.status == Status.PUBLISHED else None,
        comment=comment,
        by=user,
    )


def record_correction(item, page, reason):
    """Readers see it on the page it changes, dated; a desk may say more (an article's 更正)."""
    today = timezone.localdate()
    line = _("%(date)s 更正:%(reason)s") % {"date": today.isoformat(), "reason": reason.strip()}
    page = Page.objects.get(pk=page.pk)
    page.correction = f"{page.correction}\n{line}".strip()
    page.save(update_fields=["correction"])
    hook = getattr(item, "on_correction", None)
    if hook is not None:
        hook(today, reason.strip())


def transitions_of(item):
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("by")


def display_name(user):
    """People by their names, not their logins: 任远 (family name first, as Chinese names are written)."""
    if user is None:
        return ""
    first, last = user.first_name.strip(), user.last_name.strip()
    if not (first or last):
        return user.username
    return f"{last}{first}" if not f"{first}{last}".isascii() else user.get_full_name()
