"""The adapter's outputs besides the pages: the downloadable datasets (macros/exports.py) in the built site,
the citation metadata, and the "download the whole report (PDF)" link kept from pointing at nothing.

A step of the adapter rather than a macro because it writes files; the pages and macros stay
pure (and work under Zensical, which would simply lack the downloads).

The PDF is written after the build by ``make pdf`` (scripts/build_pdf.py), so no
build has it: every page's PDF link leaves the build hidden and marked
(``PDF_PENDING``), and build_pdf.py shows the links once the file is written.  A
``make build``/``make serve`` preview therefore shows no link rather than a 404.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from mkdocs.structure.files import File, Files


from hooks.state import STATE
from macros import citation, exports, i18n, loader


# The theme override's PDF link (overrides/main.html), and the same link hidden until
# scripts/build_pdf.py has written the file (it removes the marker).
PDF_LINK = '<a class="md-button qa-actions__pdf"'
PDF_PENDING = '<a hidden data-qa-pdf-pending class="md-button qa-actions__pdf"'


# The build's report, kept from on_files (which runs before any page): on_post_page runs
# once per page, and loading again there would validate data/ a second time and then
# stat every data file on every page (the loader's freshness check).
_report = None


def on_post_page(output: str, page, config) -> str:
    """Hide the PDF link until the PDF exists; add citation metadata to the page's head."""
    report = _report if _report is not None else _load(config)
    meta = citation.head(report, citation.Site.from_config(config), page.title, page.url,
                         (page.meta or {}).get("description"))
    output = output.replace("</head>", meta + "\n</head>", 1)
    return output.replace(PDF_LINK, PDF_PENDING)


def _load(config):
    return loader.load(Path(config["config_file_path"]).parent / "data", i18n.docs_root(config),
                       languages=i18n.published())


# The downloads are written to a temporary folder as they are made, and MkDocs copies them
# from there: held in memory until the copy they took ~180 MB at 1,000 pages.
_folder: str | None = None


def _clean() -> None:
    global _folder
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)
        _folder = None


atexit.register(_clean)


def on_files(files: Files, config) -> Files:
    """The downloads, once, at the site's root: both editions link to the same files."""
    global _report, _folder
    report = _report = _load(config)
    if i18n.language_of(config) != i18n.DEFAULT:
        return files
    _clean()
    _folder = tempfile.mkdtemp(prefix="qa-downloads-")
    for path, written in exports.write_all(report, _folder, citation.Site.from_config(config).url,
                                           cache=STATE.serving.row_cache):
        files.append(File.generated(config, path, abs_src_path=str(written)))
    return files


def on_post_build(config) -> None:
    _clean()
