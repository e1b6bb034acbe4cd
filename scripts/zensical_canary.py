"""Zensical canary: can this project be built with Zensical, and what would differ?

    python -m scripts.zensical_canary            (make zensical; allowed to fail)
    python -m scripts.zensical_canary --version 0.1.2

1. Creates ``.venv-zensical/`` (git-ignored) with ``zensical==<version>`` and the
   data layer's pinned dependencies from requirements.txt (pydantic, PyYAML, Jinja2 ...),
   because Zensical imports ``macros/main.py`` itself.
2. Reads the Zensical wheel's own compatibility table (``zensical/config.py``:
   supported MkDocs plugins and the options it silently ignores) and checks
   mkdocs.yml against it -- this works even when the install fails.
3. If Zensical installed: builds a snapshot of the project with ``zensical build``
   (timed) and with ``mkdocs build``, and compares pages present, fact ids per page,
   whether macros were rendered, the search index and the files our hooks write.

Prints a report either way and writes bench/zensical-latest.json.  Exit status 0
when Zensical built the site, 1 when it could not (which `make zensical` tolerates).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from scripts.benchlib import measure, project

ROOT = project.ROOT
VENV = ROOT / ".venv-zensical"
DEFAULT_VERSION = "0.1.1"
# The data layer (macros/) needs these at build time under Zensical too.
DATA_LAYER = ("pydantic", "pydantic_core", "PyYAML", "Jinja2", "MarkupSafe", "pymdown-extensions",
              "annotated-types", "typing-inspection", "typing_extensions")
FACT_ID = re.compile(r'data-fact-id="([^"]+)"')


def pins() -> list[str]:
    """``name==version`` from requirements.txt for the data layer's packages."""
    wanted = {n.lower().replace("_", "-") for n in DATA_LAYER}
    out = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        name = re.split(r"[=<>!~ ]", line)[0]
        if line and name.lower().replace("_", "-") in wanted:
            out.append(line)
    return out


def run(command: list[str], cwd: Path | None = None, timeout: int = 900, env: dict | None = None):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def tail(text: str, lines: int = 12) -> str:
    kept = [l for l in text.strip().splitlines() if "WARNING: Location" not in l]
    return "\n".join(kept[-lines:])


# --- 1. install ---------------------------------------------------------------------------------------


def install(version: str) -> dict:
    python = VENV / "bin" / "python"
    if not python.exists():
        made = run([sys.executable, "-m", "venv", str(VENV)])
        if made.returncode != 0:
            return {"ok": False, "step": "venv", "output": tail(made.stderr or made.stdout)}
    started = time.perf_counter()
    result = run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                  f"zensical=={version}", *pins()])
    record = {"ok": result.returncode == 0, "venv": str(VENV.relative_to(ROOT)),
              "requested": [f"zensical=={version}", *pins()], "seconds": round(time.perf_counter() - started, 1)}
    if result.returncode != 0:
        record["output"] = tail(result.stderr or result.stdout)
        missing = re.findall(r"No matching distribution found for (\S+)", result.stderr or "")
        if missing:
            record["missing"] = missing
    else:
        shown = run([str(python), "-m", "pip", "show", "zensical"])
        found = re.search(r"^Version: (\S+)", shown.stdout, re.M)
        record["installed"] = found.group(1) if found else None
    return record


# --- 2. what the wheel says it supports ------------------------------------------------------------------


def wheel_support(version: str, work: Path) -> dict:
    """Zensical's table of supported MkDocs plugins (and their ignored options), from the wheel."""
    target = work / "wheel"
    result = run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
                  "-d", str(target), f"zensical=={version}"])
    wheels = sorted(target.glob("zensical-*.whl"))
    if result.returncode != 0 or not wheels:
        return {"error": tail(result.stderr or result.stdout, 4) or "no wheel downloaded"}
    with zipfile.ZipFile(wheels[0]) as wheel:
        source = wheel.read("zensical/config.py").decode("utf-8")
        metadata = next((wheel.read(n).decode("utf-8") for n in wheel.namelist() if n.endswith("METADATA")), "")
        names = wheel.namelist()
    table: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "_PLUGIN_UNSUPPORTED_OPTIONS" for t in targets):
                table = ast.literal_eval(node.value)
    # `hooks` is only listed among the accepted top-level keys unless something reads it.
    hooks_run = source.count('"hooks"') + source.count("'hooks'") > 1 or any("hooks" in n for n in names)
    return {"wheel": wheels[0].name, "supported_plugins": sorted(table), "ignored_options": table,
            "requires": re.findall(r"^Requires-Dist: (.+)$", metadata, re.M),
            "macros_compat_module": "zensical/extensions/macros.py" in names,
            "runs_mkdocs_hooks": hooks_run}


def config_plugins(text: str) -> dict[str, list[str]]:
    """Plugins in mkdocs.yml and the option names given to each (text parsing: the file has a python tag)."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if re.match(r"^plugins\s*:", l)), None)
    out: dict[str, list[str]] = {}
    if start is None:
        return out
    current = None
    for line in lines[start + 1:]:
        if re.match(r"^\S", line):
            break
        item = re.match(r"^  - ([\w/.-]+)\s*:?\s*$", line)
        if item:
            current = item.group(1)
            out[current] = []
            continue
        option = re.match(r"^      ([\w-]+)\s*:", line)
        if option and current:
            out[current].append(option.group(1))
    return out


def static_findings(config: str, support: dict) -> list[dict]:
    findings = []
    if "error" in support:
        return [{"what": "Zensical's compatibility table", "status": "unknown", "detail": support["error"]}]
    for plugin, options in config_plugins(config).items():
        name = plugin.split("/")[-1]
        if name not in support["supported_plugins"]:
            findings.append({"what": f"plugin `{plugin}`", "status": "blocker",
                             "detail": "not supported: Zensical silently ignores it"})
            continue
        ignored = [o for o in options if o in support["ignored_options"].get(name, ())]
        findings.append({"what": f"plugin `{plugin}`", "status": "differs" if ignored else "supported",
                         "detail": (f"options ignored by Zensical: {', '.join(ignored)}" if ignored else "recognised")})
    hooks = project.hook_entries(config)
    if hooks:
        findings.append({"what": f"hooks ({', '.join(hooks)})", "status": "blocker" if not support["runs_mkdocs_hooks"] else "supported",
                         "detail": "`hooks:` is an accepted key but nothing in the wheel loads MkDocs hooks: "
                                   "the downloadable datasets (hooks/exports.py) would be missing; the benchmark's "
                                   "build-speed/index hooks would simply not apply"})
    if "jieba_dict_user" in config:
        findings.append({"what": "Chinese search", "status": "blocker",
                         "detail": "Zensical's search accepts only `enabled` and `separator`; jieba segmentation "
                                   "(jieba_dict_user) is ignored, so domain terms such as 首席质量官 are not kept "
                                   "whole by a dictionary (not verified in a browser: run tests/browser/search.mjs "
                                   "on a Zensical build before any migration)"})
    if "!!python/" in config:
        findings.append({"what": "toc.slugify (!!python/object/apply:pymdownx.slugs.slugify)", "status": "check",
                         "detail": "a Python tag in mkdocs.yml: readable Chinese anchors depend on Zensical honouring it"})
    if re.search(r"custom_dir:", config):
        findings.append({"what": "theme.custom_dir (overrides/main.html)", "status": "check",
                         "detail": "template overrides extend Material's base.html; Zensical's classic theme "
                                   "'rarely needs changes' but it must be verified"})
    return findings


# --- 3. build with both and compare ----------------------------------------------------------------------


def page_facts(site: Path) -> dict[str, list[str]]:
    out = {}
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        key = rel.removesuffix("index.html").removesuffix(".html").rstrip("/") or "index"
        out[key] = FACT_ID.findall(html.read_text(encoding="utf-8", errors="replace"))
    return out


def compare(work: Path) -> dict:
    snapshot = project.snapshot(work / "project")
    mk_site = work / "mkdocs-site"
    mk = measure.mkdocs_build(snapshot, mk_site, strict=False)
    zensical_copy = project.snapshot(work / "zensical-project", snapshot)
    zensical_bin = VENV / "bin" / "zensical"
    zs = measure.run_measured([str(zensical_bin), "build", "-f", "mkdocs.yml"], zensical_copy,
                              env=measure.build_env())
    out = {"mkdocs": {"ok": mk.ok, "wall_s": round(mk.wall_s, 2)},
           "zensical": {"ok": zs.ok, "wall_s": round(zs.wall_s, 2), "cpu_s": round(zs.cpu_s, 2),
                        "peak_rss_mb": round(zs.peak_rss_mb, 1), "output": tail(zs.stderr + zs.stdout, 20)}}
    z_site = zensical_copy / "site"
    if not (mk.ok and zs.ok and z_site.is_dir()):
        return out
    ours, theirs = page_facts(mk_site), page_facts(z_site)
    pages = sorted(set(ours) | set(theirs))
    out["pages"] = {
        "only_mkdocs": [p for p in pages if p in ours and p not in theirs],
        "only_zensical": [p for p in pages if p in theirs and p not in ours],
        "fact_ids_differ": {p: {"mkdocs": len(ours[p]), "zensical": len(theirs[p]),
                                "missing": sorted(set(ours[p]) - set(theirs[p]))[:10]}
                            for p in pages if p in ours and p in theirs and sorted(ours[p]) != sorted(theirs[p])},
    }
    raw_macros = [p.relative_to(z_site).as_posix() for p in z_site.rglob("*.html")
                  if re.search(r"\{\{\s*(facts|key_figures|data_note|source_list|theme_cards)\(",
                               p.read_text(encoding="utf-8", errors="replace"))]
    out["macros_rendered"] = not raw_macros and sum(len(v) for v in theirs.values()) > 0
    out["pages_with_raw_macro_calls"] = raw_macros
    out["search_index"] = {"mkdocs": [p.relative_to(mk_site).as_posix() for p in mk_site.rglob("search*.json")],
                           "zensical": [p.relative_to(z_site).as_posix() for p in z_site.rglob("*search*.json")]}
    out["downloads_present"] = {"mkdocs": (mk_site / "downloads").is_dir(), "zensical": (z_site / "downloads").is_dir()}
    return out


# --- report --------------------------------------------------------------------------------------------------


def blockers(result: dict) -> list[str]:
    out = []
    if not result["install"]["ok"]:
        missing = ", ".join(result["install"].get("missing", [])) or "see output"
        out.append(f"zensical=={result['version']} cannot be installed from the package index this project uses "
                   f"(missing: {missing})")
    for finding in result.get("static", []):
        if finding["status"] == "blocker":
            out.append(f"{finding['what']}: {finding['detail']}")
    build = result.get("build") or {}
    if build and not build.get("zensical", {}).get("ok"):
        out.append("zensical build failed (see output)")
    if build.get("pages", {}).get("only_mkdocs"):
        out.append(f"pages missing under Zensical: {', '.join(build['pages']['only_mkdocs'])}")
    if build.get("pages", {}).get("fact_ids_differ"):
        out.append(f"fact ids differ on: {', '.join(build['pages']['fact_ids_differ'])}")
    if build and build.get("macros_rendered") is False:
        out.append("macros not rendered under Zensical")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Zensical canary build (allowed to fail)")
    parser.add_argument("--version", default=DEFAULT_VERSION, help=f"zensical version (default {DEFAULT_VERSION})")
    args = parser.parse_args(argv)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="qa-zensical-"))
    result: dict = {"version": args.version}
    try:
        print(f"Zensical canary: zensical=={args.version} in {VENV.relative_to(ROOT)}/ …", flush=True)
        result["install"] = install(args.version)
        support = wheel_support(args.version, work)
        result["wheel"] = {k: v for k, v in support.items() if k != "ignored_options"}
        result["static"] = static_findings(config, support)
        if result["install"]["ok"]:
            result["build"] = compare(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["blockers"] = blockers(result)
    built = bool(result.get("build", {}).get("zensical", {}).get("ok"))

    print()
    inst = result["install"]
    print(f"Install: {'ok, zensical ' + str(inst.get('installed')) if inst['ok'] else 'FAILED'}")
    if not inst["ok"]:
        print("  " + inst.get("output", "").replace("\n", "\n  "))
    if "wheel" in result and "error" not in result["wheel"]:
        w = result["wheel"]
        print(f"Wheel {w['wheel']}: requires {', '.join(w['requires'])}")
        print(f"  supports {len(w['supported_plugins'])} MkDocs plugins; macros compatibility module: "
              f"{'yes' if w['macros_compat_module'] else 'no'}; runs MkDocs hooks: {'yes' if w['runs_mkdocs_hooks'] else 'no'}")
    print("\nConfiguration (mkdocs.yml) against Zensical's compatibility table:")
    for f in result["static"]:
        print(f"  [{f['status']}] {f['what']}: {f['detail']}")
    build = result.get("build")
    if build:
        z = build["zensical"]
        print(f"\nBuild: zensical {'ok' if z['ok'] else 'FAILED'} in {z['wall_s']} s (mkdocs {build['mkdocs']['wall_s']} s)")
        if not z["ok"]:
            print("  " + z["output"].replace("\n", "\n  "))
        if "pages" in build:
            print(f"  pages only in the MkDocs build: {build['pages']['only_mkdocs'] or 'none'}")
            print(f"  pages only in the Zensical build: {build['pages']['only_zensical'] or 'none'}")
            print(f"  pages whose fact ids differ: {list(build['pages']['fact_ids_differ']) or 'none'}")
            print(f"  macros rendered: {build['macros_rendered']} (raw calls on {build['pages_with_raw_macro_calls'] or 'no page'})")
            print(f"  search index: mkdocs {build['search_index']['mkdocs']}, zensical {build['search_index']['zensical']}")
            print(f"  downloads/ written: {build['downloads_present']}")
    else:
        print("\nBuild: not attempted (Zensical is not installed).")
    print("\nWhat blocks a migration:" if result["blockers"] else "\nNo blocker found.")
    for b in result["blockers"]:
        print(f"  - {b}")
    out = ROOT / "bench"
    out.mkdir(exist_ok=True)
    (out / "zensical-latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("\nwrote bench/zensical-latest.json")
    return 0 if built else 1


if __name__ == "__main__":
    sys.exit(main())
