"""The search index built beside the build: in a second process while MkDocs renders.

MkDocs renders one page after another in one process.  Cutting each page into search
documents and indexing them is ~20 % of a full build at 1,000 pages (issue 14) and needs
nothing but the page's HTML, so a forked process does it: the build sends each page's HTML
through a pipe and goes on rendering; at the end it asks for the files and waits.  The files
are the ones the build's own process would write (tests/test_search.py builds both ways).

Where there is one CPU, or no ``fork`` (Windows), or ``QA_SEARCH_IN_PROCESS=1`` is set, the
index is built in the build's own process, as ``make serve`` always does (it keeps each
page's entry between rebuilds, hooks/search.py).
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from pathlib import Path
from typing import Protocol

from . import index


class Indexer(Protocol):
    def add(self, url: str, title: str, is_homepage: bool, html: str) -> None: ...
    def write(self, directory: Path) -> dict[str, int]: ...
    def close(self) -> None: ...


class InProcess:
    """The index built in this process."""

    def __init__(self, lang: str) -> None:
        self.builder = index.IndexBuilder(lang=lang)

    def add(self, url: str, title: str, is_homepage: bool, html: str) -> None:
        self.builder.add_page(*index.page_entry(html, url, title, is_homepage, self.builder.lang))

    def write(self, directory: Path) -> dict[str, int]:
        return self.builder.write(directory)

    def close(self) -> None:
        pass


class IndexingFailed(RuntimeError):
    """The indexing process failed; carries its traceback."""


class InBackground:
    """The index built by a forked process, fed through a pipe."""

    def __init__(self, lang: str) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, lang), name="qa-search-index", daemon=True)
        self._process.start()
        child.close()

    def add(self, url: str, title: str, is_homepage: bool, html: str) -> None:
        try:
            self._connection.send(("page", html, url, title, is_homepage))
        except (BrokenPipeError, EOFError, OSError):
            self._fail()

    def write(self, directory: Path) -> dict[str, int]:
        try:
            self._connection.send(("write", str(directory)))
            answer = self._connection.recv()
        except (BrokenPipeError, EOFError, OSError):
            self._fail()
        self.close()
        if answer[0] != "written":
            raise IndexingFailed(f"search index: {answer[1]}")
        return answer[1]

    def _fail(self):
        """The process is gone: its own message if it left one."""
        message = "the indexing process ended unexpectedly"
        try:
            if self._connection.poll(1):
                message = self._connection.recv()[1]
        except (EOFError, OSError):
            pass
        self.close()
        raise IndexingFailed(f"search index: {message}")

    def close(self) -> None:
        self._connection.close()
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _serve(connection, lang: str) -> None:
    """The forked process: pages in, index files out."""
    try:
        builder = index.IndexBuilder(lang=lang)
        while True:
            message = connection.recv()
            if message[0] == "page":
                builder.add_page(*index.page_entry(*message[1:], lang))
            elif message[0] == "write":
                connection.send(("written", builder.write(Path(message[1]))))
                return
    except EOFError:   # the build stopped (it failed, or closed the pipe)
        return
    except BaseException:   # noqa: BLE001 - reported to the build, which fails with it
        try:
            connection.send(("error", traceback.format_exc()))
        except OSError:
            pass
    finally:
        connection.close()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # pragma: no cover - not Linux
        return os.cpu_count() or 1


def start(lang: str) -> Indexer:
    """An indexer for a full build: in a second process when that can run beside this one."""
    if os.environ.get("QA_SEARCH_IN_PROCESS") == "1" or _cpus() < 2 \
            or "fork" not in multiprocessing.get_all_start_methods():
        return InProcess(lang)
    return InBackground(lang)
