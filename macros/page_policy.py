"""Which Markdown pages may be Jinja templates.

mkdocs-macros has no sandbox: template syntax in a rendered page runs Python at
build time.  Policy: a page is a template only if its front matter says
``render_macros: true`` (mkdocs.yml sets ``render_by_default: false``); those
pages are maintainer-owned (.github/CODEOWNERS).  Any other page must not
contain template syntax, so that a later opt-in cannot smuggle code in.
"""

from __future__ import annotations

import re
from pathlib import Path

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
OPT_IN = re.compile(r"^render_macros:\s*true\s*$", re.M)
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")


def is_template(text: str) -> bool:
    match = FRONT_MATTER.match(text)
    return bool(match and OPT_IN.search(match.group(1)))


def violations(docs_dir: Path) -> list[str]:
    out = []
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if is_template(text):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if TEMPLATE_SYNTAX.search(line):
                out.append(f"{page.relative_to(docs_dir.parent)}:{number}: 这个页面不是模板，不能含有 {{{{ }}}}、{{% %}} 或 {{# #}} — "
                           "页面内容请改数据文件；确需模板的页面由维护者在 front matter 中加 render_macros: true")
    return out
