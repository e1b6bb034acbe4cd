"""MkDocs hook: `make serve` notices a saved file within a fifth of a second.

``mkdocs serve`` polls the watched folders every 0.5 s and has no option to change it, so
an edit waited 0.25 s on average, 0.5 s at worst, before the rebuild started: half the
budget of a one-second preview of the real site (issue 14).  ``on_serve`` may hand MkDocs
another server; this one is MkDocs' own LiveReloadServer, made with the same builder,
address, folder and error pages and a shorter ``polling_interval`` (its public argument),
watching what MkDocs' serve watched before this event (the pages, the config file) plus
the theme overrides; MkDocs then adds ``watch:`` (data/, macros/) to it.  Polling (not
inotify) as MkDocs chose, for file systems that do not report changes.
"""

from __future__ import annotations

import os

from mkdocs.livereload import LiveReloadServer


from macros import theme_files

POLLING_INTERVAL = 0.2   # seconds; a poll of the real site's ~250 files takes about a millisecond


def on_serve(server, config, builder, **kwargs):
    host, port = config.dev_addr
    faster = LiveReloadServer(builder=builder, host=host, port=port, root=server.root,
                              mount_path=server.mount_path, polling_interval=POLLING_INTERVAL)
    faster.error_handler = server.error_handler
    own_theme = [d for d in config.theme.dirs if not theme_files.installed(d)]   # overrides/
    for path in (config.docs_dir, config.config_file_path, *own_theme):
        if path and os.path.exists(path):
            faster.watch(path)
    return faster
