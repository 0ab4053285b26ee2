"""A reader walks the paper in a real browser (issue 13): the front page, its lead story, the story's page with its
page image, another story opened from its region on the image, the next page, the 往期 calendar, an earlier
edition, and a search that marks what it found. Screenshots of each, on a phone (390 px) and a desktop (1366 px), go
to the test run's folder."""

import datetime

import pytest
import time_machine

from articles.bylines import Credit
from newsroom import page_files
from newsroom.demo_page import demo_of
from newsroom.publication import placed_on
from newsroom.regions import RECT, Region, region_key
from notices.models import Notice
from notices.printed import parse_notice_line
from outages.models import OutageNotice
from outages.parser import parse_outage_table
from tests.articles.conftest import image_bytes
from tests.conftest import at
from tests.test_leaks import OUTAGE_TABLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def the_morning_after():
    """The edition's day at noon: its outages (2020-04-29) are still to come."""
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=True):
        yield


# Each page's demo image (newsroom.demo_page), made once for the module: the same items give the same layout.
DEMOS = {}


def give_demo_image(page):
    """The page image `make run` makes, with its region for every item of the page."""
    items = placed_on(page)
    made = DEMOS.get((page.code, *(item.region_text() for item in items)))
    if made is None:
        made = DEMOS[(page.code, *(item.region_text() for item in items))] = demo_of(page, items, "株洲日报")
    page_file, rects, _missing_font = made
    page.set_files(page_file)
    page.set_regions([Region(region_key(item), RECT, rect) for item, rect in zip(items, rects, strict=True)])


@pytest.fixture
def paper(make_edition, make_article, settings, tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_FILES_ROOT = tmp_path / "pages"
    monkeypatch.setattr(page_files, "SIZES", {"small": 600, "large": 1200})  # enough for 390 px at 2x, and quicker
    make_edition(date=datetime.date(2020, 4, 27), publish_at=at(2020, 4, 27, 6, 0), number=21344)
    old = make_edition(date=datetime.date(2020, 3, 30), publish_at=at(2020, 3, 30, 6, 0), number=21317)
    make_article("三月的要闻", page=old.pages.get(code="A1"), position=1, body="株洲日报讯 三月。")
    edition = make_edition(number=21345)
    a1, a2 = edition.pages.get(code="A1"), edition.pages.get(code="A2")
    lead = make_article(
        "市民快快申领电子健康卡(码)", page=a1, position=1, kicker="就医入校、外出旅游、复工复产,这些都要扫码通行"
    )
    lead.body = (
        "株洲日报讯 市卫健委介绍,电子健康卡可在手机上申领。\n申领后就医不用再带卡。" + "扫码即可挂号、缴费。" * 12
    )
    lead.save()
    lead.set_bylines([Credit("周兴海", "见习记者", "株洲日报")])
    photo = lead.photos.create(
        image=SimpleUploadedFile("qr.jpg", image_bytes(size=(320, 200))), caption="市民扫码申领电子健康卡。"
    )
    photo.set_credits([Credit("任远", "记者", "株洲日报")])
    drill = "株洲日报讯 4月24日至30日,我市对民兵教练员骨干进行集训,全面提升民兵教练员军事素质和组训能力。\n"
    drill += "集训采取理论学习与实际操作相结合的方式进行,设置了共同训练、战术基础、轻武器操作等课目。" * 3
    make_article("全市民兵教练员骨干集训", page=a1, position=2, body=drill)
    make_article("确保小康路上“一个也不少”", page=a2, position=1, body="株洲日报讯 4月27日下午,市总工会召开会议。")
    Notice.from_parsed(
        parse_notice_line("·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"), page=a2, status="published"
    )
    lines = OUTAGE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]
    OutageNotice.objects.create_from_parsed(parse_outage_table(lines), page=a2, position=20, status="published")
    make_article("午间才发布的稿件", page=a1, position=3, publish_at=at(2020, 4, 28, 13, 0))  # a region, not yet a link
    give_demo_image(a1)
    give_demo_image(a2)
    return lead


def no_horizontal_scroll(page):
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def region(page, name):
    return page.locator(f'svg.page-regions a[aria-label="{name}"]')


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_reader_walks_from_the_front_page_to_an_earlier_edition(live_server, request, screen, paper, tmp_path):
    page = request.getfixturevalue(screen)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    lead = page.locator(".page-item-lead")
    assert lead.locator("img").get_attribute("alt") == "市民扫码申领电子健康卡。"
    assert page.locator("#home-notices").is_visible() and page.locator("#home-outages").is_visible()
    no_horizontal_scroll(page)
    page.screenshot(path=shots / f"home-{screen}.png", full_page=True)

    lead.get_by_role("link", name="市民快快申领电子健康卡(码)").click()
    page.wait_for_url(f"**{paper.get_absolute_url()}")
    assert page.locator("h1.headline").inner_text() == "市民快快申领电子健康卡(码)"
    no_horizontal_scroll(page)
    page.screenshot(path=shots / f"story-{screen}.png", full_page=True)

    # The story's page: its page image, beside the stories on a desktop, above them on a phone.
    page.locator(".back-to-page").click()
    page.wait_for_url("**/editions/2020-04-28/A1/")
    image = page.locator(".page-image img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "2020年4月28日 A1版的版面图" in image.get_attribute("alt")
    # A region for each live story, named by its headline; the story still to come has none yet.
    assert page.locator("svg.page-regions a").count() == 2
    assert region(page, "午间才发布的稿件").count() == 0
    picture, stories = image.bounding_box(), page.locator(".page-items").bounding_box()
    if screen == "desktop":
        assert picture["x"] + picture["width"] <= stories["x"] and picture["y"] < stories["y"] + 100
    else:
        assert picture["y"] + picture["height"] <= stories["y"] and picture["width"] > 300
    no_horizontal_scroll(page)
    page.screenshot(path=shots / f"page-{screen}.png", full_page=True)
    other = region(page, "全市民兵教练员骨干集训")
    box = other.locator("rect").bounding_box()
    assert box["width"] > 20 and box["height"] > 20  # something a finger can hit
    if screen == "desktop":  # from the keyboard: the region is a link that takes the focus
        other.focus()
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "全市民兵教练员骨干集训"
        page.keyboard.press("Enter")
    else:
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a tap where it is printed
    page.wait_for_url("**/articles/*/")
    assert page.locator("h1.headline").inner_text() == "全市民兵教练员骨干集训"

    page.go_back()
    page.wait_for_url("**/editions/2020-04-28/A1/")
    page.locator(".edition-nav .next-page").first.click()
    page.wait_for_url("**/editions/2020-04-28/A2/")
    assert page.locator("h1.page-heading").inner_text().startswith("A2版")
    assert region(page, "2020年4月29日 检修停电安排(公告)").count() == 1 and page.locator(".page-image a[href$='.pdf']")
    no_horizontal_scroll(page)

    page.locator(".edition-nav .archive-link").first.click()
    page.wait_for_url("**/editions/?month=2020-04")
    assert page.locator(".calendar a.has-edition").count() == 2
    no_horizontal_scroll(page)
    page.screenshot(path=shots / f"calendar-{screen}.png", full_page=True)
    page.get_by_role("link", name="更早").click()
    page.get_by_role("link", name="2020年3月30日 星期一 第21317期").click()
    page.wait_for_url("**/editions/2020-03-30/")
    assert "三月的要闻" in page.locator("main").inner_text()

    if screen == "phone":  # the jump to a date, from the keyboard
        page.goto(live_server.url + "/editions/")
        page.locator("#jump-date").fill("2020-04-27")
        page.locator("#jump-date").press("Enter")
        page.wait_for_url("**/editions/2020-04-27/")

    # A place where the power goes off: the outage is found, the place marked.
    page.get_by_role("link", name="搜索").first.click()
    page.get_by_role("searchbox", name="搜索").fill("财校")
    page.get_by_role("searchbox", name="搜索").press("Enter")
    page.wait_for_url("**/search/?q=*")
    marked = page.locator("#results-outagenotice mark").first
    assert marked.inner_text() == "财校" and marked.is_visible()
    no_horizontal_scroll(page)
    page.screenshot(path=shots / f"search-{screen}.png", full_page=True)
    for name in ("home", "story", "page", "calendar", "search"):
        assert (shots / f"{name}-{screen}.png").stat().st_size > 0


def test_the_skip_link_takes_a_keyboard_reader_to_the_content(live_server, desktop, paper):
    desktop.goto(live_server.url + "/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.textContent")
    assert focused == "跳到正文"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "content"


def test_nothing_scrolls_sideways_on_a_360_pixel_phone(live_server, chromium, paper):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    try:
        for path in ("/", paper.get_absolute_url(), "/editions/2020-04-28/A2/", "/editions/", "/search/?q=财校"):
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        context.close()
