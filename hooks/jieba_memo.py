"""MkDocs hook: segment each distinct run of Chinese text once per build.

Material's search plugin cuts every run of Han characters of every section with
``jieba.cut`` (``SearchIndex._segment_chinese``).  Much of a page's text repeats
from fact to fact and page to page -- the source line under every fact (“来源：中国
质量报《安徽省大力实施质量提升行动强力推进质量强省建设》……一节”), “涉及”,
dates, entity names -- and jieba cuts it again each time.  Profile (pyinstrument,
synthetic report of 1,000 pages): ``jieba.Tokenizer.cut`` 54 s of a 432 s profiled
build; 55 % of the Han characters in that index belong to runs seen before (68 % on
the real site).

``jieba.cut`` is a pure function of its input once the dictionary is loaded, so
this hook wraps it with a bounded memo (LRU) and returns an iterator over the same
words.  The memo is emptied at the start of every build (``on_config``), after
which the search plugin reloads the user dictionary, so a changed
``data/jieba_user_dict.txt`` under ``mkdocs serve`` is honoured.  The search index
is byte-for-byte the same (tests/test_bench_equivalence.py).
"""

from __future__ import annotations

from functools import lru_cache

from mkdocs.plugins import event_priority

MAX_RUNS = 1 << 17  # distinct runs kept (a few tens of MB at most)


def _install():
    try:
        import jieba
    except ImportError:
        return None
    current = jieba.cut
    if getattr(current, "_qa_memo", None) is not None:
        return current._qa_memo
    original = current

    @lru_cache(maxsize=MAX_RUNS)
    def memo(sentence, cut_all, hmm, use_paddle):
        return tuple(original(sentence, cut_all, hmm, use_paddle))

    def cut(sentence, cut_all=False, HMM=True, use_paddle=False):  # noqa: N803 - jieba's own name
        try:
            return iter(memo(sentence, cut_all, HMM, use_paddle))
        except TypeError:  # an unhashable argument: not worth remembering
            return original(sentence, cut_all, HMM, use_paddle)

    cut._qa_memo = memo
    cut.__wrapped__ = original
    cut.__doc__ = original.__doc__
    jieba.cut = cut
    return memo


@event_priority(100)
def on_config(config, **kwargs):
    memo = _install()
    if memo is not None:
        memo.cache_clear()  # a new build may come with a new user dictionary
    return config
