"""The search index's tokens: pure functions, no database."""

import pytest

from newsroom.tokens import MAX_TOKEN, document_tokens, term_query
from tests.sample import sample_text


def found(tsquery, tokens):
    """What PostgreSQL does with a term's tsquery against a document's tokens (AND of exact and prefix parts)."""
    for part in tsquery.split(" & "):
        word = part.split("'")[1]
        if part.endswith(":*"):
            if not any(token.startswith(word) for token in tokens):
                return False
        elif word not in tokens:
            return False
    return True


def test_chinese_is_cut_into_neighbouring_pairs_and_its_last_character():
    assert document_tokens("财校三台区") == {"财校", "校三", "三台", "台区", "区"}


def test_punctuation_and_spaces_separate_runs():
    assert document_tokens("停电,财校") == {"停电", "电", "财校", "校"}


def test_numbers_and_latin_words_are_indexed_by_their_suffixes_in_lower_case():
    assert document_tokens("M4310号") == {"m4310", "4310", "310", "10", "0", "号"}


def test_a_long_number_is_cut_to_max_token_characters():
    tokens = document_tokens("430201100083430201")
    assert max(map(len, tokens)) == MAX_TOKEN and "4302011000834302" in tokens


@pytest.mark.parametrize(
    ("term", "query", "exact"),
    [
        ("财校", "'财校'", True),
        ("停", "'停':*", True),
        ("M431033654", "'m431033654':*", True),
        ("三台区", "'三台' & '台区'", False),  # the pairs may stand apart: the text is checked
        ("电子健康卡(码)", "'电子' & '子健' & '健康' & '康卡' & '码':*", False),
        ("kv月东", "'kv':* & '月东'", False),
        ("12345678901234567890", "'1234567890123456':*", False),
    ],
)
def test_a_term_asks_for_its_tokens(term, query, exact):
    assert term_query(term) == (query, exact)


def test_every_piece_of_the_sample_is_found_under_its_tokens():
    """No false negative: every substring of the text (any length, any script) matches the text's tokens."""
    text = sample_text()[:1500]
    tokens = document_tokens(text)
    for length in range(1, 8):
        for start in range(len(text) - length + 1):
            piece = text[start : start + length]
            query, _exact = term_query(piece) if document_tokens(piece) else (None, False)
            if query is not None:
                assert found(query, tokens), piece


def test_tokens_hold_no_space_nor_quote_so_a_space_joins_them():
    tokens = document_tokens(sample_text())
    assert not any(set(token) & {" ", "'", "\\"} for token in tokens)


def test_an_exact_term_is_found_only_where_it_is_printed():
    tokens = document_tokens("工作人员,作者")
    assert found(term_query("作者")[0], tokens)
    assert not found(term_query("员作")[0], tokens)  # across the comma
