"""A filer's phone and ID number: gone from the revisions once changed, and erased after the retention."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from newsroom.models import Edition, Page
from notices.models import Notice
from notices.printed import parse_notice_line
from tests.conftest import at
from tests.notices.conftest import FILER_ID, PHONE

pytestmark = pytest.mark.django_db
LINE = "·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"
OTHER_ID = "430202199001011234"


def stored_anywhere(notice, value):
    """Every place the database keeps this notice's phone and ID number: the row and each revision."""
    row = Notice.objects.filter(pk=notice.pk).values_list("contact_phone", "filer_id_number").get()
    revisions = Notice.history.filter(id=notice.pk).values_list("contact_phone", "filer_id_number")
    return any(value in values for values in [row, *revisions])


def make_notice(page=None):
    notice = Notice.from_parsed(parse_notice_line(LINE), page=page, save=False)
    notice.contact_phone, notice.filer_id_number = PHONE, FILER_ID
    notice.save()
    notice.declarants = "王嘉怡"  # a later edit: one more revision holding the data
    notice.save()
    return notice


def test_clearing_or_changing_the_filers_phone_or_id_purges_the_old_value_from_every_revision(admin_client):
    notice = make_notice()
    assert Notice.history.filter(id=notice.pk, contact_phone=PHONE).count() == 2
    notice = Notice.objects.get(pk=notice.pk)
    notice.contact_phone = ""
    notice.save()
    assert not stored_anywhere(notice, PHONE)
    assert stored_anywhere(notice, FILER_ID)  # untouched fields stay as they were
    notice = Notice.objects.get(pk=notice.pk)
    notice.filer_id_number = OTHER_ID
    notice.save()
    assert not stored_anywhere(notice, FILER_ID) and stored_anywhere(notice, OTHER_ID)
    assert Notice.history.filter(id=notice.pk).count() == 4  # the revisions stay, without the old values
    assert PHONE not in admin_client.get(f"/admin/notices/notice/{notice.pk}/history/").content.decode()


def test_the_retention_command_erases_intake_data_printed_longer_ago_than_the_retention(settings):
    old = Edition.objects.create(date=datetime.date(2028, 4, 28), publish_at=at(2028, 4, 28, 6, 0))
    recent = Edition.objects.create(date=datetime.date(2029, 12, 1), publish_at=at(2029, 12, 1, 6, 0))
    printed_long_ago = make_notice(Page.objects.create(edition=old, code="A2"))
    printed_lately = make_notice(Page.objects.create(edition=recent, code="A2"))
    with time_machine.travel(at(2027, 1, 1, 9, 0), tick=False):
        never_placed = make_notice()
    deleted = make_notice()
    deleted_id = deleted.pk
    Notice.history.filter(id=deleted_id).update(history_date=at(2027, 1, 1, 9, 0))
    Notice.objects.filter(pk=deleted_id).delete()
    with time_machine.travel(at(2030, 5, 1, 12, 0), tick=False):
        out = StringIO()
        call_command("purge_intake_data", "--dry-run", stdout=out)
        assert "Would erase" in out.getvalue() and stored_anywhere(printed_long_ago, PHONE)
        call_command("purge_intake_data", stdout=StringIO())
    for notice in (printed_long_ago, never_placed):
        assert not stored_anywhere(notice, PHONE) and not stored_anywhere(notice, FILER_ID)
    assert not Notice.history.filter(id=deleted_id, contact_phone=PHONE).exists()
    assert stored_anywhere(printed_lately, PHONE) and stored_anywhere(printed_lately, FILER_ID)
    printed_long_ago.refresh_from_db()
    assert printed_long_ago.declarants == "王嘉怡" and printed_long_ago.page.edition == old
    settings.NOTICE_INTAKE_RETENTION_DAYS = 0
    with time_machine.travel(at(2030, 5, 1, 12, 0), tick=False):
        call_command("purge_intake_data", stdout=StringIO())
    assert not stored_anywhere(printed_lately, PHONE)


def test_a_negative_retention_is_one_sentence_and_erases_nothing():
    notice = make_notice()
    with pytest.raises(CommandError, match="--days must be zero or more"):
        call_command("purge_intake_data", "--days", "-1")
    assert stored_anywhere(notice, PHONE)
