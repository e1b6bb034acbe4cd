"""MkDocs hook: build the report's own search index (macros/search/).

Each page's content is cut into search documents as it is rendered
(``on_page_content``) and the index files are written once at the end
(``on_post_build``) into ``search/qa/``.  Material's search plugin stays only for
its search box and dialog: every page is marked ``search.exclude`` for it, so its
lunr index is empty (a few hundred bytes) and its indexing costs nothing;
``docs/assets/search/setup.js`` points its box at our worker.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import incremental  # noqa: E402
from macros.search import extract, index  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")
OUTPUT = Path("search") / "qa"
THEMED_KINDS = {"fact", "quote"}

_builder = index.IndexBuilder()


def on_pre_build(config, **kwargs) -> None:
    global _builder
    _builder = index.IndexBuilder()   # mkdocs serve rebuilds everything: start afresh


@event_priority(50)   # before Material's search plugin looks at page.meta (on_page_context)
def on_page_content(html, page, config, files, **kwargs):
    own = page.meta.get("search") or {}
    page.meta["search"] = {**own, "exclude": True}   # Material's own index stays empty
    entry = None
    if not own.get("exclude"):
        docs = extract.documents(html, page.title or "")
        # Themed pages present facts as their own content; the home page and the
        # listings (glossary, organisations, timeline, data, sources) rank after them.
        themed = not page.is_homepage and any(d.kind in THEMED_KINDS for d in docs)
        entry = (page.url, docs[0].title if docs else (page.title or ""),
                 index.RANK_THEMED if themed else index.RANK_LISTING, docs)
    if incremental.pending is not None:
        # make serve (hooks/incremental.py): pages not rebuilt keep their last entry
        if entry is not None:
            entry = (*entry, [list(index.doc_grams(d)) for d in entry[3]])
        incremental.pending.search[page.file.src_uri] = entry
    elif entry is not None:
        _builder.add_page(*entry)
    return html


@event_priority(100)   # before hooks/incremental.py files the build as done
def on_post_build(config, **kwargs) -> None:
    if incremental.pending is not None:   # every page in order, rebuilt or kept
        entries = incremental.pending.search
        for uri in incremental.pending.pages:
            if entries.get(uri) is not None:
                _builder.add_page(*entries[uri])
    target = Path(config["site_dir"]) / OUTPUT
    shutil.rmtree(target, ignore_errors=True)
    written = _builder.write(target)
    log.debug(f"search index: {len(_builder.pages)} pages, {_builder.doc_count} documents, "
              f"{len(written)} files, {sum(written.values())} bytes")
