"""MkDocs hook: `make serve` (``mkdocs serve --dirty``) rebuilds only the pages a data edit
changes (macros/incremental.py says which); ``mkdocs build`` is not affected.

MkDocs' ``--dirty`` skips every page whose Markdown file is older than its HTML.  Pages
are made from data/, so this hook answers that question for each page instead: after a
data edit, only the pages showing the changed records (and the listings) are rebuilt;
after any other change, all of them.  tests/test_scale.py builds incrementally after
edits and compares the site with a full build, byte for byte.

MkDocs warns that a dirty build "will likely lead to inaccurate navigation"; with
``--strict`` (make serve) that warning would stop every build.  The pages here are
rebuilt whenever what they show changes, so that one warning is dropped while serving.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority


from macros import exports, i18n, incremental, loader, pages

log = logging.getLogger("mkdocs.hooks.incremental")
DIRTY_WARNING = "A 'dirty' build is being performed"


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def on_startup(command, dirty, **kwargs) -> None:
    # (The English edition's build, started by hooks/editions.py inside this one, starts up
    # as a plain build: it must not turn this off.)
    if command == "serve" and dirty:
        incremental.serving = True
        if exports.row_cache is None:
            exports.row_cache = {}   # the downloads' rows are encoded again only when changed
        logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())


def _always(answer: bool):
    return lambda: answer


@event_priority(-100)   # after hooks/exports.py added the downloads
def on_files(files, config, **kwargs):
    incremental.pending = None
    if not incremental.serving:
        return files
    root = incremental.project_root(config)
    docs = Path(config["docs_dir"])
    report = loader.load(root / "data", i18n.docs_root(config), languages=i18n.published())
    code = incremental.code_fingerprint(root)
    documents = [f for f in files.documentation_pages()]
    uris = tuple(f.src_uri for f in documents)
    before = incremental.previous.get(str(docs))
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
        file.is_modified = _always(rebuild)
        rebuilt += rebuild
    # (dirty holds the pages of both editions: docs/ holds docs/en/; count this edition's)
    log.info(f"rebuilding {'every page' if dirty is None else f'{rebuilt} of {len(uris)} pages'}")
    incremental.pending = incremental.Built(str(docs), report, code, uris,
                                            dict(before.search) if before is not None else {})
    return files


def on_post_build(config, **kwargs) -> None:
    if incremental.serving and incremental.pending is not None:
        incremental.previous[incremental.pending.docs] = incremental.pending
        incremental.pending = None


def on_build_error(error, **kwargs) -> None:
    # Pages of a failed build may not have been written: the next one rebuilds everything.
    incremental.previous.clear()
    incremental.pending = None
