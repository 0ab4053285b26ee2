"""The page in the admin: its printed file (the PDF, or a JPEG or PNG) and the regions of its items on its image.

An editor uploads the file (checked and rendered by newsroom.page_files before anything is stored) and draws each
item's region on the image with static/newsroom/regions.js, which keeps them as JSON in the form's `page_regions` field
(readable, and editable by hand, without the script). When the page has a PDF with a text layer, 从 PDF 文字找位置
asks page_regions_auto for rectangles found from each item's headline (newsroom.regions): the script draws them, and
they are stored only when the editor saves the form.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom import converters, page_files, regions  # noqa: F401 - converters registers pagefile
from newsroom.models import Page
from newsroom.publication import placed_on
from newsroom.regions import region_key
from newsroom.views import admin_page_file_url, send_page_file


def region_targets(page):
    """{key: (item, label)}: every item placed on the page, of every desk and in any status (an editor draws the
    regions before the edition goes out), in printed order. The key is how a region names its item."""
    if page.pk is None:
        return {}
    return {region_key(item): (item, f"{item._meta.verbose_name}:{item}") for item in placed_on(page)}


class RegionEditor(forms.Textarea):
    """The regions as JSON in a textarea, and what regions.js needs to draw them on the page image."""

    editor = None  # set by PageForm: the image, the items, the automatic regions' URL

    def __init__(self, attrs=None):
        super().__init__({"rows": 4, "class": "vLargeTextField region-data", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        return render_to_string("admin/newsroom/page/region_editor.html", {"textarea": textarea, "editor": self.editor})


class PageForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("版面 PDF 或图片"),
        required=False,
        help_text=_(
            "印刷版面的 PDF(只取第一页,不超过 40 MB,不能加密),或 JPEG、PNG 图片;"
            "网站据此生成两种大小的版面图,PDF 供读者下载。换一个文件,原来的就删掉;热区保留。"
        ),
    )
    remove_files = forms.BooleanField(label=_("删除版面图和 PDF"), required=False)
    page_regions = forms.CharField(
        label=_("热区"),
        required=False,
        widget=RegionEditor,
        help_text=_("在版面图上为每篇稿件、每条声明和停电表画一个区域,读者点它就打开这一项(上线以后)。"),
    )

    class Meta:
        model = Page
        fields = ["edition", "code", "name", "order"]

    class Media:
        js = ["newsroom/regions.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        self.targets = region_targets(page)
        stored = [region.as_json() for region in page.region_list(self.targets)] if page.pk else []
        self.fields["page_regions"].initial = json.dumps(stored, ensure_ascii=False)
        widget = self.fields["page_regions"].widget = RegionEditor()
        widget.editor = {
            "image": admin_page_file_url(page, page.files["small"]["jpg"].rsplit("/", 1)[-1])
            if page.has_image
            else None,
            "width": page.files["small"]["width"] if page.has_image else None,
            "height": page.files["small"]["height"] if page.has_image else None,
            "auto": reverse("admin:newsroom_page_auto_regions", args=[page.pk]) if page.files.get("pdf") else None,
            "targets": [{"key": key, "label": label} for key, (_item, label) in self.targets.items()],
        }
        self.page_file = None

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                self.page_file = page_files.read_upload(upload, upload.name)
            except page_files.PageFileRejected as exc:
                raise ValidationError(str(exc), code="page_file_rejected") from None
        return upload

    def clean_page_regions(self):
        try:
            return regions.parse_regions(
                self.cleaned_data.get("page_regions"), {key: label for key, (_item, label) in self.targets.items()}
            )
        except regions.RegionError as exc:
            raise ValidationError(str(exc), code="regions") from None

    def clean(self):
        cleaned = super().clean()
        if self.page_file is not None and cleaned.get("remove_files"):
            self.add_error("remove_files", _("上传新文件和删除版面图只能选一样。"))
        return cleaned


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ["__str__", "has_image_label", "region_count"]
    list_filter = ["edition__date"]
    search_fields = ["code", "name"]
    list_select_related = ["edition"]
    fieldsets = [
        (None, {"fields": ["edition", "code", "name", "order"]}),
        (_("版面图"), {"fields": ["files_label", "upload", "remove_files", "page_regions"]}),
    ]
    readonly_fields = ["files_label"]

    def has_module_permission(self, request):
        # In the menu for those who upload and draw; the classifieds desk sees pages in their editions.
        return request.user.has_perm("newsroom.change_page")

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new page has no items to draw yet
            return [(None, {"fields": ["edition", "code", "name", "order"]}), (_("版面图"), {"fields": ["upload"]})]
        return super().get_fieldsets(request, obj)

    @admin.display(description=_("版面图"), boolean=True)
    def has_image_label(self, page):
        return page.has_image

    @admin.display(description=_("热区"))
    def region_count(self, page):
        return len(page.regions)

    @admin.display(description=_("现有文件"))
    def files_label(self, page):
        if not page.has_image:
            return _("还没有版面图。")
        large = page.files["large"]
        image = format_html(
            '<a href="{}" target="_blank">版面图 {}×{}</a>',
            admin_page_file_url(page, large["jpg"].rsplit("/", 1)[-1]),
            large["width"],
            large["height"],
        )
        if not page.files.get("pdf"):
            return image
        url = admin_page_file_url(page, page.files["pdf"].rsplit("/", 1)[-1])
        return format_html('{} · <a href="{}" target="_blank">PDF</a>', image, url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.page_file is not None:
            obj.set_files(form.page_file)
            if form.page_file.pages > 1:
                self.message_user(
                    request,
                    _("上传的 PDF 有 %(pages)d 页,只保留了第 1 页;其他版面请分别上传。")
                    % {"pages": form.page_file.pages},
                    messages.WARNING,
                )
        elif form.cleaned_data.get("remove_files"):
            obj.clear_files()
        if change and "page_regions" in form.cleaned_data:
            obj.set_regions(form.cleaned_data["page_regions"])

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/file/<pagefile:name>", view(self.file_view), name="newsroom_page_file"),
            path("<int:pk>/regions/auto/", view(self.auto_regions_view), name="newsroom_page_auto_regions"),
            *super().get_urls(),
        ]

    def file_view(self, request, pk, name):
        """The page's image or PDF for staff who may see the page, live or not (the region editor, previews)."""
        page = Page.objects.select_related("edition").filter(pk=pk).first()
        if page is None or not self.has_view_permission(request, page):
            raise Http404
        response = send_page_file(request, page, name)
        response["Cache-Control"] = "private, no-cache"
        return response

    def auto_regions_view(self, request, pk):
        """Rectangles for the page's items, found from their headlines in its PDF's text layer: JSON for regions.js,
        {"regions": [...], "missing": [names], "message": one sentence}. Nothing is stored."""
        page = Page.objects.filter(pk=pk).first()
        if page is None or not self.has_change_permission(request, page):
            raise Http404
        if not page.files.get("pdf"):
            return JsonResponse({"regions": [], "missing": [], "message": str(_("这一版没有 PDF,请手工画热区。"))})
        try:
            with storages["pages"].open(page.files["pdf"]) as stored:
                text = page_files.pdf_text(stored.read())
        except Exception:  # a stored PDF that no longer reads: the editor draws by hand
            return JsonResponse(
                {"regions": [], "missing": [], "message": str(_("读不出这个 PDF 的文字,请手工画热区。"))}
            )
        if not text.chars:
            message = _("这个 PDF 没有文字层(可能是扫描的图片),请手工画热区。")
            return JsonResponse({"regions": [], "missing": [], "message": str(message)})
        found, missing = [], []
        for key, (item, label) in region_targets(page).items():
            hit = regions.locate(text.chars, item.region_text())
            if hit:
                found.append((key, hit[0], item.region_extent))
            else:
                missing.append(label)
        proposed = regions.propose(text.width, text.height, found)
        message = _("按标题在 PDF 里找到 %(found)d 项,没找到 %(missing)d 项;请检查、修改后保存。") % {
            "found": len(proposed),
            "missing": len(missing),
        }
        return JsonResponse(
            {"regions": [region.as_json() for region in proposed], "missing": missing, "message": str(message)}
        )


def page_change_link(page):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:newsroom_page_change", args=[page.pk]),
        _("版面图和热区") if not page.has_image else _("版面图 ✓ 热区"),
    )
