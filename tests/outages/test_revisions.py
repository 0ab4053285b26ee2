"""Outage notices and rows are never lost: interleaved saves, and restoring an earlier revision."""

import pytest
from django.utils import timezone

from outages.models import EntryStatus, OutageEntry, OutageNotice
from tests.conftest import at
from tests.test_roles import form_data, logged_in, member

NOTICES = "/admin/outages/outagenotice/"
ENTRIES = "/admin/outages/outageentry/"


@pytest.fixture
def editors(db):
    return member("editor", "editor"), member("deskmate", "editor")


def windows_of(notice):
    return {entry.position: [(w.start, w.end) for w in entry.windows.all()] for entry in notice.entries.all()}


def test_the_second_of_two_interleaved_saves_of_an_outage_notice_is_refused_and_keeps_its_text(editors, make_notice):
    editor, deskmate = editors
    notice = make_notice()
    url = f"{NOTICES}{notice.pk}/change/"
    first, second = logged_in(editor), logged_in(deskmate)
    opened_by_editor, opened_by_deskmate = first.get(url), second.get(url)

    assert first.post(url, form_data(opened_by_editor, warning="因天气原因,停电时间可能调整。")).status_code == 302
    saved_at = timezone.localtime(OutageNotice.objects.get(pk=notice.pk).updated_at).strftime("%Y-%m-%d %H:%M:%S")
    late = form_data(
        opened_by_deskmate, title="2020年4月29日 检修停电安排(更正)", **{"entries-0-scope": "泰山小区全部"}
    )
    refused = second.post(url, late)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert f"已被editor于{saved_at}修改并保存" in html
    assert "2020年4月29日 检修停电安排(更正)" in html and "泰山小区全部" in html  # kept in the form, rows included
    notice.refresh_from_db()
    assert notice.title == "2020年4月29日 检修停电安排(公告)" and notice.warning == "因天气原因,停电时间可能调整。"
    assert notice.entries.get(position=0).scope != "泰山小区全部"  # nothing of the refused save, not even a row

    merged = form_data(refused, warning="因天气原因,停电时间可能调整。")
    assert second.post(url, merged).status_code == 302
    notice.refresh_from_db()
    assert (notice.title, notice.updated_by) == ("2020年4月29日 检修停电安排(更正)", deskmate)
    assert notice.entries.get(position=0).scope == "泰山小区全部"


def test_an_outage_notice_revision_restores_its_text_and_date_and_moves_the_rows_back(editors, make_notice):
    editor, _deskmate = editors
    client = logged_in(editor)
    notice = make_notice()
    before = windows_of(notice)
    url = f"{NOTICES}{notice.pk}/change/"
    corrected = form_data(client.get(url), date="2020-04-30", title="2020年4月30日 检修停电安排(公告)")
    assert client.post(url, corrected).status_code == 302
    notice.refresh_from_db()
    assert notice.entries.get(position=2).windows.get().start == at(2020, 4, 30, 19, 0)

    history = client.get(f"{NOTICES}{notice.pk}/history/").content.decode()
    assert "2020年4月29日 检修停电安排(公告)" in history and "2020年4月30日 检修停电安排(公告)" in history

    first = notice.history.order_by("history_id").first()
    revision = f"{NOTICES}{notice.pk}/history/{first.history_id}/"
    assert client.post(revision, form_data(client.get(revision))).status_code == 302
    notice.refresh_from_db()
    assert (notice.title, notice.date.isoformat()) == ("2020年4月29日 检修停电安排(公告)", "2020-04-29")
    assert windows_of(notice) == before  # the rows went back to the day with it
    assert notice.history.count() == 3


def test_an_outage_row_revision_restores_its_text_and_its_calendar_sequence_goes_on(editors, make_notice):
    editor, _deskmate = editors
    client = logged_in(editor)
    entry = make_notice().entries.get(position=2)
    original = (entry.line, entry.scope, entry.status, entry.reason)
    url = f"{ENTRIES}{entry.pk}/change/"
    changed = form_data(client.get(url), line="改过的线路", scope="改过的范围", status="postponed", reason="雨天顺延")
    assert client.post(url, changed).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.sequence) == (EntryStatus.POSTPONED, 1)

    history = client.get(f"{ENTRIES}{entry.pk}/history/").content.decode()
    assert "改过的线路" in history and original[0] in history and "雨天顺延" in history
    assert "editor" in history

    first = entry.history.order_by("history_id").first()
    revision = f"{ENTRIES}{entry.pk}/history/{first.history_id}/"
    assert client.post(revision, form_data(client.get(revision))).status_code == 302
    entry = OutageEntry.objects.get(pk=entry.pk)
    assert (entry.line, entry.scope, entry.status, entry.reason) == original
    # Readers' calendars saw the postponement: the restore is a new revision for them, never an old one.
    assert entry.sequence == 2
    assert entry.history.order_by("-history_id").first().history_user == editor
