"""Hostile text in data is shown literally, never executed; builds are reproducible."""

from __future__ import annotations

import filecmp
import itertools
import re

import yaml
from bs4 import BeautifulSoup

from macros import schema_export, yamlread

from conftest import mkdocs_build

PAYLOAD = ('<script>alert("F{n}")</script><img src=x onerror=alert({n})>'
           '[x](javascript:alert({n})) {{{{ config }}}}{{% include "mkdocs.yml" %}}\n--8<-- "mkdocs.yml"')


def _poison(value, counter, fields, path=()):
    """Replace every zh text in a record tree by a numbered payload."""
    if isinstance(value, dict):
        if "zh" in value and isinstance(value["zh"], str):
            n = next(counter)
            fields[n] = path
            keep = " {value}" if "{value}" in value["zh"] else ""
            return {**value, "zh": PAYLOAD.format(n=n) + keep}
        return {k: _poison(v, counter, fields, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, counter, fields, path) for v in value]
    return value


def test_hostile_text_in_every_field_is_escaped(project_copy, tmp_path):
    counter, fields = itertools.count(1), {}
    data = project_copy / "data"
    for path in sorted(data.rglob("*.yml")):
        pattern = "facts/*.yml" if path.parent.name == "facts" else path.name
        value = _poison(yamlread.read(path.read_bytes(), path.name).value, counter, fields)
        if path.name == "sources.yml":
            value[0]["url"] = 'http://x"onmouseover="alert(1)'
        path.write_text(schema_export.schema_line(pattern) + "\n"
                        + yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr

    reached: set[str] = set()
    for html in (tmp_path / "site").glob("*.html"):
        raw = html.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<img src=x" not in raw, html.name
        page = BeautifulSoup(raw, "html.parser")
        for tag in page.find_all(True):
            assert not any(a.startswith("on") for a in tag.attrs), f"{html.name}: {tag.name} {tag.attrs}"
            assert not tag.get("href", "").strip().lower().startswith("javascript:"), html.name
        text = page.get_text()
        for n in map(int, re.findall(r'alert\("F(\d+)"\)', text)):
            reached.add(fields[n][-1])
        if "alert(\"F" in text:
            assert "{{ config }}" in text and '{% include "mkdocs.yml" %}' in text  # literal, not evaluated
            assert '--8<-- "mkdocs.yml"' in text
        assert "mkdocs_version" not in text and "site_dir" not in text
    # Every kind of text the templates show was exercised.
    assert {"statement", "name", "label", "title", "heading", "motto", "summary", "text"} <= reached, reached


def test_two_builds_are_byte_identical(site, tmp_path):
    from conftest import ROOT
    second = tmp_path / "again"
    result = mkdocs_build(ROOT, second)
    assert result.returncode == 0, result.stderr
    first_files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert first_files == second_files
    different = [str(p) for p in first_files if not filecmp.cmp(site / p, second / p, shallow=False)]
    assert not different, different
