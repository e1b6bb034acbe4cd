"""Performance benchmark of the report site (issue 6).  Not a test: it measures.

    python -m scripts.bench                      # sizes 10, 100, 1000 (a few minutes)
    python -m scripts.bench --sizes 10,100       # quick run
    python -m scripts.bench --no-browser --no-serve --no-real
    python -m scripts.bench --profile 1000       # also write bench/profile-1000.txt (pyinstrument)
    python -m scripts.bench --patch bench/proposed-macros.diff   # measure a proposed change first

For each size it writes a synthetic report of N pages through the project's real
schema, loader, macros, mkdocs.yml and theme overrides (scripts/benchlib/synth.py),
validates it with the real loader, builds it with ``properdocs build --strict`` and
builds the same pages as plain Markdown with default Material settings.  It also
times the real site's full build and the ``properdocs serve`` reload after a data edit.

Prints a table and writes bench/results-<timestamp>.json and bench/latest.json.
All builds run on a snapshot of the working tree taken at the start, in a temporary
directory; the working tree is never written to (except bench/).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from scripts.benchlib import measure, peer, project, synth

ROOT = project.ROOT
OUT = ROOT / "bench"
QUERIES = ["首席质量官", "标准总监", "地理标志产品", "长三角", "六西格玛"]
REAL_QUERIES = ["首席质量官", "标准总监", "驰名商标", "长三角", "六西格玛"]
# The same five in the English edition, as its pages write them.
REAL_QUERIES_EN = ["chief quality officer", "standards director", "well-known trademarks", "Yangtze River Delta",
                   "Six Sigma"]

BUDGETS = {  # name -> (limit, unit, description)
    "build_ratio_1000": (0.5, "×", "build time at 1,000 pages ≤ 0.5× plain-Markdown default build"),
    "build_ratio_100": (0.5, "×", "build time at 100 pages ≤ 0.5× plain-Markdown default build"),
    "peak_rss_1000": (300, "MB", "peak memory of the build at 1,000 pages"),
    "search_download_1000": (300, "KB", "bytes a reader downloads before the first search result, gzip (1,000 pages)"),
    "first_result_1000": (300, "ms", "first search result after typing stops (1,000 pages)"),
    "search_step_1000": (10, "%", "what search adds to the build's wall time (1,000 pages)"),
    "largest_page_1000": (100, "KB", "no page's HTML over 100 KB (1,000 pages)"),
    "own_assets_gzip": (20, "KB", "project's own CSS+JS, compressed"),
    "real_build": (3.0, "s", "real site full build"),
    "serve_reload": (1.0, "s", "make serve: data edit visible on the page (real site)"),
    "serve_reload_1000": (5.0, "s", "make serve: data edit visible on the page (1,000 pages)"),
    "pdf_build": (60, "s", "whole-report PDF of one edition (scripts.build_pdf, real site; the slower edition)"),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def versions() -> dict:
    out = {"python": platform.python_version()}
    for name in ("properdocs", "mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "pydantic", "Jinja2", "pyinstrument"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    try:
        out["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip() or None
    except OSError:
        out["node"] = None
    return out


def git_state() -> dict:
    """Read-only: the commit and whether the tree had local changes (no index refresh)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True,
                                  text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    return {"commit": git("rev-parse", "HEAD") or None, "dirty": bool(git("status", "--porcelain"))}


def build_record(run: measure.Run) -> dict:
    record = {"ok": run.ok, "wall_s": round(run.wall_s, 2), "cpu_s": round(run.cpu_s, 2),
              "peak_rss_mb": round(run.peak_rss_mb, 1)}
    if not run.ok:
        record["error"] = (run.stderr or run.stdout).strip()[-2000:]
    return record


def best_of(project_dir: Path, site: Path, repeat: int) -> tuple[measure.Run, list[dict]]:
    """Build ``repeat`` times; keep the run with the least wall time (all are recorded)."""
    runs = []
    for _ in range(repeat):
        if site.exists():
            shutil.rmtree(site)
        runs.append(measure.mkdocs_build(project_dir, site))
        if not runs[-1].ok:
            break
    best = min(runs, key=lambda r: (not r.ok, r.wall_s))
    return best, [build_record(r) for r in runs]


# --- the real site ------------------------------------------------------------------------------------


def real_site(snapshot: Path, work: Path, repeat: int, browser: bool) -> dict:
    config = (snapshot / "mkdocs.yml").read_text(encoding="utf-8")
    out: dict = {"hooks_in_mkdocs_yml": project.hook_entries(config),
                 "hooks_added_by_bench": [h for h in project.OUR_HOOKS if h not in project.hook_entries(config)]}
    variants = {"with_hooks": project.with_hooks(config), "without_hooks": project.without_speedups(config)}
    for name, text in variants.items():
        copy = work / f"real-{name}"
        project.snapshot(copy, snapshot)
        (copy / "mkdocs.yml").write_text(text, encoding="utf-8")
        runs = []
        for i in range(max(2, repeat + 1)):  # the first run fills .cache/ (cold); the others are warm
            site = work / f"real-{name}-site"
            if site.exists():
                shutil.rmtree(site)
            runs.append(measure.mkdocs_build(copy, site))
            if not runs[-1].ok:
                break
        record = {"runs": [build_record(r) for r in runs]}
        if all(r.ok for r in runs):
            warm = runs[1:]
            record["cold_wall_s"] = round(runs[0].wall_s, 2)
            record["warm_wall_s"] = round(min(r.wall_s for r in warm), 2)
            record["warm_cpu_s"] = round(min(r.cpu_s for r in warm), 2)
            record["peak_rss_mb"] = round(max(r.peak_rss_mb for r in runs), 1)
            record["site"] = measure.site_stats(work / f"real-{name}-site").as_dict()
        out[name] = record
    out["own_assets"] = measure.own_assets(snapshot, config)
    if out["with_hooks"].get("site"):
        out["pdf"] = pdf_builds(snapshot, work / "real-with_hooks-site")
    if out["with_hooks"].get("site"):
        # Search in both editions: one more build with the English edition (the timed builds
        # above are the Chinese edition alone, as every build the bench compares).
        site = work / "real-both-editions-site"
        both = measure.run_measured([measure.PYTHON, "-m", "properdocs", "build", "-f", "mkdocs.yml", "--quiet", "--strict", "--site-dir",
                                     str(site)], work / "real-with_hooks", env=measure.build_env(QA_EDITIONS="zh,en"))
        if not both.ok:
            out["search_error"] = f"the build of both editions failed: {both.stderr.strip()[-500:]}"
            return out
        out["download"] = {"zh": measure.search_download(site, REAL_QUERIES),
                           "en": measure.search_download(site / "en", REAL_QUERIES_EN)}
        if browser:
            out["search"] = measure.search(site, REAL_QUERIES, timeout_ms=60_000)
            out["search_en"] = measure.search(site, REAL_QUERIES_EN, timeout_ms=60_000, start="en/index.html")
            log("[real site] Pagefind on the same pages (the peer figures)")
            out["peer"] = peer.measure(site, {"zh": REAL_QUERIES, "en": REAL_QUERIES_EN})
    return out


def pdf_builds(snapshot: Path, site: Path) -> dict:
    """Both editions' whole-report PDFs from the real site, timed as `make pdf` runs them (this
    is where the PDF's time is held, not in a timed test)."""
    out = {}
    for edition, folder, extra in (("zh", site, []), ("en", site / "en", ["--edition", "en"])):
        run = measure.run_measured([measure.PYTHON, "-m", "scripts.build_pdf", str(folder), *extra], snapshot)
        out[edition] = {"ok": run.ok, "wall_s": round(run.wall_s, 2), "cpu_s": round(run.cpu_s, 2),
                        "peak_rss_mb": round(run.peak_rss_mb, 1), **({} if run.ok else {"error": run.stderr[-300:]})}
    return out


# --- one synthetic size --------------------------------------------------------------------------------


VALIDATE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, '.')
t = time.perf_counter()
from macros import loader
imported = time.perf_counter()
result = loader.validate(Path('data'))
done = time.perf_counter()
print(json.dumps({'problems': [str(p) for p in result.problems[:20]], 'problem_count': len(result.problems),
                  'facts': len(result.report.facts) if result.report else None,
                  'import_s': round(imported - t, 3), 'validate_s': round(done - imported, 3)}, ensure_ascii=False))
"""


def synthetic(size: int, snapshot: Path, work: Path, repeat: int, browser: bool, profile: bool,
              serve: bool = False) -> dict:
    log(f"[{size} pages] generating")
    started = time.perf_counter()
    report = synth.build(size)
    ours_dir, base_dir = work / f"ours-{size}", work / f"baseline-{size}"
    info = synth.write_ours(report, snapshot, ours_dir)
    synth.write_baseline(report, snapshot, base_dir)
    out: dict = {"pages": size, **info, "generate_s": round(time.perf_counter() - started, 2)}

    log(f"[{size} pages] validating with the real loader")
    check = measure.run_measured([measure.PYTHON, "-c", VALIDATE], ours_dir)
    try:
        validation = json.loads(check.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        validation = {"problem_count": None, "problems": [(check.stderr or check.stdout)[-1500:]]}
    validation.update(wall_s=round(check.wall_s, 2), peak_rss_mb=round(check.peak_rss_mb, 1))
    out["validation"] = validation
    if validation.get("problem_count") != 0:
        out["error"] = "the real loader rejected the synthetic data"
        return out

    content = {p.file.removesuffix(".md") for p in report.pages}
    for variant, directory in (("ours", ours_dir), ("baseline", base_dir)):
        log(f"[{size} pages] building {variant}")
        site = work / f"{variant}-{size}-site"
        run, runs = best_of(directory, site, repeat)
        record = {**build_record(run), "runs": runs}
        if run.ok:
            record["site"] = measure.site_stats(site, content).as_dict()
            record["download"] = measure.search_download(site, QUERIES)
            if variant == "ours":
                record["search_step"] = measure.search_step(site, directory)
            if browser:
                log(f"[{size} pages] searching {variant} in Chromium")
                record["search"] = measure.search(site, QUERIES)
                if variant == "ours":
                    log(f"[{size} pages] Pagefind on the same pages (the peer figures)")
                    record["peer"] = peer.measure(site, {"zh": QUERIES})
        out[variant] = record
    ours, base = out["ours"], out["baseline"]
    if ours["ok"]:   # the same site with no search: what search adds to the build
        log(f"[{size} pages] building ours without search")
        bare = work / f"ours-{size}-no-search"
        shutil.copytree(ours_dir, bare)
        config = bare / "mkdocs.yml"
        config.write_text(project.without_search(config.read_text(encoding="utf-8")), encoding="utf-8")
        run, runs = best_of(bare, work / f"ours-{size}-no-search-site", repeat)
        ours["without_search"] = {**build_record(run), "runs": runs}
        shutil.rmtree(bare, ignore_errors=True)
    if ours["ok"] and base["ok"]:
        out["ratio"] = {
            "build_wall": round(ours["wall_s"] / base["wall_s"], 3),
            "build_cpu": round(ours["cpu_s"] / base["cpu_s"], 3),
            "peak_rss": round(ours["peak_rss_mb"] / base["peak_rss_mb"], 3),
            "site_bytes": round(ours["site"]["total_bytes"] / base["site"]["total_bytes"], 3),
            "largest_page": round(ours["site"]["largest_page_bytes"] / base["site"]["largest_page_bytes"], 3),
            # Whole index on disk (ours: search/qa/; Material: search_index.json), gzip.
            "search_index_gzip": round(ours["site"]["qa_index_gzip_bytes"]
                                       / base["site"]["search_index_gzip_bytes"], 3),
        }
        if ours["download"].get("max_bytes") and base["download"].get("max_bytes"):
            out["ratio"]["search_download"] = round(ours["download"]["max_bytes"] / base["download"]["max_bytes"], 3)
        bare = ours.get("without_search") or {}
        if bare.get("ok"):   # what search adds to the build's wall time (its step runs beside the build)
            out["ratio"]["search_added_share"] = round((ours["wall_s"] - bare["wall_s"]) / ours["wall_s"], 3)
        step = ours.get("search_step") or {}
        if step.get("total_s") is not None:
            out["ratio"]["search_step_share"] = round(step["total_s"] / ours["wall_s"], 3)
        if ours.get("search", {}).get("median_ms") and base.get("search", {}).get("median_ms"):
            out["ratio"]["first_result_median"] = round(ours["search"]["median_ms"] / base["search"]["median_ms"], 3)
    if profile:
        out["profile"] = run_profile(ours_dir, work / f"profile-{size}-site", size)
    if serve:   # last: it edits the project's data
        log(f"[{size} pages] mkdocs serve: editing a fact, waiting for the page")
        out["serve_reload"] = measure.serve_reload(ours_dir, timeout=120.0)
    return out


def run_profile(project_dir: Path, site: Path, size: int) -> dict:
    """pyinstrument over one build; text report in bench/profile-<size>.txt."""
    try:
        metadata.version("pyinstrument")
    except metadata.PackageNotFoundError:
        return {"error": "pyinstrument not installed (.venv/bin/pip install pyinstrument==5.1.3)"}
    target = OUT / f"profile-{size}.txt"
    run = measure.run_measured([measure.PYTHON, "-m", "pyinstrument", "--show-all", "-o", str(target),
                                "-m", "properdocs", "build", "-f", "mkdocs.yml", "--quiet", "--site-dir", str(site)], project_dir)
    return {"file": str(target.relative_to(ROOT)), "ok": run.ok, "wall_s": round(run.wall_s, 2)}


# --- report ----------------------------------------------------------------------------------------------


def kb(n: float | None) -> str:
    return "—" if n is None else f"{n / 1024:,.0f}"


def mb(n: float | None) -> str:
    return "—" if n is None else f"{n / 1024 / 1024:,.1f}"


def table(results: dict) -> str:
    head = ("| pages | build | wall s | CPU s | peak RSS MB | site MB | largest page KB | largest themed KB "
            "| search index on disk KB gz | download to first result KB gz (max) | first result ms (median / max) |")
    lines = [head, "|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|"]
    for size, r in results["sizes"].items():
        if "error" in r and "ours" not in r:
            lines.append(f"| {size} | error | {r['error']} |||||||||")
            continue
        for variant in ("ours", "baseline"):
            v = r[variant]
            if not v["ok"]:
                lines.append(f"| {size} | {variant} | build failed ||||||||| ")
                continue
            s, q, d = v["site"], v.get("search") or {}, v.get("download") or {}
            on_disk = s["qa_index_gzip_bytes"] if variant == "ours" else s["search_index_gzip_bytes"]
            first = (f"{q['median_ms']:.0f} / {q['max_ms']:.0f}" if q.get("median_ms") is not None
                     else (q.get("skipped") or (q.get("error") or "—")[:40]))
            lines.append(
                f"| {size} | {variant} | {v['wall_s']:.1f} | {v['cpu_s']:.1f} | {v['peak_rss_mb']:.0f} | "
                f"{mb(s['total_bytes'])} | {kb(s['largest_page_bytes'])} ({s['largest_page']}) | "
                f"{kb(s['largest_content_page_bytes'])} | {kb(on_disk)} | "
                f"{kb(d.get('max_bytes'))} | {first} |")
        ratio = r.get("ratio")
        if ratio:
            lines.append(
                f"| {size} | **ours / baseline** | **{ratio['build_wall']:.2f}×** | {ratio['build_cpu']:.2f}× | "
                f"{ratio['peak_rss']:.2f}× | {ratio['site_bytes']:.2f}× | {ratio['largest_page']:.2f}× | | "
                f"{ratio['search_index_gzip']:.2f}× | **{ratio.get('search_download', 0):.2f}×** | "
                f"{(str(ratio['first_result_median']) + '×') if 'first_result_median' in ratio else ''} |")
    return "\n".join(lines)


def peer_table(results: dict) -> str:
    """Ours beside Pagefind on the same pages and queries: bytes before the first result
    (gzip, median / max) and the time to it (median / max ms; see bench/README.md)."""
    lines = ["| pages | edition | search | KB before first result (median / max) | first result ms (median / max) |",
             "|---|---|---|---:|---:|"]

    def row(name: str, lang: str, download: dict, typed: dict, pagefind: dict | None) -> None:
        ours_ms = (f"{typed['median_ms']:.0f} / {typed['max_ms']:.0f}" if typed.get("median_ms") is not None
                   else typed.get("skipped") or typed.get("error", "—")[:40])
        lines.append(f"| {name} | {lang} | ours | {kb(download.get('median_bytes'))} / {kb(download.get('max_bytes'))} "
                     f"| {ours_ms} (typed into the box) |")
        if pagefind is None:
            return
        if pagefind.get("skipped") or not (pagefind.get("index") or {}).get("ok"):
            why = pagefind.get("skipped") or (pagefind.get("index") or {}).get("error", "")
            lines.append(f"| {name} | {lang} | Pagefind | not measured: {why[:120]} | |")
            return
        found = pagefind["search"][lang]
        if found.get("error") or found.get("median_bytes") is None:
            lines.append(f"| {name} | {lang} | {pagefind['version']} | error: {(found.get('error') or '')[:120]} | |")
            return
        lines.append(f"| {name} | {lang} | {pagefind['version']} | {kb(found['median_bytes'])} / {kb(found['max_bytes'])} "
                     f"| {found['median_query_ms']:.0f} / {found['max_query_ms']:.0f} (search() to the first "
                     f"result's data; with init {found['median_total_ms']:.0f}) |")

    real = results.get("real_site") or {}
    if real.get("download"):
        for lang, typed in (("zh", real.get("search") or {}), ("en", real.get("search_en") or {})):
            row("real", lang, real["download"][lang], typed, real.get("peer"))
    for size, r in results.get("sizes", {}).items():
        ours = r.get("ours") or {}
        if ours.get("ok"):
            row(size, "zh", ours.get("download") or {}, ours.get("search") or {}, ours.get("peer"))
    return "\n".join(lines)


def budgets(results: dict) -> list[dict]:
    out = []

    full = "1000" in results["sizes"]

    def add(key: str, value, note: str = "") -> None:
        limit, unit, text = BUDGETS[key]
        judged = value is not None and (full or not key.endswith("_1000"))
        out.append({"budget": key, "description": text, "limit": limit, "unit": unit,
                    "measured": value, "holds": value <= limit if judged else None, "note": note})

    big = results["sizes"].get("1000") or results["sizes"].get(max(results["sizes"], key=int, default="0"))
    note_size = "" if "1000" in results["sizes"] else "1,000 pages not run: measured at the largest size run"
    if big and big.get("ratio"):
        o = big["ours"]
        add("build_ratio_1000", big["ratio"]["build_wall"], note_size or f"CPU ratio {big['ratio']['build_cpu']}×")
        add("peak_rss_1000", o["peak_rss_mb"], note_size)
        d = o.get("download") or {}
        add("search_download_1000", round(d["max_bytes"] / 1024, 1) if d.get("max_bytes") else None,
            note_size or f"median {kb(d.get('median_bytes'))} KB over {len(QUERIES)} queries; Material's own search "
            f"{kb((big['baseline'].get('download') or {}).get('max_bytes'))} KB")
        q = o.get("search") or {}
        add("first_result_1000", q.get("max_ms"), q.get("skipped") or q.get("error") or note_size
            or f"median {q.get('median_ms')} ms; max over {len(QUERIES)} queries")
        step = o.get("search_step") or {}
        bare = o.get("without_search") or {}
        share = big["ratio"].get("search_added_share")
        add("search_step_1000", round(share * 100, 1) if share is not None else None,
            step.get("error", "")[:200] or note_size or
            f"build {o['wall_s']} s, without any search {bare.get('wall_s')} s (peak {bare.get('peak_rss_mb')} MB "
            f"against {o.get('peak_rss_mb')} MB); the step alone: {step.get('total_s')} s CPU, "
            f"{step.get('added_rss_mb')} MB, run beside the build in a process of its own")
        themed = o["site"]["largest_content_page_bytes"] / 1024
        overall = o["site"]["largest_page_bytes"] / 1024
        add("largest_page_1000", round(overall, 1),
            f"largest: {o['site']['largest_page']}; largest themed page {themed:.0f} KB; "
            f"over 100 KB: {', '.join(o['site']['pages_over_100kb']) or 'none'}" + (f"; {note_size}" if note_size else ""))
    hundred = results["sizes"].get("100") or {}
    if hundred.get("ratio"):   # README's budget table has this row too
        add("build_ratio_100", hundred["ratio"]["build_wall"], f"CPU ratio {hundred['ratio']['build_cpu']}×")
    real = results.get("real_site") or {}
    if real.get("own_assets"):
        add("own_assets_gzip", round(real["own_assets"]["gzip"] / 1024, 1),
            ", ".join(f"{k} {v['gzip']} B" for k, v in real["own_assets"]["files"].items()))
    if real.get("with_hooks", {}).get("warm_wall_s") is not None:
        w = real["with_hooks"]
        add("real_build", w["warm_wall_s"], f"cold (no compiled templates yet) {w['cold_wall_s']} s; CPU {w['warm_cpu_s']} s; "
            f"without the proposed hooks {real.get('without_hooks', {}).get('warm_wall_s')} s")
    pdf = real.get("pdf") or {}
    if pdf and all(p["ok"] for p in pdf.values()):
        add("pdf_build", max(p["wall_s"] for p in pdf.values()),
            "; ".join(f"{e}: {p['wall_s']} s wall, {p['cpu_s']} s CPU, {p['peak_rss_mb']} MB" for e, p in pdf.items()))
    big_serve = (results["sizes"].get("1000") or {}).get("serve_reload") or {}
    if big_serve:
        add("serve_reload_1000", big_serve.get("max_s"), big_serve.get("error", "")[:200] or
            f"rounds {big_serve.get('rounds')}; first build {big_serve.get('startup_s')} s")
    serve = results.get("serve_reload") or {}
    if serve:
        without = results.get("serve_reload_without_hooks") or {}
        add("serve_reload", serve.get("max_s"), serve.get("error", "")[:200] or
            f"rounds {serve.get('rounds')}; without the proposed hooks {without.get('rounds')}")
    return out


def budget_table(rows: list[dict]) -> str:
    lines = ["| budget | limit | measured | holds | note |", "|---|---:|---:|---|---|"]
    for b in rows:
        verdict = {True: "yes", False: "**NO**", None: "not judged"}[b["holds"]]
        lines.append(f"| {b['description']} | {b['limit']} {b['unit']} | {b['measured']} | {verdict} | {b['note']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated page counts (default 10,100,1000)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per variant and size; the fastest is kept")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium search timing")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve reload measurement")
    parser.add_argument("--no-real", action="store_true", help="skip the real site's build measurement")
    parser.add_argument("--profile", type=int, default=None, metavar="SIZE",
                        help="also profile the build at SIZE pages with pyinstrument (bench/profile-SIZE.txt)")
    parser.add_argument("--patch", type=Path, default=None, metavar="DIFF",
                        help="apply this unified diff (paths a/macros/...) to the snapshot before measuring, "
                             "to measure a proposed change without touching the working tree")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and sites")
    parser.add_argument("--out", type=Path, default=OUT, help="results directory (default bench/)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    missing = None if not args.no_browser else "--no-browser"
    if missing is None:
        missing = measure.browser_missing()
    browser = missing is None
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    results: dict = {"timestamp": stamp, "host": {"cpus": os.cpu_count(), "machine": platform.machine(),
                                                  "load_before": measure.load_average()},
                     "versions": versions(), "git": git_state(), "sizes_requested": sizes,
                     "proposed_hooks": list(project.OUR_HOOKS),
                     "search_column": "measured" if browser else f"skipped: {missing}",
                     "notes": ["wall times are affected by other processes on the machine: see host.load_*; "
                               "cpu_s (user+system of the build) is the steadier number"]}

    work = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    try:
        snapshot = project.snapshot(work / "snapshot")
        if args.patch:
            applied = subprocess.run(["patch", "-p1", "--forward", "--batch", "-d", str(snapshot),
                                      "-i", str(args.patch.resolve())], capture_output=True, text=True)
            results["patch"] = {"file": str(args.patch), "ok": applied.returncode == 0,
                                "output": (applied.stdout + applied.stderr).strip()[-1000:]}
            if applied.returncode != 0:
                log(f"patch {args.patch} does not apply:\n{results['patch']['output']}")
                return 2
        sys.path.insert(0, str(snapshot))  # the snapshot's macros (schema lines) for the generator

        if not args.no_real:
            log("[real site] building with and without the proposed hooks")
            results["real_site"] = real_site(snapshot, work, max(2, args.repeat), browser)
        if not args.no_serve:
            for key, edit in (("serve_reload", project.with_hooks), ("serve_reload_without_hooks", project.without_speedups)):
                log(f"[real site] mkdocs serve ({key}): editing a fact, waiting for the page")
                copy = project.snapshot(work / key, snapshot)
                config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
                (copy / "mkdocs.yml").write_text(edit(config), encoding="utf-8")
                results[key] = measure.serve_reload(copy, QA_EDITIONS="zh,en")   # as make serve

        results["sizes"] = {}
        for size in sizes:
            try:
                results["sizes"][str(size)] = synthetic(size, snapshot, work, args.repeat, browser,
                                                        args.profile == size,
                                                        serve=not args.no_serve and size == max(sizes))
            except Exception as error:  # report and go on with the next size
                results["sizes"][str(size)] = {"error": f"{type(error).__name__}: {error}"}
            if not browser:
                for variant in ("ours", "baseline"):
                    if variant in results["sizes"][str(size)]:
                        results["sizes"][str(size)][variant]["search"] = {"skipped": f"skipped: {missing}"}
            for variant in ("ours", "baseline"):  # free disk between sizes
                shutil.rmtree(work / f"{variant}-{size}-site", ignore_errors=True) if not args.keep else None
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    results["host"]["load_after"] = measure.load_average()
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["budgets"] = budgets(results)

    args.out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=2) + "\n"
    suffix = "-patched" if args.patch else ""  # latest.json always describes the tree as it is
    results_file = args.out / f"results-{stamp}{suffix}.json"
    results_file.write_text(text, encoding="utf-8")
    (args.out / f"latest{suffix}.json").write_text(text, encoding="utf-8")

    if results.get("patch"):
        print(f"\nMeasured WITH the patch {results['patch']['file']} applied to the snapshot.")
    print(f"\n质量安徽 benchmark {stamp} ({results['host']['cpus']} CPUs, load {results['host']['load_before']} → "
          f"{results['host']['load_after']}, {results['total_s']} s)\n")
    print(table(results))
    if not browser:
        print(f"\nFirst-result column skipped: {missing}")
    real = results.get("real_site")
    if real and real.get("with_hooks", {}).get("warm_wall_s") is not None:
        w, wo = real["with_hooks"], real.get("without_hooks", {})
        print(f"\nReal site: full build {w['warm_wall_s']} s warm / {w['cold_wall_s']} s cold "
              f"(CPU {w['warm_cpu_s']} s, peak {w['peak_rss_mb']} MB); without the proposed hooks "
              f"{wo.get('warm_wall_s')} s (CPU {wo.get('warm_cpu_s')} s). Search index on disk "
              f"{kb(w['site']['qa_index_gzip_bytes'])} KB gzip. "
              f"Own CSS+JS {real['own_assets']['gzip'] / 1024:.1f} KB gzip.")
    serve = results.get("serve_reload")
    if serve:
        without = results.get("serve_reload_without_hooks") or {}
        print(f"mkdocs serve: data edit visible after {serve.get('rounds')} s "
              f"(without the proposed hooks {without.get('rounds')} s)"
              + (f" — {serve['error'][:300]}" if serve.get("error") else ""))
    print("\nPeer figures: Pagefind on the same pages, the same queries\n")
    print(peer_table(results))
    print("\nBudgets\n")
    print(budget_table(results["budgets"]))
    shown = results_file.relative_to(ROOT) if results_file.is_relative_to(ROOT) else results_file
    print(f"\nwrote {shown} and latest{suffix}.json")
    failed_sizes = [s for s, r in results["sizes"].items() if "error" in r]
    return 1 if failed_sizes else 0


if __name__ == "__main__":
    sys.exit(main())
