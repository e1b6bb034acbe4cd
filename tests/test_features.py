"""Charts, timeline, glossary, the index of organisations and people, downloads and
fact anchors: all generated from data, every number from its record."""

from __future__ import annotations

import csv
import io
import json
import shutil

from bs4 import BeautifulSoup

from macros import exports, loader, render

from conftest import ROOT


def page(site, name):
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def test_every_chart_is_drawn_from_its_facts(site, report):
    pages = {t.id: render.page_url(t.page) for t in report.themes}
    assert report.charts
    for chart in report.charts:
        figure = page(site, pages[chart.theme]).select_one(f"#chart-{chart.id}")
        assert figure is not None, chart.id
        svg = figure.svg
        assert svg["role"] == "img"
        assert svg.title.text == chart.title.zh and chart.description.zh in svg.desc.text
        rows = svg.select(".qa-chart__row")
        assert [r["data-fact-id"] for r in rows] == chart.facts
        for row in rows:
            fact = report.fact(row["data-fact-id"])
            assert row.select_one(".qa-chart__value").text == render.figure(fact)
            assert row.select_one(".qa-chart__label").text == fact.label.zh
        widths = [float(r.rect["width"]) for r in rows]
        values = [report.fact(i).value for i in chart.facts]
        assert sorted(range(len(values)), key=values.__getitem__) == sorted(range(len(widths)), key=widths.__getitem__)
        table = figure.select("tbody tr")
        assert [(r["data-fact-id"], r.td.text) for r in table] == [
            (i, render.figure(report.fact(i))) for i in chart.facts]
        assert figure.select_one(".qa-chart__source a.qa-cite")


def test_charts_compare_like_with_like(report):
    for chart in report.charts:
        assert len({report.fact(i).unit for i in chart.facts}) == 1, chart.id


def test_a_chart_mixing_units_is_rejected(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    charts = data / "charts.yml"
    before = charts.read_text(encoding="utf-8")
    after = before.replace("facts: [national-inspection-centres, provincial-inspection-centres]",
                           "facts: [national-inspection-centres, ultra-thin-touch-glass]")
    assert after != before, "the chart this test edits is gone: pick another"
    charts.write_text(after, encoding="utf-8")
    problems = [str(p) for p in loader.validate(data).problems]
    assert any("图表混用了不同单位" in p and p.startswith("data/charts.yml:") for p in problems), problems


def test_timeline_lists_every_dated_event_in_order(site, report):
    timeline = page(site, "timeline.html")
    events = report.dated_events()
    entries = report.timeline()   # dated events and documents with a date of issue (issue 19)
    assert [g["data-event-id"] for g in timeline.select(".qa-timeline__event")] == [r.id for _, r in entries]
    assert {e.id for e in events} <= {r.id for _, r in entries}
    assert [d for d, _ in entries] == sorted(d for d, _ in entries)
    for date, record in entries:
        item = timeline.select_one(f"#event-{record.id}")
        assert item.strong.text == render.date(date)
    assert {"yrd-quality-pilot-meeting-2021", "campus-quality-culture-launch-2021",
            "quanchai-philosophy-1988"} <= {e.id for e in events}
    # "2020" is the year the assessment covers, not when it took place: the source
    # gives no date, so it is listed with the undated events, not on the timeline.
    assert "national-quality-assessment-2020" not in {e.id for e in events}
    undated = timeline.select_one(".qa-timeline__undated")
    assert undated is not None and undated.select_one("a[href='organisations.html#entity-national-quality-assessment-2020']")


def test_glossary_page_and_tooltip_data_on_every_page(site, report):
    glossary = page(site, "glossary.html")
    for term in report.glossary:
        assert glossary.select_one(f"#{term.id}").text.startswith(term.term.zh)
    for html in site.glob("*.html"):
        if html.name == "404.html":
            continue
        element = page(site, html.name).select_one("script#qa-glossary")
        assert element is not None, f"{html.name} lacks {{{{ glossary_data() }}}}"
        data = json.loads(element.string)
        assert [d["id"] for d in data] == [t.id for t in report.glossary]


def test_index_links_organisations_and_people_to_facts_both_ways(site, report):
    index = page(site, "organisations.html")
    pages = {t.id: render.page_url(t.page) for t in report.themes}
    for entity_id, kind in report.kinds.items():
        if kind not in ("organisation", "person"):
            continue
        entry = index.select_one(f"#entity-{entity_id}")
        assert entry is not None, entity_id
        linked = {a["href"] for a in entry.select(".qa-entity__facts a")}
        assert linked == {f"{pages[f.theme]}#fact-{f.id}" for f in report.facts_mentioning(entity_id)}
    # ... and every fact's "涉及" names link to an existing entry of the index
    for theme in report.themes:
        for link in page(site, pages[theme.id]).select(".qa-fact__mentions a"):
            assert index.select_one(f"#{link['href'].split('#')[1]}") is not None, link["href"]


def test_downloads_parse_back_to_the_data(site, report):
    facts_csv = (site / "downloads" / "facts.csv").read_bytes()
    assert facts_csv.startswith(b"\xef\xbb\xbf"), "BOM so that Excel/WPS read UTF-8"
    rows = list(csv.DictReader(io.StringIO(facts_csv.decode("utf-8-sig"))))
    assert list(rows[0])[0] == "id"
    assert [r["id"] for r in rows] == [f.id for f in report.facts]
    for row, fact in zip(rows, report.facts):
        assert row["value"] == ("" if fact.value is None else str(fact.value))
        assert row["unit"] == (fact.unit or "") and row["source"] == ";".join(c.id for c in fact.citations)
        assert row["statement"] == render.statement(fact).striptags()
    facts_json = json.loads((site / "downloads" / "facts.json").read_text(encoding="utf-8"))
    assert [(r["id"], r["value"]) for r in facts_json] == [(f.id, f.value) for f in report.facts]
    combined = json.loads((site / "downloads" / exports.COMBINED_FILE).read_text(encoding="utf-8"))
    for dataset in exports.DATASETS:
        separate = json.loads((site / "downloads" / f"{dataset.name}.json").read_text(encoding="utf-8"))
        assert combined[dataset.name] == separate
        as_csv = list(csv.DictReader(io.StringIO((site / "downloads" / f"{dataset.name}.csv").read_bytes().decode("utf-8-sig"))))
        assert [r["id"] for r in as_csv] == [r["id"] for r in separate]
    people = {r["id"]: r for r in combined["people"]}
    assert people["liu-qingfeng"]["name"] == "刘庆峰"
    assert combined["about"]["licence"]


def test_data_page_links_every_download_and_schema(site):
    data_page = page(site, "data.html")
    for link in data_page.select("article a[href^='downloads/'], article a[href^='schema/']"):
        assert (site / link["href"]).is_file(), link["href"]
    assert len(data_page.select("a[href^='downloads/']")) == 2 * len(exports.DATASETS) + 1


def test_every_themed_page_links_to_the_data_page(site, report):
    for theme in report.themes:
        assert page(site, render.page_url(theme.page)).select_one(".qa-data-note a[href='data.html']")


def test_fact_anchors_survive_edits_of_other_facts(tmp_path, report):
    """Anchors are the fact ids: inserting and editing other facts changes none of them."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    governance = data / "facts" / "governance.yml"
    text = governance.read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    new = ("- id: inserted-fact\n  theme: governance\n  topic: policy\n  subject: anhui\n  statement:\n"
           "    zh: 新插入的事实。\n  time: \"2021\"\n  time_basis: during\n"
           "  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n"
           "  reviewed: {date: \"2026-11-25\", by: 编辑组}\n")
    governance.write_text(header + "\n" + new + body.replace("省政府设立了安徽省人民政府质量奖。", "省政府设立了省级质量奖。"),
                          encoding="utf-8")
    edited = loader.load(data)
    repository = render.Repository("https://example.invalid/repo")

    def anchors(r):
        return {topic: {e["id"] for e in BeautifulSoup(render.facts(r, repository, "governance", topic),
                                                        "html.parser").select(".qa-fact")}
                for topic in r.theme("governance").topics}

    before, after = anchors(report), anchors(edited)
    for topic, ids in before.items():
        assert ids <= after[topic], topic
    assert after["policy"] - before["policy"] == {"fact-inserted-fact"}
