"""Create (or refresh) the demo editor and reporter accounts and print their passwords."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand

DEMO_ACCOUNTS = [
    # username, label, superuser, permissions (app_label.codename)
    ("editor", "编辑", True, []),
    ("reporter", "记者", False, ["articles.add_article", "articles.change_article", "articles.view_article"]),
]


class Command(BaseCommand):
    help = "创建演示用的编辑和记者账号,并打印新密码。"

    def handle(self, *args, **options):
        User = get_user_model()
        for username, label, superuser, perms in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = superuser
            user.save()
            for perm in perms:
                app_label, codename = perm.split(".")
                user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            self.stdout.write(f"{label}账号: {username}  密码: {password}")
