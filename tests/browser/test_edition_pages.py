"""A reader opens the paper in a real browser, on a phone and on a desktop."""

import pytest

from newsroom.models import Edition
from tests.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_sample(make_edition, make_article):
    edition = make_edition(date=at(2020, 4, 28, 0, 0).date(), publish_at=at(2020, 4, 28, 6, 0), number=21345)
    a2 = edition.pages.get(code="A2")
    make_article("确保小康路上“一个也不少”", page=a2, position=1, body="株洲日报讯 4月27日下午,市总工会召开会议。")
    return edition


def test_a_reader_on_a_phone_goes_from_the_front_page_to_a_story(live_server, phone, live_sample, tmp_path):
    phone.goto(live_server.url + "/")
    assert phone.locator(".masthead-name").inner_text() == "株洲日报"
    assert "2020年4月28日 星期二" in phone.locator(".masthead-dateline").inner_text()
    # Nothing overflows the phone's width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("link", name="A2").click()
    phone.wait_for_url("**/editions/2020-04-28/A2/")
    phone.get_by_role("link", name="确保小康路上“一个也不少”").click()
    assert phone.locator("h1.headline").inner_text() == "确保小康路上“一个也不少”"
    phone.screenshot(path=tmp_path / "phone.png", full_page=True)


def test_every_asset_of_a_page_comes_from_the_site_itself(live_server, desktop, live_sample):
    hosts = set()
    desktop.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    desktop.goto(live_server.url + "/editions/2020-04-28/A2/")
    assert desktop.locator(".page-nav a[aria-current=page]").inner_text().startswith("A2")
    assert hosts == {live_server.url.split("/")[2]}


def test_a_future_edition_is_the_sites_404_in_the_browser(live_server, desktop, live_sample):
    Edition.objects.create(date=at(2099, 1, 1, 0, 0).date(), publish_at=at(2099, 1, 1, 6, 0))
    response = desktop.goto(live_server.url + "/editions/2099-01-01/")
    assert response.status == 404
    assert desktop.get_by_role("heading", name="找不到这个页面").is_visible()
