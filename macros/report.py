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


@dataclass(frozen=True)
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

    # --- lookups -------------------------------------------------------------------

    def theme(self, theme_id: str) -> schema.Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"unknown theme {theme_id!r}")

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
        return [f for f in self.facts if f.theme == theme_id and (topic is None or f.topic == topic)]

    def quotations_in(self, theme_id: str, topic: str | None = None) -> list[schema.Quotation]:
        return [q for q in self.quotations if q.theme == theme_id and (topic is None or q.topic == topic)]

    def charts_in(self, theme_id: str, topic: str | None = None) -> list[schema.Chart]:
        return [c for c in self.charts if c.theme == theme_id and (topic is None or c.topic == topic)]

    def fact(self, fact_id: str) -> schema.Fact:
        return next(f for f in self.facts if f.id == fact_id)

    def dated_events(self) -> list[schema.Event]:
        """Events with a date, oldest first (the timeline)."""
        events = [r for r in self.entities.values() if isinstance(r, schema.Event) and r.date]
        return sorted(events, key=lambda e: (e.date, e.id))

    def undated_events(self) -> list[schema.Event]:
        return [r for r in self.entities.values() if isinstance(r, schema.Event) and not r.date]

    def key_facts(self, theme_id: str | None = None) -> list[schema.Fact]:
        """Facts flagged ``key``, in the order of the themes."""
        order = {t.id: i for i, t in enumerate(self.themes)}
        chosen = [f for f in self.facts if f.key and (theme_id is None or f.theme == theme_id)]
        return sorted(chosen, key=lambda f: order[f.theme])

    def facts_mentioning(self, entity_id: str) -> list[schema.Fact]:
        return [f for f in self.facts if f.subject == entity_id or entity_id in f.mentions]

    def records_citing(self, source_id: str) -> list[schema.Record]:
        return [r for r in (*self.facts, *self.quotations) if r.source.id == source_id]

    def entities_of(self, kind: str) -> list[schema.Record]:
        return [r for i, r in self.entities.items() if self.kinds[i] == kind]

    def record(self, record_id: str) -> Any:
        for group in (self.facts, self.quotations):
            for item in group:
                if item.id == record_id:
                    return item
        return self.entities.get(record_id) or self.sources.get(record_id)
