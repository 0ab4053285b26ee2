"""The plain text a layout system exports for a page, split into blocks and dispatched to the desks' readers.

Pure functions, no database: bytes -> text (UTF-8 or GB18030/GBK), text -> blocks, each block -> the reader
its desk registered (newsroom.blocks; this module names no desk), the runs of text between blocks -> the
text reader (stories). Every non-blank input line ends up in exactly one parsed record or in `unplaced`;
EditionParse.line_accounting() shows it.
"""

import datetime
import re
from dataclasses import dataclass, field

from newsroom import blocks

MAX_BYTES = 5 * 1024 * 1024
# The control characters (Unicode category Cc) a text file does not hold: all but tab, line feed, form feed, CR.
CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# The kind of record each place of line_accounting() counts.
PLACES = {"articles": "article", "notices": "notice", "outages": "outage"}


class EditionTextError(ValueError):
    """Input that cannot be read as an edition's text; the message is one sentence for the user."""


def decode(data):
    """The text of an exported page: UTF-8 (with or without BOM) or GB18030 (which includes GBK)."""
    if len(data) > MAX_BYTES:
        raise EditionTextError(f"文件太大({len(data) / 1024 / 1024:.1f} MB),一期报纸的文本不会超过 5 MB。")
    if not data.strip():
        raise EditionTextError("文件是空的。")
    if b"\x00" in data:
        raise EditionTextError("这是一个二进制文件,不是排版系统导出的文本。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(CONTROLS.findall(text))
        if controls > len(text) // 100:
            raise EditionTextError("这是一个二进制文件,不是排版系统导出的文本。")
        return text
    raise EditionTextError("文件既不是 UTF-8 也不是 GB18030/GBK 编码的文本。")


@dataclass
class EditionParse:
    date: datetime.date
    records: dict = field(default_factory=dict)  # {kind: [(parsed, [line_no])]} in printed order
    claimed: dict = field(default_factory=dict)  # {kind: [line_no]}: read without a record (a column's header)
    unplaced: list = field(default_factory=list)  # [(line_no, text, reason)]
    nonblank_line_nos: list = field(default_factory=list)

    def of_kind(self, kind):
        return self.records.setdefault(kind, [])

    @property
    def articles(self):
        """[ParsedArticle]"""
        return [parsed for parsed, _ in self.records.get("article", [])]

    @property
    def notices(self):
        """[(ParsedNotice, [line_no])]"""
        return self.records.get("notice", [])

    @property
    def outages(self):
        """[(ParsedOutageNotice, [line_no])]"""
        return self.records.get("outage", [])

    @property
    def notice_headers(self):
        return self.claimed.get("notice", [])

    def flagged(self):
        """[(line_no, text, reason)]: lines read into a record but kept as printed for an editor to check."""
        return sorted(item for records in self.records.values() for parsed, _ in records for item in _review(parsed))

    def line_nos_by_place(self):
        """{"articles"|"notices"|"outages"|…|"unplaced": [line_no, …]}: where each input line went."""
        places = {place: [] for place in PLACES}
        kinds = {kind: place for place, kind in PLACES.items()}
        for kind in set(self.records) | set(self.claimed):
            place = places.setdefault(kinds.get(kind, kind + "s"), [])
            place += [no for _, nos in self.records.get(kind, []) for no in nos] + self.claimed.get(kind, [])
        places["unplaced"] = [no for no, _, _ in self.unplaced]
        # one printed line may hold several records (公章、财务专用章各一枚): the line is counted once
        return {place: sorted(set(nos)) for place, nos in places.items()}

    def line_accounting(self):
        """{"articles": n, "notices": n, "outages": n, "unplaced": n, "total": n}, in lines of input."""
        counts = {place: len(nos) for place, nos in self.line_nos_by_place().items()}
        return {**counts, "total": len(self.nonblank_line_nos)}

    def placed_line_nos(self):
        return [no for nos in self.line_nos_by_place().values() for no in nos]

    def to_dict(self):
        data = {"date": self.date.isoformat()}
        for place, kind in PLACES.items():
            if kind == "article":
                data[place] = [a.to_dict() for a in self.articles]
            else:
                data[place] = [{**parsed.to_dict(), "line_nos": nos} for parsed, nos in self.records.get(kind, [])]
        return {
            **data,
            "unplaced": [{"line_no": no, "text": text, "reason": reason} for no, text, reason in self.unplaced],
            "flagged": [{"line_no": no, "text": text, "reason": reason} for no, text, reason in self.flagged()],
            "lines": self.line_accounting(),
        }


def _review(parsed):
    return list(getattr(parsed, "review", None) or [])


def split_lines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


CORRECTIONS = ("story", "byline", "unplaced", "outage")
EDITOR_UNPLACED = "编辑指定为未归类"


def clean_corrections(corrections, lines):
    """An editor's corrections as stored: {"story": [n], "byline": [n], "unplaced": [n], "outage": [[n, …]]},
    with the numbers of non-blank lines of `lines` only, each line in one correction at most. Anything else is
    dropped: corrections kept from an earlier file cannot point past this one."""
    nonblank = {no for no, line in enumerate(lines, start=1) if line.strip()}
    corrections = corrections if isinstance(corrections, dict) else {}
    seen, clean = set(), {}

    def valid(no):
        return isinstance(no, int) and not isinstance(no, bool) and no in nonblank and no not in seen

    for key in ("unplaced", "story", "byline"):
        values = corrections.get(key)
        nos = sorted({no for no in values if valid(no)}) if isinstance(values, list) else []
        seen.update(nos)
        if nos:
            clean[key] = nos
    groups = []
    for group in corrections.get("outage") or []:
        if isinstance(group, list):
            nos = sorted({no for no in group if valid(no)})
            seen.update(nos)
            if nos:
                groups.append(nos)
    if groups:
        clean["outage"] = groups
    return clean


def parse_edition(text, date, newspaper_name, known_columns=(), corrections=None):
    """The page's text -> EditionParse, through the readers the desks registered.

    corrections (see clean_corrections) are an editor's from the review screen: lines that start a story or
    are a byline are read so; lines to leave unplaced, and groups of lines that are one outage entry, are
    taken out before the readers see the page."""
    lines = split_lines(text)
    numbered = list(enumerate(lines, start=1))
    corrections = clean_corrections(corrections, lines)
    context = blocks.Context(
        date,
        newspaper_name,
        tuple(known_columns),
        forced={key: set(corrections.get(key, ())) for key in ("story", "byline")},
    )
    result = EditionParse(date=date, nonblank_line_nos=[no for no, line in numbered if line.strip()])
    taken = set(corrections.get("unplaced", ())) | {no for group in corrections.get("outage", ()) for no in group}
    if taken:
        result.unplaced += [(no, numbered[no - 1][1], EDITOR_UNPLACED) for no in corrections.get("unplaced", ())]
        for group in corrections.get("outage", ()):
            read = blocks.group_reader("outages")([numbered[no - 1] for no in group], context)
            for kind, parsed, nos in read.records:
                result.of_kind(kind).append((parsed, nos))
            result.unplaced += read.unplaced
        # Taken out with the blank lines after them, so that no new gap (a picture's place) opens in the text.
        kept, skipping = [], False
        for no, line in numbered:
            if no in taken:
                skipping = True
            elif skipping and not line.strip():
                continue
            else:
                skipping = False
                kept.append((no, line))
        numbered = kept
    readers = blocks.block_readers()
    # Which reader opens a block at each line, found once: a block is cut before the next opening line, so
    # each line is read a bounded number of times whatever the file holds.
    opening = [next((r for r in readers if line.strip() and r.opens(line)), None) for _, line in numbered]
    next_open = [len(numbered)] * (len(numbered) + 1)
    for index in range(len(numbered) - 1, -1, -1):
        next_open[index] = index if opening[index] is not None else next_open[index + 1]
    runs, run = [], []
    index = 0
    while index < len(numbered):
        reader = opening[index]
        read = None
        if reader is not None:
            limit = next_open[index + 1]
            read = reader.read(numbered[index:limit], context)
        if read is None or read.used <= 0:
            run.append(numbered[index])
            index += 1
            continue
        runs.append(run)
        run = []
        for kind, parsed, nos in read.records:
            result.of_kind(kind).append((parsed, nos))
        for kind, nos in read.claimed:
            result.claimed.setdefault(kind, []).extend(nos)
        result.unplaced += read.unplaced
        index += read.used
    runs.append(run)
    records, unplaced = blocks.text_reader().read([r for r in runs if r], context)
    for kind, parsed, nos in records:
        result.of_kind(kind).append((parsed, nos))
    result.unplaced += unplaced
    result.unplaced.sort()
    return result
