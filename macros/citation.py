"""How to cite the report: page metadata for reference managers and chat apps (Highwire
``citation_*``, Open Graph), the data page's schema.org ``Dataset`` and the text/BibTeX
forms on the sources page.

Pure functions: report and site settings in, HTML out (through ``render``'s one escaping
environment).  ``hooks/exports.py`` puts the head metadata into every built page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from . import exports, formatting, i18n, render
from .report import Report

PDF_NAME = "quality-anhui-report.pdf"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Site:
    """What mkdocs.yml says about the site."""

    name: str
    author: str
    description: str
    url: str  # this edition's address, absolute, ends with "/"; "" when not configured
    lang: str = i18n.DEFAULT
    root: str = ""  # the site's root (the Chinese edition; downloads live there)

    def absolute(self, path: str) -> str:
        return self.url + path if self.url else ""

    @classmethod
    def from_config(cls, config: dict) -> "Site":
        url = str((config.get("extra") or {}).get("public_url") or config.get("site_url") or "")
        root = (url.rstrip("/") + "/") if url else ""
        lang = i18n.language_of(config)
        return cls(name=str(config.get("site_name") or ""), author=str(config.get("site_author") or ""),
                   description=str(config.get("site_description") or ""),
                   url=root + i18n.PREFIX[lang] if root else "", lang=lang, root=root)


def edition(report: Report) -> str:
    """The report's date: the day its data were last checked (YYYY-MM-DD)."""
    return report.last_reviewed()


def page_title(site: Site, title: str | None, path: str) -> str:
    return site.name if path in ("index.html", "") or not title else f"{title} · {site.name}"


def head(report: Report, site: Site, title: str | None, path: str, description: str | None) -> str:
    """<meta> tags for one page.  The PDF's address is written pending (build_pdf.py names it
    once the file exists), like the page's PDF link."""
    return render.render_template("head_meta.html", site.lang, site=site, title=page_title(site, title, path),
                          url=site.absolute(path), description=description or site.description,
                          date=edition(report).replace("-", "/"), pdf=site.absolute(PDF_NAME),
                          dataset=Markup(dataset_json(report, site)) if path == "data.html" else "",
                          references=page_references(report, path),
                          og_locale={"zh": "zh_CN", "en": "en_US"}[site.lang])  # (American spelling)


def dataset_json(report: Report, site: Site) -> str:
    """schema.org Dataset with one DataDownload per file, as JSON safe inside <script>."""
    _ = partial(i18n.gettext, site.lang)
    files = []
    downloads = (site.root + exports.DOWNLOAD_DIR) if site.root else ""  # one set, at the root
    for dataset in exports.DATASETS:
        for ext, mime in (("csv", "text/csv"), ("json", "application/json")):
            files.append({"@type": "DataDownload", "name": f"{_(dataset.title)}{_('（')}{ext.upper()}{_('）')}",
                          "encodingFormat": mime,
                          "contentUrl": f"{downloads}/{dataset.name}.{ext}" if downloads else ""})
    files.append({"@type": "DataDownload", "name": _("全部数据集（JSON）"), "encodingFormat": "application/json",
                  "contentUrl": f"{downloads}/{exports.COMBINED_FILE}" if downloads else ""})
    value = {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": f"{site.name}{_('（数据）')}", "description": site.description,
        "url": site.absolute("data.html"), "inLanguage": {"zh": "zh-CN", "en": "en"}[site.lang],
        "creator": {"@type": "Organization", "name": site.author},
        "license": LICENCE_URL, "dateModified": edition(report),
        "temporalCoverage": f"{report.snapshot_month()}",
        # Every source the report cites (issue 19), each as the original publication: its
        # publisher, reporter and date where known; its address only when verified (issue 20.4).
        "isBasedOn": [{"@type": "CreativeWork", "headline": source.title.zh,
                       **({"url": source.url} if source.url_verified else {}),
                       **({"datePublished": source.known_date} if source.known_date else {}),
                       "inLanguage": "zh-CN",
                       **({"author": {"@type": "Person", "name": report.name(source.reporter).zh}} if source.reporter else {}),
                       "publisher": {"@type": "Organization", "name": report.publisher(source).zh}}
                      for source in report.sources.values()],
        "distribution": files,
    }
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# What a static citation shows where the reader's own access date goes (the copied citation,
# report.js, fills in the day it was copied).
ACCESS_DATE_PLACEHOLDER = "访问日期"


def source_words(report: Report, source, lang: str = i18n.DEFAULT, section: str | None = None) -> str:
    """The original publication in words (render.source_words: the copied citation uses the same)."""
    return render.source_words(report, source, lang, section)


def _access(lang: str) -> str:
    return i18n.gettext(lang, "（{access}：____）").format(access=i18n.gettext(lang, ACCESS_DATE_PLACEHOLDER))


def report_citation(report: Report, site: Site) -> str:
    """The report as a reference, in text: the original publications it is based on first,
    then the site as where they were compiled, its edition, address and an access date."""
    lang = site.lang
    originals = i18n.gettext(lang, "；").join(source_words(report, s, lang) for s in report.sources.values())
    return i18n.gettext(lang, "{originals}。{author}整理：《{name}》，{date}核对版（{snapshot}报道的数据）{url}{access}。").format(
        originals=originals, author=site.author, name=site.name, date=formatting.date(edition(report), lang),
        snapshot=formatting.date(report.snapshot_month(), lang),
        url=(i18n.gettext(lang, "，") + site.url) if site.url else "", access=_access(lang))


def fact_citation(report: Report, site: Site, fact_id: str) -> str:
    """One fact as a reference: its statement, the publication it comes from, and the site
    where it was compiled (the "引用" control copies the same form, see report.js)."""
    fact = report.fact(fact_id)
    theme = report.theme(fact.theme)
    url = site.absolute(f"{formatting.page_url(theme.page)}#fact-{fact.id}")
    originals = render.source_texts(report, site.lang)[fact.id]
    return i18n.gettext(site.lang, "{statement}——来源：{originals}。{author}整理：《{name}》，“{page}”页{url}{access}。").format(
        statement=formatting.statement(fact, site.lang).striptags(), originals=originals, author=site.author,
        name=site.name, page=formatting.plain(theme.title, site.lang),
        url=(i18n.gettext(site.lang, "，") + url) if url else "", access=_access(site.lang))


def _bib(value: str) -> str:
    """A BibTeX field value: braces balanced by leaving them out (titles have none)."""
    return value.replace("{", "(").replace("}", ")")


def source_bibtex(report: Report, source, lang: str = i18n.DEFAULT) -> str:
    """The original publication as a BibTeX @article, as published (in Chinese; the English
    edition adds its title's translation): reporter, title, newspaper, date, grade; its
    address only when verified."""
    notes = []
    if lang != i18n.DEFAULT:   # the entry names the publication as published (in Chinese)
        notes.append(i18n.gettext(lang, "标题译文：{title}").format(title=formatting.plain(source.title, lang)))
    if source.reproduced_by and not source.published.date:
        notes.append(formatting.source_when(source, lang))   # e.g. 2021年11月29日中国经济网转载: the repost's date, said so
    elif source.reproduced_by:
        notes.append(i18n.gettext(lang, "{republisher}转载").format(
            republisher=formatting.plain(source.reproduced_by.name, lang)))
    notes.append(i18n.gettext(lang, "来源评级 {grade}").format(grade=formatting.grade_label(source.grade.level)))
    author = formatting.byline(report, source, i18n.DEFAULT)
    published = source.published.date   # the publisher's date only; a copy's stamp is not it
    # A citation key from the text's date (record ids are for editors, not shown to readers).
    key = "source" + (source.known_date or "")[:10].replace("-", "")
    lines = [f"@article{{{key},",
             *([f"  author      = {{{{{_bib(author)}}}}},"] if author else []),
             f"  title       = {{{_bib(source.title.zh)}}},",
             f"  journal     = {{{_bib(report.publisher(source).zh)}}},",
             *([f"  date        = {{{published[:10]}}},", f"  year        = {{{published[:4]}}},"] if published else []),
             "  language    = {chinese},"]
    if notes:
        lines.append(f"  note        = {{{_bib(i18n.gettext(lang, '；').join(notes))}}},")
    if source.url_verified:
        lines.append(f"  url         = {{{source.url}}},")
    return "\n".join(lines + ["}"])


def bibtex(report: Report, site: Site) -> str:
    """The site's entry, naming the publications it compiles (each has its own entry,
    ``source_bibtex``)."""
    date = edition(report)
    lang = site.lang
    originals = i18n.gettext(lang, "；").join(
        i18n.gettext(lang, "{publisher}{date}报道").format(
            publisher=formatting.plain(report.publisher(s), lang), date=formatting.source_when(s, lang))
        for s in report.sources.values())
    note = i18n.gettext(lang, "据{originals}整理；{snapshot}报道的数据，{date}核对").format(
        originals=originals, snapshot=formatting.date(report.snapshot_month(), lang), date=formatting.date(date, lang))
    lines = [f"@techreport{{quality-anhui-{date[:4]}{'' if lang == i18n.DEFAULT else '-' + lang},",
             f"  author      = {{{{{site.author}}}}},",
             f"  title       = {{{site.name}}},",
             f"  institution = {{{site.author}}},",
             f"  year        = {{{date[:4]}}},",
             f"  note        = {{{_bib(note)}}},",
             "  language    = {" + {"zh": "chinese", "en": "english"}[lang] + "},"]
    if site.url:
        lines.append(f"  url         = {{{site.url}}},")
        lines.append("  urldate     = {},")
    return "\n".join(lines + ["}"])


def page_references(report: Report, path: str) -> list[str]:
    """Highwire ``citation_reference`` values for a page: the publications its records cite
    (a theme page's own sources; any other page: every source)."""
    theme = next((t for t in report.themes if formatting.page_url(t.page) == path), None)
    sources = ([s for s, _sections in report.page_sources(theme.id)] if theme is not None
               else list(report.sources.values()))
    out = []
    for source in sources:
        author = formatting.byline(report, source, i18n.DEFAULT)
        fields = [("citation_title", source.title.zh), *([("citation_author", author)] if author else []),
                  ("citation_journal_title", report.publisher(source).zh),
                  *([("citation_publication_date", source.published.date[:10].replace("-", "/"))]
                    if source.published.date else [])]
        out.append("; ".join(f"{k}={v.replace(';', ',')}" for k, v in fields))
    return out


def how_to_cite(report: Report, site: Site, *, lang: str = i18n.DEFAULT) -> str:
    """The sources page's "how to cite" block: the report, one fact, and BibTeX."""
    assert lang == site.lang, "the site settings and the page are of one edition"
    example = next((f.id for f in report.key_facts()), report.facts[0].id)
    return render.render_template("how_to_cite.html", lang, report_text=report_citation(report, site),
                          fact_text=fact_citation(report, site, example), bibtex=bibtex(report, site),
                          originals=[source_bibtex(report, s, lang) for s in report.sources.values()])
