"""The loader's fast paths answer exactly as the full checks do (issue 14, loader speed).

SPAM_HINT is a necessary condition of ANY_SPAM: the text gate looks for spam only where the
hint finds something."""

from __future__ import annotations

import re
from re import _parser as sre_parse

import pytest

from macros import rules, textgate


def _alternatives(parsed):
    if len(parsed) == 1 and parsed[0][0] == sre_parse.BRANCH:
        return parsed[0][1][1]
    return [parsed]


def _literal_runs(items) -> list[str]:
    runs, current = [], ""
    for op, argument in items:
        if op == sre_parse.LITERAL:
            current += chr(argument)
        else:
            runs.append(current)
            current = ""
    return [*runs, current]


def _dot_then_letter(items) -> bool:
    """A literal dot followed by a literal letter, or by a group whose every branch starts so."""
    for (op, argument), (next_op, next_argument) in zip(items, items[1:]):
        if (op, argument) != (sre_parse.LITERAL, ord(".")):
            continue
        if next_op == sre_parse.LITERAL and chr(next_argument).isalpha():
            return True
        if next_op == sre_parse.BRANCH and all(
                branch and branch[0][0] == sre_parse.LITERAL and chr(branch[0][1]).isalpha()
                for branch in next_argument[1]):
            return True
    return False


def test_spam_hint_is_in_every_match_of_every_spam_pattern():
    """Structurally: every branch of every spam pattern contains one of the hint's words, or
    a dot and a letter (what ``\\.[^\\W\\d]`` looks for)."""
    *words, dot = rules.SPAM_HINT.pattern.split("|")
    assert dot == r"\.[^\W\d]"
    for pattern in rules.SPAM_PATTERNS:
        for branch in _alternatives(sre_parse.parse(pattern.pattern, pattern.flags)):
            branch = list(branch)
            if len(branch) == 1 and branch[0][0] == sre_parse.SUBPATTERN:
                branch = list(branch[0][1][3])
            runs = _literal_runs(branch)
            assert any(word in run for word in words for run in runs) or _dot_then_letter(branch), \
                f"{pattern.pattern}: add a word of it to rules.SPAM_HINT"


def test_spam_hint_words_have_no_case_forms_and_letters_only_letter_ones():
    """Why the hint may be matched with case: only the letter after the dot has case forms
    (the spam patterns ignore case), and any character equal to a letter ignoring case is a
    letter, which ``[^\\W\\d]`` accepts."""
    *words, _ = rules.SPAM_HINT.pattern.split("|")
    word_chars = sorted(set("".join(words)))
    same_as_word_char = re.compile("(?i:" + "|".join(map(re.escape, word_chars)) + ")")
    same_as_letter = re.compile("(?i:" + "|".join("abcdefghijklmnopqrstuvwxyz") + ")")
    letter = re.compile(r"[^\W\d]")
    for code in range(0x110000):
        char = chr(code)
        if same_as_word_char.fullmatch(char):
            assert char in word_chars, f"U+{code:04X}"
        if same_as_letter.fullmatch(char):
            assert letter.fullmatch(char), f"U+{code:04X}"


@pytest.mark.parametrize("spam", ["bet体育365官网:质量报", "365体育投注", "欢迎访问 bet365.com", "BET 365",
                                  "手机版APP下载", "casino-royal.vip", "CASINO-ROYAL.VIP", "ｂｅｔ体育",
                                  "b\u0435t体育", "3６5体育", "体育\u3000投注", "caſino.com",
                                  "百家乐", "彩票投注", "bet\u200b体育"])
def test_spam_hint_lets_every_known_variant_through(spam):
    skeleton = textgate.skeleton(spam)
    assert rules.ANY_SPAM.search(skeleton) and rules.SPAM_HINT.search(skeleton)
    assert textgate.problems(spam, "", 1, 1)
