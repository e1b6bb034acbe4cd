"""Measurements: a subprocess's wall time, CPU time and peak memory; a built site's
sizes; time to the first Chinese search result in Chromium; ``mkdocs serve`` reload."""

from __future__ import annotations

import atexit
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


BENCH_CACHE = tempfile.mkdtemp(prefix="qa-bench-cache-")
atexit.register(shutil.rmtree, BENCH_CACHE, True)


def build_env(**extra: str) -> dict[str, str]:
    """The environment `make build` gives mkdocs (reproducible dates, no 2.0 banner), building
    the Chinese edition only (QA_EDITIONS=zh): it is compared with one plain Material build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", QA_EDITIONS="zh",
               XDG_CACHE_HOME=BENCH_CACHE)   # the projects' compiled templates: not the user's cache
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
    command = [PYTHON, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--quiet", "--site-dir", str(site_dir)]
    if strict:
        command.insert(4, "--strict")
    return run_measured(command, project)


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
    # The site's own search index (search/qa/, issue 9); zero for the baseline.
    qa_index_files: int = 0
    qa_index_bytes: int = 0
    qa_index_gzip_bytes: int = 0
    qa_meta_gzip_bytes: int = 0

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
    qa = [p for p in (site / "search" / "qa").rglob("*.json")] if (site / "search" / "qa").is_dir() else []
    meta = site / "search" / "qa" / "meta.json"
    return SiteStats(total, files, len(pages), largest, pages[largest], largest_content,
                     content.get(largest_content, pages[largest]),
                     sorted(p for p, s in pages.items() if s > 100 * 1024),
                     len(raw), gz(raw), bool(re.search(rb"\\u[0-9a-f]{4}", raw)), docs, facts,
                     len(qa), sum(p.stat().st_size for p in qa), sum(gz(p.read_bytes()) for p in qa),
                     gz(meta.read_bytes()) if meta.exists() else 0)


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


def search(site: Path, queries: list[str], timeout_ms: int = 180_000, start: str = "index.html") -> dict:
    """tests/browser/search.mjs on ``site``: per query ms (End keyup -> first results) and results,
    typed into the box of the page ``start`` (en/index.html: the English edition)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(queries, handle, ensure_ascii=False)
    try:
        env = dict(os.environ, SEARCH_TIMEOUT_MS=str(timeout_ms))
        started = time.perf_counter()
        result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "search.mjs"), str(site), handle.name, start],
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


# --- what a reader downloads to search; what the search step costs the build --------------------


SEARCH_SCRIPTS = ("assets/search/setup.js", "assets/search/worker.js", "assets/search/engine.js")
# Loaded by the worker only for an English index (meta.json "lang": "en").
WORD_MODE_SCRIPTS = ("assets/search/stemmer.js",)


def _material_worker(site: Path) -> Path | None:
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return workers[0] if workers else None


def search_download(site: Path, queries: list[str]) -> dict:
    """Gzip bytes a reader downloads before the first result of each query.

    Ours: the three search scripts, Material's (empty) search_index.json, meta.json,
    and the shard and fragment files the engine loads for that query (run in Node by
    tests/search/engine.mjs, from a cold start).  Material's own search: its worker
    and the whole search_index.json, whatever the query."""
    index = site / "search" / "search_index.json"
    fixed = gz(index.read_bytes()) if index.exists() else 0
    if not (site / "search" / "qa" / "meta.json").exists():
        worker = _material_worker(site)
        total = fixed + (gz(worker.read_bytes()) if worker else 0)
        return {"engine": "material", "per_query": {q: total for q in queries}, "max_bytes": total,
                "median_bytes": total}
    if shutil.which("node") is None:
        return {"skipped": "node not found"}
    scripts = SEARCH_SCRIPTS
    if json.loads((site / "search" / "qa" / "meta.json").read_text(encoding="utf-8")).get("lang") == "en":
        scripts += WORD_MODE_SCRIPTS
    fixed += sum(gz((site / name).read_bytes()) for name in scripts if (site / name).exists())
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(queries, handle, ensure_ascii=False)
    try:
        result = subprocess.run(["node", str(ROOT / "tests" / "search" / "engine.mjs"), str(site), handle.name],
                                capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(handle.name)
    if result.returncode != 0:
        return {"error": result.stderr.strip()[-500:]}
    sizes: dict[str, int] = {}
    per_query = {}
    for entry in json.loads(result.stdout)["queries"]:
        total = fixed
        for name in entry["files"]:
            if name not in sizes:
                sizes[name] = gz((site / "search" / "qa" / name).read_bytes())
            total += sizes[name]
        per_query[entry["query"]] = total
    values = sorted(per_query.values())
    return {"engine": "ours", "per_query": per_query, "max_bytes": values[-1],
            "median_bytes": values[len(values) // 2]}


SEARCH_STEP = """
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from macros.search import extract, index, text
site = Path(sys.argv[1])
# Each edition's pages into its own index, as hooks/search.py does (site/en/: English, words).
pages = sorted(p for p in site.rglob('*.html') if p.name != '404.html')
contents = []
for page in pages:
    html = page.read_text(encoding='utf-8')
    start, end = html.find('<article'), html.rfind('</article>')
    lang = 'en' if page.relative_to(site).parts[0] == 'en' else 'zh'
    contents.append((lang, page.relative_to(site).as_posix(), html[start:end]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
builders = {}
for lang, url, html in contents:
    builder = builders.setdefault(lang, index.IndexBuilder(lang=lang))
    docs = extract.documents(html, '', words=text.word_mode(lang))
    builder.add_page(url, docs[0].title if docs else '', index.RANK_LISTING, docs)
extracted = time.perf_counter()
with tempfile.TemporaryDirectory() as out:
    for lang, builder in builders.items():
        builder.write(Path(out) / lang)
done = time.perf_counter()
print(json.dumps({'pages': len(contents), 'documents': sum(b.doc_count for b in builders.values()),
                  'extract_s': round(extracted - started, 2), 'write_s': round(done - extracted, 2),
                  'total_s': round(done - started, 2),
                  'added_rss_mb': round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, 1)}))
"""


def search_step(site: Path, project: Path) -> dict:
    """The search step alone (extract + index + write) over the built pages' articles.

    The build runs it on each page's content as it renders (hooks/search.py); here it
    runs on the same article HTML read back from the site, in a process of its own,
    so its time and the memory it adds can be set against the whole build."""
    run = run_measured([PYTHON, "-c", SEARCH_STEP, str(site), str(project)], project)
    if not run.ok:
        return {"error": (run.stderr or run.stdout)[-500:]}
    return json.loads(run.stdout.strip().splitlines()[-1])


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
                if "{value}" in text or theme not in pages or text.rstrip().endswith("'"):
                    continue
                page = pages[theme].removesuffix(".md") + ".html"
                return Edit(path, page, text, "", "")
    return None


def with_marker(line: str, marker: str) -> str:
    """The statement line with ``marker`` at the end of its text (inside a closing quote)."""
    line = line.rstrip()
    return line[:-1] + marker + '"' if line.endswith('"') else line + marker


def serve_reload(project: Path, rounds: int = 3, timeout: float = 60.0, **env: str) -> dict:
    """Start ``properdocs serve`` (as `make serve` does) on 127.0.0.1:<random port> in
    ``project`` (a throw-away copy), change one fact's statement ``rounds`` times
    and time each change until the served page shows it.  ``env``: more environment
    (QA_EDITIONS="zh,en": both editions, as `make serve` builds the real site)."""
    edit = find_editable_fact(project)
    if edit is None:
        return {"error": "no fact statement to edit found"}
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{edit.page}"
    log = tempfile.TemporaryFile()
    started = time.perf_counter()
    # As `make serve`: --dirty unless the speedups are off (hooks/speedups.py; every page rebuilt then).
    dirty = [] if "speedups: false" in (project / "mkdocs.yml").read_text(encoding="utf-8") else ["--dirty"]
    process = subprocess.Popen([PYTHON, "-m", "properdocs", "serve", "-f", "mkdocs.yml", "--strict", *dirty, "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project, env=build_env(**env), stdout=log, stderr=subprocess.STDOUT,
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
            new = with_marker(edit.old, marker)
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
