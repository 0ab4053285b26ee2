"""The three roles of the newsroom, as groups with permissions. A migration creates them (0004_roles)."""

from django.utils.translation import gettext_lazy as _

REPORTER, EDITOR, CLERK = "记者", "编辑", "分类广告"
ROLE_LABELS = {REPORTER: _("记者"), EDITOR: _("编辑"), CLERK: _("分类广告")}
# Not a fourth desk: an editor who also manages the staff's accounts and roles (given in the shell or by a superuser).
EDITOR_IN_CHIEF = "总编"

ALL = ("add", "change", "delete", "view")


def _perms(app_label, models, verbs=ALL):
    return [(app_label, f"{verb}_{model}") for model in models for verb in verbs]


# What each role may do, as (app_label, codename). Row-level rules (a reporter's own drafts only)
# live in the admin of each model; these are the doors, not the rooms.
ROLE_PERMISSIONS = {
    REPORTER: [
        *_perms("articles", ["article", "byline", "photo", "photocredit"]),
        *_perms("articles", ["contributor"], ("add", "view")),
        *_perms("articles", ["column"], ("view",)),
        *_perms("articles", ["historicalarticle"], ("view",)),
    ],
    EDITOR: [
        ("articles", "publish_article"),
        ("newsroom", "correct_printed_page"),
        *_perms("articles", ["article", "byline", "photo", "photocredit", "contributor", "column", "correction"]),
        *_perms("articles", ["historicalarticle"], ("view", "change")),
        *_perms("newsroom", ["edition", "page", "unplacedline"]),
        *_perms("newsroom", ["importrecord", "transition"], ("view",)),
        *_perms("newsroom", ["editionimport"], ("add", "view")),
        *_perms("newsroom", ["previewlink"], ("add", "change", "view")),
        *_perms("notices", ["notice"]),
        *_perms("notices", ["historicalnotice"], ("view", "change")),
        *_perms("outages", ["outagenotice", "outageentry", "outagewindow", "affectedarea", "place"]),
        *_perms("outages", ["historicaloutagenotice", "historicaloutageentry"], ("view", "change")),
        # Locked-out logins (django-axes): an editor sees them and unlocks one by deleting it.
        *_perms("axes", ["accessattempt"], ("view", "delete")),
    ],
    EDITOR_IN_CHIEF: [
        ("newsroom", "manage_staff"),
        *_perms("newsroom", ["staff"], ("change", "view")),
    ],
    CLERK: [
        *_perms("notices", ["notice"]),
        *_perms("notices", ["historicalnotice"], ("view", "change")),
        *_perms("newsroom", ["edition", "page"], ("view",)),
    ],
}


def sync_roles(apps, verbosity=0):
    """Create the groups and give them exactly ROLE_PERMISSIONS (permissions are created first if needed)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips an app without models_module, which the migration state's apps lack.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=verbosity)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        perms = [
            Permission.objects.filter(content_type__app_label=app, codename=codename).first()
            for app, codename in wanted
        ]
        # None only for an app whose tables a migration run has not made yet (axes in 0004_roles): post_migrate
        # runs this again once they are there.
        perms = [perm for perm in perms if perm is not None]
        group.permissions.set(perms)
