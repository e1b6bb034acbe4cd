"""MkDocs hook: write Material's search index as UTF-8 JSON instead of \\uXXXX escapes.

Material's search plugin writes ``search/search_index.json`` with ``json.dumps``'
default ``ensure_ascii=True``: every Chinese character becomes a six-byte
``\\uXXXX`` escape, and so does every U+200B word separator that jieba
segmentation inserts.  The same JSON written as UTF-8 is about half the size and
decodes to the *same* value, so the browser's search index, and with it every
search result, is unchanged (``tests/test_bench_equivalence.py`` checks this).

Nothing is dropped: Material 9.8's entries hold only ``location``, ``title`` and
``text`` (plus ``tags``/``boost`` when a page sets them), and its worker uses all
of them.  The file is only rewritten if it parses (``json`` round-trips exactly) and gets
smaller; otherwise it is left as Material wrote it.

Registered in mkdocs.yml under ``hooks:``; runs after every plugin's
``on_post_build`` (lowest priority).
"""

from __future__ import annotations

import json
import logging
import os

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search_index")

INDEX = os.path.join("search", "search_index.json")


@event_priority(-100)
def on_post_build(config, **kwargs) -> None:
    path = os.path.join(config["site_dir"], INDEX)
    if not os.path.isfile(path):
        return
    with open(path, "rb") as handle:
        raw = handle.read()
    before = len(raw)
    try:
        value = json.loads(raw)
    except ValueError as error:
        log.warning(f"search index left as written: {error}")
        return
    del raw  # a 1,000-page index is ~35 MB: keep at most two copies alive at a time
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    del value
    if len(data) >= before:
        return
    tmp = path + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
