"""What contributors rely on: the published schema, the check command, the page policy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from macros import loader, pages, schema, schema_export, yamlread

from conftest import ROOT


def test_schema_files_match_the_models():
    assert schema_export.drift() == [], "run: python -m scripts.datatool export-schema"


def test_verify_schema_fails_on_drift(tmp_path):
    shutil.copytree(schema_export.SCHEMA_DIR, tmp_path / "schema")
    (tmp_path / "schema" / "facts.schema.json").write_text("{}", encoding="utf-8")
    assert schema_export.drift(tmp_path / "schema") == ["facts.schema.json"]


@pytest.mark.parametrize("pattern", list(schema.FILE_MODELS))
def test_every_data_file_validates_against_its_published_schema(pattern):
    published = json.loads((schema_export.SCHEMA_DIR / schema_export.schema_file_name(pattern)).read_text(encoding="utf-8"))
    validator = Draft202012Validator(published)
    files = sorted((ROOT / "data").glob(pattern))
    assert files
    for path in files:
        value = yamlread.read(path.read_bytes(), path.name).value
        errors = [e.message for e in validator.iter_errors(value)]
        assert not errors, f"{path.name}: {errors[:3]}"
        assert path.read_text(encoding="utf-8").splitlines()[0] == schema_export.schema_line(pattern)


def test_the_published_schema_rejects_what_the_loader_rejects():
    published = json.loads((schema_export.SCHEMA_DIR / "facts.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(published)
    good = yamlread.read((ROOT / "data/facts/governance.yml").read_bytes(), "x").value[0]
    for change in ({"soruce": {}}, {"unit": "斤"}, {"key": "yes"}, {"time_basis": "later"}, {"id": "Bad Id"},
                   {"statement": {**good["statement"], "en": "The 省委 issued documents."}}):
        assert list(validator.iter_errors([{**good, **change}])), change
    assert not list(validator.iter_errors([{**good, "statement": {**good["statement"], "en": "TÜV — “5S”"}}]))


def test_every_text_example_in_the_published_schema_has_its_english():
    """What the editor offers (the schema's examples) is a record make check accepts as
    published: a text example has both zh and en, and the English has no Chinese."""
    bilingual, missing = 0, []

    def walk(value, where):
        nonlocal bilingual
        if isinstance(value, dict):
            if "zh" in value and isinstance(value["zh"], str):
                bilingual += 1
                if not isinstance(value.get("en"), str) or schema.HAN.search(value["en"]):
                    missing.append(where)
            for key, item in value.items():
                walk(item, f"{where}/{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}/{index}")

    for path in sorted(schema_export.SCHEMA_DIR.glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        walk(document, path.name)
    assert bilingual >= 20
    assert missing == []


def test_every_field_has_a_chinese_description_and_an_example():
    for model in {*schema.FILE_MODELS.values(), schema.Text, schema.SourceRef, schema.Role, schema.Section}:
        for name, info in model.model_fields.items():
            assert info.description and any("\u4e00" <= c <= "\u9fff" for c in info.description), f"{model.__name__}.{name}"
            assert info.examples, f"{model.__name__}.{name} has no example"


def run_tool(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "scripts.datatool", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_check_passes_on_the_real_data():
    result = run_tool("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "数据校验通过" in result.stdout


def test_check_prints_every_problem_and_fails(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    governance = data / "facts" / "governance.yml"
    governance.write_text(governance.read_text(encoding="utf-8").replace("value: 16", "value: '16'")
                          .replace("subject: quality-development-funds", "subject: quality-funds"), encoding="utf-8")
    people = data / "people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("  roles:\n    - title:\n        zh: 记者", "  role:\n    - title:\n        zh: 记者", 1), encoding="utf-8")
    result = run_tool("check", "--data", str(data))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("data/")]
    assert len(lines) == 3, result.stdout
    assert any(line.startswith("data/facts/governance.yml:") and "`value` 应为数字" in line for line in lines)
    assert any("`quality-funds`" in line and "是否想写 `quality-development-funds`" in line for line in lines)
    assert any(line.startswith("data/people.yml:") and "未知字段 `role`" in line and "`roles`" in line for line in lines)
    assert "3 处问题" in result.stderr


def test_every_page_holds_only_the_page_grammar():
    """Every page is rendered (render_by_default: true), so the page grammar is the one check:
    template syntax on a page is a call of a registered macro with literal arguments, or an error.
    (It replaced macros/page_policy.py and the per-page `render_macros: true` opt-in.)"""
    calls, problems = pages.check_docs(ROOT / "docs")
    assert problems == []
    assert {call.file for call in calls} >= {f"docs/{p.relative_to(ROOT / 'docs').as_posix()}"
                                             for p in (ROOT / "docs").rglob("*.md")
                                             if "{{" in p.read_text(encoding="utf-8")}


def test_template_syntax_in_a_non_template_page_fails_the_check(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("# 说明\n\n{{ config }}\n", encoding="utf-8")
    (docs / "sneaky.md").write_text("---\ntitle: x\n---\n{% include '/etc/passwd' %}\n", encoding="utf-8")
    result = run_tool("verify-templates", "--docs", str(docs))
    assert result.returncode == 1
    assert "docs/note.md:3:" in result.stderr and "docs/sneaky.md:4:" in result.stderr


def _contributing_records() -> list[tuple[str, dict]]:
    """The YAML examples in CONTRIBUTING.md that are whole records (start with `- id:`)."""
    import re
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        if block.startswith("- id:"):
            value = yamlread.read(block.encode("utf-8"), "CONTRIBUTING.md").value
            out.extend((item["id"], item) for item in value)
    return out


def _model_for(record: dict):
    if "sections" in record:
        return schema.Source
    if "aim" in record:
        return schema.Target
    if "speaker" in record:
        return schema.Quotation
    if "statement" in record:
        return schema.Fact
    if "roles" in record:
        return schema.Person
    return schema.Organisation


def test_the_record_examples_in_contributing_validate():
    """Contributors copy these: each must pass the current model (issue 11 changed it)."""
    records = _contributing_records()
    assert len(records) >= 8
    for record_id, record in records:
        model = _model_for(record).model_validate(record)  # raises with the field at fault
        assert "reviewed" in record, record_id
        # …and passes make check as published (both editions): every text has its English.
        assert [path for path, text in loader._texts(model, ()) if text.en is None] == [], record_id
