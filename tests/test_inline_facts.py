"""Issue 20.1: facts inside the page's prose.  ``{{ fact("id") }}`` places a fact inside a
sentence (its anchor, note and menu), ``{{ figure("id") }}`` puts a fact's figure into the
site's own sentence; the page check still holds every fact to exactly one place, on its own
theme's page, and says in Chinese, at file:line:col, how to fix a page that breaks that."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import loader, pages, render

from conftest import ROOT

LINE_FORMAT = re.compile(r"^docs/[^:]+:\d+:\d+: .+")


@pytest.fixture
def tree(tmp_path) -> Path:
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def problems(tree: Path) -> list[str]:
    return [str(p) for p in loader.validate(tree / "data", tree / "docs").problems]


def edit(tree: Path, page: str, old: str, new: str) -> None:
    path = tree / "docs" / page
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_grammar_takes_fact_and_figure_with_one_literal_id():
    calls, found = pages.check_text('甲{{ fact("city-quality-awards") }}乙{{ figure("county-quality-awards") }}', "docs/x.md")
    assert not found and [(c.name, c.args) for c in calls] == [("fact", ("city-quality-awards",)),
                                                               ("figure", ("county-quality-awards",))]
    for bad in ('{{ fact(name) }}', '{{ fact("a", "b") }}', '{{ fact() }}', '{{ figure("A_B") }}'):
        assert pages.check_text(bad, "docs/x.md")[1], bad


def test_the_real_pages_place_facts_inside_sentences():
    calls, found = pages.check_docs(ROOT / "docs")
    assert not found
    placed = [c for c in calls if c.name == "fact"]
    assert len({c.file for c in placed}) >= 10, "every theme page of both editions writes facts into prose"


def test_an_unknown_fact_is_reported_at_the_call(tree):
    edit(tree, "governance.md", '{{ fact("county-quality-funds") }}', '{{ fact("county-quality-fund") }}')
    found = problems(tree)
    assert len(found) == 1, found
    assert found[0].startswith("docs/governance.md:") and "不存在的事实 `county-quality-fund`" in found[0], found


def test_a_fact_placed_twice_is_refused(tree):
    edit(tree, "governance.md", '{{ fact("county-quality-funds") }}',
         '{{ fact("county-quality-funds") }}{{ fact("county-quality-funds") }}')
    found = problems(tree)
    assert len(found) == 1 and "出现了两次" in found[0] and "figure(" in found[0], found
    assert LINE_FORMAT.match(found[0]), found


def test_a_fact_on_another_themes_page_is_refused(tree):
    edit(tree, "co-governance.md", '{{ fact("liaison-officers") }}', '{{ fact("liaison-officers") }}{{ fact("county-quality-funds") }}')
    edit(tree, "governance.md", '{{ fact("county-quality-funds") }}', "")
    found = problems(tree)
    assert any(p.startswith("docs/co-governance.md:") and "应放在它自己的页面 docs/governance.md" in p for p in found), found


def test_a_topic_with_facts_left_unplaced_is_reported(tree):
    """A topic needs facts(theme, topic) unless every record of it stands inside a sentence."""
    edit(tree, "governance.md", '{{ fact("county-quality-funds") }}', "")
    edit(tree, "governance.md", '{{ facts("governance", "local") }}', "")
    found = problems(tree)
    assert len(found) == 1 and found[0].startswith("data/themes.yml:"), found
    assert "`local`" in found[0] and "county-quality-funds" in found[0], found


def test_a_figure_needs_a_fact_with_a_value(tree):
    edit(tree, "governance.md", '{{ figure("city-quality-awards") }}', '{{ figure("county-quality-funds") }}')
    found = problems(tree)
    assert len(found) == 1 and "没有数字（value）" in found[0] and found[0].startswith("docs/governance.md:"), found


def test_the_topic_list_leaves_out_facts_placed_in_sentences(tree):
    """facts(theme, topic) lists only what no sentence holds: each fact stands once on the page."""
    edit(tree, "governance.md", '{{ fact("county-quality-funds") }}', "")
    report = loader.load(tree / "data", tree / "docs")
    listed = BeautifulSoup(render.facts(report, render.Repository("https://example.invalid/r"), "governance", "local"),
                           "html.parser").select(".qa-fact[id]")
    assert [e["id"] for e in listed] == ["fact-county-quality-funds"]
    # With every fact of a topic in sentences, the list writes nothing (not an empty block).
    assert render.facts(report, render.Repository("https://example.invalid/r"), "governance", "policy") == ""


def test_an_inline_fact_is_one_line_with_its_anchor_and_menu(report):
    html = render.fact(report, render.Repository("https://example.invalid/r"), "city-quality-awards")
    assert "\n" not in html
    span = BeautifulSoup(html, "html.parser").select_one("span.qa-inline-fact")
    assert span["id"] == "fact-city-quality-awards" and span["data-fact-id"] == "city-quality-awards"
    figure = span.select_one(".qa-inline-fact__text strong.qa-figure")
    assert figure.text == render.figure(report.fact("city-quality-awards"))
    # The original publication travels with the fact, for the copied citation.
    # the original, dated as far as known (the copy's repost date, said as such), and its grade
    assert span["data-source"] == ("李辉：《安徽省大力实施质量提升行动强力推进质量强省建设》，中国质量报，"
                                   "2021年11月29日中国经济网转载，“树立质量发展‘风向标’”一节（来源评级 C）")
    assert span.select_one("a.qa-menu__ref")["href"] == "#fact-city-quality-awards"


def test_a_figure_links_to_its_fact(report):
    html = render.figure_in_sentence(report, "county-quality-awards", lang="en")
    link = BeautifulSoup(html, "html.parser").select_one("a.qa-figure-link")
    assert link["href"] == "governance.html#fact-county-quality-awards"
    assert link.text == render.figure(report.fact("county-quality-awards"), "en")
