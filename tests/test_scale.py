"""Issue 14 (scale): the macros' HTML skips Markdown without changing the site or MkDocs'
anchor checks."""

from __future__ import annotations

import filecmp
import os
import re
from pathlib import Path

import pytest
from mkdocs.structure.pages import _HTMLHandler

from conftest import ROOT, THEMED_PAGES, mkdocs_build
from hooks import macros_entry as main, speedups
from hooks.state import STATE
from macros import pages, stash


def _differences(one: Path, other: Path) -> list[str]:
    """Files that differ between two sites, or exist in one only."""
    out: list[str] = []

    def walk(compare: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + name for name in compare.left_only + compare.right_only + compare.funny_files)
        _same, differ, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files, shallow=False)
        out.extend(prefix + name for name in differ + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return sorted(out)


# (The site with the speedups off -- no placeholders, no held pages, every page compiled as a
# Jinja template -- is compared with the site with them on in tests/test_bench_equivalence.py,
# which builds both once for every speedup.)


def _link_from_sources(project: Path, target: str) -> None:
    page = project / "docs" / "sources.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n见[这条事实]({target})。\n", encoding="utf-8")


def test_a_link_to_a_fact_on_another_page_is_checked(project_copy, tmp_path, report):
    """The ids inside macro HTML still count as the page's anchors for `validation.anchors`
    (a strict build fails on a link to an anchor a page does not have)."""
    fact = report.facts_in("governance")[0]
    _link_from_sources(project_copy, f"governance.md#fact-{fact.id}")
    good = mkdocs_build(project_copy, tmp_path / "good")
    assert good.returncode == 0, good.stdout + good.stderr

    _link_from_sources(project_copy, "governance.md#fact-no-such-fact")
    bad = mkdocs_build(project_copy, tmp_path / "bad")
    assert bad.returncode != 0
    assert "does not contain an anchor '#fact-no-such-fact'" in bad.stdout + bad.stderr


class _Env:
    """What define_env needs from mkdocs-macros: it collects the registered macros."""

    def __init__(self) -> None:
        self.project_dir = str(ROOT)
        self.conf = {"docs_dir": str(ROOT / "docs"), "extra": {}}
        self.macros: dict = {}

    def macro(self, function, name):
        self.macros[name] = function


def _every_block_on_the_real_pages() -> list[str]:
    env = _Env()
    main.define_env(env)
    calls, problems = pages.check_docs(ROOT / "docs")
    assert not problems and calls
    assert STATE.macro_html is None   # outside a build the macros return their HTML
    return [str(env.macros[c.name](*c.args)) for c in calls if c.name not in main.INLINE]


def test_the_anchor_ids_of_stashed_html_are_the_ones_mkdocs_collects():
    """stash.anchor_ids (a regex) against MkDocs' own parser on every macro call of the site."""
    blocks = _every_block_on_the_real_pages()
    assert sum(len(stash.anchor_ids(b)) for b in blocks) > 100
    for html in blocks:
        parser = _HTMLHandler()
        parser.feed(html)
        parser.close()
        assert stash.anchor_ids(html) == parser.present_anchor_ids


@pytest.mark.parametrize("html, ids", [
    ('<div id="a&amp;b"><a name="n" href="#x">x</a><span name="not-an-anchor"></span></div>', {"a&b", "n"}),
    ("<p ID='upper' data-id=\"no\">id=\"text\"</p>", {"upper"}),
    ("<svg><text id=bare>t</text></svg>", {"bare"}),
])
def test_anchor_ids_follow_mkdocs_rules(html, ids):
    parser = _HTMLHandler()
    parser.feed(html)
    parser.close()
    assert stash.anchor_ids(html) == parser.present_anchor_ids == ids


def test_restore_puts_blocks_back_as_markdown_would():
    blocks = stash.Stash()
    block = blocks.put('<div id="x">块</div>')
    inline = blocks.put('<span id="y">词</span>')
    assert blocks.put("") == ""   # nothing to stash: Markdown sees nothing either
    content = f"<p>前</p>\n<p>{block}</p>\n<p>句中 {inline} 句末</p>\n<p>QAMACROHTML999999Z</p>"
    restored, ids = blocks.restore(content)
    assert restored == ('<p>前</p>\n<div id="x">块</div>\n\n<p>句中 <span id="y">词</span> 句末</p>\n'
                        "<p>QAMACROHTML999999Z</p>")   # an unknown token is left alone
    assert ids == {"x", "y"}


@pytest.mark.parametrize("cached", [False, True])
def test_the_combined_download_is_the_json_of_all_datasets(report, cached, monkeypatch):
    """exports.write_all streams each dataset and writes the combined file from their files
    (with make serve's cache of encoded rows, filled by a first run): the same bytes as
    dumping the whole object."""
    from macros import exports

    uncached = exports.files(report, "https://example.org/r/")
    if cached:
        cache = exports.RowCache()
        exports.files(report, "https://example.org/r/", cache)
        assert len(cache.encoded) > 2 * len(report.facts)   # JSON and CSV text of each row
    made = exports.files(report, "https://example.org/r/", cache if cached else None)
    assert made == uncached
    combined = {"about": exports.citation(report)}
    for dataset in exports.DATASETS:
        combined[dataset.name] = dataset.rows(report, "https://example.org/r/")
        assert made[f"{exports.DOWNLOAD_DIR}/{dataset.name}.json"] == exports.to_json(combined[dataset.name])
    assert made[f"{exports.DOWNLOAD_DIR}/{exports.COMBINED_FILE}"] == exports.to_json(combined)


# --- make serve: incremental rebuilds (hooks/serve.py) -------------------------------------------------

# What `mkdocs serve --strict --dirty` does on each change, in one process: a fresh config
# and a dirty build into the same folder.  After each build the site and data/ are copied
# aside (<site>-<n>, <site>-data-<n>); prints how many pages each build rendered.
SERVE_SCRIPT = r"""
import json, logging, shutil, sys
logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")   # the log make serve shows
from mkdocs.commands.build import build
from mkdocs.config import load_config
site, steps = sys.argv[1], json.loads(sys.argv[2])
rendered = []
for n, (file, old, new) in enumerate(steps):
    if file:
        text = open(file, encoding="utf-8").read()
        assert old in text, old
        open(file, "w", encoding="utf-8").write(text.replace(old, new, 1))
    config = load_config(config_file="mkdocs.yml", site_dir=site, strict=True)
    if n == 0:
        config.plugins.on_startup(command="serve", dirty=True)
    count, markdown_event = [], config.plugins.on_page_markdown
    config.plugins.on_page_markdown = lambda markdown, **kw: count.append(1) or markdown_event(markdown, **kw)
    build(config, dirty=True)
    rendered.append(len(count))
    shutil.copytree(site, f"{site}-{n}")
    shutil.copytree("data", f"{site}-data-{n}")
print(json.dumps(rendered))
"""


def test_serve_rebuilds_only_what_a_data_edit_changes_and_equals_a_full_build(project_copy, tmp_path, report):
    """After a fact edit, a new fact (every later line of the file moves) and an organisation's
    new name (shared by many pages), `make serve`'s site is byte for byte a full build of the
    same files; the first two rebuild a few pages, the last every page."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    fact = report.facts_in("governance")[0]
    text = (project_copy / "data" / "facts" / "governance.yml").read_text(encoding="utf-8")
    start = text.index(f"- id: {fact.id}\n")
    record = text[start:text.index("\n- id:", start) + 1]
    organisation = report.entities_of("organisation")[0]
    name = report.name(organisation.id).zh
    facts_file, entities_file = (str(project_copy / "data" / f) for f in ("facts/governance.yml", "organisations.yml"))
    steps = [
        ("", "", ""),   # the server's first build
        (facts_file, f"    zh: {fact.statement.zh}\n", f"    zh: {fact.statement.zh}（改动一）\n"),
        (facts_file, f"- id: {fact.id}\n", record.replace(f"- id: {fact.id}", "- id: incremental-test-copy")
         .replace(fact.statement.zh, "增量构建测试新增的一条事实") + f"- id: {fact.id}\n"),
        (entities_file, f"    zh: {name}\n", f"    zh: {name}（改名）\n"),
    ]
    site = tmp_path / "served"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1638152000")
    result = subprocess.run([sys.executable, "-c", SERVE_SCRIPT, str(site), json.dumps(steps)], cwd=project_copy,
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rendered = json.loads(result.stdout.strip().splitlines()[-1])

    pages_total = len(list((project_copy / "docs").glob("*.md")))   # the Chinese edition: the English is built whole
    assert rendered[0] == rendered[3] == pages_total, rendered
    # the other themed pages were not rendered again; governance and the listings were
    assert rendered[1:3] == [pages_total - (len(THEMED_PAGES) - 1)] * 2, rendered
    # what the serve log says: per build, the Chinese edition then the English one, each
    # "rebuilding <n> of <its own pages>" (it once said "14 of 11": both editions' pages counted)
    said = [tuple(map(int, m)) for m in re.findall(r"rebuilding (\d+) of (\d+) pages", result.stderr)]
    assert said[0::2] == [(n, pages_total) for n in rendered[1:3]], said
    assert all(n <= total == pages_total for n, total in said), said
    # the fact edit wrote again only the search index files it changes (hooks/search.py _patched)
    def index_files(n: int) -> dict[str, int]:
        folder = Path(f"{site}-{n}") / "search" / "qa"
        return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.json")}
    first, edited = index_files(0), index_files(1)
    rewritten = sorted(p for p in edited if edited[p] != first.get(p))
    assert rewritten and len(rewritten) < len(edited) / 2 and "meta.json" not in rewritten, rewritten
    for n in range(1, len(steps)):
        shutil.rmtree(project_copy / "data")
        shutil.copytree(f"{site}-data-{n}", project_copy / "data")
        full = tmp_path / f"full-{n}"
        built = mkdocs_build(project_copy, full)
        assert built.returncode == 0, built.stdout + built.stderr
        assert _differences(Path(f"{site}-{n}"), full) == [], f"after step {n}"


# --- listings that do not grow without bound ----------------------------------------------------------


def test_listings_give_counts_and_links_beyond_their_limits(report, monkeypatch):
    """The real report is below the limits (its pages list everything); with the limits
    lowered, the overview and sources listings show a few entries, the count of the rest
    and links to the pages that have them, in both editions; the source anchors stay."""
    from macros import render

    assert len(report.key_facts()) <= render.LISTED_CARDS and len(report.themes) <= render.LISTED_CARDS
    full_sources = render.source_list(report)
    monkeypatch.setattr(render, "LISTED_CARDS", 2)
    monkeypatch.setattr(render, "LISTED_CITING", 1)
    monkeypatch.setattr(render, "LISTED_PAGES", 1)

    cards = render.key_figures(report, skip=4)
    assert cards.count('class="qa-card"') == 2
    assert f"另有 {len(report.key_facts()) - 4 - 2} 项关键数字" in cards
    themes = render.theme_cards(report)
    others = [t for t in report.themes if t.page != "index.md"]
    assert themes.count('class="qa-theme"') == 2 and f"另有 {len(others) - 2} 个主题" in themes
    assert render.key_figures(report, "governance").count('class="qa-card"') == len(report.key_facts("governance"))

    sources = render.source_list(report)
    for source in report.sources.values():
        assert f'id="source-{source.id}"' in sources and f'id="source-{source.id}"' in full_sources
    assert len(sources) < len(full_sources) and "个页面" in sources
    assert 'href="governance.html"' in sources   # the page showing the records, not each record
    english = render.source_list(report, lang="en") + render.key_figures(report, skip=4, lang="en")
    assert "more key figures" in english and "facts or quotations, on " in english

    organisations = render.entity_index(report, "organisation")
    busy = next(e for e in report.entities_of("organisation") if len(report.facts_mentioning(e.id)) > 1)
    assert organisations.count('id="entity-') == len(report.entities_of("organisation"))   # anchors stay
    assert f"{len(report.facts_mentioning(busy.id))} 条事实，分布在" in organisations
    assert any(len(report.facts_mentioning(e.id)) > 1 for e in report.dated_events())
    assert "条事实，分布在 1 个页面：" in render.timeline(report)
    assert " facts, on " in render.entity_index(report, "organisation", lang="en")


class _PageEnv:
    """What on_pre_page_macros needs from mkdocs-macros: the page's text and the macros."""

    def __init__(self, markdown: str, macros: dict) -> None:
        self.markdown, self.macros, self.page = markdown, macros, None


def test_the_page_calls_are_made_in_order_without_a_template(monkeypatch):
    """While the macros stash their HTML, the page reaches mkdocs-macros with every call
    already made (text left with no template syntax); otherwise it is left to Jinja."""
    made = []
    building = speedups.MacroHtml()

    def macro(name):
        def call(*args, **keywords):
            made.append((name, args, keywords))
            return building.stash.put(f"<div>{name}{args}</div>")
        return call

    macros = {name: macro(name) for name in pages.MACROS}
    text = ('# 页\n\n{{ key_figures("governance", top=4) }}\n\n正文 {{ fact_count() }} 条。\n\n'
            '{{ facts("governance", "policy") }}\n')
    monkeypatch.setattr(STATE, "macro_html", building)
    env = _PageEnv(text, macros)
    main.on_pre_page_macros(env)
    assert made == [("key_figures", ("governance",), {"top": 4}), ("fact_count", (), {}),
                    ("facts", ("governance", "policy"), {})]
    assert "{{" not in env.markdown and env.markdown.count(stash._PREFIX) == 3
    assert env.markdown.startswith("# 页\n\n" + stash._PREFIX) and "\n\n正文 " in env.markdown

    monkeypatch.setattr(STATE, "macro_html", None)   # the HTML itself would be template source
    env = _PageEnv(text, macros)
    main.on_pre_page_macros(env)
    assert env.markdown == text


def test_a_failing_call_is_left_to_mkdocs_macros_to_report(monkeypatch):
    def broken(*args):
        raise KeyError("theme 'governance' has no topic 'nope'")

    monkeypatch.setattr(STATE, "macro_html", speedups.MacroHtml())
    text = '{{ facts("governance", "nope") }}\n'
    env = _PageEnv(text, {**{name: (lambda *a, **k: "") for name in pages.MACROS}, "facts": broken})
    main.on_pre_page_macros(env)
    assert env.markdown == text


# --- hooks/speedups.py no_git_info: no git commands on every build --------------------------------

def test_mkdocs_macros_still_asks_for_git_info_by_that_name():
    """hooks/speedups.py no_git_info replaces mkdocs_macros.context.get_git_info: if mkdocs-macros
    stops calling it from define_env (renamed, moved, made optional), revisit the hook."""
    import inspect

    import mkdocs_macros.context

    assert "get_git_info()" in inspect.getsource(mkdocs_macros.context.define_env)


def test_a_build_runs_no_git_command(project_copy, tmp_path, monkeypatch):
    """A `git` first on PATH logs every call: mkdocs-macros ran twelve per edition."""
    tools = tmp_path / "bin"
    tools.mkdir()
    log = tmp_path / "git-calls.txt"
    (tools / "git").write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexit 128\n', encoding="utf-8")
    (tools / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    built = mkdocs_build(project_copy, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    assert not log.exists(), log.read_text(encoding="utf-8")

    built = mkdocs_build(project_copy, tmp_path / "site-without", environ={speedups.SWITCH: "off"})
    assert built.returncode == 0, built.stdout + built.stderr
    assert "rev-parse --short HEAD" in log.read_text(encoding="utf-8")   # what the hook prevents


# --- hooks/speedups.py cache_templates: the installed theme's files listed once per process -----

def test_the_theme_loader_lists_what_mkdocs_own_loader_lists():
    from jinja2 import FileSystemLoader
    from mkdocs.config import load_config


    theme = load_config(str(ROOT / "mkdocs.yml")).theme
    assert type(theme.get_env().loader) is FileSystemLoader   # what the hook replaces (loud if MkDocs changes)
    expected = FileSystemLoader(theme.dirs).list_templates()
    loader = speedups.ThemeLoader(theme.dirs)
    assert loader.list_templates() == expected
    assert loader.list_templates() == expected   # the second time from memory
    material = [d for d in theme.dirs if d.rstrip("/").endswith("material/templates")]
    assert material and speedups.installed(material[0]) and material[0] in speedups._listed
    overrides = [d for d in theme.dirs if d.rstrip("/").endswith("overrides")]
    assert overrides and not speedups.installed(overrides[0]) and overrides[0] not in speedups._listed


# --- hooks/speedups.py faster_server: make serve notices an edit within POLLING_INTERVAL -----------

def test_the_served_site_is_watched_more_often_and_as_before(tmp_path):
    """on_serve hands MkDocs its own LiveReloadServer with a shorter polling interval, serving
    the same folder with the same builder and error pages, watching the pages, the config and
    the theme overrides (MkDocs adds data/ and macros/ from `watch:` afterwards)."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    from hooks import adapter

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert any(name.endswith("hooks/adapter.py") for name in config.plugins)   # make serve uses it
    assert speedups.enabled(config)

    def builder():
        pass

    served = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(tmp_path), mount_path="/")
    served.error_handler = lambda code: b"not found"
    faster = adapter.on_serve(served, config=config, builder=builder)
    assert isinstance(faster, LiveReloadServer) and faster is not served
    assert faster.observer.timeout == speedups.POLLING_INTERVAL < 0.5 == served.observer.timeout
    assert faster.builder is builder and faster.root == served.root and faster.mount_path == served.mount_path
    assert faster.error_handler(404) == b"not found"
    watched = set(faster._watched_paths)
    assert {os.path.abspath(config.docs_dir), os.path.abspath(config.config_file_path),
            str(ROOT / "overrides")} <= watched
    assert not any("site-packages" in path for path in watched)   # not Material's 14,500 files


def test_compiled_templates_are_kept_outside_the_checkout(tmp_path, monkeypatch):
    """Jinja runs the compiled templates it finds in its cache: a folder in the repository
    would run whatever a pull request put there (even under an ignored path)."""

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = Path(speedups.compiled_templates_dir(str(ROOT)))
    assert tmp_path / "cache" in folder.parents and ROOT not in folder.parents
    assert folder != Path(speedups.compiled_templates_dir(str(tmp_path / "another-copy")))
