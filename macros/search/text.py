"""Folding and bigrams: the one definition shared by the index and the browser.

``docs/assets/search/engine.js`` implements the same three functions; the test
``tests/test_search_engine.py`` runs both on the same strings and compares them.
Folding works character by character (NFKC, then lower case) so that a position
in the folded text always maps back to one character of the original, which the
browser needs to highlight a match inside the original sentence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SPACE = " "


@lru_cache(maxsize=None)   # a few thousand distinct characters in the whole report
def fold_char(char: str) -> str:
    """Full-width to half-width, compatibility forms to plain ones, lower case, no punctuation."""
    if char.isspace():
        return SPACE
    folded = unicodedata.normalize("NFKC", char).lower()
    # Punctuation is dropped: readers type 十四五规划 for “十四五”规划 and 一站式服务
    # for “一站式”服务.  (Some compatibility forms also decompose to a space plus
    # a mark, U+00A8 -> " \u0308": the space goes too.)
    return "".join(c for c in folded if c != SPACE and not unicodedata.category(c).startswith("P"))


class _FoldTable(dict):
    """str.translate table that folds each character the first time it is seen."""

    def __missing__(self, codepoint: int) -> str:
        folded = self[codepoint] = fold_char(chr(codepoint))
        return folded


_FOLD_TABLE = _FoldTable()
_SPACES = re.compile(" {2,}")


def fold(text: str) -> str:
    """Folded text with every run of white space reduced to one space."""
    return _SPACES.sub(SPACE, text.translate(_FOLD_TABLE)).strip()


def bigrams(folded: str) -> set[str]:
    """Every pair of adjacent characters, except pairs that contain a space."""
    return {pair for pair in (folded[i:i + 2] for i in range(len(folded) - 1)) if SPACE not in pair}


def shard_of(gram: str, shards: int) -> int:
    """FNV-1a over the code points of the gram: which shard file holds it."""
    value = 0x811C9DC5
    for char in gram:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % shards
