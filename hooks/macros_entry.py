"""The adapter's side for mkdocs-macros-plugin (mkdocs.yml ``module_name: hooks/macros_entry``).

``define_env`` loads and validates ``data/`` once per build and registers the engine's pure
functions bound to that report.  Pages call them as ``{{ facts("governance", "policy") }}``.
Part of the MkDocs adapter (hooks/): the engine (macros/) knows nothing of mkdocs-macros.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any


from hooks.state import STATE
from macros import citation, i18n, loader, page_safety, pages, render
from macros.problems import DataError


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
    project = Path(getattr(env, "project_dir", None) or Path(__file__).resolve().parent.parent)
    # mkdocs-macros logs a failed page render as a warning and then exits; `--quiet`
    # would hide that message and leave only "Error 1".  Keep its warnings visible.
    macros_log = logging.getLogger("mkdocs.plugins.mkdocs_macros")  # its util.LOG is a child
    if macros_log.getEffectiveLevel() > logging.WARNING:
        macros_log.setLevel(logging.WARNING)
    # The edition this build writes (mkdocs.en.yml: extra.edition = en).  Both editions
    # validate all of docs/ (the English pages are docs/en/, inside the Chinese docs).
    lang = i18n.language_of(getattr(env, "conf", None))
    conf = getattr(env, "conf", None) or {}
    docs = i18n.docs_root(conf) if conf.get("docs_dir") else project / "docs"
    try:
        # Data, the page grammar (every page, before any renders) and how data lands on pages.
        # Every published edition needs its text in every record (a half-translated page
        # is worse than none), so the Chinese build refuses English gaps too.
        report = loader.load(project / "data", docs, languages=i18n.published())
    except DataError as error:
        _fail(error)
    except Exception as error:  # noqa: BLE001 - never a traceback in the build log
        _fail(DataError([loader._unexpected("data/", error)]))

    # (hooks/adapter.py on_config has put the address in: GitHub Actions' repository, or the setting)
    settings = (getattr(env, "conf", None) or {}).get("extra", {}).get("data_repository", {})
    extra = (getattr(env, "conf", None) or {}).get("extra", {})
    repository = render.Repository(url=str(settings.get("url") or ""),
                                   branch=settings.get("branch", "main"),
                                   email=str(extra.get("corrections_email") or ""))

    site = citation.Site.from_config(getattr(env, "conf", None) or {})
    registered = {
        "how_to_cite": partial(citation.how_to_cite, report, site, lang=lang),
        "facts": partial(render.facts, report, repository, lang=lang),
        "data_note": partial(render.data_note, report, repository, lang=lang),
        "snapshot_note": partial(render.snapshot_note, report, lang=lang),
        "corrections": partial(render.corrections, repository, lang=lang),
        "notes": partial(render.notes, report, lang=lang),
        "key_figures": partial(render.key_figures, report, lang=lang),
        "theme_cards": partial(render.theme_cards, report, lang=lang),
        "source_list": partial(render.source_list, report, lang=lang),
        "fact_count": partial(render.fact_count, report),
        "timeline": partial(render.timeline, report, lang=lang),
        "targets": partial(render.targets, report, lang=lang),
        "context": partial(render.context, report, lang=lang),
        "entity_index": partial(render.entity_index, report, lang=lang),
        "glossary": partial(render.glossary, report, lang=lang),
        "glossary_data": partial(render.glossary_data, report, lang=lang),
        "downloads": partial(render.downloads, report, lang=lang),
        "fact": partial(render.fact, report, repository, lang=lang),
        "figure": partial(render.figure_in_sentence, report, lang=lang),
        "based_on": partial(render.based_on, report, lang=lang, site_url=site.url),
    }
    assert set(registered) == set(pages.MACROS), "macros/pages.py MACROS must list the registered macros"
    # With the speedups on, block HTML skips Markdown (hooks/speedups.py MacroHtml, macros/stash.py;
    # fact and figure are put back inside their sentence); fact_count is a plain number in a sentence.
    macro_html = STATE.macro_html
    for name, function in registered.items():
        env.macro(function if name in INLINE or macro_html is None else macro_html.stash.block(function), name)


def on_pre_page_macros(env: Any) -> None:
    """The page grammar again, on the exact text about to be rendered (whatever produced it).

    The grammar's calls are then made here, in page order: each is a registered macro with
    literal arguments, which is all Jinja would do with the page, at a quarter of the cost
    of compiling every page as a template (macros/pages.py ``expand``).  Only while the
    block macros return placeholders; a call that fails is left to mkdocs-macros, which
    reports it with the page as it always has."""
    page = getattr(env, "page", None)
    file = f"docs/{page.file.src_path}" if page is not None else "docs/?"
    calls, problems = pages.check_text(env.markdown, file)
    problems += page_safety.html_problems(env.markdown, file)  # raw HTML and links, whatever produced the text
    if problems:
        _fail(DataError(problems))
    if STATE.macro_html is not None and calls:
        try:
            expanded = pages.expand(env.markdown, calls, env.macros)
        except Exception:  # noqa: BLE001 - rendered again by mkdocs-macros, which reports it
            return
        env.markdown = expanded
