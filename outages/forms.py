"""Admin forms: an entry's windows and areas typed as the paper prints them, read with the parser."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from newsroom.models import Page
from outages.models import EntryStatus, OutageEntry
from outages.parser import OutageParseError, format_areas, parse_areas, parse_outage_table, parse_windows


class OutageEntryForm(forms.ModelForm):
    """停电时间 ('19:00-20:00', '8:00-12:00、14:00-18:00') and 影响区域 ('荷塘区:财校三台区、…') as text."""

    windows_text = forms.CharField(
        label=_("停电时间"),
        help_text=_(
            "如 19:00-20:00 或 8:00-12:00、14:00-18:00;跨过午夜写 23:00-次日2:00;别的日期写 4月30日8:00-12:00。"
        ),
        widget=forms.TextInput(attrs={"size": 22}),
    )
    areas_text = forms.CharField(
        label=_("影响区域"),
        required=False,
        help_text=_("如 荷塘区:十三中三台区、财校三台区;芦淞区:…(不分区县的直接列出)"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
    )

    class Meta:
        model = OutageEntry
        fields = ["notice", "position", "line", "windows_text", "scope", "areas_text", "status", "reason"]
        widgets = {
            "line": forms.TextInput(attrs={"size": 40}),
            "scope": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "reason": forms.TextInput(attrs={"size": 24}),
            "position": forms.NumberInput(attrs={"style": "width:4em"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("windows_text", self.instance.windows_text)
            self.initial.setdefault("areas_text", self.instance.areas_text)

    def _notice(self):
        notice = self.cleaned_data.get("notice")
        if notice is None:
            try:
                notice = self.instance.notice
            except OutageEntry.notice.RelatedObjectDoesNotExist:
                notice = None
        return notice

    def clean(self):
        cleaned = super().clean()
        notice = self._notice()
        text = cleaned.get("windows_text")
        if text:
            if notice is None or notice.date is None:
                self.add_error("windows_text", _("请先填写公告的停电日期。"))
            else:
                try:
                    cleaned["windows"] = parse_windows(text, notice.date)
                except OutageParseError as error:
                    self.add_error("windows_text", error.message)
        cleaned["areas"] = parse_areas(cleaned.get("areas_text", ""))
        status = cleaned.get("status")
        if status in (EntryStatus.POSTPONED, EntryStatus.CANCELLED) and not cleaned.get("reason"):
            self.add_error("reason", _("延期或取消时请写明原因,读者会看到。"))
        return cleaned

    def identity(self):
        """What makes two rows of one notice identical."""
        data = self.cleaned_data
        windows = tuple(data.get("windows") or ())
        return (data.get("line", "").strip(), windows, data.get("scope", "").strip(), format_areas(data["areas"]))

    def save(self, commit=True):
        entry = super().save(commit=False)
        if commit:
            entry.save()
            self._save_windows_and_areas()
        else:
            save_m2m = self.save_m2m

            def save_all():
                save_m2m()
                self._save_windows_and_areas()

            self.save_m2m = save_all
        return entry

    def _save_windows_and_areas(self):
        entry = self.instance
        entry.set_windows(self.cleaned_data["windows"], bump=entry.windows.exists())
        if format_areas(self.cleaned_data["areas"]) != entry.areas_text or not entry.areas.exists():
            entry.set_areas(self.cleaned_data["areas"])


class OutageEntryInlineForm(OutageEntryForm):
    class Meta(OutageEntryForm.Meta):
        fields = ["position", "line", "windows_text", "scope", "areas_text", "status", "reason"]


class OutageEntryFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for number, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.errors:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            key = form.identity()
            if key in seen:
                raise ValidationError(
                    _("第%(a)s行和第%(b)s行完全相同:同一张公告里相同的两行只录一条。"),
                    params={"a": seen[key], "b": number},
                )
            seen[key] = number


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("向读者说明的原因"), max_length=300, widget=forms.TextInput(attrs={"size": 60}))


class CopyToDateForm(forms.Form):
    date = forms.DateField(label=_("复制到哪一天"), widget=forms.DateInput(attrs={"type": "date"}))


class ImportTableForm(forms.Form):
    text = forms.CharField(
        label=_("报上的表格原文"),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        help_text=_("从标题“2020年4月29日 检修停电安排(公告)”到最后一条分隔线,各栏以制表符分隔。"),
    )
    page = forms.ModelChoiceField(
        label=_("版面"),
        queryset=Page.objects.select_related("edition").order_by("-edition__date", "order"),
        required=False,
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            self.parsed = parse_outage_table(text.splitlines())
        except OutageParseError as error:
            raise ValidationError(error.message) from None
        return text
