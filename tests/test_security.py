"""Hostile text in data is shown literally, never executed; builds are reproducible."""

from __future__ import annotations

import filecmp
import itertools
import json
import re
import shutil
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from macros import output_check, schema_export, yamlread

from conftest import ROOT, mkdocs_build

PAYLOAD = ('<script>alert("F{n}")</script><img src=x onerror=alert({n})>'
           '[x](javascript:alert({n})) {{{{ config }}}}{{% include "mkdocs.yml" %}}\n--8<-- "mkdocs.yml"')


def _poison(value, counter, fields, path=()):
    """Replace every zh text in a record tree by a numbered payload."""
    if isinstance(value, dict):
        if "zh" in value and isinstance(value["zh"], str):
            n = next(counter)
            fields[n] = path
            keep = " {value}" if "{value}" in value["zh"] else ""
            return {**value, "zh": PAYLOAD.format(n=n) + keep}
        return {k: _poison(v, counter, fields, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, counter, fields, path) for v in value]
    return value


class _QuotedDates(yaml.SafeDumper):
    """Writes dates in quotes, as CONTRIBUTING asks (an unquoted 2019-09 is a contributor's slip)."""


_QuotedDates.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style='"' if re.match(r"^\d{4}(-\d\d){0,2}(T|$)", value) else None))


def test_hostile_text_in_every_field_is_escaped(project_copy, tmp_path):
    counter, fields = itertools.count(1), {}
    data = project_copy / "data"
    for path in sorted(data.rglob("*.yml")):
        pattern = "facts/*.yml" if path.parent.name == "facts" else path.name
        value = _poison(yamlread.read(path.read_bytes(), path.name).value, counter, fields)
        if path.name == "sources.yml":
            value[0]["url"] = 'http://x"onmouseover="alert(1)'
        path.write_text(schema_export.schema_line(pattern) + "\n"
                        + yaml.dump(value, Dumper=_QuotedDates, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr

    reached: set[str] = set()
    for html in (tmp_path / "site").glob("*.html"):
        raw = html.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<img src=x" not in raw, html.name
        page = BeautifulSoup(raw, "html.parser")
        for tag in page.find_all(True):
            assert not any(a.startswith("on") for a in tag.attrs), f"{html.name}: {tag.name} {tag.attrs}"
            assert not tag.get("href", "").strip().lower().startswith("javascript:"), html.name
        text = page.get_text()
        for n in map(int, re.findall(r'alert\("F(\d+)"\)', text)):
            reached.add(fields[n][-1])
        if "alert(\"F" in text:
            assert "{{ config }}" in text and '{% include "mkdocs.yml" %}' in text  # literal, not evaluated
            assert '--8<-- "mkdocs.yml"' in text
        assert "mkdocs_version" not in text and "site_dir" not in text
    # Every kind of text the templates show was exercised.
    assert {"statement", "name", "label", "title", "heading", "motto", "summary", "text"} <= reached, reached


def test_two_builds_are_byte_identical(site, tmp_path):
    from conftest import ROOT
    second = tmp_path / "again"
    result = mkdocs_build(ROOT, second)
    assert result.returncode == 0, result.stderr
    first_files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert first_files == second_files
    different = [str(p) for p in first_files if not filecmp.cmp(site / p, second / p, shallow=False)]
    assert not different, different


# --- issue 21.2: the policy on every page and the check of the output ----------------------


def test_every_published_html_file_carries_the_policy_and_passes_the_output_check(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 20 and any(p.parent.name == "en" for p in pages)
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
        assert policy, page
        # Before any script, with no outside host and scripts only from the site and by hash.
        assert "<script" not in head[:policy.start()], page
        assert "script-src 'self' 'sha256-" in policy.group(1) and "unsafe-inline" not in policy.group(1).split(";")[1]
        assert "http" not in policy.group(1), page
    assert output_check.site_problems(site) == []


@pytest.mark.parametrize("injected, found", [
    ("<script>alert(1)</script>", "内联脚本不是主题自己的"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "href"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "href"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe>"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<script src="https://evil.example/x.js"></script>', "不是站内文件"),
    ('<script src="assets/missing.js"></script>', "不是站内文件"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "xlink:href"),
])
def test_the_output_check_refuses_what_the_project_did_not_put_there(site, tmp_path, injected, found):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "glossary.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", injected + "</article>", 1), encoding="utf-8")
    problems = output_check.site_problems(copy)
    assert problems and all(p.startswith("glossary.html: ") for p in problems), problems
    assert any(found in p for p in problems), problems


def test_an_html_file_the_theme_did_not_write_fails_the_output_check(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "assets" / "evil.html").write_text("<p>hi</p><script>fetch('https://evil.example')</script>",
                                               encoding="utf-8")
    assert output_check.site_problems(copy) == ["assets/evil.html: 没有 Content-Security-Policy（不是由主题生成的 HTML 文件）"]


def test_a_page_whose_html_holds_a_script_fails_the_build_before_it_is_written():
    """hooks/security.py on_post_page: whatever produced the page's HTML (a macro, a new
    extension), a handler or script in it stops the build with the page named."""
    import importlib.util

    from mkdocs.exceptions import PluginError

    spec = importlib.util.spec_from_file_location("security_hook", ROOT / "hooks" / "security.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    class Page:
        content = '<p>正文</p><img src="a.png" onerror="alert(1)">'

        class file:
            src_uri = "glossary.md"

    with pytest.raises(PluginError, match=r"docs/glossary.md: 生成的页面含有可执行的内容 .*onerror"):
        hook.on_post_page("<html>" + Page.content + "</html>", Page(), {})
    Page.content = '<p>正文</p><script type="application/json">{"a": 1}</script>'
    placeholder = f'<meta content="{output_check.POLICY_PLACEHOLDER}"><script>var a=1</script>'
    out = hook.on_post_page(placeholder + Page.content, Page(), {})
    assert output_check.sha256("var a=1") in out and output_check.POLICY_PLACEHOLDER not in out


def test_head_values_from_front_matter_are_escaped(site):
    """The theme writes description and title into <head>; overrides/main.html escapes them
    (a page cannot hold < or > there in the first place: macros/page_safety.py)."""
    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "page.meta.description | e" in template and "page.title | striptags | e" in template
    head = (site / "glossary.html").read_text(encoding="utf-8").split("</head>")[0]
    assert head.count('<meta name="description"') == 1 and head.count("<title>") == 1


@pytest.mark.parametrize("page", ["governance.html", "en/index.html"])
def test_the_site_works_under_its_policy(browser, site, page):
    """Palette toggle, search and the copy-link control work, with no CSP violation; an
    inline script added to the page is refused."""
    result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "csp.mjs"), str(site), page],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["violations"] == [] and found["console"] == [], found
    assert found["schemes"][0] != found["schemes"][1], found
    assert found["results"] > 0, found
    assert "#fact-" in found["copied"], found
    assert found["probe_ran"] is False and found["probe_blocked"] is True, found
    assert found["external_requests"] == []
