from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("新闻稿件")

    def ready(self):
        from articles import importing, views
        from articles.models import Article
        from newsroom import blocks, preview

        blocks.register_text_reader("articles", importing.read_text)
        blocks.register_writer(importing.KIND, importing.write_article)
        blocks.register_after_import("articles", importing.link_jumps)
        blocks.register_known_columns(importing.known_columns)
        preview.register(Article, views.preview_moments, views.render_article)
