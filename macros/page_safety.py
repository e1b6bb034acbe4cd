"""What a page may carry besides text and macro calls: no active content (issue 21.1).

Python-Markdown passes raw HTML through, the ``attr_list`` extension puts any attribute
on an element, links may name any scheme, and the theme writes some front-matter values
into ``<head>`` as they are.  A page is therefore checked, before anything renders, for:

* raw HTML: only the elements and attributes of ``ALLOWED_ELEMENTS`` / ``ALLOWED_ATTRIBUTES``
  (what the report's own pages use for labels and language spans), no comments or
  processing instructions;
* attribute lists (``{: .qa-own }``): ids, classes and ``lang`` only;
* links and images: ``http(s)``, ``mailto:`` and relative addresses; images only from the
  site itself (no request to any outside host);
* front matter: only ``FRONT_MATTER_KEYS``, each value a short text or a known form,
  through the text gate;
* line endings: a file with old-Mac (CR-only) line endings is named as such, not as
  dozens of problems on "line 1".

Static files under docs/ must be of a known kind in a known folder (``STATIC_FILES``):
the build publishes them as they are, from the site's own address.

Kept apart from macros/pages.py (the page grammar for macro calls) on purpose: this is
about what Markdown lets through, that is about what Jinja would read.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from . import front_matter, textgate
from .problems import Problem

# Elements a page may write as raw HTML, and the attributes each may carry.  The pages use
# <span class="qa-own__label"> (the site's own words) and <span lang="…">; the rest are
# inline text formatting with no behaviour.  No element here loads, runs or embeds anything.
ALLOWED_ELEMENTS = frozenset({
    "span", "div", "p", "br", "wbr", "hr", "em", "strong", "b", "i", "u", "s", "small", "mark",
    "sub", "sup", "abbr", "dfn", "cite", "q", "code", "kbd", "ins", "del", "ruby", "rt", "rp",
    "figure", "figcaption", "details", "summary",
})
ALLOWED_ATTRIBUTES = frozenset({"class", "id", "lang", "title", "markdown"})

# What each allowed attribute's value may look like.
ATTRIBUTE_VALUES = {
    "class": re.compile(r"^[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*$"),
    "id": re.compile(r"^[A-Za-z0-9_-]+$"),
    "lang": re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"),
    "markdown": re.compile(r"^(?:1|block|span)$"),
    "title": re.compile(r"^[^<>\"'`&]*$"),
}

# Link schemes a reader may follow; everything else (javascript:, data:, vbscript:, file: …)
# is refused.  Images come from the site only: no scheme at all.
LINK_SCHEMES = ("http", "https", "mailto")

# Front-matter keys a page may set.  ``template``, ``icon`` and the like would make the theme
# read other files; a new key needs a maintainer to add it here.
FRONT_MATTER_KEYS = ("title", "description", "render_macros", "hide", "subtitle")
# What ``hide:`` may list (Material's parts of a page).
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")
MAX_FRONT_MATTER_CHARS = 300

# Files other than pages that docs/ may hold: folder (relative to docs/) -> suffixes.
STATIC_FILES = {
    "assets": (".css", ".js"),
    "assets/search": (".js",),
    "schema": (".json",),
}

_FIX_HTML = ("页面里只能用少数几种不带行为的 HTML 标签（" + "、".join(sorted(ALLOWED_ELEMENTS)) + "），属性只能是 "
             + "、".join(sorted(ALLOWED_ATTRIBUTES)) + "；要显示尖括号请写 &lt;，要加样式请用 {: .类名 }")

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
# Anything Python-Markdown could read as raw HTML or an autolink: "<" then a letter, "/", "!" or "?".
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*"
                  r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>")
_ATTRIBUTE = re.compile(r"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
# The whole destination up to the closing parenthesis: browsers drop tabs and newlines inside
# an address ("java\tscript:" is javascript:), so blanks are removed before the scheme is read.
_INLINE_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)>]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\n>]*)", re.M)
_ATTR_LIST = re.compile(r"(?<!\{)\{(?!\{)\s*:?([^{}\n]*)\}(?!\})")
_YAML_BLOCK = front_matter.YAML_BLOCK
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ASCII_BLANKS = re.compile(r"[\x00-\x20\x7f]+")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _blank_code(text: str) -> str:
    """``text`` with fenced code blocks and code spans replaced by spaces (positions kept):
    Markdown shows what is in them as text."""
    lines = text.split("\n")
    fence = None
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * len(opened.group(1))
            lines[index] = " " * len(line)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            lines[index] = " " * len(line)
        else:
            lines[index] = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


def line_endings(text: str, file: str) -> Problem | None:
    """A file whose lines end in a lone CR (old Mac), named as what it is."""
    if re.search(r"\r(?!\n)", text):
        return Problem(file, 1, 1, "文件的换行符是旧式 Mac 的 CR（只有回车，没有换行），整个文件会被读成一行",
                       "在编辑器里把“行尾序列/换行符”改成 LF（Unix）后保存；VS Code 右下角点 CR 改为 LF")
    return None


def _scheme(address: str) -> str | None:
    """The scheme a browser would see in ``address`` (entities decoded, blanks dropped)."""
    cleaned = _ASCII_BLANKS.sub("", html.unescape(address))
    found = _SCHEME.match(cleaned)
    return found.group(1).lower() if found else None


def _link_problem(address: str, image: bool) -> str | None:
    scheme = _scheme(address)
    if scheme is None:
        if image and _ASCII_BLANKS.sub("", html.unescape(address)).startswith("//"):
            return "图片地址指向站外（//…）"
        return None
    if image:
        return f"图片地址用了 {scheme}:，图片只能是站内的文件"
    if scheme not in LINK_SCHEMES:
        return f"链接用了不允许的协议 {scheme}:"
    return None


def html_problems(text: str, file: str) -> list[Problem]:
    """Raw HTML, attribute lists and links of one page's Markdown."""
    problems: list[Problem] = []
    body = _blank_code(text)
    for start in _TAG_START.finditer(body):
        offset = start.start()
        line, column = _position(body, offset)
        autolink = _AUTOLINK.match(body, offset)
        if autolink and not _TAG.match(body, offset):
            reason = _link_problem(autolink.group(1), image=False)
            if reason:
                problems.append(Problem(file, line, column, f"{reason}（{autolink.group(0)[:60]}）",
                                        "链接只能用 http://、https://、mailto: 或站内相对地址"))
            continue
        tag = _TAG.match(body, offset)
        if tag is None:
            shown = body[offset:offset + 40].split("\n")[0]
            problems.append(Problem(file, line, column, f"页面含有无法识别或不允许的 HTML（{shown}）", _FIX_HTML))
            continue
        name = tag.group(2).lower()
        if name not in ALLOWED_ELEMENTS:
            problems.append(Problem(file, line, column, f"页面不能使用 HTML 标签 <{name}>", _FIX_HTML))
            continue
        for attribute in _ATTRIBUTE.finditer(tag.group(3)):
            key = attribute.group(1).lower()
            value = (attribute.group(2) or "").strip("\"'")
            if key not in ALLOWED_ATTRIBUTES:
                problems.append(Problem(file, line, column, f"HTML 标签 <{name}> 不能带属性 {key}", _FIX_HTML))
            elif not ATTRIBUTE_VALUES[key].match(value):
                problems.append(Problem(file, line, column, f"HTML 属性 {key}=“{value[:40]}” 的写法不允许",
                                        "class 和 id 只用英文字母、数字、- 和 _；lang 写语言代码如 en、zh-Hans；"
                                        "title 里不能有引号、尖括号和 &"))
    for match in _INLINE_LINK.finditer(body):
        reason = _link_problem(match.group(2), image=bool(match.group(1)))
        if reason:
            line, column = _position(body, match.start())
            problems.append(Problem(file, line, column, f"{reason}（{match.group(2).strip()[:60]!r}）",
                                    "链接只能用 http://、https://、mailto: 或站内相对地址；图片只能用站内文件"))
    for match in _REFERENCE.finditer(body):
        reason = _link_problem(match.group(1), image=False)
        if reason:
            line, column = _position(body, match.start())
            problems.append(Problem(file, line, column, f"{reason}（{match.group(1).strip()[:60]!r}）",
                                    "链接只能用 http://、https://、mailto: 或站内相对地址"))
    for match in _ATTR_LIST.finditer(body):
        tokens = match.group(1).split()
        bad = [t for t in tokens if not re.fullmatch(r"[#.][A-Za-z0-9_-]+|lang=[\"']?[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*[\"']?", t)]
        if bad and (match.group(0).startswith("{:") or any("=" in t or t[:1] in "#." for t in tokens)):
            line, column = _position(body, match.start())
            problems.append(Problem(file, line, column, f"属性列表 {match.group(0)[:60]} 里有不允许的内容“{bad[0][:30]}”",
                                    "属性列表只能写 #锚点、.类名 和 lang=语言代码，例如 {: .qa-own }"))
    return problems


def _front_matter_line(text: str, key: str) -> int:
    found = re.search(rf"^[ ]{{0,3}}{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def front_matter_problems(text: str, file: str) -> list[Problem]:
    """Front-matter keys and values, read exactly as MkDocs reads them (YAML between ``---``
    lines, or MultiMarkdown-style ``key: value`` lines at the top)."""
    try:
        _body, meta = front_matter.read(text)
    except Exception as error:  # noqa: BLE001 - a message, never a traceback
        return [Problem(file, 1, 1, f"页面开头的 front matter 无法读取（{type(error).__name__}）",
                        "front matter 写在两行 --- 之间，每行“键: 值”，值里有冒号时加引号")]
    problems: list[Problem] = []
    block = _YAML_BLOCK.match(text)
    if block:
        seen: set[str] = set()
        for found in re.finditer(r"^([A-Za-z0-9_-]+)\s*:", block.group(1), re.M):
            if found.group(1) in seen:  # YAML keeps the last: the first is never shown but reviewed
                line = text.count("\n", 0, block.start(1) + found.start()) + 1
                problems.append(Problem(file, line, 1, f"front matter 里“{found.group(1)}”写了两次",
                                        "删去其中一行：只有最后一行起作用，前面那行会误导审阅的人"))
            seen.add(found.group(1))
    for key, value in meta.items():
        line = _front_matter_line(text, str(key))
        if key not in FRONT_MATTER_KEYS:
            problems.append(Problem(file, line, 1, f"页面的 front matter 不能有“{str(key)[:40]}”",
                                    f"只能用：{', '.join(FRONT_MATTER_KEYS)}；需要别的设置请找维护者"))
            continue
        problems.extend(_front_matter_value(key, value, file, line))
    return problems


def _front_matter_value(key: str, value: Any, file: str, line: int) -> list[Problem]:
    if key == "render_macros":
        if not isinstance(value, bool):
            return [Problem(file, line, 1, "render_macros 只能是 true 或 false", "改成 render_macros: true")]
        return []
    if key == "hide":
        if not (isinstance(value, list) and all(v in HIDE_VALUES for v in value)):
            return [Problem(file, line, 1, "hide 只能列出页面的部分", f"写成列表，取值：{', '.join(HIDE_VALUES)}")]
        return []
    if not isinstance(value, str):
        return [Problem(file, line, 1, f"{key} 必须是一段文字", f"写成 {key}: 一句话")]
    problems = textgate.problems(value, file, line, 1)
    if len(value) > MAX_FRONT_MATTER_CHARS:
        problems.append(Problem(file, line, 1, f"{key} 过长（{len(value)} 字）",
                                f"缩短到 {MAX_FRONT_MATTER_CHARS} 字以内"))
    if re.search(r"[<>]", value):
        problems.append(Problem(file, line, 1, f"{key} 里不能有尖括号 < >（主题把它写进网页的 <head>）",
                                "删去尖括号或改写这句话"))
    return problems


def check_page(text: str, file: str) -> list[Problem]:
    """Every problem of this module with one page."""
    ending = line_endings(text, file)
    if ending is not None:
        return [ending]
    return front_matter_problems(text, file) + html_problems(text, file)


def static_problems(docs_dir: Path, page_suffixes: tuple[str, ...]) -> list[Problem]:
    """Files under docs/ that are neither pages nor a known kind of file in a known folder."""
    import os

    docs_dir = Path(docs_dir)
    shown = docs_dir.name
    problems = []
    for folder, _dirs, names in os.walk(docs_dir, followlinks=False):
        for name in sorted(names):
            path = Path(folder) / name
            relative = path.relative_to(docs_dir).as_posix()
            if path.suffix.lower() in page_suffixes or path.is_symlink():
                continue  # pages have their own checks; symlinks are refused in macros/pages.py
            parent = path.parent.relative_to(docs_dir).as_posix()
            if path.suffix not in STATIC_FILES.get(parent, ()) or name.startswith("."):
                allowed = "；".join(f"docs/{k}/ 下的 {'、'.join(v)}" for k, v in STATIC_FILES.items())
                problems.append(Problem(f"{shown}/{relative}", 1, 1,
                    "docs/ 里不能放这种文件（构建会把它原样发布到网站上）",
                    f"删去它；页面用 .md 写，数据放进 data/。允许的其他文件：{allowed}"))
    return problems
