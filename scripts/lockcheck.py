"""Does every requirement of a locked package resolve to a pinned line of the lock?

pip's hash mode (``--require-hashes``, the Makefile's install) refuses any requirement
that no pinned line covers.  A package required *with extras* (weasyprint needs
``fonttools[woff]``) is covered only by a line that carries those extras: when
``requirements.txt`` pinned plain ``fonttools==4.68.0``, pip resolved ``fonttools[woff]``
to the newest release and refused the whole install the day fonttools 4.69.1 came out.

This reads what the installed packages require (their ``Requires-Dist`` metadata, with
the extras each lock line asks for) and compares it with the lock's lines, so the next
``make lock`` cannot bring the fault back (tests/test_lock.py).

    python -m scripts.lockcheck [requirements.txt]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.txt"

# A pinned line of pip-compile's output: ``name[extra,extra]==version \`` (hashes follow).
PINNED_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[(?P<extras>[^\]]*)\])?==(?P<version>[^\s\\;]+)")


@dataclass(frozen=True)
class Pin:
    name: str             # canonical (PEP 503) name
    extras: frozenset[str]
    version: str
    line: int             # 1-based line of requirements.txt


def pins(lock_text: str) -> dict[str, Pin]:
    found: dict[str, Pin] = {}
    for number, text in enumerate(lock_text.splitlines(), 1):
        match = PINNED_LINE.match(text)
        if match:
            name = canonicalize_name(match["name"])
            extras = frozenset(canonicalize_name(e) for e in (match["extras"] or "").split(",") if e.strip())
            found[name] = Pin(name, extras, match["version"], number)
    return found


def installed_requirements(name: str) -> list[str]:
    return metadata.distribution(name).requires or []


def problems(lock_text: str, requires: Callable[[str], Iterable[str]] = installed_requirements,
             lock_name: str = "requirements.txt") -> list[str]:
    """Every requirement (active on this platform, with the extras the requiring package is
    locked with) that no pinned line covers, worded with how to fix it."""
    locked = pins(lock_text)
    found: list[str] = []
    for pin in locked.values():
        for text in requires(pin.name):
            requirement = Requirement(text)
            # A requirement that only applies with one of the package's extras applies when
            # the lock asks for that extra; markers for other platforms and Pythons do not.
            if requirement.marker is not None and not any(
                    requirement.marker.evaluate({"extra": extra}) for extra in ("", *sorted(pin.extras))):
                continue
            needed = canonicalize_name(requirement.name)
            wanted = frozenset(canonicalize_name(e) for e in requirement.extras)
            target = locked.get(needed)
            if target is None:
                found.append(f"{lock_name}: {pin.name} {pin.version} 需要 {requirement}，但锁文件没有固定 "
                             f"{needed} — 在 requirements.in 中确认依赖无误后运行 make lock 重新生成")
            elif not wanted <= target.extras:
                spelled = f"{needed}[{','.join(sorted(target.extras | wanted))}]=={target.version}"
                found.append(f"{lock_name}:{target.line}: {pin.name} {pin.version} 需要 {requirement}，"
                             f"但这一行固定的 {needed}=={target.version} 不带 extras "
                             f"[{','.join(sorted(wanted - target.extras))}]：pip 的哈希模式会把它解析到未固定的新版本而拒绝安装 — "
                             f"用 make lock 重新生成（pip-compile --no-strip-extras），这一行应为 {spelled}")
    return found


def main(argv: list[str]) -> int:
    lock = Path(argv[0]) if argv else LOCK
    found = problems(lock.read_text(encoding="utf-8"), lock_name=str(lock))
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
