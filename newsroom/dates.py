"""Dates as the masthead prints them."""

WEEKDAYS = "一二三四五六日"


def chinese_date(day, weekday=False):
    """2020-04-28 -> '2020年4月28日', with weekday=True '2020年4月28日 星期二'."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text} 星期{WEEKDAYS[day.weekday()]}" if weekday else text
