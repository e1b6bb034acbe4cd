"""The whole report as one PDF: ``python -m scripts.build_pdf SITE_DIR [--edition en]``.

Reads the already-built site (``make build``) and writes
``SITE_DIR/quality-anhui-report.pdf``: a cover, a table of contents with page
numbers, then every page listed in ``nav`` (mkdocs.yml) as a chapter, in nav
order, with PDF bookmarks for chapters and sections, document metadata and the
Simplified Chinese fonts embedded.  ``make pdf`` runs it after ``make build``,
once per edition: the Chinese report from ``site/``, the English one from
``site/en/`` (``--edition en``: mkdocs.en.yml, ``site/en/quality-anhui-report.pdf``).
The code is the same for both; what differs (language, file name, the words on the
cover and in the contents, how a date reads) is one ``Edition`` per edition below.

How: each built page's article (``article.md-content__inner``) is cleaned of
screen-only parts (heading ¶ links, the fact “#” and “数据” links, the print bar,
scripts), its ids are prefixed with the chapter so they stay unique, and links
between pages become links inside the PDF.  The pieces are assembled into one
HTML document that WeasyPrint lays out with ``scripts/pdf/report.css``.  Why
WeasyPrint: see ``scripts/pdf/README.md``.

Nothing is typed in twice: titles and credits come from the edition's config
(mkdocs.yml, or mkdocs.en.yml, which inherits it), the source line and the edition date (the latest ``reviewed`` date of any record in ``data/``)
from the data through ``macros.loader``.

Exit status: 0 written; 1 the site or data is not usable; 2 a required font or
package is missing (message in Chinese and English).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable
from datetime import datetime, timezone
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parent.parent

from macros import formatting, i18n, loader, publication
from macros.problems import DataError

PDF_NAME = "quality-anhui-report.pdf"           # in each edition's own folder (EDITIONS[…].pdf_name)
STYLESHEET = Path(__file__).resolve().parent / "pdf" / "report.css"
# The faces the stylesheet names first.  Without one of them fontconfig falls back
# to another CJK face (often Noto CJK JP: Japanese glyph forms) or to tofu.
SC_FACES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
FONT_HELP = ("找不到简体中文字体（Noto Serif CJK SC / Noto Sans CJK SC），无法生成 PDF。"
             "请安装 Debian 软件包 fonts-noto-cjk：apt-get install fonts-noto-cjk\n"
             "No Simplified Chinese font (Noto Serif CJK SC / Noto Sans CJK SC) found by fc-list; "
             "refusing to build a PDF with the wrong glyphs or tofu. "
             "Install the Debian package fonts-noto-cjk: apt-get install fonts-noto-cjk")

# Screen-only parts of a built page's article.
# (The page's notes list too: in the PDF each citation is a footnote, see pdf/report.css.)
# (And the site-wide snapshot note of pages without a theme: the cover says it once.)
DROP = (".qa-actions", ".headerlink", ".qa-fact__anchor", ".qa-fact__edit", ".qa-fact__more", ".qa-notes",
        ".qa-data-note--site",
        # Issue 20: a fact's screen controls; a page's own address (the cover gives the site's);
        # the data dictionary (one page of its own would restate the files' headers: the
        # downloads list and the files themselves document the columns).
        ".qa-menu", ".qa-based-on__address", ".qa-dictionary", ".qa-source__facts", ".qa-bibtex", ".qa-bibtex__label",
        ".md-content__button",
        ".md-source-file", ".md-feedback", "script", "style", "noscript", "template", "button",
        "input", "form", "iframe")
# Attributes that name other elements by id.
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "for",
                 "headers", "list")
CJK_FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


# --- the editions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edition:
    """What one edition's PDF says in its own language; the code is the same for every edition.
    Templates name their values in braces (``{date}``); values are escaped, templates are not."""

    code: str                   # which text of a record ({zh: …, en: …}) is printed
    lang: str                   # the document's language: <html lang>, the PDF's /Lang
    folder: str                 # the edition's site inside the built site ("" = the site itself)
    config: str                 # its MkDocs config (title, credits, nav)
    pdf_name: str               # the file written into the edition's site
    title: str                  # the title when the config names none
    contents: str               # the contents page: title, bookmark, running head
    keywords: str               # before the title in the keywords
    date: Callable[[str], str]  # "2021-11-29" in words
    kicker: str                 # above the title on the cover: {date}
    source_label: str           # above the source lines on the cover
    byline: str                 # {reporter}, before a source line
    source_line: str            # {title} {publisher} {published}
    republished: str            # {republisher}
    cover_source: str           # {title} {grade}: one source on the cover
    colophon: str               # {snapshot} {edition} {count}
    repository: str             # before the data repository's address
    web: str                    # before the web edition's address
    address: tuple[str, str]    # around an outside link's address, printed after its text


EDITIONS: dict[str, Edition] = {
    "zh": Edition(
        code="zh", lang="zh-CN", folder="", config="mkdocs.yml", pdf_name=PDF_NAME,
        title="质量安徽 · 质量强省建设报告", contents="目录", keywords="安徽, 质量强省, 质量提升, ",
        date=formatting.date, kicker="{date}版", source_label="事实与数据出自",
        byline="{reporter}：", source_line="《{title}》，{publisher}，{published}", republished="；{republisher}转载",
        cover_source="《{title}》，{grade}",
        colophon="本版是{snapshot}报道的数据（快照）。数据最后核对：{edition}。共 {count} 条事实，逐条注明出处。",
        repository="数据仓库（每条事实的记录与纠错）：", web="网页版：", address=("（", "）")),
    "en": Edition(
        # The same file name in the edition's own folder (site/en/quality-anhui-report.pdf): every
        # English page's download link and citation_pdf_url already point there.
        code="en", lang="en", folder="en", config="mkdocs.en.yml", pdf_name=PDF_NAME,
        title="Quality Anhui: Building a Quality-Strong Province", contents="Contents",
        keywords="Anhui, quality-strong province, quality improvement, ",
        date=i18n.date_en, kicker="Edition of {date}", source_label="Facts and figures from",
        byline="{reporter}, ", source_line="“{title}”, {publisher}, {published}",
        republished="; republished by {republisher}",
        cover_source="“{title}”, {grade}",
        colophon="This edition gives the data as reported in {snapshot} (a snapshot). "
                 "Data last checked: {edition}. {count} facts, each with its source.",
        repository="Data repository (the record of every fact, and corrections): ", web="Web edition: ",
        address=(" (", ")")),
}


def css_string(value: str) -> str:
    """A CSS string literal's contents."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def edition_css(edition: Edition, site_name: str) -> str:
    """The few words report.css prints itself (running heads, the address of an outside link)."""
    before, after = (css_string(part) for part in edition.address)
    return (f'body {{ string-set: report-title "{css_string(site_name)}"; }}\n'
            f'@page front {{ @top-right {{ content: "{css_string(edition.contents)}"; }} }}\n'
            f'.pdf-external::after {{ content: "{before}" attr(href) "{after}"; }}\n')


class BuildError(Exception):
    """A problem the reader of the message can fix (exit status 1)."""


class MissingRequirement(Exception):
    """A font or package is missing (exit status 2)."""


# --- configuration and navigation ---------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml with its ``!!python/…`` and ``!ENV`` tags read as plain values (never run)."""


def _ignore_tag(loader_: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return loader_.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader_.construct_sequence(node, deep=True)
    return loader_.construct_mapping(node, deep=True)


_ConfigLoader.add_multi_constructor("", _ignore_tag)


def read_config(path: Path, _depth: int = 0) -> dict:
    """A MkDocs config as plain values; ``INHERIT: parent.yml`` is merged as MkDocs does
    (the parent first, then this file's keys over it, mappings merged key by key)."""
    try:
        # A SafeLoader subclass: tags are read as plain values, never constructed.
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"无法读取 {path}：{error} / cannot read {path}: {error}") from error
    config = config if isinstance(config, dict) else {}
    parent = config.pop("INHERIT", None)
    if parent:
        if _depth > 4:
            raise BuildError(f"{path}: INHERIT 嵌套过深 / INHERIT nested too deeply")
        config = _merge(read_config(path.parent / str(parent), _depth + 1), config)
    return config


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = (_merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict)
                       else value)
    return merged


@dataclass
class Chapter:
    title: str | None          # the nav title (None: use the page's own heading)
    path: str                  # site-relative path of the built page, e.g. "governance.html"
    part: str | None = None    # the nav section it belongs to, if any
    anchor: str = ""
    html: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)   # (anchor, title) of its h2s


def page_path(target: str) -> str:
    """A nav target (docs-relative .md file) -> the built page (flat URLs: x.md -> x.html)."""
    target = target.split("#")[0]
    return target[:-3] + ".html" if target.endswith(".md") else target


def nav_chapters(config: dict, site: Path) -> list[Chapter]:
    """Every page in nav order; nested nav sections become parts.  Outside links are skipped."""
    nav = config.get("nav")
    if not nav:
        return nav_from_site(site)
    chapters: list[Chapter] = []

    def walk(items, part: str | None) -> None:
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                title, target = next(iter(item.items()))
            else:
                title, target = None, item
            if isinstance(target, list):
                walk(target, str(title) if title else part)
            elif isinstance(target, str) and "://" not in target and not target.startswith("/"):
                chapters.append(Chapter(str(title) if title else None, page_path(target), part))

    walk(nav, None)
    return chapters


def nav_from_site(site: Path) -> list[Chapter]:
    """Without a nav in mkdocs.yml: the order of the built site's own navigation."""
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    seen: list[Chapter] = []
    for link in page.select("nav.md-nav--primary a.md-nav__link[href]"):
        href = urlsplit(link["href"]).path
        if href.endswith(".html") and all(c.path != href for c in seen):
            seen.append(Chapter(link.get_text(" ", strip=True), href))
    return seen or [Chapter(None, "index.html")]


# --- fonts ------------------------------------------------------------------------------------------


def check_fonts() -> list[str]:
    """The Simplified Chinese faces fontconfig knows, or MissingRequirement."""
    if shutil.which("fc-list") is None:
        raise MissingRequirement(FONT_HELP + "\n(fc-list not found: apt-get install fontconfig)")
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    families = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    found = [face for face in SC_FACES if face in families]
    if not found:
        raise MissingRequirement(FONT_HELP)
    return found


# --- one page -> one chapter ------------------------------------------------------------------------


def slug(path: str) -> str:
    """governance.html -> governance; sub/index.html -> sub-index (an id, unique per page)."""
    stem = path[:-5] if path.endswith(".html") else path
    return "page-" + re.sub(r"[^0-9A-Za-z_\u00a0-\uffff-]+", "-", stem).strip("-")


def resolve(base: str, href: str) -> str:
    """A relative URL's path, relative to the site root (``base`` is the page's own path)."""
    joined = PurePosixPath(base).parent / unquote(href)
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


class Assembler:
    def __init__(self, site: Path, chapters: list[Chapter], config: dict, edition: Edition = EDITIONS["zh"]):
        self.site = site
        self.edition = edition
        self.site_title = str(config.get("site_name") or "")
        self.chapters = chapters
        self.by_path = {c.path: c for c in chapters}
        self.site_url = str(config.get("site_url") or "").rstrip("/")
        repository = ((config.get("extra") or {}).get("data_repository") or {}).get("url") or ""
        self.repository = str(repository).rstrip("/")
        self.ids: set[str] = set()
        for chapter in chapters:
            chapter.anchor = slug(chapter.path)

    def chapter(self, chapter: Chapter) -> None:
        source = self.site / chapter.path
        if not source.is_file():
            raise BuildError(f"网站中没有 {chapter.path}（nav 中列出的页面）：请先运行 make build\n"
                             f"{source} not found (listed in nav): run `make build` first")
        page = BeautifulSoup(source.read_text(encoding="utf-8"), "html.parser")
        article = page.select_one("article.md-content__inner")
        if article is None:
            raise BuildError(f"{chapter.path} 中没有正文（article.md-content__inner）\n"
                             f"no article.md-content__inner in {chapter.path}")
        for selector in DROP:
            for tag in article.select(selector):
                tag.decompose()
        self._drop_repository_links(article)
        prefix = chapter.anchor + "--"
        self._prefix_ids(article, prefix)
        self._rewrite_links(article, chapter, prefix)
        for details in article.find_all("details"):
            details["open"] = ""                        # collapsed boxes are open on paper
        for media in article.find_all(["img", "source", "video", "audio"]):
            src = media.get("src")
            if src and not urlsplit(src).scheme and not src.startswith(("/", "#")):
                media["src"] = resolve(chapter.path, src)   # the document's base is the site root
        for svg in article.find_all("svg"):
            # WeasyPrint draws inline SVG without the page's CSS: name the SC face here.
            svg["font-family"] = CJK_FONT_STACK.replace('"', "'")

        heading = article.find("h1")
        own_title = heading.get_text(" ", strip=True) if heading else ""
        if heading:
            heading.decompose()
        title = chapter.title or own_title or chapter.path
        chapter.title = title
        subtitle = ""
        if own_title and own_title != title and own_title != self.site_title:
            subtitle = f'<p class="chapter__subtitle">{escape(own_title)}</p>'
        for h2 in article.find_all("h2"):
            if h2.get("id"):
                chapter.sections.append((h2["id"], h2.get_text(" ", strip=True)))
        body = "".join(str(child) for child in article.contents)
        chapter.html = (f'<section class="chapter" id="{chapter.anchor}">'
                        f'<h1 class="chapter__title">{escape(title)}</h1>{subtitle}{body}</section>')

    def _drop_repository_links(self, article: Tag) -> None:
        """The data note's “查看 · 修改” (view · edit) links lead to the repository (named once,
        on the cover); the brackets they leave empty go too."""
        for note in article.select(".qa-data-note"):
            rule = note.find_previous_sibling(True)
            if rule is not None and rule.name == "hr":   # the note draws its own rule
                rule.decompose()
            for link in note.select('a[href^="http"]'):
                if not self.repository or link["href"].startswith(self.repository + "/"):
                    link.decompose()
            html = re.sub(r"[（(]\s*[·・、,\s]*[)）]", "", str(note))
            note.replace_with(BeautifulSoup(html, "html.parser"))

    def _prefix_ids(self, article: Tag, prefix: str) -> None:
        for tag in article.find_all(True):
            if tag.get("id"):
                tag["id"] = prefix + tag["id"]
                self.ids.add(tag["id"])
            for attribute in ID_REFERENCES:
                value = tag.get(attribute)
                if value:
                    words = value.split() if isinstance(value, str) else value
                    tag[attribute] = " ".join(prefix + word for word in words)

    def _rewrite_links(self, article: Tag, chapter: Chapter, prefix: str) -> None:
        for tag in article.find_all(True):
            for attribute in ("href", "xlink:href"):
                href = tag.get(attribute)
                if not href or tag.name not in ("a", "area", "use", "image"):
                    continue
                parts = urlsplit(href)
                if parts.scheme or href.startswith("//"):
                    if tag.name == "a" and tag.get_text(strip=True) != href:
                        tag["class"] = [*tag.get("class", []), "pdf-external"]
                    continue
                if not parts.path:                       # "#x": this page
                    tag[attribute] = ("#" + prefix + unquote(parts.fragment) if parts.fragment
                                      else "#" + chapter.anchor)
                    continue
                target = resolve(chapter.path, parts.path)
                other = self.by_path.get(target)
                if other is not None:                   # another page of the report
                    tag[attribute] = ("#" + other.anchor + "--" + unquote(parts.fragment)
                                      if parts.fragment else "#" + other.anchor)
                elif tag.name == "a":                   # a file of the site (downloads, schema …)
                    if self.site_url:
                        tag[attribute] = f"{self.site_url}/{target}"
                        tag["class"] = [*tag.get("class", []), "pdf-external"]
                    else:
                        del tag[attribute]
                        tag.name = "span"
                        tag["class"] = [*tag.get("class", []), "pdf-file"]
                        tag["data-path"] = target
                        tag.attrs.pop("download", None)

    def check_links(self, html: str) -> str:
        """Links to anchors that do not exist (a removed section) point to their chapter instead."""
        def fix(match: re.Match) -> str:
            target = unquote(match.group(2))
            anchors = {c.anchor for c in self.chapters}
            if target in self.ids or target in anchors or target in FRONT_IDS:
                return match.group(0)
            chapter = target.split("--")[0]
            return f'{match.group(1)}#{chapter if chapter in anchors else "toc"}"'
        return re.sub(r'((?:href|xlink:href)=")#([^"]*)"', fix, html)


FRONT_IDS = {"cover", "toc"}


# --- the document -------------------------------------------------------------------------------------


def source_lines(report, edition: Edition = EDITIONS["zh"]) -> list[str]:
    """“《…》，C级” for every source, from data (escaped, in the edition's words)."""
    lines = []
    for source in report.sources.values():
        # (issue 19) thirteen sources share the cover: title and grade, a line or two each;
        # publishers, dates and where each copy was found are in the sources chapter.
        title = formatting.text(source.title, edition.code)
        grade = i18n.gettext(edition.code, "%(grade)s级") % {"grade": formatting.grade_label(source.grade.level)}
        lines.append(edition.cover_source.format(title=title, grade=escape(grade)))
    return lines


def edition_date(report) -> str:
    """The latest ``reviewed.date`` of any record: the day the data was last checked."""
    return report.last_reviewed()


def document(config: dict, report, chapters: list[Chapter], assembler: Assembler) -> str:
    edition = assembler.edition
    site_name = str(config.get("site_name") or edition.title)
    author = str(config.get("site_author") or "")
    description = str(config.get("site_description") or "")
    copyright_text = str(config.get("copyright") or "")
    repository = ((config.get("extra") or {}).get("data_repository") or {}).get("url", "")
    checked = edition_date(report)
    created = ""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        stamp = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=timezone.utc)
        created = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(site_name)}</title>",
        f'<meta name="author" content="{escape(author)}">' if author else "",
        f'<meta name="publisher" content="{escape(author)}">' if author else "",
        f'<meta name="description" content="{escape(description)}">' if description else "",
        f'<meta name="keywords" content="{escape(edition.keywords + site_name)}">',
        '<meta name="generator" content="scripts/build_pdf.py (WeasyPrint)">',
        f'<meta name="edition" content="{escape(checked)}">',
        f'<meta name="dcterms.created" content="{created}">' if created else "",
        f'<meta name="dcterms.modified" content="{created}">' if created else "",
    ]

    cover = [
        '<section class="cover" id="cover">',
        f'<p class="cover__kicker">{escape(edition.kicker.format(date=edition.date(checked)))}</p>',
        f'<h1 class="cover__title">{escape(site_name)}</h1>',
        f'<p class="cover__subtitle">{escape(description)}</p>' if description else "",
        f'<div class="cover__source"><p class="cover__label">{escape(edition.source_label)}</p>',
        *(f"<p>{line}</p>" for line in source_lines(report, edition)),
        "</div>",
        '<div class="cover__colophon">',
        f'<p class="cover__publisher">{escape(author)}</p>' if author else "",
        "<p>" + edition.colophon.format(snapshot=escape(edition.date(report.snapshot_month())),
                                        edition=escape(edition.date(checked)), count=len(report.facts)) + "</p>",
        f"<p>{escape(copyright_text)}</p>" if copyright_text else "",
        (f'<p>{escape(edition.repository)}<a class="url" href="{escape(repository)}">'
         f"{escape(repository)}</a></p>" if repository else ""),
        (f'<p>{escape(edition.web)}<a class="url" href="{escape(assembler.site_url)}/">'
         f"{escape(assembler.site_url)}/</a></p>" if assembler.site_url else ""),
        "</div>",
        "</section>",
    ]

    toc = [f'<nav class="toc" id="toc"><h1 class="toc__title">{escape(edition.contents)}</h1><ol class="toc__list">']
    part = None
    for chapter in chapters:
        if chapter.part != part:
            if chapter.part:
                toc.append(f'<li class="toc__part">{escape(chapter.part)}</li>')
            part = chapter.part
        toc.append(f'<li class="toc__chapter"><a href="#{chapter.anchor}">{escape(chapter.title or "")}</a>')
        if chapter.sections:
            toc.append('<ol class="toc__sections">')
            toc.extend(f'<li><a href="#{escape(anchor)}">{escape(title)}</a></li>'
                       for anchor, title in chapter.sections)
            toc.append("</ol>")
        toc.append("</li>")
    toc.append("</ol></nav>")

    body = []
    part = None
    for chapter in chapters:
        if chapter.part != part:
            if chapter.part:
                body.append(f'<h1 class="part">{escape(chapter.part)}</h1>')
            part = chapter.part
        body.append(chapter.html)

    html = (f'<!doctype html>\n<html lang="{escape(edition.lang)}"><head>' + "".join(head) + "</head><body>"
            + "".join(cover) + "".join(toc) + "".join(body) + "</body></html>")
    return assembler.check_links(html)


# The gambling spam injected into the captured source (the site's own tests look for the
# same words).  rules.SPAM_PATTERNS is broader (it also matches “博彩”, which the sources
# page uses to explain the spam), so it is for data, not for page text.
SPAM = (re.compile(r"bet\s*体育", re.I), re.compile(r"365\s*体育"), re.compile(r"体育\s*投注"),
        re.compile(r"手机版\s*app\s*下载", re.I), re.compile(r"手机看中经"))


def spam_in(text: str) -> str | None:
    for pattern in SPAM:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


# --- main ----------------------------------------------------------------------------------------------


def build(site: Path, output: Path, config_path: Path, data_dir: Path, html_out: Path | None = None,
          edition: Edition = EDITIONS["zh"]) -> dict:
    started = time.monotonic()
    faces = check_fonts()
    try:
        from weasyprint import CSS, HTML
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise MissingRequirement(
            f"缺少 WeasyPrint：请运行 pip install -r requirements.txt（或 make venv）\n"
            f"WeasyPrint is not installed or cannot load Pango ({error}): "
            "pip install -r requirements.txt; it needs the Debian packages libpango-1.0-0 "
            "and libpangoft2-1.0-0") from error

    from weasyprint.text.ffi import harfbuzz_subset
    if harfbuzz_subset is None:
        print("提示：没有 libharfbuzz-subset0，字体子集化改用慢得多的 fontTools（可能超过一分钟）："
              "apt-get install libharfbuzz-subset0\n"
              "note: libharfbuzz-subset0 not found; subsetting the CJK fonts with fontTools instead "
              "is several times slower: apt-get install libharfbuzz-subset0", file=sys.stderr)

    if not (site / "index.html").is_file():
        raise BuildError(f"{site} 不是构建好的网站：请先运行 make build\n"
                         f"{site} is not a built site: run `make build` first")
    # The repository and address the site was built with (GitHub Actions' own, or mkdocs.yml's)
    config = publication.resolve(read_config(config_path))
    report = loader.load(data_dir)
    chapters = nav_chapters(config, site)
    assembler = Assembler(site, chapters, config, edition)
    for chapter in chapters:
        assembler.chapter(chapter)
    html = document(config, report, chapters, assembler)
    spam = spam_in(BeautifulSoup(html, "html.parser").get_text(" "))
    if spam:
        raise BuildError(f"正文中有垃圾广告文字“{spam}”，拒绝生成 PDF / spam text {spam!r} in the pages")
    if html_out:
        html_out.write_text(html, encoding="utf-8")

    assembled = time.monotonic()
    # WeasyPrint reports unsupported CSS at WARNING: keep the output readable.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".tmp")
    document_ = HTML(string=html, base_url=str(site.resolve()) + "/").render(
        stylesheets=[CSS(filename=str(STYLESHEET)),
                     CSS(string=edition_css(edition, str(config.get("site_name") or edition.title)))])
    # The file identifier is a hash of the content: the same report gives the same bytes.
    # PDF/UA-1: WeasyPrint tags the structure (headings, paragraphs, lists, tables, figures),
    # writes the language and shows the document title in the window (issue 13).
    document_.write_pdf(partial, custom_metadata=True, pdf_identifier=True, pdf_variant="pdf/ua-1")
    partial.replace(output)
    if output.resolve().parent == site.resolve():
        show_pdf_links(site, edition)
    return {"pages": len(document_.pages), "chapters": [c.title for c in chapters], "faces": faces,
            "seconds": round(time.monotonic() - started, 1),
            "layout_seconds": round(time.monotonic() - assembled, 1)}


# hooks/exports.py hides every page's PDF link while the file does not exist.
PDF_PENDING = '<a hidden data-qa-pdf-pending class="md-button qa-actions__pdf"'
PDF_LINK = '<a class="md-button qa-actions__pdf"'
# ... and its citation_pdf_url for reference managers (macros/templates/head_meta.html).
PDF_META_PENDING = '<meta name="qa-pending-citation_pdf_url"'
PDF_META = '<meta name="citation_pdf_url"'


def show_pdf_links(site: Path, edition: Edition = EDITIONS["zh"]) -> int:
    """The PDF now exists next to the pages: show their links to it.  Returns pages changed.
    Only the edition's own pages: another edition's site inside this one (site/en/ in site/)
    keeps its link hidden until its own PDF is written."""
    inside = edition.folder + "/" if edition.folder else ""
    others = {other.folder[len(inside):].split("/")[0] for other in EDITIONS.values()
              if other.folder != edition.folder and other.folder.startswith(inside) and other.folder}
    changed = 0
    for page in site.rglob("*.html"):
        if page.relative_to(site).parts[0] in others:
            continue
        text = page.read_text(encoding="utf-8")
        if PDF_PENDING in text or PDF_META_PENDING in text:
            text = text.replace(PDF_PENDING, PDF_LINK).replace(PDF_META_PENDING, PDF_META)
            page.write_text(text, encoding="utf-8")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_pdf",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the edition's built site (make build writes site/, site/en/)")
    parser.add_argument("--edition", choices=sorted(EDITIONS), default="zh",
                        help="which edition the site is: its language, words and file name (default: zh)")
    parser.add_argument("--output", type=Path,
                        help=f"the PDF to write (default: SITE/{PDF_NAME})")
    parser.add_argument("--config", type=Path,
                        help="the edition's MkDocs config: nav, titles (default: mkdocs.yml, for en mkdocs.en.yml)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data directory")
    parser.add_argument("--html", type=Path, help="also write the assembled HTML here (for debugging)")
    args = parser.parse_args(argv)
    edition = EDITIONS[args.edition]
    output = args.output or args.site / edition.pdf_name
    try:
        result = build(args.site, output, args.config or ROOT / edition.config, args.data, args.html, edition)
    except MissingRequirement as error:
        print(error, file=sys.stderr)
        return 2
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{output}: {result['pages']} 页 / pages, {len(result['chapters'])} 章 / chapters, "
          f"{result['seconds']} s (fonts: {', '.join(result['faces'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
