"""How a record's values are written for readers: text, names, numbers, figures, dates,
statements, bylines and page addresses, in either edition.

Pure helpers shared by the HTML (macros/render.py and its templates), the downloads
(macros/exports.py), the citation metadata (macros/citation.py) and the PDF and review
scripts; here, apart from the templates, so that the downloads need not import the
presentation (which lists the downloads) and no two modules import each other.
"""

from __future__ import annotations

from functools import partial

from markupsafe import Markup, escape

from . import i18n, rules, schema
from .report import Report

# How the site marks its own explanations (glossary, summaries, page prose): never the source's claim.
OWN_WORDS = "本站释义"

TIME_BASIS_WORDS = {"on": "{}", "during": "{}期间", "as_of": "截至{}", "since": "自{}起"}
QUALIFIER_WORDS = {"exact": ("", ""), "more_than": ("", "余"), "approximately": ("约", "")}


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
    return report.memo("theme_pages", lambda: {t.id: page_url(t.page) for t in report.themes})
