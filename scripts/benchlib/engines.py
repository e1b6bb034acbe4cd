"""The engines a build of this report could run on (issue 23, item 5), each in a venv of its own.

A *stack* is an installation: the project's locked requirements.txt (installed with
``--require-hashes``, as ``make venv`` does) with some distributions removed and the
candidate's pinned ones added.  A *candidate* is a stack plus the command that builds
with it and the edits its config needs (the theme's registered name).  The venvs live
under build/engines/<stack>/ (not tracked) and are reused while requirements.txt and
the stack's pins are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .project import ROOT

ENGINES_DIR = ROOT / "build" / "engines"


@dataclass(frozen=True)
class Stack:
    name: str
    remove: tuple[str, ...] = ()      # distributions of the lock uninstalled first
    add: tuple[str, ...] = ()         # pinned requirements installed after (their own dependencies resolved by pip)

    @property
    def venv(self) -> Path:
        return ENGINES_DIR / self.name / "venv"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


@dataclass(frozen=True)
class Candidate:
    name: str
    stack: Stack
    module: str                       # run as ``python -m <module> build``
    theme_name: str = "material"      # the theme's registered name (mkdocs.yml says ``material``)
    env: dict[str, str] = field(default_factory=dict)
    summary: str = ""


TODAY = Stack("mkdocs-1.6.1")
NG = Stack("mkdocs-ng", remove=("mkdocs", "mkdocs-material"),
           add=("mkdocs-ng==1.8.0", "mkdocs-ng-material==9.7.7"))
PROPER = Stack("properdocs", add=("properdocs==1.6.7",))
# mkdocs-materialx installs into the same ``material`` package as mkdocs-material: one or the other.
MATERIALX = Stack("materialx", remove=("mkdocs-material",), add=("mkdocs-materialx==10.2.2",))

# ProperDocs prints a banner unless told not to; MkDocs 1.6.1 likewise (make build sets this one).
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

CANDIDATES = (
    Candidate("mkdocs-1.6.1", TODAY, "mkdocs", env=QUIET,
              summary="today's lock: MkDocs 1.6.1 + mkdocs-material 9.8.1"),
    Candidate("mkdocs-ng", NG, "mkdocs", env=QUIET,
              summary="MkDocs NG 1.8.0 + mkdocs-ng-material 9.7.7 (both replace the `mkdocs`/`material` packages)"),
    Candidate("properdocs", PROPER, "properdocs", env=QUIET,
              summary="ProperDocs 1.6.7 (`properdocs build`, mkdocs.* imports redirected) + mkdocs-material 9.8.1"),
    Candidate("materialx", MATERIALX, "mkdocs", theme_name="materialx", env=QUIET,
              summary="MkDocs 1.6.1 + mkdocs-materialx 10.2.2 (theme `materialx`)"),
    Candidate("materialx+properdocs", MATERIALX, "properdocs", theme_name="materialx", env=QUIET,
              summary="ProperDocs 1.6.7 + mkdocs-materialx 10.2.2 (materialx depends on properdocs)"),
)

STACKS = tuple(dict.fromkeys(c.stack for c in CANDIDATES))
BASELINE = CANDIDATES[0]


def _fingerprint(stack: Stack) -> str:
    lock = (ROOT / "requirements.txt").read_bytes()
    return hashlib.sha256(lock + repr((stack.remove, stack.add)).encode()).hexdigest()[:16]


def _pip(stack: Stack, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(stack.python), "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)


def ensure(stack: Stack, log=print) -> dict:
    """Create (or reuse) the stack's venv; return what was installed and what pip says is broken."""
    stamp = stack.venv / ".engines-installed"
    fingerprint = _fingerprint(stack)
    if not (stamp.exists() and stamp.read_text() == fingerprint):
        log(f"[{stack.name}] creating {stack.venv.relative_to(ROOT)}")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(stack.venv)], check=True)
        steps = [("install", "--quiet", "--require-hashes", "--only-binary=:all:", "-r", str(ROOT / "requirements.txt"))]
        if stack.remove:
            steps.append(("uninstall", "--yes", *stack.remove))
        if stack.add:
            steps.append(("install", "--quiet", "--only-binary=:all:", *stack.add))
        for step in steps:
            done = _pip(stack, *step)
            if done.returncode:
                raise RuntimeError(f"[{stack.name}] pip {' '.join(step[:2])} failed:\n{done.stderr[-3000:]}")
        stamp.write_text(fingerprint)
    return installed(stack)


def installed(stack: Stack) -> dict:
    freeze = _pip(stack, "list", "--format=json").stdout
    check = _pip(stack, "check")
    return {"packages": {p["name"].lower(): p["version"] for p in json.loads(freeze or "[]")},
            "pip_check": check.stdout.strip().splitlines()}


def installed_delta(base: dict, other: dict) -> dict:
    """Distributions added, removed or at another version than in the baseline stack."""
    a, b = base["packages"], other["packages"]
    return {"added": {k: b[k] for k in sorted(b.keys() - a.keys())},
            "removed": {k: a[k] for k in sorted(a.keys() - b.keys())},
            "changed": {k: f"{a[k]} -> {b[k]}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]}}


PROMISE_FIELDS = ("Name", "Version", "Summary", "License-Expression", "License", "Requires-Python", "Home-page")


def promises(stack: Stack, distributions: tuple[str, ...]) -> dict:
    """Metadata fields of the installed distributions (licence, Python requirement, project URLs)."""
    code = (
        "import json, sys\nfrom importlib import metadata\nout = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n        m = metadata.metadata(name)\n    except metadata.PackageNotFoundError:\n"
        "        out[name] = None; continue\n"
        f"    out[name] = {{k: m[k] for k in {PROMISE_FIELDS!r} if m[k]}}\n"
        "    out[name]['Project-URL'] = m.get_all('Project-URL') or []\n"
        "    out[name]['Development-Status'] = [c for c in (m.get_all('Classifier') or []) if 'Development Status' in c]\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([str(stack.python), "-c", code, *distributions], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr[-500:]}


# --- the project's test suite on a candidate ---------------------------------------------------------
#
# The tests build with ``sys.executable -m mkdocs`` and import hooks that import ``mkdocs.*``.
# MkDocs NG *is* the ``mkdocs`` package, so its venv runs them as they are.  ProperDocs is
# another package (``properdocs``) beside MkDocs 1.6.1, which Material and mkdocs-macros still
# require; its own command redirects ``mkdocs.*`` imports (properdocs/replacement.py).  To run
# the same tests on it, its venv gets a start-up file that does the same redirect in every
# Python process and makes ``python -m mkdocs`` run ``properdocs``: what switching the
# project's commands to ``properdocs`` would do, without editing the tests.

SHIM_MODULE = "_engines_properdocs_as_mkdocs"
SHIM_SOURCE = '''"""Written by scripts/benchlib/engines.py: in this venv, `import mkdocs` and `python -m mkdocs` are ProperDocs."""
import importlib.util
import sys

import properdocs.replacement  # noqa: F401  (mkdocs.* imports -> properdocs.*)


class _MainFinder:
    def find_spec(self, fullname, path, target=None):
        if fullname == "mkdocs.__main__":
            return importlib.util.spec_from_file_location(fullname, importlib.util.find_spec("properdocs.__main__").origin)
        return None


sys.meta_path.insert(0, _MainFinder())
'''


def site_packages(stack: Stack) -> Path:
    return next((stack.venv / "lib").glob("python3*/site-packages"))


def install_as_mkdocs_shim(stack: Stack) -> None:
    """ProperDocs in place of MkDocs for every Python process of ``stack``'s venv."""
    target = site_packages(stack)
    (target / f"{SHIM_MODULE}.py").write_text(SHIM_SOURCE, encoding="utf-8")
    (target / f"zz{SHIM_MODULE}.pth").write_text(f"import {SHIM_MODULE}\n", encoding="utf-8")


def remove_as_mkdocs_shim(stack: Stack) -> None:
    target = site_packages(stack)
    for name in (f"{SHIM_MODULE}.py", f"zz{SHIM_MODULE}.pth"):
        (target / name).unlink(missing_ok=True)
