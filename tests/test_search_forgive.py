"""Search that forgives what readers type (issue 22), run in Node on the built indexes.

- Both sides fold alike: macros/search/text.py and engine.js over every character of
  both indexes and of the traditional-script table, and over invisible characters and
  emoji, character by character.
- forgive.json's tables agree with their libraries entry by entry: each traditional ->
  simplified pair with OpenCC's own conversion (and none missing), each name's readings
  with pypinyin; engine.js reads every entry back (its simplified form, its full pinyin
  and initials find the name).
- The hand-written forgiving queries (search_cases.FORGIVING, FORGIVING_EN) find their
  page, saying how; pinyin and near matches rank after what the query itself finds.
- Clean results: no snippet carries 涉及/Involves or the 本站释义 badge; a fact is one
  result, on its own page; a fact inside prose is still a result with its anchor.
- Nothing found: the sources and the nearest names.
Typing the same queries into the real box is tests/test_search_browser.py.
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import opencc
import pytest
from macros.pinyin_readings import pypinyin as _loaded_pypinyin

# pypinyin as the build reads it: with the report's phrase corrections (macros/pinyin_readings.py)
Style, lazy_pinyin, pinyin = _loaded_pypinyin().Style, _loaded_pypinyin().lazy_pinyin, _loaded_pypinyin().pinyin

from conftest import ROOT
from macros.search import extract, forgive, index, text as search_text
from search_cases import FORGIVING, FORGIVING_EN
from test_search import node, run_engine  # noqa: F401  (node: fixture)

ENGINE = ROOT / "docs" / "assets" / "search" / "engine.js"
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e", "\ufe0f",
             "😀", "👍🏽", "🇨🇳", "👩‍💻", "©", "★", "\U000e0041", "\ue000", "🫨"]
# Compatibility forms are folded, not dropped (™ is TM, ㎡ is m2, Ａ is a).
COMPATIBLE = ["™", "㎡", "Ａ", "８", "①", "ﬁ", "\u3000", "\u00a0"]


def run_js(body: str, data) -> object:
    """Run ``body`` in Node with engine.js's exports as ``e`` and ``data`` as ``input``."""
    script = (
        "import fs from 'node:fs'; import vm from 'node:vm';"
        "const m = {exports: {}};"
        f"vm.runInThisContext('(function (module) {{' + fs.readFileSync({json.dumps(str(ENGINE))}, 'utf8') + '\\n}})')(m);"
        "const e = m.exports; const input = JSON.parse(fs.readFileSync(0, 'utf8'));"
        f"console.log(JSON.stringify((() => {{ {body} }})()));"
    )
    result = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps(data),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def forgive_file(directory: Path) -> dict:
    return json.loads((directory / "search" / "qa" / "forgive.json").read_text(encoding="utf-8"))


def index_chars(directory: Path) -> set[str]:
    chars: set[str] = set()
    for path in (directory / "search" / "qa" / "f").glob("*.json"):
        for doc in json.loads(path.read_text(encoding="utf-8")):
            for piece in doc[2:]:
                chars.update(piece)
    return chars


def table(data: dict) -> dict[str, str]:
    pairs = list(data["t2s"])
    return dict(zip(pairs[0::2], pairs[1::2]))


# --- both sides fold alike -----------------------------------------------------------

def test_python_and_browser_fold_every_character_alike(node, site):
    """Character by character: everything both editions' indexes hold, both sides of the
    traditional-script table, invisible characters and emoji."""
    chars = index_chars(site) | index_chars(site / "en")
    for data in (forgive_file(site), forgive_file(site / "en")):
        chars |= set(data["t2s"])
    samples = sorted(chars) + INVISIBLE + COMPATIBLE + [c + "质量" for c in INVISIBLE + COMPATIBLE]
    folded = run_js("return input.map((s) => e.fold(s));", samples)
    differ = [(s, f, search_text.fold(s)) for s, f in zip(samples, folded) if f != search_text.fold(s)]
    assert not differ, differ[:20]
    assert len(samples) > 1000


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_and_emoji_are_dropped(char):
    assert search_text.fold(f"{char}首席质量官") == "首席质量官"
    assert search_text.fold(f"安徽{char}") == "安徽"


# --- forgive.json against its libraries ----------------------------------------------

@pytest.mark.parametrize("edition", ["", "en"])
def test_every_traditional_pair_is_opencc_s_and_none_is_missing(site, edition):
    directory = site / edition if edition else site
    pairs = table(forgive_file(directory))
    chars = index_chars(directory)
    converters = [opencc.OpenCC(name) for name in ("t2s", "tw2s", "hk2s")]
    assert len(pairs) > 200
    for trad, simple in pairs.items():
        assert trad not in chars, f"{trad} is in the index itself: its folding would change"
        assert simple in chars, f"{trad} -> {simple}: {simple} is nowhere in the index"
        assert simple in {c.convert(trad) for c in converters}, f"{trad} -> {simple} is not OpenCC's"
    # None missing: every character OpenCC's t2s turns into one the index holds is there.
    han = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = converters[0].convert("\n".join(han)).split("\n")
    missing = [t for t, s in zip(han, converted) if s != t and len(s) == 1 and s in chars and t not in chars
               and t not in pairs]
    assert not missing, missing[:20]
    for trad in "質後發們國圖為與會經":
        if trad in pairs:
            assert pairs[trad] == opencc.OpenCC("t2s").convert(trad)


def test_browser_reads_every_traditional_pair_back(node, site):
    data = forgive_file(site)
    pairs = table(data)
    back = run_js("const t = e.pairsOf(input.t2s); return input.keys.map((k) => e.toSimplified(k, t));",
                  {"t2s": data["t2s"], "keys": list(pairs)})
    assert back == list(pairs.values())


def test_every_name_has_pypinyin_s_readings(site):
    """One field per character; a Han character's readings are pypinyin's for it (alone or in
    the name), the first being pypinyin's reading in context (lazy_pinyin of the whole name,
    for a name of Han characters only); any other character spells nothing."""
    names = forgive_file(site)["names"]
    assert len(names) >= 50
    for name, _, field in names:
        readings = [r.split("/") for r in field.split(" ")]
        assert len(readings) == len(name), name
        in_context = lazy_pinyin(name) if all("\u4e00" <= c <= "\u9fff" for c in name) else None
        for i, (char, options) in enumerate(zip(name, readings)):
            if "\u4e00" <= char <= "\u9fff":
                alone = {r.lower() for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0]}
                assert set(options) - alone <= {in_context[i] if in_context else None}, (name, char, options)
                if in_context:
                    assert options[0] == in_context[i], (name, char, options, in_context)
            else:
                assert options == [forgive.NO_READING], (name, char)


def test_browser_finds_every_name_by_its_full_pinyin_and_initials(node, site):
    """Entry by entry: the full pinyin (pypinyin's reading in context) of every all-Han name,
    and its initials, make engine.js's pinyin lookup return that name."""
    names = forgive_file(site)["names"]
    cases = []
    for name, _, _ in names:
        if all("\u4e00" <= c <= "\u9fff" for c in name) and len(name) >= 2:
            readings = [r[0] for r in pinyin(name, style=Style.NORMAL)]
            cases.append([name, "".join(readings), "".join(r[0] for r in readings)])
    assert len(cases) >= 40
    found = run_js("""
      const names = input.names.map(([name, id, p]) => ({ name, id, folded: e.fold(name),
        syllables: p.split(' ').map((s) => s.split('/')) }));
      return input.cases.map(([name, full, initials]) => {
        const entry = names.find((n) => n.name === name);
        const runs = (q) => e.pinyinRuns(entry.syllables, q).map(([a, b]) => Array.from(name).slice(a, b).join(''));
        return [runs(full).includes(name), initials.length < 3 || runs(initials).includes(name)];
      });""", {"names": names, "cases": cases})
    wrong = [(c, f) for c, f in zip(cases, found) if f != [True, True]]
    assert not wrong, wrong[:20]


# --- the hand-written forgiving queries ------------------------------------------------

@pytest.fixture(scope="session")
def forgiving(node, site, tmp_path_factory):
    return {**run_engine(site, list(FORGIVING), tmp_path_factory.mktemp("forgiving")),
            **run_engine(site / "en", list(FORGIVING_EN), tmp_path_factory.mktemp("forgiving_en"))}


def test_the_forgiving_list_is_long_enough():
    cases = {**FORGIVING, **FORGIVING_EN}
    assert len(cases) >= 40
    vias = [via for _, via in cases.values()]
    assert vias.count("pinyin") >= 10 and vias.count("near") >= 8
    assert sum(any(unicodedata.category(c) in ("Cf", "So") for c in q) for q in cases) >= 6
    assert sum(any(c != unicodedata.normalize("NFKC", c) for c in q) for q in cases) >= 4


@pytest.mark.parametrize("query", [*FORGIVING, *FORGIVING_EN])
def test_a_forgiving_query_finds_its_page_and_says_how(forgiving, query):
    page, via = {**FORGIVING, **FORGIVING_EN}[query]
    pages = forgiving[query]["pages"]
    assert page in [p["url"] for p in pages[:3]], (query, [p["url"] for p in pages[:5]])
    assert {p["via"] for p in pages} == {via}, (query, [(p["url"], p["via"]) for p in pages])


def _built_index(tmp_path: Path, pages: dict[str, str], lang: str = "zh") -> Path:
    """A small index of hand-written pages (url -> content HTML), as the build writes it."""
    builder = index.IndexBuilder(lang=lang)
    for url, html in pages.items():
        builder.add_page(*index.page_entry(html, url, url, url == "index.html", lang))
    site = tmp_path / "site"
    builder.write(site / "search" / "qa")
    return site


def test_pinyin_and_near_matches_rank_after_what_the_query_itself_finds(node, tmp_path):
    site = _built_index(tmp_path, {
        "index.html": "<h1>首页</h1><p>说明。</p>",
        "names.html": '<h1>名称</h1><div id="entity-hefei"><p>合肥市</p></div>'
                      '<div id="entity-cqo"><p>首席质量官</p></div>',
        "a.html": '<h1>甲</h1><div id="fact-a"><p>合肥市设立首席质量官。</p></div>',
        "b.html": '<h1>乙</h1><div id="fact-b"><p>拼音写作 hefei 的城市。</p></div>',
        "c.html": '<h1>丙</h1><div id="fact-c"><p>首席和质量官是两回事。</p></div>',
    })
    found = run_engine(site, ["hefei", "首席质量管"], tmp_path)
    # the letters as written first, then what their pinyin spells
    assert [(p["url"], p["via"]) for p in found["hefei"]["pages"]][:1] == [("b.html", None)]
    assert {p["url"] for p in found["hefei"]["pages"] if p["via"] == "pinyin"} >= {"a.html", "names.html"}
    # a slip: loose matches (every pair of characters somewhere) before the near match
    slip = found["首席质量管"]["pages"]
    assert slip == [] or all(p["via"] == "near" for p in slip)
    found = run_engine(site, ["首席质量宫"], tmp_path)["首席质量宫"]["pages"]
    assert {p["url"] for p in found} >= {"a.html", "names.html"}
    assert all(p["via"] == "near" for p in found)
    assert all(any("首席质量官" in m for d in p["docs"] for m in d["marked"]) for p in found)


def test_loose_matches_rank_before_near_matches(node, tmp_path):
    site = _built_index(tmp_path, {
        "index.html": "<h1>首页</h1><p>说明。</p>",
        "names.html": '<h1>名称</h1><div id="entity-award"><p>政府质量奖</p></div>',
        "a.html": '<h1>甲</h1><div id="fact-a"><p>省政府设立了安徽省人民政府质量奖。</p></div>',
    })
    found = run_engine(site, ["省政府质量奖"], tmp_path)["省政府质量奖"]["pages"]
    # 省政府 + 政府质量奖 are both in a.html (loose); 政府质量奖 is also one edit away in names.html
    assert found[0]["url"] == "a.html" and found[0]["via"] is None
    assert all(p["via"] == "near" for p in found[1:])


def test_a_short_query_is_never_read_as_a_slip_and_two_letters_not_as_initials(node, site, tmp_path):
    found = run_engine(site, ["质量馆", "zl"], tmp_path)
    assert found["质量馆"]["pages"] == [] or all(p["via"] is None for p in found["质量馆"]["pages"])
    assert all(p["via"] != "pinyin" for p in found["zl"]["pages"])
    found = run_engine(site / "en", ["ward"], tmp_path)
    assert found["ward"]["pages"] == []   # not award: a Latin slip keeps its first letter


# --- clean, single results ---------------------------------------------------------------

def _documents(directory: Path) -> list[tuple[str, list]]:
    meta = json.loads((directory / "search" / "qa" / "meta.json").read_text(encoding="utf-8"))
    docs = []
    for number, start in enumerate(meta["fragmentStarts"]):
        fragment = json.loads((directory / "search" / "qa" / "f" / f"{number}.json").read_text(encoding="utf-8"))
        for offset, doc in enumerate(fragment):
            page = max(i for i, s in enumerate(meta["pageStarts"]) if s <= start + offset)
            docs.append((meta["pages"][page][0], doc))
    return docs


@pytest.mark.parametrize("edition, labels", [("", ("涉及：", "本站释义", "本站译文", "本站概括")),
                                             ("en", ("Involves:", "Our explanation", "Our translation"))])
def test_snippets_are_the_reader_s_sentence_only(site, edition, labels):
    docs = _documents(site / edition if edition else site)
    # (in records: the data page's prose may name the badge, as the home page explains it)
    dirty = [(url, doc[0], label) for url, doc in docs for label in labels
             if label in doc[3] and doc[1] not in ("page", "section")]
    assert not dirty, dirty[:10]
    # the names a fact is about are still searched: in its "about"
    assert sum(1 for _, doc in docs if doc[1] == "fact" and len(doc) == 5) >= 30


@pytest.mark.parametrize("edition", ["", "en"])
def test_a_fact_is_one_result_on_its_own_page(site, edition):
    docs = _documents(site / edition if edition else site)
    facts = [(url, doc) for url, doc in docs if doc[1] in ("fact", "quote")]
    anchors = [doc[0] for _, doc in facts]
    assert len(anchors) == len(set(anchors)), "a fact indexed twice"
    repeated = []
    for url, fact in facts:
        sentence = fact[3].split("。")[0].split(". ")[0]
        if len(sentence) < 15:
            continue
        repeated += [(fact[0], other_url, other[0]) for other_url, other in docs
                     if other_url != url and sentence in other[3]]
    assert not repeated, repeated[:10]


def test_a_fact_inside_prose_is_a_result_with_its_anchor():
    """Issue 20 writes facts into paragraphs: the fact is its own document (its anchor, its
    sentence, the names it is about); the prose around it stays the section's."""
    html = ('<h2 id="s">政策</h2><p>省里先后出台文件。<span class="qa-fact" id="fact-x">省政府设立了质量奖。'
            '<span class="qa-fact__meta"><span class="qa-fact__mentions">涉及：<a href="organisations.html#entity-g">'
            '安徽省人民政府</a>、<a href="organisations.html#entity-h">质量奖</a></span></span></span>此后各市跟进。</p>'
            '<p>另见<a href="other.html#fact-y">别页的事实</a>。</p>')
    docs = {d.anchor: d for d in extract.documents(html, "页")}
    assert docs["fact-x"].text == "省政府设立了质量奖。"
    assert docs["fact-x"].about == "安徽省人民政府 质量奖"
    assert "省里先后出台文件。" in docs["s"].text and "此后各市跟进。" in docs["s"].text
    assert "设立了质量奖" not in docs["s"].text and "别页的事实" not in docs["s"].text


# --- nothing found ------------------------------------------------------------------------

def test_nothing_found_says_what_the_report_covers_and_offers_near_names(node, site, tmp_path):
    found = run_engine(site, ["京东方", "BOE", "首席工程师"], tmp_path)
    sources = len([d for _, d in _documents(site) if d[1] == "source"])
    for query in ("京东方", "BOE", "首席工程师"):
        assert found[query]["pages"] == [], query
        assert found[query]["help"]["sources"]["count"] == sources >= 1
        assert found[query]["help"]["sources"]["url"] == "sources.html"
    names = [s["name"] for s in found["首席工程师"]["help"]["suggestions"]]
    assert "首席质量官" in names, names
