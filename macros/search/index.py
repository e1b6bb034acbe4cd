"""Search documents -> the files the browser downloads (``search/qa/``).

- ``meta.json``       the edition's language (which decides how text is cut),
                      pages (address, title, rank), where each page's documents
                      start, where each fragment starts, the number of shards.
                      Small: the only file loaded before the first query.
- ``s/<n>.json``      shard n of the postings: {key: [doc id gaps]}.  A key is a
                      bigram, or in the English edition (``lang`` "en") also a
                      word's stem (text.index_keys).  A query loads only the
                      shards of its own keys.
- ``f/<n>.json``      fragment n: consecutive documents of one page
                      ([anchor, kind, title, text] each).  Loaded only for the
                      pages about to be shown, to check matches and cut snippets.

Document ids are consecutive in page order, so a page is a range of ids and a
fragment a range inside a page.  Postings are sorted and gap-encoded (small
numbers, which gzip compresses well).
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import text as search_text
from .extract import Document

FORMAT = 1
# Sizes chosen with `make bench` at 1,000 pages: a shard of ~10 KB gzip, and a
# fragment of at most 8,000 characters (a themed page is usually one fragment), so a
# query downloads ~100 KB at most; fewer, larger files also keep the build's writing short.
SHARD_TARGET_POSTINGS = 12_000
MIN_SHARDS = 8
FRAGMENT_MAX_CHARS = 8_000

# Page ranks: themed pages first; listing pages never push them out of the top results.
RANK_THEMED = 0
RANK_LISTING = 1


def doc_grams(doc: Document, lang: str = "zh") -> Iterable[str]:
    """The index keys of one document in the edition's mode (bigrams; English: word stems)."""
    return search_text.index_keys(doc.text, lang)


@dataclass
class IndexBuilder:
    lang: str = "zh"   # the edition's theme.language: "en" searches words (text.word_mode)
    pages: list[list] = field(default_factory=list)          # [url, title, rank]
    page_starts: list[int] = field(default_factory=list)     # first doc id of each page
    fragments: list[list[list[str]]] = field(default_factory=list)
    fragment_starts: list[int] = field(default_factory=list)
    postings: dict[str, array] = field(default_factory=dict)
    doc_count: int = 0

    def add_page(self, url: str, title: str, rank: int, docs: list[Document],
                 grams: list[Iterable[str]] | None = None) -> None:
        """``grams``: each doc's bigrams, if already known (make serve keeps them per page)."""
        self.pages.append([url, title, rank])
        self.page_starts.append(self.doc_count)
        size = FRAGMENT_MAX_CHARS + 1   # start a new fragment on every page
        for number, doc in enumerate(docs):
            doc_id = self.doc_count
            self.doc_count += 1
            entry = [doc.anchor, doc.kind, doc.title, doc.text]
            length = len(doc.text)
            if size + length > FRAGMENT_MAX_CHARS:
                self.fragments.append([])
                self.fragment_starts.append(doc_id)
                size = 0
            self.fragments[-1].append(entry)
            size += length
            postings = self.postings
            for gram in grams[number] if grams is not None else doc_grams(doc, self.lang):
                try:
                    postings[gram].append(doc_id)
                except KeyError:
                    postings[gram] = array("I", (doc_id,))

    def shard_count(self) -> int:
        total = sum(len(ids) for ids in self.postings.values())
        return max(MIN_SHARDS, -(-total // SHARD_TARGET_POSTINGS))

    def write(self, directory: Path) -> dict[str, int]:
        """Write every file; return {relative path: bytes} for reporting."""
        shards = self.shard_count()
        written: dict[str, int] = {}

        def dump(relative: str, value) -> None:
            path = directory / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            path.write_text(data, encoding="utf-8")
            written[relative] = len(data.encode("utf-8"))

        dump("meta.json", {"format": FORMAT, "lang": self.lang, "shards": shards, "docs": self.doc_count,
                           "pages": self.pages, "pageStarts": self.page_starts,
                           "fragmentStarts": self.fragment_starts})
        by_shard: list[dict[str, list[int]]] = [{} for _ in range(shards)]
        for gram in sorted(self.postings):
            ids = self.postings[gram]   # appended in doc order: already sorted
            gaps, previous = [], 0
            for doc_id in ids:
                gaps.append(doc_id - previous)
                previous = doc_id
            by_shard[search_text.shard_of(gram, shards)][gram] = gaps
        for number, shard in enumerate(by_shard):
            dump(f"s/{number}.json", shard)
        for number, fragment in enumerate(self.fragments):
            dump(f"f/{number}.json", fragment)
        return written
