"""MkDocs hook: load jieba's prefix dictionary from its cache file ~4x faster.

Material's search plugin segments Chinese with jieba.  The first segmentation (or
``load_userdict``) initialises jieba, which reads its cache file
(``$TMPDIR/jieba.cache``, ~9 MB) with ``marshal.load(file)``.  On Python 3.11 that
call reads the file in small pieces and takes ~1.5 s on the project's 2-core
machine; ``marshal.loads(file.read())`` builds the identical ``(FREQ, total)``
tuple in ~0.35 s.  Profile (pyinstrument, real site, before this hook):
``SearchPlugin.on_config -> jieba load_userdict -> initialize -> marshal.load``
= 1.50 s of a 4.0 s build.

This hook does exactly what ``jieba.Tokenizer.initialize`` does for the default
dictionary when a valid cache exists -- same cache file, same freshness rule, same
resulting attributes -- only with the faster read, and it runs before the search
plugin's ``on_config`` (higher priority).  Whenever anything differs from that
case (custom ``jieba_dict``, no cache yet, an unexpected jieba version, an
unreadable cache) it does nothing and jieba initialises itself as before, so the
segmentation, and the search index, are unchanged.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.jieba_fast_load")


def _search_config(config):
    for name, plugin in config["plugins"].items():
        if name.split("/")[-1] == "search" and hasattr(plugin, "config"):
            return plugin.config
    return None


def preload() -> bool:
    """Initialise jieba's default tokenizer from its cache; True if this hook did it."""
    try:
        import jieba
    except ImportError:
        return False
    tokenizer = getattr(jieba, "dt", None)
    needed = ("initialized", "lock", "dictionary", "cache_file", "tmp_dir", "FREQ", "total")
    if tokenizer is None or not all(hasattr(tokenizer, a) for a in needed):
        return False
    with tokenizer.lock:
        if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT:
            return False
        name = tokenizer.cache_file or "jieba.cache"
        cache = os.path.join(tokenizer.tmp_dir or tempfile.gettempdir(), name)
        if not os.path.isfile(cache):
            return False  # first run: jieba builds and writes the cache itself
        try:
            with open(cache, "rb") as handle:
                freq, total = marshal.loads(handle.read())
        except Exception:  # same fallback as jieba: rebuild from dict.txt
            return False
        if not isinstance(freq, dict) or not isinstance(total, int):
            return False
        tokenizer.FREQ, tokenizer.total = freq, total
        tokenizer.initialized = True
    log.debug(f"jieba dictionary loaded from {cache}")
    return True


@event_priority(100)  # before the search plugin's on_config (priority 0)
def on_config(config, **kwargs):
    search = _search_config(config)
    if search is not None and not search.get("jieba_dict"):
        preload()
    return config
