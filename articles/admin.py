"""The news desk in the admin, built for a reporter at deadline."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from articles.bylines import BylineError, parse_photo_credit
from articles.models import Article, Byline, Column, Contributor, Correction, Photo, PhotoCredit


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


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "kind", "status", "page_label", "position", "publish_at", "byline_label"]
    list_filter = ["status", "page__edition__date", "column", "kind"]
    search_fields = ["headline", "kicker", "subheadline", "body"]
    date_hierarchy = "publish_at"
    list_select_related = ["page__edition", "column"]
    autocomplete_fields = ["continues", "column"]
    inlines = [BylineInline, PhotoInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["column", "kicker", "headline", "subheadline", "dateline", "body", "summary", "kind"]}),
        (_("版面与发布"), {"fields": ["status", "publish_at", "page", "position"]}),
        (_("转版"), {"fields": ["continues", "continued_from_code", "jump_mark"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__contributor")

    @admin.display(description=_("版面"), ordering="page__edition__date")
    def page_label(self, article):
        return f"{article.page.edition.date} {article.page.code}" if article.page_id else "-"

    @admin.display(description=_("署名"))
    def byline_label(self, article):
        return article.printed_byline.replace("\n", " ")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Photo:
            for photo_form in formset.forms:
                if photo_form.instance.pk and photo_form not in formset.deleted_forms:
                    photo_form.save_credits()


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

    @admin.display(description=_("摄影署名"))
    def credit_label(self, photo):
        return photo.printed_credit


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "story_count", "photo_count", "user"]
    search_fields = ["name", "affiliation"]
    readonly_fields = ["stories", "photos"]
    fields = ["name", "affiliation", "user", "bio", "stories", "photos"]

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
