"""The site's URLs with Django serving uploads, as SERVE_MEDIA=1 makes them (newsroom/urls.py)."""

from django.urls import re_path

from newsroom import views
from newsroom.urls import urlpatterns as site

urlpatterns = [*site, re_path(r"^media/(?P<path>.*)$", views.serve_media)]
