"""The speedups change nothing a reader sees.

hooks/speedups.py holds every piece that makes the build faster or smaller by leaning on
another library's internals (the theme's compiled templates kept in Jinja's own
``FileSystemBytecodeCache``, the macros' HTML kept out of Markdown, pages held compressed,
no git commands, the page calls made without a template).  The real site is built with them
switched off (``QA_SPEEDUPS=off``) and on (the second time with a warm template cache, so
cached templates are what renders): every built file of both editions must be byte for byte
the same.  (The hooks that patched jieba and Material's index writer went away with the
site's own search, issue 9.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import mkdocs_build
from hooks import speedups
from macros import stash
from scripts.benchlib import project


def _build(tmp: Path, name: str, times: int = 1, environ: dict[str, str] | None = None) -> Path:
    copy = tmp / name
    project.snapshot(copy)
    site = tmp / f"{name}-site"
    for _ in range(times):
        if site.exists():
            shutil.rmtree(site)
        result = mkdocs_build(copy, site, environ=environ)
        assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """(speedups off, speedups on and a warm template cache)."""
    tmp = tmp_path_factory.mktemp("equivalence")
    plain = _build(tmp, "without", environ={speedups.SWITCH: "off"})
    assert not Path(speedups.compiled_templates_dir(str(tmp / "without"))).exists(), "speedups were not off"
    hooked = _build(tmp, "with", times=2)
    assert any(Path(speedups.compiled_templates_dir(str(tmp / "with"))).iterdir()), "template cache was not written"
    return plain, hooked


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_every_page_asset_and_index_file_is_byte_for_byte_the_same(sites):
    plain, hooked = sites
    before, after = _files(plain), _files(hooked)
    assert sorted(before) == sorted(after)
    different = [name for name in before if before[name].read_bytes() != after[name].read_bytes()]
    assert different == []


def test_the_macros_html_is_back_in_place(sites):
    """Markdown no longer parses the macros' HTML, pages wait compressed for the theme, and
    the page grammar's calls are made without compiling the page as a Jinja template
    (hooks/macros_entry.py on_pre_page_macros): no placeholder is left in the built pages."""
    _plain, hooked = sites
    for html in (hooked / "governance.html", hooked / "en" / "governance.html"):
        text = html.read_text(encoding="utf-8")
        assert 'class="qa-inline-fact"' in text and stash._PREFIX not in text
