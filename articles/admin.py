"""The news desk in the admin, built for a reporter at deadline."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.bylines import BylineError, parse_photo_credit
from articles.models import Article, Byline, Column, Contributor, Correction, Photo, PhotoCredit
from newsroom import workflow
from newsroom.admin_mixins import WorkflowAdmin, preview_link_message, preview_link_rows, step_action
from newsroom.preview import make_link, render_preview
from newsroom.publication import Status

# A reporter edits (and deletes) their own articles only while these; they see their own in every status (read-only
# once submitted), so a published story stays in their list and their recent actions.
REPORTER_EDITABLE = {Status.DRAFT, Status.RETURNED}


def is_editor(request):
    return request.user.has_perm("articles.publish_article")


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["contributor"]
    fields = ["order", "affiliation", "role", "contributor"]


class PhotoForm(forms.ModelForm):
    credit_text = forms.CharField(
        label=_("摄影署名"),
        required=False,
        help_text=_("照印出来的写,如 株洲日报记者 任远 通讯员/任晓磊 摄"),
        widget=forms.TextInput(attrs={"size": 50}),
    )

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit_text", "alt_text", "order"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["credit_text"].initial = self.instance.printed_credit

    def clean_credit_text(self):
        text = self.cleaned_data["credit_text"].strip()
        self.parsed_credits = []
        if text:
            try:
                self.parsed_credits = parse_photo_credit(text)
            except BylineError as exc:
                raise forms.ValidationError(str(exc)) from None
            for credit in self.parsed_credits:
                Contributor.match(credit)  # refuses an ambiguous name before anything is saved
        return text

    def save_credits(self):
        if "credit_text" in self.changed_data or not self.instance.credits.exists():
            self.instance.set_credits(self.parsed_credits)


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 0
    readonly_fields = ["thumbnail"]
    fields = ["thumbnail", "image", "caption", "credit_text", "alt_text", "order"]

    # Read-only (a story that is no longer the reporter's to change), the form's credit_text is this.
    @admin.display(description=_("摄影署名"))
    def credit_text(self, photo):
        return photo.printed_credit or "-"

    @admin.display(description=_("缩略图"))
    def thumbnail(self, photo):
        url = photo.sources.get("thumb", {}).get("jpg") if photo.pk else None
        return format_html('<img src="{}" alt="" style="max-width:160px;max-height:120px">', url) if url else "-"


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(WorkflowAdmin):
    list_display = ["headline", "kind", "status_label", "page_label", "position", "publish_at", "byline_label"]
    list_filter = ["status", "page__edition__date", "column", "kind"]
    search_fields = ["headline", "kicker", "subheadline", "body"]
    date_hierarchy = "publish_at"
    list_select_related = ["page__edition", "column"]
    autocomplete_fields = ["continues", "column"]
    inlines = [BylineInline, PhotoInline, CorrectionInline]
    readonly_fields = ["workflow_log", "preview_links"]
    change_form_template = "admin/articles/article/change_form.html"
    editor_steps = ("return", "schedule", "publish", "unpublish")
    actions = [
        step_action("submit", _("提交审核")),
        step_action("return", _("退回修改(写意见)"), name="return_to_reporter", editors_only=True),
        step_action("schedule", _("签发:上版或定时"), editors_only=True),
        step_action("publish", _("立即发布"), name="publish_now", editors_only=True),
        step_action("unpublish", _("撤下"), editors_only=True),
        "make_preview_links",
    ]
    content_fields = ["column", "kicker", "headline", "subheadline", "dateline", "body", "summary", "kind"]

    # -- who sees and changes what -------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("bylines__contributor")
        if is_editor(request):
            return queryset
        return queryset.filter(self.own(request))

    def changeable(self, request):
        """The articles this user may change now: a photo is attached only to these (the story's own rules)."""
        queryset = self.get_queryset(request)
        return queryset if is_editor(request) else queryset.filter(status__in=REPORTER_EDITABLE)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        picking_for_photo = request.GET.get("model_name") == "photo" and request.GET.get("field_name") == "article"
        if picking_for_photo and not is_editor(request):
            results = results.filter(status__in=REPORTER_EDITABLE)
        return results, may_have_duplicates

    @staticmethod
    def own(request):
        """Articles the user created or is bylined on."""
        bylined = Byline.objects.filter(contributor__user=request.user).values("article")
        return Q(created_by=request.user) | Q(pk__in=bylined)

    def is_own(self, request, obj):
        return Article.objects.filter(self.own(request), pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or is_editor(request):
            return allowed
        return self.is_own(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or is_editor(request):
            return allowed
        return obj.status in REPORTER_EDITABLE and self.is_own(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed or is_editor(request):
            return allowed
        return obj.status in REPORTER_EDITABLE and self.is_own(request, obj)

    def get_deleted_objects(self, objs, request):
        """Bulk delete obeys the same rule as deleting one: anything not deletable blocks the whole action."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(not self.has_delete_permission(request, obj) for obj in objs):
            perms_needed = {*perms_needed, str(Article._meta.verbose_name)}
        return deleted, model_count, perms_needed, protected

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        body = form.base_fields.get("body")
        if body is not None:  # 字数 beside the body: counted here, kept up to date as it is typed (admin.js)
            chars = len("".join((obj.body if obj else "").split()))
            body.help_text = format_html(
                '{} <span class="char-count" data-char-count-for="id_body">字数:<output>{}</output></span>',
                body.help_text,
                chars,
            )
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": list(self.content_fields)})]
        if is_editor(request):
            fieldsets += [
                (_("版面与发布"), {"fields": ["status", "publish_at", "page", "position"]}),
                (_("转版"), {"fields": ["continues", "continued_from_code", "jump_mark"], "classes": ["collapse"]}),
            ]
        if obj is not None:
            fieldsets.append((_("流程"), {"fields": ["workflow_log", "preview_links"]}))
        return self.with_lock_field(fieldsets, obj, request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_editor(request):
            for name in ("return_to_reporter", "schedule", "publish_now", "unpublish", "make_preview_links"):
                actions.pop(name, None)
        return actions

    # -- list columns and read-only fields ---------------------------------------------------------
    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return _("定时 %(when)s") % {"when": timezone.localtime(article.publish_at).strftime("%m-%d %H:%M")}
        return article.get_status_display()

    @admin.display(description=_("版面"), ordering="page__edition__date")
    def page_label(self, article):
        return f"{article.page.edition.date} {article.page.code}" if article.page_id else "-"

    @admin.display(description=_("署名"))
    def byline_label(self, article):
        return article.printed_byline.replace("\n", " ")

    @admin.display(description=_("预览"))
    def preview_links(self, article):
        if not article.pk:
            return "-"
        url = reverse("admin:articles_article_preview", args=[article.pk])
        return format_html('<a href="{}" target="_blank">预览(按上线时的样子)</a>', url)

    # -- saving and workflow actions -----------------------------------------------------------------
    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Photo:
            for photo_form in formset.forms:
                if photo_form.instance.pk and photo_form not in formset.deleted_forms:
                    photo_form.save_credits()

    @admin.action(description=_("生成预览链接(48小时有效)"), permissions=["publish"])
    def make_preview_links(self, request, queryset):
        for article in queryset:
            self.message_user(request, preview_link_message(article, make_link(article, request.user), request))

    def has_publish_permission(self, request):
        return is_editor(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if request.method == "GET" and article is not None and article.status == Status.RETURNED:
            returned = workflow.transitions_of(article).filter(action="return").first()
            if returned is not None:
                by = workflow.display_name(returned.by)
                self.message_user(
                    request,
                    _("编辑%(by)s退回了这篇稿件:%(comment)s") % {"by": by, "comment": returned.comment},
                    messages.WARNING,
                )
        extra_context = {
            **(extra_context or {}),
            # An editor's links for people without an account, each with its expiry, copy and revoke.
            "outside_links": preview_link_rows(article, request) if article is not None and is_editor(request) else "",
            "can_submit": article is not None
            and workflow.allowed(article, "submit")
            and self.has_change_permission(request, article),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_submit" in request.POST:
            self.run_step(request, Article.objects.filter(pk=obj.pk), "submit")
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit" in request.POST:
            self.run_step(request, Article.objects.filter(pk=obj.pk), "submit")
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    # -- preview -------------------------------------------------------------------------------------
    def get_urls(self):
        return [
            path("<int:pk>/preview/", self.admin_site.admin_view(self.preview_view), name="articles_article_preview"),
            *super().get_urls(),
        ]

    def preview_url(self, article):
        return reverse("admin:articles_article_preview", args=[article.pk])

    def preview_view(self, request, pk):
        article = self.get_object(request, str(pk))
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        return render_preview(request, article)


class PhotoCreditInline(admin.TabularInline):
    model = PhotoCredit
    extra = 1
    autocomplete_fields = ["contributor"]
    fields = ["order", "affiliation", "role", "contributor"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "credit_label"]
    search_fields = ["caption", "article__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "image", "caption", "alt_text", "order"]
    inlines = [PhotoCreditInline]

    # A photo goes with its article: a reporter reaches the photos of the articles they may reach.
    def article_admin(self):
        return self.admin_site._registry[Article]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(article__in=self.article_admin().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or self.article_admin().has_change_permission(request, obj.article)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or self.article_admin().has_change_permission(request, obj.article)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = self.article_admin().changeable(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("摄影署名"))
    def credit_label(self, photo):
        return photo.printed_credit


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "story_count", "photo_count", "user"]
    search_fields = ["name", "affiliation"]
    readonly_fields = ["stories", "photos"]

    def get_fields(self, request, obj=None):
        # Everyone's stories, drafts included, and the list of accounts are for editors' eyes.
        if not is_editor(request):
            return ["name", "affiliation", "bio"]
        return ["name", "affiliation", "user", "bio", "stories", "photos"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                story_count=Count("bylines__article", distinct=True),
                photo_count=Count("photo_credits__photo", distinct=True),
            )
        )

    @admin.display(description=_("稿件数"), ordering="story_count")
    def story_count(self, contributor):
        return contributor.story_count

    @admin.display(description=_("图片数"), ordering="photo_count")
    def photo_count(self, contributor):
        return contributor.photo_count

    @admin.display(description=_("稿件"))
    def stories(self, contributor):
        articles = Article.objects.filter(bylines__contributor=contributor).distinct().order_by("-publish_at")
        return (
            format_html_join(
                "",
                '<div><a href="../../../article/{}/change/">{}</a> ({})</div>',
                ((a.pk, a.headline, a.get_status_display()) for a in articles),
            )
            or "-"
        )

    @admin.display(description=_("图片"))
    def photos(self, contributor):
        photos = Photo.objects.filter(credits__contributor=contributor).select_related("article").distinct()
        return (
            format_html_join(
                "",
                '<div><a href="../../../photo/{}/change/">{}</a> · {}</div>',
                ((p.pk, p, p.article.headline) for p in photos),
            )
            or "-"
        )


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "banner", "slug"]
    search_fields = ["name"]
