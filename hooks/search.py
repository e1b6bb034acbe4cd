"""MkDocs hook: build the report's own search index (macros/search/).

Each page's content is cut into search documents as it is rendered
(``on_page_content``) and the index files are written once at the end
(``on_post_build``) into ``search/qa/`` of the build's own site_dir, so each edition
(``mkdocs.yml`` -> site/, ``mkdocs.en.yml`` -> site/en/) has its own index.  Material's search plugin stays only for
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
from macros.search import extract, index, text as search_text  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")
OUTPUT = Path("search") / "qa"
THEMED_KINDS = {"fact", "quote"}

# One index per build, by site_dir.  Both editions' builds share this module: MkDocs
# loads a hook file once per process, and hooks/editions.py runs the English build inside
# the Chinese one's on_post_build.  With a single module global, the Chinese index was
# the English one whenever that build ran before this on_post_build (as it did until
# editions.py took the last place); keyed by site_dir, the order of hooks does not matter.
_builders: dict[str, index.IndexBuilder] = {}


def edition_language(config) -> str:
    """The edition's language (theme.language: "zh" or "en"), recorded in meta.json:
    the English edition's text is searched as words (macros/search/text.py)."""
    return str(config["theme"]["language"] or "zh")


def _key(config) -> str:
    return str(Path(config["site_dir"]).resolve())


def on_pre_build(config, **kwargs) -> None:
    # mkdocs serve rebuilds everything: start afresh.
    _builders[_key(config)] = index.IndexBuilder(lang=edition_language(config))


@event_priority(50)   # before Material's search plugin looks at page.meta (on_page_context)
def on_page_content(html, page, config, files, **kwargs):
    own = page.meta.get("search") or {}
    page.meta["search"] = {**own, "exclude": True}   # Material's own index stays empty
    builder = _builders[_key(config)]
    entry = None
    if not own.get("exclude"):
        docs = extract.documents(html, page.title or "", words=search_text.word_mode(builder.lang))
        # Themed pages present facts as their own content; the home page and the
        # listings (glossary, organisations, timeline, data, sources) rank after them.
        themed = not page.is_homepage and any(d.kind in THEMED_KINDS for d in docs)
        entry = (page.url, docs[0].title if docs else (page.title or ""),
                 index.RANK_THEMED if themed else index.RANK_LISTING, docs)
    if incremental.pending is not None:
        # make serve (hooks/incremental.py): pages not rebuilt keep their last entry
        if entry is not None:
            entry = (*entry, [list(index.doc_grams(d, builder.lang)) for d in entry[3]])
        incremental.pending.search[page.file.src_uri] = entry
    elif entry is not None:
        builder.add_page(*entry)
    return html


@event_priority(100)   # before hooks/incremental.py files the build as done
def on_post_build(config, **kwargs) -> None:
    builder = _builders.pop(_key(config))
    target = Path(config["site_dir"]) / OUTPUT
    pending = incremental.pending
    if pending is not None:   # make serve
        if _patched(pending, target):
            return
        for uri in pending.pages:   # every page in order, rebuilt or kept
            if pending.search.get(uri) is not None:
                builder.add_page(*pending.search[uri])
        pending.index = builder
    shutil.rmtree(target, ignore_errors=True)
    written = builder.write(target)
    log.debug(f"search index ({builder.lang}): {len(builder.pages)} pages, {builder.doc_count} documents, "
              f"{len(written)} files, {sum(written.values())} bytes")


def _patched(pending: incremental.Built, target: Path) -> bool:
    """make serve, after an edit that changed the text of some pages and nothing else the
    index holds: the last build's index with those pages' documents replaced, and only the
    files that change written (a full write at 1,000 pages took ~1.3 s of the rebuild)."""
    before = incremental.previous.get(pending.docs)
    if before is None or before.index is None or before.pages != pending.pages or not target.is_dir():
        return False
    numbered = [uri for uri in pending.pages if pending.search.get(uri) is not None]
    if numbered != [uri for uri in before.pages if before.search.get(uri) is not None]:
        return False
    changed = {number: (before.search[uri], pending.search[uri]) for number, uri in enumerate(numbered)
               if before.search[uri] is not pending.search[uri] and before.search[uri] != pending.search[uri]}
    written = before.index.patch(target, changed)
    if written is None:
        return False
    pending.index, before.index = before.index, None   # patched in place: now this build's
    log.debug(f"search index patched: {len(changed)} pages, {len(written)} files")
    return True
