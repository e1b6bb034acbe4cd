"""Entry point for mkdocs-macros-plugin (and Zensical): ``define_env`` only.

It loads and validates ``data/`` once per build and registers pure functions
bound to that report.  Pages call them as ``{{ facts("governance", "policy") }}``.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Any

# mkdocs-macros imports this file by path; make the package importable.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from macros import citation, loader, render  # noqa: E402
from macros.problems import DataError  # noqa: E402


DEFAULT_REPOSITORY = "https://github.com/anhui-quality/quality-anhui-report"


def define_env(env: Any) -> None:
    project = Path(getattr(env, "project_dir", None) or _ROOT)
    try:
        report = loader.load(project / "data")
    except DataError as error:
        # A plain message, not a traceback: contributors read this in CI logs.
        try:
            from mkdocs.exceptions import PluginError
        except ImportError:  # pragma: no cover - other hosts (Zensical)
            raise error from None
        raise PluginError(str(error)) from None

    settings = (getattr(env, "conf", None) or {}).get("extra", {}).get("data_repository", {})
    extra = (getattr(env, "conf", None) or {}).get("extra", {})
    repository = render.Repository(url=settings.get("url", DEFAULT_REPOSITORY),
                                   branch=settings.get("branch", "main"),
                                   email=str(extra.get("corrections_email") or ""))

    site = citation.Site.from_config(getattr(env, "conf", None) or {})
    for name, function in {
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
    }.items():
        env.macro(function, name)
