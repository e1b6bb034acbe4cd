"""The one text gate: every key and value the YAML reader builds passes through here.

It sees the *parsed* string, so a character written as a YAML escape (``"\\u202e"``,
``"\\0"``, ``"\\e"``) is caught exactly like one typed directly.  Checks, in order:

1. hidden characters: C0/C1 controls (newline and tab aside), Unicode format
   characters (zero-width, bidirectional controls, BOM, tag characters …), every
   other default-ignorable code point, line/paragraph separators, private-use,
   surrogate and unassigned code points, and every character that renders as blank
   (spaces other than U+0020, Hangul fillers, the braille blank: ``rules.BLANK_CHARACTERS``)
   — no range of code points is exempt;
2. spam, matched on a *skeleton*: NFKC (full-width letters and mathematical letters
   become ASCII), hidden characters and combining marks removed, small capitals and
   look-alike letters from other scripts mapped to Latin (Unicode confusables, via
   ``confusable_homoglyphs``), traditional characters mapped to simplified (OpenCC),
   case folded; and again with every separator between letters removed (``b.e.t体育``);
3. contamination of the captured sources (``rules.CONTAMINATION_WORDS``, pinyin in
   brackets after a character: ``印發(fā)``), unless the word stands in quotation marks
   (a note naming what was restored);
4. full-width digits (a figure is never stored in two spellings);
5. look-alikes: a word that mixes Latin with Cyrillic, Greek or another
   alphabet (``Вureau``) is refused; Chinese next to Latin (``APP下载``) is normal.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

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
    """True for a character that can hide or reorder text on screen, or renders as blank."""
    if char in _ALLOWED_CONTROLS:
        return False
    code = ord(char)
    category = unicodedata.category(char)
    if category in _HIDDEN_CATEGORIES or char in rules.BLANK_CHARACTERS or (category == "Zs" and char != " "):
        return True
    return any(low <= code <= high for low, high in rules.DEFAULT_IGNORABLE_RANGES)


# Characters that are never hidden (printable ASCII, CJK ideographs, CJK punctuation but
# for the ideographic space U+3000 and half-fill space U+303F, full-width ASCII forms and
# half-width katakana, all assigned and visible): only the others are looked at, one by one.
# (Half-width Hangul from U+FFA0 on holds a filler and unassigned code points: looked at.)
_MAYBE_HIDDEN = re.compile("[^\x20-\x7e\u3001-\u303e\u4e00-\u9fff\uff01-\uff9f]")


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


# Small capitals (ᴘᴏᴋᴇʀ) are letters of their own that NFKC leaves alone: each to its letter.
_SMALL_CAPITALS = {code: match.group(1).lower() for code in (*range(0x0250, 0x02B0), *range(0x1D00, 0x1D80),
                                                            *range(0xA720, 0xA800))
                   if (match := re.fullmatch(r"LATIN LETTER SMALL CAPITAL ([A-Z])", unicodedata.name(chr(code), "")))}


@functools.lru_cache(maxsize=1)
def _simplified() -> Any:
    """OpenCC's traditional -> simplified converter (loaded on first use)."""
    import opencc
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _traditional_spam_characters() -> re.Pattern[str]:
    """The traditional characters whose simplified form is in a spam word (體, 賭, 樂 …):
    only a text holding one of them is converted (OpenCC costs ~1 µs a string)."""
    wanted = set(re.sub(r"[\x00-\x7f]", "", rules.SPAM_SQUEEZED.pattern))
    converter = _simplified()
    found = sorted(chr(code) for code in range(0x4E00, 0xA000)
                   if chr(code) not in wanted and converter.convert(chr(code)) in wanted)
    return re.compile("[" + "".join(found) + "]")


def skeleton(text: str) -> str:
    """What a spam filter should compare: NFKC, hidden characters and combining marks dropped,
    small capitals and look-alikes mapped to Latin, traditional characters to simplified,
    case folded."""
    # (is_normalized answers in a fraction of normalize's time for the text that already is)
    normal = text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
    if _traditional_spam_characters().search(normal):
        normal = _simplified().convert(normal)
    if not _MAYBE_HIDDEN.search(normal):  # only ASCII and CJK: nothing to map or drop
        return normal.casefold()
    out = []
    for char in unicodedata.normalize("NFD", normal):
        if hidden_character(char) or char in _ALLOWED_CONTROLS or unicodedata.category(char) in ("Mn", "Me"):
            continue
        if ord(char) in _SMALL_CAPITALS:
            char = _SMALL_CAPITALS[ord(char)]
        elif not char.isascii() and char.isalpha() and _script(char) not in _NEUTRAL_SCRIPTS:
            char = _latin_twin(char)
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out)).casefold()


# Everything that is not a letter or a digit: what "separators between letters" are.
_SEPARATORS = re.compile(r"[\W_]+")


# One character of every SPAM_SQUEEZED word (tests/test_fast_paths.py holds this): the
# squeezing is skipped for the text that has none.
_SQUEEZED_HINT = re.compile("[体博赌百娱彩5]")


def spam_match(text: str) -> str | None:
    """The spam ``text`` carries, as matched on its skeleton, or None."""
    folded = skeleton(text) if not text.isascii() or not text.isprintable() else text.casefold()
    match = rules.SPAM_HINT.search(folded) and rules.ANY_SPAM.search(folded)
    if match:
        return match.group(0)
    if not _SQUEEZED_HINT.search(folded):  # no character that every squeezed word has one of
        return None
    squeezed = rules.SPAM_SQUEEZED.search(_SEPARATORS.sub("", folded))
    return squeezed.group(0) if squeezed else None


def _mentioned(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands in quotation marks (named, not used)."""
    return any(text[max(start - len(a), 0):start] == a and text[end:end + len(b)] == b
               for a, b in rules.MENTION_QUOTES)


@functools.lru_cache(maxsize=4096)
def _readings(char: str) -> frozenset[str]:
    """Every pinyin reading of one character, without tone marks (pypinyin, loaded on first use)."""
    from pypinyin import Style, pinyin
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _toneless(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn").replace("ü", "v")


_CONTAMINATION = re.compile("|".join(map(re.escape, rules.CONTAMINATION_WORDS)))


def contamination(text: str) -> tuple[int, str, str] | None:
    """(index, what was found, what to write instead) for the first contamination, or None."""
    if "(" not in text and "（" not in text and not _CONTAMINATION.search(text):
        return None
    for found in _CONTAMINATION.finditer(text):
        if not _mentioned(text, found.start(), found.end()):
            return found.start(), found.group(0), rules.CONTAMINATION_WORDS[found.group(0)]
    for found in rules.PINYIN_IN_BRACKETS.finditer(text):
        char, word = found.group(1), found.group(2)
        if _mentioned(text, found.start(), found.end()):
            continue
        if set(word) & rules.PINYIN_TONE_MARKS or _toneless(word).replace("v", "u") in {
                r.replace("v", "u") for r in _readings(char)}:
            return found.start(), found.group(0), char
    return None


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


def hidden_message(char: str, *, escapes: bool = False) -> tuple[str, str]:
    """(problem, fix) for a hidden or blank character, in the contributor's words."""
    name = f"U+{ord(char):04X}（{unicodedata.name(char, '未命名字符')}）"
    if char in rules.BLANK_CHARACTERS or unicodedata.category(char) == "Zs":
        return (f"含有显示为空白的特殊字符 {name}",
                "它看起来像空格或什么都没有，却能让名称变成看不见的链接或拆开词语：删去它"
                + ("（包括用 \\u… 转义写出的）" if escapes else "") + "；需要空格时只用普通的半角空格")
    return (f"含有不可见或控制字符 {name}",
            "这类字符（零宽字符、双向控制符、控制码等" + ("，包括用 \\u… 转义写出的" if escapes else "")
            + "）会隐藏或颠倒文字：删去后重新输入这段文字")


def problems(text: str, file: str, line: int, column: int) -> list[Problem]:
    """Every problem with one parsed string (a key or a value) of a data file."""
    out: list[Problem] = []
    positions = hidden_positions(text)
    if positions:
        out.append(Problem(file, line, column, *hidden_message(text[positions[0]], escapes=True)))
    spam = spam_match(text)
    if spam:
        out.append(Problem(file, line, column,
            f"含有垃圾广告文字“{spam}”（按规范化后的写法比对：去掉了分隔符、小型大写字母、繁体等伪装）",
            "这是抓取网页时混入的博彩广告，不是原文：删去它，按 shared/sources/README.md 的还原表写回原词"))
    dirty = contamination(text) if not text.isascii() else None
    if dirty:
        _index, found, restored = dirty
        if found in rules.CONTAMINATION_WORDS:
            out.append(Problem(file, line, column,
                f"含有繁体转换网关替换进来的词“{found}”（不是原文）",
                f"改回原词“{restored}”（见 shared/sources/README.md：{found} 代替了 {restored}）；"
                f"若是在说明还原了什么，把它放进引号：“{found}”"))
        else:
            out.append(Problem(file, line, column,
                f"含有混入的括号拼音“{found}”（不是原文）",
                f"删去括号和拼音，只留“{restored}”（见 shared/sources/README.md 的还原规则）"))
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
    if not text.isascii() and (rules.FULLWIDTH_DIGITS.search(text) or contamination(text)):
        return False
    return spam_match(text) is None


# _MAYBE_HIDDEN without the newline (never hidden), which every line of a file ends with.
_MAYBE_HIDDEN_IN_LINES = re.compile(_MAYBE_HIDDEN.pattern.replace("[^", "[^\n", 1))


def any_hidden(text: str) -> bool:
    """Whether hidden_positions(text) finds anything: one look at a whole file, each distinct
    character judged once."""
    return any(hidden_character(char) for char in set(_MAYBE_HIDDEN_IN_LINES.findall(text)))
