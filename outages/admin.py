from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from newsroom.admin_mixins import HistoryAdmin, WorkflowAdmin, action_form_response, step_action
from newsroom.dates import chinese_date
from outages.forms import (
    CopyToDateForm,
    ImportTableForm,
    OutageEntryForm,
    OutageEntryFormSet,
    OutageEntryInlineForm,
    ReasonForm,
)
from outages.models import EntryStatus, OutageEntry, OutageNotice


class OutageEntryInline(admin.TabularInline):
    model = OutageEntry
    form = OutageEntryInlineForm
    formset = OutageEntryFormSet
    extra = 1
    fields = ["position", "line", "windows_text", "scope", "areas_text", "status", "reason"]
    show_change_link = True


@admin.register(OutageNotice)
class OutageNoticeAdmin(WorkflowAdmin):
    list_display = ["date", "title", "status", "publish_at", "page", "entry_count"]
    list_filter = ["status", "date"]
    date_hierarchy = "date"
    search_fields = ["title", "entries__line", "entries__areas__places__name"]
    list_select_related = ["page__edition"]
    fields = [
        "date",
        "title",
        "company",
        "warning",
        "status",
        "publish_at",
        "page",
        "position",
        "entries_link",
        "workflow_log",
    ]
    readonly_fields = ["entries_link"]
    actions = [
        step_action("schedule", _("签发:上版或定时")),
        step_action("publish", _("立即发布"), name="publish_now"),
        step_action("unpublish", _("撤下")),
    ]
    inlines = [OutageEntryInline]
    change_list_template = "outages/admin/notice_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=Count("entries"))

    @admin.display(description=_("条数"), ordering="entry_total")
    def entry_count(self, notice):
        return notice.entry_total

    @admin.display(description=_("延期、取消、复制"))
    def entries_link(self, notice):
        if not notice.pk:
            return "—"
        url = reverse("admin:outages_outageentry_changelist") + f"?notice__id__exact={notice.pk}"
        return format_html('<a href="{}">在停电安排列表中选择这张公告的各行</a>', url)

    def save_model(self, request, obj, form, change):
        """A corrected date moves the rows' windows with it (same clock times; their sequence goes up).

        The date before is read from the database, not from the form: restoring a revision shows the
        form with the revision's own date, and the rows must still move from the date they are on.
        """
        old_date = OutageNotice.objects.filter(pk=obj.pk).values_list("date", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if change and old_date and obj.date != old_date:
            offset = obj.date - old_date
            for entry in obj.entries.all():
                entry.set_windows([(start + offset, end + offset) for start, end in entry.localised_windows()])

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="outages_outagenotice_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Paste the printed table; it becomes a draft notice with its entries (the parser the importer uses)."""
        if not self.has_add_permission(request):
            return redirect("admin:outages_outagenotice_changelist")
        form = ImportTableForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            notice = OutageNotice.objects.create_from_parsed(form.parsed, page=form.cleaned_data["page"])
            self.message_user(
                request,
                f"已建立草稿公告“{notice}”,共 {len(form.parsed.entries)} 条停电安排;核对后签发。",
                messages.SUCCESS,
            )
            return redirect("admin:outages_outagenotice_change", notice.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("从报上的表格原文导入"),
            "form": form,
        }
        return TemplateResponse(request, "outages/admin/import.html", context)


def _entry_action_form(modeladmin, request, queryset, form_class, *, title, submit, action):
    """Render the intermediate page of an action; returns (form, response)."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        return form, None
    entries = queryset.select_related("notice")
    intro = _("所选的 %(count)d 条停电安排:") % {"count": len(entries)}
    return form, action_form_response(
        modeladmin, request, entries, form, action=action, title=title, submit=submit, intro=intro, label=entry_label
    )


def entry_label(entry):
    return f"{entry.notice.date} {entry.windows_text} {Truncator(entry.line).chars(60)}({entry.get_status_display()})"


@admin.register(OutageEntry)
class OutageEntryAdmin(HistoryAdmin):
    form = OutageEntryForm
    list_display = ["line_short", "notice_date", "windows_label", "districts", "status", "reason", "sequence"]
    list_filter = ["status", "notice__date", "areas__district"]
    search_fields = ["line", "scope", "areas__places__name"]
    list_select_related = ["notice"]
    readonly_fields = ["raw", "sequence"]
    fields = [
        "notice",
        "position",
        "line",
        "windows_text",
        "scope",
        "areas_text",
        "status",
        "reason",
        "raw",
        "sequence",
    ]
    actions = ["postpone_entries", "cancel_entries", "mark_done", "copy_to_date"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("windows", "areas")

    @admin.display(description=_("高压线路"), ordering="line")
    def line_short(self, entry):
        return entry.line if len(entry.line) <= 40 else entry.line[:40] + "…"

    @admin.display(description=_("停电日期"), ordering="notice__date")
    def notice_date(self, entry):
        return chinese_date(entry.notice.date)

    @admin.display(description=_("停电时间"))
    def windows_label(self, entry):
        return entry.windows_text

    @admin.display(description=_("区县"))
    def districts(self, entry):
        return "、".join(dict.fromkeys(area.district for area in entry.areas.all() if area.district))

    def _change_status(self, request, queryset, status, action, title, submit):
        form, response = _entry_action_form(
            self, request, queryset, ReasonForm, title=title, submit=submit, action=action
        )
        if response is not None:
            return response
        for entry in queryset:
            entry.set_status(status, form.cleaned_data["reason"])
        self.message_user(
            request, f"{queryset.count()} 条停电安排已标为“{EntryStatus(status).label}”。", messages.SUCCESS
        )
        return None

    @admin.action(description=_("延期所选停电安排(写明原因)"), permissions=["change"])
    def postpone_entries(self, request, queryset):
        return self._change_status(
            request, queryset, EntryStatus.POSTPONED, "postpone_entries", _("延期停电安排"), _("延期")
        )

    @admin.action(description=_("取消所选停电安排(写明原因)"), permissions=["change"])
    def cancel_entries(self, request, queryset):
        return self._change_status(
            request, queryset, EntryStatus.CANCELLED, "cancel_entries", _("取消停电安排"), _("取消停电")
        )

    @admin.action(description=_("标为已完成"), permissions=["change"])
    def mark_done(self, request, queryset):
        for entry in queryset:
            entry.set_status(EntryStatus.DONE, "")
        self.message_user(request, f"{queryset.count()} 条停电安排已标为“已完成”。", messages.SUCCESS)

    @admin.action(description=_("复制到另一天(草稿公告)"), permissions=["add"])
    def copy_to_date(self, request, queryset):
        form, response = _entry_action_form(
            self,
            request,
            queryset,
            CopyToDateForm,
            title=_("复制停电安排到另一天"),
            submit=_("复制"),
            action="copy_to_date",
        )
        if response is not None:
            return response
        day = form.cleaned_data["date"]
        copies = [entry.copy_to_date(day) for entry in queryset.select_related("notice")]
        done = [copy for copy in copies if copy is not None]
        skipped = len(copies) - len(done)
        if done:
            notice = done[0].notice
            url = reverse("admin:outages_outagenotice_change", args=[notice.pk])
            self.message_user(
                request,
                format_html('已复制 {} 条到 <a href="{}">{}</a>(草稿,核对后签发)。', len(done), url, chinese_date(day)),
                messages.SUCCESS,
            )
        if skipped:
            text = f"{skipped} 条在 {chinese_date(day)} 的草稿公告里已经有了,没有重复复制。"
            self.message_user(request, text, messages.WARNING)
        return None
