"""/outages/calendar.ics read back with the icalendar library, as a phone calendar would."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from outages.models import EntryStatus
from tests.conftest import at

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
URL = "/outages/calendar.ics"


def fetch(client, now, **params):
    with time_machine.travel(now, tick=False):
        response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def sample(make_notice):
    return make_notice()


def test_one_event_per_window_in_beijing_time_with_its_timezone(client, sample):
    calendar = fetch(client, at(2020, 4, 28, 9, 0))
    events = calendar.walk("VEVENT")
    assert len(events) == 4
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    for event in events:
        assert event.start == at(2020, 4, 29, 19, 0) and event.end == at(2020, 4, 29, 20, 0)
        assert event.start.tzinfo == ZoneInfo("Asia/Shanghai")
        assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=8)
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event["SEQUENCE"] == 0
    assert b"DTSTART;TZID=Asia/Shanghai:20200429T190000" in calendar.to_ical()
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    assert "停电:月行山变、10KV月东II回月348-04-2杆-果木园一台区" in summaries
    locations = [str(event["LOCATION"]) for event in events]
    assert any(location.startswith("荷塘区:十三中三台区、财校三台区") for location in locations)


def test_uids_are_unique_and_stable_between_fetches(client, sample):
    first = events_by_uid(fetch(client, at(2020, 4, 28, 9, 0)))
    second = events_by_uid(fetch(client, at(2020, 4, 28, 10, 0)))
    assert len(first) == 4
    assert set(first) == set(second)


def test_several_windows_are_several_events(client, make_notice):
    notice = make_notice()
    entry = notice.entries.get(position=0)
    entry.set_windows(
        [(at(2020, 4, 29, 8, 0), at(2020, 4, 29, 12, 0)), (at(2020, 4, 29, 14, 0), at(2020, 4, 29, 18, 0))]
    )
    events = fetch(client, at(2020, 4, 28, 9, 0), place="檀香山").walk("VEVENT")
    assert sorted((event.start, event.end) for event in events) == [
        (at(2020, 4, 29, 8, 0), at(2020, 4, 29, 12, 0)),
        (at(2020, 4, 29, 14, 0), at(2020, 4, 29, 18, 0)),
    ]
    assert {event["SEQUENCE"] for event in events} == {1}


def test_cancelling_raises_the_sequence_and_marks_the_same_event_cancelled(client, sample):
    entry = sample.entries.get(areas__places__name="财校三台区")
    before = fetch(client, at(2020, 4, 28, 9, 0), district="荷塘区", place="财校")
    [event] = before.walk("VEVENT")
    uid = str(event["UID"])
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"

    entry.set_status(EntryStatus.CANCELLED, "施工方案调整")
    [event] = fetch(client, at(2020, 4, 28, 10, 0), district="荷塘区", place="财校").walk("VEVENT")
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("【已取消】")
    assert "施工方案调整" in str(event["DESCRIPTION"])


def test_postponing_to_a_new_time_moves_the_same_event_with_a_higher_sequence(client, sample):
    entry = sample.entries.get(areas__places__name="果木园一台区")
    [before] = fetch(client, at(2020, 4, 28, 9, 0), place="果木园").walk("VEVENT")
    entry.set_status(EntryStatus.POSTPONED, "雨天顺延")
    entry.set_windows([(at(2020, 5, 2, 19, 0), at(2020, 5, 2, 20, 0))])
    [after] = fetch(client, at(2020, 4, 28, 10, 0), place="果木园").walk("VEVENT")
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == 2
    assert str(after["STATUS"]) == "TENTATIVE"
    assert after.start == at(2020, 5, 2, 19, 0)


def test_filters_apply_to_the_feed(client, sample):
    assert len(fetch(client, at(2020, 4, 28, 9, 0), district="荷塘区", place="财校").walk("VEVENT")) == 1
    assert len(fetch(client, at(2020, 4, 28, 9, 0), district="芦淞区").walk("VEVENT")) == 1
    assert len(fetch(client, at(2020, 4, 28, 9, 0), district="炎陵县").walk("VEVENT")) == 0
    assert len(fetch(client, at(2021, 1, 1, 9, 0), date="2020-04-29").walk("VEVENT")) == 4


def test_the_feed_keeps_the_last_week_so_subscribed_calendars_do_not_lose_it(client, sample):
    # The sample's windows are on 2020-04-29.
    assert len(fetch(client, at(2020, 5, 6, 9, 0)).walk("VEVENT")) == 4
    assert len(fetch(client, at(2020, 5, 7, 9, 0)).walk("VEVENT")) == 0


def test_a_scheduled_notice_is_absent_a_second_before_and_present_a_second_after(client, make_notice):
    make_notice(publish_at=at(2020, 4, 28, 18, 0))
    assert fetch(client, at(2020, 4, 28, 18, 0) - SECOND).walk("VEVENT") == []
    assert len(fetch(client, at(2020, 4, 28, 18, 0) + SECOND).walk("VEVENT")) == 4


def test_a_draft_notice_never_reaches_the_feed(client, make_notice):
    make_notice(status="draft")
    assert fetch(client, at(2020, 4, 29, 9, 0), date="2020-04-29").walk("VEVENT") == []


@pytest.mark.parametrize("bad", [{"date": "2020-13-45"}, {"place": "x" * 101}])
def test_bad_filter_input_is_a_400_not_a_500(client, sample, bad):
    response = client.get(URL, bad)
    assert response.status_code == 400
    assert "查询条件有误" in response.content.decode()


@pytest.mark.parametrize("place", ["财\n校", "财\r\n校", "财\t校", "财\x0b校", "财\u2028校", " 财校\n"])
def test_a_filter_value_with_line_breaks_is_read_as_one_line(client, sample, place):
    calendar = fetch(client, at(2020, 4, 28, 9, 0), district="荷塘区\n", place=place)
    assert "\n" not in str(calendar["DESCRIPTION"])
    assert len(calendar.walk("VEVENT")) == (1 if place.strip() == "财校" else 0)
