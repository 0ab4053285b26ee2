from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def keep_roles(sender, apps=None, **kwargs):
    # The migration creates the roles on a fresh database; this keeps them after a flush (which the
    # browser tests' transactional database does between tests) and gives new models' permissions to them.
    from newsroom.roles import sync_roles

    if apps is None:
        from django.apps import apps
    sync_roles(apps)


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("报纸")

    def ready(self):
        from newsroom import cache, search

        post_migrate.connect(keep_roles, sender=self, dispatch_uid="newsroom.keep_roles")
        search.connect_signals()
        cache.connect_signals()
