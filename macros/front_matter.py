"""A page's front matter, read by the rules MkDocs 1.6 applies (``mkdocs.utils.meta.get_data``):
YAML between a ``---`` line and a ``---`` or ``...`` line at the very top; failing that,
MultiMarkdown-style ``key: value`` lines up to the first blank line (a line indented by four
spaces or a tab continues the value before it; keys are lower-cased).

The engine reads pages the way MkDocs will, so that ``make check`` and the build see the same
keys (a key MkDocs would take as front matter must be checked as one: macros/page_safety.py),
but it imports nothing from MkDocs; tests/test_structure.py compares this reader with MkDocs'
own on every page and on the awkward cases, and fails if MkDocs changes its rules.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_CONTINUED = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")


def read(text: str) -> tuple[str, dict[str, Any]]:
    """(the page without its front matter, the front matter's keys and values).
    A YAML block that YAML cannot read, or that is not a mapping, gives no keys (as MkDocs)."""
    block = YAML_BLOCK.match(text)
    if block:
        try:
            data = yaml.load(block.group(1), SafeLoader)
        except Exception:  # noqa: BLE001 - MkDocs ignores an unreadable block the same way
            return text, {}
        if not isinstance(data, dict):
            return text, {}
        return text[block.end():].lstrip("\n"), data
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    data: dict[str, Any] = {}
    key = None
    while lines:
        line = lines.pop(0)
        if line.strip() == "":
            break
        found = META_LINE.match(line)
        if found:
            key = found.group("key").lower().strip()
            value = found.group("value").strip()
            data[key] = f"{data[key]} {value}" if key in data else value
            continue
        more = META_CONTINUED.match(line)
        if more and key:
            data[key] += " " + more.group("value").strip()
        else:
            lines.insert(0, line)
            break
    return "\n".join(lines).lstrip("\n"), data
