"""Citable and shareable (issue 13): citation metadata on every page, a schema.org Dataset on
the data page, CITATION.cff, and a "how to cite" block, all dated from the data."""

from __future__ import annotations

import json

import yaml
from bs4 import BeautifulSoup

from macros import exports, render

from conftest import ROOT


def config() -> dict:
    from scripts.build_pdf import read_config  # reads mkdocs.yml without constructing its tags
    return read_config(ROOT / "mkdocs.yml")


def soup(site, name):
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def meta(page, name, attribute="name"):
    tag = page.find("meta", attrs={attribute: name})
    return tag["content"] if tag else None


def test_every_page_carries_citation_and_share_metadata(site, report):
    settings = config()
    base = settings["extra"]["public_url"]
    pages = [p for p in site.glob("*.html") if p.name != "404.html"]
    assert len(pages) >= 11
    for path in pages:
        page = soup(site, path.name)
        title = meta(page, "citation_title")
        assert title and settings["site_name"] in title, path.name
        assert meta(page, "citation_author") == settings["site_author"]
        assert meta(page, "citation_publication_date") == report.last_reviewed().replace("-", "/")
        assert meta(page, "og:title", "property") == title
        assert meta(page, "og:description", "property")
        assert meta(page, "og:url", "property") == base + path.name
        assert meta(page, "citation_public_url") == base + path.name
        # make build writes no PDF: its address is not announced yet (build_pdf.py names it)
        assert meta(page, "citation_pdf_url") is None
        assert meta(page, "qa-pending-citation_pdf_url") == base + "quality-anhui-report.pdf"


def test_the_data_page_describes_its_datasets(site, report):
    base = config()["extra"]["public_url"]
    scripts = soup(site, "data.html").find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    dataset = json.loads(scripts[0].string)
    assert dataset["@type"] == "Dataset" and dataset["dateModified"] == report.last_reviewed()
    based_on = dataset["isBasedOn"]
    assert [work["headline"] for work in based_on] == [s.title.zh for s in report.sources.values()]
    for work, source in zip(based_on, report.sources.values()):
        assert work["publisher"]["name"] == report.publisher(source).zh
        # An address not verified is never offered as the citation (issue 20.4).
        assert ("url" in work) == source.url_verified and work.get("url", source.url) == source.url
    downloads = dataset["distribution"]
    assert len(downloads) == 2 * len(exports.DATASETS) + 1
    for item in downloads:
        assert item["@type"] == "DataDownload" and item["contentUrl"].startswith(base)
        assert (site / item["contentUrl"][len(base):]).is_file(), item["contentUrl"]
    for other in ("index.html", "governance.html"):
        assert not soup(site, other).find("script", type="application/ld+json")


def test_citation_cff_matches_the_data_and_the_config(report):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    settings = config()
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == settings["site_name"]
    assert cff["authors"][0]["name"] == settings["site_author"]
    assert cff["url"] == settings["extra"]["public_url"]
    assert cff["date-released"] == report.last_reviewed(), "update date-released after a review"
    source = report.sources["cqn-2021-11-29"]
    reference = cff["references"][0]
    assert reference["title"] == source.title.zh and reference["url"] == source.url
    assert reference["date-published"] == source.known_date[:10]
    assert source.url_verified or "尚未核实" in reference["notes"]


def test_the_sources_page_says_how_to_cite(site, report):
    block = soup(site, "sources.html").select_one("#how-to-cite")
    assert block is not None
    text = block.get_text()
    assert render.date(report.last_reviewed()) + "核对版" in text
    assert render.date(report.snapshot_month()) + "报道的数据" in text
    bibtex = block.select_one("pre.qa-bibtex").get_text()
    assert bibtex.startswith(f"@techreport{{quality-anhui-{report.last_reviewed()[:4]},")
    assert bibtex.count("{") == bibtex.count("}")
    example = block.select_one(".qa-how-to-cite__example").get_text()
    fact = report.key_facts()[0]
    assert example.startswith(render.statement(fact).striptags())
    assert f"#fact-{fact.id}" in example


def test_citations_name_the_original_publication_and_the_site_as_compiler(site, report):
    """Issue 20.4: the copied and printed citations, the BibTeX and the page metadata name the
    newspaper article (reporter, title, publisher, date) first and the site as where it was
    compiled, with an access date; an unverified address is never the cited address."""
    source = report.sources["cqn-2021-11-29"]
    assert not source.url_verified, "the test checks the unverified case"
    for edition, words in (("sources.html", ("李辉", source.title.zh, "中国质量报", "2021年11月29日", "整理", "访问日期")),
                           ("en/sources.html", ("Li Hui", source.title.en, "China Quality News", "29 November 2021",
                                                "Compiled in", "accessed"))):
        block = soup(site, edition).select_one("#how-to-cite")
        for part in block.select("p"):
            if "qa-how-to-cite__example" in (part.get("class") or []) or part.find("strong"):
                text = part.get_text()
                if "—" in text or "：" in text[:8] or "cite" in text.lower():
                    assert source.url not in text, edition
        example = block.select_one(".qa-how-to-cite__example").get_text()
        assert all(w in example for w in words), (edition, example)
        bibtex = block.select_one("pre.qa-bibtex").get_text()
        article = bibtex[bibtex.index("@article{source20211129,"):]
        assert "author      = {{李辉}}" in article and source.title.zh in article and "journal     = {中国质量报}" in article
        # China Quality News's own date is not in the copy: no date field, the repost's date said as such
        article = article[:article.index("\n}")]
        reposted = "2021年11月29日中国经济网转载" if edition == "sources.html" else "reposted by China Economic Net on 29 November 2021"
        assert "date        =" not in article and reposted in article and source.url not in bibtex
    sources_page = soup(site, "sources.html").select_one(f"#source-{source.id}")
    assert not sources_page.select(f'a[href="{source.url}"]'), "the unverified address is not a link"
    for name, theme in (("governance.html", "governance"), ("index.html", "overview"), ("en/governance.html", "governance")):
        references = [m["content"] for m in soup(site, name).find_all("meta", attrs={"name": "citation_reference"})]
        assert len(references) == len(report.page_sources(theme)), name   # the page's own sources
        article = next(r for r in references if source.title.zh in r)
        assert "citation_author=李辉" in article and "citation_journal_title=中国质量报" in article
        # no publication date where the copy gives only the repost's
        assert "citation_publication_date" not in article and source.url not in article


def test_the_copied_citation_carries_the_original_on_every_fact(site, report):
    """report.js builds the copied citation from each fact's data-source: every fact has one."""
    for theme in report.themes:
        page = soup(site, render.page_url(theme.page))
        for fact in report.facts_in(theme.id):
            element = page.select_one(f"#fact-{fact.id}")
            # each source it cites: publisher, date as far as known, grade (issue 19)
            for citation in fact.citations:
                source = report.sources[citation.id]
                assert render.text(report.publisher(source)) in element["data-source"], fact.id
                assert render.source_when(source) in element["data-source"], fact.id
                assert render.grade_label(source.grade.level) in element["data-source"], fact.id
