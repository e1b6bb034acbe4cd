"""What readers see (issue 13): people spoken of as people, quotations that can be cited,
and no internal id ("slug") shown where a name belongs."""

from __future__ import annotations

import json

import csv
import io
import re

from bs4 import BeautifulSoup

from macros import render

from conftest import ROOT


def article(site, name):
    html = (site / name).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def test_the_index_has_no_pronoun_filler(site):
    entries = article(site, "organisations.html").select(".qa-entity")
    assert len(entries) > 50
    for entry in entries:
        for quoted in entry.select(".qa-entity__facts, .qa-entity__quotes"):
            quoted.decompose()  # the facts' own statements may say 它们 of companies
        text = entry.get_text()
        assert "它" not in text and "没有事实直接提到" not in text, entry["id"]


def test_people_without_facts_say_where_they_appear(site, report):
    index = article(site, "organisations.html")
    reporter = index.select_one("#entity-li-hui")
    assert "来源的记者" in reporter.get_text()
    assert reporter.select_one("a[href='sources.html#source-cqn-2021-11-29']")
    xi = index.select_one("#entity-xi-jinping")
    assert xi.select_one("a[href='#entity-congratulatory-letter-hangzhou']")


def test_each_person_lists_their_quotations(site, report):
    index = article(site, "organisations.html")
    pages = {t.id: render.page_url(t.page) for t in report.themes}
    speakers = {q.speaker for q in report.quotations}
    assert speakers
    for person in speakers:
        links = {a["href"] for a in index.select(f"#entity-{person} .qa-entity__quotes a")}
        assert links == {f"{pages[q.theme]}#quote-{q.id}" for q in report.quotations if q.speaker == person}


def test_quotations_have_a_permalink_and_a_linked_speaker(site, report):
    pages = {t.id: render.page_url(t.page) for t in report.themes}
    index = article(site, "organisations.html")
    for quote in report.quotations:
        figure = article(site, pages[quote.theme]).select_one(f"#quote-{quote.id}")
        assert figure.select_one(f"a.qa-quote__anchor[href='#quote-{quote.id}']") is not None
        speaker = figure.select_one("figcaption a.qa-quote__speaker")
        assert speaker["href"] == f"organisations.html#entity-{quote.speaker}"
        assert speaker.text == report.name(quote.speaker).zh
        assert index.select_one(f"#entity-{quote.speaker}") is not None


def _ids(report) -> set[str]:
    return {*report.kinds, *report.sources}


def test_no_record_id_is_shown_on_the_timeline_or_the_sources_page(site, report):
    ids = sorted(_ids(report), key=len, reverse=True)
    for name in ("timeline.html", "sources.html", "organisations.html"):
        # addresses and host names (china.zjol.com.cn) may hold ids
        visible = re.sub(r"https?://\S+|\b(?:[a-z0-9-]+\.)+(?:cn|com|net)\b", " ", article(site, name).get_text(" "))
        shown = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", visible)]
        assert not shown, f"{name} shows ids: {shown[:5]}"


def _csv(site, name):
    return list(csv.DictReader(io.StringIO((site / "downloads" / f"{name}.csv").read_bytes().decode("utf-8-sig"))))


def test_csv_files_give_names_beside_ids(site, report):
    facts = _csv(site, "facts")
    for row, fact in zip(facts, report.facts):
        assert row["theme_name"] == report.theme(fact.theme).title.zh
        # a fact citing several sources lists each, in order, separated by semicolons
        assert row["source_title"] == ";".join(report.sources[c.id].title.zh for c in fact.citations)
        assert row["source_section_heading"] == ";".join(
            (h.zh if (h := report.heading(c)) else "全文") for c in fact.citations)
        assert row["mentions_names"] == ";".join(report.name(i).zh for i in fact.mentions)
        assert row["qualifier_text"]
    quotes = _csv(site, "quotations")
    assert [r["speaker_name"] for r in quotes] == [report.name(q.speaker).zh for q in report.quotations]
    people = {r["id"]: r for r in _csv(site, "organisations")}
    # (the institute's parent, 中国建材集团, was dropped: the source does not state it, issue 19.8)
    assert people["anhui-quality-leading-group-office"]["parent_name"] == "安徽省质量工作领导小组"


def test_csv_page_links_are_absolute(site, report):
    from scripts.build_pdf import read_config  # reads mkdocs.yml without constructing its tags
    config = read_config(ROOT / "mkdocs.yml")
    base = config["extra"]["public_url"].rstrip("/")
    assert base.startswith("https://")
    for row in _csv(site, "facts"):
        assert row["url"] == f"{base}/{row['page']}", row["id"]


# --- citations as numbered notes ------------------------------------------------------------------


def test_note_markers_only_where_a_record_cites_another_source_than_the_page(site, report):
    """Issue 20.2: the page's source is named once (the "based on" box); a record citing another
    source carries numbered markers pointing at the page's notes list, the others none."""
    checked = 0
    for theme in report.themes:
        content = article(site, render.page_url(theme.page))
        records = (*report.facts_in(theme.id), *report.quotations_in(theme.id))
        page_source = report.page_source(theme.id)
        marked = [r for r in records if any(c.id != page_source for c in r.citations)]
        items = content.select(".qa-notes li[id]")
        cited = {(c.id, c.section) for r in marked for c in r.citations}
        assert len(items) == len(cited), f"{theme.id}: one note per distinct source section of the marked records"
        for item in items:
            source = report.sources[item.select_one("a.qa-cite")["href"].split("#source-")[1]]
            text = item.get_text()
            assert source.title.zh in text
            assert source.reporter is None or report.name(source.reporter).zh in text
            assert report.publisher(source).zh in text and render.source_when(source) in text
        for record in records:
            prefix = "quote" if hasattr(record, "speaker") else "fact"
            element = content.select_one(f"#{prefix}-{record.id}")
            refs = element.select("a.qa-note__ref")
            if record not in marked:
                assert not refs, f"{record.id} cites the page's own source: no marker"
                checked += 1
                continue
            assert len(refs) == len(record.citations), record.id
            for ref, citation in zip(refs, record.citations):  # each marker points at its own source
                note = content.select_one(ref["href"])
                assert note is not None and note.name == "li", ref["href"]
                assert ref.text == f"[{note['value']}]"
            checked += 1
        assert content.select_one(".qa-based-on") is not None, theme.id
    assert checked == len(report.facts) + len(report.quotations)


def test_the_citation_and_the_controls_are_kept_out_of_search(site, report):
    """A fact's search document holds its statement, time and 涉及 names, not its citation or controls."""
    content = article(site, "governance.html")
    facts = content.select(".qa-fact, .qa-inline-fact")
    assert facts
    for fact in facts:
        for part in fact.select(".qa-note, .qa-menu__ref, .qa-menu__copy, .qa-fact__correct"):
            assert part.has_attr("data-search-exclude"), fact["id"]
        time = fact.select_one(".qa-fact__time")
        assert time is None or time.find_parent(attrs={"data-search-exclude": True}) is None
    notes = content.select_one(".qa-notes")
    assert notes is None or notes.has_attr("data-search-exclude")
    meta = json.loads((site / "search" / "qa" / "meta.json").read_text(encoding="utf-8"))
    docs = {}
    for fragment in sorted((site / "search" / "qa" / "f").glob("*.json"), key=lambda p: int(p.stem)):
        # (a fifth field, when there is one, is what the fact is about: searched, not shown)
        for anchor, _kind, _title, text, *about in json.loads(fragment.read_text(encoding="utf-8")):
            docs.setdefault(anchor, " ".join([text, *about]))
    fact = report.fact("leading-group-consultation")
    text = docs[f"fact-{fact.id}"]
    assert render.statement(fact).striptags() in text
    assert all(report.name(i).zh in text for i in fact.mentions)          # 涉及 names are searchable
    for hidden in ("来源：", "数据记录", "固定链接", "涉及、引用与更正", "[1]", "复制引用", "建议更正"):
        assert hidden not in text, hidden
    assert len(meta["pages"]) >= 11

def test_a_fact_no_longer_repeats_its_citation_in_the_text(site, report):
    """Issue 20.1/20.2: the visible text of a fact (without its closed menu and popovers) is its
    statement and the one-word "引用" control: no citation, no "据…报道" stamp after every sentence."""
    content = article(site, "governance.html")
    for fact in report.facts_in("governance"):
        element = content.select_one(f"#fact-{fact.id}")
        for hidden in element.select(".qa-note__pop, .qa-menu__pop, details"):
            hidden.decompose()
        text = element.get_text("").strip()
        assert "来源：" not in text and "《" + report.source_of(fact).title.zh not in text
        if report.marked(fact):
            # a fact of another source than the page's keeps its own date and note marker
            # (issue 20.2), still no citation text
            stamp = render.fact_time(fact, report)
            assert text.startswith(render.statement(fact).striptags() + stamp + "[") and text.endswith("]"), text
        else:
            assert text == render.statement(fact).striptags() + "引用", text


def test_the_home_page_leads_with_the_result_and_the_ranked_figures(site, report):
    content = article(site, "index.html")
    first = content.find(class_=["qa-facts", "qa-cards", "qa-notes"])
    assert first["data-topic"] == "headline", "the first block under the title is the headline result"
    ranked = sorted((f for f in report.facts if f.rank), key=lambda f: f.rank)
    assert len(ranked) >= 4
    lead = [c["data-fact-id"] for c in content.select(".qa-cards--lead .qa-card")]
    assert lead == [f.id for f in ranked[:4]]
    rest = [c["data-fact-id"] for c in content.select(".qa-cards:not(.qa-cards--lead) .qa-card")]
    assert not set(lead) & set(rest) and set(lead) | set(rest) == {f.id for f in report.facts if f.key}
    # Anhui's own figures first, not the count of provinces graded A
    assert lead[0] != "assessment-2020-grade-a-provinces"


def test_the_data_page_explains_every_column_in_chinese(site):
    from macros import exports
    page = article(site, "data.html")
    for dataset in exports.DATASETS:
        header = list(_csv(site, dataset.name)[0])
        table = page.select_one(f"#dict-{dataset.name} table")
        assert table is not None, dataset.name
        rows = {tr.select_one("code").text: tr.select("td")[1].text for tr in table.select("tbody tr")}
        assert list(rows) == header, dataset.name
        for column, meaning in rows.items():
            assert re.search(r"[\u4e00-\u9fff]", meaning), f"{dataset.name}.{column} has no Chinese meaning"
    # the "字段说明" column links to the dictionary, not to a raw JSON Schema
    for link in page.select("table.qa-downloads tbody tr td:last-child a"):
        if link.find_parent("details") is None:
            assert link["href"].startswith("#dict-")


def test_key_figures_table_sorts_in_a_spreadsheet(site, report):
    rows = _csv(site, "key-figures")
    assert [r["id"] for r in rows] == [f.id for f in report.key_facts()]
    for row, fact in zip(rows, report.key_facts()):
        assert float(row["value"]) == fact.value and row["unit"] == fact.unit
        assert row["figure"] == render.figure(fact) and row["label"] == fact.label.zh


def test_an_error_can_be_reported_by_mail_without_github(report):
    """With extra.corrections_email set, every fact's controls offer a prefilled mailto."""
    from urllib.parse import parse_qs, unquote, urlsplit
    from bs4 import BeautifulSoup as Soup
    repository = render.Repository("https://example.invalid/repo", email="jiucuo@example.org")
    html = render.facts(report, repository, "governance", "local")
    facts = Soup(html, "html.parser").select(".qa-fact")
    assert facts
    for element in facts:
        fact = report.fact(element["data-fact-id"])
        link = element.select_one("details.qa-fact__more a.qa-fact__report")
        parts = urlsplit(link["href"])
        assert parts.scheme == "mailto" and unquote(parts.path) == "jiucuo@example.org"
        query = parse_qs(parts.query)
        assert fact.id in query["subject"][0]
        body = query["body"][0]
        assert f"governance.html#fact-{fact.id}" in body and render.statement(fact).striptags() in body
    plain = render.facts(report, render.Repository("https://example.invalid/repo"), "governance", "local")
    assert "mailto:" not in plain  # no address configured: no mail link
    # A fact inside a sentence: its menu's one correction action is the same prefilled mail.
    inline = Soup(render.fact(report, repository, "city-quality-awards"), "html.parser")
    actions = inline.select(".qa-menu__pop a[href^='mailto:'], .qa-menu__pop a.qa-fact__correct")
    assert len(actions) == 1 and actions[0].text == "建议更正"
    assert "governance.html#fact-city-quality-awards" in unquote(actions[0]["href"])
    github = Soup(render.fact(report, render.Repository("https://example.invalid/repo"), "city-quality-awards"),
                  "html.parser").select(".qa-menu__pop a.qa-fact__correct")
    assert len(github) == 1 and github[0]["href"].startswith("https://example.invalid/repo/blob/main/data/facts/")
