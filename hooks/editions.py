"""The adapter's two editions: one build drives both.

The Chinese edition (mkdocs.yml) is the site's root; the English one (mkdocs.en.yml, which
INHERITs it) is an ordinary MkDocs build of docs/en/ into ``<site>/en/``, started here
when the Chinese build has finished, so ``mkdocs build`` and ``mkdocs serve`` (and so
``make build``/``make serve``) always write both.  Each edition is a build of its own,
with its own config, pages, search index and sitemap; they share data/, macros/ and
docs/assets/ (added to the English build's files below).  Why not mkdocs-static-i18n:
README.md, "Two editions".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent

from hooks.state import STATE
from macros import i18n, publication

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
    """The error pages (404.html of each edition) work under any address they are served at.

    A host serves 404.html for every missing address (GitHub Pages: with status 404, at the
    missing address, e.g. /quality-anhui-report/a/b.html), so links relative to the page
    would point nowhere, and MkDocs' links from the server's root (/assets/…) miss the site's
    sub-path when it is published under one.  So the error page's links are written relative
    to its edition's root ("assets/…", "governance.html", as on the home page), and the first
    thing in its <head> (overrides/404.html) sets <base> to that root: the published sub-path
    (the path of extra.public_url, macros/publication.py) when the address is under it, else
    the server's root, so a preview served from / works too.  The English page's root is
    its edition's (…/en/), not the Chinese one."""
    if template_name == "404.html":
        context["base_url"] = "."
        context["error_page_root"] = {"site": publication.site_path(config),
                                      "edition": i18n.PREFIX[i18n.language_of(config)]}
    return context


# The error page's asset tags (a stylesheet, the favicon, a script), as Material writes them.
ERROR_PAGE_ASSET = re.compile(r'<link rel="(?:stylesheet|icon)" href="[^"]*">|<script src="[^"]*"[^>]*></script>')
# Material's inline script: the settings' scope, from the page's own address.
MATERIAL_SCOPE = '__md_scope=new URL(".",location)'


def on_post_template(output: str, template_name: str, config) -> str:
    """The error page writes its own asset tags, once its <base> is set (overrides/404.html).
    As plain tags the browser's look-ahead fetches them before any script runs, relative to
    the missing address (…/a/b/assets/report.css): a failed request for each.  Material's
    scope for the reader's settings (light or dark, kept in localStorage) is the site's root
    from its base too, so the error page keeps the scheme the reader chose."""
    if template_name != "404.html":
        return output
    output = output.replace(MATERIAL_SCOPE, MATERIAL_SCOPE.replace("location", "document.baseURI"))

    def written(match: re.Match) -> str:
        tag = json.dumps(match.group(0)).replace("<", "\\u003c").replace(">", "\\u003e")
        return f"<script>document.write({tag})</script>"

    return ERROR_PAGE_ASSET.sub(written, output)


# Last of all (hooks/adapter.py): MkDocs loads a hook file once per process (its loader is
# lru_cached), so the English build runs the very same adapter and modules (hooks/search.py's
# index builder, hooks/exports.py's report) as the Chinese one.  Every other step must have
# finished with the Chinese build before the English build starts and resets them.
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
        build(english, dirty=STATE.serving.active)
    finally:
        english.plugins.on_shutdown()
