"""The data rules, as named constants, plus the text checks that apply to every string.

Contributors see these rules in failure messages and in the published schema;
keep each one here and nowhere else.
"""

from __future__ import annotations

import re

from .problems import Problem

# Chinese (Han) characters: an English text field must hold none (schema), and the editions
# tell Chinese from English text by them (i18n).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# A data file larger than this is almost certainly a mistake (a pasted web page).
MAX_FILE_BYTES = 512 * 1024

# Stable, URL-safe identifiers: they become page anchors (#fact-<id>) and file keys.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_EXAMPLE = "chief-quality-officers"

# Units a figure may carry.  Add one here (and to the docs) when a new kind of
# figure needs it; free-form units would make figures impossible to compare.
# 户 counts market entities, 件 patents and trademarks, 场 sessions of a series, % a rate.
UNITS = ("个", "家", "项", "名", "年", "届", "次", "条", "代", "毫米", "微米", "级", "户", "件", "场", "%")

# How exact a figure is, as the source words it ("万余名" is more_than 10000).
QUALIFIERS = ("exact", "more_than", "approximately")

# What the `time` of a fact means; "as_reported": the source gives no date (no `time`).
TIME_BASES = ("on", "during", "as_of", "since", "as_reported")

# Dates are written as ISO partial dates: year, year-month or a full day.
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"

# The placeholder a figure's statement uses where the formatted value goes, so
# the number is never typed twice.
VALUE_PLACEHOLDER = "{value}"

# Gambling spam injected into the captured source (see ../shared/sources/README.md)
# and its usual relatives.  A match is a data error, never content.
SPAM_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"bet\s*体育",
    r"365\s*体育",
    r"体育\s*投注",
    r"手机版\s*app\s*下载",
    r"\bbet\s*365\b",
    r"博彩|赌场|百家乐|娱乐城|彩票投注",
    r"\b(?:bet|casino|poker|baccarat)[\w-]*\.(?:com|net|cc|vip|top|app|xyz|co)\b",
))

# All spam patterns in one expression: one search per string finds whether any matches.
_ANY_SPAM = re.compile("|".join(f"(?:{p.pattern})" for p in SPAM_PATTERNS), re.IGNORECASE)

# Invisible characters that can hide text or reorder it on screen (zero-width
# and bidirectional controls), and C0/C1 controls other than newline and tab.
FORBIDDEN_CHARACTERS = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)

# The same, for the text gate (macros/textgate.py), which matches the normalised skeleton.
ANY_SPAM = _ANY_SPAM

# Every match of a SPAM_PATTERNS pattern contains one of these: 体育 (the first three
# patterns), 手机版, 365 (``bet 365``), each word of the sixth, and for the last the dot
# and first letter of its ending (.com, .net …).  None of them has a case form except that
# letter, and whatever matches a letter ignoring case is a letter, so when this finds
# nothing, ANY_SPAM (IGNORECASE) finds nothing either.  It is the text gate's cheap first
# look: ANY_SPAM, whose ``\b`` in front keeps the regex engine from skipping ahead, costs
# 1–9 µs a string, this 0.1–0.4 µs.  A new spam pattern needs its word here:
# tests/test_fast_paths.py fails otherwise.
SPAM_HINT = re.compile(r"体育|手机版|365|博彩|赌场|百家乐|娱乐城|彩票投注|\.[^\W\d]")

# The same spam words once every separator between letters is gone ("b.e.t体育", "博·彩",
# "bet-365"): matched on the skeleton with everything but letters and digits removed.
# Only words that no sentence of this report runs into across punctuation.
SPAM_SQUEEZED = re.compile(r"bet体育|365体育|体育投注|手机版app下载|bet365|博彩|赌场|百家乐|娱乐城|彩票投注")

# Contamination of a captured source (../shared/sources/README.md): a traditional-script
# gateway replaced words, and another copy carries pinyin in brackets.  Each is a data
# error with the word to write instead.  (Quoted, “品質”, the word is a note naming what
# was restored, not contamination.)
CONTAMINATION_WORDS = {"品質": "质量", "程式": "程序"}

# A Chinese character followed by its own pinyin in brackets: 印發(fā), 质量（zhìliàng）.
# The bracketed word counts as pinyin when it carries a tone mark or is a reading of the
# character before it (pypinyin), so "(QC)" or "(gb)" after a character stay text.
PINYIN_IN_BRACKETS = re.compile(
    r"([\u4e00-\u9fff])[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})[)）]")
PINYIN_TONE_MARKS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")

# Quotation marks that make a word a mention ("the copy wrote “品質”"), not a use.
MENTION_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ('"', '"'), ("`", "`"))

# Full-width digits look right on screen but are not numbers.  Policy: reject,
# so a figure is never stored in two spellings.
FULLWIDTH_DIGITS = re.compile("[\uff10-\uff19]+")


def text_problems(text: str, file: str, line: int, column: int) -> list[Problem]:
    """Problems in one string of a data file: spam and full-width digits.

    (Hidden characters are found line by line in yamlread, comments included.)"""
    problems = []
    for pattern in SPAM_PATTERNS if _ANY_SPAM.search(text) else ():
        match = pattern.search(text)
        if match:
            problems.append(Problem(file, line, column,
                f"含有垃圾广告文字“{match.group(0)}”",
                "这是抓取网页时混入的博彩广告，不是原文：删去它，按 shared/sources/README.md 的还原表写回原词"))
            break
    wide = FULLWIDTH_DIGITS.search(text)
    if wide:
        narrow = wide.group(0).translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})
        problems.append(Problem(file, line, column,
            f"含有全角数字“{wide.group(0)}”",
            f"改用半角数字“{narrow}”"))
    return problems


# --- bounds (macros/yamlread.py) and the text gate (macros/textgate.py) ------------------

# Unicode's Default_Ignorable_Code_Point ranges: invisible when rendered, so they can
# hide text (U+3164 HANGUL FILLER, variation selectors, tag characters …).
DEFAULT_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Characters that render as blank but are not the ordinary space: every space separator
# other than U+0020 (no-break, ideographic, em … spaces), the Hangul fillers and the braille
# blank.  Invisible in a name, they make an empty link or hide a word; newline and tab are
# the only other white space a text may hold.  (Default-ignorable code points are in
# DEFAULT_IGNORABLE_RANGES; U+3164 and U+FFA0 are both.)
BLANK_CHARACTERS = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u303f\u115f\u1160\u3164\uffa0\u2800"
)

# How deep values may nest.  The deepest real shape is a source's section heading:
# list > record > sections > section > heading > zh (6).
MAX_DEPTH = 8

# Digits in one number (a count of companies, a thickness): more is a pasting accident,
# and Python refuses to convert more than 4300 digits at all.
MAX_DIGITS = 15

# Characters in one text value (a statement is a sentence, a title a line).
MAX_STRING_CHARS = 2000

# Characters in one key (field names are short English words).
MAX_KEY_CHARS = 40

# The one format of a source's publication time: local time with its offset.
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$"
DATETIME_EXAMPLE = "2021-11-29T10:13+08:00"


# --- values that stay readable and true (issue 21.5) --------------------------------------

# A figure is printed as a plain decimal: a float whose shortest form needs an exponent
# (1e-14, 1e+16) has no sensible decimal form on the page or in the downloads.
FIGURE_EXPONENT = re.compile(r"[eE]")

# Dates that record the past (reviewed, published) may not lie ahead of today in China
# (UTC+8), with a day's grace for a contributor in another time zone.
PAST_DATE_GRACE_DAYS = 1
CHINA_UTC_OFFSET_HOURS = 8

# Addresses: no user-info ("https://www.ce.cn@other.example/" goes to other.example), and
# no host label that mixes scripts (a Cyrillic "е" in "ce.cn").
URL_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*@", re.I)


# --- bounds on the whole of data/ (issue 21.6) ---------------------------------------------
# A hostile pull request is refused in seconds, before anything is validated.  The bench's
# synthetic report at 1,000 pages holds 22,262 records in 7.9 MB (scripts/benchlib/synth.py):
# the bounds leave it more than twice the room.
MAX_TOTAL_RECORDS = 60_000
MAX_TOTAL_BYTES = 24 * 1024 * 1024

# Keys in one record, nested ones included (the largest model has about 20 fields).
MAX_KEYS_PER_RECORD = 200

# Problems listed per file; the rest are counted in one line ("and N more").
MAX_PROBLEMS_PER_FILE = 50
