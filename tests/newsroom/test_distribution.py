"""The machine-readable channels (issue 15) read back as a machine reads them: the sample's bylines, credits and
placement in the story's JSON-LD and Open Graph tags, in the RSS and Atom feeds, in the sitemaps; the notices column
and the outage notices in theirs; nothing of a scheduled story one second before its time; the sitemaps' structure
checked against the element names the sitemaps.org protocol and Google News document; 404 for what does not exist.
"""

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.bylines import Credit
from articles.models import Article, Column, Contributor, Correction, Photo
from newsroom import sitemaps
from newsroom.models import Edition, Page
from newsroom.publication import Status
from tests.articles.conftest import image_bytes
from tests.conftest import at
from tests.sample import sample_text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
SCHEMA = "{https://schema.org/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

HEALTH_CARD = "市民快快申领电子健康卡(码)"  # 株洲日报记者 刘琼 / 通讯员/朱卫健
MAY_DAY = "迎五一 着盛装"  # a photo story: 株洲日报记者 任远 通讯员/任晓磊 摄


@pytest.fixture
def sample(imported_sample, settings, tmp_path):
    """The sample edition as an editor finishes it: the edition's number, the page's name, the May Day picture's file
    (the text has its caption and credit only) and a correction to the health-card story."""
    settings.MEDIA_ROOT = tmp_path / "media"
    Edition.objects.update(number=21345)
    Page.objects.update(name="综合")
    photo = Photo.objects.get(article__headline=MAY_DAY)
    photo.image = SimpleUploadedFile("may-day.jpg", image_bytes(size=(320, 200)))
    photo.save()
    story = Article.objects.get(headline=HEALTH_CARD)
    Correction.objects.create(article=story, date=datetime.date(2020, 4, 29), text="二维码图片说明有误,已更正。")
    return story


def json_ld(response):
    """Every JSON-LD block of a page, parsed."""
    assert response.status_code == 200
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return [json.loads(block) for block in blocks]


def meta(response):
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', response.content.decode())
    return [(name, html.unescape(content)) for name, content in found]


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def rss_item(tree, title):
    return next(item for item in tree.iter("item") if item.findtext("title") == html.escape(title))


def atom_entry(tree, title):
    return next(e for e in tree.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == html.escape(title))


def test_the_story_by_liu_qiong_and_zhu_weijian_has_both_as_authors_everywhere(client, sample):
    story = sample
    liu, zhu = (Contributor.objects.get(name=name) for name in ("刘琼", "朱卫健"))
    liu_url, zhu_url = (f"http://testserver{person.get_absolute_url()}" for person in (liu, zhu))
    url = f"http://testserver{story.get_absolute_url()}"

    # The story page: its NewsArticle, each person a Person with the printed role, placed in its edition.
    page = client.get(story.get_absolute_url())
    [article] = json_ld(page)
    assert article["@context"] == "https://schema.org" and article["@type"] == "NewsArticle"
    assert article["headline"] == HEALTH_CARD and article["url"] == url
    assert article["alternativeHeadline"] == "就医入校、外出旅游、复工复产,这些都要扫码通行"
    assert article["dateline"] == "株洲日报讯"
    assert article["datePublished"] == "2020-04-28T06:00:00+08:00"
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "刘琼",
            "url": liu_url,
            "jobTitle": "记者",
            "affiliation": {"@type": "Organization", "name": "株洲日报"},
        },
        {"@type": "Person", "name": "朱卫健", "url": zhu_url, "jobTitle": "通讯员"},
    ]
    assert (article["printEdition"], article["printPage"], article["printSection"]) == (
        "2020年4月28日 第21345期",
        "A2",
        "综合",
    )
    assert article["isPartOf"]["@type"] == "PublicationIssue"
    assert article["isPartOf"]["@id"] == "http://testserver/editions/2020-04-28/"
    assert article["isPartOf"]["issueNumber"] == "21345"
    assert article["isPartOf"]["isPartOf"] == {"@type": "Newspaper", "name": "株洲日报", "url": "http://testserver/"}
    assert article["publisher"]["@type"] == "NewsMediaOrganization" and article["publisher"]["name"] == "株洲日报"
    assert article["correction"] == [
        {"@type": "CorrectionComment", "text": "二维码图片说明有误,已更正。", "datePublished": "2020-04-29"}
    ]
    assert "image" not in article  # its picture (a QR code) was imported with its caption only, no file
    tags = meta(page)
    assert ("og:title", HEALTH_CARD) in tags and ("og:url", url) in tags and ("twitter:card", "summary") in tags
    assert [content for name, content in tags if name == "article:author"] == [liu_url, zhu_url]
    assert dict(tags)["og:description"].startswith("看病就医,亮码就医")

    # RSS: a dc:creator each, and each one's role; no item names the whole printed byline as one person.
    rss = feed(client, "/feeds/latest.rss")
    item = rss_item(rss, HEALTH_CARD)
    assert [creator.text for creator in item.iter(f"{DC}creator")] == ["刘琼", "朱卫健"]
    people = [
        (p.findtext(f"{SCHEMA}name"), p.findtext(f"{SCHEMA}roleName"), p.findtext(f"{SCHEMA}url"))
        for p in item.iter(f"{SCHEMA}author")
    ]
    assert people == [("刘琼", "记者", liu_url), ("朱卫健", "通讯员", zhu_url)]
    assert not [c.text for c in rss.iter(f"{DC}creator") if " " in c.text or "/" in c.text]
    assert rss.find("channel/item") is not None and rss.find("channel/item/author") is None

    # Atom: an <author> each with its contributor page and role.
    atom = feed(client, "/feeds/latest.atom")
    entry = atom_entry(atom, HEALTH_CARD)
    authors = [
        (
            a.findtext(f"{ATOM}name"),
            a.findtext(f"{ATOM}uri"),
            a.findtext(f"{SCHEMA}roleName"),
            a.findtext(f"{SCHEMA}affiliation"),
        )
        for a in entry.findall(f"{ATOM}author")
    ]
    assert authors == [("刘琼", liu_url, "记者", "株洲日报"), ("朱卫健", zhu_url, "通讯员", None)]
    assert not [name.text for name in atom.iter(f"{ATOM}name") if "全媒体记者" in name.text or "/" in name.text]
    assert atom.find(f"{ATOM}author/{ATOM}name").text == "株洲日报"  # for the stories with no byline

    # Each of them has a feed of their own with the story, linked from their page.
    for person in (liu, zhu):
        for fmt in ("rss", "atom"):
            href = f"/feeds/contributors/{person.pk}.{fmt}"
            assert (
                f'rel="alternate" type="application/{fmt}+xml"'
                in client.get(person.get_absolute_url()).content.decode()
            )
            assert f'href="{href}"' in client.get(person.get_absolute_url()).content.decode()
            titles = [e.text for e in feed(client, href).iter() if e.tag in ("title", f"{ATOM}title")]
            assert HEALTH_CARD in titles

    # The sitemaps: the day's, the contributors' part, and Google News with the title and the time it went live.
    day = ET.fromstring(client.get("/sitemaps/2020-04-28.xml").content)
    assert url in [loc.text for loc in day.iter(f"{SITEMAP}loc")]
    people_part = ET.fromstring(client.get("/sitemaps/contributors/0.xml").content)
    assert {liu_url, zhu_url} <= {loc.text for loc in people_part.iter(f"{SITEMAP}loc")}
    news = ET.fromstring(client.get("/sitemaps/news.xml").content)
    [entry] = [u for u in news.findall(f"{SITEMAP}url") if u.findtext(f"{SITEMAP}loc") == url]
    assert entry.findtext(f"{NEWS}news/{NEWS}title") == HEALTH_CARD
    assert entry.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") == "株洲日报"
    assert entry.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "zh-cn"
    assert entry.findtext(f"{NEWS}news/{NEWS}publication_date") == "2020-04-28T06:00:00+08:00"


def test_a_photo_goes_out_with_its_credit(client, sample):
    story = Article.objects.get(headline=MAY_DAY)
    photo = story.photos.get()
    picture = f"http://testserver/media/{photo.renditions['page']['jpg']}"
    ren, xiao = (Contributor.objects.get(name=name) for name in ("任远", "任晓磊"))
    credit = "株洲日报记者 任远 通讯员/任晓磊 摄"  # as printed

    page = client.get(story.get_absolute_url())
    [article] = json_ld(page)
    [image] = article["image"]
    assert image["@type"] == "ImageObject" and image["url"] == picture
    assert image["creditText"] == credit and image["caption"] == photo.caption
    assert (image["width"], image["height"]) == (320, 200)
    assert [(p["name"], p["jobTitle"]) for p in image["creator"]] == [("任远", "记者"), ("任晓磊", "通讯员")]
    tags = dict(meta(page))
    assert tags["og:image"] == picture and tags["twitter:image"] == picture
    assert tags["twitter:card"] == "summary_large_image"

    item = rss_item(feed(client, "/feeds/latest.rss"), MAY_DAY)
    assert item.find("enclosure").get("url") == picture and item.find("enclosure").get("type") == "image/jpeg"
    content = item.find(f"{MEDIA}content")
    assert content.get("url") == picture and content.get("medium") == "image"
    assert [c.text for c in content.findall(f"{MEDIA}credit")] == ["任远", "任晓磊"]
    assert content.findtext(f"{MEDIA}description").endswith(credit)
    entry = atom_entry(feed(client, "/feeds/latest.atom"), MAY_DAY)
    assert entry.find(f"{MEDIA}content").get("url") == picture
    assert [link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "enclosure"] == [picture]

    # Credited for the picture only, each photographer has the story in their feed (and is in the sitemap).
    for person in (ren, xiao):
        assert MAY_DAY in [e.text for e in feed(client, f"/feeds/contributors/{person.pk}.rss").iter("title")]
    locs = {loc.text for loc in ET.fromstring(client.get("/sitemaps/contributors/0.xml").content).iter()}
    assert f"http://testserver{xiao.get_absolute_url()}" in locs


def test_the_notices_column_the_outage_notices_and_the_page_as_machines_read_them(client, sample):
    # The notices column: one entry for the edition, its lines exactly as printed, where it is printed.
    printed = [line for line in sample_text().splitlines() if line.startswith("·")]
    assert len(printed) == 9
    for fmt in ("rss", "atom"):
        tree = feed(client, f"/feeds/notices.{fmt}")
        if fmt == "rss":
            [item] = tree.iter("item")
            title, summary, link = item.findtext("title"), item.findtext("description"), item.findtext("link")
        else:
            [item] = tree.iter(f"{ATOM}entry")
            title, summary = item.findtext(f"{ATOM}title"), item.findtext(f"{ATOM}summary")
            link = item.find(f"{ATOM}link").get("href")
        assert title == "2020年4月28日 下列证件 声明作废(9 条)"
        assert [html.unescape(line) for line in summary.split("<br>")] == ["下列证件 声明作废", *printed]
        assert link == "http://testserver/editions/2020-04-28/A2/"
    notices_page = client.get("/notices/").content.decode()
    assert 'href="/feeds/notices.atom"' in notices_page and 'href="/feeds/notices.rss"' in notices_page

    # The outage notices: the table, each row with its time and places.
    [item] = feed(client, "/feeds/outages.rss").iter("item")
    assert item.findtext("title") == "2020年4月29日 检修停电安排(公告)"
    assert item.findtext("link") == "http://testserver/outages/?date=2020-04-29"
    rows = html.unescape(item.findtext("description")).split("<br>")
    assert rows[0].startswith("设备停电检修期间") and len(rows) == 1 + 4
    assert "月行山变" in rows[2] and "19:00-20:00" in rows[1] and "影响区域:荷塘区:十三中三台区、财校三台区" in rows[2]
    outages_page = client.get("/outages/", {"date": "2020-04-29"})
    assert 'href="/feeds/outages.atom"' in outages_page.content.decode()

    # The page: the edition as a PublicationIssue, the outage notice as a SpecialAnnouncement about Events at places.
    issue, announcement = json_ld(client.get("/editions/2020-04-28/A2/"))
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "21345"
    assert issue["datePublished"] == "2020-04-28" and issue["publisher"]["name"] == "株洲日报"
    assert announcement["@type"] == "SpecialAnnouncement" and announcement["name"] == "2020年4月29日 检修停电安排(公告)"
    assert announcement["author"] == {"@type": "Organization", "name": "国网株洲供电公司"}
    coverage = {(p["name"], p.get("containedInPlace", {}).get("name")) for p in announcement["spatialCoverage"]}
    assert {("财校三台区", "荷塘区"), ("十三中三台区", "荷塘区")} <= coverage
    events = announcement["about"]
    assert len(events) == 4 and {event["@type"] for event in events} == {"Event"}
    first = next(event for event in events if "月行山变" in event["name"])
    assert first["startDate"].startswith("2020-04-29T") and first["startDate"].endswith("+08:00")
    assert first["eventStatus"] == "https://schema.org/EventScheduled"
    assert {
        "@type": "Place",
        "name": "财校三台区",
        "containedInPlace": {"@type": "AdministrativeArea", "name": "荷塘区"},
    } in (first["location"])
    # The lookup shows the same markup for the rows it found.
    [found] = json_ld(client.get("/outages/", {"place": "财校三台区", "date": "2020-04-29"}))
    assert found["@type"] == "SpecialAnnouncement" and len(found["about"]) == 1
    # The column pages link their feeds.
    column = Column.objects.get(name="学习微党课")
    href = reverse("feed-column", args=[column.slug, "atom"])
    assert href == "/feeds/columns/%E5%AD%A6%E4%B9%A0%E5%BE%AE%E5%85%9A%E8%AF%BE.atom"
    assert f'href="{href}"' in client.get(column.get_absolute_url()).content.decode()
    assert "机关基层党组织 如何进行组织设置?" in [e.text for e in feed(client, href).iter(f"{ATOM}title")]


def test_a_scheduled_story_is_in_no_channel_one_second_before_its_time(client, sample):
    """A web-first story at 15:00 by a new reporter and 刘琼, in a new column, with a picture the new reporter took."""
    due = at(2020, 4, 28, 15, 0)
    story = Article.objects.create(
        headline="夜市重开", body="株洲日报讯 夜市今晚重开。", status=Status.PUBLISHED, publish_at=due
    )
    story.column = Column.objects.create(name="城事")
    story.save()
    story.set_bylines([Credit("林新", "记者", "株洲日报"), Credit("刘琼", "记者", "株洲日报")])
    photo = story.photos.create(image=SimpleUploadedFile("n.jpg", image_bytes()), caption="夜市。")
    photo.set_credits([Credit("林新", "记者", "株洲日报")])
    newcomer, liu = Contributor.objects.get(name="林新"), Contributor.objects.get(name="刘琼")
    slug = story.column.slug
    column_url = story.column.get_absolute_url()  # percent-encoded, as in a sitemap
    markers = [
        "夜市重开",
        story.get_absolute_url(),
        newcomer.get_absolute_url(),
        column_url,
        photo.renditions["page"]["jpg"],
    ]
    lists = [
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        f"/feeds/contributors/{liu.pk}.atom",
        "/sitemaps/2020-04-28.xml",
        "/sitemaps/news.xml",
        "/sitemaps/columns/0.xml",
        "/sitemaps/contributors/0.xml",
        "/",
    ]
    own = [
        f"/feeds/contributors/{newcomer.pk}.rss",
        f"/feeds/contributors/{newcomer.pk}.atom",
        f"/feeds/columns/{slug}.rss",
        f"/feeds/columns/{slug}.atom",
        story.get_absolute_url(),
    ]
    for moment, live in ((due - datetime.timedelta(seconds=1), False), (due, True)):
        with time_machine.travel(moment, tick=False):
            for url in lists:
                text = client.get(url).content.decode()
                shown = [marker for marker in markers if marker in text]
                assert bool(shown) == live, (url, moment, shown)
            for url in own:
                assert client.get(url).status_code == (200 if live else 404), (url, moment)
    # At its time, its JSON-LD names both authors and the picture's credit.
    with time_machine.travel(due, tick=False):
        [article] = json_ld(client.get(story.get_absolute_url()))
    assert [person["name"] for person in article["author"]] == ["林新", "刘琼"]
    assert article["image"][0]["creditText"] == "株洲日报记者 林新 摄"
    assert "printPage" not in article and "isPartOf" not in article  # web-first: on no page


def test_what_does_not_exist_is_a_404(client, sample):
    shy = Contributor.objects.create(name="无稿者")  # no live work: readers do not know them
    for url in (
        "/feeds/columns/no-such-column.rss",
        "/feeds/contributors/99999999.atom",
        f"/feeds/contributors/{shy.pk}.rss",
        "/feeds/latest.xml",
        "/feeds/notices.json",
        "/sitemaps/no-such/0.xml",
        "/sitemaps/columns/7.xml",
        "/sitemaps/columns/99999999999999999999999999.xml",
        "/sitemaps/2020-04-27.xml",
        "/sitemaps/2020-04-28.xml?p=2",
        "/sitemaps/news.xml?p=x",
    ):
        assert client.get(url).status_code == 404, url


# The sitemaps.org protocol (sitemaps.org/protocol.html): <urlset> holds <url>s, each <loc> (absolute, under 2,048
# characters), then optionally <lastmod> (W3C datetime), <changefreq>, <priority> (0.0-1.0), and elements of other
# namespaces (extensions); <sitemapindex> holds <sitemap>s of <loc> and optional <lastmod>; at most 50,000 of either.
# Google News (developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap): one <news:news> a <url>, of
# <news:publication> (<news:name>, <news:language>: an ISO 639 code, zh-cn for simplified Chinese),
# <news:publication_date> (W3C) and <news:title>; at most 1,000 <url>s.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
URL_CHILDREN = ("loc", "lastmod", "changefreq", "priority")


def own(element, namespace=SITEMAP):
    return [(child.tag.removeprefix(namespace), child) for child in element if child.tag.startswith(namespace)]


def check_loc(text):
    assert text.startswith(("http://", "https://")) and len(text) < 2048 and text == text.strip(), text


def check_entries(entries, names):
    """Children of a <url> or <sitemap>: loc first, each at most once, in the protocol's order, values as it says."""
    tags = [tag for tag, _ in entries]
    assert tags and tags[0] == "loc" and len(set(tags)) == len(tags), tags
    assert set(tags) <= set(names) and tags == sorted(tags, key=names.index), tags
    for tag, child in entries:
        text = child.text or ""
        if tag == "loc":
            check_loc(text)
        elif tag == "lastmod":
            assert W3C_DATETIME.match(text), text
        elif tag == "changefreq":
            assert text in CHANGEFREQ, text
        elif tag == "priority":
            assert 0 <= float(text) <= 1, text


def check_urlset(tree, news=False):
    assert tree.tag == f"{SITEMAP}urlset"
    urls = list(tree)
    assert all(url.tag == f"{SITEMAP}url" for url in urls) and len(urls) <= (1000 if news else 50_000)
    for url in urls:
        check_entries(own(url), URL_CHILDREN)
        extensions = [child for child in url if not child.tag.startswith(SITEMAP)]
        if news:
            [item] = extensions
            assert item.tag == f"{NEWS}news"
            assert [tag for tag, _ in own(item, NEWS)] == ["publication", "publication_date", "title"]
            publication = item.find(f"{NEWS}publication")
            assert (
                [tag for tag, _ in own(publication, NEWS)]
                == ["name", "language"]
                == [c.tag[len(NEWS) :] for c in publication]
            )
            assert publication.findtext(f"{NEWS}name") == "株洲日报"
            assert re.fullmatch(r"[a-z]{2,3}|zh-cn|zh-tw", publication.findtext(f"{NEWS}language"))
            assert W3C_DATETIME.match(item.findtext(f"{NEWS}publication_date"))
            assert item.findtext(f"{NEWS}title")
        else:
            assert all(child.tag.startswith("{http://www.w3.org/1999/xhtml}") for child in extensions)
    return [url.findtext(f"{SITEMAP}loc") for url in urls]


def test_the_sitemaps_follow_the_protocol_and_each_section_stays_bounded(client, sample, monkeypatch):
    assert sitemaps.MAX_URLS == 50_000 and sitemaps.PART_SIZE == 10_000  # a part's bound, by construction
    # Parts of 4 ids instead of 10,000: the sample's contributors fill several, none holds more than 4.
    monkeypatch.setattr(sitemaps, "PART_SIZE", 4)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SITEMAP}sitemapindex" and 0 < len(index) <= 50_000
    sections = []
    for entry in index:
        assert entry.tag == f"{SITEMAP}sitemap"
        check_entries(own(entry), ("loc", "lastmod"))
        sections.append(entry.findtext(f"{SITEMAP}loc"))
    # Every contributor of the sample is bylined or credited on a live story; the index names the parts they are in.
    live_people = Contributor.objects.count()
    numbers = sorted({pk // 4 for pk in Contributor.objects.values_list("pk", flat=True)})
    parts = [f"http://testserver/sitemaps/contributors/{n}.xml" for n in numbers]
    assert [s for s in sections if "/contributors/" in s] == parts and len(parts) > 2
    assert (
        sections[0] == "http://testserver/sitemaps/news.xml"
        and sections[-1] == "http://testserver/sitemaps/2020-04-28.xml"
    )
    found = {}
    for section in sections:
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200 and response["Content-Type"] == "application/xml", section
        found[section] = check_urlset(ET.fromstring(response.content), news=section.endswith("/news.xml"))
    people = [loc for part in parts for loc in found[part]]
    assert all(1 <= len(found[part]) <= 4 for part in parts) and len(people) == len(set(people)) == live_people
    # A part that holds nothing live is no part (the index does not name it).
    assert client.get(f"/sitemaps/contributors/{numbers[-1] + 1}.xml").status_code == 404
    day = found["http://testserver/sitemaps/2020-04-28.xml"]
    assert day[:2] == ["http://testserver/editions/2020-04-28/", "http://testserver/editions/2020-04-28/A2/"]
    assert (
        len([loc for loc in day if "/articles/" in loc]) == 12 and len([loc for loc in day if "/notices/" in loc]) == 9
    )
    assert len(found["http://testserver/sitemaps/news.xml"]) == 12

    robots = client.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    assert robots.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/sitemaps/news.xml",
    ]
