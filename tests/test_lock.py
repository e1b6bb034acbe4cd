"""The lock survives upstream releases: every requirement of a locked package, with the
extras it is required with, resolves to a pinned line of requirements.txt (issue 18).
scripts/lockcheck.py reads what the installed packages require (Requires-Dist)."""

from __future__ import annotations

import re
from importlib import metadata

import yaml

from conftest import ROOT
from scripts import lockcheck

LOCK_TEXT = (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_every_locked_requirement_resolves_to_a_pinned_line():
    assert lockcheck.problems(LOCK_TEXT) == []


def test_the_installed_packages_are_the_locked_versions():
    """The metadata read above is the lock's own (the venv was installed from it)."""
    wrong = {pin.name: (pin.version, metadata.version(pin.name))
             for pin in lockcheck.pins(LOCK_TEXT).values() if metadata.version(pin.name) != pin.version}
    assert wrong == {}, "run: rm -rf .venv && make venv"


def test_the_stripped_fonttools_line_that_broke_fresh_installs_is_found():
    """The line pip-compile --strip-extras wrote before issue 18: weasyprint needs
    fonttools[woff], the line pins plain fonttools."""
    assert "fonttools[woff]==4.68.0 \\\n" in LOCK_TEXT
    stripped = LOCK_TEXT.replace("fonttools[woff]==4.68.0 \\\n", "fonttools==4.68.0 \\\n")
    line = stripped[:stripped.index("fonttools==4.68.0")].count("\n") + 1
    found = lockcheck.problems(stripped)
    assert len(found) == 1, found
    assert found[0].startswith(f"requirements.txt:{line}: weasyprint 70.0 需要 fonttools[woff]"), found
    assert "make lock" in found[0] and "fonttools[woff]==4.68.0" in found[0]


def test_a_requirement_the_lock_does_not_pin_at_all_is_found():
    lock = "fonttools[woff]==4.68.0 \\\n    --hash=sha256:00\n"
    requires = {"fonttools": ["brotli>=1.0.1; platform_python_implementation == 'CPython' and extra == 'woff'"]}
    found = lockcheck.problems(lock, requires=lambda name: requires.get(name, []))
    assert len(found) == 1 and "fonttools 4.68.0 需要 brotli" in found[0] and "没有固定 brotli" in found[0], found


def test_requirements_of_extras_the_lock_does_not_ask_for_are_ignored():
    lock = "weasyprint==70.0 \\\n    --hash=sha256:00\n"
    requires = {"weasyprint": ['sphinx ; extra == "doc"', 'pytest ; extra == "test"']}
    assert lockcheck.problems(lock, requires=lambda name: requires.get(name, [])) == []


# --- the canary: a weekly fresh install from the lock (.github/workflows/canary.yml) -------

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED_ACTION = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def test_the_canary_installs_from_the_lock_weekly_and_by_hand():
    workflow = yaml.safe_load((WORKFLOWS / "canary.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]          # YAML 1.1 reads the key `on` as True
    assert "workflow_dispatch" in triggers
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), cron   # once a week
    (job,) = workflow["jobs"].values()
    commands = [step.get("run", "") for step in job["steps"]]
    assert any("bash .ci/run" in command for command in commands), commands
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_workflow_pins_its_actions_by_commit():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert PINNED_ACTION.match(step["uses"]), f"{path.name}: {step['uses']} — pin it by its commit SHA"
