"""The outage table parser: no database (pytest-django refuses any query in these tests)."""

import datetime
import json

import pytest

from outages.parser import (
    BLANK,
    DUPLICATE_ROW,
    ROW,
    SEPARATOR,
    OutageParseError,
    ParsedArea,
    entry_line,
    format_areas,
    format_windows,
    is_outage_title,
    parse_areas,
    parse_outage_table,
    parse_windows,
)
from tests.conftest import at

DAY = datetime.date(2020, 4, 29)


class TestWindows:
    def test_a_single_window_is_on_the_notice_day_in_beijing_time(self):
        [(start, end)] = parse_windows("19:00-20:00", DAY)
        assert (start, end) == (at(2020, 4, 29, 19, 0), at(2020, 4, 29, 20, 0))
        assert start.isoformat() == "2020-04-29T19:00:00+08:00"
        assert end.isoformat() == "2020-04-29T20:00:00+08:00"

    def test_several_windows_in_one_cell(self):
        assert parse_windows("8:00-12:00、14:00-18:00", DAY) == [
            (at(2020, 4, 29, 8, 0), at(2020, 4, 29, 12, 0)),
            (at(2020, 4, 29, 14, 0), at(2020, 4, 29, 18, 0)),
        ]

    def test_a_window_that_crosses_midnight_ends_the_next_day(self):
        assert parse_windows("23:00-02:00", DAY) == [(at(2020, 4, 29, 23, 0), at(2020, 4, 30, 2, 0))]
        assert parse_windows("22:30-次日6:00", DAY) == [(at(2020, 4, 29, 22, 30), at(2020, 4, 30, 6, 0))]
        assert parse_windows("20:00-24:00", DAY) == [(at(2020, 4, 29, 20, 0), at(2020, 4, 30, 0, 0))]

    @pytest.mark.parametrize(
        "text",
        [
            "８：００－１２：００",
            "8:00—12:00",
            "8:00～12:00",
            "8:00~12:00",
            "8:00至12:00",
            "8：00-12：00",
            " 8:00 - 12:00。",
        ],
    )
    def test_the_separators_of_chinese_notices(self, text):
        assert parse_windows(text, DAY) == [(at(2020, 4, 29, 8, 0), at(2020, 4, 29, 12, 0))]

    def test_several_windows_separated_by_chinese_punctuation(self):
        expected = [(at(2020, 4, 29, 8, 0), at(2020, 4, 29, 12, 0)), (at(2020, 4, 29, 14, 0), at(2020, 4, 29, 18, 0))]
        assert parse_windows("8:00-12:00;14:00-18:00", DAY) == expected
        assert parse_windows("8:00-12:00,14:00-18:00", DAY) == expected
        assert parse_windows("8时-12时 14时-18时", DAY) == expected

    def test_a_window_with_its_own_date_and_afternoon_times(self):
        assert parse_windows("4月30日8:30-12:00", DAY) == [(at(2020, 4, 30, 8, 30), at(2020, 4, 30, 12, 0))]
        assert parse_windows("下午2:00-6:00", DAY) == [(at(2020, 4, 29, 14, 0), at(2020, 4, 29, 18, 0))]

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("", "为空"),
            ("全天", "“全天”无法识别"),
            ("19:00", "无法识别"),
            ("19:00-", "无法识别"),
            ("8:00-12:00、下午", "“下午”无法识别"),
            ("25:00-26:00", "不是有效的钟点"),
            ("8:61-9:00", "不是有效的钟点"),
            ("19:00-19:00", "同一时刻"),
            ("4月31日8:00-9:00", "日期不存在"),
            ("4月30日8:00-4月29日9:00", "结束早于开始"),
        ],
    )
    def test_malformed_text_raises_one_clear_chinese_sentence(self, text, words):
        with pytest.raises(OutageParseError) as caught:
            parse_windows(text, DAY)
        message = str(caught.value)
        assert isinstance(caught.value, ValueError)
        assert words in message
        assert message.endswith("。") and message.count("。") == 1

    @pytest.mark.parametrize(
        "text", ["19:00-20:00", "8:00-12:00、14:00-18:00", "23:00-次日2:00", "20:00-24:00", "4月30日8:00-12:00"]
    )
    def test_format_windows_is_read_back_by_parse_windows(self, text):
        windows = parse_windows(text, DAY)
        assert format_windows(windows, DAY) == text
        assert parse_windows(format_windows(windows, DAY), DAY) == windows


class TestAreas:
    def test_a_district_and_its_places(self):
        assert parse_areas("荷塘区:十三中三台区、财校三台区、财校二台区。") == [
            ParsedArea("荷塘区", ["十三中三台区", "财校三台区", "财校二台区"])
        ]

    def test_full_width_colon_and_several_districts_in_one_cell(self):
        areas = parse_areas("荷塘区:三台区、果木园一台区;芦淞区:南方航空空楼;石峰区:田心小区")
        assert [(area.district, area.places) for area in areas] == [
            ("荷塘区", ["三台区", "果木园一台区"]),
            ("芦淞区", ["南方航空空楼"]),
            ("石峰区", ["田心小区"]),
        ]

    def test_a_list_without_a_district_is_kept_as_such(self):
        text = "用户户名:南362;檀香山基建箱变、檀香山5栋台区箱变、檀香山5栋台区箱变。"
        areas = parse_areas(text)
        assert [area.to_dict() for area in areas] == [
            {"district": None, "places": ["南362"], "label": "用户户名"},
            {"district": None, "places": ["檀香山基建箱变", "檀香山5栋台区箱变", "檀香山5栋台区箱变"], "label": ""},
        ]
        # Nothing printed is lost: the text comes back (without the closing 。).
        assert format_areas(areas) == text.rstrip("。")

    def test_a_longer_prefix_ending_in_a_district_gives_the_district_and_keeps_the_prefix(self):
        [area] = parse_areas("株洲市天元区:泰山路小区")
        assert (area.district, area.label, area.places) == ("天元区", "株洲市天元区", ["泰山路小区"])

    def test_an_unknown_prefix_is_a_label_not_a_district(self):
        [area] = parse_areas("高新区:动力谷")
        assert (area.district, area.label, area.places) == (None, "高新区", ["动力谷"])

    def test_empty_cell(self):
        assert parse_areas("") == []
        assert parse_areas("。") == []


class TestSampleTable:
    def test_the_sample_is_one_notice_of_2020_04_29_with_its_title_and_warning(self, sample_parsed):
        assert sample_parsed.date == DAY
        assert sample_parsed.title == "2020年4月29日 检修停电安排(公告)"
        assert sample_parsed.warning.startswith("设备停电检修期间,严禁有自备电源的单位向电网倒送电")
        assert sample_parsed.warning.endswith("线路具体停电时间参见中修停电公告。")  # OCR noise kept

    def test_five_printed_rows_make_four_entries_all_from_19_to_20(self, sample_parsed):
        assert len(sample_parsed.entries) == 4
        for entry in sample_parsed.entries:
            assert entry.windows == [(at(2020, 4, 29, 19, 0), at(2020, 4, 29, 20, 0))]

    def test_districts_and_places(self, sample_parsed):
        first, second, third, fourth = sample_parsed.entries
        assert [(area.district, area.label) for area in first.areas] == [(None, "用户户名"), (None, "")]
        assert first.areas[1].places[0] == "檀香山基建箱变"
        assert [area.district for area in second.areas] == ["荷塘区"]
        assert second.areas[0].places[:3] == ["十三中三台区", "财校三台区", "财校二台区"]
        assert "财校" in second.areas[0].places and len(second.areas[0].places) == 22
        assert third.areas == [ParsedArea("荷塘区", ["三台区", "果木园一台区"])]
        assert fourth.areas[0].district == "芦淞区"
        assert fourth.areas[0].places[0] == "南方航空空楼"

    def test_the_line_is_the_clean_scope_and_the_fragments_stay_in_raw(self, sample_parsed, sample_lines):
        third = sample_parsed.entries[2]
        assert third.line == "月行山变、10KV月东II回月348-04-2杆-果木园一台区"
        assert third.scope == "月行山变、10KV月东II回月348-04-2杆-果木园一台区。"
        assert third.raw == sample_lines[10]
        assert third.raw.startswith("停月 行山 变电 站;10KV 月东 II回 月 348- 04-2 杆-果 木园 一台区。\t19:00-20:00\t")
        assert "停月 行山" not in third.line

    def test_the_identical_last_two_rows_are_one_entry_that_knows_both_lines(self, sample_parsed, sample_lines):
        assert sample_lines[13] == sample_lines[16]
        assert sample_parsed.entries[3].source_lines == [13, 16]

    def test_every_non_blank_line_is_accounted_for(self, sample_parsed, sample_lines):
        assert sample_parsed.lines_used == len(sample_lines) == 18
        roles = sample_parsed.line_roles
        assert len(roles) == len(sample_lines)
        for line, role in zip(sample_lines, roles, strict=True):
            assert (role == BLANK) == (line.strip() == "")
        assert roles[:3] == ["title", "header", "warning"]
        assert roles.count(ROW) == 4 and roles.count(DUPLICATE_ROW) == 1 and roles.count(SEPARATOR) == 5

    def test_to_dict_has_the_agreed_json_shape(self, sample_parsed):
        data = json.loads(json.dumps(sample_parsed.to_dict(), ensure_ascii=False))
        assert data["date"] == "2020-04-29"
        assert data["title"] == "2020年4月29日 检修停电安排(公告)"
        assert data["warning"] == sample_parsed.warning
        entry = data["entries"][2]
        assert entry["line"] == "月行山变、10KV月东II回月348-04-2杆-果木园一台区"
        assert entry["windows"] == [{"start": "2020-04-29T19:00:00+08:00", "end": "2020-04-29T20:00:00+08:00"}]
        assert entry["scope"] == "月行山变、10KV月东II回月348-04-2杆-果木园一台区。"
        assert entry["areas"] == [{"district": "荷塘区", "places": ["三台区", "果木园一台区"], "label": ""}]
        assert entry["raw"].startswith("停月 行山")
        assert {"line", "windows", "scope", "areas", "raw"} <= set(data["entries"][0])
        assert data["entries"][0]["areas"][0]["district"] is None


class TestTableEdges:
    def test_a_line_that_fits_nowhere_raises_with_its_number(self, sample_lines):
        lines = [*sample_lines[:5], "这一行不属于表格\t\t", *sample_lines[5:]]
        with pytest.raises(OutageParseError) as caught:
            parse_outage_table(lines, first_line=222)
        assert caught.value.line_number == 227
        assert "第227行" in str(caught.value) and "这一行不属于表格" in str(caught.value)

    def test_a_bad_time_in_a_row_names_the_row(self, sample_lines):
        lines = list(sample_lines)
        lines[10] = lines[10].replace("19:00-20:00", "19:00-2O:00")  # O for 0, as OCR does
        with pytest.raises(OutageParseError, match=r"^第11行:停电时间“19:00-2O:00”"):
            parse_outage_table(lines)

    def test_a_table_must_start_with_its_dated_title(self, sample_lines):
        with pytest.raises(OutageParseError, match="应是检修停电安排的标题"):
            parse_outage_table(sample_lines[1:])

    def test_a_table_without_rows_is_an_error(self, sample_lines):
        with pytest.raises(OutageParseError, match="没有一行停电安排"):
            parse_outage_table(sample_lines[:3])

    def test_stop_at_end_reads_the_table_out_of_the_rest_of_the_edition(self, sample_lines):
        following = ["", "←←←上接A1版①", "", "如何申请人住青年人才驿站?"]
        parsed = parse_outage_table(sample_lines + following, stop_at_end=True)
        assert parsed.lines_used == 18
        assert len(parsed.entries) == 4
        with pytest.raises(OutageParseError, match="←←←上接A1版①"):
            parse_outage_table(sample_lines + following)

    def test_is_outage_title(self, sample_lines):
        assert is_outage_title(sample_lines[0])
        assert not is_outage_title(sample_lines[1])
        assert not is_outage_title("2020年4月28日 星期二")

    def test_entry_line_falls_back_on_the_first_column_without_layout_spaces(self):
        assert entry_line("", "停南 华变 电站") == "南华变电站"
        assert entry_line("南华变、南开回南线路检修。") == "南华变、南开回南线路"


def test_a_blank_of_any_kind_is_no_place():
    from outages.parser import parse_areas

    assert parse_areas("\xa0") == []
    assert [area.places for area in parse_areas("荷塘区:财校\xa0、\u3000")] == [["财校"]]
