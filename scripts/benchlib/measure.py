"""Measurements: a subprocess's wall time, CPU time and peak memory; a built site's
sizes; time to the first Chinese search result in Chromium; ``mkdocs serve`` reload."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .project import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PYTHON = sys.executable


def build_env(**extra: str) -> dict[str, str]:
    """The environment `make build` gives mkdocs (reproducible dates, no 2.0 banner)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1638152000")
    env.update(extra)
    return env


@dataclass
class Run:
    command: list[str]
    returncode: int
    wall_s: float
    cpu_s: float                 # user + system of the process and its children
    peak_rss_mb: float           # largest resident set of the process or any child it waited for
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 1800) -> Run:
    """Run ``command`` and measure it through ``os.wait4`` on that one child.

    ``wait4`` returns the rusage of exactly this child (including the children it
    waited for), unlike ``getrusage(RUSAGE_CHILDREN)``, whose ``ru_maxrss`` is the
    maximum over every child this benchmark ever ran."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or build_env(), stdout=out, stderr=err)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(command, process.returncode, wall, usage.ru_utime + usage.ru_stime,
                   usage.ru_maxrss / 1024, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"))


def mkdocs_build(project: Path, site_dir: Path, strict: bool = True) -> Run:
    command = [PYTHON, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site_dir)]
    if strict:
        command.insert(4, "--strict")
    return run_measured(command, project)


def warm_jieba() -> float:
    """Make sure jieba's dictionary cache exists, so no measured build pays for creating it."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.initialize()"],
                   check=False, capture_output=True, timeout=300)
    return time.perf_counter() - started


# --- the built site ----------------------------------------------------------------------------


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class SiteStats:
    total_bytes: int
    files: int
    html_pages: int
    largest_page: str
    largest_page_bytes: int
    largest_content_page: str        # largest of the pages the benchmark generated per theme
    largest_content_page_bytes: int
    pages_over_100kb: list[str]
    search_index_bytes: int
    search_index_gzip_bytes: int
    search_index_ascii_escaped: bool
    search_docs: int
    fact_elements: int = 0           # data-fact-id elements on all pages (sanity check: same facts)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def site_stats(site: Path, content_pages: set[str] | None = None) -> SiteStats:
    total = files = 0
    pages: dict[str, int] = {}
    facts = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        files += 1
        if path.suffix == ".html":
            rel = path.relative_to(site).as_posix()
            pages[rel] = size
            facts += len(re.findall(rb'class="qa-fact" id="fact-', path.read_bytes()))
    largest = max(pages, key=pages.get)
    content = {p: s for p, s in pages.items() if content_pages is None or _page_key(p) in content_pages}
    largest_content = max(content, key=content.get) if content else largest
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.exists() else b""
    docs = len(json.loads(raw)["docs"]) if raw else 0
    return SiteStats(total, files, len(pages), largest, pages[largest], largest_content,
                     content.get(largest_content, pages[largest]),
                     sorted(p for p, s in pages.items() if s > 100 * 1024),
                     len(raw), gz(raw), bool(re.search(rb"\\u[0-9a-f]{4}", raw)), docs, facts)


def _page_key(rel: str) -> str:
    """p0001.html and p0001/index.html are both page p0001."""
    rel = rel.removesuffix("/index.html").removesuffix(".html")
    return rel


def own_assets(project: Path, config_text: str) -> dict:
    """The project's own CSS and JS (extra_css, extra_javascript, overrides/**), raw and gzip."""
    from .project import config_list
    files: dict[str, Path] = {}
    for entry in config_list(config_text, "extra_css") + config_list(config_text, "extra_javascript"):
        path = project / "docs" / entry
        if path.is_file():
            files[f"docs/{entry}"] = path
    overrides = project / "overrides"
    if overrides.is_dir():
        for path in sorted(overrides.rglob("*")):
            if path.suffix in (".css", ".js") and path.is_file():
                files[path.relative_to(project).as_posix()] = path
    per_file = {name: {"bytes": p.stat().st_size, "gzip": gz(p.read_bytes())} for name, p in files.items()}
    inline = 0
    if overrides.is_dir():  # inline <style>/<script> in theme overrides count too
        for template in overrides.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            for match in re.finditer(r"<(style|script)\b[^>]*>(.*?)</\1>", text, re.S):
                inline += len(match.group(2).encode("utf-8"))
    return {"files": per_file, "bytes": sum(f["bytes"] for f in per_file.values()),
            "gzip": sum(f["gzip"] for f in per_file.values()), "inline_template_bytes": inline}


# --- Chinese search in Chromium --------------------------------------------------------------------


def browser_missing() -> str | None:
    """Same rules as tests/test_browser.py."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    if shutil.which("node") is None:
        return "node not found (apt-get install nodejs npm)"
    if not (ROOT / "node_modules" / "playwright-core").exists():
        return "node_modules/playwright-core missing (run: npm ci)"
    return None


def search(site: Path, queries: list[str], timeout_ms: int = 180_000) -> dict:
    """tests/browser/search.mjs on ``site``: per query ms (End keyup -> first results) and results."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(queries, handle, ensure_ascii=False)
    try:
        env = dict(os.environ, SEARCH_TIMEOUT_MS=str(timeout_ms))
        started = time.perf_counter()
        result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "search.mjs"), str(site), handle.name],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout_ms / 1000 * 4 + 120)
        elapsed = time.perf_counter() - started
    finally:
        os.unlink(handle.name)
    if result.returncode not in (0, 1):
        return {"error": (result.stderr or result.stdout).strip()[-500:]}
    data = json.loads(result.stdout)
    entries = data["queries"]
    times = [q["ms"] for q in entries if q.get("ms") is not None and "error" not in q]
    return {
        "queries": [{"query": q["query"], "ms": q.get("ms"), "results": len(q.get("results", [])),
                     "meta": q.get("meta"), "first": (q.get("results") or [{}])[0].get("href"),
                     **({"error": q["error"]} if "error" in q else {})} for q in entries],
        "median_ms": sorted(times)[len(times) // 2] if times else None,
        "max_ms": max(times) if times else None,
        "errors": [q["error"] for q in entries if "error" in q],
        "external_requests": len(data.get("external_requests", [])),
        "harness_s": round(elapsed, 1),
    }


# --- mkdocs serve: edit a data file, wait for the page to change --------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


@dataclass
class Edit:
    file: Path          # data file to edit
    page: str           # URL path of the page that shows it
    old: str            # exact line to replace
    marker_line: str    # replacement line (contains the marker)
    marker: str


def find_editable_fact(project: Path) -> Edit | None:
    """The first fact statement of the first facts file, and the page it appears on."""
    import yaml
    themes = yaml.safe_load((project / "data" / "themes.yml").read_text(encoding="utf-8"))
    pages = {t["id"]: t["page"] for t in themes}
    for path in sorted((project / "data" / "facts").glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        theme = None
        for i, line in enumerate(lines):
            found = re.match(r"^  theme: (\S+)", line)
            if found:
                theme = found.group(1).strip("'\"")
            if line.strip() == "statement:" and i + 1 < len(lines) and lines[i + 1].startswith("    zh: "):
                text = lines[i + 1]
                if "{value}" in text or theme not in pages or text.rstrip().endswith(("'", '"')):
                    continue
                page = pages[theme].removesuffix(".md") + ".html"
                return Edit(path, page, text, "", "")
    return None


def serve_reload(project: Path, rounds: int = 3, timeout: float = 60.0) -> dict:
    """Start ``mkdocs serve`` (as `make serve` does) on 127.0.0.1:<random port> in
    ``project`` (a throw-away copy), change one fact's statement ``rounds`` times
    and time each change until the served page shows it."""
    edit = find_editable_fact(project)
    if edit is None:
        return {"error": "no fact statement to edit found"}
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{edit.page}"
    log = tempfile.TemporaryFile()
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project, env=build_env(), stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    result: dict = {"page": edit.page, "file": edit.file.relative_to(project).as_posix(), "rounds": []}
    try:
        first = None
        while time.perf_counter() - started < 180:
            if process.poll() is not None:
                break
            first = _fetch(url)
            if first and "qa-fact" in first:
                break
            time.sleep(0.1)
        if not first:
            log.seek(0)
            result["error"] = "server never served the page: " + log.read().decode("utf-8", "replace")[-800:]
            return result
        result["startup_s"] = round(time.perf_counter() - started, 2)
        time.sleep(1.0)  # let the watcher settle after the first build
        current = edit.old
        for n in range(rounds):
            marker = f"基准测试改动{n + 1}号"
            new = edit.old.rstrip() + marker
            text = edit.file.read_text(encoding="utf-8")
            t0 = time.perf_counter()
            edit.file.write_text(text.replace(current, new, 1), encoding="utf-8")
            current = new
            seen = None
            while time.perf_counter() - t0 < timeout:
                page = _fetch(url)
                if page and marker in page:
                    seen = time.perf_counter() - t0
                    break
                time.sleep(0.05)
            result["rounds"].append(round(seen, 2) if seen is not None else None)
            time.sleep(1.0)
        done = [r for r in result["rounds"] if r is not None]
        result["median_s"] = sorted(done)[len(done) // 2] if done else None
        result["max_s"] = max(done) if done else None
        if len(done) < rounds:
            log.seek(0)
            result["error"] = f"change not shown within {timeout:.0f} s: " + log.read().decode("utf-8", "replace")[-800:]
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)  # the server's own process group only
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    return result


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []
