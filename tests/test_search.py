"""The report's own search (issue 9), run in Node on the built index.

The engine (docs/assets/search/engine.js) is the very file the browser's worker
loads; tests/search/engine.mjs runs it over ``site/search/qa``.  The queries come
from the built pages' main text, cut out here with BeautifulSoup (independently
of the indexer's own parser), from every entity name, glossary term and alias, and
every figure with its unit; plus the hand-written list in search_cases.py.
Typing into the real search box is tested in test_browser.py.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import ROOT, require
from macros import render
from macros.search import extract, text as search_text
from search_cases import REALISTIC

LISTING = ("index.html", "glossary.html", "organisations.html", "timeline.html", "data.html",
           "sources.html", "targets.html")
LEAF_BLOCKS = ("p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "h1", "h2", "h3",
               "h4", "h5", "h6", "div", "blockquote")
SEED = 20261125


def node_missing() -> str | None:
    return None if shutil.which("node") else "node not found (apt-get install nodejs)"


@pytest.fixture(scope="session")
def node():
    require(node_missing(), "search engine tests")


def run_engine(site: Path, queries: list[str], tmp: Path) -> dict[str, dict]:
    path = tmp / "queries.json"
    path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(["node", str(ROOT / "tests" / "search" / "engine.mjs"), str(site), str(path)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {q["query"]: q for q in json.loads(result.stdout)["queries"]}


# --- the main text of the built pages, cut out independently -------------------------

def _record_id(element) -> str | None:
    """The record block an element belongs to (a <dd> belongs to the <dt> before it)."""
    for node in [element, *element.parents]:
        if node.name == "dd":
            term = node.find_previous_sibling("dt")
            if term is not None and extract.kind_of(term.get("id", "")):
                return term["id"]
        if extract.kind_of(node.get("id", "") or ""):
            return node["id"]
    return None


def indexed_article(html_file: Path):
    """The page's article without what the index leaves out: citations, controls, links that
    restate a fact of another page; what a fact is about (ABOUT_CLASSES) as its names only,
    each on its own (the label 涉及/Involves and the 、 between names are not searched)."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    for element in article.find_all(True):
        if element.decomposed:
            continue
        classes = set(element.get("class") or ())
        if (element.name in extract.EXCLUDED_TAGS or classes & extract.EXCLUDED_CLASSES
                or element.has_attr(extract.EXCLUDE_ATTRIBUTE)
                or (element.name == "a" and extract.restates(element.get("href") or ""))):
            element.decompose()
        elif classes & extract.ABOUT_CLASSES:
            for child in list(element.children):
                if isinstance(child, NavigableString):
                    child.replace_with(" ")
                else:
                    child.insert_after(" ")
    return article


def main_text_runs(html_file: Path) -> list[tuple[str, str | None]]:
    """(run of text without white space, record id or None) for every leaf block."""
    article = indexed_article(html_file)
    for br in article.find_all("br"):
        br.replace_with(" ")
    runs = []
    for block in article.find_all(LEAF_BLOCKS):
        if block.find(LEAF_BLOCKS):
            continue   # not a leaf: its own leaves are taken
        record = _record_id(block)
        for run in re.split(r"\s+", "".join(block.strings)):
            if run:
                runs.append((run, record))
    return runs


def generated_queries(site: Path, report) -> dict[str, set[tuple[str, str | None]]]:
    """query -> {(page, record id or None)} where it was cut from."""
    rng = random.Random(SEED)
    expected: dict[str, set] = defaultdict(set)
    for html_file in sorted(site.glob("*.html")):
        if html_file.name == "404.html":
            continue
        runs = [(r, rec) for r, rec in main_text_runs(html_file) if len(search_text.fold(r)) >= 2]
        for _ in range(35):
            run, record = rng.choice(runs)
            size = rng.randint(2, min(8, len(run)))
            start = rng.randint(0, len(run) - size)
            query = run[start:start + size]
            if len(search_text.fold(query)) >= 2:
                expected[query].add((html_file.name, record))
    for entity_id in report.entities:
        expected[report.name(entity_id).zh].add(("organisations.html", f"entity-{entity_id}"))
    for term in report.glossary:
        for word in (term.term.zh, *term.aliases):
            expected[word].add(("glossary.html", term.id))
    for fact in report.facts:
        if fact.value is not None:
            page = render.page_url(report.theme(fact.theme).page)
            expected[render.figure(fact)].add((page, f"fact-{fact.id}"))
    return expected


@pytest.fixture(scope="session")
def recall(node, site, report, tmp_path_factory):
    expected = generated_queries(site, report)
    results = run_engine(site, sorted(expected), tmp_path_factory.mktemp("recall"))
    return expected, results


def test_recall_suite_is_large_enough(recall):
    expected, _ = recall
    assert len(expected) >= 300, len(expected)


def misses(expected, results) -> tuple[int, int, list[str]]:
    """(found, expected, what was missed) for queries cut from the pages: each must find its
    page and, where it was cut from a record, that record verbatim (not a loose match)."""
    missed = []
    hits = 0
    for query, places in expected.items():
        pages = {p["url"]: p for p in results[query]["pages"]}
        for page, record in places:
            found = page in pages and (record is None or any(
                d["anchor"] == record and not d["loose"] for d in pages[page]["docs"]))
            hits += found
            if not found:
                missed.append(f"{query!r} -> {page}#{record or ''}: got {list(pages)[:5]}")
    return hits, sum(len(p) for p in expected.values()), missed


def test_every_query_finds_the_page_and_the_record_it_was_cut_from(recall):
    hits, total, missed = misses(*recall)
    assert not missed, f"recall {hits}/{total}:\n" + "\n".join(missed[:40])


def glossary_terms_shown_late(results, report, lang: str) -> list[str]:
    """Glossary terms (in ``lang``) typed whole whose entry is not the glossary's first record
    within the first three pages, each with the pages and first records it got instead."""
    late = []
    for term in report.glossary:
        typed = getattr(term.term, lang)
        pages = results[typed]["pages"][:3]
        if not any(p["url"] == "glossary.html" and p["docs"][0]["anchor"] == term.id for p in pages):
            late.append(f"{typed!r}: {[(p['url'], p['docs'][0]['anchor']) for p in pages]}")
    return late


def test_a_glossary_term_typed_whole_shows_its_definition_near_the_top(recall, report):
    """Every glossary term typed as written: the glossary is among the first three pages (the themed
    pages that use the term in their prose may come first) and the term's entry is its first record."""
    late = glossary_terms_shown_late(recall[1], report, "zh")
    assert not late, "\n".join(late)


def test_every_shown_record_holds_every_term(recall):
    """Ctrl-F semantics: a verified result contains each term (folded) verbatim, unless marked
    loose or found by forgiveness (pinyin or a near match: it holds what was searched instead)."""
    _, results = recall
    for query, result in results.items():
        for page in result["pages"]:
            for doc in page["docs"]:
                if page["via"]:
                    assert search_text.fold(page["viaText"]) in search_text.fold(doc["text"] + "\n" + doc["about"]) \
                        or doc["loose"], (query, page["url"], doc["anchor"])
                elif not doc["loose"]:
                    folded = search_text.fold(doc["text"] + "\n" + doc["about"])
                    assert all(t in folded for t in result["terms"]), (query, page["url"], doc["anchor"])


def test_themed_pages_rank_before_listing_pages(recall):
    """When a themed page holds the query verbatim, the first result is a themed page (or its fact)."""
    expected, results = recall
    wrong = []
    for query, result in results.items():
        pages = result["pages"]
        themed = [p for p in pages if p["url"] not in LISTING and not p["via"]
                  and any(not d["loose"] for d in p["docs"])]
        if themed and pages[0]["url"] in LISTING:
            first_record_kinds = {d["kind"] for d in pages[0]["docs"]}
            if not first_record_kinds & {"fact", "quote", "chart"}:
                wrong.append(f"{query!r}: {[p['url'] for p in pages[:4]]}")
    assert not wrong, "\n".join(wrong[:30])


@pytest.fixture(scope="session")
def realistic(node, site, tmp_path_factory):
    return run_engine(site, list(REALISTIC), tmp_path_factory.mktemp("realistic"))


@pytest.mark.parametrize("query", list(REALISTIC))
def test_realistic_query_ranks_its_page_in_the_top_three(realistic, query):
    pages = [p["url"] for p in realistic[query]["pages"]]
    assert REALISTIC[query] in pages[:3], f"{query}: {pages[:5]}"


def test_realistic_list_is_long_enough():
    assert len(REALISTIC) >= 40
    assert sum(" " in q for q in REALISTIC) >= 3   # some two-word queries


def test_several_words_narrow_the_results(node, site, tmp_path):
    results = run_engine(site, ["长三角", "计量", "长三角 计量"], tmp_path)
    def docs(query):
        return {(p["url"], d["anchor"]) for p in results[query]["pages"] for d in p["docs"]}
    both = docs("长三角 计量")
    assert both and both <= docs("长三角") & docs("计量")
    assert len(both) < len(docs("长三角"))


def test_full_width_and_punctuation_do_not_matter(node, site, tmp_path):
    results = run_engine(site, ["８.５代", "85代", "“十四五”规划", "十四五规划"], tmp_path)
    def pages(query):
        return [p["url"] for p in results[query]["pages"]]
    assert pages("８.５代") == pages("85代") and pages("85代")
    assert pages("“十四五”规划") == pages("十四五规划") and pages("十四五规划")


def test_a_word_that_is_nowhere_finds_nothing(node, site, tmp_path):
    results = run_engine(site, ["量子计算机", "房地产"], tmp_path)
    assert results["量子计算机"]["pages"] == [] and results["房地产"]["pages"] == []


def test_python_and_browser_fold_text_the_same_way(node, tmp_path):
    """macros/search/text.py (index) and engine.js (queries) must agree, or recall drops."""
    samples = ["２０２１年 ＡＢＣ  8.5代", "“十四五”规划", "TÜV Rheinland", "县（市、区）",
               "\u00a8x", "𠮷野家 ﬁ ㎡", "İstanbul ΣΑΣ", "A级\u3000质量", "1,069家 · 30微米"]
    for html_file in sorted((ROOT / "docs").glob("*.md")):
        samples.append(html_file.read_text(encoding="utf-8")[:400])
    path = tmp_path / "samples.json"
    path.write_text(json.dumps(samples, ensure_ascii=False), encoding="utf-8")
    script = (
        "import fs from 'node:fs'; import vm from 'node:vm';"
        "const m = {exports: {}};"
        f"vm.runInThisContext('(function (module) {{' + fs.readFileSync({json.dumps(str(ROOT / 'docs/assets/search/engine.js'))}, 'utf8') + '\\n}})')(m);"
        "const e = m.exports;"
        f"const samples = JSON.parse(fs.readFileSync({json.dumps(str(path))}, 'utf8'));"
        "console.log(JSON.stringify(samples.map((s) => { const f = e.fold(s); const g = e.bigrams(f);"
        " return [f, g, g.map((x) => e.shardOf(x, 97))]; })));"
    )
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for sample, (folded, grams, shards) in zip(samples, json.loads(result.stdout)):
        assert folded == search_text.fold(sample), sample
        assert set(grams) == search_text.bigrams(folded), sample
        assert shards == [search_text.shard_of(g, 97) for g in grams], sample


def test_material_builds_no_index_of_its_own(site):
    """Material's lunr index is empty: our hook excludes every page from it."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    meta = json.loads((site / "search" / "qa" / "meta.json").read_text(encoding="utf-8"))
    assert {p[0] for p in meta["pages"]} == {p.name for p in site.glob("*.html")} - {"404.html"}


def test_the_index_holds_no_spam_or_excluded_text(site):
    """Citations and edit links are not main text; nothing hidden reaches the index."""
    text = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "qa").rglob("*.json"))
    # (the spam's words, not the bare number: with 366+ documents 365 is a posting's id)
    assert "bet体育" not in text and "体育365" not in text and "365体育" not in text and "官网" not in text
    fragments = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "qa" / "f").glob("*.json"))
    assert "来源：中国质量报" not in fragments          # the citation line under every fact
    assert "在代码仓库中查看或修改" not in fragments     # edit links


@pytest.mark.parametrize(("html", "expected"), [
    # an excluded element holding elements of its own name: all of it goes, the text after stays
    ('<p>甲<span class="qa-note" data-search-exclude><a>[1]</a><span class="qa-note__pop">'
     '<span>乙</span></span></span>丙</p><p>丁</p>', "甲丙 丁"),
    # excluded by class among other classes, with a void element inside
    ('<p>甲<a class="x qa-cite y">乙<br>丙</a>丁</p>', "甲丁"),
    # self-closing and void excluded elements exclude nothing after them
    ('<p>甲<span data-search-exclude/>乙<img class="qa-cite">丙</p>', "甲乙丙"),
    # an excluded element never closed: the rest of the page is left out
    ('<p>甲</p><div class="qa-data-note"><p>乙</p>', "甲"),
])
def test_excluded_elements_are_left_out_whole(html, expected):
    docs = extract.documents(f"<h1>页</h1>{html}", "页")
    assert [d.text for d in docs] == [f"页 {expected}"]


def _entries(texts: list[list[str]]) -> list[tuple]:
    """Index entries of pages whose documents have these texts (as hooks/search.py keeps them)."""
    from macros.search import index
    out = []
    for number, page in enumerate(texts):
        docs = [extract.Document(f"fact-{number}-{i}", "fact", "节", text) for i, text in enumerate(page)]
        out.append((f"p{number}.html", f"第{number}页", index.RANK_THEMED, docs,
                    [sorted(index.doc_grams(d)) for d in docs]))
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("seed", range(6))
def test_a_patched_index_is_the_index_written_afresh(tmp_path, seed):
    """make serve patches the last index with the pages whose text changed: the same files
    as writing the new pages' index from scratch (grams gone, new, moved between docs)."""
    from macros.search import index
    rng = random.Random(seed)
    alphabet = "质量强省安徽标准品牌计量认证检测企业政府奖励"
    pages = [[("".join(rng.choice(alphabet) for _ in range(rng.randint(5, 40)))) for _ in range(rng.randint(1, 6))]
             for _ in range(12)]
    old = _entries(pages)
    built = index.IndexBuilder()
    for entry in old:
        built.add_page(*entry)
    built.write(tmp_path / "served")
    for number in rng.sample(range(len(pages)), 3):   # same documents, other words
        page = pages[number]
        doc = rng.randrange(len(page))
        page[doc] = page[doc][: len(page[doc]) // 2] + "".join(rng.choice(alphabet + "新词") for _ in range(6))
    new = _entries(pages)
    changed = {n: (old[n], new[n]) for n in range(len(pages)) if old[n] != new[n]}
    assert changed
    written = built.patch(tmp_path / "served", changed)
    fresh = index.IndexBuilder()
    for entry in new:
        fresh.add_page(*entry)
    fresh.write(tmp_path / "fresh")
    # (short pages: one fragment each, and the fewest shards: every such change is patched)
    assert written is not None and written and "meta.json" not in written
    assert _files(tmp_path / "served") == _files(tmp_path / "fresh")


def test_an_index_patch_refuses_a_page_with_more_documents(tmp_path):
    from macros.search import index
    old = _entries([["质量强省"], ["标准品牌"]])
    new = _entries([["质量强省", "新的一条"], ["标准品牌"]])
    built = index.IndexBuilder()
    for entry in old:
        built.add_page(*entry)
    built.write(tmp_path)
    assert built.patch(tmp_path, {0: (old[0], new[0])}) is None


def test_the_index_built_beside_the_build_is_the_one_built_in_its_process(project_copy, tmp_path, monkeypatch):
    """A full build indexes in a second process (macros/search/background.py) where it can;
    QA_SEARCH_IN_PROCESS=1 makes the build do it itself: the same files, both editions."""
    from macros.search import background

    from conftest import mkdocs_build

    if background._cpus() < 2:
        pytest.skip("one CPU: builds index in their own process either way")
    beside = mkdocs_build(project_copy, tmp_path / "beside")
    assert beside.returncode == 0, beside.stdout + beside.stderr
    monkeypatch.setenv("QA_SEARCH_IN_PROCESS", "1")
    inside = mkdocs_build(project_copy, tmp_path / "inside")
    assert inside.returncode == 0, inside.stdout + inside.stderr
    for edition in ("", "en/"):
        one, other = (_files(tmp_path / name / edition / "search" / "qa") for name in ("beside", "inside"))
        assert one and one == other


def test_a_failure_in_the_indexing_process_fails_the_build_with_its_message(tmp_path):
    from macros.search import background

    indexer = background.InBackground("zh")
    indexer.add("a.html", "甲", False, "<h1>甲</h1><p>质量</p>")
    (tmp_path / "search").write_text("a file where the index folder should be", encoding="utf-8")
    with pytest.raises(background.IndexingFailed, match="(?s)search index: .*(FileExistsError|NotADirectoryError)"):
        indexer.write(tmp_path / "search" / "qa")
