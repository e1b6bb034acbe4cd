"""MkDocs hook: the published address and the data repository, from GitHub Actions when the
site is built there, else from mkdocs.yml (macros/publication.py).  First of all on_config
handlers: mkdocs-macros reads ``extra`` when its on_config runs."""

from __future__ import annotations


from mkdocs.plugins import event_priority


from macros import publication


@event_priority(100)
def on_config(config):
    return publication.resolve(config)
