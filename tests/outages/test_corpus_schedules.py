"""The outage corpus (tests/corpus/outages/): schedules in every common printed form, read without a database."""

import datetime
import json
from pathlib import Path

import pytest

from outages.parser import OutageParseError
from outages.schedules import find_windows, read_schedule, split_places

CORPUS = Path(__file__).parents[1] / "corpus" / "outages"
EXPECTED = {
    k: v for k, v in json.loads((CORPUS / "expected.json").read_text(encoding="utf-8")).items() if k != "_about"
}
EDITION = datetime.date(2021, 3, 1)


def local(moment):
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("name", EXPECTED)
def test_every_entry_has_its_dates_windows_places_and_district(name):
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    notice = read_schedule(lines, EDITION)
    expected = EXPECTED[name]
    assert notice.date.isoformat() == expected["date"]
    assert notice.warning == expected.get("warning", "")
    assert len(notice.entries) == len(expected["entries"])
    for entry, want in zip(notice.entries, expected["entries"], strict=True):
        assert [[local(a), local(b)] for a, b in entry.windows] == want["windows"], entry.raw
        assert [[area.district, area.places] for area in entry.areas] == want["areas"], entry.raw
        if "line" in want:
            assert entry.line == want["line"]
        if "raw" in want:
            assert entry.raw == want["raw"]
    assert notice.lines_used == len(lines)  # every line of the schedule is read


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("8时至17时", "08:00", "17:00"),
        ("8:00-17:00", "08:00", "17:00"),
        ("08:00-12:00", "08:00", "12:00"),
        ("8点-12点", "08:00", "12:00"),
        ("上午8时至12时", "08:00", "12:00"),
        ("下午2时30分至5时", "14:30", "17:00"),
        ("九时三十分至十二时", "09:30", "12:00"),
        ("8時至17時", "08:00", "17:00"),
        ("8點-12點", "08:00", "12:00"),
        ("1 4:00-1 8:00", "14:00", "18:00"),
        ("8：00－17：00", "08:00", "17:00"),
    ],
)
def test_every_way_of_writing_a_time(text, start, end):
    windows, _, _ = find_windows(text, EDITION)
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in windows] == [(start, end)]


def test_places_are_split_at_every_separator_and_kept_as_printed():
    areas = split_places("建设路、新华路,人民路及和平路和解放路;石峰区:田心")
    assert [[a.district, a.places] for a in areas] == [
        [None, ["建设路", "新华路", "人民路", "和平路", "解放路"]],
        ["石峰区", ["田心"]],
    ]


def test_a_title_with_nothing_readable_under_it_is_one_clear_error():
    with pytest.raises(OutageParseError, match="没有读得出的停电时间"):
        read_schedule(["检修停电安排", "请大家相互转告。"], EDITION)


def test_an_impossible_time_is_an_error_naming_the_line():
    with pytest.raises(OutageParseError, match="第3行"):
        read_schedule(["停电通知", "2月3日8时至9时,建设路", "2月3日25时至26时,新华路"], EDITION)


def test_the_sample_table_is_still_read_by_the_table_parser():
    from tests.sample import sample_text

    lines = sample_text().split("\n")
    start = next(i for i, line in enumerate(lines) if "检修停电安排" in line)
    notice = read_schedule(lines[start:], datetime.date(2020, 4, 28))
    assert len(notice.entries) == 4 and notice.date == datetime.date(2020, 4, 29)
