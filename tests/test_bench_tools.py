"""The measuring tools stay usable: the synthetic report `make bench` builds passes the project's
own checks, and the engines comparison (scripts/engines.py) edits configs and compares sites
as it says.  No build here: each test takes well under a second or two."""

from __future__ import annotations

import pytest

from conftest import ROOT
from macros import loader
from scripts import engines
from scripts.benchlib import project, sitediff, synth


def test_the_synthetic_report_passes_the_checks_the_real_build_makes(tmp_path):
    """After the issue-19 model the bench's source record and overview no longer validated
    (make bench stopped at validation, unnoticed); a 10-page report is checked like the real one."""
    snapshot = project.snapshot(tmp_path / "snapshot")
    synth.write_ours(synth.build(10), snapshot, tmp_path / "ours")
    result = loader.validate(tmp_path / "ours" / "data", tmp_path / "ours" / "docs", languages=("zh",))
    assert [str(p) for p in result.problems] == []


def test_the_theme_is_renamed_in_the_theme_block_only():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    edited = engines.with_theme(config, "materialx")
    changed = [(a, b) for a, b in zip(config.splitlines(), edited.splitlines()) if a != b]
    assert changed == [("  name: material", "  name: materialx")]
    assert engines.with_theme(config, "material") == config


def test_a_config_without_a_material_theme_is_refused():
    with pytest.raises(ValueError, match="theme"):
        engines.with_theme("site_name: x\nplugins:\n  - name: material\n", "materialx")


def test_the_site_comparison_names_each_kind_of_difference(tmp_path):
    base, other = tmp_path / "base", tmp_path / "other"
    for site in (base, other):
        (site / "assets").mkdir(parents=True)
        (site / "same.html").write_text("<p>同</p>\n", encoding="utf-8")
    (base / "page.html").write_text("<p>一</p>\n<p>二</p>\n", encoding="utf-8")
    (other / "page.html").write_text("<p>一</p>\n<p>三</p>\n", encoding="utf-8")
    (base / "assets" / "bundle.aaaa.js").write_text("a", encoding="utf-8")
    (other / "assets" / "bundle.bbbb.js").write_text("b", encoding="utf-8")

    found = sitediff.compare(base, other)
    assert not found["identical"]
    assert (found["differ"], found["only_in_baseline"], found["only_in_candidate"]) == (1, 1, 1)
    assert found["sample_differ"] == ["page.html"]
    assert found["sample_only_in_candidate"] == ["assets/bundle.bbbb.js"]
    assert found["sample_page"]["first_changes"] == ["-<p>二</p>", "+<p>三</p>"]
    assert sitediff.compare(base, base)["identical"]
