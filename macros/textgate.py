"""The one text gate: every key and value the YAML reader builds passes through here.

It sees the *parsed* string, so a character written as a YAML escape (``"\\u202e"``,
``"\\0"``, ``"\\e"``) is caught exactly like one typed directly.  Checks, in order:

1. hidden characters: C0/C1 controls (newline and tab aside), Unicode format
   characters (zero-width, bidirectional controls, BOM, tag characters …), every
   other default-ignorable code point, line/paragraph separators, private-use,
   surrogate and unassigned code points;
2. spam, matched on a *skeleton*: NFKC (full-width letters become ASCII), hidden
   characters removed, look-alike letters from other scripts mapped to Latin
   (Unicode confusables, via ``confusable_homoglyphs``), case folded;
3. full-width digits (a figure is never stored in two spellings);
4. look-alikes: a word that mixes Latin with Cyrillic, Greek or another
   alphabet (``Вureau``) is refused; Chinese next to Latin (``APP下载``) is normal.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from confusable_homoglyphs import categories, confusables

from . import rules
from .problems import Problem

_ALLOWED_CONTROLS = frozenset("\n\t")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_WORD = re.compile(r"[^\W\d_]+")
# Scripts that are written next to Latin in this report without being look-alikes.
_NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED", "HAN", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"})


@functools.lru_cache(maxsize=65536)  # a few thousand distinct characters per build
def hidden_character(char: str) -> bool:
    """True for a character that can hide or reorder text on screen."""
    if char in _ALLOWED_CONTROLS:
        return False
    code = ord(char)
    if unicodedata.category(char) in _HIDDEN_CATEGORIES:
        return True
    return any(low <= code <= high for low, high in rules.DEFAULT_IGNORABLE_RANGES)


# Characters that are never hidden (printable ASCII, CJK ideographs and punctuation,
# full-width forms): only the others are looked at, one by one.
_MAYBE_HIDDEN = re.compile("[^\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff01-\uffef]")


def hidden_positions(text: str) -> list[int]:
    """Indexes of the hidden characters in ``text`` (tabs and newlines are not hidden)."""
    return [m.start() for m in _MAYBE_HIDDEN.finditer(text) if hidden_character(m.group(0))]


@functools.lru_cache(maxsize=4096)
def _latin_twin(char: str) -> str:
    """The Latin letter a non-Latin look-alike stands for, or the character itself."""
    found = confusables.is_confusable(char, preferred_aliases=["latin"])
    if found:
        for glyph in found[0]["homoglyphs"]:
            if glyph["c"].isascii():
                return glyph["c"]
    return char


def skeleton(text: str) -> str:
    """What a spam filter should compare: NFKC, hidden characters dropped, look-alikes
    mapped to Latin, case folded."""
    normal = unicodedata.normalize("NFKC", text)
    if not _MAYBE_HIDDEN.search(normal):  # only ASCII and CJK: nothing to map or drop
        return normal.casefold()
    out = []
    for char in normal:
        if hidden_character(char) or char in _ALLOWED_CONTROLS:
            continue
        if not char.isascii() and char.isalpha() and _script(char) not in _NEUTRAL_SCRIPTS:
            char = _latin_twin(char)
        out.append(char)
    return "".join(out).casefold()


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    return categories.alias(char)


def mixed_script_word(text: str) -> str | None:
    """The first word that mixes alphabets (look-alike letters), or None."""
    if text.isascii() or not _MAYBE_HIDDEN.search(text):  # ASCII and CJK only: no look-alikes
        return None
    for word in _WORD.findall(unicodedata.normalize("NFKC", text)):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word} - _NEUTRAL_SCRIPTS
        if len(scripts) > 1:
            return word
    return None


def problems(text: str, file: str, line: int, column: int) -> list[Problem]:
    """Every problem with one parsed string (a key or a value) of a data file."""
    out: list[Problem] = []
    positions = hidden_positions(text)
    hidden = text[positions[0]] if positions else None
    if hidden is not None:
        out.append(Problem(file, line, column,
            f"含有不可见或控制字符 U+{ord(hidden):04X}（{unicodedata.name(hidden, '未命名字符')}）",
            "这类字符（零宽字符、双向控制符、控制码等，包括用 \\u… 转义写出的）会隐藏或颠倒文字："
            "删去后重新输入这段文字"))
    skeleton_text = skeleton(text) if not text.isascii() or not text.isprintable() else text.casefold()
    match = rules.SPAM_HINT.search(skeleton_text) and rules.ANY_SPAM.search(skeleton_text)
    if match:
        out.append(Problem(file, line, column,
            f"含有垃圾广告文字“{match.group(0)}”（按规范化后的写法比对）",
            "这是抓取网页时混入的博彩广告，不是原文：删去它，按 shared/sources/README.md 的还原表写回原词"))
    wide = rules.FULLWIDTH_DIGITS.search(text)
    if wide:
        narrow = wide.group(0).translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})
        out.append(Problem(file, line, column, f"含有全角数字“{wide.group(0)}”", f"改用半角数字“{narrow}”"))
    word = mixed_script_word(text)
    if word:
        scripts = sorted({_script(c) for c in word} - _NEUTRAL_SCRIPTS)
        out.append(Problem(file, line, column,
            f"词“{word}”混用了不同文字的字母（{'、'.join(scripts)}），其中有外形相同的仿冒字母",
            "用英文输入法重新输入这个词（例如西里尔字母 а、е、о 看起来和英文 a、e、o 一样）"))
    return out


def clean(text: str) -> bool:
    """``not problems(text, …)``, for the many strings that have none (a build reads ~600,000
    at 1,000 pages): the same checks, leaving out those that cannot find anything."""
    if _MAYBE_HIDDEN.search(text):  # a character beyond printable ASCII, CJK and full-width forms
        return not problems(text, "", 0, 0)
    # Now hidden_positions finds nothing, mixed_script_word returns at once (same test), and
    # text.isprintable() holds for the ASCII text: what is left is as in problems().
    if text.isascii():
        folded = text.casefold()
    elif rules.FULLWIDTH_DIGITS.search(text):
        return False
    else:
        folded = skeleton(text)
    return not (rules.SPAM_HINT.search(folded) and rules.ANY_SPAM.search(folded))


# _MAYBE_HIDDEN without the newline (never hidden), which every line of a file ends with.
_MAYBE_HIDDEN_IN_LINES = re.compile(_MAYBE_HIDDEN.pattern.replace("[^", "[^\n", 1))


def any_hidden(text: str) -> bool:
    """Whether hidden_positions(text) finds anything: one look at a whole file, each distinct
    character judged once."""
    return any(hidden_character(char) for char in set(_MAYBE_HIDDEN_IN_LINES.findall(text)))
