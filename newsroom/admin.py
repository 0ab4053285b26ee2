from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.models import Edition, Page

admin.site.site_header = _("采编系统")
admin.site.site_title = _("采编系统")
admin.site.index_title = _("编辑部")


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["code", "name", "order"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["date", "number", "publish_at", "page_count"]
    date_hierarchy = "date"
    search_fields = ["note"]
    inlines = [PageInline]

    @admin.display(description=_("版数"))
    def page_count(self, edition):
        return edition.pages.count()
