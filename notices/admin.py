"""The classifieds desk's admin: fast intake, filters, and placing notices on an edition page."""

import datetime

from django import forms
from django.contrib import admin
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from newsroom.admin_mixins import OptimisticLockForm, WorkflowAdmin, step_action
from newsroom.dates import chinese_date
from newsroom.models import Edition
from notices.models import CONTENT_FIELDS, PRIVATE_FIELDS, Notice
from notices.printed import BULLET, parse_notice_line


class NoticeAdminForm(OptimisticLockForm):
    quick_line = forms.CharField(
        label=_("整行录入"),
        required=False,
        widget=forms.TextInput(attrs={"size": 90}),
        help_text=_(
            "可直接输入要见报的一整行,如 王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证;"
            "保存时拆成下面各项(以这一行为准)。"
        ),
    )
    # Kept exactly: a form would otherwise strip the stray blank of ·陈琰 遗失….
    print_separator = forms.CharField(label=_("遗失前的空白"), required=False, strip=False, max_length=4)

    class Meta:
        model = Notice
        fields = [
            *CONTENT_FIELDS,
            *PRIVATE_FIELDS,
            "position",
            "needs_review",
            "review_note",
            "raw_text",
        ]

    def clean(self):
        data = super().clean()
        line = (data.get("quick_line") or "").strip()
        if line:
            parsed = parse_notice_line(line if line.startswith(BULLET) else BULLET + line)
            if not parsed.readable:
                self.add_error("quick_line", _("无法识别这一行,请逐项填写下面各项。"))
            else:
                template = Notice()
                template.set_parsed(parsed)
                for name in CONTENT_FIELDS:
                    if name in self.fields:
                        data[name] = getattr(template, name)
                        self.errors.pop(name, None)
        return data


class EditionDateFilter(admin.SimpleListFilter):
    title = _("见报日期")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        dates = (
            Edition.objects.filter(pages__notices_notice_items__isnull=False)
            .distinct()
            .order_by("-date")
            .values_list("date", flat=True)[:60]
        )
        return [("none", _("未排版")), *((day.isoformat(), chinese_date(day)) for day in dates)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "none":
            return queryset.filter(page__isnull=True)
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(page__edition__date=day)


@admin.register(Notice)
class NoticeAdmin(WorkflowAdmin):
    form = NoticeAdminForm
    list_display = ["line", "document_type", "document_number", "status", "placement", "position", "needs_review"]
    list_filter = ["status", "document_type", EditionDateFilter, "needs_review", "received_on"]
    search_fields = [
        "declarants",
        "father_name",
        "mother_name",
        "document_number",
        "raw_text",
        "contact_phone",
        "filer_id_number",
    ]
    list_select_related = ["page__edition"]
    readonly_fields = ["preview", "created_at", "updated_at"]
    radio_fields = {"declarant_kind": admin.HORIZONTAL}
    actions = [
        step_action("pay", _("登记已付费")),
        step_action("place", _("安排到版面…"), name="place_on_page"),
        step_action("publish", _("签发所选声明(随该期报纸上线)"), name="sign_off"),
        step_action("unpublish", _("撤下所选声明")),
    ]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["quick_line", "preview"]}),
        (
            _("声明内容"),
            {
                "fields": [
                    ("declarants", "declarant_kind"),
                    ("father_name", "mother_name"),
                    ("address", "plate"),
                    ("document_type", "printed_type"),
                    ("number_prefix", "document_number"),
                    "issuer",
                    ("amount", "invoice_code", "quantity"),
                ]
            },
        ),
        (
            _("收件信息(内部,不公开)"),
            {"fields": [("contact_phone", "filer_id_number"), ("fee", "received_on")]},
        ),
        (_("排期与签发"), {"fields": ["status", ("page", "position"), "publish_at", "workflow_log"]}),
        (
            _("印刷格式与原文"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("address_first", "issuer_before_number", "print_separator"),
                    "needs_review",
                    "review_note",
                    "raw_text",
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]

    @admin.display(description=_("见报文字"))
    def line(self, notice):
        return str(notice)

    @admin.display(description=_("印出效果"))
    def preview(self, notice):
        return notice.printed_line() if notice.pk else "—"

    @admin.display(description=_("版面"), ordering="page__edition__date")
    def placement(self, notice):
        if notice.page is None:
            return "—"
        return f"{chinese_date(notice.page.edition.date)} {notice.page.code}"

    def kwargs_for_each(self, items, step, kwargs):
        """Placed notices follow those already on the page (or start where asked), in the order received."""
        if step != "place":
            return super().kwargs_for_each(items, step, kwargs)
        notices = list(items.order_by("received_on", "pk"))
        start = kwargs.get("position")
        if start is None:
            others = Notice.objects.filter(page=kwargs["page"]).exclude(pk__in=[n.pk for n in notices])
            last = others.aggregate(last=Max("position"))["last"]
            start = 1 if last is None else last + 1
        return [(notice, {**kwargs, "position": start + offset}) for offset, notice in enumerate(notices)]
