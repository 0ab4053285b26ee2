from django.contrib import admin

from articles.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "page", "position", "publish_at"]
    list_filter = ["status", "page__edition__date"]
    search_fields = ["headline", "body"]
    date_hierarchy = "publish_at"
    list_select_related = ["page__edition"]
