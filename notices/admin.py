"""The classifieds desk's admin: fast intake, filters, and placing notices on an edition page."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.admin_mixins import ContentAdmin, OptimisticLockForm, PageChoiceField, action_form_response
from newsroom.dates import chinese_date
from newsroom.models import Edition, Page
from notices.models import CONTENT_FIELDS, PRIVATE_FIELDS, Notice, NoticeStatus
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
            "status",
            "page",
            "position",
            "publish_at",
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


class PlaceOnPageForm(forms.Form):
    date = forms.DateField(label=_("见报日期"), widget=forms.DateInput(attrs={"type": "date"}))
    code = forms.CharField(label=_("版次"), max_length=3, help_text=_("如 A2"))
    position = forms.IntegerField(
        label=_("起始位置"), required=False, min_value=0, help_text=_("留空则排在该版已有声明之后。")
    )

    def clean(self):
        data = super().clean()
        day, code = data.get("date"), (data.get("code") or "").strip().upper()
        if day and code:
            edition = Edition.objects.filter(date=day).first()
            if edition is None:
                raise forms.ValidationError(_("%(date)s 还没有建这一期报纸。") % {"date": chinese_date(day)})
            page = Page.objects.filter(edition=edition, code=code).first()
            if page is None:
                raise forms.ValidationError(
                    _("%(date)s 这一期没有 %(code)s 版。") % {"date": chinese_date(day), "code": code}
                )
            data["page"] = page
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
class NoticeAdmin(ContentAdmin):
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
    actions = ["place_on_page", "sign_off"]
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
        (_("排期与签发"), {"fields": ["status", ("page", "position"), "publish_at"]}),
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "page":
            kwargs["queryset"] = Page.objects.select_related("edition").order_by("-edition__date", "order", "code")
            kwargs["form_class"] = PageChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

    @admin.action(description=_("安排到版面…"), permissions=["change"])
    def place_on_page(self, request, queryset):
        form = PlaceOnPageForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            page = form.cleaned_data["page"]
            start = form.cleaned_data.get("position")
            if start is None:
                last = Notice.objects.filter(page=page).exclude(pk__in=queryset).aggregate(last=Max("position"))["last"]
                start = 1 if last is None else last + 1
            notices = list(queryset.order_by("received_on", "pk"))
            for offset, notice in enumerate(notices):
                notice.page, notice.position, notice.updated_by = page, start + offset, request.user
                if notice.status in (NoticeStatus.RECEIVED, NoticeStatus.PAID):
                    notice.status = NoticeStatus.SCHEDULED
                notice.save(update_fields=["page", "position", "status", "updated_at", "updated_by"])
            self.message_user(
                request,
                _("已把 %(count)d 条声明排到 %(page)s。")
                % {"count": len(notices), "page": PageChoiceField(Page.objects.none()).label_from_instance(page)},
                messages.SUCCESS,
            )
            return None
        if not form.is_bound:
            form = PlaceOnPageForm(initial={"date": timezone.localdate() + datetime.timedelta(days=1)})
        return action_form_response(
            self,
            request,
            queryset,
            form,
            action="place_on_page",
            title=_("安排到版面"),
            submit=_("安排"),
            intro=_("把下面 %(count)d 条声明排到:") % {"count": len(queryset)},
            label=lambda notice: notice.printed_line(),
        )

    @admin.action(description=_("签发所选声明(随该期报纸上线)"), permissions=["change"])
    def sign_off(self, request, queryset):
        placed = queryset.filter(page__isnull=False).exclude(status=NoticeStatus.PUBLISHED)
        count = 0
        for notice in placed:
            notice.status, notice.updated_by = NoticeStatus.PUBLISHED, request.user
            notice.save()
            count += 1
        unplaced = queryset.filter(page__isnull=True).count()
        self.message_user(request, _("已签发 %(count)d 条。") % {"count": count}, messages.SUCCESS)
        if unplaced:
            self.message_user(request, _("%(count)d 条还没有排版,未签发。") % {"count": unplaced}, messages.WARNING)
