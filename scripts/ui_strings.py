"""Which UI strings the editions need: every string the templates and the engine's Python
mark for translation, with where it is (``make verify``: scripts/datatool.py
verify-translations; tests/test_editions.py).  Verification tooling, kept out of the
engine's runtime modules (macros/i18n.py reads the catalogue; this reads the code)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from jinja2 import Environment

import macros
from macros import dictionary, exports, formatting
from macros.report import APPEARANCE_WORDS


def message_ids(report: Any = None) -> dict[str, str]:
    """Every UI string the templates and Python code mark for translation -> where it is."""
    root = Path(macros.__file__).parent
    found: dict[str, str] = {}
    env = Environment(extensions=["jinja2.ext.i18n"])
    for template in sorted((root / "templates").glob("*.html")):
        source = template.read_text(encoding="utf-8")
        for line, _function, message in env.extract_translations(source):
            for text in (message if isinstance(message, tuple) else (message,)):
                if isinstance(text, str):
                    found.setdefault(text, f"macros/templates/{template.name}:{line}")
    # Python: gettext(lang, "…") and _("…") with a literal, and the UI-string constants.
    for module in sorted(root.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                literal = node.args[-1] if name == "gettext" and len(node.args) == 2 else \
                    node.args[0] if name == "_" else None
                if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                    found.setdefault(literal.value, f"macros/{module.name}:{node.lineno}")
    for dataset in exports.DATASETS:
        found.setdefault(dataset.title, "macros/exports.py DATASETS")
    found.setdefault(exports.LICENCE, "macros/exports.py LICENCE")
    found.setdefault(formatting.OWN_WORDS, "macros/formatting.py OWN_WORDS")
    for what in APPEARANCE_WORDS.values():
        found.setdefault(what, "macros/report.py APPEARANCE_WORDS")
    if report is not None:
        for dataset in exports.DATASETS:
            for _name, meaning in dictionary.columns(report, dataset):
                if meaning:
                    found.setdefault(meaning, f"data dictionary ({dataset.name}): macros/schema.py or macros/dictionary.py")
    return found
