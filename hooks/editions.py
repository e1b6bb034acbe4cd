"""MkDocs hook: the two editions in one build.

The Chinese edition (mkdocs.yml) is the site's root; the English one (mkdocs.en.yml, which
INHERITs it) is an ordinary MkDocs build of docs/en/ into ``<site>/en/``, started here
when the Chinese build has finished, so ``mkdocs build`` and ``mkdocs serve`` (and so
``make build``/``make serve``) always write both.  Each edition is a build of its own,
with its own config, pages, search index and sitemap; they share data/, macros/ and
docs/assets/ (added to the English build's files below).  Why not mkdocs-static-i18n:
README.md, "Two editions".
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import i18n, incremental  # noqa: E402

# What the English build takes from the Chinese docs/ as it is (styles, scripts, search
# engine, JSON Schemas): one copy in the repository, one per edition in the site.
SHARED = ("assets",)
ENGLISH_CONFIG = ROOT / "mkdocs.en.yml"


def on_files(files: Files, config) -> Files:
    if i18n.language_of(config) == i18n.DEFAULT:
        return files
    shared_root = Path(config["docs_dir"]).parent
    for folder in SHARED:
        for path in sorted((shared_root / folder).rglob("*")):
            if path.is_file():
                relative = path.relative_to(shared_root).as_posix()
                if files.get_file_from_path(relative) is None:
                    files.append(File(relative, str(shared_root), config["site_dir"],
                                      config["use_directory_urls"]))
    return files


def on_template_context(context, template_name: str, config):
    """The English 404 page links into the English edition.  MkDocs writes an error page's
    links from the server's root (it is served for any missing address), the same root for
    both builds: without this the English 404 page's navigation, styles and search would be
    the Chinese edition's (/governance.html instead of /en/governance.html)."""
    if template_name == "404.html" and i18n.language_of(config) != i18n.DEFAULT:
        root = urlsplit(config.get("site_url") or "/").path.rstrip("/")
        context["base_url"] = f"{root}/{i18n.PREFIX[i18n.language_of(config)].rstrip('/')}"
    return context


# Last of all: MkDocs loads a hook file once per process (its loader is lru_cached), so the
# English build runs the very same hook modules (hooks/search.py's index builder,
# hooks/exports.py's report) as the Chinese one.  Every other hook must have finished its
# Chinese on_post_build before the English build starts and resets them.
@event_priority(-100)
def on_post_build(config) -> None:
    """After the Chinese edition: the English one, into <site_dir>/en/ (same strictness)."""
    if i18n.language_of(config) != i18n.DEFAULT or "en" not in i18n.published():
        return
    english = load_config(config_file=str(ENGLISH_CONFIG),
                          site_dir=str(Path(config["site_dir"]) / i18n.PREFIX["en"]),
                          strict=bool(config["strict"]))
    english.plugins.on_startup(command="build", dirty=False)
    try:
        # make serve (mkdocs serve --dirty): this edition too rebuilds only what an edit changed
        build(english, dirty=incremental.serving)
    finally:
        english.plugins.on_shutdown()
