"""The base revision a change is compared with (``main`` locally, the pull request's
base in CI): which ids it had, and its data/ and docs/ as files.

Used by ``make check`` (a duplicate id blames the record that is new) and by
``make diff`` / the pull-request summary (scripts/prdiff.py).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
from pathlib import Path

RECORD_ID = re.compile(r"^- id:\s*[\"']?([a-z0-9-]+)", re.M)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60)


def default_ref() -> str:
    """``BASE_REF`` when set (CI: the pull request's base commit), else ``main``."""
    return os.environ.get("BASE_REF") or "main"


def resolve(root: Path, ref: str) -> str | None:
    """The commit ``ref`` names, or None when git or the ref is missing."""
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode != 0:
        return None
    return found.stdout.decode().strip() or None


def fork_point(root: Path, ref: str) -> str | None:
    """Where the work tree's history left ``ref`` (git merge-base): what a pull request
    changes is measured from there, not from wherever ``ref`` has moved on to since."""
    commit = resolve(root, ref)
    if commit is None:
        return None
    found = _git(root, "merge-base", commit, "HEAD")
    return found.stdout.decode().strip() or commit if found.returncode == 0 else commit


def ids(root: Path, ref: str) -> dict[str, set[str]] | None:
    """``data/<file>`` -> record ids at ``ref`` (from each ``- id:`` line), or None."""
    commit = fork_point(root, ref)
    if commit is None:
        return None
    out: dict[str, set[str]] = {}
    for path, text in files(root, commit, "data").items():
        if path.endswith(".yml"):
            out[path] = set(RECORD_ID.findall(text.decode("utf-8", "replace")))
    return out


def files(root: Path, commit: str, *folders: str) -> dict[str, bytes]:
    """Regular files under ``folders`` at ``commit`` (symlinks and others skipped)."""
    archive = _git(root, "archive", "--format=tar", commit, "--", *folders)
    if archive.returncode != 0:
        return {}
    out = {}
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                handle = tar.extractfile(member)
                if handle is not None:
                    out[member.name] = handle.read()
    return out


def changed_paths(root: Path, commit: str) -> list[str]:
    """Paths that differ between ``commit`` and the work tree (committed or not)."""
    # -z: names as they are, NUL-separated (without it git quotes a name with non-ASCII
    # characters or a newline, "\"data/\\346\\225\\260.yml\"", and it matches no pattern).
    found = _git(root, "diff", "-z", "--name-only", "--no-renames", commit, "--")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    names = set(found.stdout.decode("utf-8", "surrogateescape").split("\0"))
    names |= set(untracked.stdout.decode("utf-8", "surrogateescape").split("\0"))
    return sorted(n for n in names if n)


def materialise(root: Path, commit: str, target: Path, *folders: str) -> None:
    """Write ``folders`` as they were at ``commit`` under ``target``."""
    for name, content in files(root, commit, *folders).items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
