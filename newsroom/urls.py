from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from newsroom import (
    api,
    converters,  # noqa: F401 - registers isodate and pagecode
    preview,
    sitemaps,
    views,
)
from newsroom.feeds import LatestArticlesAtomFeed, LatestArticlesFeed


def moved(pattern_name):
    """A permanent redirect to the named URL, with the same arguments and query string."""
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


edition_patterns = [
    path("", views.home, name="home"),
    path("editions/", views.edition_archive, name="archive"),
    path("editions/<isodate:date>/", views.edition_detail, name="edition"),
    path("editions/<isodate:date>/<pagecode:code>/", views.page_detail, name="page"),
]

urlpatterns = [
    path("", include((edition_patterns, "newsroom"))),
    path("", include("articles.urls")),
    path("notices/", include("notices.urls")),
    path("outages/", include("outages.urls")),
    path("search/", views.search_view, name="search"),
    path("feeds/latest.rss", LatestArticlesFeed(), name="feed-rss"),
    path("feeds/latest.atom", LatestArticlesAtomFeed(), name="feed-atom"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemaps/columns.xml", sitemaps.column_sitemap, name="sitemap-columns"),
    path("sitemaps/<isodate:date>.xml", sitemaps.day_sitemap, name="sitemap-day"),
    path("api/v1/", api.api.urls),
    # The unversioned API of before, for whoever still asks it: each path for good at its v1 equivalent.
    path("api/editions/", moved("api-v1:editions"), name="api-editions"),
    path("api/editions/<isodate:date>/", moved("api-v1:edition"), name="api-edition"),
    path("api/articles/<int:pk>/", moved("api-v1:article"), name="api-article"),
    path("api/search/", moved("api-v1:search"), name="api-search"),
    path("preview/<str:token>/", preview.signed_preview, name="preview"),
    # Forgotten passwords, by e-mail (the admin's login page links the first; README, "Production").
    path("admin/password_reset/", auth_views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "admin/password_reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/password_reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    media = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media}/(?P<path>.*)$", views.serve_media)]
