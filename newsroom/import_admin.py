"""导入审阅: an editor pastes or uploads a page's text, sees the parse beside it, corrects it, then imports.

Nothing is written before the editor presses 导入; the command and this screen share newsroom.edition_review.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from newsroom.edition_review import PLACE_LABELS, read_page, review_lines, write_page
from newsroom.edition_text import MAX_BYTES, EditionTextError, decode, split_lines
from newsroom.models import PAGE_CODE_RE, EditionImport

FIXES = (
    ("", _("—")),
    ("story", _("从这行起是新稿件")),
    ("byline", _("这行是署名")),
    ("outage", _("属于一条停电安排")),
    ("unplaced", _("放入未归类")),
)


class ReviewForm(forms.Form):
    date = forms.DateField(label=_("出版日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    page_code = forms.CharField(label=_("版次"), max_length=4, initial="A1")
    page_name = forms.CharField(label=_("版名"), max_length=40, required=False)
    upload = forms.FileField(label=_("上传文本文件"), required=False, help_text=_("UTF-8 或 GB18030/GBK,不超过 5 MB"))
    text = forms.CharField(
        label=_("或粘贴一版的文字"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8, "cols": 80})
    )
    publish = forms.BooleanField(label=_("导入后直接签发(否则为草稿)"), required=False)

    def clean_page_code(self):
        code = self.cleaned_data["page_code"].strip().upper()
        if not PAGE_CODE_RE.match(code):
            raise ValidationError(_("版次应为一个大写字母加数字,如 A1、A2。"))
        return code

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise ValidationError(_("文件太大,一期报纸的文本不会超过 5 MB。"))
            try:
                data["text"] = decode(upload.read())
            except EditionTextError as exc:
                raise ValidationError(str(exc)) from None
        text = (data.get("text") or "").replace("\r\n", "\n")
        if not text.strip():
            raise ValidationError(_("请上传文件或粘贴文字。"))
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise ValidationError(_("文字太长,一期报纸的文本不会超过 5 MB。"))
        data["text"] = text
        return data


def corrections_from(post, lines):
    """The editor's choices on the screen -> corrections; 'outage' lines with only blank lines between them
    are one entry."""
    found = {"story": [], "byline": [], "unplaced": [], "outage": []}
    group = []
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        choice = post.get(f"fix-{no}", "")
        if choice == "outage":
            group.append(no)
            continue
        if group:
            found["outage"].append(group)
            group = []
        if choice in found and choice != "outage":
            found[choice].append(no)
    if group:
        found["outage"].append(group)
    return {key: value for key, value in found.items() if value}


def fix_of(corrections):
    chosen = {}
    for key in ("story", "byline", "unplaced"):
        for no in corrections.get(key, ()):
            chosen[no] = key
    for group in corrections.get("outage", ()):
        for no in group:
            chosen[no] = "outage"
    return chosen


@admin.register(EditionImport)
class EditionImportAdmin(admin.ModelAdmin):
    list_display = ["date", "page_code", "created_by", "created_at", "report"]
    readonly_fields = ["date", "page_code", "page_name", "digest", "corrections", "publish", "report", "created_by"]
    exclude = ["text"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.review_view)
        return [path("review/", view, name="newsroom_import_review"), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        return self.review_view(request)  # an import record is made by importing, on the review screen

    def review_view(self, request):
        if not request.user.has_perm("newsroom.add_editionimport"):
            return TemplateResponse(request, "403.html", status=403)
        context = {**self.admin_site.each_context(request), "title": _("导入审阅"), "opts": self.model._meta}
        if request.method != "POST":
            form = ReviewForm(initial={"date": datetime.date.today()})
            return TemplateResponse(request, "admin/newsroom/import_review.html", {**context, "form": form})
        form = ReviewForm(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(request, "admin/newsroom/import_review.html", {**context, "form": form}, status=400)
        data = form.cleaned_data
        text = data["text"]
        corrections = corrections_from(request.POST, split_lines(text)) if "reviewed" in request.POST else None
        read = read_page(text, data["date"], corrections)
        if request.POST.get("action") == "import":
            try:
                report = write_page(
                    read, data["page_code"], data["page_name"], publish=data["publish"], user=request.user
                )
            except ValidationError as exc:
                messages.error(request, _("导入失败,什么也没有写入:") + ";".join(exc.messages))
            else:
                messages.success(request, f"{data['date']} {data['page_code']}版:{report}")
                return redirect("admin:newsroom_editionimport_changelist")
        chosen = fix_of(read.corrections)
        lines = [
            {
                "no": no,
                "text": line,
                "place": place,
                "label": PLACE_LABELS.get(place, ""),
                "note": note,
                "fix": chosen.get(no, ""),
            }
            for no, line, place, note in review_lines(read)
        ]
        form = ReviewForm(initial={**data, "upload": None, "text": text})
        context.update(
            form=form,
            read=read,
            lines=lines,
            fixes=FIXES,
            articles=read.parse.articles,
            outages=[entry for notice, _ in read.parse.outages for entry in notice.entries],
            notices=[notice for notice, _ in read.parse.notices],
            accounting=read.parse.line_accounting(),
            places=PLACE_LABELS,
        )
        return TemplateResponse(request, "admin/newsroom/import_review.html", context)
