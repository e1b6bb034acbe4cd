"""The build-speed hook changes nothing a reader sees.

``hooks/template_cache.py`` gives MkDocs' Jinja environments Jinja's own
``FileSystemBytecodeCache``.  The real site is built without it and with it (the
second time with a warm cache, so cached templates are what renders): every built
file must be byte-for-byte the same.  (The hooks that patched jieba and Material's
index writer went away with the site's own search, issue 9.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from scripts.benchlib import project


def _build(tmp: Path, name: str, config: str, times: int = 1) -> Path:
    copy = tmp / name
    project.snapshot(copy)
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp / f"{name}-site"
    for _ in range(times):
        if site.exists():
            shutil.rmtree(site)
        result = mkdocs_build(copy, site)
        assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """(without the hook, with the hook and a warm template cache)."""
    tmp = tmp_path_factory.mktemp("equivalence")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plain = _build(tmp, "without", project.without_hooks(config))
    hooked = _build(tmp, "with", project.with_hooks(config), times=2)
    from macros import theme_files
    assert any(Path(theme_files.compiled_templates_dir(str(tmp / "with"))).iterdir()), "template cache was not written"
    return plain, hooked


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_every_page_asset_and_index_file_is_byte_for_byte_the_same(sites):
    plain, hooked = sites
    before, after = _files(plain), _files(hooked)
    assert sorted(before) == sorted(after)
    different = [name for name in before if before[name].read_bytes() != after[name].read_bytes()]
    assert different == []
