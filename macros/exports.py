"""The report's records as downloadable datasets (CSV and JSON).

Pure functions: report in, file contents out.  ``hooks/exports.py`` adds the
files to the built site; the data page lists them from the same functions.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import typing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable

from . import formatting, i18n, schema
from .report import Report

DOWNLOAD_DIR = "downloads"
COMBINED_FILE = "quality-anhui-data.json"
LICENCE = "CC BY 4.0（署名）：使用时请注明“质量安徽 · 质量强省建设报告”和原始来源。"


@dataclass(frozen=True)
class Dataset:
    name: str            # file stem
    title: str           # shown on the data page
    model: type[schema.Record]
    rows: Callable[..., list[dict[str, Any]]]   # (report, site_url="", cache=None) -> rows


@dataclass
class RowCache:
    """``make serve`` writes the downloads again after every data edit: the JSON and CSV text
    of each row is kept by the row's contents, and only rows that changed are encoded again
    (json.dumps with indent is pure Python: ~1.5 s at 1,000 pages); a fact's row is made again
    only if the fact is not the very record of the last build (the loader keeps the records of
    files it did not read again) or a record every row reads from changed (~1.2 s at 1,000
    pages to make them all).  One per serving process, owned by the adapter (hooks/serve.py)."""

    encoded: dict[str, str] = field(default_factory=dict)    # the last build's rows' text
    used: dict[str, str] = field(default_factory=dict)       # this build's (the next ``encoded``)
    fact_rows: dict[str, Any] = field(default_factory=dict)  # the last build's fact rows


def _text(value: schema.Text | None, lang: str = "zh") -> str:
    return (getattr(value, lang) or "") if value else ""


QUALIFIER_TEXT = {"exact": "确数", "more_than": "余数（“余”“多”“以上”）", "approximately": "约数"}


def _fact_rows(report: Report, site_url: str = "", cache: RowCache | None = None) -> list[dict[str, Any]]:
    pages = formatting.theme_pages(report)
    if cache is None:
        return [_fact_row(report, f, pages, site_url) for f in report.facts]
    # make serve: the rows of facts that are the very records of the last build are kept
    shared = (report.themes, report.entities, report.sources, site_url)
    kept = cache.fact_rows.get("rows", {}) if cache.fact_rows.get("shared") == shared else {}
    rows, now = [], {}
    for f in report.facts:
        found = kept.get(f.id)
        row = found[1] if found is not None and found[0] is f else _fact_row(report, f, pages, site_url)
        now[f.id] = (f, row)
        rows.append(row)
    cache.fact_rows.update(shared=shared, rows=now)
    return rows




def _fact_row(report: Report, f: schema.Fact, pages: dict[str, str], site_url: str) -> dict[str, Any]:
    return {
        "id": f.id, "theme": f.theme, "theme_name": report.theme(f.theme).title.zh, "topic": f.topic,
        "subject": f.subject or "",
        "subject_name": report.name(f.subject).zh if f.subject else _text(f.subject_group),
        "statement": formatting.statement(f).striptags(),
        "statement_en": formatting.statement(f, "en").striptags() if f.statement.en else "",
        "value": f.value, "unit": f.unit or "", "qualifier": f.qualifier,
        "qualifier_text": QUALIFIER_TEXT[f.qualifier], "label": _text(f.label),
        "label_en": _text(f.label, "en"),
        "time": f.time or "", "time_basis": f.time_basis, "time_text": formatting.fact_time(f, report),
        "key": f.key,
        "mentions": ";".join(f.mentions),
        "mentions_names": ";".join(report.name(i).zh for i in f.mentions),
        **_sources(f), **_source_names(report, f),
        "reviewed": f.reviewed.date, "reviewed_by": f.reviewed.by,
        "page": f"{pages[f.theme]}#fact-{f.id}",
        "url": f"{site_url.rstrip('/')}/{pages[f.theme]}#fact-{f.id}" if site_url else "",
    }


def _sources(record: Any) -> dict[str, str]:
    """A record's sources as two columns ("" for a whole-text citation; ';' between several)."""
    return {"source": ";".join(c.id for c in record.citations),
            "source_section": ";".join(c.section or "" for c in record.citations)}


def _source_names(report: Report, record: Any) -> dict[str, str]:
    """Beside the source ids: the titles and section headings a reader recognises."""
    return {"source_title": ";".join(report.sources[c.id].title.zh for c in record.citations),
            "source_section_heading": ";".join((h.zh if (h := report.heading(c)) else "全文")
                                               for c in record.citations)}


def _key_rows(report: Report, site_url: str = "", cache: RowCache | None = None) -> list[dict[str, Any]]:
    """The key figures as one table a spreadsheet can sort: the number alone in ``value``."""
    pages = formatting.theme_pages(report)
    return [{
        "id": f.id, "rank": f.rank or "", "label": _text(f.label), "value": f.value, "unit": f.unit,
        "qualifier_text": QUALIFIER_TEXT[f.qualifier], "figure": formatting.figure(f),
        "time_text": formatting.fact_time(f, report), "theme_name": report.theme(f.theme).title.zh,
        "page": f"{pages[f.theme]}#fact-{f.id}",
        "url": f"{site_url.rstrip('/')}/{pages[f.theme]}#fact-{f.id}" if site_url else "",
    } for f in report.key_facts()]


def _flat(record: schema.Record, report: Report | None = None) -> dict[str, Any]:
    """Text fields to their Chinese string and, beside it, their English (``name_en``); lists
    joined with ';', source split in two; beside every reference to another record, its
    name (``speaker`` -> ``speaker_name``)."""
    out: dict[str, Any] = {}
    references = type(record).REFERENCES
    texts = _text_fields(type(record))
    for name, value in record.model_dump(mode="python").items():
        if name in texts:
            out[name] = value["zh"] if value else ""
            out[f"{name}_en"] = (value or {}).get("en") or ""  # the English edition's text
        elif name == "source":
            out.update(_sources(record))
        elif name == "reviewed":
            out["reviewed"], out["reviewed_by"] = value["date"], value["by"]
        elif name == "roles":
            out[name] = ";".join(f"{r['title']['zh']}@{r['organisation'] or ''}" for r in value)
        elif name == "sections":
            out[name] = ";".join(f"{s['id']}={s['heading']['zh']}" for s in value)
        elif name == "restorations":
            out[name] = ";".join(f"{r['kind']}={r['what']['zh']}" for r in value)
            out[f"{name}_en"] = ";".join(f"{r['kind']}={r['what'].get('en') or ''}" for r in value)
        elif name == "later":
            out[name] = ";".join(w["says"]["zh"] for w in value)
            out[f"{name}_en"] = ";".join(w["says"].get("en") or "" for w in value)
            out[f"{name}_source"] = ";".join(",".join(c.id for c in w.citations) for w in record.later)
        elif name in NESTED_COLUMNS.get(type(record), ()):
            out.update(_nested(name, value, type(record).model_fields[name].annotation))
        elif isinstance(value, list):
            out[name] = ";".join(str(v) for v in value)
        else:
            out[name] = "" if value is None else value
        if report is not None and name in references:  # every row has the column, empty or not
            ids = value if isinstance(value, list) else [value] if value else []
            out[f"{name}_name"] = ";".join(_name(report, i) for i in ids)
        if report is not None and name == "source":
            out.update(_source_names(report, record))
    return out


# Fields holding a record inside the record (a source's dates, grade, copy): one column per
# inner field, named outer_inner (``published_date``, ``grade_level``, ``reproduced_by_host``).
NESTED_COLUMNS = {schema.Source: ("published", "reproduced_by", "grade")}


def _inner_model(annotation: Any) -> type[schema.Record]:
    """The record type of a nested field (``Reproduction | None`` -> Reproduction)."""
    return next(a for a in (typing.get_args(annotation) or (annotation,))
                if isinstance(a, type) and issubclass(a, schema.Record))


def _nested(prefix: str, value: dict[str, Any] | None, annotation: Any) -> dict[str, Any]:
    """Columns for a nested record; every row has them all, empty when the field is absent."""
    model = _inner_model(annotation)
    texts = _text_fields(model)
    out: dict[str, Any] = {}
    for inner, field in model.model_fields.items():
        column, found = f"{prefix}_{inner}", (value or {}).get(inner)
        if inner in texts:
            out[column] = found["zh"] if found else ""
            out[f"{column}_en"] = (found or {}).get("en") or ""
        elif isinstance(found, dict) or (found is None and _is_nested(field.annotation)):
            out.update(_nested(column, found, field.annotation))
        else:
            out[column] = "" if found is None else found
    return out


def _is_nested(annotation: Any) -> bool:
    return any(isinstance(a, type) and issubclass(a, schema.Record) and a is not schema.Text
               for a in (typing.get_args(annotation) or (annotation,)))


def nested_description(model: type[schema.Record], column: str) -> str | None:
    """The field description behind a nested column (``published_why`` -> SourceDate.why)."""
    for outer in NESTED_COLUMNS.get(model, ()):
        if column.startswith(outer + "_"):
            inner_model, rest = _inner_model(model.model_fields[outer].annotation), column[len(outer) + 1:]
            for inner, field in inner_model.model_fields.items():
                if rest == inner:
                    return field.description
                if rest.startswith(inner + "_") and _is_nested(field.annotation):
                    inner_desc = nested_description_of(_inner_model(field.annotation), rest[len(inner) + 1:])
                    if inner_desc:
                        return inner_desc
    return None


def nested_description_of(model: type[schema.Record], column: str) -> str | None:
    field = model.model_fields.get(column)
    return field.description if field else None


def _text_fields(model: type[schema.Record]) -> frozenset[str]:
    """The model's fields that hold a Text (optional ones included: every row has the columns)."""
    return frozenset(name for name, field in model.model_fields.items()
                     if schema.Text in (typing.get_args(field.annotation) or (field.annotation,)))


def _name(report: Report, record_id: str) -> str:
    if record_id in report.entities:
        return report.name(record_id).zh
    record = report.record(record_id)
    return record.title.zh if record is not None and hasattr(record, "title") else record_id


def _rows_of(model: type[schema.Record]) -> Callable[..., list[dict[str, Any]]]:
    def rows(report: Report, site_url: str = "", cache: RowCache | None = None) -> list[dict[str, Any]]:
        records: list[schema.Record] = [
            *report.sources.values(), *report.entities.values(), *report.quotations,
            *report.charts, *report.glossary, *report.targets, *report.contexts.values()]
        return [_flat(r, report) for r in records if isinstance(r, model)]
    return rows


DATASETS = (
    Dataset("facts", "事实", schema.Fact, _fact_rows),
    Dataset("key-figures", "关键数字（可排序）", schema.Fact, _key_rows),
    Dataset("organisations", "机构", schema.Organisation, _rows_of(schema.Organisation)),
    Dataset("people", "人物", schema.Person, _rows_of(schema.Person)),
    Dataset("places", "地点", schema.Place, _rows_of(schema.Place)),
    Dataset("documents", "文件", schema.Document, _rows_of(schema.Document)),
    Dataset("programmes", "项目与制度", schema.Programme, _rows_of(schema.Programme)),
    Dataset("events", "事件", schema.Event, _rows_of(schema.Event)),
    Dataset("quotations", "引语", schema.Quotation, _rows_of(schema.Quotation)),
    Dataset("glossary", "术语", schema.GlossaryTerm, _rows_of(schema.GlossaryTerm)),
    Dataset("sources", "来源", schema.Source, _rows_of(schema.Source)),
    Dataset("targets", "目标", schema.Target, _rows_of(schema.Target)),
    Dataset("context", "背景说明（本站释义）", schema.Context, _rows_of(schema.Context)),
)


# Characters that make Excel, WPS and LibreOffice read a cell as a formula (OWASP
# "CSV injection"), plus their full-width forms, which some spreadsheets also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet evaluates: text that would start a formula gets
    a leading apostrophe (OWASP); numbers and booleans are written as they are."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]], cache: RowCache | None = None) -> bytes:
    """UTF-8 with a byte-order mark: Excel and WPS on Chinese Windows otherwise read
    the file as GBK and show mojibake; every CSV parser that honours the BOM
    (``utf-8-sig``) gets clean ASCII headers."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        line = io.StringIO()
        one = csv.DictWriter(line, fieldnames=list(rows[0]), lineterminator="\r\n")
        for row in rows:
            key = "csv" + repr(row) if cache is not None else ""
            text = cache.encoded.get(key) if cache is not None else None
            if text is None:
                line.seek(0)
                line.truncate()
                one.writerow({k: cell(v) for k, v in row.items()})
                text = line.getvalue()
            if cache is not None:
                cache.used[key] = text
            buffer.write(text)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_json(value: Any) -> bytes:
    # Standard JSON only: a NaN or infinity raises here instead of writing `NaN`/`Infinity`
    # (the loader already refuses such numbers; this keeps the download honest if that changes).
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False) + "\n").encode("utf-8")


def citation(report: Report, lang: str = "zh") -> dict[str, str]:
    """How to cite the data.  The report has many sources now (issue 19): the citation names
    how many and where each one's publisher, copy and grade are listed, not the first alone."""
    _ = partial(i18n.gettext, lang)
    return {
        "title": _("质量安徽 · 质量强省建设报告（数据）"),
        "source": _("本报告的%(count)s篇来源，每篇的首发者、副本所在网站和等级见来源数据集") % {"count": len(report.sources)},
        "source_url": f"{DOWNLOAD_DIR}/sources.csv",
        "source_url_status": _("各篇地址是否核实见 url_verified 列"),
        "licence": _(LICENCE),
    }


def write_all(report: Report, folder: str | os.PathLike, site_url: str = "",
              cache: RowCache | None = None) -> list[tuple[str, Path]]:
    """Write every download into ``folder``; (path under the site, file written) for each.

    One dataset at a time, and the JSON streamed to its file: at 1,000 pages the facts
    alone took ~150 MB while json.dumps(indent=2) joined its pieces.  The combined file is
    put together from each dataset's file (JSON strings hold no raw newline, so every line
    of a dataset moves in by one level; each file ends with one newline)."""
    folder = Path(folder)
    written: list[tuple[str, Path]] = []

    def target(path: str) -> Path:
        file = folder / str(len(written))
        written.append((path, file))
        return file

    if cache is not None:
        cache.used.clear()
    members: list[tuple[str, Path]] = []
    for dataset in DATASETS:
        rows = dataset.rows(report, site_url, cache)
        target(f"{DOWNLOAD_DIR}/{dataset.name}.csv").write_bytes(to_csv(rows, cache))
        json_file = target(f"{DOWNLOAD_DIR}/{dataset.name}.json")
        with json_file.open("w", encoding="utf-8", newline="\n") as out:
            _write_json_rows(rows, out, cache)
        del rows
        members.append((dataset.name, json_file))
    with target(f"{DOWNLOAD_DIR}/{COMBINED_FILE}").open("w", encoding="utf-8", newline="\n") as out:
        out.write("{\n  " + json.dumps("about", **_JSON) + ": ")
        out.write(json.dumps(citation(report), **_JSON).replace("\n", "\n  "))
        for name, json_file in members:
            out.write(",\n  " + json.dumps(name, **_JSON) + ": ")
            with json_file.open(encoding="utf-8", newline="\n") as member:
                # The member's lines one level in, its final newline left out; a megabyte at a time.
                held = ""
                for chunk in iter(lambda: member.read(1 << 20), ""):
                    out.write(held.replace("\n", "\n  "))
                    held = chunk
                out.write(held.removesuffix("\n").replace("\n", "\n  "))
        out.write("\n}\n")
    if cache is not None:   # keep only the rows of this edition of the data
        cache.encoded, cache.used = cache.used, {}
    return written


def _row_json(row: Any, cache: RowCache | None = None) -> str:
    """A row's JSON as an element of a list written with indent=2."""
    if cache is None:
        return _indented_row(row)
    key = repr(row)   # rows hold str, int, float, bool, None, lists and dicts: repr tells them apart
    text = cache.encoded.get(key)
    if text is None:
        text = _indented_row(row)
    cache.used[key] = text
    return text


# A flat row's items, one per line, written by json's C encoder (with ``indent`` json runs
# its pure-Python encoder: ~1 s of the downloads at 1,000 pages); same text as indent=2.
_FLAT_ROW = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",\n    ", ": "))
_NESTED = (dict, list, tuple)


def _indented_row(row: Any) -> str:
    """``json.dumps(row, indent=2)`` one level in (an element of the rows list)."""
    if isinstance(row, dict) and row and not any(isinstance(v, _NESTED) for v in row.values()):
        return "{\n    " + _FLAT_ROW.encode(row)[1:-1] + "\n  }"
    return json.dumps(row, **_JSON).replace("\n", "\n  ")


def _write_json_rows(rows: list[Any], out: typing.TextIO, cache: RowCache | None = None) -> None:
    """The same text as json.dump(rows, out, indent=2) and a newline, row by row."""
    if not rows:
        out.write("[]\n")
        return
    out.write("[\n  ")
    for number, row in enumerate(rows):
        if number:
            out.write(",\n  ")
        out.write(_row_json(row, cache))
    out.write("\n]\n")


_JSON: dict[str, Any] = {"ensure_ascii": False, "indent": 2, "sort_keys": False, "allow_nan": False}


def files(report: Report, site_url: str = "", cache: RowCache | None = None) -> dict[str, bytes]:
    """Path under the site -> contents, for every download (``site_url``: absolute page links)."""
    with tempfile.TemporaryDirectory() as folder:
        return {path: file.read_bytes() for path, file in write_all(report, folder, site_url, cache)}
