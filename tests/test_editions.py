"""The English edition: the same report from the same data, complete, in English, linked
both ways (issue 12).  Built once per session by the ``site`` fixture (make build)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, THEMED_PAGES
from macros import i18n, loader, render
from scripts import ui_strings

HAN = i18n.HAN
PAGES = sorted(p.name for p in (ROOT / "docs").glob("*.md"))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _html(name: str) -> str:
    return name[:-3] + ".html"


# --- the same facts, with the same ids and figures -------------------------------------------


@pytest.mark.parametrize("page", [f"{p}.html" for p in ("index", *THEMED_PAGES)])
def test_every_fact_is_on_the_english_page_with_the_same_id_and_figure(site, page):
    chinese, english = _soup(site / page), _soup(site / "en" / page)

    def records(soup):
        out = {}
        for block in soup.select("[data-fact-id]"):
            if block.name not in ("div", "figure") and "qa-inline-fact" not in (block.get("class") or []):
                continue  # cards and chart rows repeat a fact; the fact itself is a div/figure or inside a sentence
            figure = block.select_one(".qa-figure")
            out[block["id"]] = figure["data-value"] if figure else None
        return out

    zh, en = records(chinese), records(english)
    assert zh, f"no facts found on {page}"
    assert list(en) == list(zh), "same records in the same order"
    assert en == zh, "same figure (data-value) for every fact"


@pytest.mark.parametrize("page", [_html(p) for p in PAGES])
def test_every_record_anchor_is_on_the_english_twin_in_the_same_order(site, page):
    """Not only facts: entities, terms, events, quotations, charts, sources … keep their anchors
    (ASCII ids; headings have their own slugs in each language), and no id is used twice."""
    def ids(soup):
        return [e["id"] for e in soup.select("[id]")]

    chinese, english = ids(_soup(site / page)), ids(_soup(site / "en" / page))
    assert len(set(english)) == len(english), sorted({i for i in english if english.count(i) > 1})
    assert len(set(chinese)) == len(chinese), sorted({i for i in chinese if chinese.count(i) > 1})
    records = [i for i in chinese if re.fullmatch(r"[a-z0-9-]+", i) and not i.startswith("__")]
    if page == "glossary.html":   # alphabetical in each language: pinyin order, A-Z (issue 20.7)
        assert sorted(i for i in english if i in set(records)) == sorted(records)
        return
    assert [i for i in english if i in set(records)] == records


def test_figures_are_written_the_english_way(site, report):
    """"more than 10,000" (not 1万余), units in English, as the issue asks."""
    fact = next(f for f in report.facts if f.value == 10000 and f.qualifier == "more_than")
    page = next(t.page for t in report.themes if t.id == fact.theme)
    block = _soup(site / "en" / _html(page)).select_one(f"#fact-{fact.id} .qa-figure")
    assert block.get_text() == "more than 10,000"
    assert render.figure(fact) in _soup(site / _html(page)).select_one(f"#fact-{fact.id}").get_text()


@pytest.mark.parametrize(("function", "value", "expected"), [
    (render.number, 10000, "10,000"), (render.number, 8.5, "8.5"), (render.number, 1069, "1,069"),
    (render.date, "2021-07-07", "7 July 2021"), (render.date, "2021-11", "November 2021"),
    (render.date, "2020", "2020"), (render.as_reported, "2021-11", "as reported in November 2021"),
])
def test_english_numbers_and_dates(function, value, expected):
    assert function(value, lang="en") == expected


# --- the English says what the Chinese says: no more, no less --------------------------------

ZH_ATTRIBUTION = re.compile(r"据报道|报道称|据介绍|据.{1,8}介绍|被称为|他说|表示|报道")
EN_ATTRIBUTION = re.compile(r"\b(according to|the report|reported|says|said|calls|described as)\b", re.I)


def test_what_the_chinese_attributes_the_english_attributes(report):
    """A claim the Chinese gives as the report's (据报道, 报道称, 据介绍 …) is not the site's
    own claim in English either."""
    attributed = [f for f in report.facts if ZH_ATTRIBUTION.search(f.statement.zh)]
    assert len(attributed) >= 10
    assert [f.id for f in attributed if not EN_ATTRIBUTION.search(f.statement.en)] == []


def test_the_english_adds_no_year(report):
    """No date the Chinese record does not give: every year in an English text is in its Chinese."""
    from macros.loader import _texts
    added, checked = [], 0
    for record in [*report.facts, *report.entities.values(), *report.quotations, *report.glossary]:
        for path, text in _texts(record, ()):
            checked += 1
            years = set(re.findall(r"\b(?:19|20)[0-9]{2}\b", text.en or ""))
            if years - set(re.findall(r"(?:19|20)[0-9]{2}", text.zh)):
                added.append((record.id, path, text.en))
    assert checked > 200
    assert added == []


def _term_pattern(english: str) -> re.Pattern:
    """The glossary's English term, its last word singular or plural (officer/officers,
    zone/zones, policy/policies), any case, a space or a hyphen between words."""
    *first, last = english.split()
    last = last[:-1] + "(?:y|ies)" if last.endswith("y") else re.escape(last) + "(?:s|es)?"
    return re.compile(r"\b" + r"[\s-]+".join([*map(re.escape, first), last]) + r"\b", re.I)


def test_a_glossary_term_is_translated_the_same_everywhere(report):
    """One term list: wherever a record's Chinese uses a glossary term (or an alias), its
    English uses the glossary's English term (首席质量官 is “chief quality officer”)."""
    from macros.loader import _texts
    records = [r for r in report.all_records() if r not in report.glossary]
    used, different = 0, []
    for term in report.glossary:
        chinese = [term.term.zh, *(term.aliases or [])]
        english = _term_pattern(term.term.en)
        for record in records:
            for path, text in _texts(record, ()):
                if any(word in text.zh for word in chinese):
                    used += 1
                    if not english.search(text.en or ""):
                        different.append((term.term.en, record.id, path, text.en))
    assert used >= 30
    assert different == []


def test_english_short_names_are_shown_and_found(site, report):
    """An English short name (SAMR) is what English texts and readers use: the English
    organizations page gives it beside the full name (the Chinese page is as it was)."""
    shorts = [e for e in report.entities.values() if getattr(e, "short_name", None)]
    assert shorts
    english = _soup(site / "en" / "organisations.html")
    chinese = _soup(site / "organisations.html")
    for entity in shorts:
        name = english.select_one(f"#entity-{entity.id} .qa-entity__name").get_text()
        assert f"short name: {entity.short_name.en}" in name, entity.id
        assert "简称" not in chinese.select_one(f"#entity-{entity.id} .qa-entity__name").get_text()


# --- English running text has no Chinese, except where the page says it is Chinese ----------


def _han_outside_chinese(soup: BeautifulSoup) -> list[str]:
    body = soup.body
    for element in body.select('script, style, [lang^="zh"]'):
        element.decompose()
    text = body.get_text(" ")
    return sorted({m.group(0) for m in re.finditer(r"\S*[\u3400-\u9fff]+\S*", text)})


@pytest.mark.parametrize("page", [_html(p) for p in PAGES] + ["404.html"])
def test_no_chinese_in_english_running_text(site, page):
    """Chinese appears only where marked lang="zh-Hans": names given with their Chinese,
    quotations as spoken, source titles, the switch to the Chinese edition."""
    assert _han_outside_chinese(_soup(site / "en" / page)) == []


@pytest.mark.parametrize("page", [_html(p) for p in PAGES] + ["404.html"])
def test_chinese_on_english_pages_is_only_names_quotations_and_titles(site, page):
    """What may be marked Chinese (and so pass the check above): a name's or title's Chinese in
    brackets beside its English, a quotation as spoken (with its translation beside it), a
    glossary term's Chinese alias, the BibTeX entry of an original publication, the switch to the Chinese edition, and Chinese the page's
    own prose in docs/en/ writes itself.  Anything else marked Chinese is a gap in disguise."""
    soup = _soup(site / "en" / page)
    own_prose = (ROOT / "docs" / "en" / (page[:-5] + ".md"))
    own = own_prose.read_text(encoding="utf-8") if own_prose.exists() else ""
    unexplained = []
    for element in soup.body.select('[lang^="zh"]'):
        text = element.get_text()
        classes = set(element.get("class") or ())
        beside_english = "qa-zh" in classes and text.startswith("(") and text.endswith(")") \
            and re.search(r"[A-Za-z0-9]", str(element.previous_sibling or ""))
        quotation = element.find_parent(class_="qa-quote") is not None \
            and element.find_parent(class_="qa-quote").select_one(".qa-quote__translation") is not None
        alias = element.find_parent("dt") is not None and element.parent.get_text().strip().startswith("also written in Chinese")
        switch = "qa-actions__edition" in classes
        # A BibTeX entry of an original publication, as published (issue 20.4).
        original = "qa-bibtex__original" in classes and element.find_parent("pre", class_="qa-bibtex") is not None
        if not (beside_english or quotation or alias or switch or original or (text and text in own)):
            unexplained.append(str(element)[:120])
    assert unexplained == []


def test_the_han_check_sees_unmarked_chinese():
    soup = BeautifulSoup('<body><p>The <span lang="zh-Hans">首席质量官</span> system and 标准总监</p></body>',
                         "html.parser")
    assert _han_outside_chinese(soup) == ["标准总监</p>"[:-4]]


# --- switching, hreflang, html lang, sitemaps ---------------------------------------------


@pytest.mark.parametrize("page", [_html(p) for p in PAGES])
def test_language_switch_and_alternates(site, page):
    for edition, other, tag in (("", "en/", "zh"), ("en/", "", "en")):
        here = site / edition / page
        soup = _soup(here)
        assert soup.html["lang"].startswith(tag)
        switch = soup.select_one("a.qa-actions__edition")
        target = (here.parent / switch["href"]).resolve()
        assert target == (site / other / page).resolve(), switch["href"]
        alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert set(alternates) == {"zh-Hans", "en", "x-default"}
        assert (here.parent / alternates["zh-Hans"]).resolve() == (site / page).resolve()
        assert (here.parent / alternates["en"]).resolve() == (site / "en" / page).resolve()


def test_the_404_pages_switch_edition_and_stay_in_their_own(site):
    """The error page is served for any missing address, so its links start at its edition's
    root (its <base>, set first thing in its head, overrides/404.html): the English one's must
    go to en/…, and both have the switch every page has (to the other edition's home page:
    there is no "same page" for an address that does not exist).  Its asset tags are written
    by scripts once the base is set (hooks/editions.py), read here from those scripts."""
    for edition, other, tag in (("", "en/", "zh"), ("en/", "", "en")):
        def local(href: str) -> Path:
            return (site / edition / unquote(urlsplit(href).path)).resolve()

        page = _soup(site / edition / "404.html")
        written = "".join(json.loads(call) for call in re.findall(r"document\.write\((\"[^<]*?\")\)", str(page)))
        soup = BeautifulSoup(str(page) + written, "html.parser")
        assert soup.html["lang"].startswith(tag)
        switch = soup.select_one("a.qa-actions__edition")
        assert switch is not None, f"{edition}404.html has no language switch"
        assert local(switch["href"]) == (site / other / "index.html").resolve(), switch["href"]
        alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert local(alternates["zh-Hans"]) == (site / "index.html").resolve()
        assert local(alternates["en"]) == (site / "en" / "index.html").resolve()
        # navigation, styles and the search index: this edition's own
        for element, attribute in (("nav a[href]", "href"), ('link[rel="stylesheet"]', "href"),
                                   ("script[data-index]", "data-index")):
            targets = [e[attribute] for e in soup.select(element) if not urlsplit(e[attribute]).scheme]
            assert targets, element
            for href in targets:
                target = local(href)
                assert target.exists(), href
                in_english = target.relative_to(site.resolve()).parts[0] == "en"
                assert in_english == (edition == "en/"), f"{edition}404.html: {href}"


def test_sitemaps_list_each_edition_with_its_twin(site):
    for edition in ("", "en/"):
        text = (site / edition / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", text)
        assert sorted(loc.rsplit("/", 1)[1] for loc in locs) == sorted(_html(p) for p in PAGES)
        assert all(("/en/" in loc) == (edition == "en/") for loc in locs)
        assert text.count('hreflang="en"') == text.count('hreflang="zh-Hans"') == len(locs)


# --- every internal link of both editions resolves --------------------------------------


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = {e["id"] for e in _soup(path).select("[id]")}
    return cache[path]


def test_every_internal_link_resolves(site):
    cache: dict[Path, set[str]] = {}
    broken = []
    pages = [p for p in site.rglob("*.html") if "assets" not in p.parts]
    assert any(p.parent.name == "en" for p in pages)
    for page in pages:
        # (the PDF link stays hidden and marked until `make pdf` writes the file: hooks/exports.py)
        for link in _soup(page).select("a[href]:not([data-qa-pdf-pending])"):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//")) or not (parts.path or parts.fragment):
                continue
            # (404.html links from the site's root: it is served for any missing address)
            base = site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href} (no file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, cache):
                broken.append(f"{page.relative_to(site)}: {href} (no anchor)")
    assert broken == []


# --- completeness: every text, every UI string ---------------------------------------


def test_every_ui_string_has_its_english(report):
    catalogue = i18n.catalogue("en")
    missing = {text: where for text, where in ui_strings.message_ids(report).items() if text not in catalogue}
    assert missing == {}


def test_a_missing_english_text_is_reported_at_its_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    file = data / "facts" / "governance.yml"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("en:"))
    zh_line = index  # the zh: line is right above (1-based: index)
    del lines[index]
    file.write_text("".join(lines), encoding="utf-8")

    assert not loader.validate(data).problems, "the Chinese edition alone does not need English"
    problems = loader.validate(data, languages=("zh", "en")).problems
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.line) == ("data/facts/governance.yml", zh_line)
    assert "缺少英文" in problem.message and "en:" in problem.hint
    with pytest.raises(loader.DataError):
        loader.load(data, languages=("zh", "en"))


def test_chinese_typed_into_an_english_text_is_reported_at_its_line(tmp_path):
    """CONTRIBUTING: no Chinese characters in `en` (the English pages add the Chinese beside
    names themselves).  make check says where, instead of only a test of the built pages."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    file = data / "facts" / "governance.yml"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "en: The province has also set up" in line)
    lines[index] = lines[index].replace("the Anhui Provincial Standard Innovation Contribution Award",
                                        "the 安徽省标准创新贡献奖")
    file.write_text("".join(lines), encoding="utf-8")

    problems = loader.validate(data, languages=("zh", "en")).problems
    assert [(p.file, p.line) for p in problems] == [("data/facts/governance.yml", index + 1)]
    assert "安徽省标准创新贡献奖" in problems[0].message


def test_the_build_refuses_an_english_edition_with_gaps(project_copy):
    from conftest import mkdocs_build
    file = project_copy / "data" / "glossary.yml"
    text = file.read_text(encoding="utf-8")
    first_en = re.search(r"^\s+en: .*\n", text, flags=re.M)
    file.write_text(text[:first_en.start()] + text[first_en.end():], encoding="utf-8")
    result = mkdocs_build(project_copy, project_copy / "site-out")
    assert result.returncode != 0
    assert "data/glossary.yml:" in result.stdout + result.stderr
    assert "缺少英文" in result.stdout + result.stderr


# Templates written as Jinja's i18n extension expects, with its newstyle callables as the
# reference: the site's environment (compile-time translations, context-free callables)
# must give the same output, translation by translation.
_I18N_CASES = {
    "plain": '<p title="{{ _(\'涉及：\') }}">{{ _("涉及：") }}</p>',
    "markup in the message": "{{ _('本页数据可在<a href=\"data.html\">数据下载</a>页获取（CSV、JSON）。发现错误请按<a href=\"sources.html%(corrections)s\">来源与方法</a>中的说明纠正。', corrections=_('#发现错误怎么办')) }}",
    "variables, escaped": "{{ _('出处注释 %(n)s', n=value) }}",
    "in a loop that sets": "{% for x in [1, 2] %}{% set y = x %}{{ _('出处注释 %(n)s', n=y) }}{{ _('、') }}{% endfor %}",
    "joined and filtered": "{{ (_('质量安徽报告纠错：') ~ value) | urlencode }}",
    "set once": "{% set label = _('本站释义') %}{{ label }}{{ label }}",
    "plural": "{{ ngettext('%(num)s 条事实', '%(num)s 条事实', 1) }}|{{ ngettext('%(num)s 条事实', '%(num)s 条事实', 3) }}",
    "a method called _ stays a call": "{{ helper._('本站释义') }}",
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("name", sorted(_I18N_CASES))
def test_template_translations_match_jinjas_i18n_extension(lang, name):
    from functools import partial

    from jinja2 import Environment

    class Helper:
        def _(self, message):
            return f"<{message}>"

    reference = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    reference.install_gettext_callables(gettext=partial(i18n.gettext, lang),  # type: ignore[attr-defined]
                                        ngettext=partial(i18n.ngettext, lang), newstyle=True)
    ours = render.environment(lang)
    context = {"value": "<b>&3</b>", "helper": Helper()}
    expected = reference.from_string(_I18N_CASES[name]).render(context)
    assert ours.from_string(_I18N_CASES[name]).render(context) == expected
    assert expected  # the case renders something to compare


def test_a_ui_string_without_english_fails_when_its_template_compiles():
    with pytest.raises(i18n.MissingTranslation):
        render.environment("en").from_string("{{ _('这句界面文字没有英文') }}")
