"""Records against the captured text of the sources they cite (issue 19): each figure and
each name is in the text its record cites, and no record copies a sentence from any source.

The texts are read from ../shared/sources/ (tests/captured_sources.py); without that folder
these tests skip, saying so."""

from __future__ import annotations

import re

import pytest

from macros import render, schema

import captured_sources as cs

_needs_sources = pytest.mark.skipif(not cs.available(), reason=(
    f"{cs.SOURCES_DIR} (the captured sources) is absent or incomplete: "
    "cannot compare records with their sources' text"))

# Chinese numerals a source may write a small count in (两项金奖, 第七场).
CHINESE_DIGITS = {1: "一", 2: "两二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}

# Longest run of characters a record may share with a source outside quotations and titles.
LONGEST_SHARED_RUN = 30

ENTITY_TEXT_FIELDS = ("name", "short_name", "title")


def _figure_spellings(fact: schema.Fact) -> set[str]:
    """The ways a source writes this figure with its unit: as the site writes it in Chinese
    (113.62万户, 8.46%, 4家), or a small count in Chinese numerals (两项)."""
    number = render.number(fact.value)
    spellings = {number + fact.unit}
    if fact.value == 10000 and fact.qualifier == "more_than":
        spellings.add("万余" + fact.unit)  # 万余名
    whole = int(fact.value) if float(fact.value).is_integer() else None
    for digit in CHINESE_DIGITS.get(whole, ""):
        spellings.update((digit + fact.unit, digit + "大"))  # 两项; 三大管理体系 (three major …)
    return {cs.uniform(s) for s in spellings}


def _new_source_facts(report):
    return [f for f in report.facts if any(c.id != "cqn-2021-11-29" for c in f.citations)]


def test_the_new_sources_are_cited_by_at_least_fifty_facts_from_nine_sources(report):
    facts = _new_source_facts(report)
    sources = {c.id for f in facts for c in f.citations} - {"cqn-2021-11-29"}
    assert len(facts) >= 50, len(facts)
    assert len(sources) >= 9, sorted(sources)


@_needs_sources
def test_every_figure_is_written_in_the_text_it_cites(report):
    """Old records and new: the value with its unit is in the cited sources' captured text."""
    missing = []
    for fact in report.facts:
        if fact.value is None:
            continue
        text = cs.cited_text(fact)
        if not any(spelling in text for spelling in _figure_spellings(fact)):
            missing.append(f"{fact.id}: {sorted(_figure_spellings(fact))} not in {[c.id for c in fact.citations]}")
    assert not missing, "\n".join(missing)


# A place is also named without its level (安徽 for 安徽省, 合肥 for 合肥市), as texts do.
PLACE_LEVELS = ("省", "市", "县", "区")

# Names at least this long are cut out before looking for copied runs (they may be repeated
# word for word); shorter ones stay in: cutting out 安徽 or 长三角 would split a copied
# sentence into pieces short enough to pass.
CUT_NAMES_FROM = 10


def _bare(text: str) -> str:
    """Only letters and digits: names are compared without their punctuation."""
    return "".join(c for c in cs.uniform(text) if c.isalnum())


def _declared_titles(report, record) -> set[str]:
    """Titles of cited sources that the copy lacks but the source record vouches for
    (title_from: other-source / site, explained on the sources page): a document so named
    may be linked although its title is not in the captured text."""
    return {_bare(report.sources[c.id].title.zh) for c in record.citations
            if getattr(report.sources[c.id], "title_from", "copy") != "copy"}


def _names(report, entity_id: str) -> list[str]:
    entity = report.entities[entity_id]
    names = [getattr(entity, field).zh for field in ENTITY_TEXT_FIELDS if getattr(entity, field, None) is not None]
    if isinstance(entity, schema.Place) and names[0].endswith(PLACE_LEVELS) and len(names[0]) > 2:
        names.append(names[0][:-1])
    return names


@_needs_sources
def test_every_entity_is_named_as_each_further_source_it_cites_names_it(report):
    """An organisation, person, place, programme or document citing one of the further
    sources is named in the text of a source it cites, in full or by its short name
    (punctuation aside: 中共中央国务院 and 中共中央、国务院 are one name).  (The records from
    the 2021 article predate this rule: some give the full form of a name the article
    shortens, 中共安徽省委 for 省委.)"""
    wrong = []
    for entity_id, entity in report.entities.items():
        if isinstance(entity, schema.Event):
            continue  # an event's name describes it in the site's words
        names = [_bare(n) for n in _names(report, entity_id)]
        further = [c.id for c in entity.citations if c.id != "cqn-2021-11-29" and c.id in cs.FILE_OF_SOURCE]
        if not further:
            continue
        texts = [_bare(cs.captured(c.id)) for c in entity.citations if c.id in cs.FILE_OF_SOURCE]
        declared = _declared_titles(report, entity)
        if not any(n in text for n in names for text in texts) and not declared & set(names):
            wrong.append(f"{entity_id}: {names[0]} is in none of {[c.id for c in entity.citations]}")
    assert not wrong, "\n".join(wrong)


@_needs_sources
def test_the_names_a_new_fact_links_to_are_in_the_text_it_cites(report):
    """A fact from the further sources names (subject, mentions) only what its sources name.
    Events are left out: their names are the site's descriptions of what happened (省政府新闻办
    “质量月”新闻发布会), not names a source gives."""
    wrong = []
    for fact in _new_source_facts(report):
        text = cs.cited_text(fact)
        declared = _declared_titles(report, fact)
        for entity_id in [fact.subject, *fact.mentions]:
            if entity_id is None or isinstance(report.entities[entity_id], schema.Event):
                continue
            names = [_bare(n) for n in _names(report, entity_id)]
            if not any(n in _bare(text) for n in names) and not declared & set(names):
                wrong.append(f"{fact.id}: {entity_id} ({names[0]}) is not named in {[c.id for c in fact.citations]}")
    assert not wrong, "\n".join(wrong)


def _own_words_parts(text: str, names: list[str]) -> list[str]:
    """The parts of a text that must be the site's own words: names of records and titles
    in 《》 may be repeated word for word, so they are cut out."""
    text = cs.uniform(text)
    text = re.sub(r"《[^》]*》", "|", text)
    for name in names:
        text = text.replace(name, "|")
    return [part for part in text.split("|") if len(part) > LONGEST_SHARED_RUN]


def _copied_runs(records, names: list[str]) -> list[str]:
    size = LONGEST_SHARED_RUN + 1
    runs = set()
    for source_id in cs.FILE_OF_SOURCE:
        text = cs.captured(source_id)
        runs.update(text[i:i + size] for i in range(len(text) - size + 1))
    from macros.loader import _texts
    copied = []
    for record in records:
        for path, value in _texts(record, ()):
            for part in _own_words_parts(value.zh, names):
                hits = [part[i:i + size] for i in range(len(part) - size + 1) if part[i:i + size] in runs]
                if hits:
                    copied.append(f"{record.id} {'.'.join(map(str, path))}: “{hits[0]}…”")
    return copied


@_needs_sources
def test_no_record_copies_a_run_of_more_than_thirty_characters_from_any_source(report):
    """Outside quotations (shown with speaker and source), record names, sources' headlines and
    《titles》, every
    text of every record is in the site's own words: it shares no run of 31 characters with
    the captured text of any source (punctuation and spacing made uniform)."""
    names = sorted({cs.uniform(n) for i in report.entities for n in _names(report, i) if len(n) >= CUT_NAMES_FROM},
                   key=len, reverse=True)
    names += sorted({cs.uniform(s.title.zh) for s in report.sources.values()}, key=len, reverse=True)
    records = [r for r in report.all_records() if not isinstance(r, schema.Quotation)]
    copied = _copied_runs(records, names)
    assert not copied, "\n".join(copied)


@_needs_sources
def test_the_copy_check_finds_a_copied_sentence_and_passes_a_quotation(report):
    """The check itself: the article's cooperation-model sentence, pasted into a statement,
    is caught; the same words in a quotation record or a 《title》 are not."""
    pasted = schema.Text(zh="报道称，通过政府推动、企业主体、行业参与、专业支撑，开创“优势互补、资源共享、"
                            "区域协作、联动发展、合作共赢、质量共治”的长三角质量提升合作新模式。", en="x")
    fact = report.facts[0].model_copy(update={"statement": pasted})
    assert _copied_runs([fact], [])
    titled = schema.Text(zh="《通过政府推动、企业主体、行业参与、专业支撑，开创“优势互补、资源共享、区域协作》", en="x")
    assert not _copied_runs([report.facts[0].model_copy(update={"statement": titled})], [])


@_needs_sources
def test_the_traditional_copy_is_read_restored():
    """品質獎 in the big5 copy reads as 质量奖, 程式 as 程序: names are compared restored."""
    text = cs.captured("anhui-daily-2023-quality-award")
    assert "第六届安徽省人民政府质量奖" in text and "程序" in text
    assert "品质" not in text and "品質" not in text and "程式" not in text


def test_an_organisation_is_placed_under_another_only_where_its_name_says_so(report):
    """Issue 19.8: the organisations page gives a parent (下属机构 / "Under it") only where the
    record's name states it (省质量工作领导小组办公室 is the office of 省质量工作领导小组);
    a relation no source states is left out or explained in ``about`` as the site's words."""
    for organisation in report.entities_of("organisation"):
        if organisation.parent is None:
            continue
        parent_names = _names(report, organisation.parent)
        assert any(name in organisation.name.zh for name in parent_names), \
            f"{organisation.id}: parent {organisation.parent} is not stated by the name {organisation.name.zh}"
