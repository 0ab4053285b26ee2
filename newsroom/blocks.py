"""The desks' readers and writers of an edition's text, registered by each desk (its apps.py ready()).

newsroom/ splits a page's text, dispatches each block to the reader that claims it and writes what came back
with the desk's writer; it names no desk. A desk registers:

- a block reader: `opens(line) -> bool` says a block starts at this line; `read(lines, context) -> BlockRead`
  reads from there ([(line_no, text)], the first line the one that opened it, cut before the next line that
  any reader claims, so no reader ever sees the rest of the file: reading a page stays linear);
- or the text reader (articles): reads the runs of text between blocks;
- and a writer for each kind of record it produces: `write(parsed, position, existing, page, publish) -> obj`.

Readers are pure functions: no database.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Context:
    date: datetime.date
    newspaper_name: str
    known_columns: tuple = ()
    forced: dict = field(default_factory=dict)  # an editor's corrections: {"story": {line_no}, "byline": {…}}


@dataclass
class BlockRead:
    """What a reader made of a block: how many of its lines it used (at least the first, or 0 to decline),
    records [(kind, parsed, [line_no])], lines it claimed without a record (a column's header), and lines it
    could not read [(line_no, text, reason)]."""

    used: int
    records: list = field(default_factory=list)
    claimed: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)


@dataclass(frozen=True)
class BlockReader:
    name: str
    opens: Callable
    read: Callable
    # read_group(lines, context) -> BlockRead: lines an editor said are one record of this desk (an outage entry)
    read_group: Callable | None = None


@dataclass(frozen=True)
class TextReader:
    name: str
    read: Callable  # (runs [[(line_no, text)]], Context) -> ([(kind, parsed, [line_no])], [(line_no, text, reason)])


_block_readers: dict[str, BlockReader] = {}
_text_reader: list[TextReader] = []
_writers: dict[str, Callable] = {}


def register_block_reader(name, opens, read, read_group=None):
    _block_readers[name] = BlockReader(name, opens, read, read_group)


def group_reader(name):
    reader = _block_readers.get(name)
    if reader is None or reader.read_group is None:
        raise LookupError(f"No desk reads a group of lines as {name!r}.")
    return reader.read_group


def register_text_reader(name, read):
    _text_reader[:] = [TextReader(name, read)]


def register_writer(kind, write):
    _writers[kind] = write


def block_readers():
    return list(_block_readers.values())


def text_reader():
    if not _text_reader:
        raise LookupError("No desk registered a text reader (is the articles app installed?).")
    return _text_reader[0]


def writer(kind):
    try:
        return _writers[kind]
    except KeyError:
        raise LookupError(f"No desk registered a writer for {kind!r}.") from None


_after_import: dict[str, Callable] = {}


def register_after_import(name, hook):
    """hook(edition) runs after every import, inside its transaction (articles link jump lines)."""
    _after_import[name] = hook


def after_import_hooks():
    return list(_after_import.values())


_known_columns: list[Callable] = []


def register_known_columns(provider):
    """provider() -> names of the columns the paper runs (a desk that keeps them registers it)."""
    _known_columns[:] = [provider]


def known_columns():
    return tuple(name for provider in _known_columns for name in provider())
