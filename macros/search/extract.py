"""A page's HTML -> search documents.

The page is cut where a reader would point to: every record block with an anchor
(a fact, a quotation, a glossary term, an entity, an event, a chart) is one
document linking to that anchor, and the text between headings outside such
blocks is one document per section, linking to the heading.  What the reader
does not read as the page's own text -- the citation and edit line under each
fact, permalinks, the print/download bar, scripts and drawings -- is left out
(``EXCLUDED_CLASSES``, ``EXCLUDED_TAGS``, ``data-search-exclude``).  The
recall test cuts its queries from the same main text with its own parser.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from . import text as search_text

# Record blocks are recognised by the prefix of their id (see macros/templates/).
RECORD_PREFIXES = ("fact-", "quote-", "term-", "entity-", "event-", "chart-", "source-")
# Not main text: a fact's controls (the label of its ⋯ toggle, the data-record, e-mail and
# permalink links; the names under 涉及 are kept: they are what the fact is about), the
# time line of a key figure card, citations (the same line on every record), the
# review-date note, heading permalinks, the print/download bar.  Elements marked
# data-search-exclude (note markers, the notes list, repeated fact lists) are left out too.
# The "本站释义"/"Our explanation" badge (qa-own__label) labels the sentence after it: shown
# as a snippet it ran into that sentence (issue 22), and nobody searches for it.
EXCLUDED_CLASSES = frozenset({"qa-fact__toggle", "qa-fact__edit", "qa-fact__report", "qa-fact__anchor",
                              "qa-card__time", "qa-cite", "qa-data-note", "headerlink", "qa-actions",
                              "qa-own__label"})
# What a record is about (the names under a fact's 涉及/Involves): searched, never shown.
# The text of its child elements (the names) goes into the document's ``about``; its own
# text (the label "涉及：" and the 、 between names) is left out, so a snippet is the
# reader's sentence only and 涉及 finds nothing.
ABOUT_CLASSES = frozenset({"qa-fact__mentions"})
# A link to a fact or quotation on ANOTHER page restates it (organisations, time line,
# sources, the home page's cards): the fact is indexed once, where it stands, so the
# listing never ranks beside it.  Recognised by the anchor alone (href="page.html#fact-…"),
# not by layout, so it holds for facts inside prose as well.
RESTATED_PREFIXES = ("fact-", "quote-")
# Records that are names (organisations, people, places, programmes, documents; glossary
# terms): their first block of text is the name, which pinyin and near matches look up.
NAME_KINDS = frozenset({"entity", "term"})
EXCLUDED_TAGS = frozenset({"script", "style", "svg", "template", "noscript", "button"})
EXCLUDE_ATTRIBUTE = "data-search-exclude"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Text on either side of these is not one phrase: a space keeps bigrams apart.
BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table",
                    "figure", "figcaption", "blockquote", "section", "br", "hr", "caption",
                    "thead", "tbody", "nav", "header", "footer", *HEADINGS})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})

_SPACES = re.compile(r"\s+")
# Word mode (the English edition, see text.py): inline elements that the page shows apart
# from the text before them (a key figure's "more than" above its number, a fact's time
# after its full stop, the "Our explanation" label) are written with no space between
# them in the HTML: "more than</span><span>10,000", "grade A.<span>in 2020".  There a
# space is put between the two texts when a tag separates a letter, digit or closing
# punctuation from a letter or digit (Han, kana and Hangul excluded: a space would cut a
# Chinese name in two).  The Chinese edition's text is left exactly as it was.
_CLOSING = frozenset(".,;:!?)]}\u201d\u2019")
# The HTML here is what Python-Markdown and our templates write (well formed), so a
# tokenizer of four patterns does what html.parser did at a third of the cost (it was
# two thirds of the search step at 1,000 pages).  Raw-text elements are one token.
_TOKENS = re.compile(
    r"<(script|style|svg|template)\b[^>]*>.*?</\1\s*>"      # 1: raw text / drawing: skipped whole
    r"|<!--.*?-->|<![^>]*>|<\?[^>]*>"                         # comments, doctype
    r"|<(/?)([a-zA-Z][\w:-]*)((?:[^>\"'/]+|\"[^\"]*\"|'[^']*'|/(?!>))*)(/?)>"   # 2-5: a tag
    r"|([^<]+|<)",                                             # 6: text
    re.S)
# Only three attributes matter here: id, class and the exclusion flag.
_ID = re.compile(r"""(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_CLASS = re.compile(r"""(?:^|\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_HREF = re.compile(r"""(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_SAME_TAG: dict[str, re.Pattern] = {}


def _end_of_element(source: str, position: int, tag: str) -> int:
    """Where the element of ``tag`` opened just before ``position`` ends (after its end
    tag), counting the elements of the same name nested in it: an excluded element is
    passed over whole instead of token by token (half the tags of a themed page are in
    one: note markers, controls; issue 14).  The end of the source if it is not closed."""
    pattern = _SAME_TAG.get(tag)
    if pattern is None:
        pattern = _SAME_TAG[tag] = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
    depth = 1
    for match in pattern.finditer(source, position):
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group(2).endswith("/") or tag in VOID:
            depth += 1
    return len(source)


def _attributes(source: str, tag: str = "") -> dict[str, str]:
    found = {}
    for name, pattern in (("id", _ID), ("class", _CLASS), *((("href", _HREF),) if tag == "a" else ())):
        match = pattern.search(source) if f"{name}" in source else None
        if match:
            found[name] = html_lib.unescape(match.group(1) or match.group(2) or match.group(3) or "")
    if EXCLUDE_ATTRIBUTE in source:
        found[EXCLUDE_ATTRIBUTE] = ""
    return found


@dataclass(frozen=True)
class Document:
    anchor: str   # "" for the page itself, else an element id on the page
    kind: str     # "page", "section" or the record prefix without "-" ("fact", "term", ...)
    title: str    # the section heading it sits under (the page title for the page itself)
    text: str     # main text, white space collapsed
    about: str = ""   # searched but never shown: the names a fact is about (ABOUT_CLASSES)
    name: str = ""    # a name or term record's name (NAME_KINDS): pinyin and near matches


def kind_of(element_id: str) -> str | None:
    for prefix in RECORD_PREFIXES:
        if element_id.startswith(prefix):
            return prefix[:-1]
    return None


class _Extractor:
    def __init__(self, page_title: str, words: bool = False) -> None:
        self.words = words           # word mode: a tag between two words is a space
        self.boundary = False        # a tag since the last text
        self.last = " "              # the last character written
        self.docs: list[Document] = []
        self.page_title = page_title
        self.section = ("", "page", page_title)     # anchor, kind, title
        self.section_text: list[str] = []
        self.record: tuple[str, str] | None = None   # anchor, kind of the open record
        self.record_text: list[str] = []
        self.record_depth = 0        # stack depth at which the open record started
        self.stack: list[str] = []
        self.heading: list[str] | None = None
        self.heading_id = ""
        self.dt_open = False         # a glossary term runs on through its <dd>
        self.record_about: list[str] = []
        self.record_name = ""
        self.about_depth = 0         # stack depth of the open ABOUT element (0: none)

    # --- documents -------------------------------------------------------------
    def _flush_section(self) -> None:
        text = _SPACES.sub(" ", "".join(self.section_text)).strip()
        anchor, kind, title = self.section
        if text or kind == "page":
            self.docs.append(Document(anchor, kind, title, text))
        self.section_text = []

    def _flush_record(self) -> None:
        if self.record is not None:
            anchor, kind = self.record
            text = _SPACES.sub(" ", "".join(self.record_text)).strip()
            about = _SPACES.sub(" ", "".join(self.record_about)).strip()
            if text or about:
                self.docs.append(Document(anchor, kind, self.section[2], text, about, self.record_name))
        self.record, self.record_text, self.dt_open = None, [], False
        self.record_about, self.record_name, self.about_depth = [], "", 0

    def _write(self, text: str) -> None:
        if text:
            self.last = text[-1]
        if self.heading is not None:
            self.heading.append(text)   # written to its section when the heading closes
            return
        if self.about_depth and self.record is not None:
            if len(self.stack) > self.about_depth:   # a name, not the label or the 、 between names
                self.record_about.append(text)
            elif text == " ":
                self.record_about.append(text)
            return
        (self.record_text if self.record is not None else self.section_text).append(text)

    # --- tokens --------------------------------------------------------------------
    def feed(self, source: str) -> None:
        position = 0
        while position < len(source):
            position = self._feed_until_excluded(source, position)

    def _feed_until_excluded(self, source: str, start: int) -> int:
        """Handle tokens from ``start`` on; at an excluded element, return where it ends."""
        for match in _TOKENS.finditer(source, start):
            raw, closing, tag, attributes, self_closing, text = match.groups()
            if text is not None:
                self.handle_data(html_lib.unescape(text) if "&" in text else text)
            elif tag is not None:
                tag = tag.lower()
                if closing:
                    self.handle_endtag(tag)
                    continue
                attrs = _attributes(attributes, tag) if attributes.strip() else {}
                if _excluded(tag, attrs):
                    self.boundary = True
                    if self_closing or tag in VOID:
                        continue
                    return _end_of_element(source, match.end(), tag)
                self.handle_starttag(tag, attrs)
                if self_closing and tag not in VOID:
                    self.handle_endtag(tag)
            # raw-text elements, comments and declarations carry no main text
        return len(source)

    def handle_starttag(self, tag: str, attributes: dict[str, str]) -> None:
        self.boundary = True
        if tag not in VOID:
            self.stack.append(tag)
        if tag in BLOCKS:
            self._write(" ")
        element_id = attributes.get("id") or ""
        if tag in HEADINGS:
            self._flush_record()
            self.heading, self.heading_id = [], element_id
            return
        if self.record is not None and not self.about_depth \
                and not ABOUT_CLASSES.isdisjoint((attributes.get("class") or "").split()):
            self.about_depth = len(self.stack)
        elif self.about_depth:
            self._write(" ")   # names apart: no bigram across two of them
        kind = kind_of(element_id) if element_id else None
        if kind is not None and tag not in VOID:
            if self.dt_open or self.record is None:
                self._flush_record()
                self.record, self.record_depth = (element_id, kind), len(self.stack)
                self.dt_open = False

    def handle_endtag(self, tag: str) -> None:
        self.boundary = True
        if tag in VOID or not self.stack:
            return
        # Tolerate stray end tags: close up to the last matching open element.
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if self.about_depth and len(self.stack) < self.about_depth:
            self.about_depth = 0
        if tag in BLOCKS:
            if self.record is not None and not self.record_name and self.record[1] in NAME_KINDS:
                self.record_name = _SPACES.sub(" ", "".join(self.record_text)).strip()
            self._write(" ")
        if tag in HEADINGS and self.heading is not None:
            title = _SPACES.sub(" ", "".join(self.heading)).strip()
            self.heading = None
            if tag == "h1":
                self.page_title = title or self.page_title
                self.section = ("", "page", self.page_title)
            else:
                self._flush_section()
                self.section = (self.heading_id, "section", title)
            self.section_text.append(f" {title} ")
            return
        if self.dt_open:
            if tag == "dl":
                self._flush_record()
        elif self.record is not None and len(self.stack) < self.record_depth:
            if tag == "dt":
                self.dt_open = True     # the definition (<dd>) still belongs to the term
            else:
                self._flush_record()

    def handle_data(self, data: str) -> None:
        if self.words and self.boundary and data and _joins_words(self.last, data[0]):
            self._write(" ")
        self.boundary = False
        self._write(data)

    def finish(self) -> list[Document]:
        self._flush_record()
        self._flush_section()
        # The page document first: it stands for the page in the results.
        docs = sorted(self.docs, key=lambda d: d.kind != "page")
        return docs


def _excluded(tag: str, attributes: dict[str, str]) -> bool:
    """Not main text, with everything inside it."""
    return tag in EXCLUDED_TAGS or EXCLUDE_ATTRIBUTE in attributes \
        or not EXCLUDED_CLASSES.isdisjoint((attributes.get("class") or "").split()) \
        or (tag == "a" and restates(attributes.get("href") or ""))


def restates(href: str) -> bool:
    """Does a link to ``href`` restate a fact or quotation of another page (RESTATED_PREFIXES)?"""
    page, _, fragment = href.partition("#")
    return bool(page) and fragment.startswith(RESTATED_PREFIXES)


def _word_char(char: str) -> bool:
    return char.isalnum() and not search_text.is_cjk(ord(char))


def _joins_words(before: str, after: str) -> bool:
    """Would the two characters on either side of a tag run together into one word?"""
    return (_word_char(before) or before in _CLOSING) and _word_char(after)


def documents(html: str, page_title: str, words: bool = False) -> list[Document]:
    """The search documents of one page's content HTML, page document first.

    words: the edition is searched by words (text.word_mode): see _CLOSING."""
    extractor = _Extractor(page_title, words)
    extractor.feed(html)
    return extractor.finish()
