"""Entry point for mkdocs-macros-plugin (and Zensical): ``define_env`` only.

It loads and validates ``data/`` once per build and registers pure functions
bound to that report.  Pages call them as ``{{ facts("governance", "policy") }}``.
"""

from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path
from typing import Any

# mkdocs-macros imports this file by path; make the package importable.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from macros import citation, loader, pages, render, stash  # noqa: E402
from macros.problems import DataError  # noqa: E402


DEFAULT_REPOSITORY = "https://github.com/anhui-quality/quality-anhui-report"

# Macros whose result stands inside a sentence; every other macro returns a block of HTML.
INLINE = frozenset({"fact_count"})


def _fail(error: Exception) -> None:
    """A plain message, not a traceback: contributors read this in CI logs."""
    try:
        from mkdocs.exceptions import PluginError
    except ImportError:  # pragma: no cover - other hosts (Zensical)
        raise error from None
    raise PluginError(str(error)) from None


def define_env(env: Any) -> None:
    project = Path(getattr(env, "project_dir", None) or _ROOT)
    # mkdocs-macros logs a failed page render as a warning and then exits; `--quiet`
    # would hide that message and leave only "Error 1".  Keep its warnings visible.
    macros_log = logging.getLogger("mkdocs.plugins.mkdocs_macros")  # its util.LOG is a child
    if macros_log.getEffectiveLevel() > logging.WARNING:
        macros_log.setLevel(logging.WARNING)
    docs = Path((getattr(env, "conf", None) or {}).get("docs_dir") or project / "docs")
    try:
        # Data, the page grammar (every page, before any renders) and how data lands on pages.
        report = loader.load(project / "data", docs)
    except DataError as error:
        _fail(error)
    except Exception as error:  # noqa: BLE001 - never a traceback in the build log
        _fail(DataError([loader._unexpected("data/", error)]))

    settings = (getattr(env, "conf", None) or {}).get("extra", {}).get("data_repository", {})
    extra = (getattr(env, "conf", None) or {}).get("extra", {})
    repository = render.Repository(url=settings.get("url", DEFAULT_REPOSITORY),
                                   branch=settings.get("branch", "main"),
                                   email=str(extra.get("corrections_email") or ""))

    site = citation.Site.from_config(getattr(env, "conf", None) or {})
    registered = {
        "how_to_cite": partial(citation.how_to_cite, report, site),
        "facts": partial(render.facts, report, repository),
        "data_note": partial(render.data_note, report, repository),
        "snapshot_note": partial(render.snapshot_note, report),
        "notes": partial(render.notes, report),
        "key_figures": partial(render.key_figures, report),
        "theme_cards": partial(render.theme_cards, report),
        "source_list": partial(render.source_list, report),
        "fact_count": partial(render.fact_count, report),
        "timeline": partial(render.timeline, report),
        "entity_index": partial(render.entity_index, report),
        "glossary": partial(render.glossary, report),
        "glossary_data": partial(render.glossary_data, report),
        "downloads": partial(render.downloads, report),
    }
    assert set(registered) == set(pages.MACROS), "macros/pages.py MACROS must list the registered macros"
    for name, function in registered.items():
        # Blocks of HTML skip Markdown (macros/stash.py); fact_count is a number in a sentence.
        env.macro(function if name in INLINE else stash.block(function), name)


def on_pre_page_macros(env: Any) -> None:
    """The page grammar again, on the exact text about to be rendered (whatever produced it)."""
    page = getattr(env, "page", None)
    file = f"docs/{page.file.src_path}" if page is not None else "docs/?"
    _calls, problems = pages.check_text(env.markdown, file)
    if problems:
        _fail(DataError(problems))
