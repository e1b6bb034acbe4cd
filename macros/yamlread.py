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

The C parser (libyaml) is used when PyYAML was built with it.
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

from . import rules, textgate
from .problems import Problem

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_BOOL = {"true": True, "false": False}
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$")


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
            problems.append(Problem(file, number, index + 1,
                    f"含有不可见的控制字符 U+{ord(line[index]):04X}",
                    "这类字符（零宽字符、双向控制符等）会隐藏或颠倒文字：删去后重新输入这段文字"))
    return problems


def read(raw: bytes, file: str, depth: int | None = None) -> Document:
    """Parse one YAML file into a :class:`Document` or raise :class:`YamlError`.

    ``depth``: keep the positions of values and keys only on paths that short (1: the
    file's records, what a build needs for its edit links); None: of every value (what
    an error message about a field needs; the loader reads a file again for that)."""
    text, warnings = decode(raw, file)
    line_problems = _check_lines(text, file)
    if line_problems:
        raise YamlError(line_problems)
    doc = Document(value=None, warnings=warnings)
    try:
        doc.value = _build(yaml.parse(text, Loader=_EventLoader), doc, file, depth)
    except yaml.reader.ReaderError as exc:  # pragma: no cover - _check_lines catches these first
        raise YamlError([Problem(file, 1, 1, f"文件含有不允许的字符：{exc}", "删去这个字符")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _pos(mark) if mark else Position(1, 1)
        detail = (exc.problem or exc.context or "").strip()
        raise YamlError([Problem(file, where.line, where.column,
            f"YAML 语法错误：{detail}",
            "检查这一行及上一行：冒号后要有空格、缩进要对齐、引号要成对；文件是否被截断")]) from None
    return doc


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
