from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutagesConfig(AppConfig):
    name = "outages"
    verbose_name = _("停电公告")

    def ready(self):
        from newsroom import blocks
        from outages import importing

        blocks.register_block_reader("outages", importing.opens, importing.read_block, importing.read_group)
        blocks.register_writer(importing.KIND, importing.write_outage)
