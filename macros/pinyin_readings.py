"""pypinyin with the report's own corrections loaded: the one place the glossary's pinyin order
(render.glossary_order) and the search's pinyin of names (search/forgive.py) read readings from,
so both agree whatever was imported first (pypinyin's phrase list is process-wide state)."""
from __future__ import annotations

from functools import lru_cache
from types import ModuleType

# Readings pypinyin's phrase list gets wrong for the report's terms (长 in 长三角 is cháng).
PHRASES = {"长三角": [["cháng"], ["sān"], ["jiǎo"]]}


@lru_cache(maxsize=None)
def pypinyin() -> ModuleType:
    """The pypinyin module, with PHRASES loaded once (build time only)."""
    import pypinyin as module
    module.load_phrases_dict(PHRASES)
    return module
