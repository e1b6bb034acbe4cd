"""Editorial accuracy (issue 11): the site says no more than its sources, marks its own
explanations as such, dates facts only as the source does, and is honest about when
records were checked."""

from __future__ import annotations

import copy
import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from macros import loader, render

import captured_sources
from conftest import ROOT, THEMED_PAGES


def page(site, name):
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def article(site, name):
    return page(site, name).select_one("article.md-content__inner")


# --- rule 1: a date only where the source gives one ----------------------------------------


def test_no_fact_is_dated_by_the_publication_month(report):
    """The publication date is not a reference date: "截至2021年11月" was invented."""
    for fact in report.facts:
        published = report.source_of(fact).known_date or ""
        assert not (fact.time and fact.time_basis == "as_of" and published.startswith(fact.time)), fact.id


@pytest.mark.skipif(not captured_sources.available(),
                    reason="../shared/sources/ is absent: cannot check dates against the sources' text")
def test_every_fact_time_is_written_in_the_text_it_cites(report):
    """A fact's time is in the captured text of a source it cites: in Chinese (7月7日,
    2021年12月, 2021年) or as the page's own date line writes it (2019-09-04)."""
    wrong = []
    for fact in report.facts:
        if fact.time is None:
            continue
        text = captured_sources.cited_text(fact)
        parts = [int(p) for p in fact.time.split("-")]
        spelled = f"{parts[1]}月{parts[2]}日" if len(parts) == 3 else f"{parts[0]}年" if len(parts) == 1 else f"{parts[0]}年{parts[1]}月"
        if spelled not in text and fact.time not in text:
            wrong.append(f"{fact.id}: {fact.time} ({spelled}) is not in {[c.id for c in fact.citations]}")
    assert not wrong, "\n".join(wrong)


def _known_date(source):
    if source.published.date:
        return source.published.date
    posted = source.reproduced_by.posted if source.reproduced_by else None
    return posted.date if posted else None


def test_facts_the_source_does_not_date_are_dated_once_by_the_page(site, report):
    """Issue 20.2: an undated fact of the page's own source carries no "据…报道" stamp of its
    own; the page's "based on" box gives that source's date once.  (A fact of another source
    keeps its stamp: tests/test_site.py test_a_fact_from_another_source_carries_its_own_marks.)"""
    undated = [f for f in report.facts if f.time is None]
    assert undated, "no fact uses time_basis: as_reported"
    pages = {t.id: render.page_url(t.page) for t in report.themes}
    for fact in undated:
        content = article(site, pages[fact.theme])
        element = content.select_one(f"#fact-{fact.id}")
        assert element is not None, fact.id
        if report.marked(fact):
            # another source than the page's: its own stamp, the month its earliest source was
            # published (else the copy's stamp), or none known
            dates = [d[:7] for c in fact.citations if (d := report.sources[c.id].known_date)]
            stamp = element.select_one(".qa-fact__time").text
            if not dates:
                assert stamp == "据报道（日期不详）", fact.id
            else:
                earliest = min(dates)
                assert stamp == (f"据{earliest}年报道" if len(earliest) == 4
                                 else f"据{earliest[:4]}年{int(earliest[5:7])}月报道"), fact.id
            continue
        assert element.select_one(".qa-fact__time") is None, fact.id
        assert "据2021年11月报道" not in element.get_text(), fact.id
        assert render.source_when(report.sources[fact.citations[0].id]) in content.select_one(".qa-based-on").text
    for html in site.glob("*.html"):
        assert "截至2021年11月" not in html.read_text(encoding="utf-8"), html.name


# --- rule 2: subject absent or a plain group -------------------------------------------------


def test_a_plain_group_is_shown_as_text_not_as_a_link(site, report):
    grouped = [f for f in report.facts if f.subject_group is not None]
    assert grouped
    pages = {t.id: render.page_url(t.page) for t in report.themes}
    for fact in grouped:
        mentions = article(site, pages[fact.theme]).select_one(f"#fact-{fact.id} .qa-fact__mentions")
        group = mentions.select_one(".qa-fact__group")
        assert group is not None and group.text == fact.subject_group.zh and group.find_parent("a") is None
        assert [a["href"] for a in mentions.select("a")] == [f"organisations.html#entity-{i}" for i in fact.mentions]


# --- rule 3: the site's own words are marked ------------------------------------------------


def test_glossary_definitions_are_marked_as_the_sites_own(site, report):
    glossary = article(site, "glossary.html")
    for term in report.glossary:
        definition = glossary.select_one(f"#{term.id}").find_next_sibling("dd")
        assert definition.select_one(".qa-own__label").text == "本站释义", term.id
        assert "原文见" not in definition.text
    for html in site.glob("*.html"):
        assert "原文见" not in html.read_text(encoding="utf-8"), html.name


@pytest.mark.parametrize("name", ["index", *THEMED_PAGES])
def test_page_prose_is_marked_as_the_sites_own(site, name):
    """Every paragraph a page writes itself (not a fact, card or note) carries the label."""
    content = article(site, f"{name}.html")
    prose = [p for p in content.find_all("p", recursive=False) if "qa-data-note" not in (p.get("class") or [])]
    assert prose, "no prose found: the test would check nothing"
    for paragraph in prose:
        if name == "index":  # the home page's paragraphs describe the site, not the subject
            continue
        # A paragraph of facts placed inside sentences (fact("id")) is the records' words, not the
        # site's: nothing else may stand in it (issue 20.1), or that text must carry the label.
        facts = paragraph.select(".qa-inline-fact")
        rest = copy.copy(paragraph)
        for inline in rest.select(".qa-inline-fact"):
            inline.decompose()
        if facts and not re.sub(r"[\s。，；,.;]", "", rest.get_text()):
            continue
        assert "qa-own" in (paragraph.get("class") or []), paragraph.text[:40]
        assert paragraph.select_one(".qa-own__label").text == "本站释义"


def test_theme_summaries_and_background_notes_are_marked(site, report):
    for card in article(site, "index.html").select(".qa-theme__summary"):
        assert card.select_one(".qa-own__label").text == "本站概括"
    sources = article(site, "sources.html")
    about = sources.select_one(".qa-source__publisher")
    assert about is not None and about.select_one(".qa-own__label").text == "本站释义"
    assert "国家市场监督管理总局" in about.text


# --- rule 4: several sources, whole text --------------------------------------------------------


def _edited(tmp_path, file, old, new):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return loader.load(data)


def test_a_fact_citing_two_sections_shows_both_and_whole_text_reads_as_such(tmp_path):
    old = "  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n  reviewed: {date: \"2026-11-25\", by: 编辑组}\n- id: product-quality-regulations-amended"
    new = ("  source:\n    - {id: cqn-2021-11-29, section: fengxiangbiao}\n    - {id: cqn-2021-11-29}\n"
           "  reviewed: {date: \"2026-11-25\", by: 编辑组}\n- id: product-quality-regulations-amended")
    report = _edited(tmp_path, "facts/governance.yml", old, new)
    html = render.facts(report, render.Repository("https://example.invalid/r"), "governance", "policy")
    fact = BeautifulSoup(html, "html.parser").select_one("#fact-implementation-opinions-issued")
    # The page's own source: no marks on the fact (issue 20.2); the box names both the section and the whole text.
    assert not fact.select("a.qa-cite")
    box = BeautifulSoup(render.based_on(report, "governance"), "html.parser")
    assert "“树立质量发展‘风向标’”" in box.text and "全文" in box.text
    # The copied citation names both (data-source).
    assert fact["data-source"].count("中国质量报") == 2 and fact["data-source"].count("一节") == 1
    # The box gives the source's grade (issue 19).
    assert render.grade_label(report.sources["cqn-2021-11-29"].grade.level) + "级" in box.text


# --- rule 5: per-record review dates -------------------------------------------------------------


def test_page_review_date_comes_from_its_records(site, report):
    note = article(site, "governance.html").select_one(".qa-based-on .qa-reviewed")
    dates = sorted({f.reviewed.date for f in report.facts_in("governance")})
    expected = render.date(dates[-1]) if len(dates) == 1 else f"{render.date(dates[0])}至{render.date(dates[-1])}"
    assert expected in note.text


def test_a_record_checked_earlier_shows_as_a_range(tmp_path):
    old = "  reviewed: {date: \"2026-11-25\", by: 编辑组}\n- id: product-quality-regulations-amended"
    report = _edited(tmp_path, "facts/governance.yml", old,
                     "  reviewed: {date: \"2026-10-01\", by: 张编辑}\n- id: product-quality-regulations-amended")
    note = render.based_on(report, "governance")
    latest = max(f.reviewed.date for f in report.facts_in("governance"))
    assert f"2026年10月1日至{render.date(latest)}" in note
    other = render.based_on(report, "co-governance")
    assert "2026年10月1日" not in other


def test_the_snapshot_is_stated_apart_from_the_review_date(site, report):
    """A themed page is a snapshot of the newest source its records cite; the other pages,
    of the newest source of all (sources 2012-2023, issue 19)."""
    def month(dates):
        newest = max(d[:7] for d in dates if d)
        if len(newest) == 4:  # a source dated by its year only (the 2023 outline)
            return f"{newest}年报道的数据"
        return f"{int(newest[:4])}年{int(newest[5:7])}月报道的数据"
    pages = {render.page_url(t.page): t.id for t in report.themes}
    for html in site.glob("*.html"):
        if html.name == "404.html":
            continue
        content = article(site, html.name)
        note = content.select_one(".qa-data-note")
        assert note is not None, html.name
        theme = pages.get(html.name)
        records = [*report.facts_in(theme), *report.quotations_in(theme)] if theme else []
        cited = [report.sources[c.id] for r in records for c in r.citations] or report.sources.values()
        expected = month(s.published.date or (s.reproduced_by.posted.date if s.reproduced_by and s.reproduced_by.posted else None)
                         for s in cited)
        assert expected in note.select_one(".qa-snapshot").text, html.name
        # One check date a page (issue 20.8): a theme page's is in its "based on" box.
        reviewed = content.select(".qa-reviewed")
        assert len(reviewed) == 1, html.name
        assert "核对" in reviewed[0].text, html.name
    # the page citing only the 2021 article is not dated by a 2023 source cited elsewhere
    assert "2021年11月报道的数据" in article(site, "co-governance.html").select_one(".qa-snapshot").text


# --- findings: claims attributed, promises kept, statuses said -------------------------------------


SUPERLATIVES = ("世界最", "世界第一", "首创", "第一位", "首位", "领跑", "一以贯之")
ATTRIBUTION = re.compile(r"据报道|报道称|据介绍|据.{1,8}介绍|被称为|他说|表示")


def test_superlatives_and_self_descriptions_are_attributed(report):
    for fact in report.facts:
        if any(word in fact.statement.zh for word in SUPERLATIVES):
            assert ATTRIBUTION.search(fact.statement.zh), fact.id


def test_the_unverified_address_is_flagged_wherever_it_appears(site, report):
    source = report.sources["cqn-2021-11-29"]
    assert not source.url_verified
    combined = json.loads((site / "downloads" / "quality-anhui-data.json").read_text(encoding="utf-8"))
    # Thirteen sources: the data's "about" points at the sources dataset, which flags each address.
    assert combined["about"]["source_url"].endswith("sources.csv")
    assert "url_verified" in combined["about"]["source_url_status"]
    row = next(r for r in combined["sources"] if r["id"] == source.id)
    assert row["url"] == source.url and row["url_verified"] is False
    text = article(site, "sources.html").get_text()
    assert source.url in text and "尚未核实" in text


def test_the_footer_does_not_type_a_date_by_hand():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    copyright_line = next(line for line in config.splitlines() if line.startswith("copyright:"))
    assert not re.search(r"[0-9]", copyright_line)


def test_the_home_page_promises_only_what_the_site_does(site):
    text = article(site, "index.html").get_text()
    assert "点开可看到完整引文" not in text


def test_no_claim_of_mutual_recognition(site):
    for html in site.glob("*.html"):
        assert "计量互认" not in html.read_text(encoding="utf-8"), html.name
