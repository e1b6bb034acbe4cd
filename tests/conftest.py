"""Shared fixtures: the project's data, a copy of the project to break, a built site."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The tests' one in-process engine switch: ProperDocs runs the build (`properdocs build`, which does
# this first), and code that imports mkdocs.* here (a config loaded, a hook imported, build() called)
# must get the same engine, not the MkDocs 1.6.1 that stays installed for Material and mkdocs-macros.
# ProperDocs' own redirect of every mkdocs.* import; tests/test_structure.py checks it took.
import properdocs.replacement  # noqa: E402,F401

from macros import loader

# The builds of the tests keep their compiled templates (hooks/speedups.py cache_templates) in a folder
# of this test run, not in the user's cache (every project copy would leave one there).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="qa-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

THEMED_PAGES = ("governance", "co-governance", "quality-improvement", "enterprise-leaders",
                "regional-cooperation")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


GITHUB_ADDRESS_VARIABLES = ("GITHUB_REPOSITORY", "GITHUB_SERVER_URL")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    if shutil.which("node") is None:
        return "node not found (apt-get install nodejs npm)"
    if not (ROOT / "node_modules" / "playwright-core").exists():
        return "node_modules/playwright-core missing (run: npm ci)"
    return None


def require(missing: str | None, what: str) -> None:
    """Skip with the reason outside CI; in CI (CI=true) fail, never skip silently."""
    if missing and IN_CI:
        pytest.fail(f"{what} must run in CI: {missing}")
    if missing:
        pytest.skip(f"{what} skipped: {missing}")


@pytest.fixture(scope="session")
def browser():
    require(browser_missing(), "browser tests")


def mkdocs_build(project: Path, site_dir: Path, quiet: bool = False,
                 environ: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A strict build of ``project`` into ``site_dir`` (the same command `make build` runs).
    ``quiet``: with ``--quiet``, which also drops the warnings ``--strict`` would count.
    ``environ``: variables set for this build (e.g. GitHub Actions' repository)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1638152000")
    # The same site in GitHub Actions as anywhere: the addresses mkdocs.yml sets, not the
    # repository the run builds (macros/publication.py; tests/test_publication.py).
    for name in GITHUB_ADDRESS_VARIABLES:
        env.pop(name, None)
    env.update(environ or {})
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--strict", *(["--quiet"] if quiet else []),
         "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def report():
    return loader.load(ROOT / "data")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real project, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project's sources that a test may break."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("mkdocs.yml", "mkdocs.en.yml", "Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("data", "docs", "macros", "overrides", "hooks"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


# --- the fast reader and the full one agree (macros/yamlread.py) -------------------------


def add_a_second_source(data: Path) -> None:
    """Give ``data`` a second copy of the 2021 article's source record, posted on 2022-01-10 as
    ``cqn-2022-01-10``, and let one governance fact cite it instead (a fact of another source
    than its page's: only such a fact carries its own date and note marker, issue 20.2)."""
    sources = data / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    start = text.index("- id: cqn-2021-11-29")
    end = text.find("\n- id:", start + 1) + 1 or len(text)   # that one record, not the ones after it
    second = (text[start:end].replace("- id: cqn-2021-11-29", "- id: cqn-2022-01-10", 1)
              .replace('posted: {date: "2021-11-29T10:13+08:00", certainty: stated}',
                       'posted: {date: "2022-01-10T09:00+08:00", certainty: stated}', 1))
    sources.write_text(text + second, encoding="utf-8")
    facts = data / "facts" / "governance.yml"
    text = facts.read_text(encoding="utf-8")
    at = text.index("- id: product-quality-regulations-amended")
    facts.write_text(text[:at] + text[at:].replace("source: {id: cqn-2021-11-29,", "source: {id: cqn-2022-01-10,", 1),
                     encoding="utf-8")


def read_outcome(raw: bytes, file: str, depth: int | None, fast: bool, read=None) -> tuple:
    """What yamlread.read gives, comparably: the value with every type spelled out (1, 1.0
    and True differ), where each value and key stands, the warnings; or the problems."""
    from macros import yamlread

    def typed(value):
        if isinstance(value, dict):
            return "map", tuple((key, typed(item)) for key, item in value.items())
        if isinstance(value, list):
            return "list", tuple(typed(item) for item in value)
        return type(value).__name__, value

    try:
        document = (read or yamlread.read)(raw, file, depth, fast=fast)
    except yamlread.YamlError as error:
        return "problems", error.problems
    return "document", typed(document.value), document.values, document.keys, document.warnings


@pytest.fixture(autouse=True)
def fast_reader_agrees(monkeypatch):
    """Every file a test has the loader read is read by both of yamlread's paths: the fast
    one (which gives way at the first sign of a problem) and the full one that words every
    message.  They must give the same document or the same problems, so the error corpora
    (test_loader, test_hostile …) check the fast path too; textgate.clean must agree with
    textgate.problems on every string it is asked about."""
    from macros import textgate, yamlread

    differences: list[str] = []
    read, clean = yamlread.read, textgate.clean

    def read_both(raw, file, depth=None, fast=True):
        fast_way = read_outcome(raw, file, depth, True, read)
        full_way = read_outcome(raw, file, depth, False, read)
        if fast_way != full_way:
            differences.append(f"{file} (depth {depth}): fast {fast_way!r:.2000} != full {full_way!r:.2000}")
        return read(raw, file, depth, fast=fast)

    def clean_checked(text):
        answer = clean(text)
        if answer != (not textgate.problems(text, "", 0, 0)):
            differences.append(f"textgate.clean({text!r}) is {answer}")
        return answer

    monkeypatch.setattr(yamlread, "read", read_both)
    monkeypatch.setattr(textgate, "clean", clean_checked)
    yield
    assert not differences, "\n".join(differences)
