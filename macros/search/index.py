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
                      ([anchor, kind, title, text] each, and a fifth element, the
                      text searched but not shown, when there is one: Document.about).
                      Loaded only for the pages about to be shown, to check
                      matches and cut snippets.
- ``forgive.json``    traditional script, pinyin and near matches, the sources
                      (forgive.py); loaded only for a query that needs them.

Document ids are consecutive in page order, so a page is a range of ids and a
fragment a range inside a page.  Postings are sorted and gap-encoded (small
numbers, which gzip compresses well).
"""

from __future__ import annotations

import bisect
import json
import operator
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import extract, forgive, text as search_text
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


# Record kinds that make a page a themed page (one presenting facts as its own content).
THEMED_KINDS = frozenset({"fact", "quote"})


def page_entry(html: str, url: str, title: str, is_homepage: bool, lang: str) -> tuple[str, str, int, list[Document]]:
    """(url, title, rank, documents) of one page's content HTML: what add_page takes."""
    docs = extract.documents(html, title, words=search_text.word_mode(lang))
    # Themed pages present facts as their own content; the home page and the listings
    # (glossary, organisations, timeline, data, sources) rank after them.
    themed = not is_homepage and any(d.kind in THEMED_KINDS for d in docs)
    return url, docs[0].title if docs else title, RANK_THEMED if themed else RANK_LISTING, docs


def doc_grams(doc: Document, lang: str = "zh") -> Iterable[str]:
    """The index keys of one document in the edition's mode (bigrams; English: word stems)."""
    keys = search_text.index_keys(doc.text, lang)
    if doc.about:   # apart from the text: no bigram across the two
        keys |= search_text.index_keys(doc.about, lang)
    return keys


@dataclass
class IndexBuilder:
    lang: str = "zh"   # the edition's theme.language: "en" searches words (text.word_mode)
    pages: list[list] = field(default_factory=list)          # [url, title, rank]
    page_starts: list[int] = field(default_factory=list)     # first doc id of each page
    fragments: list[list[list[str]]] = field(default_factory=list)
    fragment_starts: list[int] = field(default_factory=list)
    postings: dict[str, array] = field(default_factory=dict)
    doc_count: int = 0
    # What the last write() wrote, for patch(): the grams of each shard.
    shard_grams: list[set[str]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)       # doc id -> name (extract.NAME_KINDS)

    def add_page(self, url: str, title: str, rank: int, docs: list[Document],
                 grams: list[Iterable[str]] | None = None) -> None:
        """``grams``: each doc's bigrams, if already known (make serve keeps them per page)."""
        self.pages.append([url, title, rank])
        self.page_starts.append(self.doc_count)
        for number, (doc, new_fragment) in enumerate(zip(docs, _fragment_cuts(docs))):
            doc_id = self.doc_count
            self.doc_count += 1
            if new_fragment:
                self.fragments.append([])
                self.fragment_starts.append(doc_id)
            self.fragments[-1].append(fragment_entry(doc))
            if doc.name:
                self.names[doc_id] = doc.name
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
        self.shard_grams = [set() for _ in range(shards)]
        for gram in self.postings:
            self.shard_grams[search_text.shard_of(gram, shards)].add(gram)
        written: dict[str, int] = {}
        _dump(directory, "meta.json", self._meta(), written)
        for number in range(shards):
            _dump(directory, f"s/{number}.json", self._shard(number), written)
        for number, fragment in enumerate(self.fragments):
            _dump(directory, f"f/{number}.json", fragment, written)
        _dump(directory, "forgive.json", self._forgive(), written)
        return written

    def _forgive(self) -> dict:
        """forgive.json (forgive.py): from the names and the characters of every document."""
        chars: set[str] = set()
        sources = [0, "", ""]
        for page, first in enumerate(self.page_starts):
            last = self.page_starts[page + 1] if page + 1 < len(self.page_starts) else self.doc_count
            count = 0
            for doc_id in range(first, last):
                entry = self._entry(doc_id)
                count += entry[1] == "source"
                for piece in entry[2:]:
                    chars.update(piece)
            if count > sources[0]:
                sources = [count, self.pages[page][0], self.pages[page][1]]
        chars = {c for c in chars if search_text.is_cjk(ord(c))}
        names = [(name, doc_id) for doc_id, name in sorted(self.names.items())]
        return forgive.forgive_file(names, chars, self.lang, tuple(sources))

    def _entry(self, doc_id: int) -> list[str]:
        fragment = bisect.bisect_right(self.fragment_starts, doc_id) - 1
        return self.fragments[fragment][doc_id - self.fragment_starts[fragment]]

    def _meta(self) -> dict:
        return {"format": FORMAT, "lang": self.lang, "shards": len(self.shard_grams), "docs": self.doc_count,
                "pages": self.pages, "pageStarts": self.page_starts, "fragmentStarts": self.fragment_starts}

    def _shard(self, number: int) -> dict[str, list[int]]:
        """Shard ``number``: its grams in order, each with its postings gap-encoded."""
        out = {}
        for gram in sorted(self.shard_grams[number]):
            ids = self.postings[gram]   # in doc order: already sorted
            out[gram] = list(map(operator.sub, ids, [0, *ids[:-1]]))
        return out

    # --- make serve: a rebuilt page's documents changed in place ---------------------------

    def patch(self, directory: Path, changed: dict[int, tuple[PageEntry, PageEntry]]) -> dict[str, int] | None:
        """Replace the documents of some pages (by page number: (old entry, new entry)) and
        write again only the shards and fragments that change, the files of a written index
        in ``directory``.  The same files as a full write of the new pages, or None (nothing
        changed) when the change is not one this can make: a page's address, title, rank,
        number of documents or cut into fragments changed, or the number of shards."""
        for number, (old, new) in changed.items():
            if old[:3] != new[:3] or len(old[3]) != len(new[3]) \
                    or _fragment_cuts(old[3]) != _fragment_cuts(new[3]) or not self.shard_grams:
                return None
        shards, touched, fragments = len(self.shard_grams), set(), set()
        for number, (old, new) in changed.items():
            first = self.page_starts[number]
            fragment = bisect.bisect_right(self.fragment_starts, first) - 1
            for offset, (doc, old_grams, new_grams) in enumerate(zip(new[3], old[4], new[4])):
                doc_id = first + offset
                if doc_id >= self.fragment_starts[fragment] + len(self.fragments[fragment]):
                    fragment += 1
                entry = fragment_entry(doc)
                if doc.name:
                    self.names[doc_id] = doc.name
                else:
                    self.names.pop(doc_id, None)
                slot = doc_id - self.fragment_starts[fragment]
                if self.fragments[fragment][slot] != entry:
                    self.fragments[fragment][slot] = entry
                    fragments.add(fragment)
                old_set, new_set = set(old_grams), set(new_grams)
                for gram in old_set - new_set:
                    ids = self.postings[gram]
                    ids.remove(doc_id)
                    if not ids:
                        del self.postings[gram]
                    touched.add(gram)
                for gram in new_set - old_set:
                    ids = self.postings.setdefault(gram, array("I"))
                    ids.insert(bisect.bisect_left(ids, doc_id), doc_id)
                    touched.add(gram)
        if self.shard_count() != shards:
            return None   # the caller writes everything again
        written: dict[str, int] = {}
        numbers = set()
        for gram in touched:
            number = search_text.shard_of(gram, shards)
            numbers.add(number)
            (self.shard_grams[number].add if gram in self.postings else self.shard_grams[number].discard)(gram)
        for number in sorted(numbers):
            _dump(directory, f"s/{number}.json", self._shard(number), written)
        for number in sorted(fragments):
            _dump(directory, f"f/{number}.json", self.fragments[number], written)
        if fragments:
            _dump(directory, "forgive.json", self._forgive(), written)
        return written


# A page's entry as hooks/search.py keeps it for make serve: url, title, rank, docs, grams.
PageEntry = tuple[str, str, int, list[Document], list[list[str]]]


def fragment_entry(doc: Document) -> list[str]:
    """A document as its fragment file holds it: [anchor, kind, title, text(, about)]."""
    entry = [doc.anchor, doc.kind, doc.title, doc.text]
    if doc.about:
        entry.append(doc.about)
    return entry


def _fragment_cuts(docs: list[Document]) -> list[bool]:
    """For each document of a page: does a new fragment start with it?  A page starts one,
    and a fragment holds at most FRAGMENT_MAX_CHARS of text (or one longer document)."""
    cuts, size = [], FRAGMENT_MAX_CHARS + 1
    for doc in docs:
        length = len(doc.text)
        cut = size + length > FRAGMENT_MAX_CHARS
        size = length if cut else size + length
        cuts.append(cut)
    return cuts


def _dump(directory: Path, relative: str, value: Any, written: dict[str, int]) -> None:
    path = directory / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    path.write_text(data, encoding="utf-8")
    written[relative] = len(data.encode("utf-8"))
