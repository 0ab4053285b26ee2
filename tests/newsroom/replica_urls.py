"""The site's URLs plus two views that read around a write and a transaction, for tests/newsroom/test_replica.py."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from newsroom.models import Edition
from newsroom.urls import urlpatterns as site_urlpatterns


def read_write_read(request):
    before = Edition.objects.count()
    Edition.objects.create(date=f"2030-01-{before + 1:02d}")
    after = Edition.objects.count()
    return HttpResponse(f"{before} {after}")


def read_in_and_after_a_transaction(request):
    with transaction.atomic():
        inside = Edition.objects.filter(number__isnull=True).count()
    after = Edition.objects.filter(number__isnull=False).count()
    return HttpResponse(f"{inside} {after}")


urlpatterns = [
    path("test/read-write-read/", read_write_read),
    path("test/read-in-and-after-a-transaction/", read_in_and_after_a_transaction),
    *site_urlpatterns,
]
