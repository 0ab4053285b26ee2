"""What every desk's RSS and Atom feeds share (django.contrib.syndication); the feeds themselves live with their desk
(articles/feeds.py, notices/feeds.py, outages/feeds.py) and newsroom/urls.py composes them.

Every person of a byline is an author of their own, never the printed byline as one name:
- Atom: one <author> each (name, uri to the contributor's page) with the role and affiliation as extension elements
  in the schema.org namespace (RFC 4287 allows extension elements in a person construct);
- RSS: one <dc:creator> each, and a <schema:author> each with the same name, url, roleName and affiliation.
A picture goes out as Media RSS (<media:content> with its caption and one <media:credit> a person) and as an
enclosure. Titles and summaries are HTML to a feed reader (RSS descriptions, Atom's type="html"): text is escaped into
them, so markup typed into a story is shown as text, never run.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
SCHEMA_NS = "https://schema.org/"
NAMESPACES = {"xmlns:dc": DC_NS, "xmlns:media": MEDIA_NS, "xmlns:schema": SCHEMA_NS}
ITEMS = 30


@dataclass(frozen=True)
class Person:
    """One person of a byline or a photo credit, as a feed names them."""

    name: str
    role: str = ""  # the printed word: 记者, 通讯员 …
    affiliation: str = ""
    url: str = ""  # absolute


@dataclass(frozen=True)
class Picture:
    url: str  # absolute
    mime_type: str = "image/jpeg"
    width: int | None = None
    height: int | None = None
    caption: str = ""
    credit: str = ""  # as printed: 株洲日报记者 任远 通讯员/任晓磊 摄
    people: tuple = ()  # Person, each credited


@dataclass
class Syndicated:
    """What a desk's feed says of one item beyond Django's own fields."""

    people: list = field(default_factory=list)
    picture: Picture | None = None

    def kwargs(self):
        return {"people": self.people, "picture": self.picture}


def _schema_person(handler, person, wrapper=None):
    """The person's role and affiliation (inside an Atom <author>), or all of them in a `wrapper` element (RSS)."""
    if wrapper:
        handler.startElement(wrapper, {})
        handler.addQuickElement("schema:name", person.name)
        if person.url:
            handler.addQuickElement("schema:url", person.url)
    if person.role:
        handler.addQuickElement("schema:roleName", person.role)
    if person.affiliation:
        handler.addQuickElement("schema:affiliation", person.affiliation)
    if wrapper:
        handler.endElement(wrapper)


def _media(handler, picture):
    attrs = {"url": picture.url, "medium": "image", "type": picture.mime_type}
    attrs.update({name: str(value) for name, value in (("width", picture.width), ("height", picture.height)) if value})
    handler.startElement("media:content", attrs)
    text = " ".join(part for part in (picture.caption, picture.credit) if part)
    if text:
        handler.addQuickElement("media:description", text, {"type": "plain"})
    for person in picture.people:
        handler.addQuickElement("media:credit", person.name, {"role": "photographer", "scheme": "urn:ebu"})
    handler.endElement("media:content")


class RssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), **NAMESPACES}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for person in item.get("people") or ():
            handler.addQuickElement("dc:creator", person.name)
        for person in item.get("people") or ():
            _schema_person(handler, person, "schema:author")
        if item.get("picture"):
            _media(handler, item["picture"])


class AtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), **NAMESPACES}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for person in item.get("people") or ():
            handler.startElement("author", {})
            handler.addQuickElement("name", person.name)
            if person.url:
                handler.addQuickElement("uri", person.url)
            _schema_person(handler, person)
            handler.endElement("author")
        if item.get("picture"):
            _media(handler, item["picture"])


@dataclass
class Subject:
    """What a feed is about (a column, a contributor, or nothing for the site's own), with the request's instant and
    its way to make absolute URLs: get_object() returns one, so a feed instance (shared by threads) keeps nothing."""

    thing: object
    request: object
    now: object

    def absolute(self, path):
        return self.request.build_absolute_uri(path) if path else ""


class DeskFeed(Feed):
    """A desk's feed: the paper as the feed's author (an Atom entry without a byline has it), each item's extra
    elements from `syndicated(item, subject)`. `in_both_formats(FeedClass)` is its view."""

    feed_type = RssFeed
    description_template = None
    title_template = None

    def get_object(self, request, *args, **kwargs):
        return Subject(self.subject(*args, **kwargs), request, timezone.now())

    def subject(self, **kwargs):
        """What the feed is about (the URL's arguments name it), or Http404 for an unknown one."""
        return None

    def author_name(self):
        return settings.NEWSPAPER_NAME

    def items(self, subject):
        items = list(self.live_items(subject))
        for item in items:
            item.syndicated = self.syndicated(item, subject)
        return items

    def live_items(self, subject):
        raise NotImplementedError

    def syndicated(self, item, subject):
        return Syndicated()

    def item_extra_kwargs(self, item):
        return item.syndicated.kwargs()

    def item_enclosures(self, item):
        picture = item.syndicated.picture
        # The file's length is not known without asking the storage for each picture: 0, as the RSS profile allows.
        return [Enclosure(picture.url, "0", picture.mime_type)] if picture else []


def in_both_formats(feed_class):
    """One view for a feed's RSS and Atom: the URL's `format` (the feedformat converter: rss or atom) picks."""
    feeds = {"rss": feed_class(), "atom": type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": AtomFeed})()}

    def view(request, format, **kwargs):
        return feeds[format](request, **kwargs)

    view.feed_class = feed_class
    return view
