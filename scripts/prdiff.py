"""What a change does to the report, for reviewers: ``make diff`` and the pull-request summary.

    python -m scripts.prdiff [--base REF] [--head DIR] [--summary FILE] [--gate]

Compares the report at ``REF`` (default: ``BASE_REF`` or ``main``) with the work
tree in ``DIR`` (default: this repository): records added, removed and changed,
each as a reader sees it (the statement with its figure filled in, names, dates),
the pages affected, and a warning block when code, templates, hooks or workflows
change.  Writes Markdown to ``FILE`` (default: ``$GITHUB_STEP_SUMMARY`` when set,
else standard output).  The summary needs no write token, so it works for
pull requests from forks.

``--gate`` fails (exit 1) when anything but data and page text changes (see
``DATA_PATTERN``, ``PAGE_PATTERN``), unless the pull request carries the label
``APPROVAL_LABEL`` (only maintainers can add labels; the workflow passes them in ``PR_LABELS``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

from macros import formatting, loader, schema
from macros.report import Report
from scripts import gitbase

APPROVAL_LABEL = "approved-data-and-code"

# The review gate is a positive list (issue 21.3): a changed path is *data* when it matches
# the data files' pattern, *page text* when it matches the pages' pattern, and *code*
# otherwise — make files of any name, conftest.py, configs and their hooks, package
# manager files, workflows, static files under docs/, anything new at the root or in a new
# folder.  Code needs the maintainer's label and gets the warning.  Paths are read from
# ``git diff -z`` (scripts/gitbase.py), so a name git would quote cannot escape a class.
DATA_PATTERN = re.compile(r"^data/(?:facts/)?[a-z0-9]+(?:-[a-z0-9]+)*\.yml$")
PAGE_PATTERN = re.compile(r"^docs/(?:en/)?[a-z0-9]+(?:-[a-z0-9]+)*\.md$")

KIND_WORDS = {"fact": "事实", "quotation": "引语", "chart": "图表", "term": "术语", "source": "来源",
              "theme": "主题", "organisation": "机构", "person": "人物", "place": "地点",
              "document": "文件", "programme": "项目与制度", "event": "事件"}
FIELD_WORDS = {"statement": "陈述（读者看到的）", "figure": "数字", "time": "时间", "source": "出处",
               "name": "名称", "title": "标题", "text": "原话", "label": "说明", "topic": "小节",
               "theme": "主题", "key": "关键数字", "subject": "主体", "mentions": "涉及"}


def is_data(path: str) -> bool:
    return bool(DATA_PATTERN.match(path))


def is_page(path: str) -> bool:
    return bool(PAGE_PATTERN.match(path))


def is_code(path: str) -> bool:
    """Everything that is neither data nor page text."""
    return not is_data(path) and not is_page(path)


def classify(path: str) -> str:
    return "data" if is_data(path) else "page" if is_page(path) else "code"


def shown_path(path: str) -> str:
    """A path in the summary: as code, unless its name could end the code span or the line."""
    if "`" in path or not path.isprintable():
        return md(repr(path))
    return f"`{path}`"


def md(value: Any) -> str:
    """Data text made inert in Markdown: no links, images, HTML or tables from the data."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = []
    for char in text:
        out.append("\\" + char if char in "\\`*_{}[]()#+-.!|~@:" else char)
    return "".join(out)


# --- what readers see of each record -------------------------------------------------------


def _zh(value: Any) -> str:
    return value.zh if isinstance(value, schema.Text) else "" if value is None else str(value)


def _item(value: Any) -> str:
    """One element of a list field: an id, a text, or a small record (section, role)."""
    if isinstance(value, str):
        return value
    if isinstance(value, schema.Text):
        return value.zh
    parts = [getattr(value, "id", None) or "", _zh(getattr(value, "heading", None) or getattr(value, "title", None)),
             getattr(value, "organisation", None) or ""]
    return " ".join(p for p in parts if p)


def view(record: Any, report: Report) -> dict[str, str]:
    """The fields of a record as a reader of the site sees them (``report``: the one it belongs to)."""
    out: dict[str, str] = {}
    if isinstance(record, schema.Fact):
        out["statement"] = formatting.statement(record).striptags()
        if record.value is not None:
            out["figure"] = formatting.figure(record)
        out["time"] = formatting.fact_time(record, report)
    for name in type(record).model_fields:
        if name in out or name == "id":
            continue
        value = getattr(record, name)
        if isinstance(value, schema.SourceRef):
            out[name] = f"{value.id} › {value.section or '全文'}"
        elif isinstance(value, (list, tuple)):
            out[name] = "、".join(_item(v) for v in value)
        elif isinstance(value, schema.Text):
            out[name] = value.zh
        elif isinstance(value, bool):
            out[name] = "是" if value else ""
        elif value is not None:
            out[name] = str(value)
    if isinstance(record, schema.Fact):
        out.pop("value", None), out.pop("unit", None), out.pop("qualifier", None), out.pop("time_basis", None)
    return out


def records(report: Report | None) -> dict[str, tuple[str, Any]]:
    if report is None:
        return {}
    out: dict[str, tuple[str, Any]] = {}
    for group in (report.facts, report.quotations, report.charts, report.glossary, report.themes,
                  report.sources.values(), report.entities.values()):
        for record in group:
            out[record.id] = (report.kinds[record.id], record)
    return out


def pages_of(record: Any, kind: str, report: Report | None) -> set[str]:
    """The pages of the site this record appears on."""
    if report is None:
        return set()
    themes = {t.id: t for t in report.themes}
    if kind in ("fact", "quotation", "chart") and record.theme in themes:
        found = {formatting.page_url(themes[record.theme].page)}
        if kind == "fact" and getattr(record, "key", False):
            found.add("index.html")
        return found
    if kind == "theme":
        return {formatting.page_url(record.page), "index.html"}
    if kind == "source":
        return {"sources.html"}
    if kind == "term":
        return {"glossary.html"}
    found = {"organisations.html"}
    for fact in report.facts_mentioning(record.id) if hasattr(report, "facts_mentioning") else ():
        if fact.theme in themes:
            found.add(formatting.page_url(themes[fact.theme].page))
    return found


@dataclass
class Change:
    kind: str
    id: str
    before: dict[str, str] | None
    after: dict[str, str] | None
    pages: set[str]


def compare(base: Report | None, head: Report | None) -> list[Change]:
    old, new = records(base), records(head)
    out = []
    for record_id in sorted(set(old) | set(new)):
        before = old.get(record_id)
        after = new.get(record_id)
        if before and after and before[1] == after[1]:
            continue
        kind = (after or before)[0]
        pages = set()
        if before:
            pages |= pages_of(before[1], before[0], base)
        if after:
            pages |= pages_of(after[1], after[0], head)
        out.append(Change(kind, record_id, view(before[1], base) if before else None,
                          view(after[1], head) if after else None, pages))
    return out


# --- the summary -----------------------------------------------------------------------------


def summary(changes: list[Change], paths: list[str], base_name: str, head_problems: list[str],
            base_problems: bool) -> str:
    added = [c for c in changes if c.before is None]
    removed = [c for c in changes if c.after is None]
    changed = [c for c in changes if c.before is not None and c.after is not None]
    lines = ["## 这次修改对报告的影响", "", f"对比基准：`{base_name}`。以下文字按读者在网站上看到的样子列出。", ""]
    code = [p for p in paths if is_code(p)]
    if code:
        lines += ["> [!WARNING]", "> **这次修改改动了代码、模板、钩子或工作流**（构建时会运行这些文件）。"
                  "请维护者逐行审阅下列文件，确认没有多余的行为：", ">"]
        lines += [f"> - {shown_path(p)}" for p in code]
        lines += [">", f"> 代码的改动要由维护者审阅：检查会失败，维护者审阅后加上标签 `{APPROVAL_LABEL}` 才能通过。"]
        lines.append("")
    if head_problems:
        lines += ["> [!CAUTION]", f"> 数据校验未通过（{len(head_problems)} 处问题），下面只列出文件变化。"
                  "问题清单见 “数据与页面校验（make check）” 一步。", ""]
        lines += ["改动的数据文件：" + ("、".join(f"`{p}`" for p in paths if is_data(p)) or "（无）"), ""]
    if base_problems:
        lines += ["> [!NOTE]", "> 对比基准的数据本身无法读取，所有记录都按“新增”列出。", ""]
    lines += [f"**新增 {len(added)} 条 · 删除 {len(removed)} 条 · 修改 {len(changed)} 条记录**", ""]
    pages = sorted({p for c in changes for p in c.pages})
    if pages:
        lines += ["受影响的页面：" + "、".join(f"`{p}`" for p in pages), ""]

    def field_lines(view_: dict[str, str]) -> list[str]:
        return [f"  - {FIELD_WORDS.get(k, k)}：{md(v)}" for k, v in view_.items() if v]

    for title, group in (("新增", added), ("删除", removed)):
        if group:
            lines += [f"### {title}", ""]
            for change in group:
                lines.append(f"- {KIND_WORDS.get(change.kind, change.kind)} `{change.id}`"
                             f"（{'、'.join(sorted(change.pages)) or '不在页面上'}）")
                lines += field_lines(change.after if title == "新增" else change.before)
            lines.append("")
    if changed:
        lines += ["### 修改", ""]
        for change in changed:
            assert change.before is not None and change.after is not None
            lines.append(f"- {KIND_WORDS.get(change.kind, change.kind)} `{change.id}`"
                         f"（{'、'.join(sorted(change.pages))}）")
            for key in dict.fromkeys([*change.before, *change.after]):
                old, new = change.before.get(key, ""), change.after.get(key, "")
                if old != new:
                    lines.append(f"  - {FIELD_WORDS.get(key, key)}：")
                    lines.append(f"    - 之前：{md(old) or '（无）'}")
                    lines.append(f"    - 现在：{md(new) or '（无）'}")
        lines.append("")
    page_text = [p for p in paths if is_page(p)]
    if page_text:
        lines += ["### 页面文字", ""] + [f"- {shown_path(p)}" for p in page_text] + [""]
    if not changes and not paths:
        lines += ["没有改动。", ""]
    return "\n".join(lines)


def run(base_ref: str, head: Path) -> tuple[str, list[str]]:
    """(Markdown summary, changed paths)."""
    commit = gitbase.fork_point(head, base_ref)
    if commit is None:
        return f"## 这次修改对报告的影响\n\n找不到对比基准 `{md(base_ref)}`（git 中没有这个提交）。\n", []
    paths = gitbase.changed_paths(head, commit)
    with tempfile.TemporaryDirectory() as folder:
        base_tree = Path(folder)
        gitbase.materialise(head, commit, base_tree, "data", "docs")
        base_result = loader.validate(base_tree / "data", base_tree / "docs")
    head_result = loader.validate(head / "data", head / "docs")
    # Data that does not validate has no report to compare: list its files, not "all removed".
    changes = compare(base_result.report, head_result.report) if head_result.report is not None else []
    shown = commit[:10] if commit.startswith(base_ref) else f"{base_ref} ({commit[:10]})"
    text = summary(changes, paths, shown, [str(p) for p in head_result.problems],
                   base_result.report is None)
    return text, paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.prdiff", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default=gitbase.default_ref())
    parser.add_argument("--head", type=Path, default=ROOT)
    parser.add_argument("--summary", type=Path, default=os.environ.get("GITHUB_STEP_SUMMARY") or None)
    parser.add_argument("--gate", action="store_true", help="fail when code changes without the maintainer's label")
    args = parser.parse_args(argv)
    text, paths = run(args.base, args.head.resolve())
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    if args.gate and any(map(is_code, paths)):
        labels = {label.strip() for label in os.environ.get("PR_LABELS", "").split(",")}
        if APPROVAL_LABEL not in labels:
            code = [p for p in paths if is_code(p)]
            print(f"这个拉取请求改动了代码（数据 data/*.yml、data/facts/*.yml 和页面 docs/*.md、docs/en/*.md 以外的"
                  f"文件，共 {len(code)} 个，例如 {code[0]!r}） — 只改数据或页面文字的请求不需要审批；"
                  f"否则由维护者审阅代码后加上标签 `{APPROVAL_LABEL}` 再重新运行检查", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
