"""MkDocs hook: put the macros' HTML back after Markdown (macros/stash.py).

The block macros return a token while this hook is configured; Markdown renders it as a
one-word paragraph, and ``on_page_content`` (before hooks/search.py cuts the page into
search documents) replaces it with the HTML.  The HTML's anchor ids are added to the
page's ``present_anchor_ids``, which MkDocs reads after every page is rendered to check
links such as ``governance.md#fact-…`` (``validation.anchors``).
"""

from __future__ import annotations


from mkdocs.plugins import event_priority


from macros import stash


def on_config(config, **kwargs):
    stash.active = True
    return config


def on_pre_build(config, **kwargs) -> None:
    stash.reset()


# The build is over (or failed): macros called later in this process (another build without
# this hook, a script) return their HTML again.  hooks/editions.py's English build runs
# after this and turns it on again in its own on_config.
def on_post_build(config, **kwargs) -> None:
    stash.active = False
    stash.reset()


def on_build_error(error, **kwargs) -> None:
    stash.active = False
    stash.reset()


@event_priority(100)   # before hooks/search.py (50) reads the page
def on_page_content(html, page, config, files, **kwargs):
    html, ids = stash.restore(html)
    if ids:
        page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
    return html
