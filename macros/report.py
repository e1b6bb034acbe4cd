"""The validated report and the small query functions templates call.

Templates never see YAML: they ask the report for "facts in this topic", "key
figures of this theme", "who is this id".  Records are the frozen pydantic
models from ``schema.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable

from . import schema

ENTITY_MODELS = (schema.Organisation, schema.Person, schema.Place, schema.Document,
                 schema.Programme, schema.Event)


# The record groups of a Report, most numerous first (Report.build).
_GROUPS = (schema.Fact, schema.Quotation, ENTITY_MODELS, schema.Source, schema.Theme, schema.Chart,
           schema.GlossaryTerm, schema.Target, schema.Context)


# How the organisations page says where else a record appears (UI strings, see macros/i18n.py).
APPEARANCE_WORDS = {
    "reporter": "来源的记者", "editor": "来源的责任编辑", "publisher": "来源的首发者",
    "republisher": "来源的转载网站", "parent": "下属机构", "part_of": "下辖地点", "issued_by": "发布的文件",
    "run_by": "主办或实施的项目", "organisers": "主办的活动", "place": "在此举行", "roles": "任职人员",
}


@dataclass(frozen=True)
class Origin:
    """Where a record is written, for "edit this fact" links and error messages."""

    file: str
    line: int


@dataclass(frozen=True, repr=False)
class Report:
    sources: dict[str, schema.Source]
    themes: tuple[schema.Theme, ...]
    entities: dict[str, schema.Record]
    facts: tuple[schema.Fact, ...]
    quotations: tuple[schema.Quotation, ...]
    charts: tuple[schema.Chart, ...]
    glossary: tuple[schema.GlossaryTerm, ...]
    kinds: dict[str, str]
    origins: dict[str, Origin] = field(repr=False)
    targets: tuple[schema.Target, ...] = ()
    contexts: dict[str, schema.Context] = field(default_factory=dict)
    # Lookup tables built on first use (selections by theme/topic, records by id).
    _index: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, entries: Iterable[tuple[schema.Record, str, str, int]]) -> "Report":
        """From validated records (already checked for references) in file order."""
        # One pass (nine over 21,000 records took ~0.1 s at 1,000 pages); each record goes
        # to the group of the first of these types it is an instance of, as nine filters did
        # (the types are disjoint).
        groups: dict[Any, list[schema.Record]] = {kind: [] for kind in _GROUPS}
        kinds: dict[str, str] = {}
        origins: dict[str, Origin] = {}
        for record, kind, file, line in entries:
            for group in _GROUPS:
                if isinstance(record, group):
                    groups[group].append(record)
                    break
            kinds[record.id] = kind
            origins[record.id] = Origin(file, line)
        return cls(
            sources={r.id: r for r in groups[schema.Source]},
            themes=tuple(groups[schema.Theme]),
            entities={r.id: r for r in groups[ENTITY_MODELS]},
            facts=tuple(groups[schema.Fact]),
            quotations=tuple(groups[schema.Quotation]),
            charts=tuple(groups[schema.Chart]),
            glossary=tuple(groups[schema.GlossaryTerm]),
            kinds=kinds,
            origins=origins,
            targets=tuple(groups[schema.Target]),
            contexts={r.id: r for r in groups[schema.Context]},
        )

    def __repr__(self) -> str:
        # Short on purpose: mkdocs-macros logs the repr of every registered macro (the
        # functools.partial objects holding this report) on every build, even with debug
        # logging off; the dataclass repr of 20,000 facts took ~55 s (issue 6 profile).
        return (f"Report({len(self.themes)} themes, {len(self.facts)} facts, "
                f"{len(self.quotations)} quotations, {len(self.entities)} entities)")

    def _lookup(self, name: str) -> dict[Any, Any]:
        """One of the lookup tables, built once: selections keep file order."""
        table = self._index.get(name)
        if table is None:
            table = {}
            if name == "themes":
                table = {t.id: t for t in self.themes}
            elif name == "ids":
                table = {r.id: r for group in (self.facts, self.quotations) for r in group}
            else:  # facts / quotations / charts by (theme, topic) and (theme, None)
                for record in getattr(self, name):
                    table.setdefault((record.theme, None), []).append(record)
                    table.setdefault((record.theme, record.topic), []).append(record)
            self._index[name] = table
        return table

    # --- lookups -------------------------------------------------------------------

    def theme(self, theme_id: str) -> schema.Theme:
        try:
            return self._lookup("themes")[theme_id]
        except KeyError:
            raise KeyError(f"unknown theme {theme_id!r}") from None

    def entity(self, entity_id: str) -> schema.Record:
        return self.entities[entity_id]

    def name(self, entity_id: str) -> schema.Text:
        """The display name of any entity (documents by title)."""
        record: Any = self.entities[entity_id]
        return record.title if isinstance(record, schema.Document) else record.name

    def publisher(self, source: schema.Source) -> schema.Text:
        """The name of a source's original publisher (an organisation record or a name)."""
        return self.name(source.publisher) if source.publisher else source.publisher_name  # type: ignore[return-value]

    def grade_of(self, source_id: str) -> schema.Grade:
        return self.sources[source_id].grade

    def source_of(self, record: Any) -> schema.Source:
        """The first source a record cites (records cite one or more)."""
        return self.sources[record.citations[0].id]

    def section_heading(self, record: Any) -> schema.Text | None:
        """The heading of the first cited section; None when the whole text is cited."""
        return self.heading(record.citations[0])

    def heading(self, reference: schema.SourceRef) -> schema.Text | None:
        if reference.section is None:
            return None
        source = self.sources[reference.id]
        return next(s.heading for s in source.sections if s.id == reference.section)

    def cited(self, record: Any) -> list[tuple[schema.Source, schema.SourceRef]]:
        """Every source a record cites, with the reference (section or whole text)."""
        return [(self.sources[r.id], r) for r in record.citations]

    def reported(self, record: Any) -> str:
        """``YYYY-MM`` of the earliest publication among the record's sources: the
        "as reported" date of a fact whose source gives no date of its own."""
        dates = [d[:7] for r in record.citations if (d := self.sources[r.id].known_date)]
        return min(dates) if dates else ""

    def reviewed_dates(self, records: Iterable[Any]) -> tuple[str, str]:
        """(earliest, latest) ``reviewed.date`` of some records."""
        dates = sorted(r.reviewed.date for r in records)
        return dates[0], dates[-1]

    def all_records(self) -> list[Any]:
        """Every record of every file (sources, themes, entities, facts, quotations, charts, terms)."""
        return [*self.sources.values(), *self.themes, *self.entities.values(), *self.facts,
                *self.quotations, *self.charts, *self.glossary, *self.targets, *self.contexts.values()]

    def memo(self, key: Hashable, compute):
        """A value computed once per report (every page's head asks for the edition date)."""
        if key not in self._index:
            self._index[key] = compute()
        return self._index[key]

    def all_reviewed(self) -> tuple[str, str]:
        """(earliest, latest) ``reviewed.date`` of every record."""
        return self.memo("all_reviewed", lambda: self.reviewed_dates(self.all_records()))

    def last_reviewed(self) -> str:
        """The latest date any record was checked: the edition date of the report."""
        return self.all_reviewed()[1]

    def snapshot_month(self) -> str:
        """``YYYY-MM`` of the newest source: the data are a snapshot as reported then."""
        return self.memo("snapshot_month", lambda: max(d[:7] for s in self.sources.values() if (d := s.known_date)))

    # --- selections ----------------------------------------------------------------

    def facts_in(self, theme_id: str, topic: str | None = None) -> list[schema.Fact]:
        return list(self._lookup("facts").get((theme_id, topic), ()))

    def quotations_in(self, theme_id: str, topic: str | None = None) -> list[schema.Quotation]:
        return list(self._lookup("quotations").get((theme_id, topic), ()))

    def charts_in(self, theme_id: str, topic: str | None = None) -> list[schema.Chart]:
        return list(self._lookup("charts").get((theme_id, topic), ()))

    def fact(self, fact_id: str) -> schema.Fact:
        found = self._lookup("ids").get(fact_id)
        if not isinstance(found, schema.Fact):
            raise StopIteration(fact_id)  # what next() raised before
        return found

    def timeline(self) -> list[tuple[str, Any]]:
        """The time line: dated events and documents with a stated date of issue, oldest first
        (a year sorts before its months and days: "2013" < "2013-03" < "2013-03-01")."""
        def entry(record: Any) -> tuple[str, Any] | None:
            date = record.date if isinstance(record, schema.Event) else getattr(record, "issued", None)
            return (date, record) if date else None
        rows = [row for r in self.entities.values() if (row := entry(r))]
        return sorted(rows, key=lambda row: (row[0], row[1].id))

    def targets_of(self, document_id: str | None = None) -> list[schema.Target]:
        """Targets in file order (of one document, or all)."""
        return [t for t in self.targets if document_id is None or t.document == document_id]

    def target_documents(self) -> list[schema.Document]:
        """The documents that set targets, in the order their targets first appear."""
        return [self.entities[i] for i in dict.fromkeys(t.document for t in self.targets)]  # type: ignore[misc]

    def context(self, context_id: str) -> schema.Context:
        try:
            return self.contexts[context_id]
        except KeyError:
            raise KeyError(f"unknown context {context_id!r}: add it to data/context.yml") from None

    def dated_events(self) -> list[schema.Event]:
        """Events with a date, oldest first (the timeline)."""
        events = [r for r in self.entities.values() if isinstance(r, schema.Event) and r.date]
        return sorted(events, key=lambda e: (e.date, e.id))

    def undated_events(self) -> list[schema.Event]:
        return [r for r in self.entities.values() if isinstance(r, schema.Event) and not r.date]

    def key_facts(self, theme_id: str | None = None) -> list[schema.Fact]:
        """Facts flagged ``key``: of one theme in file order; of all themes ranked (``rank``
        first, then the others in the order of the themes)."""
        if theme_id is not None:
            return [f for f in self.facts_in(theme_id) if f.key]
        order = {t.id: i for i, t in enumerate(self.themes)}
        return sorted((f for f in self.facts if f.key),
                      key=lambda f: (f.rank is None, f.rank or 0, order[f.theme]))

    def facts_mentioning(self, entity_id: str) -> list[schema.Fact]:
        return [f for f in self.facts if f.subject == entity_id or entity_id in f.mentions]

    def appearances(self, entity_id: str) -> list[tuple[str, schema.Text, str, schema.Text | None, bool]]:
        """Where a record appears other than in facts, for the index: (what, name, link,
        role, is_title): "来源的记者：《…》", "下属机构：…", "任职人员：…（职务）".  ``what`` is
        a UI string (translated by the template); ``is_title``: name is a source's title.
        Empty when it appears nowhere else."""
        table = self._index.get("appearances")
        if table is None:  # one pass over all records, not one per entity
            table = {}
            for source in self.sources.values():
                copy_site = source.reproduced_by.organisation if source.reproduced_by else None
                for field, target in (("reporter", source.reporter), ("editor", source.editor),
                                      ("publisher", source.publisher), ("republisher", copy_site)):
                    what = APPEARANCE_WORDS[field]
                    if target:
                        table.setdefault(target, []).append(
                            (what, source.title, f"sources.html#source-{source.id}", None, True))
            for record_id, record in self.entities.items():
                links = ["parent", "part_of", "issued_by", "run_by", "organisers"]
                if isinstance(record, schema.Event):  # (organisations' seats would list every company)
                    links.append("place")
                for field in links:
                    what = APPEARANCE_WORDS[field]
                    value = getattr(record, field, None)
                    for target in value if isinstance(value, list) else [value] if value else []:
                        if target != record_id:
                            table.setdefault(target, []).append(
                                (what, self.name(record_id), f"#entity-{record_id}", None, False))
                for role in getattr(record, "roles", None) or ():
                    if role.organisation:
                        table.setdefault(role.organisation, []).append(
                            (APPEARANCE_WORDS["roles"], record.name, f"#entity-{record_id}", role.title, False))
            self._index["appearances"] = table
        return list(table.get(entity_id, ()))

    def _citations_on_page(self, theme_id: str):
        """((source, section), record) for every citation of the page's facts and quotations,
        in the order the page shows them (topic by topic, facts before quotations)."""
        for topic in self.theme(theme_id).topics:
            for record in (*self.facts_in(theme_id, topic), *self.quotations_in(theme_id, topic)):
                for citation in record.citations:
                    yield (citation.id, citation.section), record

    def notes(self, theme_id: str) -> dict[tuple[str, str | None], int]:
        """The page's note numbers: each distinct (source, section) cited by a record that
        carries its own marks (``marked``: another source than the page's), numbered 1, 2, …
        in the order the page shows them (topic by topic, facts before quotations)."""
        key = ("notes", theme_id)
        table = self._index.get(key)
        if table is None:
            table = {}
            for cited, record in self._citations_on_page(theme_id):
                if self.marked(record, theme_id):   # the page's own source is named once, above
                    table.setdefault(cited, len(table) + 1)
            self._index[key] = table
        return table

    def place_inline(self, placements: dict[str, set[str]]) -> None:
        """Which facts each edition's pages place inside sentences (``fact("id")``, found by
        the page check): ``facts(theme, topic)`` lists the others."""
        self._index["inline"] = {lang: frozenset(ids) for lang, ids in placements.items()}

    def placed_inline(self, lang: str) -> frozenset[str]:
        return self._index.get("inline", {}).get(lang, frozenset())

    def page_source(self, theme_id: str | None = None) -> str | None:
        """The id of the source a page rests on: the one its facts and quotations cite most
        (the first cited on a tie).  The page names it once, in its "based on" box; a record
        carries its own source marks only where it cites another (issue 20.2).  ``None``:
        of the whole report (the home page's key figures come from every theme)."""
        def most_cited() -> str | None:
            counts: dict[str, int] = {}
            records = ((*self.facts, *self.quotations) if theme_id is None else
                       (*self.facts_in(theme_id), *self.quotations_in(theme_id)))
            for record in records:
                for citation in record.citations:
                    counts[citation.id] = counts.get(citation.id, 0) + 1
            return max(counts, key=counts.__getitem__) if counts else None   # max keeps the first of a tie
        return self.memo(("page_source", theme_id), most_cited)

    def marked(self, record: Any, theme_id: str | None = "") -> bool:
        """Whether a record shows its own source marks (note markers, "as reported" date) on
        a page: only when it cites a source other than the page's (a record of the page's
        source has that source's date too).  ``theme_id``: the page's theme ("": the record's
        own; None: the whole report, as the home page's key figures)."""
        page_source = self.page_source(record.theme if theme_id == "" else theme_id)
        if page_source is None:
            return True
        return any(c.id != page_source for c in record.citations)

    def page_sources(self, theme_id: str) -> list[tuple[schema.Source, list[str | None]]]:
        """The sources a page's records cite, most cited first, each with the sections cited
        (None: the whole text), for the page's "based on" box."""
        def compute() -> list[tuple[schema.Source, list[str | None]]]:
            counts: dict[str, int] = {}
            sections: dict[str, list[str | None]] = {}
            for cited, _record in self._citations_on_page(theme_id):
                counts[cited[0]] = counts.get(cited[0], 0) + 1
                if cited[1] not in sections.setdefault(cited[0], []):
                    sections[cited[0]].append(cited[1])
            order = sorted(counts, key=lambda s: -counts[s])     # stable: first cited first on a tie
            return [(self.sources[s], sections[s]) for s in order]
        return self.memo(("page_sources", theme_id), compute)

    def first_citing(self, theme_id: str) -> dict[tuple[str, str | None], str]:
        """(source, section) -> id of the first record on the page citing it (print footnotes)."""
        key = ("first", theme_id)
        table = self._index.get(key)
        if table is None:
            table = {}
            for cited, record in self._citations_on_page(theme_id):
                if self.marked(record, theme_id):
                    table.setdefault(cited, record.id)
            self._index[key] = table
        return table

    def quotations_by(self, person_id: str) -> list[schema.Quotation]:
        return [q for q in self.quotations if q.speaker == person_id]

    def records_citing(self, source_id: str, section: str | None = "") -> list[Any]:
        """Facts and quotations citing a source (``section``: only that section; None: the whole text)."""
        table = self._index.get("citing")
        if table is None:   # one pass over the records, not one per source section
            table = {}
            for record in (*self.facts, *self.quotations):
                for key in dict.fromkeys((c.id, s) for c in record.citations for s in ("", c.section)):
                    table.setdefault(key, []).append(record)
            self._index["citing"] = table
        return list(table.get((source_id, section), ()))

    def entities_of(self, kind: str) -> list[schema.Record]:
        return [r for i, r in self.entities.items() if self.kinds[i] == kind]

    def record(self, record_id: str) -> Any:
        found = self._lookup("ids").get(record_id)
        if found is not None:
            return found
        return self.entities.get(record_id) or self.sources.get(record_id)
