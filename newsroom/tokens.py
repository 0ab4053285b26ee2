"""The tokens of the search index: what a text is cut into, and what a search term asks for.

Chinese has no spaces, so a text is indexed by what any substring of it must contain:
- a run of other letters (汉字 and the rest) gives every pair of neighbouring characters
  (财校三台区 → 财校 校三 三台 台区) and its last character alone (区), so that a two-character
  word is one token and a single character is a token prefix;
- a run of ASCII letters and digits (m431033654) gives each of its suffixes, cut to MAX_TOKEN
  characters, so that any part of a number or a word is the prefix of a token.
A term then asks for all of its pairs and prefixes together (a superset of where it occurs as
printed); only where the tokens cannot say more, the caller checks the text itself (`exact`).
These are pure functions: the same tokens are written by the index and asked for by a search.
"""

import re

MAX_TOKEN = 16
# Lowercased text cut into runs of ASCII letters/digits and runs of other letters; everything else separates.
SEGMENT = re.compile(r"[0-9a-z]+|[^\W_0-9a-z]+")


def segments(text):
    return SEGMENT.findall(text.lower())


def is_ascii_run(segment):
    return segment[0] < "\x80"


def pairs(segment):
    return [segment[start : start + 2] for start in range(len(segment) - 1)]


def document_tokens(text):
    """The set of tokens under which `text` is found."""
    tokens = set()
    for segment in segments(text):
        if is_ascii_run(segment):
            tokens.update(segment[start : start + MAX_TOKEN] for start in range(len(segment)))
        else:
            tokens.update(pairs(segment))
            tokens.add(segment[-1])
    return tokens


def term_query(term):
    """(tsquery text, exact) for a search term with at least one segment.

    exact: the tokens alone prove the term occurs (one run of at most two characters, or one
    ASCII run no longer than MAX_TOKEN, with nothing around it); otherwise matches are candidates.
    """
    parts = []
    found = segments(term)
    for segment in found:
        if is_ascii_run(segment) or len(segment) == 1:
            parts.append(f"'{segment[:MAX_TOKEN]}':*")
        else:
            parts.extend(f"'{pair}'" for pair in pairs(segment))
    only = found[0] if len(found) == 1 else None
    exact = only == term.lower() and (len(only) <= 2 or (is_ascii_run(only) and len(only) <= MAX_TOKEN))
    return " & ".join(dict.fromkeys(parts)), exact
