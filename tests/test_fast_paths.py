"""The loader's fast paths answer exactly as the full checks do (issue 14, loader speed).

yamlread._read_fast accepts only files without any problem and gives way to the full reader
otherwise; textgate.clean says whether textgate.problems would find anything; SPAM_HINT is
a necessary condition of ANY_SPAM.  The conftest fixture ``fast_reader_agrees`` compares the
two readers on every file the other tests read (the whole error corpus); these tests add the
YAML corners a contributor's file rarely has, and check that the fast path is really taken."""

from __future__ import annotations

import re
from pathlib import Path
from re import _parser as sre_parse

import pytest

from macros import rules, textgate, yamlread

from conftest import ROOT, read_outcome

DATA_FILES = sorted((ROOT / "data").rglob("*.yml"))
FACTS = (ROOT / "data" / "facts" / "governance.yml").read_text(encoding="utf-8")
NEW_FACT = """\
- id: new-fact
  theme: governance
  topic: policy
  statement:
    zh: 一条新的事实。
  reviewed: {date: "2026-11-25", by: 编辑组}
"""

# Whole files, and pieces put into a record of a real file: every construct the fast reader
# gives way at, its neighbours that it accepts, and what the text gate looks for.
CORNERS = [
    "", "# only a comment\n", "---\n", "---\n...\n", "--- \n- a\n", "%YAML 1.1\n---\n- a\n",
    "- a\n---\n- b\n", "- a\n...\n---\n- b\n", "- a\n...\n# end\n", "a: 1\n", "plain\n",
    "[a, {b: c}]\n", "{a: [1, 2.5, true, null, ~]}\n",
    "- &x a\n- *x\n", "- *x\n", "- &x {a: 1}\n", "a: &x\n  b: 1\n", "&x a: 1\n", "- !!str 1\n",
    "- ! a\n", "- ! 'a'\n", "- ! {a: 1}\n", "- ! [a]\n", "- !foo [a]\n", "- !!map {a: 1}\n",
    "- !<tag:yaml.org,2002:str> x\n", "%TAG !e! tag:example.com,2000:\n---\n- !e!x a\n",
    "- a: 1\n  a: 2\n", "- {a: 1, a: 2}\n", "- {a: {b: 1, b: 2}}\n", "- a: 1\n  'a': 2\n",
    "- 1: x\n", "- true: x\n", "- null: x\n", "- ~: x\n", "- : x\n", "- '1': x\n",
    "- \"true\": x\n", "- 'null': x\n", "- [a]: x\n", "- {a: b}: x\n", "- ? [a]\n  : x\n",
    "- ? a\n  : x\n", "- 12a: x\n", "- -a: x\n", "- f: x\n", "- n: x\n",
    "- \tx\n", "\t- x\n", "- a\tb\n", "- 'a\tb'\n", "- \"a\\tb\"\n", "- a\r\n- b\r\n",
    "- a\rb\n", "- a\r\r\n", "- a\r",
    "- \"a\\u200bb\"\n", "- a\u200bb\n", "# \u202e comment\n- a\n", "- \"\\0\"\n", "- \"\\e\"\n",
    "- \"\\x85\"\n", "- \"\\N\"\n", "- \"\\L\"\n", "- \"\\_\"\n", "- a\u2028b\n", "- \"\\uFFA0\"\n",
    "- \"\\U000E0041\"\n", "- \"a\\\n  b\"\n", "- \"\\n\"\n", "- 'it''s'\n",
    "- " + "x" * 2001 + "\n", "- " + "x" * 2000 + "\n", "- '" + "x" * 2001 + "'\n",
    "- " + "k" * 41 + ": v\n", "- " + "k" * 40 + ": v\n", "- '" + "k" * 41 + "': v\n",
    "- 1234567890123456\n", "- 123456789012345\n", "- -0.5\n", "- 012\n", "- 1.5e3\n",
    "- 0x1F\n", "- .inf\n", "- yes\n", "- True\n", "- Null\n", "- NULL\n", "- ~\n", "- -\n",
    "- '-'\n", "- -1\n", "- 0\n", "- 0.0\n", "- 1.\n", "- '12'\n", "- 1_000\n",
    "- 9999999999999999.5\n", "- -\n  - a\n",
    "[" * 8 + "]" * 8 + "\n", "[" * 9 + "]" * 9 + "\n", "[" * 20000 + "]" * 20000 + "\n",
    "".join("  " * level + "- \n" for level in range(7)) + "  " * 7 + "- x\n",
    "".join("  " * level + "- \n" for level in range(9)) + "  " * 9 + "- x\n",
    "- bet体育\n", "- \"b\\u0435t体育\"\n", "- ｂｅｔ体育\n", "- 3６5体育\n", "- 体育\u3000投注\n",
    "- casino-royal.vip\n", "- CASINO-royal.VIP\n", "- BET365\n", "- 欢迎访问 bet365.com\n",
    "- {bet体育: 1}\n", "- 手机版APP下载\n", "- \"bet\\u200b体育\"\n", "- bet\n  体育\n",
    "- 投注体育\n", "- 365 体育\n", "- bet.com\n", "- poker．ｃｏｍ\n", "- 娱乐城\n",
    "- １２３\n", "- Вureau\n", "- Bureau Веритас\n", "- 中文\u00a0空格\n", "- “引号”——破折号…\n",
    "- a\n  b\n\n  c\n", "- |\n  a\n  b\n", "- >\n  a\n\n  b\n", "- |\n  \u200b\n", "- |-\n  x\n",
    "- [a\n", "a: b: c\n", "- \"a\n", "- a\n b: c\n", "- 'a\n", "- {a: 1\n", "- a\n- : :\n",
    "- \"\\ud800\"\n", "- \"\\x\"\n",
]


def _cases():
    for number, corner in enumerate(CORNERS):
        yield f"corner-{number}", corner.encode("utf-8")
        # the same inside a real file: at the end, and as a record's field
        yield f"appended-{number}", (FACTS + corner).encode("utf-8")
        field = corner.replace("\n", "\n    ").rstrip(" ")
        yield f"field-{number}", (FACTS + NEW_FACT + "  extra:\n    " + field).encode("utf-8")
    yield "bom", b"\xef\xbb\xbf" + FACTS.encode("utf-8")
    yield "not-utf8", FACTS.encode("utf-8") + "- 一\n".encode("gbk")
    yield "too-big", FACTS.encode("utf-8") + b"# " + b"x" * rules.MAX_FILE_BYTES + b"\n"


CASES = dict(_cases())

# yamlread.read as it is, taken before conftest's autouse fast_reader_agrees wraps it: that
# wrapper reads every file both ways and compares, which is what these tests do themselves,
# so through it each case was read six times instead of two (45 s of the suite's time).
# textgate.clean stays wrapped: every string of the corners is still checked against
# textgate.problems.
READ = yamlread.read


@pytest.mark.parametrize("depth", [None, 1, 2])
def test_the_fast_reader_agrees_with_the_full_one_on_yaml_corners(depth):
    differ = [name for name, raw in CASES.items()
              if read_outcome(raw, f"data/{name}.yml", depth, True, READ)
              != read_outcome(raw, f"data/{name}.yml", depth, False, READ)]
    assert differ == []


def test_the_corners_reach_both_ends():
    """The corpus above is not all accepted or all refused: it exercises both paths."""
    outcomes = [read_outcome(raw, "x.yml", 1, False, READ)[0] for raw in CASES.values()]
    assert outcomes.count("problems") > 100 and outcomes.count("document") > 100


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_real_data_takes_the_fast_path(path):
    """Each data file is read by the fast reader (had it given way, the build would be as
    slow as before) and gives exactly what the full reader gives."""
    raw = path.read_bytes()
    text, _ = yamlread.decode(raw, path.name)
    yamlread._read_fast(text, 1)  # raises _GiveWay if it would not take this file
    for depth in (None, 1):
        assert read_outcome(raw, path.name, depth, True, READ) == read_outcome(raw, path.name, depth, False, READ)


# --- the text gate ------------------------------------------------------------------------


def _code_points():
    """Every BMP code point, and the supplementary ranges that hold hidden characters."""
    yield from range(0x10000)
    yield from range(0x1BCA0, 0x1BCB0)
    yield from range(0x1D170, 0x1D180)
    yield from range(0xE0000, 0xE0080)
    yield from range(0xF0000, 0xF0010)
    yield from range(0x10000, 0x110000, 997)


@pytest.mark.parametrize("template", ["{}", "标准{}化", "a{}b", "bet{}体育", "体育{}"])
def test_clean_agrees_with_problems_on_every_character(template):
    wrong = []
    for code in _code_points():
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = template.format(chr(code))
        if textgate.clean(text) != (not textgate.problems(text, "", 0, 0)):
            wrong.append(f"U+{code:04X}")
    assert wrong == []


def test_any_hidden_agrees_with_hidden_positions_on_every_character():
    wrong = [f"U+{code:04X}" for code in _code_points() if not 0xD800 <= code <= 0xDFFF
             and textgate.any_hidden(f"- a\n  {chr(code)}\n") != bool(textgate.hidden_positions(f"  {chr(code)}"))]
    assert wrong == []


def test_clean_agrees_with_problems_on_every_string_of_the_data():
    strings = set()

    def collect(value):
        if isinstance(value, str):
            strings.add(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                strings.add(key)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for path in DATA_FILES:
        collect(yamlread.read(path.read_bytes(), path.name, fast=False).value)
    variants = {s.upper() for s in strings} | {s.replace("，", "bet体育") for s in strings}
    assert len(strings) > 500
    assert [s for s in strings | variants if textgate.clean(s) != (not textgate.problems(s, "", 0, 0))] == []


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
    assert not textgate.clean(spam)


# --- the loader's cross-file checks: the common case is skipped cheaply, the rest reported --


@pytest.fixture
def data(tmp_path) -> Path:
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def _reported(data: Path) -> list[str]:
    from macros import loader
    return [str(p) for p in loader.validate(data).problems]


@pytest.mark.parametrize("organisation, message", [
    ("china-quality-news-x", "`roles.organisation` 引用了不存在的 id `china-quality-news-x`"),
    ("tong-mingbiao", "`roles.organisation` 引用的 `tong-mingbiao` 是person，这里需要organisation"),
])
def test_a_role_pointing_nowhere_or_at_a_person_is_still_reported(data, organisation, message):
    path = data / "people.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      organisation: china-quality-news\n",
                                 f"      organisation: {organisation}\n", 1), encoding="utf-8")
    line = text[: text.index("      organisation: china-quality-news\n")].count("\n") + 1
    assert [p.split(": ", 1)[1].split(" —")[0] for p in _reported(data)] == [message]
    assert _reported(data)[0].startswith(f"data/people.yml:{line}:")


def test_a_wrong_id_in_a_list_of_references_and_sources_is_still_reported(data):
    path = data / "facts" / "governance.yml"
    text = path.read_text(encoding="utf-8")
    mentions = "  mentions: [anhui-government, implementation-opinions]\n"
    source = "  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n"
    line = text[: text.index(mentions)].count("\n") + 1
    source_line = text[: text.index(source)].count("\n") + 1
    text = text.replace(mentions, "  mentions: [anhui-government, cqn-2021-11-29, no-such-record]\n", 1)
    text = text.replace(source, "  source:\n    - {id: cqn-2021-11-29, section: fengxiangbiao}\n"
                                "    - {id: cqn-2021-11-29, section: no-such-section}\n", 1)
    path.write_text(text, encoding="utf-8")
    found = [p for p in _reported(data) if p.startswith("data/facts/governance.yml:")]
    assert len(found) == 3, found
    assert found[0].startswith(f"data/facts/governance.yml:{line}:") and "引用的 `cqn-2021-11-29` 是source" in found[0]
    assert found[1].startswith(f"data/facts/governance.yml:{line}:") and "不存在的 id `no-such-record`" in found[1]
    assert found[2].startswith(f"data/facts/governance.yml:{source_line + 2}:") and "`no-such-section`" in found[2]


def test_validate_gives_the_garbage_collector_back_as_it_found_it(data, monkeypatch):
    import gc

    from macros import loader
    assert gc.isenabled()
    loader.validate(data)
    assert gc.isenabled()
    monkeypatch.setattr(loader, "_link", lambda *args: 1 / 0)  # an error no check foresaw
    loader.validate(data)  # (becomes a problem, as before)
    assert gc.isenabled()
    real = loader._validate
    monkeypatch.setattr(loader, "_validate", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        loader.validate(data)
    assert gc.isenabled()
    monkeypatch.setattr(loader, "_validate", real)
    gc.disable()
    try:
        loader.validate(data)
        assert not gc.isenabled()
    finally:
        gc.enable()
