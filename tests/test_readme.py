"""The README as an entry point and the maintainers' guide beside it (issue 23 item 4).

Each list below is read from the file that defines it (Makefile, requirements.in, package.json,
mkdocs*.yml), so a new command or dependency without its README line fails here.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = ROOT / "maintainers"

# Issue 23: "at most about 120 lines"; the design notes belong in the maintainers' guide.
README_MAX_LINES = 120
# Decision records are short: context, decision, consequences, alternatives.
DECISION_MAX_LINES = 45
DECISION_SECTIONS = ("## Context", "## Decision", "## Consequences")


def public_make_commands() -> list[str]:
    """The commands `make help` prints: the project's interface."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.findall(r'@echo "make (\w+)', makefile)


def direct_dependencies() -> list[str]:
    names = []
    for name in ("requirements.in", "requirements-lock-tool.in"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line:
                names.append(re.split(r"[=<>~\[; ]", line)[0])
    names += json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    return names


def dependency_table() -> str:
    """The README's "依赖说明" section: the rule is that the README says why each one is there."""
    match = re.search(r"^## 依赖说明\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, "README.md needs its section '## 依赖说明' (requirements.in points there)"
    return match.group(1)


def test_readme_is_an_entry_point_not_a_design_log():
    lines = README.count("\n")
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines (at most {README_MAX_LINES}): move design notes to maintainers/README.md")


def test_make_help_lists_the_commands_the_readme_checks():
    assert {"serve", "test", "build", "check", "verify", "diff", "pdf", "bench", "lock"} <= set(public_make_commands())


@pytest.mark.parametrize("command", public_make_commands())
def test_readme_documents_every_make_command(command):
    assert f"`make {command}`" in README, f"README.md: add a line for `make {command}` to the commands table"


@pytest.mark.parametrize("name", direct_dependencies())
def test_readme_says_why_each_dependency_is_here(name):
    table = dependency_table().lower()
    assert name.lower() in table, f"README.md, 依赖说明: add a row saying why {name} is needed"


def markdown_links(path):
    text = path.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text) if "://" not in m.group(1)]


@pytest.mark.parametrize("path", [ROOT / "README.md", *sorted(GUIDE.rglob("*.md"))], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_of_readme_and_guide_lead_somewhere(path):
    broken = [link for link in markdown_links(path) if not (path.parent / link).exists()]
    assert broken == [], f"{path.relative_to(ROOT)}: links to missing files {broken}"


def docs_dirs() -> list[str]:
    found = []
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        match = re.search(r"^docs_dir:\s*(\S+)", (ROOT / config).read_text(encoding="utf-8"), re.M)
        found.append(match.group(1) if match else "docs")
    return found


def test_maintainers_guide_is_never_published():
    for docs_dir in docs_dirs():
        published = (ROOT / docs_dir).resolve()
        assert not GUIDE.resolve().is_relative_to(published), f"maintainers/ lies inside docs_dir {docs_dir}"
        assert not published.is_relative_to(GUIDE.resolve())


@pytest.mark.parametrize("record", sorted((GUIDE / "decisions").glob("*.md")), ids=lambda p: p.name)
def test_decision_records_are_short_and_complete(record):
    text = record.read_text(encoding="utf-8")
    assert re.fullmatch(r"\d{4}-[a-z0-9-]+\.md", record.name), "name records NNNN-short-title.md"
    assert text.count("\n") <= DECISION_MAX_LINES, f"{record.name}: at most {DECISION_MAX_LINES} lines"
    missing = [section for section in DECISION_SECTIONS if section not in text]
    assert missing == [], f"{record.name}: add {missing}"
    assert record.name in (GUIDE / "README.md").read_text(encoding="utf-8"), f"list {record.name} in maintainers/README.md"
