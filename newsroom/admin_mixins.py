"""What every content item's admin shares: optimistic locking, who changed it, and revisions.

A form carries the version of the item it was opened on. Saving it over a newer
version is refused with a message naming who saved in between and when; the
refused text stays in the form, and the form now carries the newer version, so
the second person can merge and save again. Revisions (django-simple-history)
list every save with what changed, and restore an earlier one exactly.
"""

import datetime
import difflib
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, is_historic
from simple_history.template_utils import HistoricalRecordContextHelper

from newsroom import search, workflow
from newsroom.publication import DERIVED_FIELDS, Status

LOCK_FIELD = "seen_version"


class PageChoiceField(forms.ModelChoiceField):
    """A page to place items on, named as editors say it (Page.__str__): 2020年4月28日 A2版 综合."""


BASE_FIELD = "base_version"
# What the user decides for a field the other person changed: keep theirs, keep mine, or the text as merged in the form.
THEIRS, MINE, MERGE = "theirs", "mine", "merge"


def readable(field, value):
    """A field's value as the form's words say it: choice labels, names, local times, (空) for nothing."""
    if value is None or value == "":
        return str(_("(空)"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


@dataclass
class Conflict:
    """A field the other person changed since this user opened the form: theirs → yours."""

    name: str
    label: str
    theirs: str
    yours: str
    is_text: bool
    choice: str = ""


def comparable(value):
    return getattr(value, "pk", value)


class OptimisticLockForm(forms.ModelForm):
    """Carries the version the form was opened on (seen_version) and, after a refusal, the version the user first
    opened (base_version): the second save goes through only once every field the other person changed since then
    is decided (keep theirs / keep mine / merged text), so pressing save again never silently undoes their change."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    conflicts = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # From the database, not the instance: a revision being restored carries its old version.
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            self.fields[LOCK_FIELD].initial = current.first()

    def changes_since(self, base_version, current, cleaned):
        """The fields of this form the other person changed since base_version, where this form says otherwise."""
        model = type(current)
        base = model.history.filter(id=current.pk, version=base_version).order_by("-history_id").first()
        base = base.instance if base is not None else None
        names = {f.name: f for f in model._meta.concrete_fields}
        conflicts = []
        for name in self.fields:
            field = names.get(name)
            if field is None or name not in cleaned or name in (LOCK_FIELD, BASE_FIELD):
                continue
            theirs = field.value_from_object(current)
            if base is not None and field.value_from_object(base) == theirs:
                continue  # they did not change it
            mine = comparable(cleaned[name])
            if mine == theirs or (mine in (None, "") and theirs in (None, "")):
                continue  # both say the same
            shown_theirs = getattr(current, name) if field.is_relation else theirs
            conflicts.append(
                Conflict(
                    name=name,
                    label=str(field.verbose_name),
                    theirs=readable(field, shown_theirs),
                    yours=readable(field, cleaned[name]),
                    is_text=isinstance(field, models.CharField | models.TextField) and not field.choices,
                    choice=self.data.get(f"resolve_{name}", ""),
                )
            )
        return conflicts

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        model = type(self.instance)
        # Locked until the admin's transaction ends, so two saves cannot both pass this check.
        current = (
            model._default_manager.select_for_update(of=("self",)).select_related("updated_by").get(pk=self.instance.pk)
        )
        seen = cleaned.get(LOCK_FIELD)
        base = cleaned.get(BASE_FIELD) or seen
        if seen != current.version:
            self.conflicts = self.changes_since(base, current, cleaned)
            self.data = self.data.copy()
            self.data[self.add_prefix(LOCK_FIELD)] = current.version
            self.data[self.add_prefix(BASE_FIELD)] = base
            raise forms.ValidationError(
                _(
                    "“%(item)s”已被%(user)s于%(when)s修改并保存。你的修改还在下面的表单里,没有保存:"
                    "下表逐项列出对方改了什么(对方的 → 你的),请逐项选择保留对方的、保留我的或合并文字,再保存一次。"
                ),
                code="stale",
                params={
                    "item": current,
                    "user": workflow.display_name(current.updated_by) or _("其他人"),
                    "when": timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S"),
                },
            )
        if base is not None and base != seen:
            self.resolve(self.changes_since(base, current, cleaned), current, cleaned)
        self.instance.version = current.version
        return cleaned

    def resolve(self, conflicts, current, cleaned):
        """Apply the user's decisions; refuse again while any field the other person changed is undecided."""
        undecided = []
        for conflict in conflicts:
            if conflict.choice == THEIRS:
                cleaned[conflict.name] = getattr(current, conflict.name)
            elif conflict.choice not in (MINE, MERGE) or (conflict.choice == MERGE and not conflict.is_text):
                undecided.append(conflict)
        if undecided:
            self.conflicts = conflicts
            raise forms.ValidationError(
                _("对方改过的这几项还没有选择保留谁的:%(fields)s。请逐项选择后再保存。"),
                code="undecided",
                params={"fields": "、".join(conflict.label for conflict in undecided)},
            )


class ReadableChanges(HistoricalRecordContextHelper):
    """The history page's "old → new" in the words of the form: choice labels, local times, (空) for nothing, and
    the whole text (not "[168 chars]")."""

    def __init__(self, model, record):
        super().__init__(model, record, max_displayed_delta_change_chars=100_000)

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return _("(空)")
            return _("已删除的%(what)s") % {"what": value.model._meta.verbose_name}
        if value is None or value == "" or (hasattr(value, "_meta") and getattr(value, "pk", 0) is None):
            return _("(空)")
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return super().prepare_delta_change_value(change, value)


SKIPPED_IN_COMPARISON = {"id", "version", "created_at", "created_by", "updated_by", *DERIVED_FIELDS}


def marked_diff(old, new):
    """Two texts with what changed marked: (old with <del>, new with <ins>), character by character (Chinese)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left, right = [], []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(old[a1:a2]))
            right.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            left.append(format_html("<del>{}</del>", old[a1:a2]))
        if b2 > b1:
            right.append(format_html("<ins>{}</ins>", new[b1:b2]))
    # Every piece is escaped above.
    return mark_safe("".join(left)), mark_safe("".join(right))


def compare_rows(model, older, newer):
    """(label, older, newer, changed) for each field a reader of the form knows, in the model's order."""
    rows = []
    for field in model._meta.concrete_fields:
        if field.name in SKIPPED_IN_COMPARISON or not hasattr(older, field.attname):
            continue  # bookkeeping, or not kept in revisions
        old, new = field.value_from_object(older), field.value_from_object(newer)
        if field.is_relation:
            old_shown = readable(field, getattr(older.instance, field.name, None) if old is not None else None)
            new_shown = readable(field, getattr(newer.instance, field.name, None) if new is not None else None)
        else:
            old_shown, new_shown = readable(field, old), readable(field, new)
        changed = old != new
        if changed and isinstance(old, str) and isinstance(new, str) and not field.choices:
            old_shown, new_shown = marked_diff(old, new)
        rows.append((capfirst(field.verbose_name), old_shown, new_shown, changed))
    return rows


class HistoryAdmin(SimpleHistoryAdmin):
    """Revisions in the admin under the same rules as the item itself.

    simple-history judges a revision by its own old values (a reporter's draft of a story
    published since), restores it on any POST from someone who may only view, and saves
    every field of the revision. Here a revision of an item that exists is judged by the
    item as it is now: seen by whoever may view the item, restored by whoever may change
    it; a deleted item is restored by whoever may add one. A restore is an edit of the item
    as it is now: what the form shows comes back from the revision, the rest (the status a
    reporter cannot set, an outage row's calendar sequence, the version) stays as it is.
    Fields named in `restore_keeps` always stay as they are.
    """

    restore_keeps = ()

    def changeform_view(self, *args, **kwargs):
        # The item and then its inlines (bylines, photos, rows) are saved one by one: index its text once, at the end.
        with search.batch():
            return super().changeform_view(*args, **kwargs)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_compare"
        view = self.admin_site.admin_view(self.compare_view)
        # Before simple-history's <object_id>/history/<version_id>/, which would take "compare" for a version.
        return [path("<path:object_id>/history/compare/", view, name=name), *super().get_urls()]

    def compare_view(self, request, object_id):
        """Two revisions side by side, the changes marked, with a restore of either (the history's own form)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_history_or_change_history_permission(request, obj):
            raise Http404
        wanted = [request.GET.get("a", ""), request.GET.get("b", "")]
        revisions = obj.history.filter(history_id__in=[int(n) for n in wanted if n.isdigit()])
        try:
            older, newer = sorted(revisions, key=lambda r: (r.history_date, r.history_id))
        except ValueError:  # not two revisions of this item
            messages.warning(request, _("请在“历史”里选出两个不同的修订来比较。"))
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("比较修订:%(item)s") % {"item": obj},
            "older": older,
            "newer": newer,
            "rows": compare_rows(self.model, older, newer),
            "restore_url": lambda record: reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_simple_history", args=[obj.pk, record.history_id]
            ),
        }
        context["restore_older"] = context["restore_url"](older)
        context["restore_newer"] = context["restore_url"](newer)
        return TemplateResponse(request, "admin/compare_revisions.html", context)

    @transaction.atomic
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Atomic like the change form: the lock's SELECT … FOR UPDATE needs a transaction on PostgreSQL.
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is not None:
                allowed = self.has_change_permission(request, current)
            else:  # out of this user's reach, or deleted
                allowed = not self.item_exists(object_id) and self.has_add_permission(request)
            if not allowed:
                raise PermissionDenied
        with search.batch():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def item_exists(self, object_id):
        try:
            return self.model._default_manager.filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            return False

    def as_now(self, obj):
        """For a revision (simple-history passes one to the checks below): the item as it is now, if it exists."""
        if obj is not None and is_historic(obj):
            return self.model._default_manager.filter(pk=obj.pk).first() or obj
        return obj

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return super().has_view_history_or_change_history_permission(request, self.as_now(obj))

    def has_view_history_permission(self, request, obj=None):
        return super().has_view_history_permission(request, self.as_now(obj))

    def has_change_history_permission(self, request, obj=None):
        return super().has_change_history_permission(request, self.as_now(obj))

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        if not (change and is_historic(form.instance)):
            return obj
        current = self.model._default_manager.filter(pk=obj.pk).first()
        if current is None:
            return obj  # a deleted item comes back whole
        for field in obj._meta.concrete_fields:
            if field.name in form.fields and field.name not in self.restore_keeps:
                setattr(current, field.attname, getattr(obj, field.attname))
        return current


OPEN_WINDOW = datetime.timedelta(minutes=5)


def others_with_it_open(obj, user, now=None):
    """Who else opened this item's edit page in the last OPEN_WINDOW, and when (newest first); notes this user's
    opening. Kept in the shared cache: a warning, never a lock."""
    now = now or timezone.now()
    key = f"newsroom:open:{obj._meta.label_lower}:{obj.pk}"
    seen = {uid: (name, at) for uid, (name, at) in (cache.get(key) or {}).items() if now - at < OPEN_WINDOW}
    others = sorted(
        ((name, at) for uid, (name, at) in seen.items() if uid != user.pk), key=lambda o: o[1], reverse=True
    )
    seen[user.pk] = (workflow.display_name(user), now)
    cache.set(key, seen, int(OPEN_WINDOW.total_seconds()))
    return others


class ContentAdmin(HistoryAdmin):
    """The admin of a content item (article, notice, outage notice)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                for name, at in others_with_it_open(obj, request.user):
                    self.message_user(
                        request,
                        _("%(name)s 在 %(when)s 也打开了这一条,可能正在修改:保存时如有冲突,会逐项列出请你选择。")
                        % {"name": name, "when": timezone.localtime(at).strftime("%H:%M")},
                        messages.WARNING,
                    )
        return super().change_view(request, object_id, form_url, extra_context)

    # A restore brings back text; going live or off is a workflow step with its own record.
    restore_keeps = ("status", "publish_at", "page", "position")

    form = OptimisticLockForm

    def get_fieldsets(self, request, obj=None):
        return self.with_lock_field(super().get_fieldsets(request, obj), obj, request)

    def with_lock_field(self, fieldsets, obj, request):
        """The form must carry the version it was opened on: a hidden field in the first fieldset (none in a
        read-only view, where it would show as a field of its own)."""
        if obj is None or any(LOCK_FIELD in opts.get("fields", ()) for _, opts in fieldsets):
            return fieldsets
        if not (self.has_change_permission(request, obj) or is_historic(obj)):
            return fieldsets
        (name, first), *rest = fieldsets
        return [(name, {**first, "fields": [*first["fields"], LOCK_FIELD, BASE_FIELD]}), *rest]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


def action_form_response(modeladmin, request, queryset, form, *, action, title, submit, intro="", label=str, back=None):
    """The intermediate page of an admin action that asks for something (a page, a reason, a comment); `back`:
    the page it was asked from (an edit page's button), posted to and returned to, instead of the list."""
    context = {
        "back": back,
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "intro": intro,
        "items": [(obj.pk, label(obj)) for obj in queryset],
        "form": form,
        "action": action,
        "submit": submit,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


# -- the workflow in the admin ----------------------------------------------------------------------------


CORRECTABLE_DAYS = 60  # how far back an editor's placing form reaches (older corrections: the edition's own pages)


def pages_to_offer(user, now=None):
    """Pages to place items on: of editions still to come for everyone; an editor (who may correct a printed
    page) also sees the last weeks' editions that have gone out."""
    from newsroom.models import Page

    now = now or timezone.now()
    today = timezone.localdate(now)
    to_come = Q(edition__date__gte=today) & (Q(edition__publish_at__isnull=True) | Q(edition__publish_at__gt=now))
    if workflow.may_correct(user):
        to_come |= Q(edition__date__gte=today - datetime.timedelta(days=CORRECTABLE_DAYS))
    return Page.objects.filter(to_come).select_related("edition").order_by("edition__date", "order", "code")


class PlacementPageField(PageChoiceField):
    """The one way to pick a page, in every desk's placing form: named as editors say it, gone-out pages marked."""

    def label_from_instance(self, page):
        label = super().label_from_instance(page)
        return f"{label}(已出版,放上去是更正)" if page.edition.is_live() else label


class StepForm(forms.Form):
    """What a workflow step asks for. Subclasses add fields; `user` decides which pages are offered."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "page" in self.fields:
            pages = pages_to_offer(user)
            field = self.fields["page"]
            field.queryset = pages
            if not pages.exists():
                field.help_text = _("还没有尚未出版的报纸可以选:请先在“报纸 › 期”里新建一期并加上版面,再回来安排。")
        if "reason" in self.fields and not workflow.may_correct(user):
            del self.fields["reason"]

    def step_kwargs(self):
        data = self.cleaned_data
        kwargs = {}
        if "page" in data:
            kwargs["page"] = data["page"]
        if data.get("publish_at"):
            kwargs["publish_at"] = data["publish_at"]
        if data.get("position") is not None:
            kwargs["position"] = data["position"]
        comment = data.get("comment") or data.get("reason") or ""
        if comment:
            kwargs["comment"] = comment
        return kwargs


REASON = forms.CharField(
    label=_("更正原因"),
    required=False,
    widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    help_text=_("放到已经出版的一期上时必填:读者会在那一版上看到这条更正。"),
)


class ReturnForm(StepForm):
    comment = forms.CharField(label=_("修改意见"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))


class ScheduleForm(StepForm):
    page = PlacementPageField(
        label=_("版面"),
        queryset=None,
        required=False,
        help_text=_("放上版面的稿件随该期报纸上线;不选则作为网络首发稿,按下面的时间上线。"),
    )
    publish_at = forms.DateTimeField(
        label=_("发布时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("精确到分钟;留空:上版的稿件随报纸,网络首发稿立即。"),
    )
    reason = REASON


class PlaceForm(StepForm):
    page = PlacementPageField(label=_("版面"), queryset=None)
    position = forms.IntegerField(
        label=_("起始位置"), required=False, min_value=0, help_text=_("留空则排在该版已有内容之后。")
    )
    reason = REASON


STEP_FORMS = {"return": ReturnForm, "schedule": ScheduleForm, "place": PlaceForm}


def step_action(step, description, *, name=None, editors_only=False):
    """A list action (for batches) named `name` that takes one workflow step on each selected item."""

    def run(modeladmin, request, queryset):
        return modeladmin.take_step(request, queryset, step, action=run.__name__)

    run.__name__ = name or step
    return admin.action(description=description, permissions=["publish" if editors_only else "change"])(run)


class WorkflowAdmin(ContentAdmin):
    """A desk's admin whose items change status only through newsroom.workflow: the status (and the schedule and
    page it sets) is read-only in every form; each step is a list action and a button on the edit page, and
    leaves a Transition."""

    workflow_fields = ("status", "publish_at", "page")
    editor_steps = ()  # steps only for who has the desk's publish permission (has_publish_permission)
    change_form_template = "admin/workflow_change_form.html"

    def has_publish_permission(self, request):
        return self.has_change_permission(request)

    def get_readonly_fields(self, request, obj=None):
        shown = list(super().get_readonly_fields(request, obj))
        return shown + [name for name in (*self.workflow_fields, "workflow_log") if name not in shown]

    def may_step(self, request, step, obj=None):
        if step in self.editor_steps:
            return self.has_publish_permission(request)
        return self.has_change_permission(request, obj)

    @admin.display(description=_("流程记录"))
    def workflow_log(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        rows = (
            (
                timezone.localtime(step.at).strftime("%Y-%m-%d %H:%M"),
                workflow.display_name(step.by) or "-",
                workflow.label_of(obj, step.action),
                f":{step.comment}" if step.comment else "",
            )
            for step in workflow.transitions_of(obj)
        )
        return format_html_join("", "<div>{} {} {}{}</div>", rows) or "-"

    def kwargs_for_each(self, items, step, kwargs):
        """(item, what its step takes) for each item, in the order they are taken: a desk may lay them out."""
        return [(item, kwargs) for item in items]

    def run_step(self, request, items, step, **kwargs):
        done = []
        for item, item_kwargs in self.kwargs_for_each(items, step, kwargs):
            if not self.may_step(request, step, item):
                self.message_user(request, _("你不能对“%(item)s”这样做。") % {"item": item}, messages.WARNING)
                continue
            try:
                workflow.apply(item, step, request.user, **item_kwargs)
            except workflow.WorkflowError as exc:
                self.message_user(request, str(exc), messages.WARNING)
                continue
            done.append(item)
            if item.status == Status.PUBLISHED and not item.is_live():
                since = item.live_since
                when = timezone.localtime(since).strftime("%Y-%m-%d %H:%M") if since else _("该期报纸定下时间后")
                self.message_user(
                    request,
                    _("“%(item)s”已签发,%(when)s 上线(随所在的报纸或按定时)。") % {"item": item, "when": when},
                )
        if done:
            label = workflow.label_of(self.model, step)
            self.message_user(request, _("%(action)s:%(count)d 项。") % {"action": label, "count": len(done)})
        return done

    def take_step(self, request, queryset, step, *, back=None, action=""):
        """A step on these items: asks what it needs first (a comment, a page), then takes it."""
        form_class = STEP_FORMS.get(step)
        if form_class is None:
            self.run_step(request, queryset, step)
            return None
        form = form_class(request.POST if "apply" in request.POST else None, user=request.user)
        if form.is_bound and form.is_valid():
            self.run_step(request, queryset, step, **form.step_kwargs())
            return None
        label = workflow.label_of(self.model, step)
        return action_form_response(
            self,
            request,
            queryset,
            form,
            action=action if back is None else "",
            title=label,
            submit=label,
            intro=_("所选的 %(count)d 项:") % {"count": len(queryset)},
            back=back,
        )

    def step_view(self, request, object_id, step):
        """/<pk>/step/<step>/: a button of the edit page; back to the edit page when done."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or step not in workflow.actions_for(self.model):
            raise Http404
        if not self.may_step(request, step, obj):
            raise PermissionDenied
        back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        if request.method != "POST":
            return redirect(back)
        response = self.take_step(request, self.model._default_manager.filter(pk=obj.pk), step, back=back)
        return response if response is not None else redirect(back)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_step"
        view = self.admin_site.admin_view(self.step_view)
        return [path("<path:object_id>/step/<str:step>/", view, name=name), *super().get_urls()]

    def preview_url(self, obj):
        """Where a desk previews an item that is not live yet (None: no preview)."""
        return None

    def get_view_on_site_url(self, obj=None):
        # 在站点上查看 on something readers cannot see yet leads to its preview, not to the public 404.
        if obj is None or obj.pk is None:
            return None
        if not obj.is_live():
            return self.preview_url(obj)
        return super().get_view_on_site_url(obj)

    def workflow_buttons(self, request, obj):
        if obj is None:
            return []
        url_name = f"admin:{self.opts.app_label}_{self.opts.model_name}_step"
        return [
            {"step": step, "label": workflow.label_of(obj, step), "url": reverse(url_name, args=[obj.pk, step])}
            for step in workflow.available(obj)
            if self.may_step(request, step, obj)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = self.workflow_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


def preview_link_rows(obj, request):
    """An item's preview links still valid, each with its expiry, a copy button and a revoke button (this posts the
    form it sits in to the revoke view, which reads nothing else of it)."""
    from newsroom.models import PreviewLink
    from newsroom.preview import link_url

    rows = []
    for link in PreviewLink.objects.of(obj).valid().order_by("expires_at"):
        url = request.build_absolute_uri(link_url(link)) if request else link_url(link)
        revoke = reverse("admin:newsroom_previewlink_revoke", args=[link.pk])
        rows.append(
            format_html(
                '<div class="preview-link"><a href="{}" target="_blank">{}</a> <span class="quiet">{} 失效</span> '
                '<button type="button" class="button" data-copy="{}">复制链接</button> '
                '<button type="submit" class="button" formaction="{}" formmethod="post" formnovalidate>'
                "撤销</button></div>",
                url,
                url,
                timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M"),
                url,
                revoke,
            )
        )
    return mark_safe("".join(rows))  # each row is format_html'd


def preview_link_message(obj, link, request):
    from newsroom.preview import link_url

    url = request.build_absolute_uri(link_url(link))
    return format_html(
        '{}:<a href="{}">{}</a>({} 失效) <button type="button" class="button" data-copy="{}">复制链接</button>',
        obj,
        url,
        url,
        timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M"),
        url,
    )
