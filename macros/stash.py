"""The macros' HTML kept out of Markdown: a placeholder goes through Markdown, the HTML is
put back afterwards (hooks/speedups.py ``MacroHtml``, at MkDocs' page-content event).

Python-Markdown reads every raw HTML block twice (md_in_html's HtmlBlockPreprocessor and
MkDocs' _RawHTMLPreprocessor, which collects the anchor ids), ~80 % of the Markdown time
at 1,000 pages (bench/profile-1000-after-search.txt), only to hand the block back
unchanged.  While a build uses a ``Stash``, a block macro returns a token instead -- a plain
word Markdown renders as ``<p>TOKEN</p>`` -- and the adapter swaps the HTML back in, and gives
MkDocs the block's ids (``page.present_anchor_ids``) so anchor validation still sees them.

Without a stash (another host, speedups off, a test calling the macros directly) the macros
return their HTML as before.
"""

from __future__ import annotations

import functools
import html as html_lib
import itertools
import re
from typing import Any, Callable

from markdown.util import BLOCK_LEVEL_ELEMENTS

# Letters and digits only: nothing Markdown, abbr, attr_list or toc would touch.
_PREFIX = "QAMACROHTML"
_TOKEN = re.compile(r"(<p>)?(" + _PREFIX + r"\d+Z)(</p>)?")

_FIRST_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)")

# Start tags and the attributes MkDocs' _RawHTMLPreprocessor takes as anchors (id on any
# element, name on <a>).  The templates autoescape attribute values, so a quoted value
# never holds ">" or its own quote (tests/test_scale.py compares with MkDocs' parser).
_START_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:\s[^>]*)?)>")
_ATTRIBUTE = re.compile(r"""\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def _block_level(html: str) -> bool:
    tag = _FIRST_TAG.match(html)
    return bool(tag) and tag.group(1).lower() in BLOCK_LEVEL_ELEMENTS


def anchor_ids(html: str) -> set[str]:
    """The ids MkDocs would collect from this HTML had Markdown seen it."""
    found: set[str] = set()
    for tag in _START_TAG.finditer(html):
        attributes = tag.group(2)
        lowered = attributes.lower()
        if "id" not in lowered and "name" not in lowered:
            continue
        for name, *values in _ATTRIBUTE.findall(attributes):
            name = name.lower()
            if name == "id" or (name == "name" and tag.group(1).lower() == "a"):
                value = next((v for v in values if v), "")
                found.add(html_lib.unescape(value))
    return found


class Stash:
    """The blocks of one build: a macro's HTML by its token until the page's HTML takes it back."""

    def __init__(self) -> None:
        self._blocks: dict[str, str] = {}
        self._counter = itertools.count(1)

    def reset(self) -> None:
        """Forget what a failed page left behind (a new build starts)."""
        self._blocks.clear()

    def put(self, html: str) -> str:
        """The token standing for ``html`` on the page."""
        if not html.strip():  # an empty result leaves no block either way
            return html
        token = f"{_PREFIX}{next(self._counter)}Z"
        self._blocks[token] = html
        return token

    def block(self, function: Callable[..., str]) -> Callable[..., str]:
        """A block macro whose HTML skips Markdown."""
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> str:
            return self.put(function(*args, **kwargs))
        return wrapper

    def restore(self, content: str) -> tuple[str, set[str]]:
        """The page's HTML with every stashed block back in place, and the blocks' anchor ids.

        A token alone in a paragraph (a macro on a line of its own) becomes the block itself,
        as Markdown would have passed the raw HTML block; a token inside text becomes the HTML
        in place."""
        if _PREFIX not in content:
            return content, set()
        ids: set[str] = set()

        def back(match: re.Match) -> str:
            html = self._blocks.pop(match.group(2), None)
            if html is None:  # not ours (a page quoting a token): leave it
                return match.group(0)
            ids.update(anchor_ids(html))
            if not (match.group(1) and match.group(3)):
                return (match.group(1) or "") + html + (match.group(3) or "")
            # What Markdown's RawHtmlPostprocessor gives for a raw HTML block (md_in_html keeps
            # the block's closing newline); a block that is not block-level stays in its <p>.
            return html + "\n" if _block_level(html) else f"<p>{html}</p>"

        # Markdown strips its output after its own postprocessors put raw HTML back; so here.
        return _TOKEN.sub(back, content).strip(), ids
