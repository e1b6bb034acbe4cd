"""The real data: complete, sourced, and consistent with the source article."""

from __future__ import annotations

import re

import pytest

from macros import render, schema

from conftest import ROOT

SOURCE_TEXT = ROOT.parent / "shared" / "sources" / "2021-11-29-anhui-quality-province.raw.txt"


def test_the_report_has_every_theme_and_many_facts(report):
    assert [t.id for t in report.themes] == [
        "overview", "governance", "co-governance", "quality-improvement",
        "enterprise-leaders", "regional-cooperation"]
    assert len(report.facts) > 50
    for theme in report.themes:
        for topic in theme.topics:
            assert report.facts_in(theme.id, topic) or report.quotations_in(theme.id, topic), \
                f"topic {theme.id}/{topic} has nothing in it"


def test_every_record_cites_an_existing_source_section(report):
    for record in (*report.facts, *report.quotations, *report.entities.values()):
        for citation in record.citations:
            source = report.sources[citation.id]
            assert citation.section is None or citation.section in {s.id for s in source.sections}


def test_source_metadata_is_complete(report):
    source = report.sources["cqn-2021-11-29"]
    assert report.name(source.publisher).zh == "中国质量报"
    assert report.name(source.reproduced_by.organisation).zh == "中国经济网"
    assert report.name(source.reporter).zh == "李辉"
    # 10:13 on 29 November 2021 is China Economic Net's stamp on its repost, not China
    # Quality News's publication time (editor's finding, issue 19.8).
    assert source.published.date is None and source.published.certainty == "unknown"
    assert source.reproduced_by.posted.date == "2021-11-29T10:13+08:00"


def test_quotations_are_attributed(report):
    speakers = {report.name(q.speaker).zh for q in report.quotations}
    assert {"刘庆峰", "谢力"} <= speakers


# Each figure against the text it cites (the 2021 article or a further source), with its
# unit: tests/test_sources_captured.py::test_every_figure_is_written_in_the_text_it_cites.


def _article() -> str:
    """The article with the README's restorations and full-width punctuation (the
    captured copy has ASCII commas and colons)."""
    text = SOURCE_TEXT.read_text(encoding="utf-8").replace("bet体育365官网:", "中国")
    return text.translate(str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}))


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason="../shared/sources/ is absent: cannot check quotations against the source article")
def test_quotations_are_verbatim(report):
    article = _article()
    for quote in report.quotations:
        assert quote.text.zh in article, quote.id


# Names, titles, quoted slogans and lists of short terms may be repeated word for
# word; whole sentences may not.
_REUSABLE = re.compile(r"《[^》]*》|“[^”]*”|(?:[^、，。；：]{1,8}、)+[^、，。；：]{1,8}")


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason="../shared/sources/ is absent: cannot compare wording")
def test_statements_are_written_in_our_own_words(report):
    """No statement shares a run of 16+ characters with the article, outside
    names, titles, quoted slogans and enumerations of terms."""
    article = re.sub(r"\s", "", _article())
    names = sorted((report.name(i).zh for i in report.entities), key=len, reverse=True)
    run = 16
    copied = []
    for fact in report.facts:
        text = re.sub(r"\s", "", fact.statement.zh)
        for name in names:
            text = text.replace(name, "|")
        for part in _REUSABLE.sub("|", text).split("|"):
            copied += [f"{fact.id}: {part[i:i + run]}" for i in range(len(part) - run + 1)
                       if part[i:i + run] in article]
    assert not copied, "\n".join(copied)


def test_no_data_text_holds_a_spam_token():
    for path in (ROOT / "data").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "bet体育" not in text and "365体育" not in text, path


def test_every_themed_page_has_key_figures(report):
    for theme in report.themes:
        assert report.key_facts(theme.id), f"theme {theme.id} has no key figure"


def test_figures_have_units_from_the_allowed_list(report):
    for fact in report.facts:
        if fact.value is not None:
            assert fact.unit in schema.rules.UNITS
