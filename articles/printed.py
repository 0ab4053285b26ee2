"""Reading stories back out of the plain text a layout system exports for a page.

Pure functions, no database. The input is a run of "chunks" (consecutive
non-blank lines, with the number of blank lines before each); the output is a
ParsedArticle per story or continuation part, each knowing the line numbers it
was read from, so that the edition importer can prove no line was lost.

What the layout's text tells us, as in the sample edition:
- a headline is a short line followed by a byline (or a ——subheadline and a
  byline), by a dateline paragraph (株洲日报讯 …), or by a picture (a photo
  story); one that follows a column label is a headline too;
- before the headline may stand a kicker, a column label (with a layout glyph
  such as "N " before it, or a known column name, or under a banner), and a
  banner of two or more short lines;
- a picture is where two or more blank lines stand: the chunk after them is
  its caption, and a credit ending in 摄 may follow it or be glued to it;
- a paragraph that ends without a sentence's end (与2012年相比, / 可享受9)
  was broken by the layout and goes on in the next paragraph of its story;
- a short line inside a body that ends no sentence is a crosshead;
- ←←←上接A1版① starts the continuation of a story from another page.
"""

import bisect
import re
from dataclasses import dataclass, field

from articles.bylines import (
    BylineError,
    is_byline,
    parse_byline,
    parse_photo_credit,
    read_byline,
    split_caption,
)

SENTENCE_ENDS = "。!?!?…;;"
CLOSERS = "”’」』))》"
QUESTION_ENDS = "??"
HEAD_MAX = 40  # a headline, kicker or column label is never longer than this
CROSSHEAD_MAX = 25
FRAGMENT_MAX = 10  # "还能照顾好人。": a sentence's tail that opens a continuation
NOT_A_CROSSHEAD_END = ",,、::;;…—-" + CLOSERS
PICTURE_GAP = 2  # blank lines that stand for a picture
JUMP_FROM = re.compile(r"^←*\s*[((]?上接(?P<code>[A-Z][1-9][0-9]?)版(?P<mark>[①-⑳]?)[))]?$")
JUMP_TO = re.compile(r"^[((]?下转(?P<code>[A-Z][1-9][0-9]?)版(?P<mark>[①-⑳]?)[))]?\s*→*$")
LAYOUT_GLYPH = re.compile(r"^[A-Z] (?=\S)")
# A column label printed in brackets: 【身边的好人】, [民生观察].
BRACKETED_COLUMN = re.compile(r"^[【\[〖](?P<name>[^】\]〗]{2,20})[】\]〗]$")
# A run whose lines are this many times as many as its blank lines is read a line at a time: its paragraphs,
# headlines and bylines are not told apart by blank lines.
DENSE_RATIO = 4
BODY_MIN = 30  # a paragraph that opens a story found by its headline's shape alone is at least this long
# What crossheads inside one story share: a colon (除法:…), an enumerator (一、 (二) 3.), a glyph (■ ●).
CROSSHEAD_MARK = re.compile(r"^(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))]|\d+[.、]|[■●◆□▲◎])|[::]")


@dataclass
class Chunk:
    """Consecutive non-blank lines: [(line_no, text)], and how many blank lines stood before them."""

    lines: list
    gap: int = 0

    @property
    def text(self):
        return "\n".join(text for _, text in self.lines)

    @property
    def line_nos(self):
        return [no for no, _ in self.lines]


def chunks_of(numbered_lines, breaks=frozenset()):
    """[(line_no, text)] -> [Chunk]; blank lines only separate (and `breaks`: lines that start a chunk).

    Text exported without blank lines between paragraphs (DENSE_RATIO) is read a line a chunk."""
    nonblank = sum(1 for _, text in numbered_lines if text.strip())
    blank = sum(1 for _, text in numbered_lines if not text.strip())
    if nonblank >= 4 and blank * DENSE_RATIO < nonblank:
        return [Chunk([(no, text)], 0) for no, text in numbered_lines if text.strip()]
    chunks, gap, in_chunk = [], 0, False
    for no, text in numbered_lines:
        if not text.strip():
            gap, in_chunk = gap + 1, False
        elif in_chunk and no not in breaks:
            chunks[-1].lines.append((no, text))
        else:
            chunks.append(Chunk([(no, text)], gap))
            gap, in_chunk = 0, True
    return chunks


@dataclass
class Block:
    kind: str  # "p" a paragraph, "h" a crosshead
    text: str
    line_nos: list


@dataclass
class ParsedPhoto:
    caption: str = ""
    credits: list = field(default_factory=list)
    line_nos: list = field(default_factory=list)

    def to_dict(self):
        return {"caption": self.caption, "credits": [c.to_dict() for c in self.credits]}


@dataclass
class ParsedArticle:
    headline: str = ""
    kicker: str = ""
    subheadline: str = ""
    column: str = ""
    column_banner: str = ""
    dateline: str = ""
    kind: str = "news"
    bylines: list = field(default_factory=list)
    blocks: list = field(default_factory=list)  # [Block]
    photos: list = field(default_factory=list)
    continued_from: str | None = None
    jump_mark: str | None = None
    jumps_to: list = field(default_factory=list)  # [(page code, mark)] of 下转 lines
    line_nos: list = field(default_factory=list)  # of the head, bylines, jump lines
    review: list = field(default_factory=list)  # [(line_no, text, reason)]: kept as printed for an editor
    headline_line_nos: list = field(default_factory=list)  # where each part was read (for the review screen)
    guessed: bool = False  # the headline was known by its shape and place alone
    byline_line_nos: list = field(default_factory=list)

    @property
    def paragraphs(self):
        return [block.text for block in self.blocks]

    @property
    def all_line_nos(self):
        """Every input line this article was read from."""
        lines = self.line_nos + [no for block in self.blocks for no in block.line_nos]
        return sorted(lines + [no for photo in self.photos for no in photo.line_nos])

    def to_dict(self):
        return {
            "kicker": self.kicker,
            "headline": self.headline,
            "subheadline": self.subheadline,
            "column": self.column,
            "column_banner": self.column_banner,
            "dateline": self.dateline,
            "kind": self.kind,
            "bylines": [c.to_dict() for c in self.bylines],
            "paragraphs": self.paragraphs,
            "crossheads": [block.text for block in self.blocks if block.kind == "h"],
            "photos": [p.to_dict() for p in self.photos],
            "continued_from": self.continued_from,
            "jump_mark": self.jump_mark,
            "jumps_to": [{"page": code, "jump_mark": mark or None} for code, mark in self.jumps_to],
            "line_nos": self.all_line_nos,
            "review": [{"line_no": no, "text": text, "reason": reason} for no, text, reason in self.review],
        }


def ends_sentence(text):
    text = text.rstrip().rstrip(CLOSERS)
    return bool(text) and text[-1] in SENTENCE_ENDS


def is_short(chunk):
    return all(len(text) <= HEAD_MAX for _, text in chunk.lines)


def dateline_of(text, datelines):
    """('株洲日报讯', '4月27日下午,…') for a paragraph that opens with a dateline, else None.

    The paper's own datelines first; then any other paper's or agency's (本报讯(记者 张三)…, 新华社北京5月6日电 …)
    as articles.bylines reads them; the credits in its brackets are had from printed_dateline."""
    for dateline in datelines:
        if text.startswith(dateline):
            rest = text[len(dateline) :]
            if rest[:1] in ("(", "\uff08"):
                break  # 本报讯(记者 张三)…: the brackets are read below
            if rest[:1] in (" ", "\u3000"):
                return dateline, rest[1:]
            if rest:
                return dateline, rest
    found = printed_dateline(text)
    if found is not None and found.rest:
        return found.dateline, found.rest
    return None


def printed_dateline(text):
    """The PrintedByline of a paragraph that opens with a dateline, or None."""
    try:
        found = read_byline(text.split("\n", 1)[0])
    except BylineError:
        return None
    if not found.dateline:
        return None
    if "\n" in text:
        found = type(found)(
            found.text, found.credits, found.dateline, found.rest + text[text.index("\n") :], found.review
        )
    return found


def printed_byline(text):
    """The PrintedByline of a chunk that is a byline alone (one or more lines), or None."""
    if is_byline(text):
        return None  # the paper's own form: parse_byline reads it exactly
    try:
        found = read_byline(text.replace("\n", " "))
    except BylineError:
        return None
    return None if found.rest else found


class _Reader:
    def __init__(self, chunks, newspaper_name, known_columns, forced=None):
        self.chunks = chunks
        forced = forced or {}
        self.forced_story = set(forced.get("story", ()))
        self.forced_byline = set(forced.get("byline", ()))
        self.datelines = (f"{newspaper_name}讯", "本报讯")
        self.known_columns = set(known_columns)
        self.kinds = [self.classify(i) for i in range(len(chunks))]
        self.shape_headlines = set()
        self.shape_headlines = self.find_shape_headlines()

    # -- what each chunk is, on its own ------------------------------------------------
    def classify(self, i):
        chunk = self.chunks[i]
        text = chunk.text
        if chunk.line_nos[0] in self.forced_byline:
            return "byline"  # an editor's correction
        if chunk.line_nos[0] in self.forced_story:
            return "short"
        if len(chunk.lines) == 1 and JUMP_FROM.match(text):
            return "jump_from"
        if len(chunk.lines) == 1 and JUMP_TO.match(text):
            return "jump_to"
        if i > 0 and chunk.gap >= PICTURE_GAP:
            return "caption"
        caption, credits = split_caption(text)
        if credits and not caption:
            return "credit"
        if credits and len(chunk.lines) == 1 and ends_sentence(caption):
            return "caption"  # a caption with its credit, where no blank lines stand for the picture
        if is_byline(text) or printed_byline(text) is not None:
            return "byline"
        if dateline_of(text, self.datelines):
            return "dateline"
        if text.startswith("——") and is_short(chunk):
            return "subheadline"
        if is_short(chunk) and len(chunk.lines) > 1:
            return "banner"
        if is_short(chunk) and (not ends_sentence(text) or text.rstrip()[-1] in QUESTION_ENDS):
            return "short"
        return "paragraph"

    def kind(self, i):
        return self.kinds[i] if 0 <= i < len(self.kinds) else None

    def column_name(self, i):
        """The column label at chunk i, without its layout glyph, or None."""
        if self.kind(i) != "short":
            return None
        text = self.chunks[i].text
        if LAYOUT_GLYPH.match(text):
            return text[2:]
        if BRACKETED_COLUMN.match(text):
            return BRACKETED_COLUMN.match(text)["name"]
        if text in self.known_columns or self.kind(i - 1) == "banner":
            return text
        return None

    # -- where stories start -----------------------------------------------------------
    def is_headline(self, i):
        if 0 <= i < len(self.chunks) and self.chunks[i].line_nos[0] in self.forced_story:
            return True  # an editor said this line starts a story
        if self.kind(i) == "banner" and len(self.chunks[i].lines) == 2:
            # a two-line headline: two short lines right before its byline or dateline
            after = self.kind(i + 2) if self.kind(i + 1) == "subheadline" else self.kind(i + 1)
            return after in ("byline", "dateline") and not ends_sentence(self.chunks[i].lines[-1][1])
        if self.kind(i) != "short" or self.column_name(i) is not None:
            return False
        after = self.kind(i + 1)
        if after == "subheadline":
            after = self.kind(i + 2)
        if after in ("byline", "dateline", "caption"):
            return True
        if self.column_name(i - 1) is not None:
            return True
        return i in self.shape_headlines

    def shape_candidates(self):
        """Chunks that look like a headline by shape and place alone: a short line that ends no sentence and
        no clause, after the end of something (or at the start), before a paragraph of body text."""
        found = []
        for i in range(len(self.chunks)):
            if self.kind(i) != "short" or self.column_name(i) is not None or self.kind(i + 1) != "paragraph":
                continue
            text = self.chunks[i].text.rstrip()
            if (text[-1] in NOT_A_CROSSHEAD_END and text[-1] not in CLOSERS) or any(m in text for m in ",,;;。"):
                continue  # a clause, not a headline
            body = self.chunks[i + 1].text
            if len(body) < BODY_MIN and not ends_sentence(body):
                continue
            if _opens_with_a_fragment(body):
                continue  # 动力谷自主创新园2015年8月正 / 式开园,…: a paragraph the layout broke mid-word
            before = self.kind(i - 1)
            if before is not None and before == "paragraph" and not ends_sentence(self.chunks[i - 1].text):
                continue  # the layout broke a paragraph here
            if before == "jump_from":
                continue  # the heading a continuation opens with (上接A1版② / 如何申请…?) is its own
            if before in ("short", "subheadline") and i - 1 not in found:
                continue  # a kicker's or column's headline is found by them
            found.append(i)
        return found

    def find_shape_headlines(self):
        """The shape candidates that are headlines: in the stretch after one sure headline, two or more
        candidates with a crosshead's mark (a colon, 一、, (二), ■) are that story's crossheads."""
        candidates = self.shape_candidates()
        sure = [i for i in range(len(self.chunks)) if self.is_headline(i)]
        owners = [sure[bisect.bisect_left(sure, i) - 1] if bisect.bisect_left(sure, i) else -1 for i in candidates]
        marked = {}
        for i, owner in zip(candidates, owners, strict=True):
            if CROSSHEAD_MARK.search(self.chunks[i].text):
                marked.setdefault(owner, []).append(i)
        headlines = set()
        for i, owner in zip(candidates, owners, strict=True):
            crossheads = marked.get(owner, [])
            if owner >= 0 and len(crossheads) >= 2 and i in crossheads:
                continue
            headlines.add(i)
        return headlines

    def head_start(self, h):
        """The first chunk of the head that ends in headline h: banner? column? kicker?"""
        start = h
        if self.column_name(h - 1) is None and self.kind(h - 1) == "short" and not self.is_headline(h - 1):
            start = h - 1  # a kicker
        if self.column_name(start - 1) is not None:
            start -= 1
            if self.kind(start - 1) == "banner":
                start -= 1
        return start

    def starts(self):
        """{chunk index: ("story", headline index) | ("jump", None)} in order."""
        found = {}
        last_head = -1  # the headline of the last story found: nothing up to it starts another
        for i in range(len(self.chunks)):
            if self.kinds[i] == "jump_from":
                found[i] = ("jump", None)
            elif i > last_head and self.is_headline(i):
                found[self.head_start(i)] = ("story", i)
                last_head = i
        return dict(sorted(found.items()))


def parse_stories(runs, newspaper_name, known_columns=(), forced=None):
    """Runs of article text, each [(line_no, text)] -> ([ParsedArticle], [(line_no, text)] of no story).

    A run is text between other blocks of the page (the notices, the outage table); no story
    crosses from one run to the next, but a jump line may find its text in an earlier run.
    """
    articles, unplaced = [], []
    for run in runs:
        found, left = _parse_run(run, newspaper_name, known_columns, forced)
        articles += found
        unplaced += left
    _give_orphan_text_to_empty_jumps(articles)
    return articles, unplaced


def _parse_run(numbered_lines, newspaper_name, known_columns, forced=None):
    forced = forced or {}
    bylines = set(forced.get("byline", ()))
    chunks = chunks_of(numbered_lines, set(forced.get("story", ())) | bylines | {no + 1 for no in bylines})
    if not chunks:
        return [], []
    reader = _Reader(chunks, newspaper_name, known_columns, forced)
    starts = reader.starts()
    if not starts:
        return [], [line for chunk in chunks for line in chunk.lines]
    bounds = [*starts, len(chunks)]
    unplaced = [line for chunk in chunks[: bounds[0]] for line in chunk.lines]
    articles = []
    for (start, (what, headline)), end in zip(starts.items(), bounds[1:], strict=False):
        if what == "jump":
            articles.append(_read_continuation(reader, start, end))
        else:
            articles.append(_read_story(reader, start, headline, end))
    return articles, unplaced


# Words a story's first clause may be, short as they are (近日,…).
SHORT_OPENERS = (
    "近日",
    "日前",
    "昨日",
    "昨天",
    "今天",
    "今日",
    "当天",
    "今年",
    "目前",
    "据悉",
    "据了解",
    "记者",
    "本报",
)


def _opens_with_a_fragment(text):
    """True when a paragraph opens with the tail of a word (式开园,…): a first clause of three characters or
    fewer that is no usual opener."""
    first = re.split(r"[,,。;;!?!?::、]", text, maxsplit=1)[0]
    return len(first) <= 3 and len(first) < len(text) and first not in SHORT_OPENERS


def _read_story(reader, start, h, end):
    article = ParsedArticle()
    chunks = reader.chunks
    i = start
    if reader.kind(i) == "banner" and i < h:  # (a two-line headline is a "banner" chunk too)
        article.column_banner = chunks[i].text
        i += 1
    if i < h and reader.column_name(i) is not None:
        article.column = reader.column_name(i)
        i += 1
    if i < h:
        article.kicker = chunks[i].text
    article.headline = " ".join(text.strip() for _, text in chunks[h].lines)  # a two-line headline on one
    article.headline_line_nos = list(chunks[h].line_nos)
    article.guessed = h in reader.shape_headlines and chunks[h].line_nos[0] not in reader.forced_story
    article.line_nos = [no for chunk in chunks[start : h + 1] for no in chunk.line_nos]
    i = h + 1
    if reader.kind(i) == "subheadline":
        article.subheadline = chunks[i].text
        article.line_nos += chunks[i].line_nos
        i += 1
    while i < end and reader.kind(i) == "byline":
        _take_byline(article, chunks[i])
        i += 1
    _read_body(reader, article, i, end)
    if article.subheadline.startswith("——记"):
        article.kind = "feature"
    if not article.blocks and article.photos:
        article.kind = "photo"
    return article


def _take_byline(article, chunk):
    """A byline chunk, in the paper's own form or any other: credits, a dateline, or a line flagged for review."""
    article.line_nos += chunk.line_nos
    article.byline_line_nos += chunk.line_nos
    if is_byline(chunk.text):
        article.bylines += parse_byline(chunk.text)
        return
    found = printed_byline(chunk.text)
    if found is None:  # an editor said it is a byline, but no name in it can be read for certain
        article.review += [(no, text, "编辑指定为署名,但读不出姓名,请核对") for no, text in chunk.lines]
        return
    if found.dateline and not article.dateline:
        article.dateline = found.dateline
    if found.review:
        article.review += [(no, text, "署名无法确定是哪几位,请核对") for no, text in chunk.lines]
    article.bylines += list(found.credits)


def _read_continuation(reader, start, end):
    match = JUMP_FROM.match(reader.chunks[start].text)
    article = ParsedArticle(kind="continuation", continued_from=match["code"], jump_mark=match["mark"] or None)
    article.headline = f"上接{match['code']}版{match['mark']}"
    article.line_nos = list(reader.chunks[start].line_nos)
    _read_body(reader, article, start + 1, end)
    return article


def _read_body(reader, article, i, end):
    chunks = reader.chunks
    lines = []  # (line_no, text, chunk index) of the body, pictures and jump lines taken out
    for j in range(i, end):
        chunk, kind = chunks[j], reader.kind(j)
        if kind == "caption":
            caption, credits = split_caption(chunk.text)
            article.photos.append(ParsedPhoto(caption, credits, chunk.line_nos))
        elif kind == "credit" and article.photos and not article.photos[-1].credits:
            article.photos[-1].credits = parse_photo_credit(chunk.text)
            article.photos[-1].line_nos += chunk.line_nos
        elif kind == "byline":
            _take_byline(article, chunk)  # (张三) at the end of a story, or a byline under its first paragraph
        elif kind == "jump_to":
            match = JUMP_TO.match(chunk.text)
            article.jumps_to.append((match["code"], match["mark"]))
            article.line_nos += chunk.line_nos
        else:
            lines += [(no, text, j) for no, text in chunk.lines]
    crossheads = _crossheads(lines)
    open_paragraph = False  # the last paragraph was broken by the layout and goes on
    for index, (no, text, _chunk) in enumerate(lines):
        if not article.blocks and not article.dateline and (found := dateline_of(text, reader.datelines)):
            article.dateline, text = found
            printed = printed_dateline(lines[index][1])
            if printed is not None and printed.dateline == article.dateline:
                article.bylines += list(printed.credits)
                if printed.review:
                    article.review.append((no, lines[index][1], "电头后的署名无法确定是哪几位,请核对"))
        if index in crossheads:
            article.blocks.append(Block("h", text, [no]))
            open_paragraph = False
            continue
        if open_paragraph:
            article.blocks[-1].text += text
            article.blocks[-1].line_nos.append(no)
        else:
            article.blocks.append(Block("p", text, [no]))
        open_paragraph = not ends_sentence(text)


def _crossheads(lines):
    """Indexes of the body lines that are crossheads.

    A crosshead is a short line that ends no sentence and carries no punctuation at its end
    (a question mark aside), standing between a whole paragraph and the next. A single such
    line may as well be a paragraph the layout broke mid-word (动力谷自主创新园2015年8月正 /
    式开园), so crossheads are only believed when a story has two or more.
    """
    found = []
    for index in range(1, len(lines) - 1):
        text = lines[index][1].rstrip()
        if len(text) > CROSSHEAD_MAX or any(mark in text for mark in "。!!;;"):
            continue
        if text[-1] in NOT_A_CROSSHEAD_END or not ends_sentence(lines[index - 1][1]):
            continue
        found.append(index)
    return set(found) if len(found) >= 2 else set()


def _give_orphan_text_to_empty_jumps(articles):
    """A 上接 line that the layout exported without its text takes the paragraphs exported elsewhere.

    The sample prints ←←←上接A1版① with nothing under it, while its text (还能照顾好人。 …)
    trails the last story before the notices. Only when a jump line has no text of its own
    do we look for such text, in the stories before it, last first: the closing paragraphs
    of a story from one that opens with the tail of a sentence (a first sentence of at most
    FRAGMENT_MAX characters after a paragraph that ended its own).
    """
    for position, jump in enumerate(articles):
        if jump.kind != "continuation" or jump.blocks:
            continue
        for story in reversed(articles[:position]):
            cut = _orphan_start(story) if story.kind != "continuation" else None
            if cut is not None:
                jump.blocks, story.blocks = story.blocks[cut:], story.blocks[:cut]
                break


def _orphan_start(story):
    for index in range(1, len(story.blocks)):
        block, before = story.blocks[index], story.blocks[index - 1]
        first_sentence = re.split(r"(?<=[。!?!?])", block.text, maxsplit=1)[0]
        if block.kind == "p" and ends_sentence(before.text) and len(first_sentence) <= FRAGMENT_MAX:
            return index
    return None
