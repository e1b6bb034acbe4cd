"""The data page's data dictionary: every column of every download, in Chinese.

Column meanings come from the data model's field descriptions (the same text the JSON
Schema publishes); columns the downloads add beside the ids (names, headings, absolute
addresses) are described here.
"""

from __future__ import annotations

from . import exports
from .report import Report

EXTRA_COLUMNS = {
    "theme_name": "所属主题（页面）的名称。",
    "subject_name": "主体的名称；原文没有点名某一条记录时，是这类对象的名称（subject_group）。",
    "time_text": "页面上显示的时间，例如“2020年度”“据2021年11月报道”（原文没有给出日期）。",
    "qualifier_text": "数值精确程度的中文说明：确数、余数或约数。",
    "mentions_names": "mentions 中各条记录的名称，分号分隔。",
    "source_title": "来源的标题。",
    "source_section": "来源中的章节 id；为空表示引用全文。多个来源时分号分隔。",
    "source_section_heading": "引用的章节在原文中的小标题；“全文”表示引用全文。",
    "reviewed": "这条记录最后一次对照来源核对的日期。",
    "reviewed_by": "核对人。",
    "page": "这条记录在本站的页面和锚点（相对地址）。",
    "url": "这条记录在本站的完整网址。",
    "figure": "页面上显示的数字（含“余”“约”和单位）。",
    "rank": "首页排序：1 最靠前；空表示未排序。",
    "statement": "陈述（本站用自己的话写，数字已按 value 填入）。",
    "statement_en": "陈述的英文（英文版所用，数字按英文写法填入）。",
    "later_source": "later 中每一条说法的来源 id（分号分隔各条，逗号分隔同一条的几个来源）。",
}


# Beside every text column: its English (the English edition's text of the same record).
EN_COLUMN = "左边一列的英文（英文版所用）。"


def columns(report: Report, dataset) -> list[tuple[str, str]]:
    """(column, meaning) for one dataset, in the order of its CSV header."""
    rows = dataset.rows(report)
    if not rows:
        return []
    fields = dataset.model.model_fields
    out = []
    for name in rows[0]:
        if name in EXTRA_COLUMNS:
            meaning = EXTRA_COLUMNS[name]
        elif name in fields:
            meaning = fields[name].description or ""
        elif (nested := exports.nested_description(dataset.model, name)) is not None:
            meaning = nested
        elif name.endswith("_en") and (name[:-3] in fields or name[:-3] in EXTRA_COLUMNS
                                       or exports.nested_description(dataset.model, name[:-3]) is not None):
            meaning = EN_COLUMN
        elif name.endswith("_name") and name[:-5] in fields:
            meaning = f"{name[:-5]} 中各条记录的名称（分号分隔）。"
        else:
            meaning = ""
        out.append((name, meaning))
    return out
