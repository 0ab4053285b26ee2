"""The plain text a layout system exports for a page, split into blocks for the desks' parsers.

Pure functions, no database: bytes -> text (UTF-8 or GB18030/GBK), text -> blocks
(the notices column, the outage table, and runs of article text between them),
each block -> the parser of the app that owns it. Every non-blank input line ends
up in exactly one parsed record or in `unplaced`; EditionParse.line_accounting()
shows it.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from articles.printed import parse_stories
from notices.printed import is_header as is_notices_header
from notices.printed import parse_notices_column
from outages.parser import OutageParseError, parse_outage_table

MAX_BYTES = 5 * 1024 * 1024
OUTAGE_TITLE = re.compile(r"检修停电安排")


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
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
        if controls > len(text) // 100:
            raise EditionTextError("这是一个二进制文件,不是排版系统导出的文本。")
        return text
    raise EditionTextError("文件既不是 UTF-8 也不是 GB18030/GBK 编码的文本。")


@dataclass
class EditionParse:
    date: datetime.date
    articles: list = field(default_factory=list)  # [ParsedArticle]
    notices: list = field(default_factory=list)  # [(ParsedNotice, [line_no])]
    outages: list = field(default_factory=list)  # [(ParsedOutageNotice, [line_no])]
    notice_headers: list = field(default_factory=list)  # line numbers of 下列证件 声明作废
    unplaced: list = field(default_factory=list)  # [(line_no, text, reason)]
    nonblank_line_nos: list = field(default_factory=list)

    def line_nos_by_place(self):
        """{"articles"|"notices"|"outages"|"unplaced": [line_no, …]}: where each input line went."""
        return {
            "articles": [no for a in self.articles for no in a.all_line_nos],
            "notices": [no for _, nos in self.notices for no in nos] + self.notice_headers,
            "outages": [no for _, nos in self.outages for no in nos],
            "unplaced": [no for no, _, _ in self.unplaced],
        }

    def line_accounting(self):
        """{"articles": n, "notices": n, "outages": n, "unplaced": n, "total": n}, in lines of input."""
        counts = {place: len(nos) for place, nos in self.line_nos_by_place().items()}
        return {**counts, "total": len(self.nonblank_line_nos)}

    def placed_line_nos(self):
        return [no for nos in self.line_nos_by_place().values() for no in nos]

    def to_dict(self):
        return {
            "date": self.date.isoformat(),
            "articles": [a.to_dict() for a in self.articles],
            "notices": [{**n.to_dict(), "line_nos": nos} for n, nos in self.notices],
            "outages": [{**o.to_dict(), "line_nos": nos} for o, nos in self.outages],
            "unplaced": [{"line_no": no, "text": text, "reason": reason} for no, text, reason in self.unplaced],
            "lines": self.line_accounting(),
        }


def parse_edition(text, date, newspaper_name, known_columns=()):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = list(enumerate(lines, start=1))
    result = EditionParse(date=date, nonblank_line_nos=[no for no, line in numbered if line.strip()])
    runs, run = [], []
    index = 0
    while index < len(numbered):
        no, line = numbered[index]
        if is_notices_header(line):
            runs.append(run)
            run = []
            index = _take_notices(numbered, index, result)
        elif OUTAGE_TITLE.search(line):
            runs.append(run)
            run = []
            index = _take_outages(numbered, index, result)
        else:
            run.append((no, line))
            index += 1
    runs.append(run)
    articles, unplaced = parse_stories([r for r in runs if r], newspaper_name, known_columns)
    result.articles = articles
    result.unplaced += [(no, text, "不属于任何稿件") for no, text in unplaced]
    result.unplaced.sort()
    return result


def _take_notices(numbered, index, result):
    """下列证件 声明作废 and the · lines under it (blank lines between them allowed)."""
    result.notice_headers.append(numbered[index][0])
    lines = []
    end = index + 1
    while end < len(numbered):
        text = numbered[end][1]
        if text.strip() and not text.lstrip().startswith("·"):
            break
        if text.strip():
            lines.append(numbered[end])
        end += 1
    parsed = parse_notices_column([text for _, text in lines])
    result.notices += [(notice, [no]) for notice, (no, _) in zip(parsed, lines, strict=True)]
    return end


def _take_outages(numbered, index, result):
    """The outage table from its title line: the outages parser says where it ends."""
    block = [text for _, text in numbered[index:]]
    first = numbered[index][0]
    try:
        table = parse_outage_table(block, first_line=first, stop_at_end=True)
    except OutageParseError as exc:
        # Unreadable: the table's lines (those with tabs or dashes, from the title on) go to unplaced whole.
        end = index + 1
        while end < len(numbered) and ("\t" in numbered[end][1] or not numbered[end][1].strip()):
            end += 1
        result.unplaced += [(no, text, str(exc)) for no, text in numbered[index:end] if text.strip()]
        return end
    used = numbered[index : index + table.lines_used]
    result.outages.append((table, [no for no, text in used if text.strip()]))
    return index + table.lines_used
