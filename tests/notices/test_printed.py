"""The printed form: parser and printer, exact inverses, without a database."""

from decimal import Decimal

import pytest

from notices.printed import (
    VOCABULARY,
    ParsedNotice,
    chinese_count,
    is_organisation_name,
    match_document_type,
    parse_count,
    parse_notice_line,
    parse_notices_column,
    print_notice_line,
)
from tests.notices.sample import HEADER_LINE, SAMPLE_COLUMN, SAMPLE_LINES

REQUIRED_KEYS = {
    "text",
    "declarants",
    "parents",
    "address",
    "plate",
    "document_type",
    "document_number",
    "issuer",
    "amount",
    "invoice_code",
    "quantity",
}


def test_the_sample_has_nine_lines_all_different():
    assert len(SAMPLE_LINES) == 9 and len(set(SAMPLE_LINES)) == 9


@pytest.mark.parametrize("line", SAMPLE_LINES)
def test_every_sample_line_is_read_and_prints_back_exactly(line):
    parsed = parse_notice_line(line)
    assert parsed.readable, line
    assert parsed.text == line
    assert print_notice_line(parsed) == line


@pytest.mark.parametrize("line", SAMPLE_LINES)
def test_printing_reads_only_the_fields_not_the_kept_text(line):
    parsed = parse_notice_line(line)
    parsed.text = ""
    assert print_notice_line(parsed) == line


def test_birth_certificate_with_parents():
    parsed = parse_notice_line(SAMPLE_LINES[0])
    assert parsed.declarants == ["王嘉瑶"]
    assert parsed.declarant_kind == "person"
    assert parsed.parents == {"father": "王小军", "mother": "杨熊"}
    assert parsed.document_type == "birth_certificate"
    assert parsed.document_number == "M431033654"
    assert parsed.printed_type is None
    assert parsed.address is None and parsed.amount is None


def test_organisation_with_plate_and_a_number_prefix():
    parsed = parse_notice_line(SAMPLE_LINES[1])
    assert parsed.declarants == ["株洲市万畅旅游客运有限公司"]
    assert parsed.declarant_kind == "organisation"
    assert parsed.plate == "湘BA3681"
    assert parsed.document_type == "road_transport_permit_copy"
    assert parsed.document_number == "430201100083"
    assert parsed.number_prefix == "湘交运管株"


def test_two_people_an_address_an_issuer_and_an_amount():
    parsed = parse_notice_line(SAMPLE_LINES[2])
    assert parsed.declarants == ["袁建陵", "杨丽君"]
    assert parsed.address == "城市公园5区23栋901、902、1002房"
    assert parsed.address_first is False
    assert parsed.document_number == "0007294"  # leading zeros kept
    assert parsed.issuer == "伟大集团"
    assert parsed.document_type == "receipt"
    assert parsed.amount == Decimal("500000")


def test_a_seal_with_its_printed_wording_and_quantity():
    parsed = parse_notice_line(SAMPLE_LINES[3])
    assert parsed.declarants == ["株洲森林消防器材有限责任公司"]
    assert parsed.document_type == "official_seal"
    assert parsed.printed_type == "原公章"
    assert parsed.quantity == 1
    assert parsed.document_number is None


def test_address_first_issued_by_invoice_code():
    parsed = parse_notice_line(SAMPLE_LINES[6])
    assert parsed.address == "荷塘观邸8栋1601房"
    assert parsed.address_first is True
    assert parsed.declarants == ["周凯", "侯芳"]
    assert parsed.issuer == "湖南省三和房地产开发有限公司"
    assert parsed.issuer_before_number is True
    assert parsed.document_number == "60041813"
    assert parsed.document_type == "advance_invoice_voucher"
    assert parsed.printed_type == "湖南省株洲市地方税务局预收款专用发票凭据"
    assert parsed.amount == Decimal("107534")
    assert parsed.invoice_code == "243021530003"


def test_the_stray_blank_before_lost_is_kept():
    parsed = parse_notice_line(SAMPLE_LINES[7])
    assert parsed.declarants == ["陈琰"]
    assert parsed.separator == " "
    assert parsed.issuer == "湖南省株洲市房地产权属与市场管理处"
    assert parsed.document_type == "advance_payment_voucher"
    assert print_notice_line(parsed) == "·陈琰 遗失30002288号湖南省株洲市房地产权属与市场管理处预收款凭据"


def test_to_dict_has_exactly_the_agreed_keys_and_a_string_amount():
    data = parse_notice_line(SAMPLE_LINES[2]).to_dict()
    assert set(data) == REQUIRED_KEYS | {"readable", "declarant_kind", "printed_type"}
    assert data["amount"] == "500000"
    assert data["parents"] is None
    assert data["declarants"] == ["袁建陵", "杨丽君"]
    assert parse_notice_line(SAMPLE_LINES[0]).to_dict()["parents"] == {"father": "王小军", "mother": "杨熊"}


def test_a_dict_with_the_typesetting_keys_prints_too():
    parsed = parse_notice_line(SAMPLE_LINES[6])
    data = parsed.to_dict() | {"address_first": True, "issuer_before_number": True}
    assert print_notice_line(data) == SAMPLE_LINES[6]


def test_printing_fields_filled_in_by_hand():
    notice = ParsedNotice(
        declarants=["张三", "李四"],
        address="天元区泰山路88号",
        document_type="invoice",
        document_number="00123456",
        issuer="株洲某某有限公司",
        amount=Decimal("1234.50"),
        invoice_code="4300123456",
    )
    line = print_notice_line(notice)
    assert line == "·张三、李四(天元区泰山路88号)遗失00123456号株洲某某有限公司发票,金额1234.50元,发票代码:4300123456"
    again = parse_notice_line(line)
    assert again.readable
    assert (again.declarants, again.issuer, again.amount) == (["张三", "李四"], "株洲某某有限公司", Decimal("1234.50"))


def test_amounts_print_as_yuan_or_yuan_and_fen():
    base = {"declarants": ["张三"], "document_type": "receipt"}
    assert print_notice_line(base | {"amount": Decimal("500000.00")}).endswith(",金额500000元")
    assert print_notice_line(base | {"amount": Decimal("12.5")}).endswith(",金额12.50元")


@pytest.mark.parametrize(
    "line",
    [
        "",
        "·",
        "遗失",
        "·遗失",
        "·张三遗失",
        "·张三遗失号",
        "王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证",  # no bullet
        "·王嘉瑶(父:王小军、母:杨熊)遗矢M431033654号出生证",  # OCR: 矢 for 失
        "·某某有限公司遗失公章、财务章各一枚",
        "·张三遗失公章二枚",  # the paper prints 两枚
        "·张三遗失收款收据,金额12.5元",  # the paper prints 12.50
        "·张三遗失收款收据,金额1,000元",
        "·张三遗失收款收据\uff0c金额1000元",  # full-width punctuation is not the export's
        "·王嘉瑶\uff08父\uff1a王小军\uff09遗失M431033654号出生证",
        "·王嘉瑶遗失M431033654号出生证·周千皓遗失O430264996号出生证",
        "·(父:王小军)遗失M431033654号出生证",
        "·王嘉瑶(叔:王小军)遗失M431033654号出生证",
        "·株洲市某某有限公司、株洲某某厂遗失公章一枚",
        "\x00\ufffd·)(、:",
        "·" + "很长" * 5000 + "遗失出生证",
        "·" + "1房" * 5000 + "遗失出生证",
        "·张三遗失" + "A" * 600 + "号出生证",
    ],
)
def test_a_line_that_cannot_be_read_is_kept_whole(line):
    parsed = parse_notice_line(line)
    assert parsed.readable is False
    assert parsed.text == line
    assert parsed.declarants == [] and parsed.document_type is None and parsed.document_number is None
    assert print_notice_line(parsed) == line


@pytest.mark.parametrize("value", [None, 123, b"\xe9\x81\x97", "   ", "\n", "·\t遗失\r\n"])
def test_parsing_never_raises(value):
    parsed = parse_notice_line(value)
    assert parsed.readable is False
    assert isinstance(parsed.text, str)


def test_line_ending_and_surrounding_blanks_are_not_part_of_the_notice():
    parsed = parse_notice_line(SAMPLE_LINES[0] + "\r\n")
    assert parsed.readable and parsed.text == SAMPLE_LINES[0]
    assert parse_notice_line("  " + SAMPLE_LINES[7] + " \n").text == SAMPLE_LINES[7]


def test_a_document_outside_the_vocabulary_is_other_with_its_printed_name():
    parsed = parse_notice_line("·张三遗失借条")
    assert parsed.readable
    assert (parsed.document_type, parsed.printed_type) == ("other", "借条")


def test_aliases_keep_their_printed_wording():
    parsed = parse_notice_line("·张三(母:李四)遗失X123456789号出生医学证明")
    assert parsed.readable
    assert parsed.parents == {"father": None, "mother": "李四"}
    assert (parsed.document_type, parsed.printed_type) == ("birth_certificate", "出生医学证明")


def test_counts():
    assert [chinese_count(n) for n in (1, 2, 3, 10, 11, 20, 35)] == ["一", "两", "三", "十", "十一", "二十", "三十五"]
    assert [parse_count(t) for t in ("一", "两", "二", "十", "十一", "二十", "三十五", "7")] == [
        1,
        2,
        2,
        10,
        11,
        20,
        35,
        7,
    ]
    assert parse_count("零") is None and parse_count("一二三") is None
    assert all(parse_count(chinese_count(n)) == n for n in range(1, 100))


def test_organisations_and_people():
    assert is_organisation_name("株洲泰全贸易有限公司")
    assert is_organisation_name("伟大集团")
    assert is_organisation_name("湖南省株洲市房地产权属与市场管理处")
    assert not is_organisation_name("王嘉瑶")
    assert not is_organisation_name("原")


def test_the_longest_printed_name_wins():
    assert match_document_type("伟大集团收款收据") == ("receipt", "伟大集团", "收款收据")
    assert match_document_type("道路运输证副本") == ("road_transport_permit_copy", "", "道路运输证副本")
    assert match_document_type("借条") == (None, "借条", "")


def test_every_type_prints_and_reads_back():
    for code, (_label, aliases, _unit) in VOCABULARY.items():
        fields = {"declarants": ["张三"], "document_type": code, "document_number": "A123456789", "quantity": 2}
        if code == "other":
            fields["printed_type"] = "借条"
        line = print_notice_line(fields)
        parsed = parse_notice_line(line)
        assert parsed.readable, line
        assert parsed.document_type == code, line
        assert parsed.quantity == 2
        for alias in aliases:
            aliased = parse_notice_line(print_notice_line(fields | {"printed_type": alias}))
            assert (aliased.document_type, aliased.printed_type) == (code, alias)


def test_the_column_gives_one_notice_per_line_and_skips_the_header():
    notices = parse_notices_column(SAMPLE_COLUMN.splitlines())
    assert [n.text for n in notices] == SAMPLE_LINES
    assert all(n.readable for n in notices)
    assert parse_notices_column(SAMPLE_COLUMN) == notices  # one string works too


def test_every_line_of_a_damaged_column_is_accounted_for():
    lines = [
        "  下列证件  声明作废 ",
        "",
        SAMPLE_LINES[0],
        "遗矢声明一则",  # damaged, no bullet: its own notice, kept whole
        "   ",
        "·王嘉瑶遗失M431033654号出生证·周千皓遗失O430264996号出生证",
        SAMPLE_LINES[7],
    ]
    notices = parse_notices_column(lines)
    assert [n.text for n in notices] == [
        SAMPLE_LINES[0],
        "遗矢声明一则",
        "·王嘉瑶遗失M431033654号出生证·周千皓遗失O430264996号出生证",
        SAMPLE_LINES[7],
    ]
    assert [n.readable for n in notices] == [True, False, False, True]


def test_the_header_alone_is_not_a_notice():
    assert parse_notices_column([HEADER_LINE, "", "遗失声明"]) == []
