"""The hostile-contributor corpus (issue 10): pages that try to run code, hidden text,
unbounded values, formulas in downloads, data that does not land on a page.

Every case must end in a clear ``file:line:col: problem — fix`` refusal (or inert
output), and never in a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from macros import exports, loader, pages, rules

from conftest import ROOT, mkdocs_build

LINE_FORMAT = re.compile(r"^(?:data|docs)/[^:\n]+:\d+:\d+: .+ — .+$", re.S)

FACTS_HEADER = "# yaml-language-server: $schema=../../docs/schema/facts.schema.json\n"
NEW_FACT = """\
- id: new-fact
  theme: governance
  topic: policy
  subject: anhui
  statement:
    zh: 一条新的事实。
  time: "2021"
  time_basis: during
  source: {id: cqn-2021-11-29, section: fengxiangbiao}
  reviewed: {date: "2026-11-25", by: 编辑组}
"""


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of data/ and docs/ side by side."""
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def problems(tree: Path) -> list[str]:
    result = loader.validate(tree / "data", tree / "docs")
    lines = [str(p) for p in result.problems]
    for line in lines:
        assert LINE_FORMAT.match(line), f"not file:line:col: what — fix: {line}"
        assert "Traceback" not in line
    return lines


def only(tree: Path) -> str:
    found = problems(tree)
    assert len(found) == 1, found
    return found[0]


def add_fact(tree: Path, text: str, file: str = "facts/governance.yml") -> int:
    path = tree / "data" / file
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def with_statement(written: str) -> str:
    """NEW_FACT whose statement line is ``zh: <written>`` exactly as given."""
    return NEW_FACT.replace("zh: 一条新的事实。", f"zh: {written}")


def append_to_page(tree: Path, text: str, page: str = "glossary.md") -> int:
    path = tree / "docs" / page
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def test_the_real_pages_and_data_pass(tree):
    assert problems(tree) == []


def test_page_suffixes_are_the_ones_mkdocs_renders():
    from mkdocs import utils
    assert set(pages.PAGE_SUFFIXES) == set(utils.markdown_extensions)


# --- 1. pages that cannot run code -------------------------------------------------------


@pytest.mark.parametrize("written, reason", [
    ("{{ config }}", "只能调用宏"),
    ("{{ config.site_dir }}", "只能调用宏"),
    ('{{ facts("governance", "policy") | safe }}', "只能调用宏"),
    ("{{ lipsum.__globals__.os.system('id') }}", "只能调用宏"),
    ('{{ facts(theme, "policy") }}', "参数只能是带引号的 id"),
    ('{{ facts("governance", "policy" + "x") }}', "参数只能是带引号的 id"),
    ('{{ facts("governance", "policy" ~ "x") }}', "不是一个宏调用"),
    ('{{ facts("governance", theme="x") }}', "没有名为 theme 的参数"),
    ('{{ key_figures(top=-1) }}', "只能写 0 到"),
    ('{{ key_figures(top=1.5) }}', "只能写 0 到"),
    ('{{ key_figures(**x) }}', "参数不能这样展开"),
    ('{{ facts("governance") }}', "参数个数不对"),
    ('{{ cycler("a") }}', "不是已登记的宏"),
    ('{{ facts("gov\\x65rnance", "policy") }}', "反斜杠"),
])
def test_page_expressions_other_than_literal_macro_calls(tree, written, reason):
    line = append_to_page(tree, f"\n{written}\n")
    message = only(tree)
    assert message.startswith(f"docs/glossary.md:{line + 1}:1: 页面模板语法不允许")
    assert reason in message


@pytest.mark.parametrize("written", ['{% include "mkdocs.yml" %}', "{# hidden #}", "{{\nconfig\n}}",
                                     "{% set x = 1 %}{{ x }}"])
def test_page_statements_comments_and_split_blocks(tree, written):
    append_to_page(tree, f"\n{written}\n")
    found = problems(tree)
    assert found and all(p.startswith("docs/glossary.md:") for p in found)
    assert any("模板符号" in p or "模板语法不允许" in p for p in found)


@pytest.mark.parametrize("suffix", pages.PAGE_SUFFIXES)
def test_a_new_page_of_every_extension_is_checked(tree, suffix):
    (tree / "docs" / f"evil{suffix}").write_text(
        "---\nrender_macros: true\n---\n# x\n\n{{ self.__init__.__globals__ }}\n", encoding="utf-8")
    assert only(tree).startswith(f"docs/evil{suffix}:6:1: 页面模板语法不允许")


def test_front_matter_is_checked_too(tree):
    path = tree / "docs" / "glossary.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "description: 报告中专业术语的解释。", "description: \"{{ config.repo_url }}\""), encoding="utf-8")
    line = path.read_text(encoding="utf-8").split("\n").index('description: "{{ config.repo_url }}"') + 1
    assert line == 2   # the front matter's first line since render_macros went (render_by_default)
    assert only(tree).startswith(f"docs/glossary.md:{line}:")


def test_symlink_in_docs_is_refused(tree):
    os.symlink("/etc/hostname", tree / "docs" / "host.txt")
    assert only(tree).startswith("docs/host.txt:1:1: 不允许符号链接")


def test_symlink_in_data_is_refused_and_not_read(tree):
    os.symlink(tree / "data" / "facts" / "governance.yml", tree / "data" / "facts" / "copy.yml")
    message = only(tree)  # not also "id 重复" for every record of the linked file
    assert message.startswith("data/facts/copy.yml:1:1: 不允许符号链接")


def test_build_refuses_a_hostile_page_before_rendering(tmp_path):
    """The check runs inside `mkdocs build` itself, not only in make check."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy2(ROOT / "mkdocs.en.yml", project / "mkdocs.en.yml")
    for name in ("data", "docs", "macros", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    marker = tmp_path / "ran"
    (project / "docs" / "evil.mdown").write_text(
        "---\nrender_macros: true\n---\n# x\n\n"
        f"{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n",
        encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", quiet=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/evil.mdown:6:1: 页面模板语法不允许" in output  # shown even with --quiet
    assert "Traceback" not in output
    assert not marker.exists()


# --- 5. the loader knows the site ---------------------------------------------------------


def test_topic_without_a_page_section(tree):
    path = tree / "data" / "themes.yml"
    text = path.read_text(encoding="utf-8")
    governance = re.search(r"topics: \[policy, [^\]]*", text).group(0)  # governance's topics, however many
    path.write_text(text.replace(governance, governance + ", counties"), encoding="utf-8")
    add_fact(tree, NEW_FACT.replace("topic: policy", "topic: counties"))
    line = text[: text.index("topics: [policy")].count("\n") + 1
    found = problems(tree)
    # one problem per edition: each edition's page needs its own line for the topic
    assert len(found) == 2, found
    for page, message in zip(("docs/governance.md", "docs/en/governance.md"), sorted(found, key=len)):
        assert message.startswith(f"data/themes.yml:{line}:")
        assert f"小节 `counties` 在页面 {page} 上没有位置" in message and "new-fact" in message


def test_theme_page_that_does_not_exist(tree):
    (tree / "docs" / "timeline.md").unlink()
    path = tree / "data" / "themes.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("page: governance.md", "page: timeline.md"),
                    encoding="utf-8")
    found = problems(tree)
    assert any(p.startswith("data/themes.yml:") and "docs/timeline.md 不存在" in p for p in found), found


def test_a_topic_placed_twice_lands_on_one_page_only(tree):
    line = append_to_page(tree, '\n{{ facts("governance", "local") }}\n', page="governance.md")
    message = only(tree)
    assert message.startswith(f"docs/governance.md:{line + 1}:1: 小节 `governance/local` 在页面上出现了两次")


def test_a_topic_placed_on_another_themes_page(tree):
    line = append_to_page(tree, '\n{{ facts("governance", "policy") }}\n', page="glossary.md")
    found = problems(tree)
    assert any(p.startswith(f"docs/glossary.md:{line + 1}:1: 主题 `governance` 的小节 `policy` 应在") for p in found)


def test_page_calls_name_existing_themes_and_kinds(tree):
    line = append_to_page(tree, '\n{{ data_note("governence") }}\n{{ entity_index("secrets") }}\n')
    found = problems(tree)
    assert found[0].startswith(f"docs/glossary.md:{line + 1}:1: `data_note` 用了不存在的主题 `governence`")
    assert found[1].startswith(f"docs/glossary.md:{line + 2}:1: `entity_index` 的参数 `secrets` 不是一种记录")


# --- 2. one text gate for every parsed value and key -------------------------------------


@pytest.mark.parametrize("escape, code", [(r"\u202e", "U+202E"), (r"\u200b", "U+200B"), (r"\0", "U+0000"),
                                          (r"\e", "U+001B"), (r"\U000E0041", "U+E0041"), (r"\u3164", "U+3164"),
                                          (r"\u2028", "U+2028"), (r"\x85", "U+0085")])
def test_hidden_characters_written_as_yaml_escapes(tree, escape, code):
    line = add_fact(tree, with_statement(f'"一条{escape}新的事实。"'))
    message = only(tree)
    assert message.startswith(f"data/facts/governance.yml:{line + 5}:")
    assert code in message and "\\u" in message  # the fix mentions escapes


def test_hidden_character_in_a_key(tree):
    line = add_fact(tree, NEW_FACT.replace("  time_basis:", '  "time\\u200b_basis":'))
    found = problems(tree)
    assert any(p.startswith(f"data/facts/governance.yml:{line + 7}:") and "U+200B" in p for p in found), found


@pytest.mark.parametrize("spam", ['"bet\\u200b体育365官网"', "ｂｅｔ体育", "BET体育", "b\u0435t体育",
                                  "3６5体育", "体育 投注"])
def test_spam_disguised_by_escapes_width_case_or_look_alikes(tree, spam):
    add_fact(tree, with_statement(spam))
    found = problems(tree)
    assert any("含有垃圾广告文字" in p for p in found), found


def test_spam_split_by_an_ideographic_space_is_refused_for_the_blank(tree):
    """U+3000 renders as blank: refused as such wherever it stands (issue 21.4)."""
    line = add_fact(tree, with_statement("体育\u3000投注"))
    assert only(tree).startswith(f"data/facts/governance.yml:{line + 5}:") and "U+3000" in only(tree)


def test_mixed_script_look_alike_in_a_name(tree):
    path = tree / "data" / "organisations.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("en: Bureau Veritas", "en: Bureau Vеritas"), encoding="utf-8")
    line = text[: text.index("en: Bureau Veritas")].count("\n") + 1
    message = only(tree)
    assert message.startswith(f"data/organisations.yml:{line}:")
    assert "Vеritas" in message and "CYRILLIC" in message and "LATIN" in message


def test_chinese_next_to_latin_is_not_a_look_alike(tree):
    add_fact(tree, with_statement("企业推行ISO 9001质量管理体系和QC小组活动。"))
    assert problems(tree) == []


# --- 3. bounded and total -----------------------------------------------------------------


def test_deep_nesting_is_refused_quickly(tree):
    depth = 20000
    (tree / "data" / "facts" / "governance.yml").write_text(
        FACTS_HEADER + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    started = time.perf_counter()
    message = only(tree)
    assert time.perf_counter() - started < 5
    assert message.startswith(f"data/facts/governance.yml:2:{rules.MAX_DEPTH + 1}: 嵌套层数过多")


@pytest.mark.parametrize("value", ["1" * 5000, "9" * 400 + ".5", "1" * 16])
def test_numbers_with_too_many_digits(tree, value):
    line = add_fact(tree, NEW_FACT.replace("  time:", f"  value: {value}\n  unit: 家\n  label: {{zh: 新}}\n  time:"))
    message = only(tree)
    assert message.startswith(f"data/facts/governance.yml:{line + 6}:10: 数字位数过多")


def test_overlong_text(tree):
    line = add_fact(tree, with_statement("很" * (rules.MAX_STRING_CHARS + 1)))
    assert only(tree).startswith(f"data/facts/governance.yml:{line + 5}:")
    assert "文字过长" in only(tree)


@pytest.mark.parametrize("published", ["20211129T1013+0800", "2021-11-29 10:13+08:00", "2021-W48-1T10:13+08:00",
                                       "2021-11-29T10:13:00.000000+08:00", "2021-11-29T10:13Z"])
def test_published_has_one_strict_format(tree, published):
    path = tree / "data" / "sources.yml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('"2021-11-29T10:13+08:00"')].count("\n") + 1   # (the repost's stamp, issue 19)
    path.write_text(text.replace('"2021-11-29T10:13+08:00"', f'"{published}"'), encoding="utf-8")
    message = only(tree)
    assert message.startswith(f"data/sources.yml:{line}:")
    assert "YYYY-MM-DDTHH:MM+08:00" in message


def test_one_bad_source_gives_one_problem_not_hundreds(tree):
    path = tree / "data" / "sources.yml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("  url: http://www.ce.cn/")].count("\n") + 1
    path.write_text(text.replace("url: http://www.ce.cn/", "url: ftp://www.ce.cn/"), encoding="utf-8")
    message = only(tree)
    assert message.startswith(f"data/sources.yml:{line}:")


def test_duplicate_id_blames_the_new_record(tree):
    """co-governance.yml sorts before governance.yml; the copy is the new record."""
    existing = tree / "data" / "facts" / "governance.yml"
    record_id = re.search(r"^- id: (\S+)", existing.read_text(encoding="utf-8"), re.M).group(1)
    line = add_fact(tree, NEW_FACT.replace("id: new-fact", f"id: {record_id}"), file="facts/co-governance.yml")
    baseline = {"data/facts/governance.yml": {record_id}}
    found = [str(p) for p in loader.validate(tree / "data", tree / "docs", baseline=baseline).problems]
    assert len(found) == 1, found
    assert found[0].startswith(f"data/facts/co-governance.yml:{line}:")
    assert "data/facts/governance.yml:" in found[0]


def test_an_unforeseen_failure_is_a_line_not_a_traceback(tree, monkeypatch):
    from macros import yamlread

    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(yamlread, "read", explode)
    found = problems(tree)
    assert found and all("意外错误（RecursionError" in p for p in found)


def test_check_command_never_prints_a_traceback(tree):
    """Each kind of bad input at once, through the command contributors run."""
    add_fact(tree, with_statement(r'"\e[31m红字"'))
    add_fact(tree, NEW_FACT.replace("id: new-fact", "id: big").replace(
        "  time:", f"  value: {'7' * 5000}\n  unit: 家\n  label: {{zh: 新}}\n  time:"), file="facts/overview.yml")
    add_fact(tree, NEW_FACT.replace("id: new-fact", "id: overflow").replace(
        "  time:", f"  value: {'9' * 400}.5\n  unit: 家\n  label: {{zh: 新}}\n  time:"),
        file="facts/quality-improvement.yml")
    (tree / "data" / "facts" / "deep.yml").write_text(FACTS_HEADER + "[" * 5000 + "]" * 5000 + "\n",
                                                      encoding="utf-8")
    sources = tree / "data" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace('"2021-11-29T10:13+08:00"', '"20211129T1013+0800"'),
                       encoding="utf-8")
    os.symlink(tree / "data" / "people.yml", tree / "data" / "facts" / "link.yml")
    append_to_page(tree, "\n{{ config }}\n")
    result = subprocess.run([sys.executable, "-m", "scripts.datatool", "check", "--data", str(tree / "data")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 7, lines  # one per bad input: no follow-on errors
    assert all(LINE_FORMAT.match(line) for line in lines), lines


# --- 4. safe downloads ----------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "＝"])
def test_csv_cells_cannot_start_a_formula(report, start):
    hostile = f'{start}HYPERLINK("http://example.invalid","点击")'
    rows = [{"id": "x", "statement": hostile, "value": 3, "key": True}]
    text = exports.to_csv(rows).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["statement"] == "'" + hostile
    assert row["value"] == "3" and row["key"] == "true"


def test_formula_text_in_data_is_neutralised_in_the_built_download(tree):
    add_fact(tree, with_statement("=1+1 是一条以等号开头的陈述。"))
    report = loader.load(tree / "data", tree / "docs")
    text = exports.files(report)["downloads/facts.csv"].decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "new-fact")
    assert row["statement"] == "'=1+1 是一条以等号开头的陈述。"
    data = json.loads(exports.files(report)["downloads/facts.json"])
    assert next(r for r in data if r["id"] == "new-fact")["statement"] == "=1+1 是一条以等号开头的陈述。"


def test_json_downloads_are_standard_json():
    with pytest.raises(ValueError):
        exports.to_json({"value": float("inf")})
    with pytest.raises(ValueError):
        exports.to_json({"value": float("nan")})


# --- 2. the same gate for the pages and the other files of docs/ -------------------------------


def test_hidden_character_in_a_page(tree):
    line = append_to_page(tree, "\n正文\u202e文字\n")
    assert only(tree).startswith(f"docs/glossary.md:{line + 1}:3: 含有不可见或控制字符 U+202E")


def test_look_alike_word_in_a_page(tree):
    line = append_to_page(tree, "\n认证机构 Bureau Vеritas 的合作\n")
    assert only(tree).startswith(f"docs/glossary.md:{line + 1}:13: 词“Vеritas”混用了不同文字的字母")


def test_bidi_control_in_a_script_is_refused(tree):
    path = tree / "docs" / "assets" / "report.js"
    path.write_text(path.read_text(encoding="utf-8") + '\nconst ok = "user\u2066"; // \u2069 admin\n',
                    encoding="utf-8")
    found = problems(tree)
    assert len(found) == 1 and found[0].startswith("docs/assets/report.js:") and "U+2066" in found[0]


def test_reviewed_is_a_full_date(tree):
    path = tree / "data" / "themes.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('reviewed: {date: "2026-11-25"', 'reviewed: {date: "2026-11"', 1), encoding="utf-8")
    line = text[: text.index('reviewed: {date: "2026-11-25"')].count("\n") + 1
    message = only(tree)
    assert message.startswith(f"data/themes.yml:{line}:") and "YYYY-MM-DD" in message, message


def test_the_check_before_each_render_refuses_what_the_disk_check_did_not_see():
    """on_pre_page_macros: pages can also come from other plugins; the text about to be
    rendered is checked again."""
    from mkdocs.exceptions import PluginError

    from hooks import macros_entry as main

    class Page:
        class file:
            src_path = "generated.md"

    class Env:
        page = Page()
        markdown = "# 标题\n\n{{ config }}\n"

    with pytest.raises(PluginError, match=r"docs/generated.md:3:1: 页面模板语法不允许"):
        main.on_pre_page_macros(Env())
    Env.markdown = '# 标题\n\n{{ facts("governance", "policy") }}\n'
    main.on_pre_page_macros(Env())  # a valid page passes


def test_a_failing_macro_is_reported_even_with_quiet(tmp_path):
    """`make build` runs `mkdocs build --quiet`: the macros plugin's own message (not only
    "Error 1") must reach the log when a macro fails while rendering."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy2(ROOT / "mkdocs.en.yml", project / "mkdocs.en.yml")
    for name in ("data", "docs", "macros", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    render = project / "macros" / "render.py"
    text = render.read_text(encoding="utf-8")
    signature = 'def glossary(report: Report, *, lang: str = "zh") -> str:\n'
    assert signature in text, "the macro to break has moved: update this test"
    render.write_text(text.replace(signature, signature + '    raise RuntimeError("boom in glossary")\n'),
                      encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", quiet=True)
    assert result.returncode != 0
    assert "boom in glossary" in result.stdout + result.stderr


# === issue 21: a second corpus of hostile contributions ======================================
# Every case ends in a clear file:line:col refusal (checked by problems(): the format, no
# traceback) or in inert output.  Described in maintainers/README.md ("Error-input corpus").


def replace_in(tree: Path, file: str, old: str, new: str) -> int:
    """Replace the first ``old`` in ``file`` (under tree/); the line number it stood on."""
    path = tree / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} moved in {file}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# --- 21.1 pages: raw HTML, links, attribute lists -------------------------------------------

@pytest.mark.parametrize("written, reason", [
    ("<script>alert(1)</script>", "HTML 标签 <script>"),
    ("<img src=x onerror=alert(1)>", "HTML 标签 <img>"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "HTML 标签 <iframe>"),
    ("<svg onload=alert(1)>", "HTML 标签 <svg>"),
    ('<a href="https://example.org/">x</a>', "HTML 标签 <a>"),
    ('<span onmouseover="alert(1)">悬停</span>', "不能带属性 onmouseover"),
    ('<span style="background:url(javascript:alert(1))">x</span>', "不能带属性 style"),
    ('<span class="qa-own__label" title="a&quot; onclick=&quot;x">x</span>', "title"),
    ('<span lang="en\' onfocus=\'x">x</span>', "lang"),
    ("<!-- <script>alert(1)</script> -->", "无法识别或不允许的 HTML"),
    ("<data:text/html,<script>alert(1)</script>>", "无法识别或不允许的 HTML"),
    ("<vbscript:msgbox(1)>", "不允许的协议 vbscript:"),
    ("[点我](javascript:alert(1))", "不允许的协议 javascript:"),
    ("[点我](JaVa&#x53;cript:alert(1))", "不允许的协议 javascript:"),
    ("[点我]( java\tscript:alert(1))", "不允许的协议 javascript:"),
    ("[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "不允许的协议 data:"),
    ("[点我][x]\n\n[x]: javascript:alert(1)", "不允许的协议 javascript:"),
    ("![统计图](https://tracker.example/pixel.png)", "图片只能是站内的文件"),
    ("![统计图](//tracker.example/pixel.png)", "图片地址指向站外"),
    ('## 小节 {: onclick="alert(1)" }', "属性列表"),
    ("正文 {: #x data-x=1 }", "属性列表"),
])
def test_page_active_content_is_refused(tree, written, reason):
    line = append_to_page(tree, f"\n{written}\n")
    found = problems(tree)
    lines = range(line + 1, line + 1 + written.count("\n") + 1)  # the written lines, each where it stands
    assert found and all(p.startswith("docs/glossary.md:") and int(p.split(":")[1]) in lines for p in found), found
    assert any(reason in p for p in found), found


@pytest.mark.parametrize("written", [
    '<span class="qa-own__label">本站释义</span>说明文字。\n{: .qa-own }',
    '<span lang="en">Quality Anhui</span>',
    "[中国质量新闻网](https://www.cqn.com.cn/) 与 [来源](sources.md#citing) 与 <mailto:editors@example.org>",
    "代码里的 `<script>` 只是文字。",
    "```\n<script>alert(1)</script>\n```",
    "价格 a < b 且 c > d 时。",
])
def test_what_the_pages_rightly_use_stays_allowed(tree, written):
    append_to_page(tree, f"\n{written}\n")
    assert problems(tree) == []


@pytest.mark.parametrize("front, reason", [
    ("template: ../../../mkdocs.yml", "front matter 不能有“template”"),
    ("icon: ../../../../etc/passwd", "front matter 不能有“icon”"),
    ('description: "\\"><script>alert(1)</script>"', "尖括号"),
    ("description: 博·彩网站推荐", "垃圾广告"),
    ("title: \"\u2800\"", "显示为空白"),
    ('render_macros: "yes"', "只能是 true 或 false"),
    ("hide: [navigation, everything]", "hide 只能列出"),
    ("description: [1, 2]", "必须是一段文字"),
])
def test_front_matter_keys_and_values(tree, front, reason):
    path = tree / "docs" / "glossary.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    key = front.split(":")[0]
    kept = re.sub(rf"^{key}:.*\n", "", text[4:], count=1, flags=re.M)  # one value per key
    path.write_text("---\n" + front + "\n" + kept, encoding="utf-8")
    found = problems(tree)
    assert any(p.startswith("docs/glossary.md:2:") and reason in p for p in found), found


def test_a_front_matter_key_written_twice(tree):
    """YAML keeps the last value: the first is what a reviewer may read, never what is published."""
    path = tree / "docs" / "glossary.md"
    text = path.read_text(encoding="utf-8")
    path.write_text("---\ndescription: 博彩网站\n" + text[4:], encoding="utf-8")
    found = problems(tree)
    assert any(p.startswith("docs/glossary.md:") and "写了两次" in p for p in found), found


def test_multimarkdown_front_matter_is_checked_too(tree):
    """MkDocs reads `key: value` lines at the top of a page without --- as front matter."""
    (tree / "docs" / "glossary.md").write_text("template: ../../mkdocs.yml\n\n# 术语\n", encoding="utf-8")
    found = problems(tree)
    assert any(p.startswith("docs/glossary.md:1:1: 页面的 front matter 不能有“template”") for p in found), found


def test_page_with_old_mac_line_endings_is_read_as_mkdocs_reads_it(tree):
    """Pages are read with universal newlines, by the checks as by MkDocs: CR-only endings are
    harmless there (data files are read as bytes and get a message naming them, below)."""
    path = tree / "docs" / "glossary.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert problems(tree) == []


@pytest.mark.parametrize("name", ["evil.html", "assets/x.svg", "assets/search/index.html", "schema/x.js",
                                  ".htaccess", "en/page.htm", "assets/font.woff2"])
def test_static_files_only_of_known_kinds_in_known_folders(tree, name):
    path = tree / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"<script>fetch('https://evil.example/')</script>\n")
    found = problems(tree)
    assert any(p.startswith(f"docs/{name}:1:1: docs/ 里不能放这种文件") for p in found), found


# --- 21.4 one text gate: blank and disguised text, ids and aliases ----------------------------

@pytest.mark.parametrize("written, reason", [
    ("\u2800", "U+2800"),
    ("质量\uffa0强省", "U+FFA0"),
    ("质量\u3164强省", "U+3164"),
    ("质量\u00a0强省", "U+00A0"),
    ("质量\u2005强省", "U+2005"),
    ("质量\u303f强省", "U+303F"),
    ("ᴘᴏᴋᴇʀ.ᴄᴏᴍ 质量", "垃圾广告"),
    ("𝐛𝐞𝐭𝟑𝟔𝟓 质量", "垃圾广告"),
    ("澳門賭場 质量", "垃圾广告"),
    ("體育投註", "垃圾广告"),
    ("b.e.t体育", "垃圾广告"),
    ("b\u0336e\u0336t体育", "垃圾广告"),
    ("博·彩", "垃圾广告"),
    ("百 家-乐", "垃圾广告"),
    ("省政府品質獎", "繁体转换网关替换进来的词“品質”"),
    ("按程式办理", "繁体转换网关替换进来的词“程式”"),
    ("印發(fā)了实施意见", "括号拼音“發(fā)”"),
    ("质量（zhì）", "括号拼音"),
])
def test_blank_and_disguised_text_in_data(tree, written, reason):
    line = add_fact(tree, with_statement(written))
    found = problems(tree)
    assert any(p.startswith(f"data/facts/governance.yml:{line + 5}:") and reason in p for p in found), found


def test_a_quoted_word_names_a_restoration_and_is_allowed(tree):
    add_fact(tree, with_statement("原文副本把“品質”写在“质量”的位置，本站已还原。"))
    assert problems(tree) == []


def test_spam_as_a_record_id(tree):
    line = add_fact(tree, NEW_FACT.replace("id: new-fact", "id: bet-365"))
    found = problems(tree)
    assert any(p.startswith(f"data/facts/governance.yml:{line}:") and "bet365" in p for p in found), found


def test_spam_as_a_glossary_alias(tree):
    line = replace_in(tree, "data/glossary.yml", "aliases: [地理标志]", "aliases: [地理标志, 賭·場]")
    found = problems(tree)
    assert any(p.startswith(f"data/glossary.yml:{line}:") and "赌场" in p for p in found), found


def test_an_organisation_named_with_the_braille_blank(tree):
    line = replace_in(tree, "data/organisations.yml", "    en: CPC Anhui Provincial Committee",
                      "    en: \"\u2800\"")
    found = problems(tree)
    assert any(p.startswith(f"data/organisations.yml:{line}:") and "U+2800" in p for p in found), found


# --- 21.5 values -------------------------------------------------------------------------------

def test_a_figure_that_prints_only_in_exponent_form(tree):
    line = add_fact(tree, NEW_FACT.replace("zh: 一条新的事实。", "zh: 厚度为{value}。").replace(
        "  time:", "  value: 0.00000000000001\n  unit: 毫米\n  label: {zh: 厚度}\n  time:"))
    found = problems(tree)
    assert any(p.startswith("data/facts/governance.yml:") and "科学记数法" in p for p in found), found
    assert line


@pytest.mark.parametrize("old, new, file", [
    ('reviewed: {date: "2026-11-25"', 'reviewed: {date: "9999-12-31"', "data/themes.yml"),
    ('posted: {date: "2021-11-29T10:13+08:00", certainty: stated}',
     'posted: {date: "2999-01-01T10:13+08:00", certainty: stated}', "data/sources.yml"),
])
def test_dates_that_record_the_past_cannot_lie_ahead(tree, old, new, file):
    line = replace_in(tree, file, old, new)
    found = problems(tree)
    assert any(p.startswith(f"{file}:{line}:") and "在未来" in p for p in found), found


@pytest.mark.parametrize("url, reason", [
    ("https://www.ce.cn@other.example/t.shtml", "用户名@"),
    ("https://editor:secret@www.ce.cn/t.shtml", "用户名@"),
    ("http://xn--c-ltb.cn/t.shtml", "混用了不同文字"),
])
def test_deceptive_source_addresses(tree, url, reason):
    line = replace_in(tree, "data/sources.yml", "url: http://www.ce.cn/cysc/zljd/zlxx/202111/29/t20211129_37123815.shtml",
                      f"url: {url}")
    found = problems(tree)
    assert any(p.startswith(f"data/sources.yml:{line}:") and reason in p for p in found), found


# --- 21.6 bounds on the whole ------------------------------------------------------------------

def test_a_record_with_twenty_thousand_unknown_keys_is_one_message_in_seconds(tree):
    line = add_fact(tree, "- id: crowded\n" + "".join(f"  k{i}: 1\n" for i in range(20000)))
    started = time.perf_counter()
    found = problems(tree)
    elapsed = time.perf_counter() - started
    assert found == [f for f in found if f.startswith(f"data/facts/governance.yml:{line}:") and "字段过多" in f]
    assert len(found) == 1 and elapsed < 10, (elapsed, found[:3])


def test_too_many_records_across_data_are_refused_before_validating(tree):
    per_file = rules.MAX_TOTAL_RECORDS // 3 + 10
    for n in range(3):
        (tree / "data" / "facts" / f"bulk-{n}.yml").write_text(
            FACTS_HEADER + "".join(f"- id: r{n}-{i}\n" for i in range(per_file)), encoding="utf-8")
    started = time.perf_counter()
    assert re.match(r"data/facts/bulk-\d\.yml:1:1: 数据记录合计超过", only(tree)), only(tree)
    assert time.perf_counter() - started < 10


def test_too_many_bytes_across_data_are_refused_before_validating(tree):
    chunk = FACTS_HEADER + "# " + "x" * (rules.MAX_FILE_BYTES - 200) + "\n"
    for n in range(rules.MAX_TOTAL_BYTES // rules.MAX_FILE_BYTES + 2):
        (tree / "data" / "facts" / f"bulk-{n:03d}.yml").write_text(chunk, encoding="utf-8")
    assert re.match(r"data/facts/bulk-\d+\.yml:1:1: 数据文件合计超过", only(tree)), only(tree)


def test_messages_per_file_are_capped_with_the_rest_counted(tree):
    bad = "".join(NEW_FACT.replace("id: new-fact", f"id: bad-{i}").replace("theme: governance", "theme: nowhere")
                  for i in range(rules.MAX_PROBLEMS_PER_FILE + 30))
    add_fact(tree, bad)
    found = [p for p in problems(tree) if p.startswith("data/facts/governance.yml:")]
    assert len(found) == rules.MAX_PROBLEMS_PER_FILE + 1, len(found)
    assert "另外 30 处问题" in found[-1] or any("另外 30 处问题" in p for p in found), found[-3:]


# --- 21.7 every refusal readable -------------------------------------------------------------

def test_a_data_file_with_old_mac_line_endings_gets_one_message_naming_them(tree):
    path = tree / "data" / "people.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert only(tree).startswith("data/people.yml:1:1: 文件的换行符是旧式 Mac 的 CR")


def test_a_hostile_template_key_is_a_message_not_a_traceback_in_make_check(tree):
    path = tree / "docs" / "glossary.md"
    text = path.read_text(encoding="utf-8")
    path.write_text("---\ntemplate: ../../../mkdocs.yml\n" + text[4:], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts.datatool", "check", "--data", str(tree / "data")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "docs/glossary.md:2:1: 页面的 front matter 不能有“template”" in result.stdout
