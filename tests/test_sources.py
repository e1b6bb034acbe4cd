"""The sources (issue 19): each one's grade is shown wherever it is cited, no record gives a
date its source does not give unless it says it is inferred, the time line is in date
order in both editions, and nothing longer than a short phrase is copied from a source.

The checks against the captured texts read ``../shared/sources/``; they skip, saying so,
only where that folder is absent (a checkout without the shared material).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import render, schema

from conftest import ROOT, THEMED_PAGES

SOURCES_DIR = ROOT.parent / "shared" / "sources"
NO_SOURCES = not SOURCES_DIR.is_dir()
needs_sources = pytest.mark.skipif(NO_SOURCES, reason=f"{SOURCES_DIR} is absent: cannot compare records with the captured source texts")

# The 2021 article's capture has no "URL:" header; the others name their address on line 1.
ARTICLE_FILE = "2021-11-29-anhui-quality-province.raw.txt"
# A copy machine-converted to traditional script with Taiwanese word substitutions
# (../shared/sources/README.md): compared after converting back and restoring the words.
SUBSTITUTED_WORDS = {"品质": "质量", "程式": "程序"}
# "No run of more than 30 characters copied from any source outside quotations" (issue 19).
LONGEST_COPIED_RUN = 30


@lru_cache(maxsize=None)
def _captured() -> dict[str, str]:
    """url -> captured text (below the ``----`` line), simplified script, words restored."""
    import opencc
    to_simplified = opencc.OpenCC("t2s")
    out = {}
    for path in sorted(SOURCES_DIR.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        if path.name == ARTICLE_FILE:
            out["article"] = raw
            continue
        header, _, body = raw.partition("\n----\n")
        url = header.splitlines()[0].removeprefix("URL:").strip()
        if "big5" in path.name:
            body = to_simplified.convert(body)
            for found, restored in SUBSTITUTED_WORDS.items():
                body = body.replace(found, restored)
        out[url] = body
    return out


def _text_of(source: schema.Source) -> str:
    captured = _captured()
    return captured["article"] if source.id == "cqn-2021-11-29" else captured[source.url]


def soup(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def _dense(text: str) -> str:
    """Whitespace and the difference between full-width and ASCII punctuation do not count."""
    table = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";", "！": "!", "？": "?"})
    return re.sub(r"\s", "", text).translate(table)


# --- every source is a captured file ------------------------------------------------------


@needs_sources
def test_every_source_is_one_of_the_captured_copies(report):
    """Each source's address is the address its captured copy was taken from."""
    captured = _captured()
    for source in report.sources.values():
        assert source.id == "cqn-2021-11-29" or source.url in captured, \
            f"{source.id}: {source.url} is not the URL line of any file in {SOURCES_DIR}"
    assert len(report.sources) == len(captured), "a captured source has no record in data/sources.yml"


@needs_sources
def test_a_contaminated_copy_says_how_it_was_restored(report):
    """The spam of the 2021 copy and the traditional-script substitutions of the 2023 one
    are repairs the source record must name (never the contaminated words themselves)."""
    for source in report.sources.values():
        raw = (_captured()["article"] if source.id == "cqn-2021-11-29" else None)
        path = next((p for p in SOURCES_DIR.glob("*.txt") if p.name != ARTICLE_FILE
                     and p.read_text(encoding="utf-8").splitlines()[0].endswith(source.url)), None)
        raw = raw if raw is not None else path.read_text(encoding="utf-8").partition("\n----\n")[2]
        kinds = {r.kind for r in source.restorations}
        if "bet体育" in raw:
            assert {"spam-removed", "words-restored"} <= kinds, source.id
        if "品質" in raw or "質量" in raw:
            assert {"script-converted", "words-restored"} <= kinds, source.id


# --- grades -----------------------------------------------------------------------------------


def _grade_words(level: str, lang: str) -> str:
    label = render.grade_label(level)
    return f"{label}级" if lang == "zh" else f"grade {label}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sources_page_shows_every_source_with_its_grade_and_reason(site, report, lang):
    page = soup(site, "sources.html" if lang == "zh" else "en/sources.html")
    for source in report.sources.values():
        block = page.select_one(f"#source-{source.id}")
        assert block is not None, source.id
        text = block.get_text()
        assert _grade_words(source.grade.level, lang) in text, source.id
        assert getattr(source.grade.reason, lang) in text, source.id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_citation_on_the_site_shows_its_sources_grade(site, report, lang):
    """Wherever a link cites a source (notes, pop-ups, time line, goals, context), the grade
    of that very source stands beside it."""
    prefix = "" if lang == "zh" else "en/"
    pages = [*(f"{render.page_url(report.theme(t).page)}" for t in ("overview", *THEMED_PAGES)),
             "timeline.html", "targets.html", "sources.html"]
    seen = set()
    for name in pages:
        for link in soup(site, prefix + name).select("article a.qa-cite[href*='#source-']"):
            source_id = link["href"].split("#source-")[1]
            holder = link.parent
            grades = holder.select(f".qa-grade[data-source='{source_id}']")
            assert grades, f"{prefix}{name}: citation of {source_id} without its grade: {holder.get_text()[:80]}"
            assert grades[0]["data-grade"] == report.sources[source_id].grade.level
            assert _grade_words(report.sources[source_id].grade.level, lang) in grades[0].get_text()
            seen.add(source_id)
    assert seen == set(report.sources), f"sources never cited on these pages: {set(report.sources) - seen}"


# --- dates: stated only where the source states them ------------------------------------------


def _spellings(date: str) -> list[str]:
    """How a captured text may write a date: 2013-03-01 / 2013年3月1日 / 3月1日 (the year from
    the text's own date, as tests/test_editorial.py accepts for facts)."""
    parts = date[:10].split("-")
    if len(parts) == 1:
        return [f"{parts[0]}年", parts[0]]
    if len(parts) == 2:
        return [f"{parts[0]}年{int(parts[1])}月", f"{parts[0]}-{parts[1]}"]
    return [f"{parts[0]}年{int(parts[1])}月{int(parts[2])}日", date[:10], f"{int(parts[1])}月{int(parts[2])}日"]


@needs_sources
def test_a_stated_source_date_is_in_its_copy(report):
    """published/posted with certainty "stated": the date (and the time, when one is given)
    is written in the captured copy.  Anything else must say it is inferred or unknown."""
    for source in report.sources.values():
        text = _text_of(source)
        stamps = [source.published]
        if source.reproduced_by and source.reproduced_by.posted:
            stamps.append(source.reproduced_by.posted)
        for stamp in stamps:
            if stamp.certainty != "stated":
                assert stamp.why is not None, source.id
                continue
            assert any(s in text for s in _spellings(stamp.date)), f"{source.id}: {stamp.date} is not in the copy"
            if "T" in stamp.date:
                day, time = stamp.date[:10], stamp.date[11:16]
                assert f"{day} {time}" in text or f"{_spellings(day)[0]} {time}" in text, \
                    f"{source.id}: the time {stamp.date} is not in the copy"


@needs_sources
def test_no_event_or_document_has_a_date_its_source_does_not_give_unless_marked_inferred(report):
    for record in report.entities.values():
        if isinstance(record, schema.Event):
            date, inferred = record.date, record.date_inferred
        elif isinstance(record, schema.Document):
            date, inferred = record.issued, record.issued_inferred
        else:
            continue
        if date is None or inferred is not None:
            continue
        texts = [_text_of(report.sources[c.id]) for c in record.citations]
        assert any(s in t for s in _spellings(date) for t in texts), \
            f"{record.id}: {date} is not in its source; leave it out or mark it inferred (date_inferred/issued_inferred)"


@needs_sources
def test_a_document_number_is_written_as_its_source_writes_it(report):
    for record in report.entities.values():
        if isinstance(record, schema.Document) and record.number:
            assert any(record.number in _text_of(report.sources[c.id]) for c in record.citations), record.id


@needs_sources
def test_a_targets_year_and_figures_are_in_its_source(report):
    for target in report.targets:
        text = _dense("".join(_text_of(report.sources[c.id]) for c in target.citations))
        assert f"到{target.by}年" in text, f"{target.id}: the source does not set anything for {target.by}"
        for figure in re.findall(r"\d+(?:\.\d+)?%?", target.aim.zh):
            assert figure in text, f"{target.id}: {figure} is not in its source"


def test_what_later_sources_say_comes_from_later_sources(report):
    """Beside a target: only sources no older than the one that set it (where both are dated)."""
    for target in report.targets:
        set_on = min((d for c in target.citations if (d := report.sources[c.id].known_date)), default=None)
        for word in target.later:
            for citation in word.citations:
                said_on = report.sources[citation.id].known_date
                assert citation.id not in {c.id for c in target.citations}, target.id
                assert set_on is None or said_on is None or said_on[:4] >= set_on[:4], (target.id, citation.id)


# --- the time line ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_time_line_is_in_date_order_from_2012_to_2023(site, report, lang):
    page = soup(site, "timeline.html" if lang == "zh" else "en/timeline.html")
    entries = page.select("ol.qa-timeline__list > li[data-date]")
    dates = [li["data-date"] for li in entries]
    assert dates == sorted(dates), "time line out of date order"
    years = {d[:4] for d in dates}
    assert {"2012", "2013", "2019", "2020", "2021", "2022", "2023"} <= years
    for li in entries:
        record = report.entities[li["id"].removeprefix("event-")]
        inferred = record.date_inferred if isinstance(record, schema.Event) else record.issued_inferred
        marker = li.select_one(".qa-timeline__inferred")   # beside the entry's own date
        assert (marker is not None) == (inferred is not None), li["id"]
        if inferred is not None:
            assert ("推断" if lang == "zh" else "inferred") in marker.get_text()
            assert getattr(inferred, lang) in li.get_text(), f"{li['id']}: the reason is not shown"
        assert li.select(".qa-grade"), f"{li['id']}: no source grade"


def test_both_editions_list_the_same_time_line(site):
    zh = [li["id"] for li in soup(site, "timeline.html").select("ol.qa-timeline__list > li[data-date]")]
    en = [li["id"] for li in soup(site, "en/timeline.html").select("ol.qa-timeline__list > li[data-date]")]
    assert zh == en and len(zh) >= 15


def test_the_reposting_sites_stamp_is_not_given_as_the_publishers_time(site, report):
    """Editor's finding (19.8): 29 November 2021 10:13 is China Economic Net's stamp."""
    source = report.sources["cqn-2021-11-29"]
    block = soup(site, "sources.html").select_one("#source-cqn-2021-11-29")
    citation = block.select_one(".qa-source__citation").get_text()
    assert "10:13" not in citation and "中国经济网转载" in citation
    assert "10:13" in block.get_text() and source.published.date is None
    row = soup(site, "timeline.html").select_one("#event-article-published-2021-11-29").get_text()
    assert "中国经济网" in row and "10:13" not in row


# --- own words ------------------------------------------------------------------------------------


# Fields that name a thing (titles, names, headings, terms) may repeat the source's words;
# quotations are the speaker's own words.  Everything else is the site's prose.
NAMING_FIELDS = {"title", "name", "heading", "term", "short_name", "motto", "label"}


def _prose(record: schema.Record, path: tuple = ()):
    """(field path, Chinese text) of every prose text inside a record."""
    for field in type(record).model_fields:
        value = getattr(record, field)
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if isinstance(item, schema.Text):
                if field not in NAMING_FIELDS:
                    yield (*path, field, index), item.zh
            elif isinstance(item, schema.Record):
                yield from _prose(item, (*path, field, index))


def _copied_runs(report, records) -> list[str]:
    texts = [_dense(t) for t in _captured().values()]
    names = sorted({report.name(i).zh for i in report.entities} | {s.title.zh for s in report.sources.values()},
                   key=len, reverse=True)
    run = LONGEST_COPIED_RUN + 1
    copied = []
    for record in records:
        for where, zh in _prose(record):
            text = _dense(zh)
            for name in names:   # a name or title inside a sentence is not copying
                text = text.replace(_dense(name), "|")
            for part in re.split(r"[|“”《》]", text):
                copied += [f"{record.id} {where}: {part[i:i + run]}" for i in range(len(part) - run + 1)
                           if any(part[i:i + run] in t for t in texts)]
    return copied


@needs_sources
def test_no_run_of_more_than_30_characters_is_copied_into_sources_targets_context_or_entities(report):
    records = [*report.sources.values(), *report.targets, *report.contexts.values(),
               *report.entities.values(), *report.themes, *report.glossary]
    copied = _copied_runs(report, records)
    assert not copied, "\n".join(copied[:20])


@needs_sources
def test_no_run_of_more_than_30_characters_is_copied_into_a_fact(report):
    copied = _copied_runs(report, report.facts)
    assert not copied, "\n".join(copied[:20])


# --- figures ----------------------------------------------------------------------------------------


CHINESE_DIGITS = dict(enumerate("零一二三四五六七八九十"))


def _figure_spellings(value: int | float) -> set[str]:
    """How a source may write a figure: 1069, 8.5, 1万 / 113.62万, 万余 (10,000), 两/七 (small counts)."""
    forms = {render.number(value), f"{value:g}"}
    if value >= 10000:
        forms.add(f"{value / 10000:g}万")
    if value == 10000:
        forms.add("万余")
    if isinstance(value, int) and value in CHINESE_DIGITS:
        forms.add(CHINESE_DIGITS[value])
        if value == 2:
            forms.add("两")
    return forms


@needs_sources
def test_every_figure_is_written_in_a_source_the_fact_cites(report):
    """Each fact's value is in the captured text of one of the sources it cites (any source,
    not only the 2021 article: facts from the twelve further sources are held the same way)."""
    missing = []
    for fact in report.facts:
        if fact.value is None:
            continue
        texts = [_dense(_text_of(report.sources[c.id])) for c in fact.citations]
        if not any(form in text for form in _figure_spellings(fact.value) for text in texts):
            missing.append(f"{fact.id}: {fact.value} not in {[c.id for c in fact.citations]}")
    assert not missing, "\n".join(missing)
