"""Which engine below the report: MkDocs 1.6.1, MkDocs NG, ProperDocs, mkdocs-materialx (issue 23, item 5).

    python -m scripts.engines                       # all candidates, real site + 1,000-page bench, 3 warm runs
    python -m scripts.engines --repeat 1 --plain 0  # quick look
    python -m scripts.engines --only mkdocs-1.6.1,properdocs
    python -m scripts.engines --suite properdocs    # the project's tests (CI=true) on one candidate

Each candidate gets a venv of its own under build/engines/ (scripts/benchlib/engines.py:
the locked requirements.txt with the candidate swapped in).  In one run, on one snapshot
of the working tree, every candidate builds (a) the real site, both editions, strict;
(b) the 1,000-page synthetic report through the project's macros and hooks, as
``make bench`` builds it; (c) optionally the same 1,000 pages as plain Markdown with
default Material settings (the engine without our code).  Runs are interleaved
(A B C A B C ...) because other people share the machine; the load average is
recorded beside every run.  The first round fills the template cache (cold) and is
reported apart; the others give median, min and max.

Every candidate's last built site is compared byte for byte with MkDocs 1.6.1's,
and MkDocs 1.6.1's first build with its last (the comparison's control: if the
baseline is not reproducible, a difference means nothing).

Writes bench/engines/results.json and bench/engines/results.md (small: no build output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from scripts.benchlib import engines, measure, project, sitediff, synth

ROOT = project.ROOT
WORK = engines.ENGINES_DIR / "work"
OUT = ROOT / "bench" / "engines"
SYNTH_PAGES = 1000
ERROR_CHARS = 1500            # tail of a failed build's output kept in the results
OTHER_LINES = 8               # distinct non-INFO, non-WARNING lines kept (banners, notices)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
THEME_NAME = re.compile(r"^(theme:\n(?:[ \t].*\n|\n)*?[ \t]+name:[ \t]*)material[ \t]*$", re.M)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def with_theme(config: str, name: str) -> str:
    """mkdocs.yml text whose theme is registered as ``name`` (mkdocs-materialx: ``materialx``)."""
    if name == "material":
        return config
    edited, count = THEME_NAME.subn(rf"\g<1>{name}", config, count=1)
    if count != 1:
        raise ValueError("mkdocs.yml: no `theme:` block with `name: material` found to rename")
    return edited


class Job:
    """One site to build with every candidate: a project folder per candidate and its environment."""

    def __init__(self, name: str, editions: str | None, dirs: dict[str, Path]):
        self.name, self.editions, self.dirs = name, editions, dirs

    def env(self, candidate: engines.Candidate) -> dict[str, str]:
        env = measure.build_env(XDG_CACHE_HOME=str(WORK / "cache" / candidate.name), **candidate.env)
        if self.editions is None:     # the real site: both editions, as `make build`
            env.pop("QA_EDITIONS", None)
        else:
            env["QA_EDITIONS"] = self.editions
        return env

    def site(self, candidate: engines.Candidate) -> Path:
        return WORK / "sites" / self.name / candidate.name


def prepare(candidates: list[engines.Candidate], snapshot: Path, plain: bool) -> list[Job]:
    """A copy of each project per candidate, its config naming the candidate's theme."""
    def per_candidate(job: str, write) -> dict[str, Path]:
        dirs = {}
        for c in candidates:
            target = WORK / "projects" / job / c.name
            write(target)
            config = target / "mkdocs.yml"
            config.write_text(with_theme(config.read_text(encoding="utf-8"), c.theme_name), encoding="utf-8")
            dirs[c.name] = target
        return dirs

    def real(target: Path) -> None:
        if target.exists():
            shutil.rmtree(target)
        project.snapshot(target, snapshot)

    log(f"generating the {SYNTH_PAGES}-page synthetic report")
    report = synth.build(SYNTH_PAGES)
    jobs = [Job("real", None, per_candidate("real", real)),
            Job(f"synthetic-{SYNTH_PAGES}", "zh",
                per_candidate("synthetic", lambda t: synth.write_ours(report, snapshot, t)))]
    if plain:
        jobs.append(Job(f"plain-{SYNTH_PAGES}", "zh",
                        per_candidate("plain", lambda t: synth.write_baseline(report, snapshot, t))))
    return jobs


def build_once(job: Job, candidate: engines.Candidate) -> dict:
    site = job.site(candidate)
    if site.exists():
        shutil.rmtree(site)
    load = measure.load_average()
    run = measure.run_measured([str(candidate.stack.python), "-m", candidate.module, "build", "--strict",
                                "--config-file", "mkdocs.yml", "--site-dir", str(site)],
                               job.dirs[candidate.name], env=job.env(candidate))
    lines = [ANSI.sub("", line).rstrip() for line in (run.stderr + run.stdout).splitlines()]
    record = {"ok": run.ok, "wall_s": round(run.wall_s, 2), "cpu_s": round(run.cpu_s, 2),
              "peak_rss_mb": round(run.peak_rss_mb, 1), "load_1min_before": load[0] if load else None,
              "warnings": [line for line in lines if line.startswith("WARNING")],
              "other_output": list(dict.fromkeys(line.strip() for line in lines
                                                 if line.strip(" │") and not line.startswith(("INFO", "WARNING"))))[:OTHER_LINES]}
    if not run.ok:
        record["error"] = "\n".join(lines)[-ERROR_CHARS:]
    return record


def summarise(runs: list[dict]) -> dict:
    """Cold (first) run apart; median, min and max of the warm ones."""
    out = {"ok": all(r["ok"] for r in runs), "runs": runs}
    if not out["ok"]:
        failed = next(r for r in runs if not r["ok"])
        out["error"] = failed["error"]
        return out
    warm = runs[1:] or runs
    walls = [r["wall_s"] for r in warm]
    out.update(cold_wall_s=runs[0]["wall_s"], wall_median_s=round(statistics.median(walls), 2),
               wall_min_s=min(walls), wall_max_s=max(walls),
               cpu_median_s=round(statistics.median(r["cpu_s"] for r in warm), 2),
               peak_rss_mb=max(r["peak_rss_mb"] for r in runs),
               warnings=sorted({w for r in runs for w in r["warnings"]}),
               other_output=runs[-1]["other_output"])
    return out


def measure_all(jobs: list[Job], candidates: list[engines.Candidate], repeat: int, plain_repeat: int) -> dict:
    runs: dict[str, dict[str, list[dict]]] = {j.name: {c.name: [] for c in candidates} for j in jobs}
    control: dict[str, Path] = {}
    for round_no in range(repeat + 1):
        for job in jobs:
            if job.name.startswith("plain") and round_no >= plain_repeat:
                continue
            for c in candidates:
                done = runs[job.name][c.name]
                if done and not done[-1]["ok"]:
                    continue          # a broken build stays broken: its error is recorded once
                log(f"round {round_no} · {job.name} · {c.name}")
                done.append(build_once(job, c))
                log(f"    {'ok' if done[-1]['ok'] else 'FAILED'} {done[-1]['wall_s']} s, "
                    f"{done[-1]['peak_rss_mb']} MB, load {done[-1]['load_1min_before']}")
                if round_no == 0 and repeat > 0 and c is engines.BASELINE and done[-1]["ok"]:
                    control[job.name] = WORK / "sites" / f"{job.name}-control"
                    if control[job.name].exists():
                        shutil.rmtree(control[job.name])
                    shutil.copytree(job.site(c), control[job.name])
    results = {}
    for job in jobs:
        results[job.name] = {c.name: summarise(runs[job.name][c.name]) for c in candidates}
        base_site = job.site(engines.BASELINE)
        if job.name in control and results[job.name][engines.BASELINE.name]["ok"]:
            results[job.name]["control_baseline_first_vs_last"] = sitediff.compare(control[job.name], base_site)
            shutil.rmtree(control[job.name])
        for c in candidates:
            if c is not engines.BASELINE and results[job.name][c.name]["ok"] and base_site.exists():
                results[job.name][c.name]["vs_mkdocs_1_6_1"] = sitediff.compare(base_site, job.site(c))
    return results


def describe(candidates: list[engines.Candidate]) -> dict:
    out, base = {}, None
    for stack in dict.fromkeys(c.stack for c in candidates):
        log(f"venv {stack.name}")
        info = engines.ensure(stack, log=log)
        base = base or info
        dists = tuple(dict.fromkeys(("mkdocs", "mkdocs-material", *(a.split("==")[0] for a in stack.add))))
        out[stack.name] = {"pip_check": info["pip_check"], "vs_lock": engines.installed_delta(base, info),
                           "metadata": engines.promises(stack, dists)}
    return out


def markdown(results: dict) -> str:
    lines = ["# Engines below the report: one run", "",
             f"{results['timestamp']} · {results['host']['cpus']} CPUs · load before/after "
             f"{results['load_before']} / {results['load_after']} · warm runs: {results['repeat']} "
             "(plus one cold run that fills the template cache)", "",
             "Written by `python -m scripts.engines` (results.json beside this file has every run).", ""]
    for job, per in results["jobs"].items():
        lines += [f"## {job}", "",
                  "| candidate | ok | wall s median (min–max) | cold s | CPU s | peak RSS MB | warnings | output vs MkDocs 1.6.1 |",
                  "|---|---|---|---:|---:|---:|---:|---|"]
        for name, r in per.items():
            if name.startswith("control"):
                continue
            if not r["ok"]:
                first = r["error"].strip().splitlines()[-1][:120] if r["error"].strip() else "?"
                lines.append(f"| {name} | **failed** | `{first}` ||||||")
                continue
            diff = r.get("vs_mkdocs_1_6_1")
            same = ("(baseline)" if diff is None else "identical" if diff["identical"] else
                    f"{diff['differ']} differ, +{diff['only_in_candidate']} / −{diff['only_in_baseline']} files")
            lines.append(f"| {name} | yes | {r['wall_median_s']} ({r['wall_min_s']}–{r['wall_max_s']}) | "
                         f"{r['cold_wall_s']} | {r['cpu_median_s']} | {r['peak_rss_mb']} | {len(r['warnings'])} | {same} |")
        control = per.get("control_baseline_first_vs_last")
        if control:
            lines += ["", f"Control: MkDocs 1.6.1's first and last builds are "
                          f"{'byte-identical' if control['identical'] else 'NOT identical (%d files differ)' % control['differ']}."]
        lines.append("")
    return "\n".join(lines)


SUITE_LINES = re.compile(r"^(FAILED|ERROR|XPASS|XFAIL|SKIPPED|=+ .* =+$|\d+ (passed|failed))")


def suite(candidate: engines.Candidate, out: Path) -> int:
    """The project's whole test suite (as `make test` with CI=true) in the candidate's venv;
    the outcome lines (failures, errors, xfails, skips, the count) go to suite-<name>.txt."""
    stack = candidate.stack
    engines.ensure(stack, log=log)
    shim = candidate.module == "properdocs"
    if shim:
        engines.install_as_mkdocs_shim(stack)
    env = dict(os.environ, CI="true", PYTHONDONTWRITEBYTECODE="1", **candidate.env)
    env.setdefault("SOURCE_DATE_EPOCH", subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                                                       capture_output=True, text=True).stdout.strip())
    try:
        log(f"pytest with {candidate.name} ({stack.python.relative_to(ROOT)}), CI=true")
        run = measure.run_measured([str(stack.python), "-m", "pytest", "-q", "-rfEsxX", "-p", "no:cacheprovider"],
                                   ROOT, env=env, timeout=3600)
    finally:
        if shim:
            engines.remove_as_mkdocs_shim(stack)
    lines = [line for line in run.stdout.splitlines() if SUITE_LINES.match(line)]
    out.mkdir(parents=True, exist_ok=True)
    head = (f"# pytest -q on {candidate.name}: {candidate.summary}\n# exit {run.returncode}, "
            f"{run.wall_s:.0f} s wall, load after {measure.load_average()}\n")
    (out / f"suite-{candidate.name}.txt").write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    print(head + "\n".join(lines))
    return run.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per candidate and site (after one cold run)")
    parser.add_argument("--plain", type=int, default=2,
                        help="runs of the plain-Markdown 1,000 pages per candidate (0: not built)")
    parser.add_argument("--only", default="", help="comma-separated candidate names (the baseline is always built)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--suite", default="", metavar="NAME",
                        help="instead of measuring: run the project's test suite (CI=true) on candidate NAME")
    args = parser.parse_args(argv)
    if args.suite:
        chosen = [c for c in engines.CANDIDATES if c.name == args.suite]
        if not chosen:
            parser.error(f"unknown candidate {args.suite!r}; choose from {[c.name for c in engines.CANDIDATES]}")
        return suite(chosen[0], args.out)
    wanted = {n for n in args.only.split(",") if n}
    unknown = wanted - {c.name for c in engines.CANDIDATES}
    if unknown:
        parser.error(f"unknown candidate(s) {sorted(unknown)}; choose from {[c.name for c in engines.CANDIDATES]}")
    candidates = [c for c in engines.CANDIDATES if not wanted or c.name in wanted or c is engines.BASELINE]

    started = dt.datetime.now(dt.timezone.utc)
    stacks = describe(candidates)
    snapshot = project.snapshot(WORK / "snapshot")
    jobs = prepare(candidates, snapshot, plain=args.plain > 0)
    load_before = measure.load_average()
    results = {
        "timestamp": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": {"python": platform.python_version(), "cpus": os.cpu_count(),
                 "machine": platform.machine()},
        "repeat": args.repeat,
        "candidates": {c.name: {"summary": c.summary, "stack": c.stack.name, "command": f"python -m {c.module} build",
                                "theme_name": c.theme_name} for c in candidates},
        "stacks": stacks,
        "load_before": load_before,
        "jobs": measure_all(jobs, candidates, args.repeat, args.plain),
        "load_after": measure.load_average(),
    }
    results["total_s"] = round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    table = markdown(results)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
