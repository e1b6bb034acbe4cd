"""The one loader: reads every file in ``data/``, validates it, resolves references.

``load(data_dir)`` returns a :class:`~macros.report.Report` or raises
:class:`~macros.problems.DataError` listing *every* problem found, each as
``data/<file>.yml:LINE:COL: what is wrong — how to fix it``.
"""

from __future__ import annotations

import re

import difflib
import fnmatch
import gc
import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import bounds, i18n, pages, schema, schema_export, sitecheck, yamlread
from .problems import DataError, Problem
from .report import Report

# Files under data/ that are not data (documentation for contributors).
IGNORED_FILES = ("README.md",)


class Positions:
    """Where every value of one data file stands, for error messages only.

    A build reads each file keeping the positions of its records alone (edit links need
    their lines); the table of every field's line and column is made only when a message
    needs one, by reading the file again.  Held for the 20,000 facts of a large report it
    took ~200 MB (issue 14)."""

    def __init__(self, raw: bytes, file: str) -> None:
        self._raw: bytes | None = raw
        self.file = file
        self._document: yamlread.Document | None = None

    def document(self) -> yamlread.Document:
        if self._document is None:
            assert self._raw is not None
            self._document = yamlread.read(self._raw, self.file)
            self._raw = None
        return self._document


@dataclass(frozen=True)
class Located:
    """A validated record and where it was written."""

    record: schema.Record
    kind: str
    file: str
    line: int
    column: int
    positions: Positions
    index: int

    def at(self, *path: Any) -> tuple[int, int]:
        """Line and column of a field of this record (falls back to the record)."""
        values = self.positions.document().values
        for end in range(len(path), 0, -1):
            found = values.get((self.index, *path[:end]))
            if found:
                return found.line, found.column
        return self.line, self.column


@dataclass
class Validation:
    report: Report | None
    problems: list[Problem]
    warnings: list[Problem]


def _under_symlink(path: Path, root: Path) -> bool:
    """A file that is, or sits in a folder that is, a symbolic link (pages.symlinks reports it).
    ``path`` is below ``root``; every step from root down to it is looked at (os.path: pathlib's
    ``root in p.parents`` for each of them took ~35 ms at 1,000 files)."""
    current = str(root)
    for part in path.relative_to(root).parts:
        current = os.path.join(current, part)
        if os.path.islink(current):
            return True
    return False


# What each data file gave, by path, with its bytes: `make serve` validates data/ again
# after every edit, and reads again only the files whose bytes changed (at 1,000 pages
# reading every file took ~5 s of a rebuild).  Cross-file checks always run on everything.
_READ: dict[Path, tuple[bytes, list[Located], list[Problem], list[Problem], set[str], set[str]]] = {}


def _read_cached(path: Path, pattern: str, file: str, problems: list[Problem], warnings: list[Problem],
                 unvalidated: set[str], unreadable_kinds: set[str]) -> list[Located]:
    raw = path.read_bytes()
    key = path.absolute()  # (no symbolic links here: validate skips them; resolve() cost ~25 ms)
    cached = _READ.get(key)
    if cached is None or cached[0] != raw or cached[1][:1] and cached[1][0].file != file:
        mine: tuple[list[Problem], list[Problem], set[str], set[str]] = ([], [], set(), set())
        located = _read_one(raw, pattern, file, *mine)
        cached = _READ[key] = (raw, located, *mine)
    problems.extend(cached[2])
    warnings.extend(cached[3])
    unvalidated.update(cached[4])
    unreadable_kinds.update(cached[5])
    return cached[1]


def _read_one(raw: bytes, pattern: str, file: str, problems: list[Problem], warnings: list[Problem],
              unvalidated: set[str], unreadable_kinds: set[str]) -> list[Located]:
    model = schema.FILE_MODELS[pattern]
    missing_schema_line = _schema_line_problem(raw, pattern, file)
    if missing_schema_line:
        problems.append(missing_schema_line)
    try:
        document = yamlread.read(raw, file, depth=1)
    except yamlread.YamlError as exc:
        problems.extend(exc.problems)
        unreadable_kinds.add(schema.KIND_OF_MODEL[model])
        return []
    warnings.extend(document.warnings)
    return _records(document, Positions(raw, file), model, file, problems, unvalidated)


def _unexpected(file: str, error: BaseException) -> Problem:
    """Any failure the checks above did not foresee: still a line, never a traceback."""
    return Problem(file, 1, 1, f"读取这个文件时出现意外错误（{type(error).__name__}: {str(error)[:200]}）",
                   "检查这个文件最近的改动（缩进、引号、特别长或特别深的内容）；仍无法解决时把这一行报告给维护者")


def _display(path: Path, data_dir: Path) -> str:
    """File name as contributors see it in the repository: ``data/facts/x.yml``."""
    return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"


def _pattern_for(relative: str) -> str | None:
    """The FILE_MODELS key a data file belongs to (``facts/x.yml`` -> ``facts/*.yml``)."""
    for pattern in schema.FILE_MODELS:
        if fnmatch.fnmatchcase(relative, pattern) and relative.count("/") == pattern.count("/"):
            return pattern
    return None


def _schema_line_problem(raw: bytes, pattern: str, file: str) -> Problem | None:
    """Editors validate while typing only if the file names its schema on line one."""
    expected = schema_export.schema_line(pattern)
    # (old-Mac CR-only line endings: the first line ends at the first CR; the reader names
    # the line endings themselves)
    first = re.split(rb"\r?\n|\r", raw.removeprefix(b"\xef\xbb\xbf"), maxsplit=1)[0].decode("utf-8", "replace")
    if first == expected:
        return None
    return Problem(file, 1, 1, "第一行不是 schema 声明",
                   f"把第一行改回（或加上）：{expected}  —— 编辑器靠它检查和补全字段")


def validate(data_dir: Path, docs_dir: Path | None = None,
             baseline: dict[str, set[str]] | None = None,
             languages: tuple[str, ...] = (i18n.DEFAULT,)) -> Validation:
    """Validate all of ``data_dir`` (and, given ``docs_dir``, the pages and how the
    data lands on them); never raises for bad data.  ``baseline`` (file -> ids in the
    base revision, see scripts/gitbase.py) lets a duplicate id blame the new record.
    ``languages``: the editions to be published; each needs every text in its language."""
    # Loading makes ~300,000 objects that live as long as the report (at 1,000 pages: the
    # records, each pydantic model with its fields set) and no garbage cycles to speak of;
    # every full collection while they pile up walks all of them again (4 collections, 0.3 to
    # 0.6 s).  The collector resumes afterwards and ages them once.
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = _validate(data_dir, docs_dir, baseline, languages)
        return Validation(result.report, bounds.capped(result.problems), result.warnings)
    finally:
        if enabled:
            gc.enable()


def _validate(data_dir: Path, docs_dir: Path | None, baseline: dict[str, set[str]] | None,
              languages: tuple[str, ...]) -> Validation:
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    located: list[Located] = []
    # ids of records that failed validation: references to them are not reported twice
    unvalidated: set[str] = set()
    unreadable_kinds: set[str] = set()

    problems.extend(pages.symlinks(data_dir, data_dir.name))
    candidates = sorted(p for p in data_dir.rglob("*") if p.is_file() and not _under_symlink(p, data_dir))
    too_much = bounds.totals_problem(candidates, data_dir)
    if too_much is not None:
        return Validation(None, [too_much], [])
    for path in candidates:
        relative = path.relative_to(data_dir).as_posix()
        file = _display(path, data_dir)
        if path.name in IGNORED_FILES or relative.startswith("."):
            continue
        pattern = _pattern_for(relative)
        if pattern is None:
            known = ", ".join(f"data/{p}" for p in schema.FILE_MODELS)
            problems.append(Problem(file, 1, 1, "不认识的数据文件",
                f"数据只能放在这些文件里：{known}（扩展名用 .yml）"))
            continue
        try:
            located.extend(_read_cached(path, pattern, file, problems, warnings, unvalidated, unreadable_kinds))
        except Exception as error:  # noqa: BLE001 - every failure becomes a contributor message
            problems.append(_unexpected(file, error))
            unreadable_kinds.add(schema.KIND_OF_MODEL[schema.FILE_MODELS[pattern]])

    for lang in languages:
        problems.extend(untranslated(located, lang))
    # Cross-file checks run even when some files failed, so every problem is reported at once.
    try:
        report = _link(located, problems, unvalidated, unreadable_kinds, baseline or {})
    except Exception as error:  # noqa: BLE001
        problems.append(_unexpected(f"{data_dir.name}/", error))
        report = None
    if docs_dir is not None:
        try:
            calls, page_problems = pages.check_docs(Path(docs_dir))
            problems.extend(page_problems)
            if report is not None and not page_problems:
                problems.extend(sitecheck.check(located, calls, Path(docs_dir)))
                report.place_inline(sitecheck.inline_placements(calls, Path(docs_dir).name))
        except Exception as error:  # noqa: BLE001
            problems.append(_unexpected(f"{Path(docs_dir).name}/", error))
    return Validation(report if not problems else None, sorted(problems), sorted(warnings))


# data_dir -> (fingerprint of its files, report): the macros (define_env) and
# hooks/exports.py load the same data in one build; load it once.
_LOADED: dict[tuple[Path, Path | None, tuple[str, ...]], tuple[tuple[tuple[str, int, int], ...], Report]] = {}


def _fingerprint(*folders: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Every file's path, modification time and size: any edit changes it."""
    out = []
    for folder in folders:
        if folder is None:
            continue
        for path in folder.rglob("*"):
            stat = path.lstat()
            out.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(out))


def load(data_dir: Path, docs_dir: Path | None = None,
         languages: tuple[str, ...] = (i18n.DEFAULT,)) -> Report:
    """The report, or :class:`DataError` with every problem.

    Unchanged files (same paths, times and sizes) give the report already validated
    in this process, so one build validates ``data/`` (and the pages) once."""
    data_dir = Path(data_dir).resolve()
    docs_dir = Path(docs_dir).resolve() if docs_dir is not None else None
    fingerprint = _fingerprint(data_dir, docs_dir)
    key = (data_dir, docs_dir, languages)
    cached = _LOADED.get(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    result = validate(data_dir, docs_dir, languages=languages)
    if result.problems:
        raise DataError(result.problems)
    assert result.report is not None
    _LOADED[key] = (fingerprint, result.report)
    return result.report


# --- the English edition: every text in every edition's language ----------------------------


def _texts(value: Any, path: tuple[Any, ...]):
    """(path, Text) for every text inside a record, nested ones (roles, sections) included."""
    if isinstance(value, schema.Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))


def untranslated(located: list[Located], lang: str) -> list[Problem]:
    """One problem per text without its ``lang`` version, at the text's ``zh:`` line."""
    if lang == i18n.DEFAULT:
        return []
    problems = []
    for entry in located:
        for path, text in _texts(entry.record, ()):
            if getattr(text, lang) is None:
                line, column = entry.at(*path, i18n.DEFAULT)
                problems.append(Problem(entry.file, line, column,
                    f"{entry.record.id}：{'.'.join(map(str, path))} 缺少英文（{lang}）",
                    f"在这一行下面加一行 `{lang}: <English>`，与 zh 对齐（英文版要求每条文字都有英文；"
                    f"用自己的话译，名称用通行英文名，见 CONTRIBUTING.md 英文版一节）"))
    return problems


# --- one file -----------------------------------------------------------------------------


def _records(document: yamlread.Document, positions: Positions, model: type[schema.Record], file: str,
             problems: list[Problem], unvalidated: set[str]) -> list[Located]:
    """``document`` knows where its records stand; ``positions`` where every field does."""
    if document.value is None:
        return []
    if not isinstance(document.value, list):
        where = document.where(())
        problems.append(Problem(file, where.line, where.column, "文件内容应是一个列表",
            "每条记录以“- ”开头，例如：\n- id: example\n  …"))
        return []
    kind = schema.KIND_OF_MODEL[model]
    out = []
    for index, item in enumerate(document.value):
        where = document.where((index,))
        if not isinstance(item, dict):
            problems.append(Problem(file, where.line, where.column, "列表中的每一项都应是一条记录（键: 值）",
                "检查缩进：记录的字段应比“- ”多缩进两个空格"))
            continue
        crowded = bounds.record_problem(item, file, where.line, where.column)
        if crowded is not None:
            problems.append(crowded)
            if isinstance(item.get("id"), str):
                unvalidated.add(item["id"])
            continue
        try:
            record = model.model_validate(item)
        except ValidationError as exc:
            problems.extend(_explain(exc, model, item, (index,), positions.document(), file))
            if isinstance(item.get("id"), str):
                unvalidated.add(item["id"])
            continue
        out.append(Located(record, kind, file, where.line, where.column, positions, index))
    return out


_TYPE_WORDS = {
    "int_type": ("整数", "写阿拉伯数字，不加引号，不要前导 0、下划线或全角数字，例如 1069"),
    "float_type": ("数字", "写阿拉伯数字，不加引号，例如 0.12"),
    "int_from_float": ("整数", "去掉小数部分"),
    "bool_type": ("true 或 false", "只写 true 或 false（不要写 yes、no、on、off）"),
    "string_type": ("文字", "写文字；如果内容看起来像数字或 true/false，请加引号"),
    "list_type": ("列表", "写成列表，例如 [a, b]，或每项一行以“- ”开头"),
    "model_type": ("带字段的记录", "按 schema 写成“字段: 值”的形式，文字字段写成 zh: …"),
    "dict_type": ("带字段的记录", "按 schema 写成“字段: 值”的形式，文字字段写成 zh: …"),
}


def _explain(exc: ValidationError, model: type[BaseModel], item: dict[str, Any], base: tuple[int],
             document: yamlread.Document, file: str) -> list[Problem]:
    """Turn pydantic's errors into contributor messages, one per position."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for error in _one_branch(exc.errors(include_url=False), item):
        path = _raw_path(item, error["loc"])
        field = next((str(s) for s in reversed(path) if isinstance(s, str)), "")
        kind = error["type"]
        if kind == "missing":
            name = str(error["loc"][-1])
            path = _raw_path(item, error["loc"][:-1])
            message = f"缺少必填字段 `{name}`"
            hint = f"补上 {name}：{_field_help(model, error['loc'])}"
        elif kind == "extra_forbidden":
            name = str(error["loc"][-1])
            allowed = list(_model_at(model, error["loc"][:-1]).model_fields)
            guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.5)
            message = f"未知字段 `{name}`"
            hint = (f"是否想写 `{guess[0]}`？" if guess else "删去它。") + f"这里可用的字段：{', '.join(allowed)}"
        elif kind == "union_shape":
            message = f"`{field}` 应为带字段的记录，或由这样的记录组成的列表，实际写的是 {error['input']!r}"
            hint = "按 schema 写成“字段: 值”的形式，例如 {id: cqn-2021-11-29, section: lede}；多条写成列表"
        elif kind in _TYPE_WORDS:
            expected, hint = _TYPE_WORDS[kind]
            if kind in ("int_type", "float_type"):  # `int | float` reports both
                expected, hint = _TYPE_WORDS["int_type"]
                expected = "数字"
            message = f"`{field}` 应为{expected}，实际写的是 {error['input']!r}"
        elif kind == "greater_than_equal" and error["ctx"]["ge"] != 0:
            message = f"`{field}` 不能小于 {error['ctx']['ge']}（写的是 {error['input']!r}）"
            hint = f"填写 {error['ctx']['ge']} 或更大的整数"
        elif kind == "greater_than_equal":
            message = f"`{field}` 不能为负数（写的是 {error['input']!r}）"
            hint = "填写 0 或正数；表示减少请在陈述里用文字说明"
        elif kind == "literal_error":
            message = f"`{field}` 的值 {error['input']!r} 不在允许范围内"
            hint = f"只能是：{error['ctx']['expected']}"
        elif kind == "string_pattern_mismatch":
            message = f"`{field}` 的格式不对：{error['input']!r}"
            hint = ("id 只能用小写英文字母、数字和连字符，例如 chief-quality-officers"
                    if field in ("id", "section", "theme", "topic", "subject") or "id" in field
                    else f"应符合格式 {error['ctx']['pattern']}")
        elif kind in ("string_too_short", "too_short"):
            message = f"`{field}` 不能为空"
            hint = f"填写内容：{_field_help(model, error['loc'])}"
        elif kind == "value_error":
            text = str(error["ctx"]["error"])
            message, _, hint = text.partition("|")
            hint = hint or "对照 schema/ 中的字段说明修改"
        else:
            message = f"`{field}`：{error['msg']}"
            hint = "对照 schema/ 中的字段说明修改"
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        full = base + path
        where = document.keys.get(full) if kind == "extra_forbidden" else None
        where = where or document.where(full)
        out.append(Problem(file, where.line, where.column, message, hint))
    return out


_SHAPE_ERRORS = ("model_type", "dict_type", "list_type", "string_type", "model_attributes_type")


def _one_branch(errors: list[dict[str, Any]], item: Any) -> list[dict[str, Any]]:
    """A field that accepts two shapes (``source``: one reference or a list) makes pydantic
    report a failure for each shape.  When the value has one of the shapes, the other
    shape's "wrong type" error is noise: keep only the errors inside the matching shape."""
    by_field: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in errors:
        by_field.setdefault(_raw_path(item, error["loc"]), []).append(error)
    out = []
    merged: set[tuple[Any, ...]] = set()
    for error in errors:
        path = _raw_path(item, error["loc"])
        siblings = [e for p, group in by_field.items() if p[:len(path)] == path for e in group]
        if error["type"] in _SHAPE_ERRORS and any(e["type"] not in _SHAPE_ERRORS for e in siblings):
            continue
        if error["type"] in _SHAPE_ERRORS and len({e["type"] for e in by_field[path]}) > 1:
            # wrong in every shape (``source: text``): one message naming both shapes
            if path not in merged:
                merged.add(path)
                out.append({**error, "type": "union_shape"})
            continue
        out.append(error)
    return out


def _raw_path(item: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """pydantic's loc includes type names for unions; keep only real keys/indexes."""
    path: list[Any] = []
    current = item
    for segment in loc:
        if isinstance(current, dict) and segment in current:
            path.append(segment)
            current = current[segment]
        elif isinstance(current, list) and isinstance(segment, int) and segment < len(current):
            path.append(segment)
            current = current[segment]
        elif isinstance(current, dict) and isinstance(segment, str) and segment not in current \
                and not any(c in segment for c in "[]") and segment not in ("int", "float", "str", "bool") \
                and not segment[:1].isupper():  # a union branch's model name, not a key
            path.append(segment)  # a key that is missing or extra: report at its parent/key
            current = None
    return tuple(path)


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X | None`` / ``list[X]`` / ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found:
                return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    current = model
    for segment in loc:
        if isinstance(segment, str) and segment in current.model_fields:
            inner = _unwrap(current.model_fields[segment].annotation)
            if inner is not None:
                current = inner
    return current


def _field_help(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    owner = _model_at(model, loc[:-1])
    info = owner.model_fields.get(str(loc[-1]))
    if info is None:
        return "见 schema/ 中的字段说明"
    example = info.examples[0] if info.examples else None
    return f"{info.description}" + (f" 例如：{example!r}" if example is not None else "")


# --- across files -------------------------------------------------------------------------


def _link(located: list[Located], problems: list[Problem], unvalidated: set[str],
          unreadable_kinds: set[str],
          baseline: dict[str, set[str]] | None = None) -> Report | None:
    by_id: dict[str, Located] = {}
    baseline = baseline or {}
    for entry in located:
        record_id = getattr(entry.record, "id")
        first = by_id.get(record_id)
        if first is not None and record_id in baseline.get(entry.file, ()) \
                and record_id not in baseline.get(first.file, ()):
            by_id[record_id], entry, first = entry, first, entry  # the earlier one is the new record
        if first is not None:
            problems.append(Problem(entry.file, entry.line, entry.column,
                f"id `{record_id}` 重复：{first.file}:{first.line} 已经用过",
                f"每个 id 在整个 data/ 中只能出现一次：给这条记录换一个新 id，或删去重复的记录（另一处在 {first.file} 第 {first.line} 行）"))
            continue
        by_id[record_id] = entry

    themes = {e.record.id: e.record for e in located if isinstance(e.record, schema.Theme)}
    sources = {e.record.id: e.record for e in located if isinstance(e.record, schema.Source)}

    def where(entry: Located, path: tuple[Any, ...], index: int, value: Any) -> tuple[int, int]:
        """Only for a message: finding a field's position reads the file again."""
        return entry.at(*path, index) if isinstance(value, list) else entry.at(*path)

    def check(entry: Located, value: Any, kinds: tuple[str, ...], field: str, path: tuple[Any, ...]) -> None:
        for index, target in enumerate(value if isinstance(value, list) else [value]):
            if target is None:
                continue
            found = by_id.get(target)
            if found is None and (target in unvalidated or unreadable_kinds & set(kinds)):
                continue  # that record's (or file's) own problems are already reported
            if found is None:
                close = difflib.get_close_matches(target, [k for k, v in by_id.items() if v.kind in kinds], n=1)
                problems.append(Problem(entry.file, *where(entry, path, index, value),
                    f"`{field}` 引用了不存在的 id `{target}`",
                    (f"是否想写 `{close[0]}`？" if close else "")
                    + f"先在 {' / '.join(_files_for(kinds))} 中添加这条记录，或改成已有的 id"))
            elif found.kind not in kinds:
                problems.append(Problem(entry.file, *where(entry, path, index, value),
                    f"`{field}` 引用的 `{target}` 是{found.kind}，这里需要{'或'.join(kinds)}",
                    f"改成 {' / '.join(_files_for(kinds))} 中记录的 id"))

    # The common case first, cheaply: a reference to a record of the right kind, a citation of
    # a known source and section (60,000 references and 21,000 citations at 1,000 pages);
    # check() and _check_source() look at everything else and word the problems.
    sections = {source.id: {section.id for section in source.sections} for source in sources.values()}
    for entry in by_id.values():
        record = entry.record
        model = type(record)
        for field, kinds in model.REFERENCES.items():
            value = getattr(record, field)
            found = by_id.get(value) if value.__class__ is str else None
            if value is not None and (found is None or found.kind not in kinds):
                check(entry, value, kinds, field, (field,))
        # (model_fields: getattr(record, "roles", []) goes through pydantic's slow __getattr__)
        for index, role in enumerate(("roles" in model.model_fields and record.roles) or []):
            check(entry, role.organisation, ("organisation",), "roles.organisation", ("roles", index, "organisation"))
        if isinstance(record, schema.Source) and record.reproduced_by is not None:
            check(entry, record.reproduced_by.organisation, ("organisation",),
                  "reproduced_by.organisation", ("reproduced_by", "organisation"))
        if isinstance(record, schema.Target) and "source" not in unreadable_kinds:
            for number, word in enumerate(record.later):   # what later sources say: known sources too
                several = isinstance(word.source, list)
                for index, reference in enumerate(word.citations):
                    if reference.id not in unvalidated and (reference.id not in sections or (
                            reference.section is not None and reference.section not in sections[reference.id])):
                        path = ("later", number, "source", index) if several else ("later", number, "source")
                        _check_source(entry, reference.id, reference.section, sources, problems, path)
        if isinstance(record, schema.Sourced) and "source" not in unreadable_kinds:
            several = isinstance(record.source, list)
            for index, reference in enumerate(record.citations):
                if reference.id in unvalidated:
                    continue   # that source already failed: no follow-on problem for every record citing it
                known = sections.get(reference.id)
                if known is not None and (reference.section is None or reference.section in known):
                    continue
                path = ("source", index) if several else ("source",)
                _check_source(entry, reference.id, reference.section, sources, problems, path)
        if isinstance(record, schema.Chart):
            _check_chart(entry, record, by_id, problems)
        if isinstance(record, (schema.Fact, schema.Quotation, schema.Chart)):
            theme = themes.get(record.theme)
            if theme is not None and record.topic not in theme.topics:
                problems.append(Problem(entry.file, *entry.at("topic"),
                    f"`topic` 的值 `{record.topic}` 不是主题 `{theme.id}` 的小节",
                    f"改成 {', '.join(theme.topics)} 之一，或先在 data/themes.yml 中为该主题添加这个小节"))
    if problems:
        return None
    return Report.build(
        [(e.record, e.kind, e.file, e.line) for e in by_id.values()])


def _check_chart(entry: Located, chart: schema.Chart, by_id: dict[str, Located],
                 problems: list[Problem]) -> None:
    """Compare like with like: every fact has a value, all in the same unit."""
    facts = [by_id[i].record for i in chart.facts if i in by_id and isinstance(by_id[i].record, schema.Fact)]
    without = [f.id for f in facts if f.value is None]
    if without:
        problems.append(Problem(entry.file, *entry.at("facts"),
            f"图表里的事实没有数值：{', '.join(without)}",
            "图表只能比较有 value 的事实：换成有数值的事实 id"))
    units = sorted({f.unit for f in facts if f.unit})
    if len(units) > 1:
        problems.append(Problem(entry.file, *entry.at("facts"),
            f"图表混用了不同单位：{'、'.join(units)}",
            "只比较同类数字：把单位不同的事实放到不同的图表里"))
    themes = sorted({f.theme for f in facts})
    if themes and themes != [chart.theme]:
        problems.append(Problem(entry.file, *entry.at("theme"),
            f"图表所在主题 `{chart.theme}` 与其事实的主题（{', '.join(themes)}）不一致",
            "把图表放在事实所在的主题页，或换用该主题的事实"))


def _check_source(entry: Located, source_id: str, section: str | None,
                  sources: dict[str, schema.Source], problems: list[Problem],
                  path: tuple[Any, ...] = ("source",)) -> None:
    source = sources.get(source_id)
    if source is None:
        problems.append(Problem(entry.file, *entry.at(*path, "id"),
            f"`source.id` 引用了不存在的来源 `{source_id}`",
            f"可用的来源：{', '.join(sources) or '（无）'}；新来源先加到 data/sources.yml"))
        return
    if section is not None and section not in {s.id for s in source.sections}:
        problems.append(Problem(entry.file, *entry.at(*path, "section"),
            f"章节 `{section}` 不在来源的 sections 中",
            f"改成 {', '.join(s.id for s in source.sections)} 之一；引用全文时删去 section"))


def _files_for(kinds: tuple[str, ...]) -> list[str]:
    kind_to_file = {schema.KIND_OF_MODEL[m]: f for f, m in schema.FILE_MODELS.items()}
    return [f"data/{kind_to_file[k]}" for k in kinds]
