"""Stored and reflected XSS: 60 payloads through every public text field of every desk (and the public query
parameters), read back from every channel a reader has: HTML pages, RSS and Atom, the JSON API and the calendar.
None may survive in a form a browser or a feed reader would run."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote

import icalendar
import pytest
from django.core.cache import cache

from articles.models import Article, Column, Contributor, Correction, Photo
from newsroom import page_files
from newsroom.models import Page
from newsroom.publication import placed_on
from notices.models import Notice
from outages.models import AffectedArea, OutageEntry, OutageNotice, Place
from tests.conftest import at
from tests.newsroom.page_images import give_image, pdf

pytestmark = pytest.mark.django_db

MARK = "xss"
PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert('xss')>",
    "<img src=x onerror=xss>",
    '"><img src=x onerror=xss>',
    "'><img src=x onerror=xss>",
    "<svg onload=xss>",
    "<svg/onload=xss>",
    "<svg><script>xss</script></svg>",
    "<body onload=xss>",
    "<iframe src=javascript:xss>",
    '<iframe srcdoc="<script>xss</script>">',
    "<a href=javascript:xss>x</a>",
    "<a href=JaVaScRiPt:xss>x</a>",
    "<a href=' javascript:xss'>x</a>",
    "<a href=&#106;avascript:xss>x</a>",
    "<object data=javascript:xss>",
    "<embed src=javascript:xss>",
    "<math><mi xlink:href=javascript:xss>x</mi></math>",
    "<details open ontoggle=xss>",
    "<video><source onerror=xss></video>",
    "<audio src=x onerror=xss>",
    "<input autofocus onfocus=xss>",
    "<select autofocus onfocus=xss>",
    "<textarea autofocus onfocus=xss>",
    "<marquee onstart=xss>",
    "<div style=background:url(javascript:xss)>",
    "<style>@import 'javascript:xss';</style>",
    "<link rel=stylesheet href=javascript:xss>",
    "<meta http-equiv=refresh content='0;url=javascript:xss'>",
    "<base href=javascript:xss//>",
    "<form action=javascript:xss><button>x</button></form>",
    "<button formaction=javascript:xss>x</button>",
    "<isindex action=javascript:xss type=image>",
    "<table background=javascript:xss>",
    "<xss onmouseover=xss>",
    '" onmouseover="xss',
    "' onmouseover='xss",
    '" autofocus onfocus="xss" x="',
    "</title><script>xss</script>",
    "</textarea><script>xss</script>",
    "</script><script>xss</script>",
    "<!--<img src=--><img src=x onerror=xss//>",
    "<![CDATA[<script>xss</script>]]>",
    "<scr<script>ipt>xss</script>",
    "<img src=`x` onerror=xss>",
    "<img\tsrc=x\tonerror=xss>",
    "<img\nsrc=x\nonerror=xss>",
    "<IMG SRC=x ONERROR=xss>",
    "&lt;script&gt;xss&lt;/script&gt;",
    "&#60;script&#62;xss&#60;/script&#62;",
    "\\u003cscript\\u003exss\\u003c/script\\u003e",
    "{{ xss }}{% debug %}",
    "${xss}",
    "javascript:xss",
    "data:text/html,<script>xss</script>",
    "]]><script>xss</script><![CDATA[",
    "\r\nX-XSS:1\r\nBEGIN:VEVENT\r\nSUMMARY:xss\r\nEND:VEVENT",
    "<img src=x onerror=xss>\u2028<script>xss</script>",
    "\ufeff<script>xss</script>",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "srcdoc", "poster"}
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "style", "frame", "xss", "isindex"}


class Runnable(HTMLParser):
    """What of a page a browser would run: event handlers, javascript: URLs, and scripts or frames we did not write.
    A JSON-LD block (<script type="application/ld+json">) is data, never run: it must hold one JSON value and no "<"
    (a payload's "</script>" ending it early would have its rest read as HTML); `json_ld` keeps what each held."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.in_script, self.in_data, self.json_ld = [], False, False, []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and ("type", "application/ld+json") in attrs and len(attrs) == 1:
            self.in_data = True
            self.json_ld.append("")
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            clean = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and clean.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "http-equiv" and (value or "").lower() == "refresh":
                self.found.append(f"<{tag} refresh>")
        if tag in DANGEROUS_TAGS and not (tag == "svg" and ("class", "page-regions") in attrs):  # ours: the regions
            self.found.append(f"<{tag}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        if self.in_data and tag == "script":
            self.in_data = False
            text = self.json_ld[-1]
            if "<" in text:
                self.found.append("< in a JSON-LD block")
            try:
                json.loads(text)
            except ValueError:
                self.found.append(f"a JSON-LD block that is not JSON: {text[:80]}")

    def handle_data(self, data):
        if self.in_data:
            self.json_ld[-1] += data
        elif self.in_script and MARK in data:
            self.found.append("script text")


def runnable(html, json_ld=None):
    parser = Runnable()
    parser.feed(html)
    parser.close()
    if json_ld is not None:
        json_ld.extend(parser.json_ld)
    return parser.found


def fitting(payloads, length):
    """The payloads packed into values of at most `length` characters, each payload whole in one of them."""
    values, current = [], ""
    for payload in (p for p in payloads if len(p) <= length):
        if current and len(current) + 1 + len(payload) > length:
            values.append(current)
            current = ""
        current = f"{current} {payload}" if current else payload
    return [*values, current] if current else values


def text_fields(model, names):
    return [(model, name, model._meta.get_field(name).max_length or 4000) for name in names]


# Every text a reader sees, desk by desk.
FIELDS = [
    *text_fields(Article, ["kicker", "headline", "subheadline", "dateline", "body", "summary"]),
    *text_fields(Contributor, ["name", "affiliation", "bio"]),
    *text_fields(Column, ["name", "banner", "description"]),
    *text_fields(Photo, ["caption", "alt_text"]),
    *text_fields(Correction, ["text"]),
    *text_fields(Page, ["name"]),
    *text_fields(Notice, ["declarants", "father_name", "mother_name", "address", "issuer", "document_number"]),
    *text_fields(OutageNotice, ["title", "company", "warning"]),
    *text_fields(OutageEntry, ["line", "scope", "reason"]),
    *text_fields(AffectedArea, ["district", "label"]),
    *text_fields(Place, ["name"]),
]


def fill(round_number):
    """Round i writes the packed values into the rows, the next values into the next row: after the last round every
    payload has been in every field of a row a channel shows. Returns whether any field had values left."""
    left = False
    for model in {model for model, _, _ in FIELDS}:
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for n, pk in enumerate(pks):
            fields = {}
            for of, name, length in FIELDS:
                if of is model:
                    values = fitting(PAYLOADS, length)
                    index = round_number * len(pks) + n
                    left |= index < len(values)
                    # A unique field (a column's name) tells its rows apart by a number in front.
                    prefix = str(n) if model._meta.get_field(name).unique else ""
                    fields[name] = prefix + values[index % len(values)]
            model.objects.filter(pk=pk).update(**fields)
    return left


def channels(client):
    """Every public answer that shows these items, as (url, response)."""
    article = Article.objects.filter(photos__isnull=False).first() or Article.objects.first()
    urls = [
        "/",
        "/editions/2020-04-28/",
        *[f"/editions/2020-04-28/{code}/" for code in Page.objects.values_list("code", flat=True)],  # each its own
        f"/articles/{article.pk}/",
        f"/contributors/{Contributor.objects.filter(bylines__isnull=False).first().pk}/",
        *[f"/columns/{column.slug}/" for column in Column.objects.filter(articles__isnull=False).order_by("pk")[:2]],
        "/notices/",
        f"/notices/{Notice.objects.first().pk}/",
        "/outages/?date=2020-04-29",
        "/search/?q=" + quote(MARK),
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        f"/feeds/columns/{Column.objects.filter(articles__isnull=False).order_by('pk').first().slug}.atom",
        f"/feeds/contributors/{Contributor.objects.filter(bylines__isnull=False).first().pk}.rss",
        "/feeds/notices.rss",
        "/feeds/outages.atom",
        "/sitemap.xml",
        "/sitemaps/2020-04-28.xml",
        "/sitemaps/news.xml",
        "/sitemaps/columns/0.xml",
        "/api/v1/editions/2020-04-28/",
        "/api/v1/editions/2020-04-28/A2/",
        f"/api/v1/stories/{article.pk}/",
        "/api/v1/stories/",
        "/api/v1/notices/",
        "/api/v1/outages/entries/?date=2020-04-29",
        "/api/v1/search/?q=" + quote(MARK),
        "/outages/calendar.ics?date=2020-04-29",
        *[f"/editions/2020-04-28/A2/{name.rsplit('/', 1)[-1]}" for name in Page.objects.get(code="A2").stored_files()],
    ]
    return [(url, client.get(url)) for url in urls]


def assert_nothing_runs(url, response, json_ld=None):
    assert response.status_code == 200, url
    kind = response["Content-Type"].split(";")[0]
    if response.streaming:  # a page image or PDF, never read as a page
        assert kind in ("image/webp", "image/jpeg", "application/pdf"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        return
    body = response.content.decode()
    if kind == "text/html":
        assert runnable(body, json_ld) == [], url
    elif kind in ("application/rss+xml", "application/atom+xml"):
        tree = ET.fromstring(response.content)
        texts = [el.text or "" for el in tree.iter() if el.tag.split("}")[-1] in ("title", "description", "summary")]
        assert texts and all(runnable(text) == [] for text in texts), url  # a reader renders each as HTML
    elif kind == "application/xml":  # a sitemap: data for crawlers, well-formed whatever its text
        assert ET.fromstring(response.content).tag.endswith(("}urlset", "}sitemapindex")), url
    elif kind == "application/json":
        json.loads(body)
        assert response["X-Content-Type-Options"] == "nosniff", url  # data, never sniffed into a page
    elif kind == "text/calendar":
        calendar = icalendar.Calendar.from_ical(response.content)
        names = {name for component in calendar.walk() for name in component}
        assert not [name for name in names if "XSS" in name.upper()], url
        # no event smuggled in: four rows a printed table, on six pages
        assert len(calendar.walk("VEVENT")) == 4 * OutageNotice.objects.count(), url
    else:
        pytest.fail(f"{url}: unexpected {kind}")


# The rounds in two halves, the even and the odd, which the two test processes run side by side.
@pytest.mark.parametrize("half", [0, 1], ids=["even-rounds", "odd-rounds"])
def test_sixty_payloads_through_every_public_text_field_run_nowhere(
    client, imported_sample, half, settings, tmp_path, monkeypatch
):
    assert len(PAYLOADS) >= 50
    Correction.objects.create(article=Article.objects.first(), date=at(2020, 4, 28, 9, 0).date(), text="更正")
    settings.PAGE_FILES_ROOT = tmp_path / "pages"
    monkeypatch.setattr(page_files, "SIZES", {"small": 60, "large": 120})  # quick: the sizes are not the test
    a2 = Page.objects.get()
    # A page image with a region for every item of the page: each headline is also a region's name.
    give_image(a2, {item: ((0.1, 0.1), (0.9, 0.2)) for item in placed_on(a2)}, upload=pdf(), name="a2.pdf")
    more_rows()
    assert all(model.objects.exists() for model, _, _ in FIELDS)
    assert rounds_needed() <= 4  # the rows are enough for every payload in every field in four rounds
    round_number, checked = half, 0
    while fill(round_number):
        round_number += 2
        cache.clear()
        shown, json_ld = channels(client), []
        for url, response in shown:
            assert_nothing_runs(url, response, json_ld)
        # The payloads did reach the pages, as text, and the JSON-LD blocks, as data.
        assert any("&lt;script&gt;" in response.content.decode() for _, response in shown)
        assert any("\\u003Cscript\\u003E" in block and "<script>" in str(json.loads(block)) for block in json_ld)
        checked += 1
    assert checked == 2  # this half's two of the four rounds


def more_rows():
    """More rows of the tables with few of them, each shown by a channel: a field's payloads are spread over its
    rows, so more rows need fewer rounds (the single outage notice alone needed 23)."""
    edition = Page.objects.get().edition
    pages = [Page.objects.create(edition=edition, code=f"A{n}") for n in (1, *range(3, 17))]
    for n, article in enumerate(Article.objects.order_by("pk")[:12]):  # more columns, each shown with a story
        article.column = Column.objects.create(name=f"栏目{n}", slug=f"lanmu{n}")
        article.save(update_fields=["column"])
    for notice in Notice.objects.order_by("pk"):  # the notices again, on another page
        copy(notice, page=pages[0])
    outage = OutageNotice.objects.get()
    entries = list(outage.entries.prefetch_related("windows", "areas__places"))
    for page in pages[:5]:  # the outage table again on five pages, each row with its areas and places
        notice = copy(OutageNotice.objects.get(pk=outage.pk), page=page)
        for entry in entries:
            entry_copy = copy(entry, notice=notice)
            for window in entry.windows.all():
                copy(window, entry=entry_copy)
            for area in entry.areas.all():
                area_copy = copy(area, entry=entry_copy)
                for place in area.places.all():
                    copy(place, area=area_copy)


def copy(row, **fields):
    """A new row with this one's values and the given ones (the row itself is left unchanged in the database)."""
    fields_copied = [f for f in row._meta.concrete_fields if not (f.primary_key or f.generated)]
    new = type(row)(**{f.attname: getattr(row, f.attname) for f in fields_copied})
    for name, value in fields.items():
        setattr(new, name, value)
    new.save()
    return new


def rounds_needed():
    return max(-(-len(fitting(PAYLOADS, length)) // model.objects.count()) for model, _, length in FIELDS)


def test_a_payload_in_a_public_query_is_echoed_as_text(client):
    for payload in PAYLOADS[::3]:  # a third of them: the query reaches the same template filters as the fields
        for url in ("/search/", "/notices/", "/outages/", "/api/v1/search/", "/api/v1/outages/entries/"):
            response = client.get(url, {"q": payload, "place": payload, "district": payload, "number": payload})
            assert response.status_code in (200, 400, 422), url
            if response["Content-Type"].startswith("text/html"):
                assert runnable(response.content.decode()) == [], (url, payload)
