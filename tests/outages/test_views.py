"""The public lookup /outages/: default today and upcoming, district + place, date, and only live notices."""

import datetime
import re

import pytest
import time_machine

from newsroom.publication import Status
from outages.models import EntryStatus, OutageEntry
from outages.parser import parse_outage_table
from tests.conftest import at

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
URL = "/outages/"

# A second table, for 4 May: 财校 appears under 芦淞区 and 荷塘区 has no 财校 in it.
OTHER_TABLE = [
    "2020年5月4日 检修停电安排(公告)\t\t\t",
    "高压线路\t停电时间\t停电范围\t影响区域",
    "停 东 站\t8:00-12:00、14:00-18:00\t东站变10KV东101线检修。\t芦淞区:财校一台区;荷塘区:果园小区。",
    "---\t---\t---\t---",
]


def lines_of(response):
    """The `line` of each result, in order."""
    return re.findall(r'<h2 class="outage-line">(.*?)</h2>', response.content.decode())


def count_of(response):
    return int(re.search(r'<strong class="outage-count">(\d+)</strong>', response.content.decode())[1])


SECOND_ROW = "月行山变、月杨II回月354-月杨II回月354-32-东月I回东304龙潭支变;08线路路路路"
THIRD_ROW = "月行山变、10KV月东II回月348-04-2杆-果木园一台区"
FOURTH_ROW = "南华变、南栗南南328*01-南栗南南34线南南34线路路路路"


@pytest.fixture
def sample(make_notice):
    return make_notice()


def get(client, now, **params):
    with time_machine.travel(now, tick=False):
        return client.get(URL, params)


class TestDefaultIsTodayAndUpcoming:
    def test_on_the_day_all_four_entries_show_in_time_order(self, client, sample):
        response = get(client, at(2020, 4, 29, 9, 0))
        assert response.status_code == 200
        assert count_of(response) == 4
        assert lines_of(response)[2] == THIRD_ROW
        assert "2020年4月29日 19:00-20:00" in response.content.decode()

    def test_the_day_before_they_are_upcoming(self, client, sample):
        assert count_of(get(client, at(2020, 4, 28, 9, 0))) == 4

    def test_later_on_the_same_day_they_are_still_today(self, client, sample):
        assert count_of(get(client, at(2020, 4, 29, 23, 59))) == 4

    def test_the_next_day_they_are_gone_from_the_default_list(self, client, sample, make_notice):
        make_notice(lines=OTHER_TABLE)
        response = get(client, at(2020, 4, 30, 0, 0, 1))
        assert lines_of(response) == ["东站变10KV东101线"]

    def test_a_window_crossing_into_today_counts_as_today(self, client, sample):
        entry = sample.entries.get(position=0)
        entry.set_windows([(at(2020, 4, 29, 23, 0), at(2020, 4, 30, 2, 0))])
        response = get(client, at(2020, 4, 30, 1, 0))
        assert count_of(response) == 1
        assert "2020年4月29日 23:00-次日2:00" in response.content.decode()


class TestFilters:
    def test_district_and_place_find_the_one_right_entry(self, client, sample, make_notice):
        make_notice(lines=OTHER_TABLE)
        response = get(client, at(2020, 4, 28, 9, 0), district="荷塘区", place="财校")
        assert lines_of(response) == [SECOND_ROW]
        html = response.content.decode()
        assert "<mark>财校三台区</mark>" in html and "<mark>财校二台区</mark>" in html

    def test_place_alone_is_a_substring_across_districts(self, client, sample, make_notice):
        make_notice(lines=OTHER_TABLE)
        response = get(client, at(2020, 4, 28, 9, 0), place="财校")
        assert lines_of(response) == [SECOND_ROW, "东站变10KV东101线"]

    def test_district_and_place_must_be_in_the_same_area(self, client, make_notice):
        make_notice(lines=OTHER_TABLE)
        assert lines_of(get(client, at(2020, 5, 1, 9, 0), district="荷塘区", place="财校")) == []
        assert lines_of(get(client, at(2020, 5, 1, 9, 0), district="芦淞区", place="财校")) == ["东站变10KV东101线"]

    def test_district_alone(self, client, sample):
        assert lines_of(get(client, at(2020, 4, 28, 9, 0), district="芦淞区")) == [FOURTH_ROW]
        assert set(lines_of(get(client, at(2020, 4, 28, 9, 0), district="荷塘区"))) == {SECOND_ROW, THIRD_ROW}

    def test_a_place_printed_without_a_district_is_found(self, client, sample):
        response = get(client, at(2020, 4, 28, 9, 0), place="檀香山")
        assert count_of(response) == 1
        assert "用户户名" in response.content.decode()

    def test_date_shows_that_day_even_when_it_is_past(self, client, sample, make_notice):
        make_notice(lines=OTHER_TABLE)
        response = get(client, at(2020, 6, 1, 9, 0), date="2020-04-29")
        assert count_of(response) == 4
        assert "2020年4月29日的停电安排" in response.content.decode()
        assert lines_of(get(client, at(2020, 6, 1, 9, 0), date="2020-05-04")) == ["东站变10KV东101线"]
        assert lines_of(get(client, at(2020, 6, 1, 9, 0), date="2020-04-30")) == []

    def test_date_with_district_and_place(self, client, sample):
        response = get(client, at(2020, 6, 1, 9, 0), date="2020-04-29", district="荷塘区", place="财校")
        assert lines_of(response) == [SECOND_ROW]

    @pytest.mark.parametrize("bad", [{"date": "2020-13-45"}, {"date": "昨天"}, {"district": "区" * 50}])
    def test_bad_input_is_a_form_error_not_a_server_error(self, client, sample, bad):
        response = get(client, at(2020, 4, 28, 9, 0), **bad)
        assert response.status_code == 400
        html = response.content.decode()
        assert "查询条件有误" in html
        assert lines_of(response) == []


class TestStatus:
    def test_cancelled_and_postponed_entries_stay_visible_with_status_and_reason(self, client, sample):
        sample.entries.get(position=1).set_status(EntryStatus.CANCELLED, "施工方案调整,本次停电取消")
        sample.entries.get(position=2).set_status(EntryStatus.POSTPONED, "雨天顺延,另行通知")
        response = get(client, at(2020, 4, 28, 9, 0))
        html = response.content.decode()
        assert count_of(response) == 4
        assert "outage-entry-cancelled" in html and "已取消" in html and "施工方案调整,本次停电取消" in html
        assert "outage-entry-postponed" in html and "已延期" in html and "雨天顺延,另行通知" in html


class TestOnlyLiveNotices:
    def test_a_scheduled_notice_appears_at_its_minute_and_not_a_second_before(self, client, make_notice):
        make_notice(publish_at=at(2020, 4, 28, 18, 0))
        before = get(client, at(2020, 4, 28, 18, 0) - SECOND)
        assert count_of(before) == 0 and lines_of(before) == []
        assert "月行山变" not in before.content.decode()
        after = get(client, at(2020, 4, 28, 18, 0) + SECOND)
        assert count_of(after) == 4

    @pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.UNPUBLISHED])
    def test_a_notice_that_is_not_published_is_never_shown(self, client, make_notice, status):
        make_notice(status=status)
        response = get(client, at(2020, 4, 29, 9, 0), date="2020-04-29")
        assert count_of(response) == 0
        assert "月行山变" not in response.content.decode()

    def test_a_notice_on_a_page_waits_for_its_edition(self, client, make_edition, make_notice):
        edition = make_edition(publish_at=at(2020, 4, 28, 6, 0))
        make_notice(page=edition.pages.get(code="A2"), publish_at=at(2020, 4, 27, 20, 0))
        assert count_of(get(client, at(2020, 4, 28, 6, 0) - SECOND)) == 0
        assert count_of(get(client, at(2020, 4, 28, 6, 0) + SECOND)) == 4

    def test_results_link_to_the_printed_page(self, client, make_edition, make_notice):
        edition = make_edition(publish_at=at(2020, 4, 28, 6, 0))
        make_notice(page=edition.pages.get(code="A2"))
        html = get(client, at(2020, 4, 28, 9, 0)).content.decode()
        assert 'href="/editions/2020-04-28/A2/"' in html


def test_the_list_paginates(client, sample, monkeypatch):
    monkeypatch.setattr("outages.views.PER_PAGE", 3)
    first = get(client, at(2020, 4, 28, 9, 0), district="荷塘区")
    assert first.status_code == 200
    second_page = get(client, at(2020, 4, 28, 9, 0), page="2")
    assert count_of(second_page) == 4 and len(lines_of(second_page)) == 1
    assert OutageEntry.objects.count() == 4


def test_parse_of_other_table_is_what_the_tests_assume():
    parsed = parse_outage_table(OTHER_TABLE)
    assert [area.district for area in parsed.entries[0].areas] == ["芦淞区", "荷塘区"]
    assert len(parsed.entries[0].windows) == 2
