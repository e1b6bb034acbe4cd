"""Speed and memory pieces that lean on other libraries' internals: the one optional module.

Each piece below makes a build or a ``make serve`` rebuild faster or smaller and changes no
byte of the site; each depends on something MkDocs, Material, mkdocs-macros or Jinja do not
promise, so each has a test that fails loudly when that library changes (named per piece).
hooks/adapter.py calls them only while they are switched on:

    QA_SPEEDUPS=off make build        # or, in mkdocs.yml:  extra: {speedups: false}

With them off the site is byte for byte the same (tests/test_structure.py builds both ways),
only slower: a maintainer facing a new MkDocs, Material or mkdocs-macros switches them off
first, then mends or drops the piece whose test fails.

* ``no_git_info``: mkdocs-macros runs twelve ``git`` commands per build for a page variable no
  page can read (the page grammar allows only macro calls).  Replaces
  ``mkdocs_macros.context.get_git_info``.  Guard: tests/test_scale.py
  test_mkdocs_macros_still_asks_for_git_info_by_that_name, test_a_build_runs_no_git_command.
* ``cache_templates``: MkDocs compiles Material's ~60 templates on every build, and lists the
  theme's ~14,500 files on every build per edition.  Gives ``theme.get_env``'s environment
  Jinja's FileSystemBytecodeCache (in the user's cache folder) and a loader that lists an
  installed theme once per process.  Replaces ``Theme.get_env`` on the instance and the
  environment's loader.  Guard: tests/test_scale.py
  test_the_theme_loader_lists_what_mkdocs_own_loader_lists,
  test_compiled_templates_are_kept_outside_the_checkout; tests/test_bench_equivalence.py.
* ``MacroHtml`` (macros/stash.py): the macros' HTML skips Markdown, which read every raw HTML
  block twice (~80 % of Markdown's time at 1,000 pages); the HTML's ids go into
  ``page.present_anchor_ids``, which MkDocs' anchor validation reads.  Guard: tests/test_scale.py
  test_the_anchor_ids_of_stashed_html_are_the_ones_mkdocs_collects,
  test_a_link_to_a_fact_on_another_page_is_checked.
* ``HeldPages``: the rendered pages are held zlib-compressed between Markdown and the theme
  (~70 MB of strings at 1,000 pages): ``page.content`` is a token in between.  Guard:
  tests/test_bench_equivalence.py (the site with the speedups off and on, byte for byte;
  test_the_macros_html_is_back_in_place).
* ``rebuild_only_if``, ``drop_dirty_warning`` (make serve, hooks/serve.py): MkDocs' ``--dirty``
  asks each page's ``File.is_modified()`` (is the Markdown newer than the HTML?); pages are
  made from data/, so the answer is replaced per file by hooks/serve.py's, and MkDocs' warning
  that a dirty build may show stale navigation, which ``--strict`` would make fatal, is dropped
  by its text.  Without them make serve rebuilds every page (the Makefile leaves out --dirty).
  Guard: tests/test_scale.py test_serve_rebuilds_only_what_a_data_edit_changes_and_equals_a_full_build,
  tests/test_structure.py test_mkdocs_still_asks_is_modified_and_warns_as_before.
* ``faster_server``: ``mkdocs serve`` polls every 0.5 s with no option to change it; this hands
  MkDocs its own LiveReloadServer with a shorter ``polling_interval`` and the same watches
  (reads the server's ``root``, ``mount_path``, ``error_handler``).  Guard: tests/test_scale.py
  test_the_served_site_is_watched_more_often_and_as_before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sysconfig
import zlib
from typing import Any

from jinja2 import FileSystemBytecodeCache, FileSystemLoader

from macros import stash

log = logging.getLogger("mkdocs.hooks.speedups")

SWITCH = "QA_SPEEDUPS"
OFF = ("0", "off", "false", "no")


def enabled(config: Any) -> bool:
    """On unless QA_SPEEDUPS=off (or 0/false/no) or mkdocs.yml says ``extra: {speedups: false}``."""
    if os.environ.get(SWITCH, "").strip().lower() in OFF:
        return False
    return (config.get("extra") or {}).get("speedups", True) is not False


# --- mkdocs-macros: no git commands -----------------------------------------------------------

NOT_COLLECTED = {"status": False, "date": None,
                 "diagnosis": "not collected: pages cannot read variables (hooks/speedups.py)"}


def _no_git_info() -> dict:
    return dict(NOT_COLLECTED)


def no_git_info() -> None:
    """Before mkdocs-macros' on_config (which asks for it): the answer mkdocs-macros itself
    gives where git is missing."""
    import mkdocs_macros.context
    mkdocs_macros.context.get_git_info = _no_git_info


# --- the theme's compiled templates and file list ----------------------------------------------

INSTALLED = tuple(os.path.realpath(sysconfig.get_paths()[k]) + os.sep for k in ("purelib", "platlib"))
_listed: dict[str, list[str]] = {}   # an installed theme directory -> its template names


def installed(directory: str) -> bool:
    return os.path.realpath(directory).startswith(INSTALLED)


class ThemeLoader(FileSystemLoader):
    """MkDocs' theme loader (a FileSystemLoader of the theme's directories) that lists each
    installed directory once per process: the same names as FileSystemLoader lists.  (An
    installed package does not change while the process runs; overrides/ is listed each time.)"""

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
    """Where the theme's compiled templates are kept for this project: in the user's cache
    folder, never in the checkout.  Jinja runs what it finds there, so a file in the repository
    (a pull request can add one, even under an ignored path) would be code the build runs; the
    folder is per project so that each copy starts cold."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(os.path.abspath(project_root).encode("utf-8")).hexdigest()[:16]
    return os.path.join(base, "quality-anhui-report", digest, "jinja")


class _QuietCache(FileSystemBytecodeCache):
    """A cache that never fails the build (read-only checkout, full disk ...).  Jinja checks
    each entry's source checksum and its own version, so an edited template or a new Jinja is
    compiled again."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            log.debug(f"template cache not written: {error}")


def _cache_for(config) -> FileSystemBytecodeCache | None:
    root = os.path.dirname(os.path.abspath(config["config_file_path"] or "mkdocs.yml"))
    directory = compiled_templates_dir(root)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError:
        return None
    return _QuietCache(directory, pattern="__mkdocs_%s.cache")


def cache_templates(config) -> None:
    """Before the search plugin builds its translation environment (its on_config)."""
    cache = _cache_for(config)
    theme = config["theme"]
    if cache is None or "get_env" in vars(theme):
        return
    original = theme.get_env

    def get_env():
        env = original()
        env.bytecode_cache = cache
        if type(env.loader) is FileSystemLoader:   # MkDocs' own (tests/test_scale.py checks)
            env.loader = ThemeLoader(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
        return env

    theme.get_env = get_env


# --- the macros' HTML skips Markdown ----------------------------------------------------------

class MacroHtml:
    """While a build runs, block macros return a token (macros/stash.py); after Markdown the
    token becomes the HTML again and its anchor ids are given to MkDocs' anchor validation."""

    def __init__(self) -> None:
        self.stash = stash.Stash()

    def restore(self, html: str, page) -> str:
        html, ids = self.stash.restore(html)
        if ids:
            page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
        return html


# --- rendered pages held compressed until the theme writes them --------------------------------

class HeldPages:
    """MkDocs renders every page's Markdown before any page goes into the theme, so all pages'
    HTML is held at once.  From the page's content event (after every other step has read it)
    until its turn in the theme, the HTML is kept compressed; ``page.content`` is the full HTML
    again from the first page-context step on (Material's search plugin reads it there)."""

    TOKEN = "<!-- qa-held-page -->"

    def __init__(self) -> None:
        self._held: dict[str, bytes] = {}

    def hold(self, page, html: str) -> str:
        self._held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return self.TOKEN

    def give_back(self, page) -> None:
        held = self._held.pop(page.file.src_uri, None)
        if held is not None and page.content == self.TOKEN:
            page.content = zlib.decompress(held).decode("utf-8")

    def after_writing(self, page) -> None:
        """The page is written next: keep only the compressed copy."""
        if page.content is not None and page.content != self.TOKEN:
            page.content = self.hold(page, page.content)


# --- make serve: only the pages an edit changed -------------------------------------------------

DIRTY_WARNING = "A 'dirty' build is being performed"


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def drop_dirty_warning() -> None:
    # The build module's own logger object, not a logger looked up by name: an engine that
    # renames the package (ProperDocs logs as "properdocs.commands.build") keeps the object.
    from mkdocs.commands.build import log as build_log
    build_log.addFilter(_DropDirtyWarning())


def rebuild_only_if(file, rebuild: bool) -> None:
    """MkDocs' --dirty rebuilds a page when its File says it is modified: say so for this one."""
    file.is_modified = lambda: rebuild


# --- make serve notices a saved file within a fifth of a second -------------------------------

POLLING_INTERVAL = 0.2   # seconds; a poll of the real site's ~250 files takes about a millisecond


def faster_server(server, config, builder):
    """MkDocs' own LiveReloadServer with the same builder, address, folder and error pages and a
    shorter ``polling_interval`` (its public argument), watching what MkDocs' serve watched
    before this event (the pages, the config file) plus the theme overrides; MkDocs then adds
    ``watch:`` (data/, macros/).  Polling, not inotify, as MkDocs chose."""
    from mkdocs.livereload import LiveReloadServer

    host, port = config.dev_addr
    faster = LiveReloadServer(builder=builder, host=host, port=port, root=server.root,
                              mount_path=server.mount_path, polling_interval=POLLING_INTERVAL)
    faster.error_handler = server.error_handler
    own_theme = [d for d in config.theme.dirs if not installed(d)]   # overrides/
    for path in (config.docs_dir, config.config_file_path, *own_theme):
        if path and os.path.exists(path):
            faster.watch(path)
    return faster
