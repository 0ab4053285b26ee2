"""The classifieds desk in the admin: intake, filters, search, placing on a page, signing off."""

import datetime

import pytest

from newsroom import workflow
from notices.models import Notice, NoticeStatus
from notices.printed import parse_notice_line
from tests.notices.conftest import FILER_ID, PHONE
from tests.notices.sample import SAMPLE_LINES

pytestmark = pytest.mark.usefixtures("after_the_sample_went_live")

CHANGELIST = "/admin/notices/notice/"
ADD = "/admin/notices/notice/add/"


def form_data(**fields):
    data = {
        "quick_line": "",
        "declarants": "",
        "declarant_kind": "person",
        "father_name": "",
        "mother_name": "",
        "address": "",
        "plate": "",
        "document_type": "",
        "printed_type": "",
        "number_prefix": "",
        "document_number": "",
        "issuer": "",
        "amount": "",
        "invoice_code": "",
        "quantity": "",
        "contact_phone": "",
        "filer_id_number": "",
        "fee": "",
        "received_on": "2020-04-27",
        "status": "received",
        "page": "",
        "position": "0",
        "publish_at_0": "",
        "publish_at_1": "",
        "print_separator": "",
        "review_note": "",
        "raw_text": "",
    }
    return data | fields


def test_the_intake_form_has_the_private_data_in_its_own_fieldset(admin_client):
    body = admin_client.get(ADD).content.decode()
    assert "收件信息(内部,不公开)" in body
    private = body[body.index("收件信息(内部,不公开)") :]
    for name in ("contact_phone", "filer_id_number", "fee", "received_on"):
        assert f'name="{name}"' in private


def test_intake_field_by_field(admin_client):
    response = admin_client.post(
        ADD,
        form_data(
            declarants="王嘉瑶",
            father_name="王小军",
            mother_name="杨熊",
            document_type="birth_certificate",
            document_number="m431033654",
            contact_phone=PHONE,
            filer_id_number=FILER_ID,
            fee="80",
        ),
    )
    assert response.status_code == 302, response.content.decode()
    notice = Notice.objects.get()
    assert notice.printed_line() == SAMPLE_LINES[0]
    assert (notice.contact_phone, notice.filer_id_number, str(notice.fee)) == (PHONE, FILER_ID, "80.00")


def test_intake_from_one_typed_line(admin_client):
    line = SAMPLE_LINES[7]  # the stray blank is kept
    response = admin_client.post(ADD, form_data(quick_line=line.removeprefix("·")))
    assert response.status_code == 302, response.content.decode()
    notice = Notice.objects.get()
    assert notice.printed_line() == line
    assert notice.issuer == "湖南省株洲市房地产权属与市场管理处"


def test_an_unreadable_typed_line_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(quick_line="某某遗矢公章"))
    assert response.status_code == 200
    assert "无法识别这一行" in response.content.decode()
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"declarants": "王嘉瑶", "document_type": "birth_certificate", "document_number": "M43103365"}, "9位数字"),
        ({"document_type": "birth_certificate", "document_number": "M431033654"}, "请填写遗失人姓名或单位名称"),
        ({"declarants": "王嘉瑶"}, "请选择证件类型"),
        ({"declarants": "李四", "document_type": "receipt", "amount": "-3"}, "金额须大于零"),
        ({"declarants": "李四", "document_type": "invoice", "invoice_code": "12345"}, "10位或12位数字"),
        ({"declarants": "李四", "document_type": "vehicle_licence", "plate": "湘B"}, "如 湘BA3681"),
        ({"declarants": "李四", "document_type": "receipt", "filer_id_number": "110105194912310021"}, "校验码"),
    ],
)
def test_invalid_intake_shows_the_message_and_saves_nothing(admin_client, fields, message):
    response = admin_client.post(ADD, form_data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Notice.objects.exists()


def test_the_list_filters_and_search(admin_client, sample_notices):
    Notice.from_parsed(parse_notice_line("·周七(父:周八、母:吴九)遗失M777777777号出生证"))  # received, not placed
    lines = {
        "": 10,
        "?status__exact=received": 1,
        "?status__exact=published": 9,
        "?document_type__exact=official_seal": 2,
        "?edition=2020-04-28": 9,
        "?edition=none": 1,
        "?edition=not-a-date": 0,
        "?needs_review__exact=0": 10,
        "?needs_review__exact=1": 0,
        "?q=杨丽君": 1,
        "?q=M431033654": 1,
        f"?q={PHONE}": 9,
    }
    for query, count in lines.items():
        response = admin_client.get(CHANGELIST + query)
        assert response.status_code == 200, query
        assert response.context["cl"].result_count == count, query


def test_placing_notices_on_an_edition_page(admin_client, sample_notices, make_edition):
    edition = make_edition(date=datetime.date(2099, 5, 1), publish_at=None)
    a1 = edition.pages.get(code="A1")
    first = Notice.from_parsed(parse_notice_line("·赵一(父:赵二、母:钱三)遗失M999999999号出生证"))
    second = Notice.from_parsed(parse_notice_line("·周七(父:周八、母:吴九)遗失M777777777号出生证"))
    selected = {"action": "place_on_page", "_selected_action": [first.pk, second.pk]}

    response = admin_client.post(CHANGELIST, selected)
    assert response.status_code == 200
    assert "所选的 2 项" in response.content.decode() and "2099年5月1日 A1版" in response.content.decode()

    response = admin_client.post(CHANGELIST, selected | {"apply": "1", "page": "999999"})
    assert "选择一个有效的选项" in response.content.decode()
    first.refresh_from_db()
    assert first.page is None

    response = admin_client.post(CHANGELIST, selected | {"apply": "1", "page": str(a1.pk)})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.page, first.position, first.status) == (a1, 1, NoticeStatus.SCHEDULED)
    assert (second.page, second.position, second.status) == (a1, 2, NoticeStatus.SCHEDULED)

    third = Notice.from_parsed(parse_notice_line("·孙四(父:孙五、母:李六)遗失M888888888号出生证"))
    admin_client.post(
        CHANGELIST, {"action": "place_on_page", "_selected_action": [third.pk], "apply": "1", "page": str(a1.pk)}
    )
    third.refresh_from_db()
    assert (third.page, third.position) == (a1, 3)  # after what is already on the page
    assert [t.action for t in workflow.transitions_of(third)] == ["place"]


def test_the_status_cannot_be_set_in_the_form(admin_client, sample_notices):
    response = admin_client.post(
        ADD, form_data(declarants="李四", document_type="receipt", status="published", page=sample_notices[0].page_id)
    )
    assert response.status_code == 302
    notice = Notice.objects.get(declarants="李四")
    assert (notice.status, notice.page) == (NoticeStatus.RECEIVED, None)


def test_signing_off_publishes_only_placed_notices(admin_client, sample_notices):
    page = sample_notices[0].page
    placed = Notice.from_parsed(parse_notice_line(SAMPLE_LINES[0]), page=page, status=NoticeStatus.SCHEDULED)
    unplaced = Notice.from_parsed(parse_notice_line(SAMPLE_LINES[5]))
    response = admin_client.post(CHANGELIST, {"action": "sign_off", "_selected_action": [placed.pk, unplaced.pk]})
    assert response.status_code == 302
    placed.refresh_from_db()
    unplaced.refresh_from_db()
    assert placed.status == NoticeStatus.PUBLISHED and placed.is_live()
    assert unplaced.status == NoticeStatus.RECEIVED


def test_the_change_form_previews_the_printed_line(admin_client, sample_notices):
    body = admin_client.get(f"{CHANGELIST}{sample_notices[6].pk}/change/").content.decode()
    assert SAMPLE_LINES[6] in body
    assert "2020年4月28日 A2版 综合" in body  # pages are named by their edition
