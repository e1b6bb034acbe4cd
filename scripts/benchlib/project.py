"""The real project as the benchmark sees it: a snapshot, and mkdocs.yml edits.

Other people edit the working tree while the benchmark runs, so every run works
on a snapshot taken once at the start.  mkdocs.yml holds a ``!!python/...`` tag
and comments, so it is edited as text, one top-level block at a time.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a build of the project needs (README "目录结构"), and nothing generated.
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.en.yml", "data", "docs", "macros", "overrides", "hooks")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".cache")

# Hooks this benchmark proposes for mkdocs.yml (see the report in bench/README.md).  None now:
# the speed pieces are part of the site's adapter (hooks/speedups.py); the benchmark compares
# the build with them and with them switched off (without_speedups).
OUR_HOOKS: tuple[str, ...] = ()


def snapshot(target: Path, root: Path = ROOT) -> Path:
    """Copy the parts of the project a build reads into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORE, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def _block(lines: list[str], key: str) -> tuple[int, int] | None:
    """[start, end) of the top-level ``key:`` block (comments at its end excluded)."""
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", line)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        end += 1
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return start, end


def replace_block(text: str, key: str, new_block: str) -> str:
    """Replace (or append) the top-level ``key:`` block with ``new_block``."""
    lines = text.splitlines()
    span = _block(lines, key)
    new = new_block.rstrip("\n").splitlines()
    if span is None:
        return text.rstrip("\n") + "\n\n" + "\n".join(new) + "\n"
    start, end = span
    return "\n".join(lines[:start] + new + lines[end:]) + "\n"


def remove_block(text: str, key: str) -> str:
    lines = text.splitlines()
    span = _block(lines, key)
    if span is None:
        return text
    start, end = span
    return "\n".join(lines[:start] + lines[end:]) + "\n"


def hook_entries(text: str) -> list[str]:
    lines = text.splitlines()
    span = _block(lines, "hooks")
    if span is None:
        return []
    out = []
    for line in lines[span[0] + 1:span[1]]:
        match = re.match(r"^\s*-\s*([^\s#]+)", line)
        if match:
            out.append(match.group(1).strip("'\""))
    return out


def _hook_lines(text: str) -> list[str]:
    lines = text.splitlines()
    span = _block(lines, "hooks")
    return [] if span is None else lines[span[0] + 1:span[1]]


def _entry(line: str) -> str | None:
    match = re.match(r"^\s*-\s*([^\s#]+)", line)
    return match.group(1).strip("'\"") if match else None


def with_hooks(text: str, hooks: tuple[str, ...] = OUR_HOOKS) -> str:
    """mkdocs.yml text whose ``hooks:`` list also has ``hooks`` (each once, other lines kept)."""
    kept = _hook_lines(text)
    present = {_entry(line) for line in kept}
    block = ["hooks:", *kept, *(f"  - {h}" for h in hooks if h not in present)]
    return replace_block(text, "hooks", "\n".join(block) + "\n")


def without_hooks(text: str, hooks: tuple[str, ...] = OUR_HOOKS) -> str:
    """mkdocs.yml text without ``hooks`` (the block goes if nothing else is left in it)."""
    kept = [line for line in _hook_lines(text) if _entry(line) not in hooks]
    if not any(_entry(line) for line in kept):
        return remove_block(text, "hooks")
    return replace_block(text, "hooks", "\n".join(["hooks:", *kept]) + "\n")


def with_extra(text: str, key: str, value: str) -> str:
    """mkdocs.yml text with ``extra.<key>: <value>`` (the first entry of the extra block)."""
    match = re.search(r"^extra:[ \t]*\n", text, re.M)
    if match is None:
        return text.rstrip("\n") + f"\n\nextra:\n  {key}: {value}\n"
    return text[:match.end()] + f"  {key}: {value}\n" + text[match.end():]


def without_speedups(text: str) -> str:
    """mkdocs.yml text of the same site with hooks/speedups.py switched off."""
    return with_extra(text, "speedups", "false")


def without_search(text: str) -> str:
    """mkdocs.yml text of the same site built with no search at all: neither the site's
    index (hooks/search.py, off with extra.site_search: false) nor Material's (its search
    plugin disabled).  What a build spends on search is the difference (issue 9: "the search
    step adds <= 10 % to the build")."""
    text = with_extra(text, "site_search", "false")
    plugins = re.search(r"^plugins:\n  - search:\n(?:(?:      .*|\s*)\n)*?      enabled: true\n", text, re.M)
    if plugins is None:
        raise ValueError("mkdocs.yml: the search plugin's `enabled: true` line was not found")
    return text[:plugins.end() - len("true\n")] + "false\n" + text[plugins.end():]


def nav_block(entries: list) -> str:
    """A ``nav:`` block from nested [(title, page-or-list)] entries."""
    out = ["nav:"]

    def emit(items: list, depth: int) -> None:
        pad = "  " * depth
        for title, target in items:
            quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
            if isinstance(target, list):
                out.append(f"{pad}- {quoted}:")
                emit(target, depth + 2)
            else:
                out.append(f"{pad}- {quoted}: {target}")

    emit(entries, 1)
    return "\n".join(out) + "\n"


def config_list(text: str, key: str) -> list[str]:
    """Plain ``- item`` entries of a top-level list such as extra_css."""
    lines = text.splitlines()
    span = _block(lines, key)
    if span is None:
        return []
    return [m.group(1).strip("'\"") for line in lines[span[0] + 1:span[1]]
            if (m := re.match(r"^\s*-\s*([^\s#]+)", line))]
