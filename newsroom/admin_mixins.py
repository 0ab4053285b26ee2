"""What every content item's admin shares: optimistic locking, who changed it, and revisions.

A form carries the version of the item it was opened on. Saving it over a newer
version is refused with a message naming who saved in between and when; the
refused text stays in the form, and the form now carries the newer version, so
the second person can merge and save again. Revisions (django-simple-history)
list every save with what changed, and restore an earlier one exactly.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

LOCK_FIELD = "seen_version"


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
        current = model._default_manager.select_for_update(of=("self",)).select_related("updated_by").get(pk=self.instance.pk)
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


class ContentAdmin(SimpleHistoryAdmin):
    """The admin of a content item (article, notice, outage notice)."""

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
