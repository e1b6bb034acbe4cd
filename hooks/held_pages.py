"""MkDocs hook: hold the rendered pages compressed between Markdown and the theme.

MkDocs renders every page's Markdown first and only then puts each into the theme and
writes it, so the HTML of all pages is held at once (at 1,000 pages ~70 MB of Python
strings).  From ``on_page_content`` (after every other handler: hooks/macro_html.py,
hooks/search.py) until the page's turn in the theme, its HTML is kept zlib-compressed,
and after the page is written only the compressed copy is left.

``page.content`` is the full HTML again from the first ``on_page_context`` handler on
(Material's search plugin edits it there; its content.html looks for an <h1> in it),
so the written page is byte for byte the same (tests/test_scale.py).
"""

from __future__ import annotations

import zlib

from mkdocs.plugins import event_priority

_held: dict[str, bytes] = {}
TOKEN = "<!-- qa-held-page -->"


def on_pre_build(config, **kwargs) -> None:
    _held.clear()


def _hold(page, html: str) -> str:
    _held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
    return TOKEN


@event_priority(-100)   # after every other handler has read or changed the HTML
def on_page_content(html, page, config, files, **kwargs):
    return _hold(page, html)


@event_priority(100)    # before any other handler (and the theme) reads page.content
def on_page_context(context, page, config, nav, **kwargs):
    held = _held.pop(page.file.src_uri, None)
    if held is not None and page.content == TOKEN:
        page.content = zlib.decompress(held).decode("utf-8")
    return context


@event_priority(-100)   # the page is written next: keep only the compressed copy
def on_post_page(output, page, config, **kwargs):
    if page.content is not None and page.content != TOKEN:
        page.content = _hold(page, page.content)
    return output
