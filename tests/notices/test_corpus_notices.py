"""The notices corpus (tests/corpus/notices/): the column form and notices printed on their own, on one page."""

import datetime
import json
from pathlib import Path

from newsroom.edition_text import parse_edition
from notices.printed import parse_single_notice

CORPUS = Path(__file__).parents[1] / "corpus" / "notices"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FIELDS = ("declarants", "document_type", "printed_type", "document_number", "issuer", "quantity")


def test_every_notice_of_the_page_is_read_with_its_fields():
    parsed = parse_edition((CORPUS / "page.txt").read_text(encoding="utf-8"), datetime.date(2021, 3, 1), "株洲日报")
    found = [{key: getattr(notice, key) for key in FIELDS} for notice, _ in parsed.notices]
    assert found == EXPECTED["page.txt"]
    assert all(notice.readable for notice, _ in parsed.notices)
    assert parsed.articles == [] and parsed.unplaced == []
    assert sorted(parsed.placed_line_nos()) == parsed.nonblank_line_nos


def test_a_single_notice_keeps_its_text_as_printed():
    text = "本人李红梅,不慎遗失湖南理工学院毕业证书,证号105431201805000123,现声明作废。"
    (notice,) = parse_single_notice(text)
    assert notice.text == text


def test_a_number_shared_by_several_documents_is_left_for_an_editor():
    (notice,) = parse_single_notice("本人王小明遗失身份证、户口簿,证号430202199001011234,声明作废。")
    assert not notice.readable and notice.text.startswith("本人王小明")


def test_a_story_sentence_that_mentions_void_documents_is_no_notice():
    assert parse_single_notice("记者了解到,市民遗失证件后应及时登报声明,以免被他人冒用。")[0].readable is False
