"""MkDocs hook: keep the theme's compiled Jinja templates between builds.

MkDocs creates a fresh Jinja environment for every build (and the search plugin
one more, to read its translations), so Material's templates -- base.html,
the navigation, header, footer, language partials, ~60 files -- are parsed and
compiled to Python on every ``mkdocs build`` and on every rebuild of ``mkdocs
serve``.  Profile (cProfile, real site): ``jinja2 Environment.compile`` 60 calls,
1.3 s cumulative of a 5.7 s profiled build; measured without the profiler, a warm
cache takes the real build from 3.2 s to 2.75 s.

This hook gives those environments Jinja's own ``FileSystemBytecodeCache`` in
``.cache/jinja/`` (git-ignored).  Jinja keys each entry by template name and file
and checks the SHA-1 of the source and its own version/Python magic before using
it, so an edited template or an upgraded Jinja is recompiled; the rendered HTML is
byte-for-byte the same.  If the directory cannot be written the build goes on
without the cache.
"""

from __future__ import annotations

import logging
import os

from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.template_cache")

CACHE_DIR = os.path.join(".cache", "jinja")


class _QuietCache(FileSystemBytecodeCache):
    """A cache that never fails the build (read-only checkout, full disk ...)."""

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
    directory = os.path.join(root, CACHE_DIR)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError:
        return None
    return _QuietCache(directory, pattern="__mkdocs_%s.cache")


@event_priority(100)  # before the search plugin builds its translation environment
def on_config(config, **kwargs):
    cache = _cache_for(config)
    theme = config["theme"]
    if cache is None or "get_env" in vars(theme):
        return config
    original = theme.get_env

    def get_env():
        env = original()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env
    return config
