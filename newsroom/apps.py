from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
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
        from newsroom import cache, preview, search, views
        from newsroom.models import Edition, Page

        post_migrate.connect(keep_roles, sender=self, dispatch_uid="newsroom.keep_roles")
        preview.register(Edition, lambda edition: [edition.publish_at], views.preview_edition)
        preview.register(Page, lambda page: [page.edition.publish_at], views.preview_page)
        search.connect_signals()
        cache.connect_signals()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that answers hostile input with a 400, not a 500 (newsroom/admin_site.py)."""

    default = False
    default_site = "newsroom.admin_site.NewsroomAdminSite"
