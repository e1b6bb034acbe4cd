"""The adapter's `make serve` step: `mkdocs serve --dirty` rebuilds only the pages a data edit
changes (macros/incremental.py says which); ``mkdocs build`` is not affected.

MkDocs' ``--dirty`` skips every page whose Markdown file is older than its HTML.  Pages
are made from data/, so this step answers that question for each page instead: after a
data edit, only the pages showing the changed records (and the listings) are rebuilt;
after any other change, all of them.  tests/test_scale.py builds incrementally after
edits and compares the site with a full build, byte for byte.

MkDocs warns that a dirty build "will likely lead to inaccurate navigation"; with
``--strict`` (make serve) that warning would stop every build.  The pages here are
rebuilt whenever what they show changes, so that one warning is dropped while serving.
Both the per-page answer and the dropped warning lean on MkDocs' internals: they are in
hooks/speedups.py, and with the speedups off ``make serve`` rebuilds every page (no --dirty).
"""

from __future__ import annotations

import logging
from pathlib import Path



from hooks import speedups
from hooks.state import STATE
from macros import exports, i18n, incremental, loader, pages

log = logging.getLogger("mkdocs.hooks.serve")


def start(command, dirty) -> None:
    """``mkdocs serve --dirty`` asked for (the adapter's on_config decides, hooks/adapter.py).
    (The English edition's build, started by hooks/editions.py inside this one, starts up as a
    plain build: it must not turn this off.)"""
    if command == "serve" and dirty:
        STATE.serving.requested = True


def activate() -> None:
    """Rebuild only what an edit changed (needs the speedups: MkDocs' own --dirty test is
    replaced per page, and its warning about dirty builds dropped, hooks/speedups.py)."""
    if STATE.serving.active:
        return
    STATE.serving.active = True
    STATE.serving.row_cache = exports.RowCache()   # the downloads' rows encoded again only when changed
    speedups.drop_dirty_warning()


def choose_pages(files, config):
    """After the downloads are added (hooks/exports.py): which pages this build rebuilds."""
    serving = STATE.serving
    serving.pending = None
    if not serving.active:
        return files
    root = incremental.project_root(config)
    docs = Path(config["docs_dir"])
    report = loader.load(root / "data", i18n.docs_root(config), languages=i18n.published())
    code = incremental.code_fingerprint(root)
    documents = [f for f in files.documentation_pages()]
    uris = tuple(f.src_uri for f in documents)
    before = serving.previous.get(str(docs))
    dirty = None
    if before is not None and before.code == code and before.pages == uris \
            and not any(f.is_modified() for f in documents):   # MkDocs' own test: a page edited
        calls, _problems = pages.check_docs(docs)
        by_page: dict[str, list] = {f"{docs.name}/{uri}": [] for uri in uris}
        for call in calls:
            by_page.setdefault(call.file, []).append(call)
        dirty = incremental.dirty_pages(before.report, report, by_page)
    rebuilt = 0
    for file in documents:
        rebuild = dirty is None or f"{docs.name}/{file.src_uri}" in dirty
        speedups.rebuild_only_if(file, rebuild)
        rebuilt += rebuild
    # (dirty holds the pages of both editions: docs/ holds docs/en/; count this edition's)
    log.info(f"rebuilding {'every page' if dirty is None else f'{rebuilt} of {len(uris)} pages'}")
    serving.pending = incremental.Built(str(docs), report, code, uris,
                                            dict(before.search) if before is not None else {})
    return files


def file_build() -> None:
    """The build succeeded: the next one compares with what it saw."""
    serving = STATE.serving
    if serving.active and serving.pending is not None:
        serving.previous[serving.pending.docs] = serving.pending
        serving.pending = None


def forget() -> None:
    # Pages of a failed build may not have been written: the next one rebuilds everything.
    STATE.serving.previous.clear()
    STATE.serving.pending = None
