"""Outage schedules in every form papers print them, not only the sample's tab-separated table. Pure Python.

After a title line (…停电安排, 停电公告, 停电通知, 停电计划 …) a schedule is one of:

- the sample's table (tabs): read by parser.parse_outage_table, exactly as before;
- a table whose cells are separated by blanks (two or more, or a full-width blank) under a header naming 时间;
- a list, one entry a line, numbered or not: ``2月3日7时至17时,建设路沿线用户;`` ``1. 荷塘区:…``;
- blocks of labelled fields: ``停电时间:…`` ``停电范围:…`` ``停电线路:…`` (a new 停电时间 starts a new entry).

Each entry has its windows (several days in one item, 3月5日至6日每天8:00—18:00, give a window a day), its
places (split at 、 , ; 及 和), its district when one is printed before the places, and its raw text exactly as
printed. A year never printed is the edition's. Every non-blank line of the block is the title, a warning line,
a header, a separator or part of an entry; the block ends at the first line that is none of these.
"""

from __future__ import annotations

import datetime
import re

from outages.parser import (
    _WINDOW_RE,
    DISTRICTS,
    HEADER,
    ROW,
    SEPARATOR,
    TITLE,
    WARNING,
    OutageParseError,
    ParsedArea,
    ParsedEntry,
    ParsedOutageNotice,
    is_outage_title,
    parse_outage_table,
    scan_windows,
)

TITLE_RE = re.compile(r"停电(?:检修)?(?:安排|公告|通知|计划|信息|预告)|检修停电")
# Full-width ASCII and the ideographic blank as their half-width twins: one character for one.
_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_LABEL_RE = re.compile(
    r"^\s*(?P<label>停电时间|停电时段|计划停电时间|停电日期|停电范围|停电区域|影响范围|影响区域|停电线路|停电设备|检修线路|停电用户)"
    r"\s*[::]\s*(?P<value>.*)$"
)
TIME_LABELS = ("停电时间", "停电时段", "计划停电时间", "停电日期")
LINE_LABELS = ("停电线路", "停电设备", "检修线路")
_NUMBERING_RE = re.compile(
    r"^\s*(?:[((]?\d{1,3}[))]|\d{1,3}\s*[.、.]|[一二三四五六七八九十]{1,3}\s*、|[((][一二三四五六七八九十]{1,3}[))])\s*"
)
_DAY_RANGE_RE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})[日号]?\s*(?:至|到|-|—|~)\s*"
    r"(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})[日号]\s*(?:\([^)]*\)\s*)?(?:每天|每日|期间|的)?\s*"
)
_DATE_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_TITLE_DATE_RE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_CELL_SPLIT_RE = re.compile(r"\t+|\s{2,}|\u3000+")
_SEPARATOR_RE = re.compile(r"^[\s\-‐‑‒–—―─━=_－\t]+$")
_PLACE_SPLIT_RE = re.compile(r"[、,;]+|(?<=[路街村区组巷道镇乡园苑厂户线带楼栋段口])(?:及|和)")
_DISTRICT_RE = re.compile(r"^(?P<district>[\u4e00-\u9fff]{1,5}?(?:区|县|市))\s*[::]\s*")
_NOT_A_DISTRICT = ("小区", "社区", "台区", "园区", "校区", "城区", "片区", "厂区", "景区", "街区", "新区")
_END = " \t\u3000。.;;,,、::"
# Separators between the time and the places of a list entry: what is left is the places.
_PLACES_INTRO_RE = re.compile(r"^(?:停电)?(?:范围|区域|影响)?\s*[::]?\s*")
WARNING_MAX = 6  # lines of notice text between the title and the first entry


def half(text):
    return text.translate(_HALF)


def is_schedule_title(line):
    """A line that opens an outage schedule: short, and names one (检修停电安排, 停电公告 …)."""
    text = line.strip()
    return bool(text) and len(text) <= 60 and bool(TITLE_RE.search(text)) and not _LABEL_RE.match(text)


def _title_date(title, day):
    match = _TITLE_DATE_RE.search(half(title))
    if not match:
        return None
    try:
        return datetime.date(int(match["y"]) if match["y"] else day.year, int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def read_schedule(lines, day, *, first_line=1):
    """The schedule that starts at lines[0] (its title) -> ParsedOutageNotice, with lines_used and line_roles.

    lines: the text from the title on (the caller cuts it at the next title); day: the edition's date, for the
    year and for a schedule whose title names no date. Raises OutageParseError (one Chinese sentence) when
    the title is followed by nothing that reads as an entry.
    """
    if not lines or not is_schedule_title(lines[0]):
        raise OutageParseError("没有找到停电安排的标题,如“2020年4月29日 检修停电安排(公告)”。")
    if is_outage_title(lines[0]) and any("\t" in line and _WINDOW_RE.search(half(line)) for line in lines[1:]):
        try:
            return parse_outage_table(lines, first_line=first_line, stop_at_end=True)
        except OutageParseError:
            pass  # not the sample's table after all: read it as any other schedule
    title = lines[0].strip()
    notice_day = _title_date(title, day) or day
    reader = _Reader(notice_day, first_line)
    roles = [TITLE]
    used = 1
    for index in range(1, len(lines)):
        role = reader.take(index, lines[index])
        if role is None:
            break
        roles.append(role)
        if role != "blank":
            used = index + 1
    reader.finish()
    if not reader.entries:
        raise OutageParseError(f"“{title}”下面没有读得出的停电时间。", first_line)
    first_date = min(start for entry in reader.entries for start, _ in entry.windows).date()
    return ParsedOutageNotice(
        date=_title_date(title, day) or first_date,
        title=title,
        warning="\n".join(reader.warning),
        entries=reader.entries,
        lines_used=used,
        line_roles=roles[:used],
    )


class _Reader:
    def __init__(self, day, first_line):
        self.day = day
        self.first_line = first_line
        self.entries = []
        self.warning = []
        self.columns = None  # [role, …] of a blank-separated table's header
        self.block = None  # {"time": …, "places": …, "line": …, "raw": [..], "index": [..]} of labelled fields

    def take(self, index, line):
        """The role of one line, or None where the schedule has ended."""
        text = line.rstrip("\r\n")
        if not text.strip():
            return "blank"
        if is_schedule_title(text) and not _LABEL_RE.match(text):
            return None
        if _SEPARATOR_RE.match(text):
            return SEPARATOR
        label = _LABEL_RE.match(half(text))
        if label:
            self.take_label(index, text, label)
            return ROW
        if self.block is not None and self.block_open():
            self.finish_block()
        cells = [cell.strip() for cell in _CELL_SPLIT_RE.split(text.strip()) if cell.strip()]
        if self.columns is None and not self.entries and _header(cells):
            self.columns = _header(cells)
            return HEADER
        if self.columns is not None and len(cells) == len(self.columns):
            entry = self.table_row(index, text, cells)
            if entry is not None:
                self.entries.append(entry)
                return ROW
        entry = self.list_entry(index, text)
        if entry is not None:
            self.entries.append(entry)
            return ROW
        if not self.entries and self.block is None and len(self.warning) < WARNING_MAX:
            self.warning.append(text.strip())
            return WARNING
        return None

    # -- labelled blocks ----------------------------------------------------------------
    def block_open(self):
        return self.block is not None

    def take_label(self, index, text, label):
        name, value = label["label"], text[label.start("value") :].strip() if label["value"] else ""
        if name in TIME_LABELS and self.block is not None and self.block.get("time") is not None:
            self.finish_block()
        if self.block is None:
            self.block = {"raw": [], "index": []}
        key = "time" if name in TIME_LABELS else "line" if name in LINE_LABELS else "places"
        if key == "places" and self.block.get("places"):
            self.block["scope"] = self.block["places"]  # 停电范围 then 影响区域: the areas are the second
        self.block[key] = value
        self.block["raw"].append(text)
        self.block["index"].append(index)

    def finish_block(self):
        block, self.block = self.block, None
        if block is None:
            return
        number = self.first_line + block["index"][0]
        if not block.get("time"):
            raise OutageParseError(f"第{number}行起的一条停电安排没有停电时间。", number)
        windows = find_windows(block["time"], self.day, number)
        if windows is None:
            raise OutageParseError(f"第{number}行起的停电时间“{block['time']}”无法识别。", number)
        places = block.get("places", "")
        self.entries.append(
            _entry(
                windows[0],
                places,
                raw="\n".join(block["raw"]),
                line=block.get("line", "").strip(_END),
                scope=block.get("scope", places),
                time_text=block["time"],
                index=block["index"],
            )
        )

    def finish(self):
        self.finish_block()

    # -- tables and lists ---------------------------------------------------------------
    def table_row(self, index, text, cells):
        row = dict(zip(self.columns, cells, strict=True))
        if not row.get("time"):
            return None
        found = find_windows(row["time"], self.day, self.first_line + index)
        if found is None:
            return None
        places = row.get("areas") or row.get("scope", "")
        return _entry(
            found[0],
            places,
            raw=text,
            line=row.get("line", "").strip(_END),
            scope=row.get("scope", places),
            time_text=row["time"],
            index=[index],
        )

    def list_entry(self, index, text):
        body = _NUMBERING_RE.sub("", text, count=1)
        found = find_windows(body, self.day, self.first_line + index)
        if found is None:
            return None
        windows, start, end = found
        before, after = body[:start].strip(_END), body[end:].strip(_END)
        places = _PLACES_INTRO_RE.sub("", after, count=1).strip(_END) if after else before
        if after and before:
            places = before + ";" + places  # 荷塘区 2月3日8:00-12:00 建设路: the district before, places after
        if not places:
            return None
        return _entry(
            windows, places, raw=text, line="", scope=places, time_text=body[start:end].strip(_END), index=[index]
        )


def _header(cells):
    """A blank-separated table's header: [role, …] when every cell names a column and one is 时间."""
    roles = []
    for cell in cells:
        if len(cell) > 8:
            return None
        if "时间" in cell or "时段" in cell:
            roles.append("time")
        elif "区域" in cell or "用户" in cell:
            roles.append("areas")
        elif "范围" in cell:
            roles.append("scope")
        elif "线路" in cell or "设备" in cell:
            roles.append("line")
        else:
            return None
    return roles if "time" in roles and len(set(roles)) == len(roles) >= 2 else None


def find_windows(text, day, number=None):
    """The first time expression in `text` -> (windows, start, end) with its span in `text`, or None.

    Reads 3月5日至6日每天8:00—18:00 as a window on each day, and a window with no date of its own on the last
    date printed before it (2月3日(星期一)8:00-17:00). Raises OutageParseError for an impossible time."""
    normal = half(text)
    match = _WINDOW_RE.search(normal)
    if not match:
        return None
    start = match.start()
    try:
        windows, end = scan_windows(normal, start, day, text)
        days = None
        ranged = None
        for candidate in _DAY_RANGE_RE.finditer(normal, 0, start + 1):
            if candidate.end() == start:
                ranged = candidate
        if ranged is not None:
            days = _days(ranged, day)
            start = ranged.start()
        elif not match["smo"]:
            dates = [d for d in _DATE_RE.finditer(normal, 0, start) if d.end() >= start - 12]
            if dates:
                on = _date_of(dates[-1], day)
                start = dates[-1].start()
                days = [on]
        if days:
            windows = [
                (first.replace(year=on.year, month=on.month, day=on.day), last + (on - first.date()))
                for on in days
                for first, last in windows
            ]
    except OutageParseError as error:
        if number is not None:
            raise OutageParseError(f"第{number}行:{error.message}", number) from None
        raise
    return windows, start, end


def _date_of(match, day):
    year = int(match["y"]) if match["y"] else day.year
    try:
        found = datetime.date(year, int(match["m"]), int(match["d"]))
    except ValueError:
        raise OutageParseError(f"“{match.group(0)}”这一天不存在。") from None
    if not match["y"] and found < day - datetime.timedelta(days=180):
        found = found.replace(year=year + 1)  # January's outages in a December paper
    return found


def _days(match, day):
    year = int(match["y"]) if match["y"] else day.year
    try:
        first = datetime.date(year, int(match["m1"]), int(match["d1"]))
        last = datetime.date(year, int(match["m2"] or match["m1"]), int(match["d2"]))
    except ValueError:
        raise OutageParseError(f"“{match.group(0)}”中的日期不存在。") from None
    if not match["y"] and first < day - datetime.timedelta(days=180):
        first, last = first.replace(year=year + 1), last.replace(year=year + 1)
    if last < first or (last - first).days > 31:
        raise OutageParseError(f"“{match.group(0)}”不是一段连续的日子。")
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def split_places(text):
    """'荷塘区:建设路、新华路及人民路;石峰区:田心' -> [ParsedArea('荷塘区', […]), ParsedArea('石峰区', ['田心'])].

    Groups are split at ; (a district names a new group), places at 、 , and at 及 / 和 after a place's end
    (路 街 村 区 …), so 和平路 stays whole. Names are kept as printed."""
    areas = []
    for group in re.split(r"[;;\n]+", text):
        group = group.strip(_END)
        if not group:
            continue
        district = None
        label = ""
        found = _DISTRICT_RE.match(group)
        if found and not found["district"].endswith(_NOT_A_DISTRICT):
            district = found["district"]
            group = group[found.end() :]
        elif (known := next((d for d in DISTRICTS if group.startswith(d + " ")), None)) is not None:
            district, group = known, group[len(known) :]
        places = [place.strip(_END) for place in _PLACE_SPLIT_RE.split(half(group))]
        # half() is for splitting only: take each place back from the printed group.
        printed, position, kept = group, 0, []
        for place in places:
            if not place:
                continue
            at = half(printed).find(place, position)
            kept.append(printed[at : at + len(place)] if at >= 0 else place)
            position = at + len(place) if at >= 0 else position
        if areas and district is None and not areas[-1].label and areas[-1].district is not None and kept:
            areas[-1].places.extend(kept)  # 荷塘区:建设路;新华路: the district goes on
            continue
        areas.append(ParsedArea(district, kept, label))
    return [area for area in areas if area.places]


def _entry(windows, places, *, raw, line, scope, time_text, index):
    return ParsedEntry(
        line=line,
        windows=windows,
        scope=scope,
        areas=split_places(places),
        raw=raw,
        time_text=time_text,
        areas_text=places,
        source_lines=list(index),
    )
