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
from markupsafe import Markup, escape

from . import i18n, rules, schema
from .report import Report

TEMPLATES = Path(__file__).parent / "templates"

# How the site marks its own explanations (glossary, summaries, page prose): never the source's claim.
OWN_WORDS = "本站释义"

TIME_BASIS_WORDS = {"on": "{}", "during": "{}期间", "as_of": "截至{}", "since": "自{}起"}
QUALIFIER_WORDS = {"exact": ("", ""), "more_than": ("", "余"), "approximately": ("约", "")}


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


# --- formatting (pure helpers, also used by tests) -------------------------------------


def plain(value: schema.Text, lang: str = "zh") -> str:
    """The text in the edition's language, unescaped (for JSON and plain-text uses).  The
    English edition never falls back to Chinese: the loader refuses a missing ``en`` first."""
    chosen = getattr(value, lang, None)
    if chosen is None:
        raise KeyError(f"英文缺失：{value.zh!r}|运行 make check 查看缺少英文的记录")
    return chosen


def text(value: schema.Text | None, lang: str = "zh") -> Markup:
    """The escaping boundary for data text: pick the language, escape it."""
    if value is None:
        return Markup("")
    return escape(plain(value, lang))


def name(value: schema.Text | None, lang: str = "zh") -> Markup:
    """A proper name.  English: the English name with the Chinese beside it (marked as
    Chinese for screen readers and fonts), so a reader can match it to Chinese sources."""
    if value is None or lang == "zh" or plain(value, lang) == value.zh:  # (5S, TÜV Rheinland)
        return text(value, lang)
    return Markup('%s <span class="qa-zh" lang="zh-Hans">(%s)</span>') % (text(value, lang), value.zh)


def original(value: schema.Text | None, lang: str = "zh") -> Markup:
    """Chinese text shown as itself in either edition (quotations, source titles)."""
    if value is None:
        return Markup("")
    if lang == "zh":
        return escape(value.zh)
    return Markup('<span lang="zh-Hans">%s</span>') % (value.zh,)


def number(value: int | float, lang: str = "zh") -> str:
    """Chinese style: 1069, 0.12, 8.5, 10000 -> 1万 (the source writes 万余名); English: 10,000."""
    if lang != "zh":
        return i18n.number_en(value)
    if isinstance(value, int) and value >= 10000 and value % 10000 == 0:
        return f"{value // 10000}万"
    if isinstance(value, int) and value >= 100000 and value % 100 == 0:
        # Sources write large counts in 万 with two decimals (113.62万户 = 1,136,200)
        return f"{value / 10000:.2f}".rstrip("0").rstrip(".") + "万"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def figure_parts(fact: schema.Fact, lang: str = "zh") -> tuple[str, str]:
    """("约1万"/"1万余", "名"): the number as the source qualifies it, and the unit.
    English: ("more than 10,000", "") — counted nouns are named by the statement."""
    assert fact.value is not None and fact.unit is not None
    if lang != "zh":
        return (i18n.QUALIFIER_EN[fact.qualifier].format(i18n.number_words_en(fact.value, fact.unit)),
                i18n.unit_en(fact.unit, fact.value))
    before, after = QUALIFIER_WORDS[fact.qualifier]
    return f"{before}{number(fact.value)}{after}", fact.unit


def card_parts(fact: schema.Fact, lang: str = "zh") -> tuple[str, str, str]:
    """A key-figure card's (qualifier, number, unit): English puts "more than" above the
    number; Chinese writes it into the number as the source does (1万余)."""
    if lang == "zh":
        return ("", *figure_parts(fact, lang))
    qualifier = i18n.QUALIFIER_EN[fact.qualifier].replace("{}", "").strip()
    return qualifier, number(fact.value, lang), i18n.unit_en(fact.unit, fact.value)


def figure(fact: schema.Fact, lang: str = "zh") -> str:
    number_text, unit = figure_parts(fact, lang)
    space = lang != "zh" and unit and unit not in i18n.UNITS_WITHOUT_SPACE
    return f"{number_text} {unit}" if space else number_text + unit


def date(partial: str, lang: str = "zh") -> str:
    """2021 -> 2021年, 2021-07 -> 2021年7月, 2021-07-07 -> 2021年7月7日 (English: 7 July 2021)."""
    if lang != "zh":
        return i18n.date_en(partial)
    parts = partial.split("-")
    words = [f"{parts[0]}年"]
    if len(parts) > 1:
        words.append(f"{int(parts[1])}月")
    if len(parts) > 2:
        words.append(f"{int(parts[2])}日")
    return "".join(words)


def grade_label(level: str) -> str:
    """A source grade as readers see it: "A-" is written with a true minus sign (A−)."""
    return level.replace("-", "\u2212")


def byline(report: Report, source: schema.Source, lang: str = "zh") -> str:
    """Who wrote a source, as far as its record says: a reporter's name, the copy's byline, or ""."""
    if source.reporter:
        return plain(report.name(source.reporter), lang)
    return plain(source.byline, lang) if source.byline else ""


def source_when(source: schema.Source, lang: str = "zh") -> str:
    """A source's date as far as it is known, never passing a copy's stamp off as the
    publisher's: "2013年3月1日"; "2022年（推断）"; "2021年11月29日中国经济网转载"; "日期不详"."""
    _ = partial(i18n.gettext, lang)
    published = source.published
    if published.date:
        when = date(published.date[:10], lang)
        return _("%(date)s（推断）") % {"date": when} if published.certainty == "inferred" else when
    posted = source.reproduced_by.posted if source.reproduced_by else None
    if posted and posted.date:
        when = date(posted.date[:10], lang)
        if posted.certainty == "inferred":
            when = _("%(date)s（推断）") % {"date": when}
        return _("%(date)s%(site)s转载") % {"date": when, "site": plain(source.reproduced_by.name, lang)}
    return _("日期不详")


def as_reported(month: str, lang: str = "zh") -> str:
    """The time of a fact the source does not date: 据2021年11月报道.  A source whose copy
    carries no date at all (the 2018 implementation opinions) gives "" : 据报道（日期不详）."""
    if not month:
        return "as reported (date unknown)" if lang != "zh" else "据报道（日期不详）"
    if lang != "zh":
        return f"as reported in {date(month, lang)}"
    return f"据{date(month)}报道"


def fact_time(fact: schema.Fact, report: Report, lang: str = "zh") -> str:
    """When the fact holds, in words; the source's own date, or "as reported"."""
    if fact.time is None:  # time_basis: as_reported (the model allows no other case)
        return as_reported(report.reported(fact), lang)
    if lang != "zh":
        if fact.time_basis == "during" and len(fact.time) == 4:
            return f"in {fact.time}"
        return i18n.TIME_BASIS_EN[fact.time_basis].format(date(fact.time, lang))
    if fact.time_basis == "during" and len(fact.time) == 4:
        return f"{fact.time}年度"  # "2020年度" reads better than "2020年期间"
    return TIME_BASIS_WORDS[fact.time_basis].format(date(fact.time))


def quoted(value: Markup | str) -> Markup:
    """Wrap in “…”, turning inner “…” into ‘…’ as Chinese typography nests them."""
    inner = str(escape(value)).replace("“", "‘").replace("”", "’")  # escape() is a no-op on Markup
    return Markup("“") + Markup(inner) + Markup("”")


def statement(fact: schema.Fact, lang: str = "zh") -> Markup:
    """The statement, escaped, with ``{value}`` replaced by the marked-up figure."""
    escaped = text(fact.statement, lang)
    if fact.value is None:
        return escaped
    # (%-formatting: Markup.format goes through string.Formatter in Python, 20,000 times at 1,000 pages)
    strong = Markup('<strong class="qa-figure" data-value="%s">%s</strong>') % (fact.value, figure(fact, lang))
    return Markup(escaped.replace(escape(rules.VALUE_PLACEHOLDER), strong))


def page_url(page: str) -> str:
    """docs/<name>.md -> <name>.html (the site uses flat, file-style URLs)."""
    return page[:-3] + ".html" if page.endswith(".md") else page


def theme_pages(report: Report) -> dict[str, str]:
    """Each theme's page address, by theme id (made once: every page's key figures ask)."""
    return report._memo("theme_pages", lambda: {t.id: page_url(t.page) for t in report.themes})


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


def _render(template: str, lang: str = "zh", **context: Any) -> str:
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
    return _render("facts.html", lang, report=report, repository=repository, theme=theme, topic=topic,
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
    html = _render("fact_inline.html", lang, report=report, repository=repository, theme=theme, fact=record,
                   marked=report.marked(record), names=display_names(report, lang),
                   numbers=report.notes(theme.id), firsts=report.first_citing(theme.id),
                   short_citations=short_citations(report, lang), source_text=source_texts(report, lang)[record.id])
    return html.replace("\n", "")    # it stands inside a paragraph: no line break (a space in Chinese)


def figure_in_sentence(report: Report, fact_id: str, *, lang: str = "zh") -> str:
    """A fact's figure inside the site's own sentence, linked to the fact where it stands."""
    record = report.fact(fact_id)
    if record.value is None:
        raise KeyError(f"fact {fact_id!r} has no value")
    return _render("figure_inline.html", lang, fact=record,
                   href=f"{theme_pages(report)[record.theme]}#fact-{record.id}").replace("\n", "")


def based_on(report: Report, theme_id: str, *, lang: str = "zh", site_url: str = "") -> str:
    """The page's sources once, near the top: what the page rests on and how far to trust it.
    ``site_url``: this edition's public address (a printed page shows its own address)."""
    theme = report.theme(theme_id)
    records = [*report.facts_in(theme_id), *report.quotations_in(theme_id)]
    earliest, latest = report.reviewed_dates([theme, *records, *report.charts_in(theme_id)])
    return _render("based_on.html", lang, report=report, theme=theme, sources=report.page_sources(theme_id),
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
    return report._memo(("source_texts", lang), compute)


# What every fact of a page repeats is made once (issue 14: 20,000 facts at 1,000 pages).

def display_names(report: Report, lang: str = "zh") -> dict[str, Markup]:
    """Every entity's name as the ``name`` filter writes it, by id (made once per edition)."""
    return report._memo(("display_names", lang),
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
    return report._memo(("short_citations", lang), lambda: _ShortCitations(report, lang))


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
    return _render("key_figures.html", lang, report=report, facts=facts[:len(facts) - more], pages=pages,
                   lead=bool(top), more=more, page_theme=theme_id)


def theme_cards(report: Report, *, lang: str = "zh") -> str:
    """Links to the themed pages (not the overview) with their summaries: at most
    LISTED_CARDS, then how many more the navigation lists."""
    themes = [t for t in report.themes if t.page != "index.md"]
    return _render("theme_cards.html", lang, report=report, themes=themes[:LISTED_CARDS],
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
    return _render("sources.html", lang, report=report, sources=list(report.sources.values()), pages=pages,
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
    return _render("data_note.html", lang, theme=theme, snapshot=snapshot)


def notes(report: Report, theme_id: str, *, lang: str = "zh") -> str:
    """The page's numbered notes: each cited source section once, full citation."""
    theme = report.theme(theme_id)
    return _render("notes.html", lang, report=report, theme=theme,
                   notes=sorted(report.notes(theme_id).items(), key=lambda item: item[1]),
                   source_ref=lambda i, s: schema.SourceRef(id=i, section=s))


def snapshot_note(report: Report, *, lang: str = "zh") -> str:
    """For pages without a theme: what moment the data describe, and when they were checked."""
    earliest, latest = report.all_reviewed()
    return _render("snapshot_note.html", lang, snapshot=report.snapshot_month(), earliest=earliest, latest=latest)


def corrections(repository: Repository, *, lang: str = "zh") -> str:
    """The sources page's "found an error?": the repository's issue forms and records when an
    address is set (macros/publication.py), the editors' e-mail when given, else what to note
    and whom to tell, never a repository without its address."""
    return _render("corrections.html", lang, repository=repository)


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
    return _render("chart.html", lang, report=report, chart=record, bars=bars, pages=pages,
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
    return _render("timeline.html", lang, report=report, rows=rows, height=y, pages=pages, **_listing_limits(),
                   undated=report.undated_events(), line_height=TIMELINE_ROW_LINE)


def targets(report: Report, *, lang: str = "zh") -> str:
    """Every target, grouped by the document that set it (documents oldest first), with
    what later sources say beside each."""
    groups = [(document, report.targets_of(document.id)) for document in report.target_documents()]
    groups.sort(key=lambda group: min(t.by for t in group[1]))
    return _render("targets.html", lang, report=report, groups=groups)


def context(report: Report, context_id: str, *, lang: str = "zh") -> str:
    """A background note in the site's own words, marked as such, with its sources."""
    return _render("context.html", lang, report=report, note=report.context(context_id))


# --- indexes, glossary, downloads ------------------------------------------------------------

def entity_index(report: Report, kind: str, *, lang: str = "zh") -> str:
    """Every record of one kind with the facts that mention it (linked both ways)."""
    pages = theme_pages(report)
    return _render("entities.html", lang, report=report, entities=report.entities_of(kind), pages=pages,
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
    return _render("glossary.html", lang, report=report, terms=terms)


def glossary_data(report: Report, *, lang: str = "zh") -> str:
    """The glossary as JSON for the tooltip script (tojson escapes <, >, & and ')."""
    own_words = i18n.gettext(lang, OWN_WORDS)
    terms = [{"id": t.id, "terms": [t.term.zh, *t.aliases] if lang == "zh" else [plain(t.term, lang)],
              "definition": f"{own_words}{i18n.gettext(lang, '：')}{plain(t.definition, lang)}"}
             for t in report.glossary]
    return _render("glossary_data.html", lang, terms=terms)


def downloads(report: Report, *, lang: str = "zh") -> str:
    """The data page's list of datasets, from the same functions that write the files.  One
    set of files for both editions, at the site's root (every text field has its ``_en``
    column beside the Chinese one)."""
    from . import exports  # local: exports imports this module
    from . import dictionary
    items = [(d, len(d.rows(report))) for d in exports.DATASETS]
    columns = {d.name: [(name, i18n.gettext(lang, meaning) if meaning else "")
                        for name, meaning in dictionary.columns(report, d)] for d in exports.DATASETS}
    root = "../" * i18n.PREFIX[lang].count("/")
    return _render("downloads.html", lang, items=items, directory=root + exports.DOWNLOAD_DIR, columns=columns,
                   combined=exports.COMBINED_FILE, citation=exports.citation(report, lang), schema_dir=root + "schema")


def fact_count(report: Report) -> int:
    return len(report.facts)
