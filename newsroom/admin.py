import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom import dashboard, import_admin, workflow  # noqa: F401 - import_admin registers 导入审阅
from newsroom.admin_mixins import preview_link_message
from newsroom.models import Edition, Page, PreviewLink, Staff, UnplacedLine
from newsroom.page_admin import page_change_link  # registers the page's admin: its image, PDF and regions
from newsroom.planning import plan
from newsroom.preview import make_link, render_preview
from newsroom.roles import ROLE_LABELS

admin.site.site_header = _("采编系统")
admin.site.site_title = _("采编系统")
admin.site.index_title = _("编辑部")


def _with_the_day(index, each_context):
    """The admin's home page carries each role's day (newsroom.dashboard) and the menu what waits for the user."""

    def home(request, extra_context=None):
        return index(request, {**dashboard.home(request), **(extra_context or {})})

    def context(request):
        return {**each_context(request), "menu_counts": SimpleLazyObject(lambda: dashboard.menu_counts(request))}

    return home, context


admin.site.index, admin.site.each_context = _with_the_day(admin.site.index, admin.site.each_context)


def is_editor(request):
    return request.user.has_perm("articles.publish_article")


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["code", "name", "order", "image_link", "preview_link"]
    readonly_fields = ["image_link", "preview_link"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if is_editor(request) else [name for name in fields if name not in ("preview_link", "image_link")]

    @admin.display(description=_("版面图"))
    def image_link(self, page):
        return page_change_link(page) if page.pk else "-"

    @admin.display(description=_("预览"))
    def preview_link(self, page):
        if not page.pk:
            return "-"
        url = reverse("admin:newsroom_edition_preview_page", args=[page.edition_id, page.code])
        return format_html('<a href="{}" target="_blank">预览</a>', url)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["date", "number", "publish_at", "is_live_label", "page_count", "preview_link"]
    date_hierarchy = "date"
    search_fields = ["note"]
    inlines = [PageInline]
    actions = ["make_preview_links"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    # A preview shows what goes out with the edition before its time: for editors only (a clerk views editions).
    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if is_editor(request) else [name for name in shown if name != "preview_link"]

    def has_publish_permission(self, request):
        return is_editor(request)

    @admin.display(description=_("版数"), ordering="page_count")
    def page_count(self, edition):
        return edition.page_count

    @admin.display(description=_("已上线"), boolean=True)
    def is_live_label(self, edition):
        return edition.is_live()

    @admin.display(description=_("预览"))
    def preview_link(self, edition):
        return format_html(
            '<a href="{}" target="_blank">预览</a>', reverse("admin:newsroom_edition_preview", args=[edition.pk])
        )

    @admin.action(description=_("生成预览链接(48小时有效)"), permissions=["publish"])
    def make_preview_links(self, request, queryset):
        for edition in queryset:
            link = make_link(edition, request.user)
            self.message_user(request, preview_link_message(edition, link, request), messages.INFO)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("planning/", view(self.planning_view), name="newsroom_planning"),
            path("preview-links/<int:pk>/revoke/", view(self.revoke_link_view), name="newsroom_previewlink_revoke"),
            path("<int:pk>/preview/", view(self.preview_view), name="newsroom_edition_preview"),
            path("<int:pk>/preview/<str:code>/", view(self.preview_view), name="newsroom_edition_preview_page"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk, code=None):
        edition = self.get_object(request, str(pk))
        if edition is None or not is_editor(request):
            raise Http404
        if code is None:
            return render_preview(request, edition)
        page = edition.pages.filter(code=code.upper()).first()
        if page is None:
            raise Http404
        return render_preview(request, page)

    def revoke_link_view(self, request, pk):
        """An editor ends a preview link at once (POST); back to the item it showed."""
        link = PreviewLink.objects.select_related("content_type").filter(pk=pk).first()
        if link is None or not is_editor(request):
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        PreviewLink.objects.filter(pk=link.pk).revoke()
        self.message_user(request, _("预览链接已撤销,打开它的人将看到“页面不存在”。"), messages.SUCCESS)
        meta = link.content_type.model_class()._meta
        try:
            return redirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[link.object_id]))
        except NoReverseMatch:
            return redirect("admin:index")

    def planning_view(self, request):
        if not is_editor(request):
            raise Http404
        try:
            days = min(max(int(request.GET.get("days", 3)), 1), 14)
        except ValueError:
            days = 3
        start = timezone.localtime()
        context = {
            **self.admin_site.each_context(request),
            "title": _("发布计划"),
            "plan": plan(start, start + datetime.timedelta(days=days)),
            "days": days,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/newsroom/planning.html", context)


@admin.register(UnplacedLine)
class UnplacedLineAdmin(admin.ModelAdmin):
    list_display = ["page", "line_no", "text", "reason", "resolved"]
    list_filter = ["resolved", "page__edition__date"]
    list_editable = ["resolved"]
    search_fields = ["text"]


class StaffForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=[(name, label) for name, label in ROLE_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("可以有几个角色;都不选则只能登录,看不到任何内容。"),
    )

    class Meta:
        model = Staff
        fields = ["last_name", "first_name", "email", "is_active"]
        labels = {"is_active": _("账号有效(取消即停用,不删除)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = list(
                self.instance.groups.filter(name__in=ROLE_LABELS).values_list("name", flat=True)
            )

    def save_roles(self):
        kept = self.instance.groups.exclude(name__in=ROLE_LABELS)  # 总编 and anything else stay as they are
        self.instance.groups.set([*kept, *Group.objects.filter(name__in=self.cleaned_data["roles"])])
        if self.cleaned_data["roles"] and not self.instance.is_staff:  # a role is worked in the admin
            type(self.instance).objects.filter(pk=self.instance.pk).update(is_staff=True)


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    """The editor-in-chief (newsroom.manage_staff) deactivates and reactivates accounts and gives the three roles,
    without a shell. Superusers are out of reach; passwords and permissions are not edited here."""

    form = StaffForm
    list_display = ["username", "name", "role_labels", "is_active", "last_login"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "first_name", "last_name"]
    readonly_fields = ["username", "last_login", "date_joined"]
    fields = ["username", "last_name", "first_name", "email", "roles", "is_active", "last_login", "date_joined"]
    actions = ["deactivate", "reactivate"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_superuser=False).prefetch_related("groups")

    def may_manage(self, request):
        return request.user.has_perm("newsroom.manage_staff")

    def has_module_permission(self, request):
        return self.may_manage(request)

    def has_view_permission(self, request, obj=None):
        return self.may_manage(request)

    def has_change_permission(self, request, obj=None):
        return self.may_manage(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("姓名"))
    def name(self, user):
        return workflow.display_name(user) if (user.first_name or user.last_name) else "-"

    @admin.display(description=_("角色"))
    def role_labels(self, user):
        return "、".join(group.name for group in user.groups.all()) or "-"

    def save_model(self, request, obj, form, change):
        if obj.pk == request.user.pk and not obj.is_active:
            obj.is_active = True
            self.message_user(request, _("不能停用自己的账号。"), messages.WARNING)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_roles()

    @admin.action(description=_("停用所选账号"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(request, _("已停用 %(count)d 个账号。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("恢复所选账号"), permissions=["change"])
    def reactivate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, _("已恢复 %(count)d 个账号。") % {"count": count}, messages.SUCCESS)
