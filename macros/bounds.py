"""Bounds on the whole of data/ (issue 21.6): a hostile pull request is refused in seconds.

Each file already has its own bounds (size, depth, digits, text length: macros/yamlread.py);
these hold for everything together, looked at *before* anything is parsed or validated:

* the total bytes and records of all data files (``rules.MAX_TOTAL_BYTES``,
  ``rules.MAX_TOTAL_RECORDS``), counted on the raw bytes;
* the keys of one record (``rules.MAX_KEYS_PER_RECORD``): 20,000 unknown keys are one
  message, not 20,000;
* the problems listed per file (``rules.MAX_PROBLEMS_PER_FILE``), the rest as "and N more".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import rules
from .problems import Problem

# A record in block style starts a line with "- "; in flow style ([{…}, {…}]) each is a "{".
_BLOCK_ITEM = re.compile(rb"^-(?:[ \t]|\r?$)", re.M)


def _records_in(raw: bytes) -> int:
    return max(len(_BLOCK_ITEM.findall(raw)), raw.count(b"{") if raw.lstrip().startswith(b"[") else 0)


def _shown(path: Path, data_dir: Path) -> str:
    return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"


def totals_problem(files: list[Path], data_dir: Path) -> Problem | None:
    """One problem, at the file where a bound is crossed, when all data files together
    exceed the bounds; else None."""
    total_bytes = 0
    total_records = 0
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            continue
        total_bytes += size
        if total_bytes > rules.MAX_TOTAL_BYTES:
            return Problem(_shown(path, data_dir), 1, 1,
                f"数据文件合计超过 {rules.MAX_TOTAL_BYTES // (1024 * 1024)} MB（到这个文件为止已有 {total_bytes} 字节）",
                "这不是一次正常的修改：检查是否误加了大量文件或粘贴了整页网页，删去多余的内容")
        if path.suffix == ".yml" and size:
            total_records += _records_in(path.read_bytes())
            if total_records > rules.MAX_TOTAL_RECORDS:
                return Problem(_shown(path, data_dir), 1, 1,
                    f"数据记录合计超过 {rules.MAX_TOTAL_RECORDS} 条（到这个文件为止）",
                    "这不是一次正常的修改：检查是否误生成了大量记录，删去多余的记录")
    return None


def _count_keys(value: Any, limit: int) -> int:
    """Keys in ``value`` and everything nested in it, counting stops past ``limit``."""
    count = 0
    stack = [value]
    while stack and count <= limit:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def record_problem(item: dict[str, Any], file: str, line: int, column: int) -> Problem | None:
    """One problem for a record with more keys than any model has, else None."""
    count = _count_keys(item, rules.MAX_KEYS_PER_RECORD)
    if count > rules.MAX_KEYS_PER_RECORD:
        return Problem(file, line, column,
            f"这条记录的字段过多（超过 {rules.MAX_KEYS_PER_RECORD} 个，含嵌套的字段）",
            "一条记录只有 schema 里的那些字段：检查缩进（是不是把别的记录缩进到了这一条下面），删去多余的字段")
    return None


def capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_FILE problems per file, then one line saying how many more."""
    total: dict[str, int] = {}
    for problem in problems:
        total[problem.file] = total.get(problem.file, 0) + 1
    shown: dict[str, int] = {}
    out: list[Problem] = []
    for problem in problems:
        shown[problem.file] = shown.get(problem.file, 0) + 1
        if shown[problem.file] > rules.MAX_PROBLEMS_PER_FILE:
            continue
        out.append(problem)
        extra = total[problem.file] - rules.MAX_PROBLEMS_PER_FILE
        if extra > 0 and shown[problem.file] == rules.MAX_PROBLEMS_PER_FILE:
            out.append(Problem(problem.file, problem.line, problem.column,
                f"……以及这个文件里另外 {extra} 处问题（只列出前 {rules.MAX_PROBLEMS_PER_FILE} 处）",
                "先改正上面列出的问题，再运行 make check 查看其余的"))
    return out
