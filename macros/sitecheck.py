"""The loader knows the site: data and pages agree.

* every macro call on a page names an existing theme, topic or kind of record;
* every theme's page exists in docs/;
* every fact and quotation lands on exactly one place, on its theme's page: a fact
  either inside a sentence, ``{{ fact("id") }}`` (once, on its own theme's page), or
  with the rest of its topic, ``{{ facts(theme, topic) }}`` (once per topic; it lists the
  records of the topic not placed inside a sentence).  A topic needs no ``facts(...)``
  when every one of its records is placed inside sentences;
* ``{{ figure("id") }}`` (a fact's figure inside a sentence, linking to the fact) names a
  fact with a figure.

Problems point at the data (``data/themes.yml:LINE:COL``) when the data names
something the pages lack, and at the page (``docs/x.md:LINE:COL``) when a page
names something the data lacks.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from . import schema
from . import pages
from .pages import Call
from .problems import Problem

# What entity_index("…") may list (macros/report.py: entities_of).
ENTITY_KINDS = ("organisation", "person", "programme", "document", "event", "place")


# Where each edition's pages are, under docs/ (macros/i18n.py: PREFIX).
EDITION_FOLDERS = {"zh": "", "en": "en/"}

# Macros that name one fact by its id: fact("id") places it inside a sentence, figure("id")
# shows its figure and links to it.
INLINE_FACT_MACROS = ("fact", "figure")


def inline_placements(calls: Iterable[Call], docs_name: str = "docs") -> dict[str, set[str]]:
    """The facts each edition places inside sentences with ``fact("id")``: edition -> ids.
    (Rendering ``facts(theme, topic)`` leaves them out: each fact stands in one place.)"""
    placed: dict[str, set[str]] = {lang: set() for lang in EDITION_FOLDERS}
    for call in calls:
        if call.name != "fact" or not call.args:
            continue
        english = call.file.startswith(f"{docs_name}/{EDITION_FOLDERS['en']}")
        placed["en" if english else "zh"].add(call.args[0])
    return placed


def check(located: Iterable[Any], calls: list[Call], docs_dir: Path) -> list[Problem]:
    """``located``: the loader's validated records with positions (``.record``, ``.file``, ``.at()``).
    Each edition (docs/ and, when it exists, docs/en/) is checked on its own, and the two
    must have the same pages: the language switch goes from each page to its twin."""
    entries = list(located)
    docs_dir = Path(docs_dir)
    problems: list[Problem] = []
    english = docs_dir / "en"
    if not english.is_dir():
        return _check_edition(entries, calls, docs_dir, docs_dir.name)
    shown_en = f"{docs_dir.name}/en"
    problems += _check_edition(entries, [c for c in calls if not c.file.startswith(shown_en + "/")],
                               docs_dir, docs_dir.name)
    problems += _check_edition(entries, [c for c in calls if c.file.startswith(shown_en + "/")],
                               english, shown_en)
    chinese_pages = {p.relative_to(docs_dir).as_posix() for p in pages.page_files(docs_dir)
                     if english not in p.parents}
    english_pages = {p.relative_to(english).as_posix() for p in pages.page_files(english)}
    for page in sorted(chinese_pages - english_pages):
        problems.append(Problem(f"{docs_dir.name}/{page}", 1, 1, f"页面没有英文版 {shown_en}/{page}",
            f"新建 {shown_en}/{page}：同样的宏调用、同样的顺序，正文用英文写（见 CONTRIBUTING.md 英文版一节）"))
    for page in sorted(english_pages - chinese_pages):
        problems.append(Problem(f"{shown_en}/{page}", 1, 1, f"英文页面没有对应的中文页面 {docs_dir.name}/{page}",
            "英文版的页面与中文版一一对应：改成中文页面的文件名，或删去这个页面"))
    return problems


def _check_edition(entries: list[Any], calls: list[Call], docs_dir: Path, docs_name: str) -> list[Problem]:
    themes = {e.record.id: e for e in entries if isinstance(e.record, schema.Theme)}
    problems: list[Problem] = []

    placed: dict[tuple[str, str], list[Call]] = defaultdict(list)
    for call in calls:
        if not call.args:
            continue
        if call.name in INLINE_FACT_MACROS:
            continue   # checked below, with the facts
        if call.name == "context":   # a background note: its id must be in data/context.yml
            known = [e.record.id for e in entries if isinstance(e.record, schema.Context)]
            if call.args[0] not in known:
                problems.append(Problem(call.file, call.line, call.column,
                    f"`context` 用了不存在的背景说明 `{call.args[0]}`",
                    f"改成 data/context.yml 中的 id：{', '.join(known) or '（无）'}，或先在那里添加这条说明"))
            continue
        names = dict(zip(("theme", "topic") if call.name == "facts" else
                         ("entity_kind",) if call.name == "entity_index" else ("theme",), call.args))
        theme_id = names.get("theme")
        if theme_id is not None and theme_id not in themes:
            problems.append(Problem(call.file, call.line, call.column,
                f"`{call.name}` 用了不存在的主题 `{theme_id}`",
                f"改成 data/themes.yml 中的主题 id：{', '.join(themes)}"))
            continue
        kind = names.get("entity_kind")
        if kind is not None and kind not in ENTITY_KINDS:
            problems.append(Problem(call.file, call.line, call.column,
                f"`entity_index` 的参数 `{kind}` 不是一种记录", f"只能是：{', '.join(ENTITY_KINDS)}"))
        topic = names.get("topic")
        if topic is None:
            continue
        theme = themes[theme_id].record
        if topic not in theme.topics:
            problems.append(Problem(call.file, call.line, call.column,
                f"小节 `{topic}` 不是主题 `{theme_id}` 的小节",
                f"改成 {', '.join(theme.topics)} 之一，或先在 data/themes.yml 中为该主题添加这个小节"))
            continue
        placed[(theme_id, topic)].append(call)

    inline = _check_inline(entries, calls, docs_name, problems)

    records_in: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in entries:
        record = entry.record
        if isinstance(record, (schema.Fact, schema.Quotation)):
            records_in[(record.theme, record.topic)].append(record.id)

    for theme_id, entry in themes.items():
        theme = entry.record
        page_file = f"{docs_name}/{theme.page}"
        page = Path(docs_dir) / theme.page
        if not page.is_file() or page.is_symlink():
            problems.append(Problem(entry.file, *entry.at("page"),
                f"主题 `{theme_id}` 的页面 {page_file} 不存在",
                f"改成 docs/ 中已有的页面文件名，或请维护者新建 {page_file}"))
            continue
        for index, topic in enumerate(theme.topics):
            where = placed.get((theme_id, topic), [])
            waiting = [i for i in records_in.get((theme_id, topic), []) if i not in inline]
            if not where and records_in.get((theme_id, topic)) and not waiting:
                continue   # every record of the topic stands inside a sentence
            if not where:
                lost = f"（{len(waiting)} 条记录因此不会出现在任何页面：{', '.join(waiting[:5])}{' …' if len(waiting) > 5 else ''}）" if waiting else ""
                problems.append(Problem(entry.file, *entry.at("topics", index),
                    f"小节 `{topic}` 在页面 {page_file} 上没有位置{lost}",
                    f"请维护者在 {page_file} 中加一行 {{{{ facts(\"{theme_id}\", \"{topic}\") }}}}，"
                    "或把这个小节的记录改归已有的小节"))
                continue
            for call in where:
                if call.file != page_file:
                    problems.append(Problem(call.file, call.line, call.column,
                        f"主题 `{theme_id}` 的小节 `{topic}` 应在它自己的页面 {page_file} 上",
                        f"把这一行移到 {page_file}；事实的链接都指向主题自己的页面"))
            for call in where[1:]:
                first = where[0]
                problems.append(Problem(call.file, call.line, call.column,
                    f"小节 `{theme_id}/{topic}` 在页面上出现了两次（另一处在 {first.file}:{first.line}）",
                    "删去其中一处：每条事实只出现在一个地方，锚点 #fact-… 才唯一"))
    return problems


def _check_inline(entries: list[Any], calls: list[Call], docs_name: str, problems: list[Problem]) -> set[str]:
    """``fact("id")`` and ``figure("id")`` on one edition's pages: the fact exists, a figure
    has a number, a placed fact stands on its own theme's page and only once.  The ids
    placed inside sentences."""
    facts = {e.record.id: e.record for e in entries if isinstance(e.record, schema.Fact)}
    pages_of = {e.record.id: f"{docs_name}/{e.record.page}" for e in entries if isinstance(e.record, schema.Theme)}
    first: dict[str, Call] = {}
    for call in calls:
        if call.name not in INLINE_FACT_MACROS or not call.args:
            continue
        fact = facts.get(call.args[0])
        if fact is None:
            problems.append(Problem(call.file, call.line, call.column,
                f"`{call.name}` 用了不存在的事实 `{call.args[0]}`",
                "改成 data/facts/*.yml 中某条事实的 id（每条事实的 id: 一行），注意大小写和连字符；"
                "如果这条事实改了 id 或已删去，请同样改动或删去页面上的这处调用"))
            continue
        if call.name == "figure":
            if fact.value is None:
                problems.append(Problem(call.file, call.line, call.column,
                    f"事实 `{fact.id}` 没有数字（value），不能用 figure",
                    f"改用 {{{{ fact(\"{fact.id}\") }}}} 写出整句，或换成一条有 value 的事实"))
            continue
        home = pages_of.get(fact.theme)
        if home is not None and call.file != home:
            problems.append(Problem(call.file, call.line, call.column,
                f"事实 `{fact.id}` 属于主题 `{fact.theme}`，应放在它自己的页面 {home} 上",
                f"把这处 fact(...) 移到 {home}；在别的页面上请用 figure(\"{fact.id}\") 链接到它"))
            continue
        if fact.id in first:
            earlier = first[fact.id]
            problems.append(Problem(call.file, call.line, call.column,
                f"事实 `{fact.id}` 在页面上出现了两次（另一处在 {earlier.file}:{earlier.line}）",
                f"删去其中一处，或把这一处改成 {{{{ figure(\"{fact.id}\") }}}}：每条事实只出现在一个地方，锚点 #fact-… 才唯一"))
            continue
        first[fact.id] = call
    return set(first)
