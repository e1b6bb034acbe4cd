"""Presentation: the report's records rendered through Jinja partials in ``templates/``.

This is the one escaping boundary.  The environment below autoescapes, data text
only ever arrives as *values* (never as template source), and the ``text``
filter is the single way a :class:`~macros.schema.Text` reaches HTML.  The
output is a block of HTML that Markdown passes through untouched.

Every public function here is pure: report (and arguments) in, HTML out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import dictionary, exports, i18n, schema
# (also reachable as render.date, render.figure …: the tests read them so)
from .formatting import (OWN_WORDS, QUALIFIER_WORDS, TIME_BASIS_WORDS, as_reported, byline, card_parts, date,  # noqa: F401
                         fact_time, figure, figure_parts, grade_label, name, number, original, page_url,
                         plain, quoted, source_when, statement, text, theme_pages)
from .report import Report

TEMPLATES = Path(__file__).parent / "templates"



@dataclass(frozen=True)
class Repository:
    """Where contributors edit the data (``extra.data_repository`` in mkdocs.yml)."""

    url: str
    branch: str = "main"
    # Where readers without GitHub report an error (extra.corrections_email); "" shows no mail link.
    email: str = ""

    def view(self, file: str, line: int | None = None) -> str:
        return f"{self.url.rstrip('/')}/blob/{self.branch}/{file}" + (f"#L{line}" if line else "")

    def edit(self, file: str) -> str:
        return f"{self.url.rstrip('/')}/edit/{self.branch}/{file}"

    def new_issue(self) -> str:
        """Where a reader reports an error (the issue forms of .github/ISSUE_TEMPLATE/)."""
        return f"{self.url.rstrip('/')}/issues/new/choose"


# --- the template environment -------------------------------------------------------------


@lru_cache(maxsize=None)
def environment(lang: str = "zh") -> Environment:
    """One template environment per edition: the filters write that edition's language and
    ``_()`` looks UI strings up in its catalogue (macros/i18n.py), at compile time when the
    string takes no variables."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=[i18n.CompileTimeTranslations],
    )
    env.extend(compile_time_gettext=partial(i18n.gettext, lang))
    env.globals.update(i18n.template_callables(lang))
    env.filters.update(text=partial(text, lang=lang), name=partial(name, lang=lang),
                       original=partial(original, lang=lang), statement=partial(statement, lang=lang),
                       figure=partial(figure, lang=lang), figure_parts=partial(figure_parts, lang=lang),
                       card_parts=partial(card_parts, lang=lang),
                       date=partial(date, lang=lang), fact_time=partial(fact_time, lang=lang),
                       number=partial(number, lang=lang), page_url=page_url, quoted=quoted,
                       source_when=partial(source_when, lang=lang), grade=grade_label)
    env.globals.update(lang=lang, lang_tag=i18n.TAGS[lang])
    return env


def render_template(template: str, lang: str = "zh", **context: Any) -> str:
    html = environment(lang).get_template(template).render(**context)
    # Markdown ends a raw HTML block at a blank line; keep the block in one piece.
    return "\n".join(line for line in html.splitlines() if line.strip())


# --- what pages call ----------------------------------------------------------------------


def facts(report: Report, repository: Repository, theme_id: str, topic: str, *, lang: str = "zh") -> str:
    """Every fact and quotation of one topic of a theme, each with its source and edit link."""
    theme = report.theme(theme_id)
    if topic not in theme.topics:
        raise KeyError(f"theme {theme_id!r} has no topic {topic!r}; topics: {theme.topics}")
    charts = [Markup(chart(report, c.id, lang=lang)) for c in report.charts_in(theme_id, topic)]
    inline = report.placed_inline(lang)    # those stand inside the page's sentences (fact("id"))
    listed = [f for f in report.facts_in(theme_id, topic) if f.id not in inline]
    quotations = report.quotations_in(theme_id, topic)
    if not (listed or quotations or charts):
        # Every record of the topic stands in the page's prose.  The call stays on the page
        # so that a fact a contributor adds to the topic shows up here without a page edit.
        return ""
    return render_template("facts.html", lang, report=report, repository=repository, theme=theme, topic=topic,
                   facts=listed, charts=charts,
                   source_texts=source_texts(report, lang),
                   quotations=quotations, names=display_names(report, lang),
                   numbers=report.notes(theme_id), firsts=report.first_citing(theme_id),
                   short_citations=short_citations(report, lang))


def fact(report: Report, repository: Repository, fact_id: str, *, lang: str = "zh") -> str:
    """One fact inside a sentence of the page's prose, with its anchor, note and menu (the
    page check makes sure it stands on its own theme's page, once)."""
    record = report.fact(fact_id)
    theme = report.theme(record.theme)
    html = render_template("fact_inline.html", lang, report=report, repository=repository, theme=theme, fact=record,
                   marked=report.marked(record), names=display_names(report, lang),
                   numbers=report.notes(theme.id), firsts=report.first_citing(theme.id),
                   short_citations=short_citations(report, lang), source_text=source_texts(report, lang)[record.id])
    return html.replace("\n", "")    # it stands inside a paragraph: no line break (a space in Chinese)


def figure_in_sentence(report: Report, fact_id: str, *, lang: str = "zh") -> str:
    """A fact's figure inside the site's own sentence, linked to the fact where it stands."""
    record = report.fact(fact_id)
    if record.value is None:
        raise KeyError(f"fact {fact_id!r} has no value")
    return render_template("figure_inline.html", lang, fact=record,
                   href=f"{theme_pages(report)[record.theme]}#fact-{record.id}").replace("\n", "")


def based_on(report: Report, theme_id: str, *, lang: str = "zh", site_url: str = "") -> str:
    """The page's sources once, near the top: what the page rests on and how far to trust it.
    ``site_url``: this edition's public address (a printed page shows its own address)."""
    theme = report.theme(theme_id)
    records = [*report.facts_in(theme_id), *report.quotations_in(theme_id)]
    earliest, latest = report.reviewed_dates([theme, *records, *report.charts_in(theme_id)])
    return render_template("based_on.html", lang, report=report, theme=theme, sources=report.page_sources(theme_id),
                   earliest=earliest, latest=latest, edition=report.last_reviewed(),
                   address=(site_url + page_url(theme.page)) if site_url else "", source_ref=lambda i, s: schema.SourceRef(id=i, section=s))


def source_words(report: Report, source: schema.Source, lang: str = "zh", section: str | None = None) -> str:
    """The original publication in words: reporter, title, publisher, date, the section cited
    (when given), and the source's grade where its record has one (``grade``, issue 19; read
    with getattr until then).  Never its address: a citation names the publication, and an
    address not verified is not offered as one (issue 20.4)."""
    _ = partial(i18n.gettext, lang)
    author = byline(report, source, lang)
    words = (_("{reporter}：《{title}》，{publisher}，{date}") if author else _("《{title}》，{publisher}，{date}")).format(
        reporter=author, title=plain(source.title, lang),
        publisher=plain(report.publisher(source), lang), date=source_when(source, lang))
    if section is not None:
        heading = report.heading(schema.SourceRef(id=source.id, section=section))
        if heading is not None:   # quoted as quoted() does, in plain text
            inner = plain(heading, lang).replace("“", "‘").replace("”", "’")
            words += _("，%(heading)s一节") % {"heading": f"“{inner}”"}
    return words + _("（来源评级 {grade}）").format(grade=grade_label(source.grade.level))


def source_texts(report: Report, lang: str = "zh") -> dict[str, str]:
    """Each fact's and quotation's sources in words, plain text: the copied citation names the
    original publication (report.js reads it from the record's data-source)."""
    def compute() -> dict[str, str]:
        words: dict[tuple[str, str | None], str] = {}
        out = {}
        for record in (*report.facts, *report.quotations):
            parts = []
            for reference in record.citations:
                key = (reference.id, reference.section)
                if key not in words:
                    words[key] = source_words(report, report.sources[reference.id], lang, reference.section)
                parts.append(words[key])
            out[record.id] = i18n.gettext(lang, "；").join(parts)
        return out
    return report.memo(("source_texts", lang), compute)


# What every fact of a page repeats is made once (issue 14: 20,000 facts at 1,000 pages).

def display_names(report: Report, lang: str = "zh") -> dict[str, Markup]:
    """Every entity's name as the ``name`` filter writes it, by id (made once per edition)."""
    return report.memo(("display_names", lang),
                        lambda: {i: name(report.name(i), lang) for i in report.entities})


class _ShortCitations(dict):
    """The short citation (``_source_ref.html``) of a source section, by (source, section),
    made the first time a note marker asks: every marker citing it shows the same words."""

    def __init__(self, report: Report, lang: str) -> None:
        super().__init__()
        self.report, self.template = report, environment(lang).get_template("_source_ref.html")

    def __missing__(self, key: tuple[str, str | None]) -> Markup:
        source_id, section = key
        made = self[key] = Markup(self.template.render(
            report=self.report, source=self.report.sources[source_id],
            heading=self.report.heading(schema.SourceRef(id=source_id, section=section))))
        return made


def short_citations(report: Report, lang: str = "zh") -> dict[tuple[str, str | None], Markup]:
    """Short citations by (source, section), one table per edition."""
    return report.memo(("short_citations", lang), lambda: _ShortCitations(report, lang))


# Listings stay small however large the report grows (issue 14: every page <= 100 KB at
# 1,000 themed pages): beyond these counts a listing gives a count and links instead.
LISTED_CARDS = 24        # key-figure cards of all themes, theme cards
LISTED_CITING = 50       # records listed under one section of a source
LISTED_PAGES = 20        # pages listed (with counts) for a section cited by more records


def key_figures(report: Report, theme_id: str | None = None, top: int | None = None,
                skip: int = 0, *, lang: str = "zh") -> str:
    """Cards for the facts flagged ``key: true`` (all themes ranked, or one theme);
    ``top``: only the first few, ``skip``: leave out the first few (shown elsewhere).
    Of all themes at most LISTED_CARDS, then how many more there are on the themed pages."""
    pages = theme_pages(report)
    facts = report.key_facts(theme_id)[skip:]
    facts = facts[:top] if top else facts
    more = len(facts) - LISTED_CARDS if theme_id is None and len(facts) > LISTED_CARDS else 0
    # A card names its source only where it differs from the page's (the home page: the report's).
    return render_template("key_figures.html", lang, report=report, facts=facts[:len(facts) - more], pages=pages,
                   lead=bool(top), more=more, page_theme=theme_id)


def theme_cards(report: Report, *, lang: str = "zh") -> str:
    """Links to the themed pages (not the overview) with their summaries: at most
    LISTED_CARDS, then how many more the navigation lists."""
    themes = [t for t in report.themes if t.page != "index.md"]
    return render_template("theme_cards.html", lang, report=report, themes=themes[:LISTED_CARDS],
                   more=max(0, len(themes) - LISTED_CARDS))


def citing_pages(records: list[Any]) -> list[tuple[str, int]]:
    """(theme, how many of ``records`` it shows), in the order the records come."""
    counts: dict[str, int] = {}
    for record in records:
        counts[record.theme] = counts.get(record.theme, 0) + 1
    return list(counts.items())


def _listing_limits() -> dict[str, Any]:
    return {"listed_citing": LISTED_CITING, "listed_pages": LISTED_PAGES, "citing_pages": citing_pages}


def source_list(report: Report, *, lang: str = "zh") -> str:
    """Full citation of every source, with the facts that cite it (section by section; a
    section cited by more than LISTED_CITING records: the pages showing them, with counts)."""
    pages = theme_pages(report)
    return render_template("sources.html", lang, report=report, sources=list(report.sources.values()), pages=pages,
                   **_listing_limits())


def data_note(report: Report, repository: Repository, theme_id: str, *, lang: str = "zh") -> str:
    """The snapshot the data describe and where to get them.  (No data files, edit links or
    reviewers: reader pages carry no developer material, issue 20.6; the check date is in
    the page's "based on" box.)"""
    theme = report.theme(theme_id)
    records = [*report.facts_in(theme_id), *report.quotations_in(theme_id)]
    # The page's own snapshot: the newest source its records cite (a page citing only the 2021
    # article is not "as reported in 2023" because another page cites a 2023 source).
    dates = [d[:7] for r in records for c in r.citations if (d := report.sources[c.id].known_date)]
    snapshot = max(dates) if dates else report.snapshot_month()
    return render_template("data_note.html", lang, theme=theme, snapshot=snapshot)


def notes(report: Report, theme_id: str, *, lang: str = "zh") -> str:
    """The page's numbered notes: each cited source section once, full citation."""
    theme = report.theme(theme_id)
    return render_template("notes.html", lang, report=report, theme=theme,
                   notes=sorted(report.notes(theme_id).items(), key=lambda item: item[1]),
                   source_ref=lambda i, s: schema.SourceRef(id=i, section=s))


def snapshot_note(report: Report, *, lang: str = "zh") -> str:
    """For pages without a theme: what moment the data describe, and when they were checked."""
    earliest, latest = report.all_reviewed()
    return render_template("snapshot_note.html", lang, snapshot=report.snapshot_month(), earliest=earliest, latest=latest)


def corrections(repository: Repository, *, lang: str = "zh") -> str:
    """The sources page's "found an error?": the repository's issue forms and records when an
    address is set (macros/publication.py), the editors' e-mail when given, else what to note
    and whom to tell, never a repository without its address."""
    return render_template("corrections.html", lang, repository=repository)


# --- charts and timeline: laid out here, drawn by SVG templates ---------------------------

CHART_WIDTH = 400          # viewBox units; the figure scales to the column
CHART_ROW = 46             # label line + bar
CHART_BAR = 16
CHART_VALUE_SPACE = 70     # room right of the longest bar for its value


@dataclass(frozen=True)
class Bar:
    fact: schema.Fact
    y: int
    width: float


def chart_bars(report: Report, chart: schema.Chart) -> list[Bar]:
    """Bars scaled to the largest value; a zero value keeps a hairline so it is visible."""
    facts = [report.fact(i) for i in chart.facts]
    largest = max(f.value or 0 for f in facts) or 1
    usable = CHART_WIDTH - CHART_VALUE_SPACE
    return [Bar(f, i * CHART_ROW, max(1.0, round(usable * (f.value or 0) / largest, 1)))
            for i, f in enumerate(facts)]


def wrap(text_value: str, width: int) -> list[str]:
    """Break text into lines of about ``width`` full-width characters: CJK breaks anywhere,
    Latin words break at spaces (a word longer than a line breaks where it must)."""
    lines, line, used = [], "", 0.0
    for char in text_value:
        cost = 0.5 if ord(char) < 0x2E80 else 1.0
        if used + cost > width and line:
            carry = ""
            if cost == 0.5 and char != " " and " " in line and line[-1] != " ":
                line, carry = line.rsplit(" ", 1)  # keep the word being written whole
            lines.append(line.rstrip())
            line, used = carry, len(carry) * 0.5
            if char == " " and not line:
                continue
        line += char
        used += cost
    return lines + ([line] if line else [])


def chart(report: Report, chart_id: str, *, lang: str = "zh") -> str:
    record = next(c for c in report.charts if c.id == chart_id)
    bars = chart_bars(report, record)
    pages = theme_pages(report)
    return render_template("chart.html", lang, report=report, chart=record, bars=bars, pages=pages,
                   width=CHART_WIDTH, height=len(bars) * CHART_ROW, bar_height=CHART_BAR)


TIMELINE_ROW_LINE = 18     # height of one wrapped line
TIMELINE_WRAP = 24         # characters per line of an event name


# What the time line says each kind of entry is (UI strings, see macros/i18n.py).
TIMELINE_KIND_WORDS = {"meeting": "会议与活动", "assessment": "考核", "award": "评奖", "list": "名单",
                       "publication": "报道", "other": "其他", "document": "文件"}


def timeline(report: Report, *, lang: str = "zh") -> str:
    """Dated events and documents, oldest first, as an SVG figure and as a list with the
    source (and its grade) of each entry and the facts that mention it."""
    rows, y = [], 10
    for when, record in report.timeline():
        inferred = record.date_inferred if isinstance(record, schema.Event) else record.issued_inferred
        kind = record.kind if isinstance(record, schema.Event) else "document"
        lines = wrap(plain(report.name(record.id), lang), TIMELINE_WRAP)
        rows.append({"event": record, "date": when, "inferred": inferred, "kind": TIMELINE_KIND_WORDS[kind],
                     "is_document": kind == "document", "y": y, "lines": lines})
        y += 26 + TIMELINE_ROW_LINE * len(lines)
    pages = theme_pages(report)
    return render_template("timeline.html", lang, report=report, rows=rows, height=y, pages=pages, **_listing_limits(),
                   undated=report.undated_events(), line_height=TIMELINE_ROW_LINE)


def targets(report: Report, *, lang: str = "zh") -> str:
    """Every target, grouped by the document that set it (documents oldest first), with
    what later sources say beside each."""
    groups = [(document, report.targets_of(document.id)) for document in report.target_documents()]
    groups.sort(key=lambda group: min(t.by for t in group[1]))
    return render_template("targets.html", lang, report=report, groups=groups)


def context(report: Report, context_id: str, *, lang: str = "zh") -> str:
    """A background note in the site's own words, marked as such, with its sources."""
    return render_template("context.html", lang, report=report, note=report.context(context_id))


# --- indexes, glossary, downloads ------------------------------------------------------------

def entity_index(report: Report, kind: str, *, lang: str = "zh") -> str:
    """Every record of one kind with the facts that mention it (linked both ways)."""
    pages = theme_pages(report)
    return render_template("entities.html", lang, report=report, entities=report.entities_of(kind), pages=pages,
                   **_listing_limits())


def _pinyin():
    from .pinyin_readings import pypinyin   # build-time only
    return pypinyin().lazy_pinyin


def glossary_order(term: schema.GlossaryTerm, lang: str = "zh") -> tuple[str, str]:
    """Where a term stands in the glossary: Chinese by its pinyin (tone-less, letter by letter,
    as Chinese dictionaries order), English A-Z."""
    if lang == "zh":
        return " ".join(_pinyin()(term.term.zh)), term.term.zh
    english = plain(term.term, lang)
    return english.casefold(), english


def glossary(report: Report, *, lang: str = "zh") -> str:
    """The glossary page: alphabetical (pinyin order in Chinese), each term with the site's
    definition and, briefly, the source it is taken from."""
    terms = sorted(report.glossary, key=partial(glossary_order, lang=lang))
    return render_template("glossary.html", lang, report=report, terms=terms)


def glossary_data(report: Report, *, lang: str = "zh") -> str:
    """The glossary as JSON for the tooltip script (tojson escapes <, >, & and ')."""
    own_words = i18n.gettext(lang, OWN_WORDS)
    terms = [{"id": t.id, "terms": [t.term.zh, *t.aliases] if lang == "zh" else [plain(t.term, lang)],
              "definition": f"{own_words}{i18n.gettext(lang, '：')}{plain(t.definition, lang)}"}
             for t in report.glossary]
    return render_template("glossary_data.html", lang, terms=terms)


def downloads(report: Report, *, lang: str = "zh") -> str:
    """The data page's list of datasets, from the same functions that write the files.  One
    set of files for both editions, at the site's root (every text field has its ``_en``
    column beside the Chinese one)."""
    items = [(d, len(d.rows(report))) for d in exports.DATASETS]
    columns = {d.name: [(name, i18n.gettext(lang, meaning) if meaning else "")
                        for name, meaning in dictionary.columns(report, d)] for d in exports.DATASETS}
    root = "../" * i18n.PREFIX[lang].count("/")
    return render_template("downloads.html", lang, items=items, directory=root + exports.DOWNLOAD_DIR, columns=columns,
                   combined=exports.COMBINED_FILE, citation=exports.citation(report, lang), schema_dir=root + "schema")


def fact_count(report: Report) -> int:
    return len(report.facts)
