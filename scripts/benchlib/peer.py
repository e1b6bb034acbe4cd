"""The peer beside our search in ``make bench`` (issue 22, item 7): Pagefind on the same pages.

Pagefind is installed from its npm package (the version pinned in
``scripts/benchlib/peer/package-lock.json``) into ``build/bench-peer/`` the first time the
bench needs it: it is a 57 MB binary, so it stays out of the project's own
``package.json`` (``make node`` and CI do not download it).  The indexer writes its
bundle into the bench's copy of the built site; ``pagefind.mjs`` searches it in the
same Chromium as ours, one cold page per query, and lists the files each query asked
for.  Bytes are counted as ours are (``measure.search_download``): each file gzip, except
Pagefind's index, fragment and WebAssembly files, which it already writes compressed and
which are counted as they are.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from .measure import gz
from .project import ROOT

PACKAGE = Path(__file__).with_name("peer")            # package.json + package-lock.json
INSTALL = ROOT / "build" / "bench-peer"                # where npm ci puts Pagefind
BUNDLE = "_pagefind_peer"                              # the bundle's folder inside the site
HARNESS = Path(__file__).with_name("pagefind.mjs")
GZIP_MAGIC = b"\x1f\x8b"


def install() -> Path | str:
    """The Pagefind binary, installed with ``npm ci`` if needed; or why it could not be."""
    if shutil.which("npm") is None:
        return "npm not found (apt-get install nodejs npm)"
    INSTALL.mkdir(parents=True, exist_ok=True)
    binary = INSTALL / "node_modules" / ".bin" / "pagefind"
    fresh = all((INSTALL / name).exists() and filecmp.cmp(PACKAGE / name, INSTALL / name, shallow=False)
                for name in ("package.json", "package-lock.json"))
    if not (fresh and binary.exists()):
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(PACKAGE / name, INSTALL / name)
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=INSTALL,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not binary.exists():
            return f"npm ci of Pagefind failed: {(done.stderr or done.stdout).strip()[-500:]}"
    return binary


def version(binary: Path) -> str:
    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


def index(binary: Path, site: Path) -> dict:
    """Run Pagefind's indexer over the built site (both editions: it keeps one index a language)."""
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run([str(binary), "--site", str(site), "--output-subdir", BUNDLE],
                          capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        return {"ok": False, "error": (done.stderr or done.stdout).strip()[-500:]}
    files = [p for p in (site / BUNDLE).rglob("*") if p.is_file()]
    return {"ok": True, "wall_s": round(wall, 2), "files": len(files),
            "bytes_on_disk": sum(_counted(p) for p in files)}


def _counted(path: Path) -> int:
    """Bytes a browser transfers for the file, gzip as for ours (already compressed: as is)."""
    data = path.read_bytes()
    return len(data) if data[:2] == GZIP_MAGIC else gz(data)


def search(site: Path, lang: str, queries: list[str]) -> dict:
    """Pagefind's bytes and time to the first result for each query (pagefind.mjs)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(queries, handle, ensure_ascii=False)
    try:
        done = subprocess.run(["node", str(HARNESS), str(site), BUNDLE, lang, handle.name], cwd=ROOT,
                              capture_output=True, text=True, timeout=900)
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip()[-500:]}
    entries = json.loads(done.stdout)["queries"]
    sizes: dict[str, int] = {}
    per_query = {}
    for entry in entries:
        if "error" in entry:
            continue
        for name in entry["files"]:
            if name not in sizes:
                file = site / name.lstrip("/")
                sizes[name] = _counted(file) if file.is_file() else 0
        entry["bytes"] = sum(sizes[name] for name in entry["files"])
        per_query[entry["query"]] = entry
    ok = list(per_query.values())

    def median(key: str) -> float | None:
        return statistics.median(e[key] for e in ok) if ok else None

    return {
        "engine": "pagefind", "lang": lang,
        "queries": entries,
        "median_bytes": median("bytes"), "max_bytes": max((e["bytes"] for e in ok), default=None),
        "median_query_ms": median("query_ms"), "max_query_ms": max((e["query_ms"] for e in ok), default=None),
        "median_total_ms": median("total_ms"),
        "errors": [e["error"] for e in entries if "error" in e],
    }


def measure(site: Path, queries_by_lang: dict[str, list[str]]) -> dict:
    """Install, index ``site`` and search it for each language's queries; or say why not."""
    binary = install()
    if isinstance(binary, str):
        return {"skipped": binary}
    out: dict = {"version": version(binary), "index": index(binary, site)}
    if out["index"]["ok"]:
        out["search"] = {lang: search(site, lang, queries) for lang, queries in queries_by_lang.items()}
    shutil.rmtree(site / BUNDLE, ignore_errors=True)   # the site is measured again after this
    return out
