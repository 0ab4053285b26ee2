"""The classifieds desk's part of an edition import: the notices block reader and the notice writer.

The column (下列证件 声明作废 and its · lines) and notices printed on their own (本人…,不慎遗失…,现声明作废。).
"""

from newsroom.blocks import BlockRead
from notices.printed import is_header, is_single_notice, parse_notices_column, parse_single_notice

KIND = "notice"


def opens(line):
    return ("声明" in line or "作废" in line) and (is_header(line) or is_single_notice(line))


def read_block(lines, context):
    """From a header (or a single notice) on: the column's · lines and single notices, blank lines between."""
    records, claimed = [], []
    used = 0
    for index, (no, text) in enumerate(lines):
        if not text.strip():
            continue
        if index == 0 and is_header(text):
            claimed.append(no)
        elif text.lstrip().startswith("·") and (claimed or records):
            records += [(KIND, notice, [no]) for notice in parse_notices_column([text])]
        elif is_single_notice(text):
            records += [(KIND, notice, [no]) for notice in parse_single_notice(text)]
        else:
            break
        used = index + 1
    if not records and not claimed:
        return BlockRead(used=0)
    return BlockRead(used=used, records=records, claimed=[(KIND, claimed)] if claimed else [])


def write_notice(parsed, position, notice, page, publication):
    from newsroom.publication import Status
    from notices.models import Notice, NoticeStatus

    if notice is not None:
        notice.delete()
    status = NoticeStatus.PUBLISHED if publication["status"] == Status.PUBLISHED else NoticeStatus.SCHEDULED
    return Notice.from_parsed(parsed, page=page, position=position, status=status)
