"""One code path for the command (import_edition) and the admin's review screen (导入审阅).

read_page: text + date + page (+ an editor's corrections, else those kept from the last import of the same
text) -> the parse; write_page: the parse -> records, and an EditionImport that keeps the text and the
corrections. review_lines: what the screen shows beside each line. No desk is named here.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from newsroom import blocks
from newsroom.edition_import import import_edition
from newsroom.edition_text import EDITOR_UNPLACED, clean_corrections, parse_edition, split_lines
from newsroom.models import EditionImport

# Where a line went, as the screen colours it.
PLACE_LABELS = {
    "headline": "标题",
    "head": "引题/副题/栏目",
    "byline": "署名",
    "body": "正文",
    "caption": "图片说明",
    "notice": "遗失声明",
    "outage": "停电安排",
    "unplaced": "未归类",
    "flagged": "待核对",
}


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def kept_corrections(text):
    """The corrections of the last import of this very text, or {}."""
    last = EditionImport.objects.filter(digest=digest(text)).exclude(corrections={}).first()
    return dict(last.corrections) if last else {}


@dataclass
class PageRead:
    text: str
    date: object
    corrections: dict
    parse: object
    reused: bool = False  # the corrections came from an earlier import of the same text


def read_page(text, date, corrections=None):
    """Parse a page's text with the given corrections, or with those kept for the same text when None."""
    reused = corrections is None
    if corrections is None:
        corrections = kept_corrections(text)
    corrections = clean_corrections(corrections, split_lines(text))
    parse = parse_edition(text, date, settings.NEWSPAPER_NAME, blocks.known_columns(), corrections)
    return PageRead(text, date, corrections, parse, reused=reused and bool(corrections))


@transaction.atomic
def write_page(read, page_code, page_name="", publish=False, user=None):
    """Write the parse, and keep the text and corrections with the import record. All or nothing."""
    report = import_edition(read.parse, page_code, page_name=page_name, publish=publish, user=user)
    EditionImport.objects.create(
        date=read.date,
        page_code=page_code,
        page_name=page_name,
        text=read.text,
        digest=digest(read.text),
        corrections=read.corrections,
        publish=publish,
        report=str(report),
        created_by=user,
    )
    return report


def review_lines(read):
    """[(line_no, text, place, note)] for every line of the text, blank ones with place ""."""
    parse = read.parse
    place = {}
    note = {}
    for article in parse.articles:
        head = set(article.line_nos)
        for block in article.blocks:
            for no in block.line_nos:
                place[no] = "body"
        for photo in article.photos:
            for no in photo.line_nos:
                place[no] = "caption"
        for no in head:
            place[no] = "head"
        for no in _headline_lines(article):
            place[no] = "headline"
            if getattr(article, "guessed", False):
                note[no] = "只凭版式推断为标题,请核对"
        for no in _byline_lines(article):
            place[no] = "byline"
    for kind in parse.records:
        if kind == "article":
            continue
        for _parsed, nos in parse.records[kind]:
            for no in nos:
                place[no] = kind
    for kind, nos in parse.claimed.items():
        for no in nos:
            place[no] = kind
    for no, _text, reason in parse.unplaced:
        place[no] = "unplaced"
        note[no] = reason
    for no, _text, reason in parse.flagged():
        place[no] = "flagged"
        note[no] = reason
    return [
        (no, text, place.get(no, "") if text.strip() else "", note.get(no, ""))
        for no, text in enumerate(split_lines(read.text), start=1)
    ]


def _headline_lines(article):
    return [no for no in article.line_nos if no in getattr(article, "headline_line_nos", [])]


def _byline_lines(article):
    return list(getattr(article, "byline_line_nos", []))


__all__ = ["EDITOR_UNPLACED", "PLACE_LABELS", "kept_corrections", "read_page", "review_lines", "write_page"]
