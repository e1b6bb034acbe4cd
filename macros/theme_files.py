"""The theme's files, listed once per process for an installed theme (hooks/template_cache.py).

MkDocs lists every file of the theme on every build to find its static files (Material:
~14,500 files, mostly icons): once per edition, and again on every ``make serve`` rebuild,
~30 % of a rebuild of both editions of the real site (issue 14).  An installed package does
not change while the process runs; the project's own ``overrides/`` is listed each time.
(MkDocs loads a hook module once per process; the list is kept here, beside the loader that reads it.)
"""

from __future__ import annotations

import hashlib
import os
import sysconfig

from jinja2 import FileSystemLoader

INSTALLED = tuple(os.path.realpath(sysconfig.get_paths()[k]) + os.sep for k in ("purelib", "platlib"))
_listed: dict[str, list[str]] = {}   # an installed theme directory -> its template names


def installed(directory: str) -> bool:
    return os.path.realpath(directory).startswith(INSTALLED)


class ThemeLoader(FileSystemLoader):
    """MkDocs' theme loader (a FileSystemLoader of the theme's directories) that lists each
    installed directory once per process: the same names as FileSystemLoader lists."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for directory in self.searchpath:
            names = _listed.get(directory)
            if names is None:
                names = FileSystemLoader(directory, followlinks=self.followlinks).list_templates()
                if installed(directory):
                    _listed[directory] = names
            found.update(names)
        return sorted(found)


def compiled_templates_dir(project_root: str) -> str:
    """Where hooks/template_cache.py keeps the theme's compiled templates for this project:
    in the user's cache folder, never in the checkout.  Jinja runs what it finds there, so a
    file in the repository (a pull request can add one, even under an ignored path) would be
    code the build runs; the folder is per project so that each copy starts cold."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(os.path.abspath(project_root).encode("utf-8")).hexdigest()[:16]
    return os.path.join(base, "quality-anhui-report", digest, "jinja")
