import datetime

import pytest

from newsroom.dates import chinese_date


@pytest.mark.parametrize(
    "day, text",
    [
        (datetime.date(2020, 4, 28), "2020年4月28日 星期二"),
        (datetime.date(2020, 5, 3), "2020年5月3日 星期日"),
        (datetime.date(2026, 11, 30), "2026年11月30日 星期一"),
    ],
)
def test_the_masthead_date_is_printed_in_chinese_with_its_weekday(day, text):
    assert chinese_date(day, weekday=True) == text


def test_without_the_weekday_the_date_stands_alone():
    assert chinese_date(datetime.date(2020, 4, 28)) == "2020年4月28日"
