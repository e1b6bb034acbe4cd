"""What the search needs to forgive a reader's typing: ``search/qa/forgive.json``.

The browser loads this file only when a query finds nothing verbatim, or is written in
Latin letters in the Chinese edition (engine.js, "Forgiving"), so the common query
downloads nothing more (the bench's bytes before the first result do not change).

- ``t2s``: traditional -> simplified characters, from OpenCC's own tables (the PyPI
  package ``opencc``: its t2s, tw2s and hk2s conversions, character by character), for
  the characters that matter here only: a traditional character whose simplified form
  the index holds and which is not itself in the index (so 著 in 显著 stays 著, and the
  table never changes how the index's own text folds).  A few hundred pairs, not 4,500.
- ``names``: every name and glossary term (extract.NAME_KINDS) with the document it
  stands for and, in the Chinese edition, its pinyin from ``pypinyin`` (one syllable
  per character; letters and digits as written): zhiliang, zlq, shouxizhiliangguan and
  sxzlg look the name up.  Near matches (one character wrong or missing) use the same
  names.
- ``sources``: how many sources the report rests on and where they are listed, for the
  message shown when nothing matches.

tests/test_search_forgive.py compares the table with OpenCC and the pinyin with
pypinyin entry by entry, and runs engine.js over every entry.
"""

from __future__ import annotations

from functools import lru_cache

from . import text as search_text

# OpenCC conversions asked in this order; the first that changes a character wins.
OPENCC_CONFIGS = ("t2s", "tw2s", "hk2s")
# The blocks a traditional character can come from (CJK Unified Ideographs, extension A,
# compatibility ideographs, extension B).
HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))


@lru_cache(maxsize=1)
def opencc_table() -> dict[str, str]:
    """Every Han character OpenCC converts to another single character (t2s first)."""
    import opencc

    chars = [chr(c) for low, high in HAN_BLOCKS for c in range(low, high + 1)]
    table: dict[str, str] = {}
    for config in OPENCC_CONFIGS:
        # One character per line: OpenCC's phrase tables never match across a line break,
        # so each line is converted as the character alone.
        converted = opencc.OpenCC(config).convert("\n".join(chars)).split("\n")
        if len(converted) != len(chars):
            raise RuntimeError(f"OpenCC {config}: {len(converted)} lines back for {len(chars)}")
        for char, simple in zip(chars, converted):
            if simple != char and len(simple) == 1 and char not in table:
                table[char] = simple
    return table


def t2s_for(index_chars: set[str]) -> dict[str, str]:
    """The pairs of opencc_table() a reader's query can need with this index (see above)."""
    return {trad: simple for trad, simple in sorted(opencc_table().items())
            if trad not in index_chars and simple in index_chars}


# The reading of a character that is not Han (a letter, digit, punctuation): it spells nothing.
NO_READING = "-"


@lru_cache(maxsize=4096)
def pinyin(name: str) -> tuple[tuple[str, ...], ...]:
    """The readings of each character of the name, without tones, in pypinyin's order (its
    reading in context first; every reading, so 长三角 answers to changsanjiao as well as
    zhangsanjiao).  A character that is not Han has the single reading NO_READING."""
    from ..pinyin_readings import pypinyin   # the report's corrections loaded (长三角: cháng)
    Style, readings = pypinyin().Style, pypinyin().pinyin

    out: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found = readings("".join(run), style=Style.NORMAL, heteronym=True, errors=lambda _: None)
            if len(found) == len(run) and all(found):
                out.extend(tuple(dict.fromkeys(r.lower() for r in each)) for each in found)
            else:   # pypinyin knows no reading for some character: spelled by none
                out.extend((NO_READING,) for _ in run)
            run.clear()

    for char in name:
        if any(low <= ord(char) <= high for low, high in HAN_BLOCKS):
            run.append(char)
        else:
            flush()
            out.append((NO_READING,))
    flush()
    return tuple(out)


def pinyin_field(name: str) -> str:
    """pinyin() as forgive.json writes it: readings joined by "/", characters by " "."""
    return " ".join("/".join(each) for each in pinyin(name))


def forgive_file(names: list[tuple[str, int]], index_chars: set[str], lang: str,
                 sources: tuple[int, str, str]) -> dict:
    """The content of forgive.json.  names: (name, doc id); sources: (count, url, title)."""
    with_pinyin = not search_text.word_mode(lang)
    rows = []
    seen = set()
    for name, doc_id in names:
        if not name or (name, doc_id) in seen:
            continue
        seen.add((name, doc_id))
        rows.append([name, doc_id, pinyin_field(name)] if with_pinyin else [name, doc_id])
    table = t2s_for(index_chars)
    return {
        "t2s": "".join(trad + simple for trad, simple in table.items()),
        "names": rows,
        "sources": {"count": sources[0], "url": sources[1], "title": sources[2]},
    }
