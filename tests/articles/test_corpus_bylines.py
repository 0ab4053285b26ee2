"""The byline corpus (tests/corpus/bylines.json): every common form other papers print, read right or flagged."""

import json
from pathlib import Path

import pytest

from articles.bylines import BylineError, Credit, is_printed_byline, parse_byline, print_byline, read_byline

CORPUS = json.loads((Path(__file__).parents[1] / "corpus" / "bylines.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS["cases"], ids=[case["form"] for case in CORPUS["cases"]])
def test_every_form_gives_its_people_roles_and_affiliations(case):
    found = read_byline(case["text"])
    assert [list(astuple) for astuple in ((c.name, c.role, c.affiliation) for c in found.credits)] == case["credits"]
    assert found.dateline == case.get("dateline", "")
    assert found.rest == case.get("rest", "")
    assert found.review == case.get("review", False)
    assert found.text == case["text"]


@pytest.mark.parametrize("text", CORPUS["not_bylines"])
def test_what_is_not_a_byline_is_refused(text):
    with pytest.raises(BylineError):
        read_byline(text)
    assert not is_printed_byline(text)


@pytest.mark.parametrize(
    "case", [c for c in CORPUS["cases"] if c["credits"]], ids=[c["form"] for c in CORPUS["cases"] if c["credits"]]
)
def test_what_was_read_prints_in_house_style_and_reads_back(case):
    credits = list(read_byline(case["text"]).credits)
    assert parse_byline(print_byline(credits)) == credits


def test_the_new_roles_print_with_their_separator():
    assert print_byline([Credit("石小川", "文", ""), Credit("钟秀", "图", "")]) == "文/石小川\n图/钟秀"
    assert print_byline([Credit("曾凡", "摄影", "")]) == "摄影 曾凡"


def test_a_short_role_is_never_read_off_the_end_of_a_word():
    with pytest.raises(BylineError):
        parse_byline("看图 说话")
