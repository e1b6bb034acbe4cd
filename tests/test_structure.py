"""The house as a maintainer sees it: one report engine (macros/) that knows nothing of
MkDocs, one MkDocs adapter (hooks/), and no file that edits Python's import path."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from macros import front_matter

# What only the adapter may import: the site generator, its theme and its macros plugin.
HOST_PACKAGES = ("mkdocs", "properdocs", "material", "mkdocs_macros")
# Files that put another copy of the project first on the path on purpose: the benchmark
# imports the code of the snapshot it measures, not the working tree's.
SNAPSHOT_IMPORTERS = {"scripts/bench.py", "scripts/benchlib/measure.py"}


def _modules(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_engine_imports_nothing_from_mkdocs_material_or_mkdocs_macros():
    found = {f"{path.relative_to(ROOT)}: {name}"
             for path in _modules("macros") for name in _imported(path)
             if name.split(".")[0] in HOST_PACKAGES or name.split(".")[0] == "hooks"}
    assert found == set(), "the engine (macros/) must not know MkDocs: move this to the adapter (hooks/)"


def test_the_engine_module_walk_sees_imports_inside_functions(tmp_path):
    """The walk above reads every import, also one inside a function (the way page_safety
    once imported mkdocs.utils.meta), so it cannot pass by missing one."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from mkdocs.utils.meta import get_data\n    import material\n", encoding="utf-8")
    assert _imported(module) == {"mkdocs.utils.meta", "material"}


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.en.yml"])
def test_one_adapter_is_the_only_hook(config):
    text = (ROOT / config).read_text(encoding="utf-8")
    hooks = yaml.safe_load(text[text.index("\nhooks:"):text.index("\n\n", text.index("\nhooks:") + 1)])
    assert hooks == {"hooks": ["hooks/adapter.py"]}


def test_no_file_edits_the_import_path():
    """pyproject.toml and `make venv` put the project on .venv's path."""
    found = [str(path.relative_to(ROOT)) for folder in ("macros", "hooks", "scripts", "tests")
             for path in _modules(folder)
             if "sys.path" in path.read_text(encoding="utf-8") and path != Path(__file__)
             and str(path.relative_to(ROOT)) not in SNAPSHOT_IMPORTERS]
    assert found == []


AWKWARD_PAGES = [
    "---\ntitle: 标题\ndescription: 说明\n---\n# 页\n",
    "---\ntitle: a\n...\nbody\n",
    "---  \ntitle: [unclosed\n---\n# x\n",            # YAML that cannot be read: no keys
    "---\n- a list\n---\n# x\n",                     # YAML that is not a mapping: no keys
    "Title: 多行\n    续行\nTemplate: x\n\n# body\n",   # MultiMarkdown, a continued value
    "   Icon: ../../etc\nTitle: again\nTitle: twice\n\nbody",
    "no: front matter here\nbut a sentence\n",
    "# 页\n\ntitle: not front matter\n",
    "\ttab: start\n",
    "",
]


@pytest.mark.parametrize("text", AWKWARD_PAGES + [p.read_text(encoding="utf-8")
                                                  for p in sorted((ROOT / "docs").rglob("*.md"))])
def test_front_matter_is_read_as_mkdocs_reads_it(text):
    """macros/front_matter.py follows MkDocs' rules so that make check sees the keys the build
    will; if MkDocs (or a fork of it) reads front matter differently, this fails."""
    from mkdocs.utils.meta import get_data

    assert front_matter.read(text) == get_data(text)


def test_mkdocs_still_asks_is_modified_and_warns_as_before():
    """hooks/speedups.py rebuild_only_if and drop_dirty_warning (make serve): MkDocs' --dirty
    asks each page's File.is_modified(), and warns by this text on its module's own ``log``
    (the object drop_dirty_warning filters, whatever name the engine gives it).  If MkDocs
    (or a fork) changes either, make serve would rebuild the wrong pages or stop on the warning:
    revisit the piece (or switch the speedups off: QA_SPEEDUPS=off)."""
    import inspect

    import mkdocs.commands.build as build

    from hooks import speedups

    source = inspect.getsource(build)
    assert ".is_modified()" in source
    import logging
    import re

    assert isinstance(build.log, logging.Logger)
    assert re.search(r"\blog\.warning\(\s*\"" + re.escape(speedups.DIRTY_WARNING), source), (
        "MkDocs no longer warns about dirty builds through its module's `log`")


def test_in_process_mkdocs_imports_get_properdocs_not_the_mkdocs_installed_beside_it():
    """ProperDocs builds the site; MkDocs 1.6.1 stays installed only because Material and
    mkdocs-macros require it.  A hook, a loaded config or build() called from a test must get
    ProperDocs too (tests/conftest.py switches the redirect on), else the tests check one engine
    and `make build` runs another."""
    import sys

    import properdocs

    import mkdocs.commands.build as build
    from hooks import adapter

    assert sys.modules["mkdocs"] is properdocs
    assert Path(build.__file__).resolve().is_relative_to(Path(properdocs.__file__).resolve().parent), build.__file__
    assert adapter.PluginError.__module__ == "properdocs.exceptions"
    assert build.log.name == "properdocs.commands.build"


# Where a command runs the engine: all of them run properdocs, with the configuration named
ENGINE_COMMAND_FILES = ("Makefile", ".ci/run", "tests/conftest.py", "scripts/bench.py",
                        "scripts/benchlib/measure.py")


@pytest.mark.parametrize("name", ENGINE_COMMAND_FILES)
def test_every_command_runs_properdocs_not_mkdocs(name):
    import re

    text = (ROOT / name).read_text(encoding="utf-8")
    assert not re.search(r"""(/mkdocs\s+(build|serve)|["']?-m["']?,?\s*["']?mkdocs["']?[\s,]|\bmkdocs\s+(build|serve)\s+--)""", text), (
        f"{name}: run the engine as `properdocs build -f mkdocs.yml` / `python -m properdocs` "
        "(the mkdocs command is MkDocs 1.6.1, kept only for Material and mkdocs-macros)")


def test_serve_dirty_with_the_speedups_off_says_what_to_do(monkeypatch):
    """mkdocs serve --dirty without the speedups would show stale pages after a data edit
    (MkDocs' own --dirty looks at the Markdown files only): the adapter refuses, saying how."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from hooks import adapter, speedups
    from hooks.state import STATE

    monkeypatch.setenv(speedups.SWITCH, "off")
    monkeypatch.setattr(STATE.serving, "requested", True)
    with pytest.raises(PluginError, match="make serve"):
        adapter.on_config(load_config(str(ROOT / "mkdocs.yml")))
    assert STATE.serving.active is False
