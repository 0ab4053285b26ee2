"""A notice is never lost: two interleaved saves (the second refused, its text kept) and a restore of the exact text."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from newsroom.roles import ROLE_PERMISSIONS
from notices.models import Notice, NoticeStatus
from notices.printed import parse_notice_line
from tests.notices.sample import SAMPLE_LINES
from tests.test_roles import ROLES, form_data, logged_in, member

CHANGELIST = "/admin/notices/notice/"


@pytest.fixture
def clerk(db):
    return member("clerk", "clerk")


@pytest.fixture
def clerk_outside_a_transaction(transactional_db):
    # A transactional test runs on a database the transactional tests before it emptied (the browser tests):
    # the roles of migration 0004 are gone, so the clerk's group is made again from the same table.
    group, _created = Group.objects.get_or_create(name=ROLES["clerk"])
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in ROLE_PERMISSIONS[ROLES["clerk"]]
    )
    return member("clerk", "clerk")


@pytest.fixture
def editor(db):
    return member("editor", "editor")


def test_the_second_of_two_interleaved_saves_of_a_notice_is_refused_and_keeps_its_text(clerk, editor):
    notice = Notice.from_parsed(parse_notice_line(SAMPLE_LINES[0]))
    url = f"{CHANGELIST}{notice.pk}/change/"
    first, second = logged_in(clerk), logged_in(editor)
    opened_by_clerk, opened_by_editor = first.get(url), second.get(url)  # both open the form at one version

    assert first.post(url, form_data(opened_by_clerk, contact_phone="13807331234")).status_code == 302
    saved_at = timezone.localtime(Notice.objects.get(pk=notice.pk).updated_at).strftime("%Y-%m-%d %H:%M:%S")
    refused = second.post(url, form_data(opened_by_editor, mother_name="杨雄"))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert f"已被clerk于{saved_at}修改并保存" in html
    assert 'value="杨雄"' in html  # the refused text is still in the form
    notice.refresh_from_db()
    assert (notice.mother_name, notice.contact_phone) == ("杨熊", "13807331234")

    # The form now carries the newer version: after merging, the second save goes through.
    merged = form_data(refused, mother_name="杨雄", contact_phone="13807331234")
    assert second.post(url, merged).status_code == 302
    notice.refresh_from_db()
    assert (notice.mother_name, notice.contact_phone, notice.updated_by) == ("杨雄", "13807331234", editor)
    assert notice.printed_line() == "·王嘉瑶(父:王小军、母:杨雄)遗失M431033654号出生证"


# Not wrapped in the test's transaction: a restore must work as it does in production, where the lock's
# SELECT … FOR UPDATE fails outside a transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_a_notice_revision_restores_the_exact_printed_line(clerk_outside_a_transaction):
    clerk = clerk_outside_a_transaction
    notice = Notice.from_parsed(parse_notice_line(SAMPLE_LINES[7]))  # the stray blank of ·陈琰 遗失…
    assert notice.printed_line() == SAMPLE_LINES[7]
    client = logged_in(clerk)
    url = f"{CHANGELIST}{notice.pk}/change/"
    changed = form_data(client.get(url), quick_line="陈琰遗失30002288号湖南省株洲市房地产权属与市场管理处收款收据")
    assert client.post(url, changed).status_code == 302
    notice.refresh_from_db()
    assert notice.printed_line() != SAMPLE_LINES[7]

    history = client.get(f"{CHANGELIST}{notice.pk}/history/").content.decode()
    assert "预收款凭据" in history and "收款收据" in history  # what changed, old and new
    assert "clerk" in history  # and who

    first = notice.history.order_by("history_id").first()
    revision = f"{CHANGELIST}{notice.pk}/history/{first.history_id}/"
    restored = client.post(revision, form_data(client.get(revision)))
    assert restored.status_code == 302
    notice.refresh_from_db()
    assert notice.printed_line() == SAMPLE_LINES[7]
    assert notice.print_separator == " "
    assert (notice.status, notice.updated_by, notice.version) == (NoticeStatus.RECEIVED, clerk, 3)
    assert notice.history.count() == 3
    assert notice.history.order_by("-history_id").first().history_user == clerk
