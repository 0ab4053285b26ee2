"""The one place that composes the desks (as a project's urls.py composes Django's contrib apps): each desk's pages,
feeds, sitemaps and part of the API, under the paper's own URLs."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from articles import api as articles_api
from articles.feeds import ColumnFeed, ContributorFeed, LatestStoriesFeed
from articles.sitemaps import ColumnSitemap, ContributorSitemap, StoryDaySitemap, news_sitemap
from newsroom import (
    api,
    converters,  # noqa: F401 - registers isodate, pagecode, pagefile and feedformat
    preview,
    sitemaps,
    views,
)
from newsroom.feeds import in_both_formats
from notices import api as notices_api
from notices.feeds import NoticeColumnsFeed
from notices.sitemaps import NoticeDaySitemap
from outages import api as outages_api
from outages.feeds import OutageNoticesFeed


def moved(pattern_name):
    """A permanent redirect to the named URL, with the same arguments and query string."""
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


edition_patterns = [
    path("", views.home, name="home"),
    path("editions/", views.edition_archive, name="archive"),
    path("editions/<isodate:date>/", views.edition_detail, name="edition"),
    path("editions/<isodate:date>/<pagecode:code>/", views.page_detail, name="page"),
    path("editions/<isodate:date>/<pagecode:code>/<pagefile:name>", views.page_file, name="page-file"),
]

# A day's sitemap: what each desk put out that day. The long lists, in parts by id.
SITEMAP_DAYS = {"editions": sitemaps.EditionDaySitemap, "stories": StoryDaySitemap, "notices": NoticeDaySitemap}
SITEMAP_PARTS = {"columns": ColumnSitemap, "contributors": ContributorSitemap}

feed_patterns = [
    path("latest.<feedformat:format>", in_both_formats(LatestStoriesFeed), name="feed-latest"),
    path("columns/<str:slug>.<feedformat:format>", in_both_formats(ColumnFeed), name="feed-column"),
    path("contributors/<int:pk>.<feedformat:format>", in_both_formats(ContributorFeed), name="feed-contributor"),
    path("notices.<feedformat:format>", in_both_formats(NoticeColumnsFeed), name="feed-notices"),
    path("outages.<feedformat:format>", in_both_formats(OutageNoticesFeed), name="feed-outages"),
]

sitemap_patterns = [
    path(
        "sitemap.xml",
        sitemaps.index,
        {"days": SITEMAP_DAYS, "parts": SITEMAP_PARTS, "others": ["sitemap-news"]},
        name="sitemap",
    ),
    path("sitemaps/news.xml", news_sitemap, name="sitemap-news"),
    path("sitemaps/<isodate:date>.xml", sitemaps.day, {"days": SITEMAP_DAYS}, name="sitemap-day"),
    path("sitemaps/<slug:section>/<int:part>.xml", sitemaps.part, {"parts": SITEMAP_PARTS}, name="sitemap-part"),
    path(
        "robots.txt",
        views.robots_txt,
        {"sitemaps": ["sitemap", "sitemap-news"], "disallow": ["/admin/", "/preview/"]},
        name="robots",
    ),
]

urlpatterns = [
    path("", include((edition_patterns, "newsroom"))),
    path("", include("articles.urls")),
    path("notices/", include("notices.urls")),
    path("outages/", include("outages.urls")),
    path("search/", views.search_view, name="search"),
    path("feeds/", include(feed_patterns)),
    path("", include(sitemap_patterns)),
    path("api/v1/", api.build_api(articles_api.router, notices_api.router, outages_api.router).urls),
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
