"""MkDocs hook: add the downloadable datasets (macros/exports.py) to the built site.

A hook rather than a macro because it writes files; the pages and macros stay
pure (and work under Zensical, which would simply lack the downloads).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import exports, loader  # noqa: E402


def on_files(files: Files, config) -> Files:
    report = loader.load(Path(config["config_file_path"]).parent / "data")
    for path, content in exports.files(report, str(config.get("site_url") or "")).items():
        files.append(File.generated(config, path, content=content))
    return files
