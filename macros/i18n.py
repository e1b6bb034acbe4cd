"""The two editions: which language a build writes, its UI strings, and how it writes
numbers, dates and names.

The Chinese edition is the original: its strings are the message ids, written in the
templates as ``_("来源：")``, and it shows them unchanged.  The English edition looks each
id up in ``macros/locale/en.yml``; an id without an English entry fails the build (and
``tests/test_editions.py`` lists them all), because a half-translated page is worse than
none.  The templates mark strings as Jinja's i18n extension expects, and its extraction
finds them; the site's environment translates them with ``template_callables`` and
``CompileTimeTranslations`` below (same output, tested against the extension).  The catalogue is
YAML rather than gettext ``.po`` files because it is short, has one target language, and
contributors already edit YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from . import rules

LOCALE = Path(__file__).parent / "locale"

# The editions this site builds, the first is the original (and the site's root).
LANGUAGES = ("zh", "en")
DEFAULT = "zh"
# Where each edition lives in the site, relative to the root.
PREFIX = {"zh": "", "en": "en/"}
# BCP 47 tags for <html lang>, hreflang and the metadata.
TAGS = {"zh": "zh-Hans", "en": "en"}
HAN = rules.HAN


class MissingTranslation(KeyError):
    """A UI string without an English entry in macros/locale/en.yml."""

    def __str__(self) -> str:
        return (f"macros/locale/en.yml 缺少英文：{self.args[0]!r}|在 macros/locale/en.yml 里加一行 "
                f"`{self.args[0]!r}: <English>`（英文版的每个界面文字都要有译文）")


@lru_cache(maxsize=None)
def catalogue(lang: str) -> Mapping[str, Any]:
    """The UI strings of one edition, keyed by the Chinese original (a plural entry is a
    list: singular, plural)."""
    if lang == DEFAULT:
        return {}
    entries: dict[str, Any] = {}
    # en.yml (the site's words) and en.dictionary.yml (the data page's column meanings).
    for path in sorted(LOCALE.glob(f"{lang}.*yml")) + [LOCALE / f"{lang}.yml"]:
        if path.suffix == ".yml" and path.is_file():
            with open(path, encoding="utf-8") as handle:
                entries.update(yaml.safe_load(handle) or {})
    return {str(key): [str(v) for v in value] if isinstance(value, list) else str(value)
            for key, value in entries.items()}


def gettext(lang: str, message: str) -> str:
    """``message`` (the Chinese original) in the edition's language."""
    if lang == DEFAULT:
        return message
    try:
        entry = catalogue(lang)[message]
    except KeyError:
        raise MissingTranslation(message) from None
    return entry[0] if isinstance(entry, list) else entry


def language_of(config: Mapping[str, Any] | None) -> str:
    """The edition a MkDocs config builds: ``extra.edition`` (mkdocs.en.yml sets ``en``)."""
    edition = str(((config or {}).get("extra") or {}).get("edition") or DEFAULT)
    if edition not in LANGUAGES:
        raise ValueError(f"extra.edition 只能是 {', '.join(LANGUAGES)}，不是 {edition!r}")
    return edition


@dataclass(frozen=True)
class Edition:
    """One edition of the site: its language and where its pages are."""

    lang: str = DEFAULT

    @property
    def tag(self) -> str:
        return TAGS[self.lang]

    @property
    def prefix(self) -> str:
        return PREFIX[self.lang]

    def _(self, message: str) -> str:
        return gettext(self.lang, message)


def template_callables(lang: str) -> dict[str, Any]:
    """``_``/``gettext`` and ``ngettext`` for one edition's templates (autoescaped).

    They behave as Jinja's i18n extension's "newstyle" callables do under autoescape: the
    translation is markup, always ``%``-formatted with the keyword arguments (``num`` set
    for ngettext).  Unlike those they take no template context: Jinja gives a
    context-taking function a context derived with the loop's variables on every call
    inside a loop that sets any (~0.6 s at 1,000 pages, issue 14)."""
    def translate(message: str, **variables: Any) -> Markup:
        return Markup(gettext(lang, message)) % variables

    def translate_plural(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return Markup(ngettext(lang, singular, plural, num)) % variables

    return {"_": translate, "gettext": translate, "ngettext": translate_plural}


class CompileTimeTranslations(Extension):
    """Translate ``_("a literal")`` once, when a template compiles, not on every render.

    Most UI strings take no variables, and each runtime ``_()`` call costs a context call, a
    Markup and a ``%`` format: ~1.5 s of 20,000 facts rendered at 1,000 pages (issue 14).  The
    templates keep writing ``_("…")`` (extraction and verify-translations read them); this
    filter rewrites the call into its result, marked safe exactly as Jinja's newstyle
    gettext marks it (``Markup(text) % {}``), which Jinja then folds into the template's
    static text.  Calls with variables stay runtime calls.  The environment gives the
    edition's gettext as ``compile_time_gettext`` (macros/render.py): one environment, and so
    one compiled template, per edition.
    """

    def filter_stream(self, stream: TokenStream):
        gettext = self.environment.compile_time_gettext  # type: ignore[attr-defined]
        tokens = list(stream)
        index = 0
        while index < len(tokens):
            call = tokens[index:index + 4]
            if ([t.type for t in call] == ["name", "lparen", "string", "rparen"] and call[0].value == "_"
                    and (index == 0 or tokens[index - 1].type != "dot")):
                line = call[0].lineno
                value = str(Markup(gettext(call[2].value)) % {})
                yield from (Token(line, "lparen", "("), Token(line, "string", value), Token(line, "pipe", "|"),
                            Token(line, "name", "safe"), Token(line, "rparen", ")"))
                index += 4
                continue
            yield tokens[index]
            index += 1


# --- English forms of numbers and dates (the Chinese forms are in render.py) ------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# How the English edition writes a figure's unit.  Counting units (个, 名, 家, 项) and 代
# have no English word: the statement names what is counted ("{value} chief quality
# officers").  Measures keep their unit; 年 is a count of years.
UNIT_EN: dict[str, tuple[str, str]] = {   # unit -> (singular, plural); "" = no unit word
    "个": ("", ""), "名": ("", ""), "家": ("", ""), "项": ("", ""), "代": ("", ""),
    "年": ("year", "years"), "微米": ("μm", "μm"), "毫米": ("mm", "mm"),
    "户": ("", ""), "件": ("", ""), "场": ("", ""), "次": ("", ""), "%": ("%", "%"),
}
# Units written straight after the number, with no space (8.46%).
UNITS_WITHOUT_SPACE = ("%",)
QUALIFIER_EN = {"exact": "{}", "more_than": "more than {}", "approximately": "about {}"}
TIME_BASIS_EN = {"on": "{}", "during": "during {}", "as_of": "as of {}", "since": "since {}"}


# Numbers under ten are spelled out in English prose (the site's style guide); key-figure
# cards and tables keep numerals.
SMALL_NUMBERS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Units that are measures keep numerals with them even under ten (0.12 mm, 5%).
MEASURE_UNITS = ("毫米", "微米", "%")


def number_words_en(value: int | float, unit: str) -> str:
    """A figure as English prose writes it: 7 -> "seven" for counts; others as number_en."""
    whole = int(value) if isinstance(value, float) and value.is_integer() else value
    if isinstance(whole, int) and 0 <= whole < 10 and unit not in MEASURE_UNITS:
        return SMALL_NUMBERS_EN[whole]
    return number_en(value)


def number_en(value: int | float) -> str:
    """10000 -> "10,000"; 8.5 stays "8.5"; 3.0 -> "3"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def unit_en(unit: str, value: int | float) -> str:
    if unit not in UNIT_EN:
        raise KeyError(f"单位 {unit!r} 没有英文写法|在 macros/i18n.py 的 UNIT_EN 里加上它")
    singular, plural = UNIT_EN[unit]
    return singular if value == 1 else plural


def date_en(partial: str) -> str:
    """2021 -> 2021, 2021-07 -> July 2021, 2021-07-07 -> 7 July 2021."""
    parts = partial.split("-")
    words = [parts[0]]
    if len(parts) > 1:
        words.insert(0, MONTHS[int(parts[1]) - 1])
    if len(parts) > 2:
        words.insert(0, str(int(parts[2])))
    return " ".join(words)


def ngettext(lang: str, singular: str, plural: str, count: int) -> str:
    """Plural forms: Chinese has one; the English entry is ``[singular, plural]``."""
    if lang == DEFAULT:
        return singular if count == 1 else plural
    try:
        entry = catalogue(lang)[singular]
    except KeyError:
        raise MissingTranslation(singular) from None
    forms = entry if isinstance(entry, list) else [entry, entry]
    return forms[0] if count == 1 else forms[1]


def published() -> tuple[str, ...]:
    """The editions a build publishes: all of them, unless ``QA_EDITIONS`` names fewer
    (the bench builds the Chinese edition alone, to compare it with one plain build)."""
    import os
    wanted = tuple(lang.strip() for lang in os.environ.get("QA_EDITIONS", ",".join(LANGUAGES)).split(",")
                   if lang.strip())
    unknown = [lang for lang in wanted if lang not in LANGUAGES]
    if unknown or DEFAULT not in wanted:
        raise ValueError(f"QA_EDITIONS={','.join(wanted)}：只能列出 {', '.join(LANGUAGES)}，且必须包含 {DEFAULT}")
    return wanted


def docs_root(config: Mapping[str, Any]) -> Path:
    """The Chinese docs/ folder, whichever edition ``config`` builds: the English pages are
    docs/en/, and both editions validate all of docs/ (macros/sitecheck.py)."""
    docs = Path(config["docs_dir"])
    return docs if language_of(config) == DEFAULT else docs.parent
