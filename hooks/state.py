"""What the MkDocs adapter keeps while a process runs (one object, owned by the adapter).

MkDocs loads hooks/adapter.py by path and mkdocs-macros loads hooks/macros_entry.py by path,
each as a module of its own; both import this module by name, so they share one state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from macros.exports import RowCache
    from macros.incremental import Built

    from .speedups import HeldPages, MacroHtml


@dataclass
class Serving:
    """``make serve`` (``mkdocs serve --dirty``): what the last good build of each edition (by
    its docs_dir) saw, and what the running build will have seen if it succeeds (the editions
    build one after the other: the English inside the Chinese one's last step)."""

    requested: bool = False   # mkdocs serve --dirty
    active: bool = False      # ... and the speedups are on: rebuild only what an edit changed
    previous: dict[str, Built] = field(default_factory=dict)
    pending: Built | None = None
    row_cache: RowCache | None = None   # the downloads' rows, kept between rebuilds


@dataclass
class AdapterState:
    speedups: bool = True
    site_search: bool = True
    macro_html: MacroHtml | None = None   # while a build with speedups runs
    held: HeldPages | None = None         # idem
    serving: Serving = field(default_factory=Serving)


STATE = AdapterState()
