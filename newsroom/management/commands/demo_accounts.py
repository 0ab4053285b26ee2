"""Create (or refresh) one demo account per role and print their new passwords."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles.models import Contributor
from newsroom.roles import CLERK, EDITOR, EDITOR_IN_CHIEF, REPORTER

# username, roles, the contributor the account writes as (name, affiliation) or None
DEMO_ACCOUNTS = [
    ("chief", (EDITOR, EDITOR_IN_CHIEF), None),
    ("editor", (EDITOR,), None),
    ("reporter", (REPORTER,), ("任远", "株洲日报")),
    ("clerk", (CLERK,), None),
]


class Command(BaseCommand):
    help = "创建演示用的总编、编辑、记者和分类广告账号(各在其角色组里),并打印新密码。"

    def handle(self, *args, **options):
        User = get_user_model()
        for username, roles, writes_as in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = False
            user.save()
            user.groups.set(Group.objects.filter(name__in=roles))
            if writes_as and not Contributor.objects.filter(user=user).exists():
                # The reporter is bylined as a contributor of the sample, so their stories are theirs.
                contributor = Contributor.objects.filter(name=writes_as[0], affiliation=writes_as[1]).first()
                contributor = contributor or Contributor.objects.create(name=writes_as[0], affiliation=writes_as[1])
                contributor.user = user
                contributor.save()
            self.stdout.write(f"{'、'.join(roles)}账号: {username}  密码: {password}")
