"""The site's URLs plus one view that reads, writes and reads again, for tests/newsroom/test_replica.py."""

from django.http import HttpResponse
from django.urls import path

from newsroom.models import Edition
from newsroom.urls import urlpatterns as site_urlpatterns


def read_write_read(request):
    before = Edition.objects.count()
    Edition.objects.create(date=f"2030-01-{before + 1:02d}")
    after = Edition.objects.count()
    return HttpResponse(f"{before} {after}")


urlpatterns = [path("test/read-write-read/", read_write_read), *site_urlpatterns]
