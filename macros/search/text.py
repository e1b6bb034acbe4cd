"""Folding, bigrams and English words: the one definition shared by the index and the browser.

``docs/assets/search/engine.js`` implements the same functions; tests/test_search.py
(folding, bigrams) and tests/test_search_english.py (words, stems, stop words) run both
on the same strings and compare them.  Folding works character by character (NFKC, then
lower case) so that a position in the folded text always maps back to one character of
the original, which the browser needs to highlight a match inside the original sentence.
The English edition's word mode is described below ("English (word) mode").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SPACE = " "


# Dropped from text and queries alike (issue 22): what a reader cannot see or did not mean
# as a word -- format characters (zero-width space and joiner, BOM, soft hyphen), controls,
# private-use and surrogate code points, symbols (emoji, ©, ™) and modifier symbols --
# so that a zero-width space or an emoji pasted before a word no longer hides it.  The
# emoji blocks, variation selectors and tag characters are listed as well, because Python
# and the browser may know different Unicode versions (a new emoji is "unassigned" to the
# older one): the explicit ranges make both drop it.
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "So", "Sk"})
DROPPED_RANGES = ((0xFE00, 0xFE0F), (0x1F000, 0x1FAFF), (0xE0000, 0xE007F), (0xE0100, 0xE01EF))


def dropped(char: str) -> bool:
    """Is this (already NFKC-folded) character left out of folded text?"""
    codepoint = ord(char)
    return unicodedata.category(char) in DROPPED_CATEGORIES \
        or any(low <= codepoint <= high for low, high in DROPPED_RANGES)


@lru_cache(maxsize=None)   # a few thousand distinct characters in the whole report
def fold_char(char: str) -> str:
    """Full-width to half-width, compatibility forms to plain ones, lower case, no
    punctuation, no invisible characters or symbols (DROPPED_CATEGORIES)."""
    if char.isspace():
        return SPACE
    folded = unicodedata.normalize("NFKC", char).lower()
    # Punctuation is dropped: readers type 十四五规划 for “十四五”规划 and 一站式服务
    # for “一站式”服务.  (Some compatibility forms also decompose to a space plus
    # a mark, U+00A8 -> " \u0308": the space goes too.)
    return "".join(c for c in folded
                   if c != SPACE and not unicodedata.category(c).startswith("P") and not dropped(c))


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


# --- English (word) mode --------------------------------------------------------------
#
# How a text is cut depends on the edition AND on the script of each run of characters:
#
# - The Chinese edition (theme.language "zh") keeps the character bigrams above for every
#   script: its Latin text is names, codes and numbers glued to Chinese ("BV集团", "A级",
#   "8.5代", "TÜV莱茵"), where a reader types any piece of it, as with Ctrl-F.
# - The English edition (theme.language "en") cuts each text into runs by script: runs
#   of letters and digits (Latin and every other script written with spaces) are WORDS,
#   compared by their Snowball English stem (awards, awarded -> award; companies ->
#   compani), case-insensitively; runs of Han, kana and Hangul (the Chinese names given
#   beside English ones) are cut into bigrams exactly as in the Chinese edition.
#
# So the edition picks the mode once (meta.json records it as "lang"), and in word mode
# the script of each run picks words or bigrams.  docs/assets/search/engine.js implements
# the same cutting (tests compare the two on the same strings).
#
# The cutting works on the text folded character by character (NFKC, lower case, as
# fold_char, but punctuation is kept so it can separate words): each folded character
# gets a class, and two regular expressions over the string of classes find the tokens.
#   L  letter, mark or non-decimal number (not Han/kana/Hangul)   D  decimal digit
#   C  Han, kana, Hangul, Bopomofo                                A  apostrophe (' ’ ‘ ʼ)
#   J  "." or ","                                                 P  other punctuation
#   " " anything else (space, symbols, controls): always a separator
# A word is a run of L/D; an apostrophe between two of them stays in the word (Anhui’s,
# which the stemmer reduces to anhui), and "." or "," between two digits joins them and
# is dropped (8.5 -> 85, 1,069 -> 1069, as fold() does).  Any other punctuation ends a
# word (world-class = world class, GB/T = gb t).  A run of C goes on through punctuation
# with no space in it (“十四五”规划 -> 十四五规划, as fold() does).  A word loses its
# accents (TÜV = tuv, Zürich = zurich: readers of the English edition type them without).

WORD_MODE_LANGS = frozenset({"en"})
APOSTROPHES = "'\u2019\u2018\u02bc"
# Not indexed and not required by a query: words on nearly every document, which would
# make the largest postings lists and select nothing.  A short list on purpose (lunr's
# also drops words such as "may", "can", "not", "us" that are content here); a query of
# nothing but these words finds nothing.  engine.js holds the same list.
STOP_WORDS = frozenset("""
a an and are as at be been by for from has have in into is it its of on or that the their
this to was were which with
""".split())
# British spellings read as the American ones on both sides (index and query), before the
# stem: the English pages mostly write center, organization, program, but quote names and
# sources that write centre, organisation, programme, and a British reader types those.
# Whole words first (a word whose British and American forms differ by more than an ending,
# or whose ending alone would be unsafe: four is not "for"); then the -ise/-isation endings,
# only after BRITISH_STEM_MIN letters (rise, raise and prise stay as they are; a fold into a
# word no one writes, enterprize, is harmless because both sides fold alike).  engine.js
# holds the same two tables; tests/test_search_english.py compares them entry by entry.
BRITISH_WORDS = {
    "centre": "center", "centres": "centers", "centred": "centered", "centring": "centering",
    "metre": "meter", "metres": "meters", "litre": "liter", "litres": "liters",
    "programme": "program", "programmes": "programs",
    "colour": "color", "colours": "colors", "labour": "labor", "honour": "honor", "honours": "honors",
    "honoured": "honored", "favour": "favor", "favourable": "favorable", "behaviour": "behavior",
    "behaviours": "behaviors", "neighbour": "neighbor", "neighbouring": "neighboring",
    "catalogue": "catalog", "catalogues": "catalogs", "licence": "license", "licences": "licenses",
    "defence": "defense", "offence": "offense", "judgement": "judgment", "ageing": "aging",
    "fulfil": "fulfill", "enrol": "enroll", "enrolment": "enrollment", "modelling": "modeling",
    "labelled": "labeled", "labelling": "labeling", "travelling": "traveling", "cancelled": "canceled",
    "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing", "grey": "gray",
}
BRITISH_ENDINGS = (   # (British, American), longest first: the first that fits is used
    ("isations", "izations"), ("isation", "ization"), ("ising", "izing"), ("isers", "izers"),
    ("iser", "izer"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"),
)
BRITISH_STEM_MIN = 3


def american(word: str) -> str:
    """A folded word with its British spelling read as the American one (see BRITISH_WORDS);
    a possessive 's is kept (organisation's -> organization's)."""
    base, tail = (word[:-2], word[-2:]) if word.endswith("'s") else (word, "")
    if base in BRITISH_WORDS:
        return BRITISH_WORDS[base] + tail
    for british, us in BRITISH_ENDINGS:
        if base.endswith(british) and len(base) - len(british) >= BRITISH_STEM_MIN:
            return base[:-len(british)] + us + tail
    return word


# Scripts written without spaces: cut into bigrams in word mode too.
CJK_RANGES = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303C),
    (0x3040, 0x30FF), (0x3100, 0x312F), (0x3130, 0x318F), (0x31A0, 0x31BF), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
)
_WORD = r"[LD]+(?:(?:A|(?<=D)J(?=D))[LD]+)*"
_RUN = r"C+(?:[AJP]+C+)*"
TOKEN_PATTERN = f"(?P<word>{_WORD})|(?P<run>{_RUN})"
_TOKEN = re.compile(TOKEN_PATTERN)


def is_cjk(codepoint: int) -> bool:
    return any(low <= codepoint <= high for low, high in CJK_RANGES)


def word_mode(lang: str) -> bool:
    """True for an edition whose text is searched as words (English)."""
    return (lang or "").split("-")[0].lower() in WORD_MODE_LANGS


@lru_cache(maxsize=None)
def fold_char_keep(char: str) -> str:
    """fold_char without dropping punctuation; apostrophes become "'"."""
    if char.isspace():
        return SPACE
    if char in APOSTROPHES:
        return "'"
    return unicodedata.normalize("NFKC", char).lower()


@lru_cache(maxsize=None)
def char_class(char: str) -> str:
    """The class of one folded character (see above)."""
    if char == "'":
        return "A"
    if char in ".,":
        return "J"
    category = unicodedata.category(char)
    if category[0] == "P":
        return "P"
    if category[0] in "LNM":
        if is_cjk(ord(char)):
            return "C"
        return "D" if category == "Nd" else "L"
    return SPACE


class _KeepTable(dict):
    def __missing__(self, codepoint: int) -> str:
        folded = self[codepoint] = fold_char_keep(chr(codepoint))
        return folded


class _ClassTable(dict):
    def __missing__(self, codepoint: int) -> str:
        cls = self[codepoint] = char_class(chr(codepoint))
        return cls


_KEEP_TABLE = _KeepTable()
_CLASS_TABLE = _ClassTable()
_JOINERS = str.maketrans("", "", ".,")


def word_tokens(text: str) -> list[tuple[str, str]]:
    """("word", folded word) and ("run", folded Han/kana/Hangul run) in text order.

    A word keeps inner apostrophes ("anhui's") and loses the "." or "," joining
    digits; a run loses its punctuation (十四五规划), like fold().
    """
    folded = text.translate(_KEEP_TABLE)
    classes = folded.translate(_CLASS_TABLE)
    tokens = []
    for match in _TOKEN.finditer(classes):
        piece = folded[match.start():match.end()]
        if match.lastgroup == "word":
            if "J" in match.group():
                piece = piece.translate(_JOINERS)
            tokens.append(("word", piece if piece.isascii() else strip_accents(piece)))
        else:
            if len(match.group()) != match.group().count("C"):
                piece = "".join(c for c, k in zip(piece, match.group()) if k == "C")
            tokens.append(("run", piece))
    return tokens


def strip_accents(word: str) -> str:
    """The word without its combining marks (NFD, marks dropped, NFC again)."""
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"))


_STEMS: dict[str, str] = {}
_STEMMER = []   # the snowballstemmer English stemmer, made on first use (only the English edition needs it)


def stem(word: str) -> str:
    """Snowball's English stem of a folded word (cached: a few thousand distinct words)."""
    try:
        return _STEMS[word]
    except KeyError:
        if not _STEMMER:
            import snowballstemmer
            _STEMMER.append(snowballstemmer.stemmer("english"))
        result = _STEMS[word] = _STEMMER[0].stemWord(word)
        return result


def word_keys(text: str) -> set[str]:
    """What a document is indexed under in word mode: the stem of every word that is not
    a stop word, and every bigram of every Han/kana/Hangul run."""
    keys: set[str] = set()
    for kind, value in word_tokens(text):
        if kind == "word":
            if value not in STOP_WORDS:
                keys.add(stem(american(value)))
        else:
            keys.update(bigrams(value))
    return keys


def index_keys(text: str, lang: str) -> set[str]:
    """The postings keys of a document's text in the edition's mode."""
    return word_keys(text) if word_mode(lang) else bigrams(fold(text))
