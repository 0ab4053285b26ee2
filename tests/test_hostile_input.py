"""Hostile input through every public URL pattern and every admin list and form: overlong and empty values, NUL bytes
and invalid UTF-8, dates that do not exist, unknown page codes, huge and negative ids and page numbers, repeated
parameters, SQL and template syntax, path traversal. Every answer is a correct 200 or a 4xx of the site, never a 5xx,
and the database is unchanged. A URL pattern this file does not know fails the first test: cover it here."""

import functools
import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from articles.models import Article, Column, Contributor
from newsroom.preview import signed_url
from notices.models import Notice
from outages.models import OutageNotice
from tests.test_leaks import is_admin, url_patterns

pytestmark = pytest.mark.django_db

# Values that have broken sites before; each goes into every parameter and every part of a path in turn.
HOSTILE = [
    "x" * 100_000,
    "",
    "\x00",
    "a\x00b",
    "%ff%fe%fd",  # sent raw: invalid UTF-8 once decoded
    "2020-02-30",
    "99999-01-01",
    "0000-00-00",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "' OR 1=1 --",
    '"; DROP TABLE articles_article; --',
    "{{ 7|add:7 }}{% debug %}",
    "../../../../etc/passwd",
    "..%2f..%2fsettings.py",
    "Z9",
    "a\nb\r\nc",
    "<script>alert(1)</script>",
]
# The sharpest of them, for each parameter on its own (all of them go into all parameters at once).
SHARP = ["x" * 100_000, "\x00", "%ff%fe%fd", "2020-02-30", "99999999999999999999999999", "' OR 1=1 --", "a\nb"]
PATH_HOSTILE = [
    "99999999999999999999999999",
    "0",
    "2020-02-30",
    "99999-01-01",
    "Z9",
    "%00",
    "%ff%fe",
    "..%2f..%2fetc%2fpasswd",
    "%27%20OR%201=1--",
    "%7B%7B7%7D%7D",
    "a" * 5000,
]

# Every public URL pattern (the admin's are walked below): the parameters its view reads.
PUBLIC = {
    "": ["page"],
    "editions/": ["page", "month", "date"],
    "latest/": ["older", "newer"],
    "editions/<isodate:date>/": [],
    "editions/<isodate:date>/<pagecode:code>/": [],
    "editions/<isodate:date>/<pagecode:code>/<pagefile:name>": [],
    "articles/<int:pk>/": [],
    "contributors/<int:pk>/": ["older", "newer"],
    "columns/<str:slug>/": ["older", "newer"],
    "notices/": ["q", "number", "document_type", "date_after", "date_before", "older", "newer"],
    "notices/<int:pk>/": [],
    "notices/print/<isodate:date>.txt": [],
    "outages/": ["district", "place", "date", "page"],
    "outages/calendar.ics": ["district", "place", "date"],
    "search/": ["q", "kind", "from", "to", "article_page", "notice_page", "outagenotice_page"],
    "feeds/latest.<feedformat:format>": [],
    "feeds/columns/<str:slug>.<feedformat:format>": [],
    "feeds/contributors/<int:pk>.<feedformat:format>": [],
    "feeds/notices.<feedformat:format>": [],
    "feeds/outages.<feedformat:format>": [],
    "sitemap.xml": ["p"],
    "sitemaps/news.xml": ["p"],
    "sitemaps/<isodate:date>.xml": ["p"],
    "sitemaps/<slug:section>/<int:part>.xml": ["p"],
    "robots.txt": [],
    "api/editions/": ["older", "newer"],
    "api/editions/<isodate:date>/": [],
    "api/articles/<int:pk>/": [],
    "api/search/": ["q"],
    "api/v1/": [],
    "api/v1/openapi.json": [],
    "api/v1/editions/": ["cursor", "limit"],
    "api/v1/editions/<date>/": [],
    "api/v1/editions/<date>/<code>/": [],
    "api/v1/search/": ["q", "kind", "from", "to", "cursor", "limit"],
    "api/v1/stories/": ["column", "contributor", "web_first", "cursor", "limit"],
    "api/v1/stories/<pk>/": [],
    "api/v1/contributors/<pk>/": [],
    "api/v1/columns/": [],
    "api/v1/columns/<slug>/": [],
    "api/v1/notices/": ["q", "number", "document_type", "date_after", "date_before", "cursor", "limit"],
    "api/v1/notices/lookup/": ["number"],
    "api/v1/notices/<pk>/": [],
    "api/v1/outages/notices/": ["date", "cursor", "limit"],
    "api/v1/outages/notices/<pk>/": [],
    "api/v1/outages/entries/": ["district", "place", "date", "cursor", "limit"],
    "preview/<str:token>/": [],
    "admin/password_reset/": [],
    "admin/password_reset/done/": [],
    "admin/password_reset/<uidb64>/<token>/": [],
    "admin/password_reset/complete/": [],
}


def test_every_public_url_pattern_is_walked_here():
    public = {route for route in url_patterns() if not is_admin(route) or route in PUBLIC}
    assert public == set(PUBLIC), "cover the new URL pattern in tests/test_hostile_input.py"


def rows():
    """How many rows each table has, and the version of each content item: a write anywhere shows. (Sessions aside:
    a password-reset link keeps its token in one, as Django's view does.)"""
    counts = {
        m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.label != "sessions.Session"
    }
    stamps = {model._meta.label: list(model.objects.values_list("pk", "version")) for model in (Article, Notice)}
    return counts, stamps


def samples():
    """A valid value for each path parameter, from the sample edition."""
    user = User.objects.create_user("walker", "walker@example.cn", "x")
    column = Column.objects.first()
    return {
        "date": "2020-04-28",
        "code": "A2",
        "name": "0" * 32 + ".jpg",  # a page file's name (the sample's page has none: a 404 with any value)
        "pk": {
            "articles": Article.objects.first().pk,
            "stories": Article.objects.first().pk,
            "contributors": Contributor.objects.first().pk,
            "notices": Notice.objects.first().pk,
            "outages": OutageNotice.objects.first().pk,
            "api": Article.objects.first().pk,
            "feeds": Contributor.objects.first().pk,
        },
        "format": "atom",
        "section": "contributors",
        "part": 0,
        "slug": column.slug if column else "x",
        "token": signed_url(Article.objects.first()).split("/")[2],
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "reset_token": default_token_generator.make_token(user),
    }


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route, values, hostile_name=None, hostile=None):
    def value(match):
        name = match[2]
        if name == hostile_name:
            return hostile
        if name == "pk":  # the id of an item of the kind the path names: articles/<pk>/, api/v1/stories/<pk>/ …
            parts = route.split("/")
            return str(values["pk"][parts[2] if route.startswith("api/v1/") else parts[0]])
        if name == "token" and route.startswith("admin/password_reset/"):
            return values["reset_token"]
        return str(values[name])

    return "/" + PARAM.sub(value, route)


@functools.cache
def raw(value):  # once a value: quoting the 100,000 x's each time was a sixth of the admin walk
    return value if value.startswith("%") else quote(value)


def check(client, url, data=None):
    if isinstance(data, str):
        response = client.get(url, QUERY_STRING=data)
    else:
        response = client.get(url, data)
    assert response.status_code < 500, (url, data and str(data)[:200])
    return response


def in_groups(items, count):
    items = sorted(items, key=str)
    return [items[i::count] for i in range(count)]


# In three groups, so that the two test processes share them and the sample is imported three times, not thirty.
@pytest.mark.parametrize("group", in_groups(PUBLIC, 3), ids=["a", "b", "c"])
def test_hostile_input_on_a_public_url_is_a_200_or_a_4xx_and_changes_nothing(client, imported_sample, group):
    values = samples()
    before = rows()
    for route in group:
        url = fill(route, values)
        check(client, url)
        for name in PARAM.findall(route):
            for hostile in PATH_HOSTILE:
                check(client, fill(route, values, name[1], hostile))
        params = [*PUBLIC[route], "page"]
        for hostile in HOSTILE:  # every value in every parameter at once
            check(client, url, "&".join(f"{param}={raw(hostile)}" for param in params))
        for i, param in enumerate(params):  # and each parameter alone, with a few of the sharpest
            for hostile in (SHARP[i % len(SHARP)], SHARP[(i + 3) % len(SHARP)]):
                check(client, url, f"{param}={raw(hostile)}")
            check(client, url, f"{param}=1&{param}=2&{param}=")  # repeated
    assert rows() == before


# The admin: every registered model's list with hostile filters, its forms with hostile values, and hostile ids.


def admin_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("group", in_groups(admin_models(), 3), ids=["a", "b", "c"])
def test_hostile_input_in_the_admin_is_a_200_or_a_4xx_and_changes_nothing(admin_client, imported_sample, group):
    before = rows()
    for model in group:
        walk_admin(admin_client, model)
    assert rows() == before


def walk_admin(client, model):
    meta = model._meta
    base = f"/admin/{meta.app_label}/{meta.model_name}/"
    listing = check(client, base)
    params = ["q", "o", "p", "all", "_to_field", "id__exact", "pk__gt", "publish_at__year"]
    if listing.status_code == 200 and listing.context and "cl" in listing.context:
        params += [name for spec in listing.context["cl"].filter_specs for name in spec.expected_parameters()]
        if hierarchy := listing.context["cl"].date_hierarchy:
            params += [f"{hierarchy}__year", f"{hierarchy}__month", f"{hierarchy}__day"]
    params = list(dict.fromkeys(params))
    for hostile in SHARP:  # every value in every filter at once, then each filter alone with one of them
        check(client, base, "&".join(f"{param}={raw(hostile)}" for param in params))
    for i, param in enumerate(params):
        check(client, base, f"{param}={raw(SHARP[i % len(SHARP)])}")
    for hostile in ("99999999999999999999999999", "2020-02-30", "%00", "..%2f..%2fetc%2fpasswd"):
        for action in ("change/", "history/", "delete/"):
            check(client, f"{base}{hostile}/{action}")
    add = check(client, f"{base}add/")
    if add.status_code == 200 and add.context and "adminform" in add.context:
        fields = list(add.context["adminform"].form.fields)
        for hostile in ("2020-02-30", "99999999999999999999999999"):
            check(client, f"{base}add/", "&".join(f"{name}={raw(hostile)}" for name in fields))
        for hostile in ("x" * 100_000, "99999999999999999999999999", "a\x00b"):
            with transaction.atomic():  # a hostile value may be a valid name: whatever is saved is rolled back
                response = client.post(f"{base}add/", dict.fromkeys(fields, hostile))
                assert response.status_code < 500, (base, hostile[:50])
                transaction.set_rollback(True)
    for field in [f for f in meta.get_fields() if f.is_relation and f.many_to_one]:
        query = {"app_label": meta.app_label, "model_name": meta.model_name, "field_name": field.name}
        check(client, "/admin/autocomplete/", {**query, "term": "\x00", "page": "99999999999999999999"})


def test_the_admins_own_pages_take_hostile_ids(admin_client, imported_sample):
    own = [route for route in url_patterns() if is_admin(route) and route not in PUBLIC and PARAM.search(route)]
    own = [route for route in own if "/preview/" in route or "planning" in route or "import" in route]
    assert own, "the desks' own admin pages (previews, planning, import)"
    before = rows()
    for route in own:
        for name in PARAM.findall(route):
            for hostile in PATH_HOSTILE:
                url = "/" + PARAM.sub(lambda m, h=hostile, n=name[1]: h if m[2] == n else "1", route)
                check(admin_client, url)
    assert rows() == before


@pytest.mark.parametrize(
    "url", ["/columns/a%00b/", "/preview/a%00b/", "/admin/articles/article/?q=%00", "/admin/notices/notice/?id=%00"]
)
def test_a_nul_in_a_path_or_an_admin_query_is_a_400(admin_client, url):
    client = admin_client
    response = client.get(url)
    assert response.status_code == 400 and "请求有误" in response.content.decode()  # the site's 400 page
