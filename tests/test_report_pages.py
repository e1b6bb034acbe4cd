"""Issue 20: the built pages read as an edited report.  Each theme page opens with a summary
and three to five main points in the site's words, then a "based on" box; each figure is
shown at most twice on a page; reference pages are indexes; the glossary is alphabetical."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from macros import render

from conftest import THEMED_PAGES


def article(site, name):
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser").select_one("article.md-content__inner")


EDITIONS = (("", "本站释义", "要点"), ("en/", "Our explanation", "main points"))


@pytest.mark.parametrize("page", THEMED_PAGES)
@pytest.mark.parametrize("prefix, label, points_word", EDITIONS)
def test_a_theme_page_says_its_point_first(site, page, prefix, label, points_word):
    content = article(site, f"{prefix}{page}.html")
    first = content.find("h1").find_next_sibling()
    assert first.name == "p" and "qa-summary" in first["class"], first
    assert first.select_one(".qa-own__label").text == label and points_word in first.get_text()
    points = first.find_next_sibling()
    assert points.name == "ul" and 3 <= len(points.find_all("li", recursive=False)) <= 5
    box = points.find_next_sibling()
    assert box.name == "aside" and "qa-based-on" in box["class"], "the sources come right after the points"
    # The points are the site's words: no record (anchor) stands in them, figures link to one.
    assert not points.select("[id^=fact-]")
    for link in points.select("a.qa-figure-link"):
        assert content.select_one(link["href"].split(".html")[1]) is not None, link["href"]


@pytest.mark.parametrize("page", ["index", *THEMED_PAGES])
def test_each_figure_is_shown_at_most_twice_on_a_page(site, report, page):
    """Cards, a main point, the sentence, a chart: a figure appears once or twice, not four times.
    (A chart's bar and its data table count as the chart.)"""
    content = article(site, f"{page}.html")
    for figure in content.select(".qa-chart"):
        figure.decompose()
    charts = {fid for c in report.charts for fid in c.facts if render.page_url(report.theme(c.theme).page) == f"{page}.html"}
    counts: dict[str, int] = {}
    for element in content.select("strong.qa-figure, .qa-card"):
        holder = element.find_parent(attrs={"data-fact-id": True})
        fact_id = (element["data-fact-id"] if element.has_attr("data-fact-id") else holder["data-fact-id"] if holder
                   else element.find_parent("a")["href"].split("#fact-")[1])
        counts[fact_id] = counts.get(fact_id, 0) + 1
    assert counts, "no figure found: the test would check nothing"
    for fact_id, count in counts.items():
        assert count + (fact_id in charts) <= 2, (page, fact_id, count)


def test_the_home_page_leads_with_the_reliability_statement(site):
    content = article(site, "index.html")
    blocks = [c for c in content.find_all(recursive=False) if c.name]
    box = content.select_one(".qa-based-on")
    position = blocks.index(box)
    assert position <= 4, "the reliability box comes right after the headline and the lead figures"
    text = box.get_text()
    assert "不是经过核实的统计数据" in text and "“核对”指" in text and "中国质量报" in text


def test_the_index_lists_what_links_to_each_record_without_restating_it(site, report):
    """Issue 20.7: the organisations and people page is an index: each fact that mentions a record
    is a numbered link (its statement is the link's title), not a sentence repeated on the page."""
    index = article(site, "organisations.html")
    restated = []
    for entity_id in report.entities:
        entry = index.select_one(f"#entity-{entity_id}")
        text = entry.get_text()
        mentioning = report.facts_mentioning(entity_id)
        for fact in mentioning:
            if render.statement(fact).striptags() in text:
                restated.append((entity_id, fact.id))
            if len(mentioning) > render.LISTED_CITING:
                continue   # so many that the index lists the pages showing them, with counts
            link = entry.select_one(f'a[href$="#fact-{fact.id}"]')
            assert link is not None and link["title"] == render.statement(fact).striptags()
    assert not restated, restated[:5]


def test_the_glossary_is_alphabetical(site, report):
    """Chinese in pinyin order (长三角 read cháng), English A-Z, each written here by hand."""
    zh = [dt["id"] for dt in article(site, "glossary.html").select("dt")]
    en = [dt["id"] for dt in article(site, "en/glossary.html").select("dt")]
    assert set(zh) == set(en) == {t.id for t in report.glossary}
    names = {t.id: t.term for t in report.glossary}
    zh_terms = [names[i].zh for i in zh]
    for earlier, later in (("标准总监", "长三角一体化"), ("长三角一体化", "驰名商标"), ("驰名商标", "地理标志产品"),
                           ("六西格玛", "三地一区"), ("首席质量官", "双招双引"), ("质量强省", "卓越绩效")):
        assert zh_terms.index(earlier) < zh_terms.index(later), (earlier, later, zh_terms)
    en_terms = [names[i].en for i in en]
    letters = [t.lstrip("“\"")[0].casefold() for t in en_terms]
    assert letters == sorted(letters), en_terms


def test_a_glossary_definition_opens_beside_the_text_not_inside_it():
    """Tapping a term shows its definition as a box (position: fixed), not as text inserted
    into the sentence (issue 20.7)."""
    from conftest import ROOT
    css = (ROOT / "docs" / "assets" / "report.css").read_text(encoding="utf-8")
    rules = re.findall(r"abbr\.qa-term:focus::after\s*\{([^}]*)\}", css)
    assert rules and all("position: fixed" in rule for rule in rules), rules
