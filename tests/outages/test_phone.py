"""A reader checks on a phone whether their place loses power (headless Debian Chromium, as tests/browser)."""

import os

import pytest
import time_machine

from tests.browser.conftest import chromium, phone  # noqa: F401 - the fixtures of the browser tests
from tests.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("OUTAGES_SCREENSHOTS")


@pytest.fixture
def printed_notice(make_edition, make_notice):
    edition = make_edition(publish_at=at(2020, 4, 28, 6, 0))
    return make_notice(page=edition.pages.get(code="A2"))


def test_the_printed_table_fits_a_phone(live_server, phone, printed_notice, tmp_path):  # noqa: F811
    phone.goto(live_server.url + "/editions/2020-04-28/A2/")
    table = phone.locator(".outage-table")
    assert table.locator("tbody tr").count() == 4
    assert "荷塘区" in table.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=os.path.join(SHOTS or tmp_path, "outages-page.png"), full_page=True)


def test_a_reader_looks_up_a_place_on_a_phone(live_server, phone, printed_notice, tmp_path):  # noqa: F811
    with time_machine.travel(at(2020, 4, 28, 9, 0), tick=True):
        phone.goto(live_server.url + "/outages/")
        assert phone.locator("article.outage-entry").count() == 4
        phone.select_option("select[name=district]", "荷塘区")
        phone.fill("input[name=place]", "财校")
        phone.get_by_role("button", name="查询").click()
        phone.wait_for_url("**/outages/?**")
        assert phone.locator("article.outage-entry").count() == 1
        assert phone.locator("article.outage-entry mark").first.inner_text() == "财校三台区"
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=os.path.join(SHOTS or tmp_path, "outages-lookup.png"), full_page=True)
