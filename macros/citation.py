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

from . import exports, i18n, render
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
    return render._render("head_meta.html", site.lang, site=site, title=page_title(site, title, path),
                          url=site.absolute(path), description=description or site.description,
                          date=edition(report).replace("-", "/"), pdf=site.absolute(PDF_NAME),
                          dataset=Markup(dataset_json(report, site)) if path == "data.html" else "",
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
        # Every source (issue 19); a date only where one is known, the copy's stamp otherwise.
        "isBasedOn": [{"@type": "CreativeWork", "headline": source.title.zh, "url": source.url,
                       **({"datePublished": source.known_date} if source.known_date else {}),
                       "inLanguage": "zh-CN",
                       "publisher": {"@type": "Organization", "name": report.publisher(source).zh}}
                      for source in report.sources.values()],
        "distribution": files,
    }
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def report_citation(report: Report, site: Site) -> str:
    """The report as a reference, in text."""
    lang = site.lang
    return i18n.gettext(lang, "{author}：《{name}》，{date}核对版（{snapshot}报道的数据）{url}。").format(
        author=site.author, name=site.name, date=render.date(edition(report), lang),
        snapshot=render.date(report.snapshot_month(), lang),
        url=(i18n.gettext(lang, "，") + site.url) if site.url else "")


def fact_citation(report: Report, site: Site, fact_id: str) -> str:
    """One fact as a reference (the permalink control copies the same form, see report.js)."""
    fact = report.fact(fact_id)
    theme = report.theme(fact.theme)
    url = site.absolute(f"{render.page_url(theme.page)}#fact-{fact.id}")
    return i18n.gettext(site.lang, "{statement}——{author}：《{name}》，“{page}”页{url}。").format(
        statement=render.statement(fact, site.lang).striptags(), author=site.author, name=site.name,
        page=render.plain(theme.title, site.lang), url=(i18n.gettext(site.lang, "，") + url) if url else "")


def bibtex(report: Report, site: Site) -> str:
    date = edition(report)
    lang = site.lang
    note = i18n.gettext(lang, "{snapshot}报道的数据，{date}核对").format(
        snapshot=render.date(report.snapshot_month(), lang), date=render.date(date, lang))
    lines = [f"@techreport{{quality-anhui-{date[:4]}{'' if lang == i18n.DEFAULT else '-' + lang},",
             f"  author      = {{{{{site.author}}}}},",
             f"  title       = {{{site.name}}},",
             f"  institution = {{{site.author}}},",
             f"  year        = {{{date[:4]}}},",
             f"  note        = {{{note}}},",
             "  language    = {" + {"zh": "chinese", "en": "english"}[lang] + "},"]
    if site.url:
        lines.append(f"  url         = {{{site.url}}},")
    return "\n".join(lines + ["}"])


def how_to_cite(report: Report, site: Site, *, lang: str = i18n.DEFAULT) -> str:
    """The sources page's "how to cite" block: the report, one fact, and BibTeX."""
    assert lang == site.lang, "the site settings and the page are of one edition"
    example = next((f.id for f in report.key_facts()), report.facts[0].id)
    return render._render("how_to_cite.html", lang, report_text=report_citation(report, site),
                          fact_text=fact_citation(report, site, example), bibtex=bibtex(report, site))
