"""Saving a parsed table, the rules of the records, and the sequence readers' calendars rely on."""

import dataclasses
import datetime

import pytest
from django.db import IntegrityError, transaction

from newsroom.publication import Status, live_items_on_page
from outages.models import (
    DEFAULT_COMPANY,
    AffectedArea,
    EntryStatus,
    OutageEntry,
    OutageNotice,
    OutageWindow,
    Place,
)
from tests.conftest import at
from tests.outages.conftest import SAMPLE_OUTAGE_DAY

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def entry_with(notice, place):
    return notice.entries.get(areas__places__name=place)


class TestCreateFromParsed:
    def test_the_sample_table_becomes_one_notice_with_four_entries(self, make_notice, sample_lines):
        notice = make_notice()
        assert OutageNotice.objects.count() == 1
        assert notice.date == SAMPLE_OUTAGE_DAY
        assert notice.title == "2020年4月29日 检修停电安排(公告)"
        assert notice.company == DEFAULT_COMPANY
        assert notice.warning.startswith("设备停电检修期间")
        entries = list(notice.entries.order_by("position"))
        assert len(entries) == 4
        assert [entry.position for entry in entries] == [0, 1, 2, 3]
        assert entries[2].line == "月行山变、10KV月东II回月348-04-2杆-果木园一台区"
        assert entries[2].raw == sample_lines[10]
        for entry in entries:
            assert [(w.start, w.end) for w in entry.windows.all()] == [(at(2020, 4, 29, 19, 0), at(2020, 4, 29, 20, 0))]
            assert entry.status == EntryStatus.PLANNED and entry.sequence == 0

    def test_districts_and_places_are_separate_searchable_records(self, make_notice):
        notice = make_notice()
        second = entry_with(notice, "财校三台区")
        area = second.areas.get()
        assert area.district == "荷塘区"
        assert list(area.places.values_list("name", flat=True)[:3]) == ["十三中三台区", "财校三台区", "财校二台区"]
        first = entry_with(notice, "南362")
        assert [(a.district, a.label) for a in first.areas.all()] == [("", "用户户名"), ("", "")]
        assert set(Place.objects.filter(name__contains="财校").values_list("area__entry", flat=True)) == {second.pk}

    def test_saving_is_all_or_nothing(self, sample_parsed):
        bad = dataclasses.replace(sample_parsed.entries[3], windows=[(at(2020, 4, 29, 20, 0), at(2020, 4, 29, 19, 0))])
        parsed = dataclasses.replace(sample_parsed, entries=[*sample_parsed.entries[:3], bad])
        with pytest.raises(IntegrityError):
            OutageNotice.objects.create_from_parsed(parsed)
        assert OutageNotice.objects.count() == OutageEntry.objects.count() == AffectedArea.objects.count() == 0

    def test_defaults_to_a_draft_that_nobody_sees(self, sample_parsed):
        notice = OutageNotice.objects.create_from_parsed(sample_parsed)
        assert notice.status == Status.DRAFT
        assert not OutageNotice.objects.live(at(2099, 1, 1, 0, 0)).exists()


class TestRules:
    def test_the_same_printed_row_cannot_be_entered_twice_in_one_notice(self, make_notice, sample_lines):
        notice = make_notice()
        with pytest.raises(IntegrityError), transaction.atomic():
            OutageEntry.objects.create(notice=notice, line="x", raw=sample_lines[13] + "\t")
        other = make_notice()
        assert other.entries.filter(raw=sample_lines[13]).count() == 1

    def test_hand_entered_rows_without_raw_are_not_caught_by_the_row_constraint(self, make_notice):
        notice = make_notice()
        OutageEntry.objects.create(notice=notice, line="手工一")
        OutageEntry.objects.create(notice=notice, line="手工二")
        assert notice.entries.filter(raw="").count() == 2

    def test_a_window_must_end_after_it_starts(self, make_notice):
        entry = make_notice().entries.first()
        with pytest.raises(IntegrityError), transaction.atomic():
            OutageWindow.objects.create(entry=entry, start=at(2020, 4, 29, 19, 0), end=at(2020, 4, 29, 19, 0))


class TestSequence:
    def test_a_change_of_status_raises_the_sequence_once(self, make_notice):
        entry = make_notice().entries.first()
        entry.set_status(EntryStatus.POSTPONED, "天气原因")
        assert OutageEntry.objects.get(pk=entry.pk).sequence == 1
        entry = OutageEntry.objects.get(pk=entry.pk)
        entry.reason = "雨天,顺延"
        entry.save()
        assert OutageEntry.objects.get(pk=entry.pk).sequence == 1
        entry.set_status(EntryStatus.CANCELLED, "工作取消")
        assert OutageEntry.objects.get(pk=entry.pk).sequence == 2

    def test_a_change_of_windows_raises_the_sequence_and_keeps_the_window_rows(self, make_notice):
        entry = make_notice().entries.first()
        window_pk = entry.windows.get().pk
        assert not entry.set_windows([(at(2020, 4, 29, 19, 0), at(2020, 4, 29, 20, 0))])
        assert OutageEntry.objects.get(pk=entry.pk).sequence == 0
        assert entry.set_windows([(at(2020, 4, 30, 19, 0), at(2020, 4, 30, 21, 0))])
        assert OutageEntry.objects.get(pk=entry.pk).sequence == 1
        assert entry.windows.get().pk == window_pk
        assert entry.set_windows(
            [(at(2020, 4, 30, 8, 0), at(2020, 4, 30, 12, 0)), (at(2020, 4, 30, 14, 0), at(2020, 4, 30, 18, 0))]
        )
        assert OutageEntry.objects.get(pk=entry.pk).sequence == 2
        assert [w.pk == window_pk for w in entry.windows.order_by("start")] == [True, False]


class TestCopy:
    def test_copy_to_another_date_moves_the_windows_into_a_draft_notice_of_that_day(self, make_notice):
        source = entry_with(make_notice(), "财校三台区")
        source.set_status(EntryStatus.CANCELLED, "改期")
        copy = source.copy_to_date(SAMPLE_OUTAGE_DAY.replace(day=30))
        assert copy.notice.date == SAMPLE_OUTAGE_DAY.replace(day=30)
        assert copy.notice.status == Status.DRAFT
        assert copy.notice.warning == source.notice.warning
        assert [(w.start, w.end) for w in copy.windows.all()] == [(at(2020, 4, 30, 19, 0), at(2020, 4, 30, 20, 0))]
        assert copy.areas_text == source.areas_text
        assert (copy.status, copy.reason, copy.sequence, copy.line) == (EntryStatus.PLANNED, "", 0, source.line)
        # Copying again into the same draft adds nothing; another row joins the same draft.
        assert source.copy_to_date(SAMPLE_OUTAGE_DAY.replace(day=30)) is None
        other = entry_with(source.notice, "果木园一台区").copy_to_date(SAMPLE_OUTAGE_DAY.replace(day=30))
        assert other.notice == copy.notice
        assert copy.notice.entries.count() == 2


class TestOnThePage:
    def test_the_notice_is_an_item_of_its_page_only_when_live(self, make_edition, make_notice, client):
        edition = make_edition(publish_at=at(2020, 4, 28, 6, 0), pages=("A1", "A2"))
        page = edition.pages.get(code="A2")
        notice = make_notice(page=page, publish_at=at(2020, 4, 27, 20, 0))
        assert live_items_on_page(page, at(2020, 4, 28, 6, 0) - SECOND) == []
        assert live_items_on_page(page, at(2020, 4, 28, 6, 0)) == [notice]

    def test_the_page_shows_the_notice_as_a_table(self, make_edition, make_notice, client):
        edition = make_edition(publish_at=at(2020, 4, 28, 6, 0), pages=("A1", "A2"))
        notice = make_notice(page=edition.pages.get(code="A2"))
        entry_with(notice, "果木园一台区").set_status(EntryStatus.CANCELLED, "线路消缺已提前完成")
        response = client.get(edition.pages.get(code="A2").get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "2020年4月29日 检修停电安排(公告)" in html
        assert '<table class="outage-table">' in html
        assert html.count('<td data-label="停电时间">') == 4
        assert "月行山变、10KV月东II回月348-04-2杆-果木园一台区" in html
        assert "已取消" in html and "线路消缺已提前完成" in html
