"""Which pages a data edit changes: `make serve` (``mkdocs serve --dirty``) rebuilds only
those (hooks/serve.py; issue 14).

A page shows data through its macro calls.  The calls that take a theme (``facts``,
``key_figures("…")``, ``data_note``, ``notes``, ``based_on``) show that theme's facts,
quotations and charts (``fact("…")`` and ``figure("…")``: those of the fact's theme), plus names and citations from the shared records; ``glossary_data`` shows the
glossary; every other macro (the listings, ``key_figures()`` of all themes, the snapshot
note, downloads) shows data of every theme.  So:

* a change to a fact, quotation or chart (its text, its order, the line it is written
  on) rebuilds the pages of its theme (before and after the edit), the pages showing
  a chart that draws it, and every page with an all-themes macro;
* a change to anything shared -- sources, themes, entities, glossary, targets, context, the report's
  dates (edition, snapshot) -- or to the pages, the code, the theme or the list of
  pages rebuilds everything.

Pure rules: the state of ``make serve``'s rebuilds (what the last build saw) is the
adapter's (hooks/state.py ``Serving``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .pages import Call
from .report import Report

# Macro -> position of its theme argument; only these show one theme's records.
THEMED = {"facts": 0, "data_note": 0, "notes": 0, "key_figures": 0, "based_on": 0}
# Macros naming one fact (inside a sentence): they show the records of that fact's theme.
BY_FACT = frozenset({"fact", "figure"})
# Macros that show shared records only (any change to those rebuilds every page).
SHARED_ONLY = frozenset({"glossary_data"})
# What else a page depends on: a change here rebuilds everything.
CODE = ("macros", "hooks", "overrides", "mkdocs.yml", "mkdocs.en.yml")


@dataclass
class Built:
    """What the previous build of this process saw."""

    docs: str
    report: Report
    code: tuple
    pages: tuple[str, ...]
    # hooks/search.py: each page's entry for the index, reused for pages not rebuilt, and
    # the index the build wrote (IndexBuilder), patched by the next build when it can be
    search: dict[str, Any] = field(default_factory=dict)
    index: Any = None


def code_fingerprint(root: Path) -> tuple:
    """Paths, times and sizes of everything but data/ and docs/ that shapes a page."""
    out = []
    for name in CODE:
        top = root / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            stat = path.stat()
            out.append((path.relative_to(root).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def page_themes(calls: Iterable[Call], fact_themes: dict[str, set[str]] | None = None) -> set[str] | None:
    """The themes a page's macros show, or None when it shows data of every theme.
    ``fact_themes``: fact id -> its theme before and after the edit (for fact("…") and
    figure("…")); without it, or for a fact in neither, the page counts as showing all."""
    themes: set[str] = set()
    for call in calls:
        if call.name in SHARED_ONLY:
            continue
        if call.name in BY_FACT:
            found = (fact_themes or {}).get(call.args[0]) if call.args else None
            if not found:
                return None
            themes |= found
            continue
        position = THEMED.get(call.name)
        if position is None or len(call.args) <= position:
            return None
        themes.add(call.args[position])
    return themes


def _by_theme(report: Report) -> dict[str, list[tuple[Any, Any]]]:
    out: dict[str, list[tuple[Any, Any]]] = {}
    for group in (report.facts, report.quotations, report.charts):
        for record in group:
            out.setdefault(record.theme, []).append((record, report.origins[record.id]))
    return out


def changed_themes(old: Report, new: Report) -> set[str] | None:
    """Themes whose facts, quotations or charts changed (and those of charts drawing a
    changed fact); None when a shared record or a date of the report changed."""
    if (old.last_reviewed() != new.last_reviewed() or old.snapshot_month() != new.snapshot_month()
            or old.sources != new.sources or old.themes != new.themes or old.entities != new.entities
            or old.glossary != new.glossary
            # targets and background notes (issue 19) are shown by page-wide macros only
            or old.targets != new.targets or old.contexts != new.contexts):
        return None
    for name in ("sources", "entities"):
        ids = getattr(new, name)
        if any(old.origins.get(i) != new.origins.get(i) for i in ids):
            return None
    before, after = _by_theme(old), _by_theme(new)
    themes = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
    changed_ids = {r.id for t in themes for r, _ in before.get(t, []) + after.get(t, [])}
    for chart in new.charts:
        if changed_ids & set(chart.facts):
            themes.add(chart.theme)
    return themes


def dirty_pages(old: Report, new: Report, calls_by_page: dict[str, list[Call]]) -> set[str] | None:
    """Pages (``docs/…`` paths as in the calls) to rebuild, or None for all of them."""
    themes = changed_themes(old, new)
    if themes is None:
        return None
    fact_themes: dict[str, set[str]] = {}
    for report in (old, new):
        for fact in report.facts:
            fact_themes.setdefault(fact.id, set()).add(fact.theme)
    out = set()
    for page, calls in calls_by_page.items():
        shown = page_themes(calls, fact_themes)
        if shown is None or shown & themes:
            out.add(page)
    return out


def project_root(config: Any) -> Path:
    return Path(os.path.dirname(os.path.abspath(config["config_file_path"] or "mkdocs.yml")))
