"""Notices in the database: validation with Chinese messages, the printed line, from_parsed, the publication rule."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from newsroom.publication import Status
from notices import validators as v
from notices.models import DocumentType, Notice, NoticeStatus
from notices.printed import VOCABULARY, parse_notice_line
from tests.conftest import at
from tests.notices.sample import SAMPLE_LINES


def raises(validator, value, message):
    with pytest.raises(ValidationError) as error:
        validator(value)
    assert message in " ".join(error.value.messages)


# --- validators, each good and bad ---------------------------------------------------------


@pytest.mark.parametrize("value", ["M431033654", "O430264996", "O430734663"])
def test_birth_certificate_numbers_good(value):
    v.validate_birth_certificate_number(value)


@pytest.mark.parametrize(
    "value", ["", "M43103365", "M4310336540", "m431033654", "431033654M", "MM31033654", "M43103365O"]
)
def test_birth_certificate_numbers_bad(value):
    raises(v.validate_birth_certificate_number, value, "一个大写字母加9位数字")


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014"])
def test_resident_ids_good(value):
    v.validate_resident_id(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验码不对"),
        ("440524188001010015", "校验码不对"),
        ("11010519491231002x", "18位"),
        ("1101051949123100", "18位"),
        ("1101051949123100211", "18位"),
        ("110105194902300021", "出生日期"),
        ("", "18位"),
    ],
)
def test_resident_ids_bad(value, message):
    raises(v.validate_resident_id, value, message)


@pytest.mark.parametrize("value", ["湘BA3681", "湘B12345", "粤AD12345", "京A1234学", ""])
def test_plates_good(value):
    v.validate_plate(value)


@pytest.mark.parametrize("value", ["BA3681", "湘ba3681", "湘BA368", "湘BA3681234", "X湘BA3681", "湘IA3681"])
def test_plates_bad(value):
    raises(v.validate_plate, value, "如 湘BA3681")


@pytest.mark.parametrize("value", ["243021530003", "4300123456", ""])
def test_invoice_codes_good(value):
    v.validate_invoice_code(value)


@pytest.mark.parametrize("value", ["24302153000", "430012345", "2430215300031", "24302153000A"])
def test_invoice_codes_bad(value):
    raises(v.validate_invoice_code, value, "10位或12位数字")


@pytest.mark.parametrize("value", [Decimal("0.01"), Decimal("500000"), None])
def test_amounts_good(value):
    v.validate_positive_amount(value)


@pytest.mark.parametrize("value", [Decimal("0"), Decimal("-1")])
def test_amounts_bad(value):
    raises(v.validate_positive_amount, value, "金额须大于零")


def test_fee_may_be_zero_not_negative():
    v.validate_fee(Decimal("0"))
    raises(v.validate_fee, Decimal("-0.01"), "不能为负数")


@pytest.mark.parametrize("value", ["13807331234", "0731-22837000", "073122837000", ""])
def test_phones_good(value):
    v.validate_phone(value)


@pytest.mark.parametrize("value", ["1380733123", "12807331234", "22837000", "电话"])
def test_phones_bad(value):
    raises(v.validate_phone, value, "手机号码")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("王嘉瑶", "person"),
        ("袁建陵、杨丽君", "person"),
        ("买买提·艾力", "person"),
        ("株洲泰全贸易有限公司", "organisation"),
    ],
)
def test_declarants_good(value, kind):
    v.validate_declarants(value, kind)


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("", "person", "请填写遗失人姓名或单位名称"),
        ("  ", "organisation", "请填写遗失人姓名或单位名称"),
        ("袁建陵、", "person", "顿号"),
        ("株洲泰全贸易有限公司", "person", "单位"),
        ("株洲泰全贸易有限公司、伟大集团", "organisation", "只能填写一个名称"),
        ("Wang Jiayao", "person", "2至5个汉字"),
    ],
)
def test_declarants_bad(value, kind, message):
    with pytest.raises(ValidationError) as error:
        v.validate_declarants(value, kind)
    assert message in " ".join(error.value.messages)


# --- the model: errors on the right field, nothing saved -----------------------------------


def valid_notice(**fields):
    data = {
        "declarants": "王嘉瑶",
        "father_name": "王小军",
        "mother_name": "杨熊",
        "document_type": DocumentType.BIRTH_CERTIFICATE,
        "document_number": "M431033654",
    }
    return Notice(**(data | fields))


def errors_of(notice):
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    return error.value.message_dict


@pytest.mark.django_db
def test_a_valid_notice_passes_and_prints():
    notice = valid_notice()
    notice.full_clean()
    assert notice.printed_line() == SAMPLE_LINES[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"declarants": ""}, "declarants", "请填写遗失人姓名或单位名称。"),
        ({"document_type": "", "document_number": ""}, "document_type", "请选择证件类型。"),
        ({"document_number": "M43103365"}, "document_number", "一个大写字母加9位数字"),
        ({"document_number": ""}, "document_number", "请填写出生证号码"),
        (
            {"document_type": DocumentType.RESIDENT_ID, "document_number": "110105194912310021"},
            "document_number",
            "校验码",
        ),
        ({"plate": "湘BA368"}, "plate", "如 湘BA3681"),
        ({"invoice_code": "123"}, "invoice_code", "10位或12位数字"),
        ({"amount": Decimal("0")}, "amount", "金额须大于零"),
        ({"quantity": 0}, "quantity", "数量至少为1"),
        ({"contact_phone": "12345"}, "contact_phone", "手机号码"),
        ({"filer_id_number": "110105194912310021"}, "filer_id_number", "校验码"),
        ({"fee": Decimal("-5")}, "fee", "不能为负数"),
        ({"document_type": DocumentType.OTHER, "document_number": ""}, "printed_type", "请填写见报证件名称"),
        ({"status": NoticeStatus.SCHEDULED}, "page", "须选定见报版面"),
        ({"status": NoticeStatus.PUBLISHED}, "page", "须选定见报版面"),
        ({"declarant_kind": "organisation", "declarants": "伟大集团、某公司"}, "declarants", "只能填写一个名称"),
        ({"document_type": "passport"}, "document_type", "passport"),
    ],
)
def test_invalid_notices_have_a_chinese_message_on_the_field(fields, field, message):
    errors = errors_of(valid_notice(**fields))
    assert field in errors, errors
    assert message in " ".join(errors[field])


@pytest.mark.django_db
def test_clean_tidies_what_the_desk_types():
    notice = valid_notice(document_number=" m431033654 ", declarants=" 袁建陵 、杨丽君 ", printed_type="出生证")
    notice.full_clean()
    assert notice.document_number == "M431033654"
    assert notice.declarants == "袁建陵、杨丽君"
    assert notice.printed_type == ""  # the same as the label: nothing to remember


@pytest.mark.django_db
def test_a_notice_kept_as_raw_text_may_lack_the_structured_fields():
    notice = Notice(raw_text="·某某遗矢公章", needs_review=True)
    notice.full_clean()
    assert notice.printed_line() == "·某某遗矢公章"
    assert "请选择证件类型。" in errors_of(Notice(needs_review=True))["document_type"]


def test_document_types_are_the_printed_vocabulary():
    assert DocumentType.choices == [(code, label) for code, (label, _aliases, _unit) in VOCABULARY.items()]
    assert DocumentType.BIRTH_CERTIFICATE.label == "出生证"


def test_the_desk_statuses_keep_the_published_value_of_the_publication_rule():
    assert NoticeStatus.PUBLISHED == Status.PUBLISHED == "published"
    assert NoticeStatus.UNPUBLISHED == Status.UNPUBLISHED
    assert [label for _value, label in NoticeStatus.choices] == ["已收件", "已付费", "已排期", "已签发", "已撤下"]


# --- from_parsed: what the importer calls --------------------------------------------------


@pytest.mark.django_db
def test_the_nine_sample_notices_store_and_print_back(sample_notices):
    assert [Notice.objects.get(pk=n.pk).printed_line() for n in sample_notices] == SAMPLE_LINES
    stored = Notice.objects.get(pk=sample_notices[2].pk)
    assert stored.declarant_list == ["袁建陵", "杨丽君"]
    assert stored.amount == Decimal("500000")
    assert stored.issuer == "伟大集团"
    assert stored.status == NoticeStatus.PUBLISHED
    assert stored.publish_at == at(2020, 4, 28, 6, 0)  # goes live with its edition
    assert not any(Notice.objects.get(pk=n.pk).needs_review for n in sample_notices)


@pytest.mark.django_db
def test_an_unreadable_line_is_kept_whole_and_flagged(make_edition):
    page = make_edition().pages.get(code="A2")
    line = "·某某有限公司遗失公章、财务章各一枚"
    notice = Notice.from_parsed(parse_notice_line(line), page=page, position=3)
    notice.refresh_from_db()
    assert notice.needs_review
    assert notice.raw_text == line
    assert notice.printed_line() == line
    assert notice.declarants == "" and notice.review_note


@pytest.mark.django_db
def test_a_readable_line_with_a_bad_number_is_kept_for_review(make_edition):
    page = make_edition().pages.get(code="A2")
    line = "·张三遗失M43103365号出生证"  # OCR lost a digit
    notice = Notice.from_parsed(parse_notice_line(line), page=page)
    notice.refresh_from_db()
    assert notice.needs_review
    assert "一个大写字母加9位数字" in notice.review_note
    assert notice.document_number == "M43103365"  # as printed, still found by number
    assert notice.printed_line() == line


@pytest.mark.django_db
def test_a_field_too_long_for_its_column_is_emptied_not_fatal(make_edition):
    page = make_edition().pages.get(code="A2")
    line = "·" + "株洲" * 110 + "有限公司遗失原公章一枚"
    parsed = parse_notice_line(line)
    assert parsed.readable
    notice = Notice.from_parsed(parsed, page=page)
    notice.refresh_from_db()
    assert notice.needs_review and notice.declarants == ""
    assert notice.printed_line() == line


def test_a_published_notice_needs_a_page():
    with pytest.raises(ValueError):
        Notice.from_parsed(parse_notice_line(SAMPLE_LINES[0]), status=NoticeStatus.PUBLISHED, save=False)
    assert Notice.from_parsed(parse_notice_line(SAMPLE_LINES[0]), save=False).status == NoticeStatus.RECEIVED


@pytest.mark.django_db
def test_only_published_notices_of_a_live_edition_are_live(make_edition):
    today = make_edition()
    tomorrow = make_edition(date=today.date.replace(day=29), publish_at=at(2020, 4, 29, 6, 0))
    parsed = parse_notice_line(SAMPLE_LINES[0])
    published = Notice.from_parsed(parsed, page=today.pages.first())
    scheduled = Notice.from_parsed(parsed, page=today.pages.first(), status=NoticeStatus.SCHEDULED)
    tomorrows = Notice.from_parsed(parsed, page=tomorrow.pages.first())
    received = Notice.from_parsed(parsed)
    live = set(Notice.objects.live(at(2020, 4, 28, 12, 0)))
    assert live == {published}
    assert {scheduled, tomorrows, received}.isdisjoint(live)
    assert tomorrows in set(Notice.objects.live(at(2020, 4, 29, 6, 0)))


@pytest.mark.django_db
def test_the_page_view_marks_where_the_column_starts(sample_notices):
    now = at(2020, 4, 28, 12, 0)
    queryset = Notice.page_items(Notice.objects.live(now).filter(page=sample_notices[0].page), now)
    starts = {n.pk for n in queryset if n.column_start}
    assert starts == {sample_notices[0].pk}
