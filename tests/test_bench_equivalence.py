"""The build-speed and index-size hooks proposed by the benchmark change nothing a reader sees.

The real site is built without and with ``hooks/jieba_fast_load.py``,
``hooks/template_cache.py`` and ``hooks/search_index.py`` (the second time with a
warm template cache, so cached templates are what renders).  Every built file must
be byte-for-byte the same, except ``search/search_index.json``, which must hold the
same value (config and every doc's location, title and text) written as smaller
UTF-8 JSON.  In a real browser the same queries must return the same pages.

Browser part: outside CI it skips with a message when Chromium or the npm packages
are missing; in CI (CI=true) it fails instead (the rules of tests/test_browser.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from scripts.benchlib import project
from test_browser import SEARCHES

INDEX = Path("search") / "search_index.json"


def _build(tmp: Path, name: str, config: str, times: int = 1) -> Path:
    copy = tmp / name
    project.snapshot(copy)
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp / f"{name}-site"
    for _ in range(times):
        if site.exists():
            shutil.rmtree(site)
        result = mkdocs_build(copy, site)
        assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """(without the hooks, with the hooks and a warm template cache)."""
    tmp = tmp_path_factory.mktemp("equivalence")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plain = _build(tmp, "without", project.without_hooks(config))
    hooked = _build(tmp, "with", project.with_hooks(config), times=2)
    assert any((tmp / "with" / ".cache" / "jinja").iterdir()), "template cache was not written"
    return plain, hooked


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_every_page_and_asset_is_byte_for_byte_the_same(sites):
    plain, hooked = sites
    before, after = _files(plain), _files(hooked)
    assert sorted(before) == sorted(after)
    different = [name for name in before if name != INDEX.as_posix()
                 and before[name].read_bytes() != after[name].read_bytes()]
    assert different == []


def test_search_index_holds_the_same_entries(sites):
    plain, hooked = sites
    before = json.loads((plain / INDEX).read_text(encoding="utf-8"))
    after = json.loads((hooked / INDEX).read_text(encoding="utf-8"))
    assert after["config"] == before["config"]
    fields = ("location", "title", "text")
    assert [tuple(d.get(f) for f in fields) for d in after["docs"]] == \
           [tuple(d.get(f) for f in fields) for d in before["docs"]]
    assert after == before  # nothing else dropped or added either


def test_search_index_is_utf8_and_smaller(sites):
    plain, hooked = sites
    raw_before, raw_after = (plain / INDEX).read_bytes(), (hooked / INDEX).read_bytes()
    assert b"\\u" in raw_before  # Material's own output escapes every Chinese character
    assert "首席质量官" in raw_after.decode("utf-8")
    assert len(raw_after) < 0.6 * len(raw_before), (len(raw_after), len(raw_before))


def test_jieba_fast_load_gives_the_same_dictionary_and_words(tmp_path):
    """The hook's cache read builds the same prefix dictionary as jieba's own initialize()."""
    probe = (
        "import hashlib, logging, marshal, sys, jieba\n"
        "jieba.setLogLevel(logging.WARNING)\n"
        "sys.path.insert(0, {root!r})\n"
        "from hooks import jieba_fast_load\n"
        "used = jieba_fast_load.preload() if sys.argv[1] == 'hook' else (jieba.initialize() or False)\n"
        "digest = hashlib.sha256(marshal.dumps(sorted(jieba.dt.FREQ.items()))).hexdigest()\n"
        "words = '/'.join(jieba.cut('安徽全省活跃着一万余名首席质量官和标准总监'))\n"
        "print(used, digest, jieba.dt.total, words)\n"
    ).format(root=str(ROOT))
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    subprocess.run([sys.executable, "-c", "import jieba, logging; jieba.setLogLevel(logging.WARNING); "
                    "jieba.initialize()"], check=True, env=env, timeout=300)  # make sure the cache exists
    own = subprocess.run([sys.executable, "-c", probe, "jieba"], capture_output=True, text=True, env=env, timeout=300)
    hooked = subprocess.run([sys.executable, "-c", probe, "hook"], capture_output=True, text=True, env=env, timeout=300)
    assert own.returncode == 0 and hooked.returncode == 0, own.stderr + hooked.stderr
    used, *rest = hooked.stdout.split()
    assert used == "True", "the hook did not load the cache"
    assert rest == own.stdout.split()[1:]


# --- in a real browser -----------------------------------------------------------------------------


def _search(site: Path, tmp: Path) -> dict[str, dict]:
    queries = tmp / "queries.json"
    queries.write_text(json.dumps(list(SEARCHES), ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "search.mjs"), str(site), str(queries)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    return {q["query"]: q for q in json.loads(result.stdout)["queries"]}


def test_the_same_queries_find_the_same_pages(browser, sites, tmp_path):
    plain, hooked = sites
    before, after = _search(plain, tmp_path), _search(hooked, tmp_path)
    for query in SEARCHES:
        assert "error" not in before[query] and "error" not in after[query], (before[query], after[query])
        assert after[query]["meta"] == before[query]["meta"], query
        assert after[query]["results"] == before[query]["results"], query
        assert after[query]["results"], f"{query}: no results at all"
