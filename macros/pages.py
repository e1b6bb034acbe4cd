"""The page grammar: what a page in docs/ may contain, checked before anything renders.

mkdocs-macros has no sandbox: a Jinja expression in a rendered page runs Python
during the build.  Policy: a page is Markdown plus *calls of known macros with
literal arguments*, one per ``{{ … }}``:

    {{ facts("governance", "policy") }}

Nothing else that Jinja would read is allowed: no ``{% … %}`` statements, no
``{# … #}`` comments, no variables, attributes, filters, operators or nested
calls, and arguments are quoted ids (lowercase letters, digits, hyphens).  A page
that passes this check cannot run anything but the registered macros, whatever
its front matter says.  The check runs in the build itself (``hooks/macros_entry.py``,
before the first page renders, and again on each page just before it renders)
and in ``make check``.

Symlinks are refused in docs/ and data/: MkDocs copies the file a link points
to into the site (a system file would be published).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from . import page_safety, textgate
from .problems import Problem

# MkDocs treats files with these suffixes as pages (mkdocs.utils.markdown_extensions);
# a test keeps the two in step.  Every one of them is checked.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

# Other text files the build copies into the site: they pass the hidden-character
# part of the text gate (a bidi control in a script is "Trojan Source").
TEXT_SUFFIXES = (".css", ".js", ".mjs", ".json", ".html", ".htm", ".svg", ".txt", ".xml", ".yml", ".yaml", ".csv")

# Jinja's default start strings: any of them outside a valid call is refused.
JINJA_STARTS = ("{{", "{%", "{#")

# The macros a page may call and what each argument names (see hooks/macros_entry.py).
# A trailing "?" marks an optional argument.
MACROS: dict[str, tuple[str, ...]] = {
    "facts": ("theme", "topic"),
    "data_note": ("theme",),
    "key_figures": ("theme?",),
    "theme_cards": (),
    "source_list": (),
    "fact_count": (),
    "timeline": (),
    "targets": (),
    "context": ("context",),
    "entity_index": ("entity_kind",),
    "glossary": (),
    "glossary_data": (),
    "downloads": (),
    "how_to_cite": (),
    "snapshot_note": (),
    "corrections": (),
    "notes": ("theme",),
    # Inside a sentence: a fact (its statement, anchor and note) or a fact's figure.
    "fact": ("fact",),
    "figure": ("fact",),
    "based_on": ("theme",),
}
# Named arguments a macro accepts, each a small whole number (how many cards to show or skip).
KEYWORDS: dict[str, frozenset[str]] = {"key_figures": frozenset({"top", "skip"})}
MAX_COUNT = 99

# A literal argument: a quoted id.  Nothing Jinja and Python could read differently.
ARGUMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_BLOCK = re.compile(r"\{\{(.*?)\}\}")

_FIX_CALL = ("页面里只能写已登记的宏调用，参数是带引号的 id，例如 {{ facts(\"governance\", \"policy\") }}；"
             "可用的宏：" + ", ".join(MACROS) + "。页面文字以外的内容请改数据文件")


@dataclass(frozen=True)
class Call:
    """One macro call on a page, and where it stands."""

    file: str
    line: int
    column: int
    name: str
    args: tuple[str, ...]
    keywords: tuple[tuple[str, int], ...] = ()
    span: tuple[int, int] = (0, 0)    # where ``{{ … }}`` stands in the checked text


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parse_call(inner: str) -> tuple[str, tuple[str, ...], tuple[tuple[str, int], ...]] | str:
    """(name, args, keywords) of a valid call, or the reason it is not one (in Chinese)."""
    if "\\" in inner or "\n" in inner:
        return "宏调用里不能有反斜杠或换行"
    try:
        tree = ast.parse(inner.strip(), mode="eval").body
    except SyntaxError:
        return "不是一个宏调用"
    if not isinstance(tree, ast.Call) or not isinstance(tree.func, ast.Name):
        return "只能调用宏，不能写变量、属性、过滤器或运算"
    name = tree.func.id
    if name not in MACROS:
        return f"`{name}` 不是已登记的宏"
    for keyword in tree.keywords:
        if keyword.arg not in KEYWORDS.get(name, ()):
            return (f"`{name}` 没有名为 {keyword.arg} 的参数" if keyword.arg else "参数不能这样展开")
        value = keyword.value
        if not (isinstance(value, ast.Constant) and type(value.value) is int and 0 <= value.value <= MAX_COUNT):
            return f"{keyword.arg}= 后面只能写 0 到 {MAX_COUNT} 的整数"
    args = []
    for arg in tree.args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and ARGUMENT.match(arg.value)):
            return "参数只能是带引号的 id（小写英文字母、数字和连字符）"
        args.append(arg.value)
    expected = MACROS[name]
    required = [a for a in expected if not a.endswith("?")]
    if not len(required) <= len(args) <= len(expected):
        want = "、".join(a.rstrip("?") for a in expected) or "无参数"
        return f"`{name}` 的参数个数不对（应为：{want}）"
    return name, tuple(args), tuple((k.arg, k.value.value) for k in tree.keywords)  # type: ignore[attr-defined]


def gate_lines(text: str, file: str, *, whole: bool) -> list[Problem]:
    """The text gate, line by line: hidden characters always; with ``whole`` (pages),
    also look-alike words.  (Not the spam words: the methods page names the spam it removed.)"""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.isascii() and line.replace("\t", " ").isprintable():
            continue
        hidden = next(iter(textgate.hidden_positions(line)), None)
        if hidden is not None:
            problems.append(Problem(file, number, hidden + 1, *textgate.hidden_message(line[hidden])))
        elif whole and textgate.mixed_script_word(line):
            word = textgate.mixed_script_word(line)
            problems.append(Problem(file, number, line.index(word) + 1 if word in line else 1,
                f"词“{word}”混用了不同文字的字母，其中有外形相同的仿冒字母",
                "用英文输入法重新输入这个词"))
    return problems


def check_text(text: str, file: str) -> tuple[list[Call], list[Problem]]:
    """The calls in one page and the problems with it (grammar and text gate)."""
    calls: list[Call] = []
    problems: list[Problem] = gate_lines(text, file, whole=True)
    taken: list[tuple[int, int]] = []
    for match in _BLOCK.finditer(text):
        line, column = _position(text, match.start())
        parsed = _parse_call(match.group(1))
        if isinstance(parsed, str):
            problems.append(Problem(file, line, column, f"页面模板语法不允许：{parsed}（{match.group(0)[:60]}）",
                                    _FIX_CALL))
        else:
            calls.append(Call(file, line, column, *parsed, span=match.span()))
        taken.append(match.span())
    rest = text
    for start, end in reversed(taken):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    for start_string in JINJA_STARTS:
        for found in re.finditer(re.escape(start_string), rest):
            line, column = _position(rest, found.start())
            problems.append(Problem(file, line, column,
                f"页面含有模板符号 `{start_string}`，但不是一个完整的宏调用",
                "删去它；只允许 {{ 宏名(\"id\", …) }} 这一种写法，不能用 {% %} 或 {# #}"
                "（Markdown 的标题锚点请写成 {: #锚点 }）"))
    return calls, problems


def expand(text: str, calls: list[Call], macros: Mapping[str, Callable[..., Any]]) -> str:
    """``text`` with each call (as check_text found it there) replaced by what its macro
    returns: what Jinja would render, for a page whose only template syntax is such calls.
    Used only while the macros return placeholders (macros/stash.py), so that nothing a
    macro returns is read as template source (issue 14: compiling each page as a Jinja
    template took 1.8 ms a page; the text left has no template syntax: 0.4 ms)."""
    out, done = [], 0
    for call in calls:
        start, end = call.span
        out.append(text[done:start])
        out.append(str(macros[call.name](*call.args, **dict(call.keywords))))
        done = end
    out.append(text[done:])
    return "".join(out)


def symlinks(root: Path, shown: str) -> list[Problem]:
    """Every symbolic link under ``root`` (files and folders), without following any."""
    out = []
    if root.is_symlink():
        return [Problem(f"{shown}/", 1, 1, f"{shown}/ 本身是符号链接", "把它换成真实的文件夹")]
    for folder, dirs, names in os.walk(root, followlinks=False):
        for name in sorted(dirs + names):
            path = Path(folder) / name
            if path.is_symlink():
                relative = f"{shown}/{path.relative_to(root).as_posix()}"
                out.append(Problem(relative, 1, 1, "不允许符号链接（symlink）",
                    "删去这个链接，把需要的内容作为普通文件提交：构建会把链接指向的文件原样发布"))
    return out


def _files(docs_dir: Path, suffixes) -> list[Path]:
    """Files under ``docs_dir`` with one of ``suffixes``, symlinks excluded (reported separately)."""
    out = []
    for folder, _dirs, names in os.walk(docs_dir, followlinks=False):
        for name in names:
            path = Path(folder) / name
            if path.suffix.lower() in suffixes and not path.is_symlink():
                out.append(path)
    return sorted(out)


def page_files(docs_dir: Path) -> list[Path]:
    """Every file MkDocs would treat as a page."""
    return _files(docs_dir, PAGE_SUFFIXES)


# file -> (text, its calls and problems): make serve checks the pages again on every rebuild.
_CHECKED: dict[str, tuple[str, tuple[list[Call], list[Problem]]]] = {}


def check_docs(docs_dir: Path) -> tuple[list[Call], list[Problem]]:
    """Calls and problems for every page under ``docs_dir`` (shown as ``docs/…``)."""
    docs_dir = Path(docs_dir)
    shown = docs_dir.name
    calls: list[Call] = []
    problems = symlinks(docs_dir, shown)
    for path in page_files(docs_dir):
        file = f"{shown}/{path.relative_to(docs_dir).as_posix()}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(file, 1, 1, f"页面无法读取（{type(error).__name__}）",
                                    "用 UTF-8 编码保存页面"))
            continue
        cached = _CHECKED.get(file)
        if cached is None or cached[0] != text:
            # What Markdown would let through (raw HTML, links, front matter: macros/page_safety.py);
            # a file with old-Mac line endings gets that one message, not one per "line 1" problem.
            safety = page_safety.check_page(text, file)
            grammar = check_text(text, file) if page_safety.line_endings(text, file) is None else ([], [])
            cached = _CHECKED[file] = (text, (grammar[0], grammar[1] + safety))
        page_calls, page_problems = cached[1]
        calls.extend(page_calls)
        problems.extend(page_problems)
    problems.extend(page_safety.static_problems(docs_dir, PAGE_SUFFIXES))
    for path in text_files(docs_dir):
        file = f"{shown}/{path.relative_to(docs_dir).as_posix()}"
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(Problem(file, 1, 1, f"文件不是 UTF-8 编码（第 {error.start} 字节无法解码）",
                                    "请用 UTF-8 编码保存文件"))
            continue
        problems.extend(gate_lines(text, file, whole=False))
    return calls, sorted(problems)


def text_files(docs_dir: Path) -> list[Path]:
    """Every other text file the build copies (styles, scripts, schema files …)."""
    return _files(docs_dir, TEXT_SUFFIXES)
