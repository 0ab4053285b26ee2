"""The story corpus (tests/corpus/stories/): pages written in the forms other papers print, and the stories in them."""

import datetime
import json
from pathlib import Path

import pytest

from newsroom.edition_text import parse_edition

STORIES = Path(__file__).parents[1] / "corpus" / "stories"
EXPECTED = {
    k: v for k, v in json.loads((STORIES / "expected.json").read_text(encoding="utf-8")).items() if k != "_about"
}


def parse(name):
    return parse_edition((STORIES / name).read_text(encoding="utf-8"), datetime.date(2020, 5, 6), "株洲日报")


def credits(article):
    return [[c.name, c.role, c.affiliation] for c in article.bylines]


@pytest.mark.parametrize("name", EXPECTED)
def test_every_story_of_the_page_is_found_with_its_head_and_byline(name):
    parsed = parse(name)
    expected = EXPECTED[name]
    assert [a.headline for a in parsed.articles] == [story["headline"] for story in expected]
    for article, story in zip(parsed.articles, expected, strict=True):
        assert article.kicker == story.get("kicker", ""), article.headline
        assert article.subheadline == story.get("subheadline", ""), article.headline
        assert article.column == story.get("column", ""), article.headline
        assert article.column_banner == story.get("column_banner", ""), article.headline
        assert article.dateline == story.get("dateline", ""), article.headline
        assert credits(article) == story["credits"], article.headline
        assert len(article.paragraphs) == story["paragraphs"], article.headline
        assert article.paragraphs[0].startswith(story.get("first", "")), article.headline
        assert [text for _, text, _ in article.review] == story.get("review", []), article.headline
        if "kind" in story:
            assert article.kind == story["kind"]
        if "photos" in story:
            assert [[p.caption, [[c.name, c.role, c.affiliation] for c in p.credits]] for p in article.photos] == story[
                "photos"
            ]


@pytest.mark.parametrize("name", EXPECTED)
def test_every_line_of_the_page_is_in_a_story(name):
    parsed = parse(name)
    assert parsed.unplaced == []
    assert sorted(parsed.placed_line_nos()) == parsed.nonblank_line_nos


def test_a_headline_known_by_its_shape_alone_is_marked_as_a_guess():
    assert all(article.guessed for article in parse("shape_only.txt").articles)
    assert not any(article.guessed for article in parse("agency.txt").articles)  # each has a byline or dateline
