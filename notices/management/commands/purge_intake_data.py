"""Erase the filers' phone and ID numbers of notices printed longer ago than the retention, revisions included."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notices.models import PERSONAL_FIELDS, Notice, purge_from_history


class Command(BaseCommand):
    help = "Erase notice filers' phone and ID numbers older than the retention (NOTICE_INTAKE_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="days after printing to keep them (default NOTICE_INTAKE_RETENTION_DAYS, 730)",
        )
        parser.add_argument("--dry-run", action="store_true", help="say how many, erase nothing")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.NOTICE_INTAKE_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError(f"--days must be zero or more, not {days}.")
        cutoff = timezone.localdate() - datetime.timedelta(days=days)
        # Printed: the edition's day; never placed: the day it was received (or entered).
        printed_before = Q(page__edition__date__lt=cutoff) | Q(page__isnull=True, created_at__date__lt=cutoff)
        holding = Q()
        for name in PERSONAL_FIELDS:
            holding |= ~Q(**{name: ""})
        notices = Notice.objects.filter(printed_before)
        # A revision of a deleted notice has no notice to date it: it goes by its own date.
        revisions = Notice.history.filter(
            Q(id__in=notices.values("pk")) | (~Q(id__in=Notice.objects.values("pk")) & Q(history_date__date__lt=cutoff))
        )
        live_count = notices.filter(holding).count()
        history_count = revisions.filter(holding).count()
        if dry_run:
            self.stdout.write(
                f"Would erase the phone and ID numbers of {live_count} notices and {history_count} revisions "
                f"(printed before {cutoff})."
            )
            return
        with transaction.atomic():
            # An UPDATE, not save(): erasing is not an edit, and must not leave a revision with the old values.
            notices.filter(holding).update(**{name: "" for name in PERSONAL_FIELDS})
            purge_from_history(revisions, PERSONAL_FIELDS)
        self.stdout.write(
            f"Erased the phone and ID numbers of {live_count} notices and {history_count} revisions "
            f"(printed before {cutoff})."
        )
