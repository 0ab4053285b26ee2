"""Property tests (hypothesis) for every parser of the printed paper, pure functions without a database: any text
gives a result or the parser's own error, every line is accounted for, and printing a parsed byline or notice then
parsing it again gives it back."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.bylines import (
    BARE_ROLES,
    BARE_SLASH_ROLES,
    ROLE_WORDS,
    BylineError,
    Credit,
    parse_byline,
    parse_photo_credit,
    print_byline,
    print_photo_credit,
)
from newsroom.edition_text import parse_edition
from notices.printed import ParsedNotice, parse_notice_line, parse_notices_column, print_notice_line
from outages.parser import OutageParseError, parse_areas, parse_outage_table, parse_windows
from tests.notices.sample import SAMPLE_LINES
from tests.outages.conftest import SAMPLE_TABLE
from tests.sample import sample_text

# Modest: the suite stays fast; each run draws new examples, so over many runs the space is covered.
settings.register_profile("newsroom", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("newsroom")

DAY = datetime.date(2020, 4, 29)
TABLE_LINES = SAMPLE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]
EDITION_LINES = sample_text().split("\n")
# The paper's own characters and punctuation, so that examples come near what parsers recognise, with anything else.
PRINTED = "".join(sorted(set(sample_text()) - {"\n"}))
printed_text = st.text(alphabet=PRINTED, max_size=80)
any_text = st.one_of(st.text(max_size=80), printed_text)


def mutated(lines):
    """A line of the sample, cut, doubled or with text put in, or another text altogether."""
    return st.one_of(
        any_text,
        st.sampled_from(lines),
        st.builds(lambda line, cut: line[:cut], st.sampled_from(lines), st.integers(0, 60)),
        st.builds(
            lambda line, at, insert: line[:at] + insert + line[at:],
            st.sampled_from(lines),
            st.integers(0, 60),
            any_text,
        ),
    )


# Bylines and photo credits.

names = st.text(alphabet="任远刘琼王芳朱卫健侯德怀陈彦珩黄婷婷", min_size=2, max_size=4)
affiliations = st.sampled_from(["", "株洲日报", "湖南日报", "新华社"])
# Other papers' 文/图/文·图/摄影/作者 are printed without an affiliation (articles.bylines): made without one.
credits = st.lists(
    st.builds(Credit, names, st.sampled_from(ROLE_WORDS), affiliations).map(
        lambda c: Credit(c.name, c.role) if c.role in BARE_SLASH_ROLES + BARE_ROLES else c
    ),
    min_size=1,
    max_size=5,
)


@given(any_text)
def test_any_text_is_a_byline_or_a_byline_error(text):
    try:
        parsed = parse_byline(text)
    except BylineError:
        return
    assert parsed and all(isinstance(credit, Credit) for credit in parsed)
    assert parse_byline(print_byline(parsed)) == parsed  # a parsed byline prints and parses back


@given(any_text)
def test_any_text_is_a_photo_credit_or_a_byline_error(text):
    try:
        parsed = parse_photo_credit(text)
    except BylineError:
        return
    assert parse_photo_credit(print_photo_credit(parsed)) == parsed


@given(credits)
def test_a_printed_byline_parses_back_to_its_credits(byline):
    assert parse_byline(print_byline(byline)) == byline
    assert parse_photo_credit(print_photo_credit(byline)) == byline


# Notices.


@given(mutated(SAMPLE_LINES))
def test_any_line_is_a_notice_readable_or_kept_whole(line):
    notice = parse_notice_line(line)  # never raises
    assert isinstance(notice, ParsedNotice)
    if notice.readable:
        printed = print_notice_line(notice)
        assert printed == notice.text
        assert parse_notice_line(printed) == notice  # printing then parsing gives it back
    else:
        assert notice.text == line.strip() or notice.text in line


@given(st.lists(mutated(SAMPLE_LINES), max_size=12))
def test_every_line_of_a_column_is_one_notice(lines):
    notices = parse_notices_column(lines)
    kept = [line for line in lines if line.strip() and line.strip() != "下列证件 声明作废"]
    assert len(notices) <= len(kept)
    assert all(isinstance(notice, ParsedNotice) for notice in notices)


# Outages: the time windows, the areas and the table.


@given(mutated(["19:00-20:00", "8:00—17:30", "4月30日8:00-5月1日18:00", "凌晨5:00-上午9:00", "7:30-12:00;14:00-18:00"]))
def test_any_time_text_is_windows_or_an_outage_parse_error(text):
    try:
        windows = parse_windows(text, DAY)
    except OutageParseError:
        return
    assert windows
    for start, end in windows:
        assert start < end and end - start <= datetime.timedelta(days=7)


@given(any_text)
def test_any_area_text_is_a_list_of_areas(text):
    for area in parse_areas(text):
        assert all(place.strip() for place in area.places)


@given(st.lists(mutated(TABLE_LINES), max_size=20), st.booleans())
def test_any_table_is_read_with_every_line_placed_or_an_outage_parse_error(lines, with_title):
    lines = ([TABLE_LINES[0]] if with_title else []) + lines
    try:
        table = parse_outage_table(lines, stop_at_end=True)
    except OutageParseError:
        return
    used = [line for line in lines[: table.lines_used] if line.strip()]
    assert len(table.line_roles) >= len(used) and table.entries


# The edition splitter: every non-blank line lands in exactly one place.


@given(st.lists(mutated(EDITION_LINES), max_size=40))
def test_every_line_of_an_edition_goes_to_exactly_one_place(lines):
    parsed = parse_edition("\n".join(lines), DAY, "株洲日报")
    assert sorted(parsed.placed_line_nos()) == parsed.nonblank_line_nos


@given(st.integers(0, len(EDITION_LINES)), st.integers(1, 60))
def test_every_line_of_a_slice_of_the_sample_goes_to_exactly_one_place(start, length):
    parsed = parse_edition("\n".join(EDITION_LINES[start : start + length]), DAY, "株洲日报")
    assert sorted(parsed.placed_line_nos()) == parsed.nonblank_line_nos
