"""The captured source texts in ../shared/sources/, read the way a checker compares them
with the records: the header (address and capture note, up to the first ``----`` line) left
out, the contamination each copy carries restored as the folder's README says, and
punctuation and spacing made uniform so a copied run cannot hide behind an ASCII comma."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from conftest import ROOT

SOURCES_DIR = ROOT.parent / "shared" / "sources"

# Source id (data/sources.yml) -> the captured file it was read from.
FILE_OF_SOURCE = {
    "cqn-2021-11-29": "2021-11-29-anhui-quality-province.raw.txt",
    "ah-gov-2012-campaign-opinions": "2012-08-07-anhui-opinions-quality-strong-province-campaign.zjol.txt",
    "ah-gov-2013-quality-outline": "2013-03-01-anhui-quality-development-outline-2013-2020.foodmate.txt",
    "ah-2018-implementation-opinions": "2018-anhui-implementation-opinions-quality-improvement.chizhou-gov.txt",
    "ah-press-2019-quality-month": "2019-09-04-anhui-quality-month-yangtze-delta.funan-gov.txt",
    "wuhu-2020-standards-director": "2020-07-10-wuhu-standards-director-guide.ahyouth.txt",
    "trade-2021-glass-institute-award": "2021-09-27-bengbu-glass-institute-quality-award.hjianshe.txt",
    "samr-2021-quality-congress": "2021-12-07-anhui-quality-congress.samr-cfsn.txt",
    "cqn-2022-01-27-market-regulation": "2022-01-27-anhui-market-regulation-2021.cqn.txt",
    "ah-2022-quality-counties-notice": "2022-03-anhui-quality-counties-2021-notice.chacewang.txt",
    "anhui-daily-2023-quality-award": "2023-02-21-sixth-anhui-government-quality-award.anhui-daily-cri-big5.txt",
    "chinanews-2023-quality-infrastructure": "2023-09-25-anhui-quality-infrastructure.chinanews-mirror.txt",
    "ah-2023-quality-province-outline": "2023-anhui-quality-province-outline-summary.hscxcy.txt",
}

# The copy converted to traditional script with word substitution (README: 品質 stands for
# 质量, 程式 for 程序); after OpenCC's character conversion these words are still wrong.
TRADITIONAL_COPIES = ("anhui-daily-2023-quality-award",)
WORD_RESTORATIONS = (("品质", "质量"), ("程式", "程序"))

# The 2021 copy's gambling token, per the README's table (习近平 in one place, 中国 elsewhere).
SPAM_RESTORATIONS = (("bet体育365官网:总书记", "习近平总书记"), ("bet体育365官网:", "中国"))

# One spelling for punctuation that copies write either way (ASCII or full-width, dash kinds).
_UNIFORM = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）",
                          "—": "-", "–": "-", "－": "-", "~": "-"})


def available() -> bool:
    return SOURCES_DIR.is_dir() and all((SOURCES_DIR / f).is_file() for f in FILE_OF_SOURCE.values())


def uniform(text: str) -> str:
    """Punctuation in one spelling, no quotation marks and no white space (a run copied across
    a line break, with ASCII commas or without the source's quotation marks is still the same
    run)."""
    return re.sub(r"[\s“”‘’「」\"']+", "", text.translate(_UNIFORM))


@functools.cache
def captured(source_id: str) -> str:
    """The captured text of one source, restored, in uniform spelling."""
    raw = (SOURCES_DIR / FILE_OF_SOURCE[source_id]).read_text(encoding="utf-8")
    lines = raw.splitlines()
    if "----" in lines:  # the further sources: header, ----, then the capture unchanged
        raw = "\n".join(lines[lines.index("----") + 1:])
    for spam, original in SPAM_RESTORATIONS:
        raw = raw.replace(spam, original)
    if source_id in TRADITIONAL_COPIES:
        import opencc
        raw = opencc.OpenCC("t2s").convert(raw)
        for wrong, right in WORD_RESTORATIONS:
            raw = raw.replace(wrong, right)
    return uniform(raw)


def cited_text(record) -> str:
    """All the captured text a record cites, joined (a separator no record contains)."""
    return "\x00".join(captured(c.id) for c in record.citations if c.id in FILE_OF_SOURCE)
