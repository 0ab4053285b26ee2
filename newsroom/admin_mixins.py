"""What every content item's admin shares: optimistic locking, who changed it, and revisions.

A form carries the version of the item it was opened on. Saving it over a newer
version is refused with a message naming who saved in between and when; the
refused text stays in the form, and the form now carries the newer version, so
the second person can merge and save again. Revisions (django-simple-history)
list every save with what changed, and restore an earlier one exactly.
"""

import datetime

from django import forms
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic
from simple_history.template_utils import HistoricalRecordContextHelper

from newsroom import search
from newsroom.dates import chinese_date

LOCK_FIELD = "seen_version"


class PageChoiceField(forms.ModelChoiceField):
    """A page to place items on, named as editors say it: 2020年4月28日 A2版 综合."""

    def label_from_instance(self, page):
        return f"{chinese_date(page.edition.date)} {page.code}版 {page.name}".strip()


class OptimisticLockForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # From the database, not the instance: a revision being restored carries its old version.
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            self.fields[LOCK_FIELD].initial = current.first()

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
        if seen != current.version:
            self.data = self.data.copy()
            self.data[self.add_prefix(LOCK_FIELD)] = current.version
            raise forms.ValidationError(
                _(
                    "“%(item)s”已被%(user)s于%(when)s修改并保存。你的修改还在下面的表单里,没有保存:"
                    "请对照最新内容(见“历史”)合并后再保存一次。"
                ),
                code="stale",
                params={
                    "item": current,
                    "user": (current.updated_by.get_full_name() or current.updated_by.username)
                    if current.updated_by
                    else _("其他人"),
                    "when": timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S"),
                },
            )
        self.instance.version = current.version
        return cleaned


class ReadableChanges(HistoricalRecordContextHelper):
    """The history page's "old → new" in the words of the form: choice labels, local times, (空) for nothing."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or (hasattr(value, "_meta") and getattr(value, "pk", 0) is None):
            return _("(空)")
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return super().prepare_delta_change_value(change, value)


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


class ContentAdmin(HistoryAdmin):
    """The admin of a content item (article, notice, outage notice)."""

    # A restore brings back text; going live or off is a workflow step with its own record.
    restore_keeps = ("status", "publish_at", "page", "position")

    form = OptimisticLockForm

    def get_fieldsets(self, request, obj=None):
        return self.with_lock_field(super().get_fieldsets(request, obj), obj)

    @staticmethod
    def with_lock_field(fieldsets, obj):
        """The form must carry the version it was opened on: a hidden field in the first fieldset."""
        if obj is None or any(LOCK_FIELD in opts.get("fields", ()) for _, opts in fieldsets):
            return fieldsets
        (name, first), *rest = fieldsets
        return [(name, {**first, "fields": [*first["fields"], LOCK_FIELD]}), *rest]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


def action_form_response(modeladmin, request, queryset, form, *, action, title, submit, intro="", label=str):
    """The intermediate page of an admin action that asks for something (a page, a reason, a comment)."""
    context = {
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
