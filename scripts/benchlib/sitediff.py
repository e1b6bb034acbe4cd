"""Byte-for-byte comparison of two built sites: what a reader would get differently."""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

SAMPLE_FILES = 8          # differing files named in the summary
SAMPLE_LINES = 12         # changed lines quoted from the first differing HTML page
LINE_CHARS = 200          # each quoted line cut to this length


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def _kind(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else "(none)"


def compare(base: Path, other: Path) -> dict:
    """Files only in one site, files in both whose bytes differ (by kind), and a sample."""
    a, b = _files(base), _files(other)
    only_base, only_other = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    differ = sorted(rel for rel in a.keys() & b.keys() if a[rel].read_bytes() != b[rel].read_bytes())
    out = {
        "identical": not (only_base or only_other or differ),
        "files_compared": len(a.keys() & b.keys()),
        "differ": len(differ),
        "only_in_baseline": len(only_base),
        "only_in_candidate": len(only_other),
        "differ_by_kind": dict(Counter(_kind(r) for r in differ).most_common()),
        "only_in_candidate_by_kind": dict(Counter(_kind(r) for r in only_other).most_common()),
        "sample_differ": differ[:SAMPLE_FILES],
        "sample_only_in_baseline": only_base[:SAMPLE_FILES],
        "sample_only_in_candidate": only_other[:SAMPLE_FILES],
    }
    page = next((r for r in differ if r.endswith(".html")), None)
    if page:
        old = a[page].read_text(encoding="utf-8", errors="replace").splitlines()
        new = b[page].read_text(encoding="utf-8", errors="replace").splitlines()
        changed = [line[:LINE_CHARS] for line in difflib.unified_diff(old, new, lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---")) and line.strip("+- ")]
        out["sample_page"] = {"page": page, "changed_lines": sum(1 for _ in changed),
                              "first_changes": changed[:SAMPLE_LINES]}
    return out
