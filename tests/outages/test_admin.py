"""The admin: a notice with its rows typed fast, postpone/cancel with a reason, copy to another day, paste a table."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from newsroom.publication import Status
from outages.models import EntryStatus, OutageEntry, OutageNotice
from tests.conftest import at
from tests.outages.conftest import SAMPLE_TABLE

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/outages/outagenotice/add/"
ENTRIES_URL = "/admin/outages/outageentry/"


def notice_form(rows, **fields):
    data = {
        "date": "2020-05-06",
        "title": "2020年5月6日 检修停电安排(公告)",
        "company": "国网株洲供电公司",
        "warning": "",
        "status": "draft",
        "position": "0",
        "entries-TOTAL_FORMS": str(len(rows)),
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, row in enumerate(rows):
        for name, value in {"position": index, "status": "planned", "reason": "", "scope": "", **row}.items():
            data[f"entries-{index}-{name}"] = value
    return data


ROW = {
    "line": "天元变10KV天101线",
    "windows_text": "8:00-12:00、23:00-次日2:00",
    "areas_text": "天元区:泰山小区、黄河小区",
}


def test_a_notice_with_its_rows_typed_as_printed(admin_client):
    response = admin_client.post(ADD_URL, notice_form([ROW]))
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = OutageNotice.objects.get()
    entry = notice.entries.get()
    assert [(w.start, w.end) for w in entry.windows.all()] == [
        (at(2020, 5, 6, 8, 0), at(2020, 5, 6, 12, 0)),
        (at(2020, 5, 6, 23, 0), at(2020, 5, 7, 2, 0)),
    ]
    area = entry.areas.get()
    assert area.district == "天元区"
    assert list(area.places.values_list("name", flat=True)) == ["泰山小区", "黄河小区"]
    assert entry.raw == "" and entry.sequence == 0


def test_unreadable_times_are_a_form_error_and_nothing_is_saved(admin_client):
    response = admin_client.post(ADD_URL, notice_form([{**ROW, "windows_text": "上午八点到中午以后"}]))
    assert response.status_code == 200
    assert "无法识别" in response.content.decode()
    assert not OutageNotice.objects.exists()


def test_two_identical_rows_are_refused(admin_client):
    response = admin_client.post(ADD_URL, notice_form([ROW, ROW]))
    assert response.status_code == 200
    assert "完全相同" in response.content.decode()
    assert not OutageNotice.objects.exists()


def test_a_postponed_row_needs_a_reason(admin_client):
    response = admin_client.post(ADD_URL, notice_form([{**ROW, "status": "postponed"}]))
    assert response.status_code == 200
    assert "请写明原因" in response.content.decode()


def test_editing_the_times_of_a_row_raises_its_sequence(admin_client, make_notice):
    notice = make_notice()
    entry = notice.entries.get(position=2)
    url = f"{ENTRIES_URL}{entry.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and "19:00-20:00" in page.content.decode()
    data = {
        "notice": str(notice.pk),
        "position": "2",
        "line": entry.line,
        "windows_text": "19:00-21:00",
        "scope": entry.scope,
        "areas_text": entry.areas_text,
        "status": "planned",
        "reason": "",
    }
    assert admin_client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert [(w.start, w.end) for w in entry.windows.all()] == [(at(2020, 4, 29, 19, 0), at(2020, 4, 29, 21, 0))]
    assert entry.sequence == 1
    # Saving again unchanged changes nothing readers' calendars would see.
    assert admin_client.post(url, {**data, "windows_text": "19:00-21:00"}).status_code == 302
    entry.refresh_from_db()
    assert entry.sequence == 1


def action(client, name, entries, **extra):
    data = {"action": name, ACTION_CHECKBOX_NAME: [str(entry.pk) for entry in entries], **extra}
    return client.post(ENTRIES_URL, data)


@pytest.mark.parametrize(
    ("name", "status"), [("postpone_entries", EntryStatus.POSTPONED), ("cancel_entries", EntryStatus.CANCELLED)]
)
def test_postpone_or_cancel_selected_rows_with_a_reason(admin_client, make_notice, name, status):
    notice = make_notice()
    chosen = list(notice.entries.filter(position__in=[1, 2]))
    form = action(admin_client, name, chosen)
    assert form.status_code == 200
    assert "向读者说明的原因" in form.content.decode()
    assert not OutageEntry.objects.exclude(status=EntryStatus.PLANNED).exists()

    refused = action(admin_client, name, chosen, apply="1", reason="")
    assert refused.status_code == 200
    assert not OutageEntry.objects.exclude(status=EntryStatus.PLANNED).exists()

    done = action(admin_client, name, chosen, apply="1", reason="雨天顺延")
    assert done.status_code == 302
    changed = OutageEntry.objects.exclude(status=EntryStatus.PLANNED)
    assert set(changed.values_list("pk", flat=True)) == {entry.pk for entry in chosen}
    assert set(changed.values_list("status", "reason", "sequence")) == {(status, "雨天顺延", 1)}


def test_copy_rows_to_another_date(admin_client, make_notice):
    notice = make_notice()
    chosen = list(notice.entries.filter(position__in=[0, 3]))
    assert action(admin_client, "copy_to_date", chosen).status_code == 200
    response = action(admin_client, "copy_to_date", chosen, apply="1", date="2020-05-08")
    assert response.status_code == 302
    draft = OutageNotice.objects.get(date=datetime.date(2020, 5, 8))
    assert draft.status == Status.DRAFT
    assert draft.entries.count() == 2
    for entry in draft.entries.all():
        assert [(w.start, w.end) for w in entry.windows.all()] == [(at(2020, 5, 8, 19, 0), at(2020, 5, 8, 20, 0))]


def test_paste_the_printed_table(admin_client):
    page = admin_client.get("/admin/outages/outagenotice/import/")
    assert page.status_code == 200
    response = admin_client.post("/admin/outages/outagenotice/import/", {"text": SAMPLE_TABLE.read_text("utf-8")})
    assert response.status_code == 302
    notice = OutageNotice.objects.get()
    assert (notice.status, notice.entries.count()) == (Status.DRAFT, 4)
    bad = admin_client.post("/admin/outages/outagenotice/import/", {"text": "高压线路\t停电时间"})
    assert bad.status_code == 200 and "应是检修停电安排的标题" in bad.content.decode()
    assert OutageNotice.objects.count() == 1


def test_admin_pages_render(admin_client, make_notice):
    notice = make_notice()
    for url in [
        "/admin/outages/outagenotice/",
        f"/admin/outages/outagenotice/{notice.pk}/change/",
        ADD_URL,
        ENTRIES_URL,
        f"{ENTRIES_URL}?notice__id__exact={notice.pk}",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    change = admin_client.get(f"/admin/outages/outagenotice/{notice.pk}/change/").content.decode()
    assert "荷塘区:十三中三台区、财校三台区" in change


def test_correcting_the_date_of_a_notice_moves_its_rows(admin_client, make_notice):
    notice = make_notice()
    entries = list(notice.entries.order_by("position"))
    data = notice_form(
        [],
        date="2020-04-30",
        title=notice.title,
        warning=notice.warning,
        seen_version=str(notice.version),  # the form carries the version it was opened on
        **{"entries-TOTAL_FORMS": str(len(entries)), "entries-INITIAL_FORMS": str(len(entries))},
    )
    for index, entry in enumerate(entries):
        data.update(
            {
                f"entries-{index}-id": str(entry.pk),
                f"entries-{index}-notice": str(notice.pk),
                f"entries-{index}-position": str(entry.position),
                f"entries-{index}-line": entry.line,
                f"entries-{index}-windows_text": entry.windows_text,
                f"entries-{index}-scope": entry.scope,
                f"entries-{index}-areas_text": entry.areas_text,
                f"entries-{index}-status": entry.status,
                f"entries-{index}-reason": entry.reason,
            }
        )
    response = admin_client.post(f"/admin/outages/outagenotice/{notice.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    for entry in notice.entries.all():
        assert [(w.start, w.end) for w in entry.windows.all()] == [(at(2020, 4, 30, 19, 0), at(2020, 4, 30, 20, 0))]
        assert entry.sequence == 1
