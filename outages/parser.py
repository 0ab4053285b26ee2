"""Reading the power company's printed outage table (检修停电安排). Pure Python: no database.

The sample prints, tab-separated::

    2020年4月29日 检修停电安排(公告)\t\t\t                      title (the date it covers)
    高压线路\t停电时间\t停电范围\t影响区域                        header
    设备停电检修期间,严禁有自备电源的单位向电网倒送电,……\t\t\t     standing warning
    停月 行山 变电 站;10KV …\t19:00-20:00\t月行山变、…\t荷塘区:三台区、果木园一台区。   a row
    ---\t-------------\t----\t--                                 separator

The first column (高压线路) is broken into fragments by the layout ("停月 行山 变电 站"); the
停电范围 column has the same words cleanly. So an entry's `line` is taken from 停电范围 (see
`entry_line`) and the fragments are kept only in the entry's `raw`, the row exactly as printed.

All text is kept as printed, OCR noise included; only the times are normalised (full-width
digits and colons, the many dashes) to compute datetimes.

The importer calls `parse_outage_table`; the admin and the models use `parse_windows`,
`parse_areas` and their inverses `format_windows`, `format_areas`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Stripped from the ends of cells, places and times (the printed 。 closing a cell, stray separators).
_END_PUNCTUATION = " \t\u3000。.;;,,、"

# The districts and counties of Zhuzhou (株洲县 is the old name of 渌口区, still printed).
DISTRICTS = ("荷塘区", "芦淞区", "天元区", "石峰区", "渌口区", "醴陵市", "攸县", "茶陵县", "炎陵县", "株洲县")

# Roles of the input lines of a table, as reported in ParsedOutageNotice.line_roles.
TITLE, HEADER, WARNING, ROW, DUPLICATE_ROW, SEPARATOR, BLANK = (
    "title",
    "header",
    "warning",
    "row",
    "duplicate_row",
    "separator",
    "blank",
)


class OutageParseError(ValueError):
    """Text that cannot be read as an outage table, time window or area list; the message is one Chinese sentence.

    `line_number` is the line (numbered from parse_outage_table's `first_line`) when the error is about one line.
    """

    def __init__(self, message, line_number=None):
        super().__init__(message)
        self.message = message
        self.line_number = line_number


@dataclass
class ParsedArea:
    """A district (or None) and the places in it, as printed.

    `label` keeps a prefix that is not a district, e.g. "用户户名" in "用户户名:南362", so no printed word is lost
    and the places are still searchable on their own.
    """

    district: str | None
    places: list[str]
    label: str = ""

    def to_dict(self):
        return {"district": self.district, "places": list(self.places), "label": self.label}


@dataclass
class ParsedEntry:
    """One row of the table (identical rows are one entry).

    line: the line or equipment switched off, from the 停电范围 cell (see entry_line).
    windows: [(start, end)] aware datetimes in Asia/Shanghai.
    scope: the 停电范围 cell as printed. areas: from the 影响区域 cell.
    raw: the row exactly as printed (tabs and the layout fragments of the first column included).
    time_text, areas_text, first_column: the cells as printed.
    source_lines: indices into the `lines` given to parse_outage_table of this row and its identical repeats.
    """

    line: str
    windows: list[tuple[datetime.datetime, datetime.datetime]]
    scope: str
    areas: list[ParsedArea]
    raw: str
    time_text: str = ""
    areas_text: str = ""
    first_column: str = ""
    source_lines: list[int] = field(default_factory=list)

    def to_dict(self):
        return {
            "line": self.line,
            "windows": [{"start": start.isoformat(), "end": end.isoformat()} for start, end in self.windows],
            "scope": self.scope,
            "areas": [area.to_dict() for area in self.areas],
            "raw": self.raw,
            "time_text": self.time_text,
            "areas_text": self.areas_text,
            "first_column": self.first_column,
            "source_lines": list(self.source_lines),
        }


@dataclass
class ParsedOutageNotice:
    """A whole printed table.

    lines_used: how many of the input lines, from the first, the table occupies (through its last non-blank
    line); every non-blank line among them is in line_roles as title, header, warning, row, duplicate_row or
    separator, so the caller can check that nothing was dropped.
    """

    date: datetime.date
    title: str
    warning: str
    entries: list[ParsedEntry]
    lines_used: int
    line_roles: list[str] = field(default_factory=list)

    def to_dict(self):
        return {
            "date": self.date.isoformat(),
            "title": self.title,
            "warning": self.warning,
            "entries": [entry.to_dict() for entry in self.entries],
            "lines_used": self.lines_used,
        }


# ---------------------------------------------------------------- time windows

_PERIOD = r"(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间)"
_AFTERNOON = ("下午", "傍晚", "晚上", "夜间")
_DASHES = "-‐‑‒–—―─━~〜"


# An hour or minute: digits (a layout's blank may stand inside: 1 7:00), or Chinese numerals (九时三十分).
_CN_NUMBER = "〇零一二两三四五六七八九十"
_NUM = rf"(?:\d\s?\d|\d|[{_CN_NUMBER}]{{1,3}})"
_HOUR_MARK = "[时時点點]"


def _time_re(p):
    return (
        rf"(?:(?:(?P<{p}y>\d{{4}})年)?(?P<{p}mo>\d{{1,2}})月(?P<{p}d>\d{{1,2}})[日号])?\s*"
        rf"(?P<{p}ap>{_PERIOD})?\s*"
        rf"(?P<{p}h>{_NUM})(?:\s*[:.]\s*(?P<{p}mi>\d\s?\d)"
        rf"|\s*{_HOUR_MARK}(?:\s*(?P<{p}mi2>{_NUM})\s*(?:分|(?!\s*(?:{_HOUR_MARK}|[:.\d]))))?)"
    )


_WINDOW_RE = re.compile(
    _time_re("s") + rf"\s*(?:[{_DASHES}]+|至|到)\s*(?P<next>次日|翌日)?\s*" + _time_re("e"),
)
_WINDOW_GAP_RE = re.compile(r"[\s、,;/和及]+")


def _number(text):
    """'17', '1 7', '九', '三十', '十二' -> int."""
    text = re.sub(r"\s", "", text)
    if text.isdigit():
        return int(text)
    values = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (values.get(tens, 1) if tens else 1) * 10 + (values.get(ones, 0) if ones else 0)
    total = 0
    for ch in text:
        total = total * 10 + values.get(ch, 0)
    return total


def _normalise_times(text):
    """Full-width digits and colons to ASCII, for reading times only (stored text stays as printed)."""
    return unicodedata.normalize("NFKC", text)


def _clock(match, p, text):
    hour = _number(match[f"{p}h"])
    minute = _number(match[f"{p}mi"] or match[f"{p}mi2"] or "0")
    period = match[f"{p}ap"]
    if period in _AFTERNOON and hour < 12:
        hour += 12
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise OutageParseError(f"停电时间“{text}”中的“{match.group(0)}”不是有效的钟点。")
    return hour, minute


def _explicit_day(match, p, day):
    if not match[f"{p}mo"]:
        return None
    year = int(match[f"{p}y"]) if match[f"{p}y"] else day.year
    try:
        result = datetime.date(year, int(match[f"{p}mo"]), int(match[f"{p}d"]))
    except ValueError:
        raise OutageParseError(f"停电时间“{match.group(0)}”中的日期不存在。") from None
    if not match[f"{p}y"] and result < day - datetime.timedelta(days=180):
        result = result.replace(year=year + 1)  # a window in January on a notice of late December
    return result


def _at(day, hour, minute):
    if hour == 24:
        return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, minute), SHANGHAI)
    return datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)


# The longest a planned outage may last: longer ones are entered as several windows. The lookup relies on it
# (a window that ends on a day began at most this long before) and the database holds every row to it.
MAX_WINDOW = datetime.timedelta(days=7)


def parse_windows(text, day):
    """'19:00-20:00' on 2020-04-29 -> [(2020-04-29 19:00+08:00, 2020-04-29 20:00+08:00)].

    Several windows are separated by 、 , ; or spaces ("8:00-12:00、14:00-18:00"). A window whose end is not
    after its start crosses midnight and ends the next day ("23:00-02:00"); "次日"/"翌日" before the end says
    so explicitly, "24:00" is midnight at the end of the day, and a window may carry its own date
    ("4月30日8:00-12:00"). Full-width digits, "：", "－", "—", "～", "~", "至" and "到" are understood, as
    are 8时30分 and 上午/下午. Anything else raises OutageParseError with one Chinese sentence.
    """
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise TypeError("day must be a datetime.date")
    original = (text or "").strip()
    normal = _normalise_times(original).strip(_END_PUNCTUATION)
    if not normal:
        raise OutageParseError("停电时间为空,应写成 19:00-20:00 这样的时段。")
    windows, position = scan_windows(normal, 0, day, original)
    if position < len(normal):
        gap = _WINDOW_GAP_RE.match(normal, position) if windows else None
        rest = normal[gap.end() if gap else position :]
        raise OutageParseError(
            f"停电时间“{original}”中的“{rest}”无法识别,应写成 19:00-20:00 或 8:00-12:00、14:00-18:00 这样的时段。"
        )
    return windows


def scan_windows(normal, position, day, original):
    """The windows written one after another from `position` of `normal` (times normalised): (windows, end).

    Reading stops before the first text that is not a window; `end` is where (trailing separators included).
    Raises OutageParseError for a window that is there but impossible (25:00, an end before its start)."""
    windows = []
    end = position
    while position < len(normal):
        gap = _WINDOW_GAP_RE.match(normal, position)
        if gap and windows:
            position = gap.end()
        match = _WINDOW_RE.match(normal, position)
        if not match:
            break
        windows.append(_window(match, day, original))
        position = match.end()
        trailing = re.compile(r"[\s。.;;,、]*").match(normal, position)
        end = trailing.end() if trailing.end() == len(normal) else position
        if trailing.end() == len(normal):
            break
    return windows, end


def _window(match, day, original):
    start_day = _explicit_day(match, "s", day) or day
    start_clock = _clock(match, "s", original)
    if start_clock[0] == 24:
        raise OutageParseError(f"停电时间“{match.group(0)}”的开始不能是24点。")
    start = _at(start_day, *start_clock)
    end_day = _explicit_day(match, "e", day)
    explicit_end = end_day is not None or match["next"] is not None
    if match["next"]:
        end_day = start_day + datetime.timedelta(days=1)
    end_hour, end_minute = _clock(match, "e", original)
    if match["sap"] in _AFTERNOON and not match["eap"] and (end_hour + 12, end_minute) > start_clock:
        end_hour += 12  # 下午2:00-6:00 ends at 18:00
    end = _at(end_day or start_day, end_hour, end_minute)
    if end == start and not explicit_end:
        raise OutageParseError(f"停电时间“{match.group(0)}”的开始和结束是同一时刻。")
    if end <= start:
        if explicit_end:
            raise OutageParseError(f"停电时间“{match.group(0)}”的结束早于开始。")
        end += datetime.timedelta(days=1)  # crosses midnight
    if end - start > MAX_WINDOW:
        raise OutageParseError(f"停电时间“{match.group(0)}”超过 7 天,请分成几个时段。")
    return start, end


def _clock_text(moment):
    return f"{moment.hour}:{moment.minute:02d}"


def format_windows(windows, day):
    """The inverse of parse_windows: [(19:00, 20:00)] on `day` -> '19:00-20:00'; parse_windows reads it back."""
    parts = []
    for start, end in windows:
        start, end = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
        prefix = "" if start.date() == day else _day_text(start.date(), day)
        if end.date() == start.date():
            end_text = _clock_text(end)
        elif end.date() == start.date() + datetime.timedelta(days=1) and end.time() == datetime.time(0, 0):
            end_text = "24:00"
        elif end.date() == start.date() + datetime.timedelta(days=1):
            end_text = "次日" + _clock_text(end)
        else:
            end_text = _day_text(end.date(), day) + _clock_text(end)
        parts.append(f"{prefix}{_clock_text(start)}-{end_text}")
    return "、".join(parts)


def _day_text(date, day):
    text = f"{date.month}月{date.day}日"
    return text if date.year == day.year else f"{date.year}年{text}"


# ---------------------------------------------------------------- affected areas

_AREA_GROUP_SPLIT_RE = re.compile(r"[;;\n]+")
_PLACE_SPLIT_RE = re.compile(r"[、,,]+")
_PREFIX_RE = re.compile(r"^(?P<prefix>[^、,,::]{1,16}?)\s*[::]\s*(?P<rest>.*)$", re.DOTALL)


def _district_of(prefix):
    for district in DISTRICTS:
        if prefix == district or prefix.endswith(district):
            return district
    return None


def parse_areas(text):
    """'荷塘区:十三中三台区、财校三台区' -> [ParsedArea('荷塘区', ['十三中三台区', '财校三台区'])].

    The cell is split into groups at ; or ;, each group one ParsedArea. A group that starts with a district
    or county and a colon (: or :) gets that district (a longer prefix ending in one, e.g. 株洲市荷塘区, too;
    the prefix is then kept as the label). A group with another prefix, such as 用户户名:南362, has no
    district (None) and keeps the prefix as its label: the places are 南362 …, so a reader searching 南362
    finds them, and the text can be shown as printed. A group without a prefix is a list without a district.
    Places are split at 、 , or ,; names are kept as printed (repeats included), only the final 。 is dropped.
    """
    areas = []
    for group in _AREA_GROUP_SPLIT_RE.split(text or ""):
        group = group.strip(_END_PUNCTUATION).strip()  # then any other blank (a no-break space)
        if not group:
            continue
        district, label, rest = None, "", group
        match = _PREFIX_RE.match(group)
        if match:
            prefix, rest = match["prefix"].strip(), match["rest"]
            district = _district_of(prefix)
            label = "" if prefix == district else prefix
        places = [place.strip(_END_PUNCTUATION).strip() for place in _PLACE_SPLIT_RE.split(rest)]
        areas.append(ParsedArea(district, [place for place in places if place], label))
    return areas


def format_areas(areas):
    """The inverse of parse_areas: '荷塘区:十三中三台区、财校三台区;用户户名:南362'.

    Takes ParsedArea objects or anything with district, label and places (a list of names).
    """
    groups = []
    for area in areas:
        prefix = area.label or area.district or ""
        places = "、".join(area.places)
        groups.append(f"{prefix}:{places}" if prefix else places)
    return ";".join(groups)


# ---------------------------------------------------------------- the table

_TITLE_RE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日.*停电")
_SEPARATOR_CELL_RE = re.compile(r"^[-‐‑‒–—―─━=_－]+$")
_HEADER_KEYS = (("time", ("时间",)), ("scope", ("范围",)), ("areas", ("区域", "用户")), ("line", ("线路", "设备")))


def is_outage_title(line):
    """True for a title line such as '2020年4月29日 检修停电安排(公告)': where an outage table starts."""
    cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
    return len(cells) == 1 and bool(_TITLE_RE.match(_normalise_times(cells[0])))


def entry_line(scope, first_column=""):
    """The line or equipment of an entry: the 停电范围 text without its closing 。 and a final 检修.

    '月行山变、10KV月东II回月348-04-2杆-果木园一台区。' -> '月行山变、10KV月东II回月348-04-2杆-果木园一台区'.
    Only when the table has no 停电范围 text, the first column with the layout's spaces and its leading 停
    removed ('停南 华变 电站' -> '南华变电站').
    """
    text = scope.strip(_END_PUNCTUATION)
    if text:
        stripped = re.sub(r"检修$", "", text).strip(_END_PUNCTUATION)
        return stripped or text
    text = re.sub(r"\s+", "", first_column).strip(_END_PUNCTUATION)
    text = re.sub(r"^停", "", text)
    return re.sub(r"检修$", "", text).strip(_END_PUNCTUATION)


def _short(text, limit=30):
    text = text.replace("\t", " ").strip()
    return text if len(text) <= limit else text[:limit] + "…"


def _header_columns(cells):
    """{'time': 1, 'scope': 2, ...} when every filled cell is a known column name and 时间 is among them."""
    columns = {}
    for index, cell in enumerate(cells):
        if not cell:
            continue
        role = next((key for key, words in _HEADER_KEYS if any(word in cell for word in words)), None)
        if role is None or role in columns or len(cell) > 8:
            return None
        columns[role] = index
    return columns if "time" in columns and len(columns) >= 2 else None


def parse_outage_table(lines, *, first_line=1, stop_at_end=False):
    """The printed table (title line through the last separator row) -> ParsedOutageNotice.

    lines: the block's lines (a list of str, tabs as printed; blank lines are fine). first_line: the number
    of lines[0] in the caller's text, used in error messages. Every non-blank line must be the title, the
    header, the warning (one-cell lines between title and the first row), a row or a separator; any other
    line raises OutageParseError naming it, so nothing is dropped silently. With stop_at_end=True the table
    may be followed by other text: reading stops at the first line without a tab after the first row, and
    `lines_used` says where the table ended.

    Identical rows are one entry; the repeats are listed in the entry's source_lines.
    """
    title = None
    notice_date = None
    columns = None
    warning = []
    entries = []
    by_cells = {}
    roles = []
    lines_used = 0

    for index, text in enumerate(lines):
        number = first_line + index
        text = text.rstrip("\r\n")
        cells = [cell.strip() for cell in text.split("\t")]
        filled = [cell for cell in cells if cell]
        if not filled:
            roles.append(BLANK)
            continue
        if title is None:
            match = _TITLE_RE.match(_normalise_times(filled[0])) if len(filled) == 1 else None
            if not match:
                raise OutageParseError(
                    f"第{number}行“{_short(text)}”应是检修停电安排的标题,如“2020年4月29日 检修停电安排(公告)”。",
                    number,
                )
            try:
                notice_date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                raise OutageParseError(f"第{number}行标题中的日期“{_short(text)}”不存在。", number) from None
            title = filled[0]
            role = TITLE
        elif all(_SEPARATOR_CELL_RE.match(cell) for cell in filled):
            role = SEPARATOR
        elif columns is None and _header_columns(cells):
            columns = _header_columns(cells)
            role = HEADER
        elif len(filled) == 1 and not entries:
            warning.append(filled[0])
            role = WARNING
        elif columns is not None and len(filled) >= 2:
            key = tuple(cells[: len(cells) - _trailing_empty(cells)])
            if key in by_cells:
                by_cells[key].source_lines.append(index)
                role = DUPLICATE_ROW
            else:
                entry = _parse_row(text, cells, columns, notice_date, number)
                entry.source_lines.append(index)
                by_cells[key] = entry
                entries.append(entry)
                role = ROW
        elif stop_at_end and entries and ("\t" not in text or is_outage_title(text)):
            break
        elif columns is None and len(filled) >= 2:
            raise OutageParseError(
                f"第{number}行“{_short(text)}”出现在表头(高压线路、停电时间、停电范围、影响区域)之前。", number
            )
        else:
            raise OutageParseError(
                f"第{number}行“{_short(text)}”无法归入标题、表头、提示、停电安排或分隔线中的任何一种。", number
            )
        roles.append(role)
        lines_used = index + 1

    if title is None:
        raise OutageParseError("没有找到检修停电安排的标题,如“2020年4月29日 检修停电安排(公告)”。")
    if not entries:
        raise OutageParseError(f"“{title}”下面没有一行停电安排。")
    return ParsedOutageNotice(
        date=notice_date,
        title=title,
        warning="\n".join(warning),
        entries=entries,
        lines_used=lines_used,
        line_roles=roles[:lines_used],
    )


def _trailing_empty(cells):
    count = 0
    for cell in reversed(cells):
        if cell:
            break
        count += 1
    return count


def _cell(cells, columns, key):
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else ""


def _parse_row(text, cells, columns, day, number):
    extra = [cell for index, cell in enumerate(cells) if cell and index not in columns.values()]
    if extra:
        raise OutageParseError(f"第{number}行多出了表头之外的一栏“{_short(extra[0])}”。", number)
    time_text = _cell(cells, columns, "time")
    if not time_text:
        raise OutageParseError(f"第{number}行“{_short(text)}”没有停电时间。", number)
    try:
        windows = parse_windows(time_text, day)
    except OutageParseError as error:
        raise OutageParseError(f"第{number}行:{error.message}", number) from None
    scope = _cell(cells, columns, "scope")
    first_column = _cell(cells, columns, "line")
    areas_text = _cell(cells, columns, "areas")
    return ParsedEntry(
        line=entry_line(scope, first_column),
        windows=windows,
        scope=scope,
        areas=parse_areas(areas_text),
        raw=text,
        time_text=time_text,
        areas_text=areas_text,
        first_column=first_column,
    )
