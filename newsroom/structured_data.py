"""schema.org JSON-LD, written into a page as a data block: <script type="application/ld+json">.

A data block (a script whose type is not JavaScript) is never run, and the HTML standard stops preparing such a
script before the Content-Security-Policy check, so the policy's script-src 'self' needs no nonce or hash for it
(tests/browser/test_structured_data.py asks Chromium for violations: none). What the page would need is that no
text in it can end the element: <, > and & are written as \\u003C, \\u003E, \\u0026 (as Django's json_script does),
so "</script>" typed into a headline stays inside the JSON. The text is kept readable (not \\u-escaped Chinese).

The paper's own parts are here (the newspaper, its publisher, an edition as a PublicationIssue); each desk builds
its items' markup beside its models (articles/structured_data.py, outages/structured_data.py).
"""

import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.dates import chinese_date

CONTEXT = "https://schema.org"
LANGUAGE = "zh-CN"
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


class Encoder(DjangoJSONEncoder):
    """Times in Beijing, as the pages print them (2020-04-28T06:00:00+08:00)."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            return timezone.localtime(o).replace(microsecond=0).isoformat()
        return super().default(o)


def dumps(data):
    """JSON text that cannot end a <script> element it is written into."""
    return json.dumps(data, cls=Encoder, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)


def json_ld(data):
    """The <script type="application/ld+json"> block of `data` (a dict with its @context), safe in any page."""
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(dumps(data)))


def absolute(request, path):
    return request.build_absolute_uri(path) if path else None


def newspaper(request):
    return {"@type": "Newspaper", "name": settings.NEWSPAPER_NAME, "url": absolute(request, reverse("newsroom:home"))}


def publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSPAPER_NAME,
        "url": absolute(request, reverse("newsroom:home")),
    }


def publication_issue(edition, request, context=False):
    """An edition as a PublicationIssue of the Newspaper (with its @context and publisher when it is the page's)."""
    url = absolute(request, edition.get_absolute_url())
    issue = {
        "@type": "PublicationIssue",
        "@id": url,
        "url": url,
        "name": f"{settings.NEWSPAPER_NAME} {chinese_date(edition.date)}",
        "datePublished": edition.date.isoformat(),
        "isPartOf": newspaper(request),
    }
    if edition.number:
        issue["issueNumber"] = str(edition.number)
    if context:
        issue = {"@context": CONTEXT, **issue, "inLanguage": LANGUAGE, "publisher": publisher(request)}
    return issue


def compact(data):
    """The dict without its empty values (schema.org has no use for "" or [])."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
