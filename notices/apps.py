from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("遗失声明")

    def ready(self):
        from newsroom import blocks
        from notices import importing

        blocks.register_block_reader("notices", importing.opens, importing.read_block)
        blocks.register_writer(importing.KIND, importing.write_notice)
