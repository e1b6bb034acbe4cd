"""The adapter's search step: build the report's own search index (macros/search/).

Each page's content is cut into search documents as it is rendered
(``on_page_content``; in a second process during a full build, macros/search/background.py)
and the index files are written once at the end
(``on_post_build``) into ``search/qa/`` of the build's own site_dir, so each edition
(``mkdocs.yml`` -> site/, ``mkdocs.en.yml`` -> site/en/) has its own index.  Material's search plugin stays only for
its search box and dialog: every page is marked ``search.exclude`` for it, so its
lunr index is empty (a few hundred bytes) and its indexing costs nothing;
``docs/assets/search/setup.js`` points its box at our worker.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError


from hooks.state import STATE
from macros import incremental
from macros.search import background, index

log = logging.getLogger("mkdocs.hooks.search")
OUTPUT = Path("search") / "qa"

# One index per build, by site_dir.  Both editions' builds share this module (imported once
# per process by hooks/adapter.py), and hooks/editions.py runs the English build inside
# the Chinese one's on_post_build.  With a single module global, the Chinese index was
# the English one whenever that build ran before this on_post_build (as it did until
# editions.py took the last place); keyed by site_dir, the order of hooks does not matter.
# A full build indexes in a second process (macros/search/background.py); make serve in
# this one, keeping each page's entry (hooks/serve.py).
_indexers: dict[str, background.Indexer] = {}


def edition_language(config) -> str:
    """The edition's language (theme.language: "zh" or "en"), recorded in meta.json:
    the English edition's text is searched as words (macros/search/text.py)."""
    return str(config["theme"]["language"] or "zh")


def _key(config) -> str:
    return str(Path(config["site_dir"]).resolve())


def on_pre_build(config, **kwargs) -> None:
    _close(config)
    if not STATE.serving.active:   # make serve keeps each page's entry instead (on_page_content)
        _indexers[_key(config)] = background.start(edition_language(config))


def on_page_content(html, page, config, files, **kwargs):
    own = page.meta.get("search") or {}
    page.meta["search"] = {**own, "exclude": True}   # Material's own index stays empty
    pending = STATE.serving.pending
    if pending is not None:
        # make serve (hooks/serve.py): pages not rebuilt keep their last entry
        entry = None
        if not own.get("exclude"):
            lang = edition_language(config)
            entry = index.page_entry(html, page.url, page.title or "", page.is_homepage, lang)
            entry = (*entry, [list(index.doc_grams(d, lang)) for d in entry[3]])
        pending.search[page.file.src_uri] = entry
    elif not own.get("exclude"):
        _indexers[_key(config)].add(page.url, page.title or "", page.is_homepage, html)
    return html


def on_post_build(config, **kwargs) -> None:
    target = Path(config["site_dir"]) / OUTPUT
    pending = STATE.serving.pending
    if pending is None:
        write = _indexers.pop(_key(config)).write
    else:   # make serve: from the entries kept by page
        if _patched(pending, target):
            return
        builder = pending.index = index.IndexBuilder(lang=edition_language(config))
        for uri in pending.pages:   # every page in order, rebuilt or kept
            if pending.search.get(uri) is not None:
                builder.add_page(*pending.search[uri])
        write = builder.write
    shutil.rmtree(target, ignore_errors=True)
    try:
        written = write(target)
    except background.IndexingFailed as error:   # a message, not a traceback of this process
        raise PluginError(str(error)) from None
    log.debug(f"search index ({edition_language(config)}): {len(written)} files, {sum(written.values())} bytes")


def _close(config) -> None:
    indexer = _indexers.pop(_key(config), None)
    if indexer is not None:
        indexer.close()


def on_build_error(error, **kwargs) -> None:
    # A failed build leaves no indexing process behind (each build starts its own).
    for key in list(_indexers):
        _indexers.pop(key).close()


def _patched(pending: incremental.Built, target: Path) -> bool:
    """make serve, after an edit that changed the text of some pages and nothing else the
    index holds: the last build's index with those pages' documents replaced, and only the
    files that change written (a full write at 1,000 pages took ~1.3 s of the rebuild)."""
    before = STATE.serving.previous.get(pending.docs)
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
