"""MkDocs hook: the published address and the data repository, from GitHub Actions when the
site is built there, else from mkdocs.yml (macros/publication.py).  First of all on_config
handlers: mkdocs-macros reads ``extra`` when its on_config runs."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import publication  # noqa: E402


@event_priority(100)
def on_config(config):
    return publication.resolve(config)
