"""The outages desk's part of an edition import: the schedule block reader and the outage notice writer."""

from newsroom.blocks import BlockRead
from outages.parser import OutageParseError
from outages.schedules import is_schedule_title, read_schedule

KIND = "outage"


def opens(line):
    return is_schedule_title(line)


def read_block(lines, context):
    """A schedule from its title line. The block ends before the next title (newsroom cuts it there).

    A title followed by prose is a story's headline (declined, used=0); a title whose table cannot be read
    goes to 未归类文字 with the reason, with the table's lines (those with tabs)."""
    if len(lines) == 1 or not any(text.strip() for _, text in lines[1:]):
        # a title with nothing under it before the next title (a file of thousands of them stays cheap)
        no, title = lines[0]
        return BlockRead(used=1, unplaced=[(no, title, f"“{title.strip()}”下面没有一行停电安排。")])
    texts = [text for _, text in lines]
    try:
        notice = read_schedule(texts, context.date, first_line=lines[0][0])
    except OutageParseError as exc:
        end = 1
        while end < len(lines) and ("\t" in lines[end][1] or not lines[end][1].strip()):
            end += 1
        if end == 1 and any(text.strip() for text in texts[1:]):
            return BlockRead(used=0)
        return BlockRead(used=end, unplaced=[(no, text, str(exc)) for no, text in lines[:end] if text.strip()])
    used = lines[: notice.lines_used]
    return BlockRead(used=notice.lines_used, records=[(KIND, notice, [no for no, text in used if text.strip()])])


def write_outage(parsed, position, notice, page, publication):
    from outages.models import OutageNotice

    if notice is not None:
        notice.delete()
    return OutageNotice.objects.create_from_parsed(parsed, page=page, position=position, **publication)


def read_group(lines, context):
    """Lines an editor marked as one outage entry -> a schedule of that one entry (or the lines unplaced)."""
    from outages.parser import ParsedOutageNotice
    from outages.schedules import _END, _entry, find_windows

    raw = "\n".join(text for _, text in lines)
    joined = " ".join(text.strip() for _, text in lines)
    nos = [no for no, text in lines if text.strip()]
    try:
        found = find_windows(joined, context.date)
    except OutageParseError as exc:
        return BlockRead(used=len(lines), unplaced=[(no, text, str(exc)) for no, text in lines if text.strip()])
    if found is None:
        reason = "编辑指定为一条停电安排,但其中读不出停电时间。"
        return BlockRead(used=len(lines), unplaced=[(no, text, reason) for no, text in lines if text.strip()])
    windows, start, end = found
    before, after = joined[:start].strip(_END), joined[end:].strip(_END)
    places = ";".join(part for part in (before, after) if part)
    entry = _entry(windows, places, raw=raw, line="", scope=places, time_text=joined[start:end], index=[])
    notice = ParsedOutageNotice(
        date=windows[0][0].date(), title="检修停电安排", warning="", entries=[entry], lines_used=len(lines)
    )
    return BlockRead(used=len(lines), records=[(KIND, notice, nos)])
