"""The validated report and the small query functions templates call.

Templates never see YAML: they ask the report for "facts in this topic", "key
figures of this theme", "who is this id".  Records are the frozen pydantic
models from ``schema.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from . import schema

ENTITY_MODELS = (schema.Organisation, schema.Person, schema.Place, schema.Document,
                 schema.Programme, schema.Event)


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
    # Lookup tables built on first use (selections by theme/topic, records by id).
    _index: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, entries: Iterable[tuple[schema.Record, str, str, int]]) -> "Report":
        """From validated records (already checked for references) in file order."""
        entries = list(entries)
        return cls(
            sources={r.id: r for r, *_ in entries if isinstance(r, schema.Source)},
            themes=tuple(r for r, *_ in entries if isinstance(r, schema.Theme)),
            entities={r.id: r for r, *_ in entries if isinstance(r, ENTITY_MODELS)},
            facts=tuple(r for r, *_ in entries if isinstance(r, schema.Fact)),
            quotations=tuple(r for r, *_ in entries if isinstance(r, schema.Quotation)),
            charts=tuple(r for r, *_ in entries if isinstance(r, schema.Chart)),
            glossary=tuple(r for r, *_ in entries if isinstance(r, schema.GlossaryTerm)),
            kinds={r.id: kind for r, kind, *_ in entries},
            origins={r.id: Origin(file, line) for r, _, file, line in entries},
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

    def source_of(self, record: Any) -> schema.Source:
        return self.sources[record.source.id]

    def section_heading(self, record: Any) -> schema.Text:
        source = self.source_of(record)
        return next(s.heading for s in source.sections if s.id == record.source.section)

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

    def dated_events(self) -> list[schema.Event]:
        """Events with a date, oldest first (the timeline)."""
        events = [r for r in self.entities.values() if isinstance(r, schema.Event) and r.date]
        return sorted(events, key=lambda e: (e.date, e.id))

    def undated_events(self) -> list[schema.Event]:
        return [r for r in self.entities.values() if isinstance(r, schema.Event) and not r.date]

    def key_facts(self, theme_id: str | None = None) -> list[schema.Fact]:
        """Facts flagged ``key``, in the order of the themes."""
        if theme_id is not None:
            return [f for f in self.facts_in(theme_id) if f.key]
        order = {t.id: i for i, t in enumerate(self.themes)}
        return sorted((f for f in self.facts if f.key), key=lambda f: order[f.theme])

    def facts_mentioning(self, entity_id: str) -> list[schema.Fact]:
        return [f for f in self.facts if f.subject == entity_id or entity_id in f.mentions]

    def records_citing(self, source_id: str) -> list[schema.Record]:
        return [r for r in (*self.facts, *self.quotations) if r.source.id == source_id]

    def entities_of(self, kind: str) -> list[schema.Record]:
        return [r for i, r in self.entities.items() if self.kinds[i] == kind]

    def record(self, record_id: str) -> Any:
        found = self._lookup("ids").get(record_id)
        if found is not None:
            return found
        return self.entities.get(record_id) or self.sources.get(record_id)
