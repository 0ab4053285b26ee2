"""A story's schema.org NewsArticle (JSON-LD) and its Open Graph / Twitter card: what search engines and the apps a
reader shares a link to read. Every person of the byline is an author of their own (articles/bylines.py prints and
reads the byline; here each credit is a Person with the printed role as jobTitle and a link to their page)."""

from django.utils import timezone
from django.utils.text import Truncator

from articles.models import ROLE_PRINTED
from newsroom.structured_data import CONTEXT, LANGUAGE, absolute, compact, publication_issue, publisher

DESCRIPTION_LENGTH = 120


def description(article):
    """The summary, else the first paragraph, cut to a line's length (the page's meta description too)."""
    text = article.summary or next(iter(article.paragraphs), "")
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def person(credit, request):
    """A byline's or a photo credit's person (a Byline or PhotoCredit with its contributor)."""
    data = {
        "@type": "Person",
        "name": credit.contributor.name,
        "url": absolute(request, credit.contributor.get_absolute_url()),
        "jobTitle": ROLE_PRINTED[credit.role],
    }
    if credit.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": credit.affiliation}
    return data


def shown_image(photo):
    """(url, width, height) of a photo's largest rendition, or None for a photo with no file yet (imported with
    its caption only)."""
    if not photo.image:
        return None
    page = photo.sources["page"]
    return page["jpg"], page["width"], page["height"]


def image_object(photo, request):
    url, width, height = shown_image(photo)
    credits = list(photo.credits.all())
    return compact(
        {
            "@type": "ImageObject",
            "url": absolute(request, url),
            "contentUrl": absolute(request, url),
            "width": width,
            "height": height,
            "caption": photo.caption,
            "creditText": photo.printed_credit if credits else "",
            "creator": [person(credit, request) for credit in credits],
        }
    )


def news_article(article, photos, corrections, request):
    """The NewsArticle of a story as its page shows it (photos: its own and its live parts', credits prefetched)."""
    url = absolute(request, article.get_absolute_url())
    published = article.live_since
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.headline,
        "alternativeHeadline": [text for text in (article.kicker, article.subheadline) if text],
        "description": description(article),
        "inLanguage": LANGUAGE,
        "dateline": article.dateline,
        "datePublished": published,
        "dateModified": max(published, article.updated_at) if published else article.updated_at,
        "author": [person(byline, request) for byline in article.bylines.all()],
        "image": [image_object(photo, request) for photo in photos if shown_image(photo)],
        "articleSection": article.column.name if article.column_id else "",
        "publisher": publisher(request),
        "correction": [
            {"@type": "CorrectionComment", "text": correction.text, "datePublished": correction.date}
            for correction in corrections
        ],
    }
    if len(data["alternativeHeadline"]) == 1:
        data["alternativeHeadline"] = data["alternativeHeadline"][0]
    if article.page_id:
        page, edition = article.page, article.page.edition
        data |= {
            "printEdition": str(edition),
            "printPage": page.code,
            "printSection": page.name,
            "isPartOf": publication_issue(edition, request),
        }
    return compact(data)


def sharing(article, photos, request):
    """Open Graph and Twitter card values: [(attribute, name, content)] for <meta> tags."""
    from django.conf import settings

    url = absolute(request, article.get_absolute_url())
    image = next((shown_image(photo) for photo in photos if shown_image(photo)), None)
    text = description(article)
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", settings.NEWSPAPER_NAME),
        ("property", "og:locale", "zh_CN"),
        ("property", "og:url", url),
        ("property", "og:title", article.headline),
        ("property", "og:description", text),
    ]
    if image:
        tags += [
            ("property", "og:image", absolute(request, image[0])),
            ("property", "og:image:width", image[1]),
            ("property", "og:image:height", image[2]),
        ]
    if article.live_since:
        tags.append(("property", "article:published_time", timezone.localtime(article.live_since).isoformat()))
    tags += [
        ("property", "article:author", absolute(request, byline.contributor.get_absolute_url()))
        for byline in article.bylines.all()
    ]
    tags += [
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", article.headline),
        ("name", "twitter:description", text),
    ]
    if image:
        tags.append(("name", "twitter:image", absolute(request, image[0])))
    return [(attribute, name, content) for attribute, name, content in tags if content not in (None, "")]
