"""JSON Schema files generated from ``schema.py`` (the single source of truth).

They live in ``docs/schema/`` so the site publishes them and editors find them
through each data file's first line.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from . import schema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "docs" / "schema"
SCHEMA_URL_PREFIX = "https://quality-anhui.example/schema/"

FILE_TITLES = {
    "sources.yml": "来源",
    "themes.yml": "主题与小节",
    "organisations.yml": "机构",
    "people.yml": "人物",
    "places.yml": "地点",
    "documents.yml": "文件",
    "programmes.yml": "项目与制度",
    "events.yml": "事件",
    "quotations.yml": "引语",
    "charts.yml": "图表",
    "glossary.yml": "术语表",
    "targets.yml": "目标",
    "context.yml": "背景说明",
    "facts/*.yml": "事实",
}


def schema_file_name(pattern: str) -> str:
    """facts/*.yml -> facts.schema.json, people.yml -> people.schema.json."""
    return pattern.split("/")[0].removesuffix(".yml") + ".schema.json"


def schema_line(pattern: str) -> str:
    """The first line every data file must have (path relative to the file)."""
    depth = pattern.count("/") + 1
    return f"# yaml-language-server: $schema={'../' * depth}docs/schema/{schema_file_name(pattern)}"


def generate() -> dict[str, str]:
    """File name -> JSON text, for every data file kind."""
    out = {}
    for pattern, model in schema.FILE_MODELS.items():
        document = TypeAdapter(list[model]).json_schema()
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_URL_PREFIX + schema_file_name(pattern),
            "title": f"质量安徽数据：{FILE_TITLES[pattern]}（data/{pattern}）",
            "description": f"data/{pattern} 是一个列表，每一项是一条{FILE_TITLES[pattern]}记录。",
            **document,
        }
        out[schema_file_name(pattern)] = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def drift(directory: Path = SCHEMA_DIR) -> list[str]:
    """Schema files that differ from what the models generate (empty when in sync)."""
    expected = generate()
    problems = [name for name, text in expected.items()
                if not (directory / name).exists() or (directory / name).read_text(encoding="utf-8") != text]
    extra = [p.name for p in directory.glob("*.schema.json") if p.name not in expected]
    return sorted(problems + extra)


def write(directory: Path = SCHEMA_DIR) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.schema.json"):
        stale.unlink()
    written = []
    for name, text in generate().items():
        (directory / name).write_text(text, encoding="utf-8")
        written.append(name)
    return written
