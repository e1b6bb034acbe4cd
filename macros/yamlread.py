"""Strict YAML reading for contributor-edited data files.

PyYAML's usual loaders turn `yes` into True, `012` into 10, `2021-02-30` into an
error deep in the constructor, silently keep the last of two duplicate keys, and
expand aliases (alias bombs).  Data here is written by people who are not
programmers, so we build Python values ourselves from the parser's *events*:

* only a small, explicit set of plain scalars become non-strings (see
  ``_resolve_plain``); everything else stays a string and the schema decides;
* duplicate keys are reported with both line numbers;
* anchors, aliases and explicit tags are refused before anything is built;
* every value's position is kept so later checks can name file:line:column.

The C parser (libyaml) is used when PyYAML was built with it.  Files without any problem
(nearly all, nearly always) are read by a faster path that checks the same rules and gives
way to the full reader at the first doubt (``_read_fast``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

try:  # libyaml's event parser is several times faster than the pure-Python one.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

from . import page_safety, rules, textgate
from .problems import Problem

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_BOOL = {"true": True, "false": False}
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$")


# --- a non-programmer's common slips, each named in its message (issue 18) -----------------
# Word and Chinese input methods turn "…" into curly quotes, which YAML reads as part of the
# text: a date, number or id between them is a slip (a Chinese text may be a “quotation”).
SMART_QUOTES = frozenset("“”‘’„‟")
SMART_QUOTED = re.compile(r"^[“”‘’„‟]\s*(?P<inner>[0-9A-Za-z][0-9A-Za-z._:/-]*)\s*[“”‘’„‟]$")
# CONTRIBUTING.md: dates are written in double quotes ("2021-11-29", "2021-11").
UNQUOTED_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?$")
# A key followed by the full-width colon of a Chinese input method: `topic： policy`.
FULLWIDTH_COLON = "："
FULLWIDTH_COLON_KEY = re.compile(r"^(?P<before>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ ]*：", re.M)
# Where a double-quoted text may start: after a key's colon, a list dash, [ { or a comma.
OPENING_QUOTE = re.compile(r'(?:^|[:\-\[{,])[ ]*(")')


def _slip_in_value(value: str, file: str, where: "Position") -> list[Problem]:
    """A plain (unquoted) value that is one of the slips: curly quotes around a date, number or
    id, or a date without quotes."""
    if value[:1] in SMART_QUOTES:
        match = SMART_QUOTED.match(value)
        if match:
            return [Problem(file, where.line, where.column,
                f"{value} 两边是中文（弯）引号，YAML 不把它们当作引号，会把引号当成文字的一部分",
                f'改成英文双引号：\"{match["inner"]}\"（Word 会自动换成弯引号：请用纯文本编辑器，或关闭“智能引号”）')]
    elif UNQUOTED_DATE.match(value):
        return [Problem(file, where.line, where.column, f"日期 {value} 没有加引号",
                        f'日期要写在英文双引号里：\"{value}\"（见 CONTRIBUTING.md）')]
    return []


def _full_width_colons(text: str, file: str) -> list[Problem]:
    return [Problem(file, text.count("\n", 0, match.start()) + 1, len(match["before"]) + len(match["key"]) + 1,
                    f"字段名 `{match['key']}` 后面是全角冒号“：”，YAML 只认英文冒号",
                    f"把“：”改成英文冒号加一个空格：`{match['key']}: `（切换到英文输入法再输入冒号）")
            for match in FULLWIDTH_COLON_KEY.finditer(text)]


def _unclosed_quote(text: str, file: str, error_line: int) -> Problem | None:
    """The last line, at or above a syntax error, where a double-quoted text starts and does
    not end: a deleted closing quote makes the text run on, and the parser stops lines below."""
    found = None
    for number, line in enumerate(text.split("\n")[:error_line], start=1):
        if '"' not in line or line.lstrip().startswith("#"):
            continue
        position = 0
        while match := OPENING_QUOTE.search(line, position):
            start = match.start(1)
            end = start + 1
            while end < len(line) and line[end] != '"':
                end += 2 if line[end] == "\\" else 1
            if end >= len(line):
                found = Problem(file, number, start + 1,
                                "这一行的英文双引号不成对：从这里开始的文字没有结尾的引号，下面几行都被读成了这段文字",
                                '在这段文字的结尾补上英文双引号 "（引号要成对）')
                break
            position = end + 1
    return found


class Position(NamedTuple):
    """1-based line and column, as editors show them (a tuple: made for every value read)."""

    line: int
    column: int


@dataclass
class Document:
    """A parsed file: its value plus where each value and key stands."""

    value: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def where(self, path: Path) -> Position:
        """Position of the deepest known value on ``path`` (for error messages)."""
        for end in range(len(path), -1, -1):
            probe = path[:end]
            if end == len(path) and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
        return Position(1, 1)


class YamlError(Exception):
    """A file that cannot be read at all; carries the problems found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message if problems else "YAML error")
        self.problems = problems


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _TooLong(ValueError):
    """A number with more digits than rules.MAX_DIGITS (never converted)."""


def _resolve_plain(text: str) -> Any:
    """The only implicit types we accept; see module docstring for why."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text) or _FLOAT.match(text):
        # Bounded before converting: int() refuses >4300 digits, float() overflows to inf.
        if sum(c.isdigit() for c in text) > rules.MAX_DIGITS:
            raise _TooLong(text)
        return int(text) if _INT.match(text) else float(text)
    return text


def decode(raw: bytes, file: str) -> tuple[str, list[Problem]]:
    """Bytes to text, applying the size, encoding and BOM policies of ``rules``."""
    warnings: list[Problem] = []
    if len(raw) > rules.MAX_FILE_BYTES:
        raise YamlError([Problem(file, 1, 1,
            f"文件过大（{len(raw)} 字节，上限 {rules.MAX_FILE_BYTES} 字节）",
            "把记录拆分到多个文件，或删去误粘贴的大段内容")])
    if raw.startswith(b"\xef\xbb\xbf"):
        # Policy: a UTF-8 byte-order mark (Windows Notepad adds one) is harmless;
        # accept it, strip it, and tell the contributor.
        raw = raw[3:]
        warnings.append(Problem(file, 1, 1, "文件开头有 UTF-8 BOM（字节顺序标记），已忽略",
                                "用编辑器另存为“UTF-8（无 BOM）”即可消除此提示", warning=True))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError([Problem(file, line, column,
            f"文件不是 UTF-8 编码（第 {exc.start} 字节无法解码）",
            "请用 UTF-8 编码保存文件（不要用 GBK/GB2312）")]) from None
    ending = page_safety.line_endings(text, file)  # old-Mac CR-only: one message naming the cause
    if ending is not None:
        raise YamlError([ending])
    return text, warnings


def _check_lines(text: str, file: str) -> list[Problem]:
    """Problems the parser would report badly or not at all: tabs, hidden characters."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(file, number, indent.index("\t") + 1,
                "用 Tab 缩进", "YAML 只能用空格缩进：把行首的 Tab 换成空格（通常每级两个空格）"))
        line = line.rstrip("\r")
        if line.isascii() and line.replace("\t", " ").isprintable():
            continue
        for index in textgate.hidden_positions(line):
            problems.append(Problem(file, number, index + 1, *textgate.hidden_message(line[index])))
    return problems


def read(raw: bytes, file: str, depth: int | None = None, fast: bool = True) -> Document:
    """Parse one YAML file into a :class:`Document` or raise :class:`YamlError`.

    ``depth``: keep the positions of values and keys only on paths that short (1: the
    file's records, what a build needs for its edit links); None: of every value (what
    an error message about a field needs; the loader reads a file again for that).

    ``fast``: first try :func:`_read_fast`, which accepts only files with no problem at all
    and otherwise gives way to the full reader below, the one that words every message
    (False: the full reader only; tests compare the two)."""
    text, warnings = decode(raw, file)
    if fast:
        try:
            doc = _read_fast(text, depth)
        except (_GiveWay, _TooLong, yaml.YAMLError):
            pass
        else:
            doc.warnings = warnings
            return doc
    line_problems = _check_lines(text, file)
    if FULLWIDTH_COLON in text:
        line_problems += _full_width_colons(text, file)
    if line_problems:
        raise YamlError(sorted(line_problems, key=lambda p: (p.line, p.column)))
    doc = Document(value=None, warnings=warnings)
    try:
        doc.value = _build(yaml.parse(text, Loader=_EventLoader), doc, file, depth)
    except yaml.reader.ReaderError as exc:  # pragma: no cover - _check_lines catches these first
        raise YamlError([Problem(file, 1, 1, f"文件含有不允许的字符：{exc}", "删去这个字符")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _pos(mark) if mark else Position(1, 1)
        unclosed = _unclosed_quote(text, file, where.line)
        if unclosed is not None:
            raise YamlError([unclosed]) from None
        detail = (exc.problem or exc.context or "").strip()
        raise YamlError([Problem(file, where.line, where.column,
            f"YAML 语法错误：{detail}",
            "检查这一行及上一行：冒号后要有空格、缩进要对齐、引号要成对；文件是否被截断")]) from None
    return doc


# --- the fast reader ----------------------------------------------------------------------
#
# _build handles every event in a general loop and words every problem; at 1,000 pages
# that was ~3.4 s of CPU, most of a build's loading.  Almost every file has no problem, so
# _read_fast reads the same events (the same parser, so the same values and marks) in a
# tight recursive descent and checks the same rules, but only as yes or no: at the first
# thing that would be a problem -- or that it does not handle (anchors, tags, a second
# document, tabs or carriage returns) -- it gives way and read() starts over with the full
# reader, whose messages are therefore unchanged.  tests/test_fast_paths.py checks that
# both give the same documents and problems on every data file and the error corpora.

class _GiveWay(Exception):
    """The fast reader met a problem, or something it leaves to the full reader."""


_SCALAR = yaml.ScalarEvent
_MAPPING_START = yaml.MappingStartEvent
_MAPPING_END = yaml.MappingEndEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_SEQUENCE_END = yaml.SequenceEndEvent
_DOCUMENT_START = yaml.DocumentStartEvent
_DOCUMENT_END = yaml.DocumentEndEvent
_STREAM_START = yaml.StreamStartEvent
_STREAM_END = yaml.StreamEndEvent
# A plain scalar starting with none of these is a string (see _resolve_plain's patterns).
_MAY_BE_TYPED = frozenset("~nNtf-0123456789")


# Strings already found to pass, in any file: whether one passes depends on it alone.  Keys
# repeat in every record, and many values in every file (21,000 records: 630,000 strings,
# 46,000 different).  Bounded, for `make serve`'s long life.
_GOOD_KEYS: set[str] = set()      # plain keys: strings (not null, true, a number …) without problems
_GOOD_PLAIN: dict[str, Any] = {}  # plain values without problems -> their value
_GOOD_QUOTED: set[str] = set()    # quoted values without problems
_GOOD_LIMIT = 100_000


def _read_fast(text: str, depth: int | None) -> Document:
    """The document of a file without problems, else :class:`_GiveWay` (or a YAMLError)."""
    # What _check_lines looks for, once per file: Tab indentation (any Tab gives way) and
    # hidden characters (a carriage return is one: files with Windows line ends give way).
    if "\t" in text or textgate.any_hidden(text):
        raise _GiveWay
    if FULLWIDTH_COLON in text and FULLWIDTH_COLON_KEY.search(text):
        raise _GiveWay
    get = _EventLoader(text).get_event  # the full reader's parser
    values: dict[Path, Position] = {}
    keys: dict[Path, Position] = {}
    if len(_GOOD_PLAIN) + len(_GOOD_QUOTED) + len(_GOOD_KEYS) > _GOOD_LIMIT:
        _GOOD_PLAIN.clear(), _GOOD_QUOTED.clear(), _GOOD_KEYS.clear()
    good_keys, good_plain, good_quoted = _GOOD_KEYS, _GOOD_PLAIN, _GOOD_QUOTED
    missing = good_plain  # "not in good_plain" (no value is this dict)
    clean = textgate.clean
    max_key, max_text, max_depth = rules.MAX_KEY_CHARS, rules.MAX_STRING_CHARS, rules.MAX_DEPTH

    def plain_value(text: str) -> Any:
        """A plain scalar in a value's place, first seen: resolved and checked as in _build."""
        value = _resolve_plain(text) if not text or text[0] in _MAY_BE_TYPED else text
        if value.__class__ is str and (len(value) > max_text or not clean(value)
                                       or (value[:1] in SMART_QUOTES and SMART_QUOTED.match(value))
                                       or UNQUOTED_DATE.match(value)):
            raise _GiveWay
        if value.__class__ is float and not math.isfinite(value):  # pragma: no cover - bounded
            raise _GiveWay
        good_plain[text] = value
        return value

    def quoted_value(text: str) -> str:
        if len(text) > max_text or not clean(text):
            raise _GiveWay
        good_quoted.add(text)
        return text

    def new_key(event: Any) -> str:
        """A key first seen: a string (a plain one not null, true, a number …) without problems."""
        text = event.value
        if not event.style and (not text or text[0] in _MAY_BE_TYPED) \
                and _resolve_plain(text).__class__ is not str:
            raise _GiveWay
        if len(text) > max_key or not clean(text):
            raise _GiveWay
        if not event.style:  # a quoted key that passes may still be `true` when plain
            good_keys.add(text)
        return text

    def node(event: Any, path: Path | None, level: int) -> Any:
        """The value starting with ``event``; ``path``: where it is, if its positions are kept.
        Scalars are handled inline (most events are), the same way in both loops."""
        kind = event.__class__
        if event.anchor is not None or event.tag is not None:  # (an alias has an anchor)
            raise _GiveWay
        if kind is _SCALAR:
            text = event.value
            if event.style:
                return text if text in good_quoted else quoted_value(text)
            value = good_plain.get(text, missing)
            return plain_value(text) if value is missing else value
        if level >= max_depth:
            raise _GiveWay
        deeper = path is not None and (depth is None or len(path) < depth)
        level += 1
        if kind is _MAPPING_START:
            mapping: dict[str, Any] = {}
            while True:
                event = get()
                if event.__class__ is _SCALAR:
                    if event.anchor is not None or event.tag is not None:
                        raise _GiveWay
                    key = event.value
                    if key not in good_keys:
                        key = new_key(event)
                elif event.__class__ is _MAPPING_END:
                    return mapping
                else:
                    raise _GiveWay  # a mapping or list as a key, or an alias
                if key in mapping:
                    raise _GiveWay
                if deeper:
                    mark = event.start_mark
                    keys[path + (key,)] = Position(mark.line + 1, mark.column + 1)  # type: ignore[operator]
                event = get()
                if deeper:
                    child = path + (key,)  # type: ignore[operator]
                    mark = event.start_mark
                    values[child] = Position(mark.line + 1, mark.column + 1)
                    mapping[key] = node(event, child, level)
                elif event.__class__ is _SCALAR and event.anchor is None and event.tag is None:
                    text = event.value
                    if event.style:
                        mapping[key] = text if text in good_quoted else quoted_value(text)
                    else:
                        value = good_plain.get(text, missing)
                        mapping[key] = plain_value(text) if value is missing else value
                else:
                    mapping[key] = node(event, None, level)
        if kind is _SEQUENCE_START:
            sequence: list[Any] = []
            append = sequence.append
            while True:
                event = get()
                kind = event.__class__
                if deeper:
                    if kind is _SEQUENCE_END:
                        return sequence
                    child = path + (len(sequence),)  # type: ignore[operator]
                    mark = event.start_mark
                    values[child] = Position(mark.line + 1, mark.column + 1)
                    append(node(event, child, level))
                elif kind is _SCALAR and event.anchor is None and event.tag is None:
                    text = event.value
                    if event.style:
                        append(text if text in good_quoted else quoted_value(text))
                    else:
                        value = good_plain.get(text, missing)
                        append(plain_value(text) if value is missing else value)
                elif kind is _SEQUENCE_END:
                    return sequence
                else:
                    append(node(event, None, level))
        raise _GiveWay  # (not reached: the parser gives no other node events)

    try:
        if get().__class__ is not _STREAM_START:  # pragma: no cover - the parser always starts so
            raise _GiveWay
        event = get()
        root = None
        if event.__class__ is _DOCUMENT_START:
            event = get()
            mark = event.start_mark
            values[()] = Position(mark.line + 1, mark.column + 1)
            root = node(event, (), 0)
            if get().__class__ is not _DOCUMENT_END:  # pragma: no cover - the parser ensures it
                raise _GiveWay
            event = get()
        if event.__class__ is not _STREAM_END or get() is not None:
            raise _GiveWay  # a second document
        return Document(value=root, values=values, keys=keys)
    finally:
        # node() calls itself through its closure: a reference cycle that would keep this
        # file's parser (and its buffers) alive until the garbage collector next runs.
        node = None  # type: ignore[assignment]  # noqa: F841


def _build(events: Any, doc: Document, file: str, depth: int | None = None) -> Any:
    """Turn the parser's event stream into plain Python values, strictly."""
    stack: list[tuple[Any, Path, dict[str, Position] | None]] = []
    pending_key: list[str | None] = []
    root: Any = None
    documents = 0
    text_problems: list[Problem] = []

    def place(value: Any, position: Position, is_container: bool) -> Path | None:
        """Attach ``value`` to the current container; return its path."""
        nonlocal root
        if not stack:
            root = value
            doc.values[()] = position
            return ()
        container, path, seen = stack[-1]
        if isinstance(container, list):
            child = path + (len(container),)
            container.append(value)
            if depth is None or len(child) <= depth:
                doc.values[child] = position
            return child
        key = pending_key[-1]
        if key is None:  # this scalar is a key
            if is_container or not isinstance(value, str):
                raise YamlError([Problem(file, position.line, position.column,
                    "键（冒号左边）必须是普通文字", "把键改成英文字段名，例如 id、source")])
            assert seen is not None
            if value in seen:
                first = seen[value]
                raise YamlError([Problem(file, position.line, position.column,
                    f"重复的键 `{value}`：第 {first.line} 行和第 {position.line} 行都写了它",
                    f"一个记录里每个字段只能写一次：删除或合并第 {first.line} 行与第 {position.line} 行的 `{value}`")])
            seen[value] = position
            if depth is None or len(path) < depth:
                doc.keys[path + (value,)] = position
            pending_key[-1] = value
            return None
        child = path + (key,)
        container[key] = value
        if depth is None or len(child) <= depth:
            doc.values[child] = position
        pending_key[-1] = None
        return child

    for event in events:
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            where = _pos(event.start_mark)
            raise YamlError([Problem(file, where.line, where.column,
                "不允许使用 YAML 锚点或别名（& 和 *）",
                "把要复用的内容直接写出来；引用其他记录请写它的 id")])
        tag = getattr(event, "tag", None)
        if tag is not None and not isinstance(event, (yaml.DocumentStartEvent,)):
            implicit = getattr(event, "implicit", None)
            explicit = not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))
            if explicit:
                where = _pos(event.start_mark)
                raise YamlError([Problem(file, where.line, where.column,
                    f"不允许使用 YAML 标签 `{tag}`",
                    "删去以 ! 或 !! 开头的标签，直接写值")])
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                where = _pos(event.start_mark)
                raise YamlError([Problem(file, where.line, where.column,
                    "一个文件只能有一个 YAML 文档（出现了第二个 ---）",
                    "删去多余的 --- 分隔行，或把内容移到另一个文件")])
        elif isinstance(event, yaml.ScalarEvent):
            where = _pos(event.start_mark)
            # libyaml reports plain style as '' and PyYAML as None.
            try:
                value = _resolve_plain(event.value) if not event.style else event.value
            except _TooLong:
                raise YamlError([Problem(file, where.line, where.column,
                    f"数字位数过多（超过 {rules.MAX_DIGITS} 位）",
                    "检查是否误粘贴；数值写成不超过 15 位的阿拉伯数字")]) from None
            if isinstance(value, float) and not math.isfinite(value):  # pragma: no cover - bounded above
                raise YamlError([Problem(file, where.line, where.column, "数值不是有限的数",
                                         "写一个普通的数字")])
            if isinstance(value, str):
                is_key = bool(stack) and isinstance(stack[-1][0], dict) and pending_key[-1] is None
                limit = rules.MAX_KEY_CHARS if is_key else rules.MAX_STRING_CHARS
                if len(value) > limit:
                    text_problems.append(Problem(file, where.line, where.column,
                        f"{'键' if is_key else '文字'}过长（{len(value)} 个字符，上限 {limit}）",
                        "键写英文字段名；文字只写一句陈述或一个名称，不要粘贴大段原文"))
                    value = value[:limit]
                text_problems.extend(textgate.problems(value, file, where.line, where.column))
                if not event.style and not is_key:
                    text_problems.extend(_slip_in_value(value, file, where))
            place(value, where, False)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            where = _pos(event.start_mark)
            if len(stack) >= rules.MAX_DEPTH:
                raise YamlError([Problem(file, where.line, where.column,
                    f"嵌套层数过多（超过 {rules.MAX_DEPTH} 层）",
                    "数据记录最多几层：检查缩进和括号是否成对，不要把列表套在列表里")])
            is_map = isinstance(event, yaml.MappingStartEvent)
            value: Any = {} if is_map else []
            path = place(value, where, True)
            assert path is not None
            stack.append((value, path, {} if is_map else None))
            pending_key.append(None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            pending_key.pop()
    if text_problems:
        raise YamlError(text_problems)
    return root
