"""MkDocs hook: mkdocs-macros does not run git on every build.

mkdocs-macros 1.5 fills a ``git`` page variable on every build (its ``context.define_env``
calls ``get_git_info``: twelve ``git`` commands, ~0.3 s, two builds per build with the
English edition, and most of a ``make serve`` rebuild's wall time: 2-3 s against 0.4 s
without on a loaded machine, issue 14).  No page here can read a variable: the page
grammar allows only calls of the registered macros (macros/pages.py).  So the variable is
filled with an empty answer instead, as mkdocs-macros itself gives where git is missing.

This replaces a function of mkdocs-macros: tests/test_scale.py fails if mkdocs-macros stops
calling it by that name, and checks that a build runs no git command.
"""

from __future__ import annotations

import mkdocs_macros.context
from mkdocs.plugins import event_priority

NOT_COLLECTED = {"status": False, "date": None,
                 "diagnosis": "not collected: pages cannot read variables (hooks/macros_context.py)"}


def _no_git_info() -> dict:
    return dict(NOT_COLLECTED)


@event_priority(100)   # before mkdocs-macros' on_config, which asks for it
def on_config(config, **kwargs):
    mkdocs_macros.context.get_git_info = _no_git_info
    return config
