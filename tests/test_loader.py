"""The bad-input corpus: every way a contributor's edit can be wrong, and what the
loader says about it.  Each case edits a copy of the real data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros import loader, rules

from conftest import ROOT

LINE_FORMAT = re.compile(r"^data/[\w/.-]+\.ya?ml:\d+:\d+: .+ — .+$", re.S)

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
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def problems(data: Path) -> list[str]:
    result = loader.validate(data)
    lines = [str(p) for p in result.problems]
    for line in lines:
        assert LINE_FORMAT.match(line), f"not file:line:col: what — fix: {line}"
    return lines


def only(data: Path) -> str:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def add_fact(data: Path, text: str, file: str = "facts/governance.yml") -> int:
    """Append a record; returns the line number where it starts."""
    path = data / file
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def figure_fact(value: str, unit: str = "家", statement: str = "共有{value}。") -> str:
    """NEW_FACT as a figure, with ``value`` written exactly as given."""
    return NEW_FACT.replace("zh: 一条新的事实。", f"zh: {statement}").replace(
        "  time:", f"  value: {value}\n  unit: {unit}\n  label: {{zh: 新数字}}\n  time:")


def test_the_real_data_is_valid(data):
    assert problems(data) == []


# --- files that cannot be read ------------------------------------------------------


def test_yaml_syntax_error(data):
    line = add_fact(data, NEW_FACT.replace("topic: policy", "topic: [policy"))
    message = only(data)
    assert message.startswith("data/facts/governance.yml:")
    assert "YAML 语法错误" in message
    assert int(message.split(":")[1]) >= line


def test_tab_indentation(data):
    line = add_fact(data, NEW_FACT.replace("  theme:", "\ttheme:"))
    assert only(data).startswith(f"data/facts/governance.yml:{line + 1}:1: 用 Tab 缩进")


def test_truncated_file_inside_a_value(data):
    path = data / "facts" / "governance.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("{id: cqn-2021-11-29, section: fengxiangbiao}") + 20], encoding="utf-8")
    assert "YAML 语法错误" in only(data)


def test_truncated_file_between_fields(data):
    path = data / "facts" / "governance.yml"
    text = path.read_text(encoding="utf-8")
    cut = text.index("  time_basis:", text.index("id: product-quality-regulations-amended"))
    path.write_text(text[:cut], encoding="utf-8")
    found = [p for p in problems(data) if p.startswith("data/facts/governance.yml:")]
    assert {p.split(": ", 1)[1].split(" —")[0] for p in found} == {
        "缺少必填字段 `source`", "缺少必填字段 `time_basis`", "缺少必填字段 `reviewed`"}
    # (data/charts.yml rightly reports the facts that the cut removed.)


def test_non_utf8_bytes(data):
    (data / "facts" / "governance.yml").write_bytes((FACTS_HEADER + NEW_FACT).encode("gbk"))
    message = only(data)
    assert "不是 UTF-8 编码" in message and "GBK" in message
    assert message.startswith("data/facts/governance.yml:7:")


def test_byte_order_mark_is_accepted_with_a_warning(data):
    path = data / "people.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = loader.validate(data)
    assert result.problems == [] and result.report is not None
    assert [w.file for w in result.warnings] == ["data/people.yml"]
    assert "BOM" in str(result.warnings[0])


def test_file_over_the_size_cap(data):
    add_fact(data, "# " + "x" * rules.MAX_FILE_BYTES + "\n")
    assert "文件过大" in only(data)


def test_second_yaml_document(data):
    add_fact(data, "---\n" + NEW_FACT)
    assert "只能有一个 YAML 文档" in only(data)


def test_unknown_data_file(data):
    (data / "organizations.yaml").write_text("[]\n", encoding="utf-8")
    assert only(data).startswith("data/organizations.yaml:1:1: 不认识的数据文件")


# --- duplicates -----------------------------------------------------------------------


def test_duplicate_key_names_both_lines(data):
    line = add_fact(data, NEW_FACT.replace("  time_basis: during\n", "  time_basis: during\n  time: \"2020\"\n"))
    message = only(data)
    assert f"第 {line + 6} 行和第 {line + 8} 行" in message
    assert message.startswith(f"data/facts/governance.yml:{line + 8}:")


def test_duplicate_id_across_files_names_both_files(data):
    line = add_fact(data, NEW_FACT.replace("id: new-fact", "id: chief-quality-officers"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line}:")
    assert "data/facts/co-governance.yml:" in message


# --- sources and references ----------------------------------------------------------------


def test_missing_source(data):
    add_fact(data, NEW_FACT.replace("  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n", ""))
    message = only(data)
    assert "缺少必填字段 `source`" in message and "cqn-2021-11-29" in message


def test_unknown_source_id(data):
    line = add_fact(data, NEW_FACT.replace("id: cqn-2021-11-29", "id: cqn-2099-01-01"))
    assert only(data).startswith(f"data/facts/governance.yml:{line + 8}:")
    assert "不存在的来源 `cqn-2099-01-01`" in only(data)


def test_unknown_section(data):
    add_fact(data, NEW_FACT.replace("section: fengxiangbiao", "section: fengxiang"))
    assert "章节 `fengxiang` 不在来源的 sections 中" in only(data)


def test_reference_to_missing_organisation(data):
    line = add_fact(data, NEW_FACT.replace("subject: anhui", "subject: iflytec"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 3}:")
    assert "不存在的 id `iflytec`" in message and "是否想写 `iflytek`" in message


def test_reference_to_record_of_the_wrong_kind(data):
    path = data / "quotations.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("speaker: xie-li", "speaker: quanchai-power"),
                    encoding="utf-8")
    assert "需要person" in only(data)


def test_topic_not_in_theme(data):
    add_fact(data, NEW_FACT.replace("topic: policy", "topic: brands"))
    assert "不是主题 `governance` 的小节" in only(data)


# --- values ------------------------------------------------------------------------------


def test_impossible_date(data):
    add_fact(data, NEW_FACT.replace('time: "2021"', 'time: "2021-02-30"'))
    assert "日期 2021-02-30 不存在" in only(data)


@pytest.mark.parametrize("written", ["yes", "on", "NO", "Yes", "off", "y"])
def test_implicit_booleans_are_not_booleans(data, written):
    add_fact(data, NEW_FACT.replace("  time_basis: during\n", f"  time_basis: during\n  key: {written}\n"))
    message = only(data)
    assert f"`key` 应为true 或 false，实际写的是 '{written}'" in message


@pytest.mark.parametrize("written", ["012", "1_069", "1,069", "0x10", "1e3", "+5"])
def test_implicit_numbers_are_not_numbers(data, written):
    figure = figure_fact(written)
    add_fact(data, figure)
    assert f"`value` 应为数字，实际写的是 '{written}'" in only(data)


def test_negative_count(data):
    figure = figure_fact("-3")
    assert "不能为负数" in (add_fact(data, figure) and only(data))


def test_unit_not_in_the_allowed_list(data):
    figure = figure_fact("3", unit="斤")
    add_fact(data, figure)
    message = only(data)
    assert "`unit` 的值 '斤' 不在允许范围内" in message and "'家'" in message


def test_figure_statement_needs_the_value_placeholder(data):
    figure = figure_fact("3", statement="一条新的事实。")
    add_fact(data, figure)
    assert "{value}" in only(data)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_value_placeholder_without_a_value(data, language):
    """{value} with no value would print the placeholder on the page: rejected in either language."""
    statement = ("zh: 共有{value}企业。" if language == "zh"
                 else "zh: 一条新的事实。\n    en: There are {value} enterprises.")
    line = add_fact(data, NEW_FACT.replace("zh: 一条新的事实。", statement))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line}:")
    assert "statement 里有 {value} 但没有 value" in message and "删去 {value}" in message


def test_full_width_digits_are_rejected(data):
    line = add_fact(data, NEW_FACT.replace("一条新的事实。", "共有１０６９家企业。"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 5}:")
    assert "全角数字“１０６９”" in message and "“1069”" in message


def test_unknown_field_suggests_the_right_name(data):
    line = add_fact(data, NEW_FACT.replace("  source:", "  soruce:"))
    found = problems(data)
    typo = next(p for p in found if "soruce" in p)
    assert typo.startswith(f"data/facts/governance.yml:{line + 8}:3: 未知字段 `soruce`")
    assert "是否想写 `source`？" in typo
    assert any("缺少必填字段 `source`" in p for p in found)


def test_text_must_be_a_zh_mapping(data):
    add_fact(data, NEW_FACT.replace("  statement:\n    zh: 一条新的事实。", "  statement: 一条新的事实。"))
    assert "`statement` 应为带字段的记录" in only(data)


# --- hostile input ----------------------------------------------------------------------------


def test_anchors_and_aliases_are_rejected_before_expansion(data):
    bomb = "- &a [x, x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + \
        "".join(f"- &{chr(99 + i)} [{', '.join(['*' + chr(98 + i)] * 9)}]\n" for i in range(8))
    (data / "facts" / "governance.yml").write_text(FACTS_HEADER + bomb, encoding="utf-8")
    message = only(data)
    assert message.startswith("data/facts/governance.yml:2:3: 不允许使用 YAML 锚点或别名")


def test_python_tags_are_rejected_and_never_constructed(data, tmp_path):
    marker = tmp_path / "pwned"
    add_fact(data, NEW_FACT.replace("zh: 一条新的事实。",
                                    f"zh: !!python/object/apply:os.system [\"touch {marker}\"]"))
    assert "不允许使用 YAML 标签 `tag:yaml.org,2002:python/object/apply:os.system`" in only(data)
    assert not marker.exists()


@pytest.mark.parametrize("character", ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\x07"])
def test_invisible_and_bidirectional_characters(data, character):
    add_fact(data, NEW_FACT.replace("一条新的事实。", f"一条新{character}的事实。"))
    assert f"U+{ord(character):04X}" in only(data)


@pytest.mark.parametrize("spam", ["bet体育365官网:质量报", "365体育投注", "欢迎访问 bet365.com",
                                  "手机版APP下载", "casino-royal.vip"])
def test_spam_is_rejected(data, spam):
    add_fact(data, NEW_FACT.replace("一条新的事实。", f"来源：{spam}"))
    assert "含有垃圾广告文字" in only(data)


def test_every_problem_is_reported_at_once(data):
    add_fact(data, NEW_FACT.replace("  source:", "  soruce:"))
    add_fact(data, NEW_FACT.replace("id: new-fact", "id: other-fact").replace("time: \"2021\"", "time: 2021-13"),
             file="facts/overview.yml")
    (data / "places.yml").write_text("- id: x\n\tname: y\n", encoding="utf-8")
    found = problems(data)
    files = {p.split(":")[0] for p in found}
    assert files == {"data/facts/governance.yml", "data/facts/overview.yml", "data/places.yml"}


def test_the_schema_line_must_stay_first(data):
    path = data / "people.yml"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    message = only(data)
    assert message.startswith("data/people.yml:1:1: 第一行不是 schema 声明")
    assert "$schema=../docs/schema/people.schema.json" in message


# --- issue 11: dates "as reported", subject groups, several sources, reviewed ---------------


def test_a_fact_without_a_date_in_the_source_is_as_reported(data):
    add_fact(data, NEW_FACT.replace('  time: "2021"\n  time_basis: during\n', "  time_basis: as_reported\n"))
    assert problems(data) == []


def test_as_reported_with_a_time_is_rejected(data):
    line = add_fact(data, NEW_FACT.replace("time_basis: during", "time_basis: as_reported"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line}:")
    assert "as_reported 表示原文没有给出日期，不能再写 time" in message


def test_a_missing_time_says_how_to_write_as_reported(data):
    add_fact(data, NEW_FACT.replace('  time: "2021"\n', ""))
    message = only(data)
    assert "缺少 time" in message and "原文没有给出日期时写 time_basis: as_reported" in message


def test_a_fact_may_name_a_plain_group_instead_of_a_subject(data):
    add_fact(data, NEW_FACT.replace("  subject: anhui\n", "  subject_group:\n    zh: 获奖企业\n"))
    assert problems(data) == []


def test_a_fact_may_have_no_subject(data):
    add_fact(data, NEW_FACT.replace("  subject: anhui\n", ""))
    assert problems(data) == []


def test_subject_and_subject_group_together_are_rejected(data):
    add_fact(data, NEW_FACT.replace("  subject: anhui\n", "  subject: anhui\n  subject_group: {zh: 获奖企业}\n"))
    assert "subject 和 subject_group 只能写一个" in only(data)


def test_subject_group_must_be_text(data):
    line = add_fact(data, NEW_FACT.replace("  subject: anhui\n", "  subject_group: 获奖企业\n"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 3}:")
    assert "`subject_group` 应为带字段的记录" in message


def test_several_sources_and_the_whole_text_are_accepted(data):
    add_fact(data, NEW_FACT.replace("  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n",
                                    "  source:\n    - {id: cqn-2021-11-29, section: fengxiangbiao}\n"
                                    "    - {id: cqn-2021-11-29}\n"))
    assert problems(data) == []


def test_a_bad_section_in_a_list_of_sources_is_reported_at_its_line(data):
    line = add_fact(data, NEW_FACT.replace("  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n",
                                           "  source:\n    - {id: cqn-2021-11-29, section: fengxiangbiao}\n"
                                           "    - {id: cqn-2021-11-29, section: nosuch}\n"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 10}:")
    assert "章节 `nosuch` 不在来源的 sections 中" in message and "引用全文时删去 section" in message


def test_an_empty_list_of_sources_is_rejected(data):
    add_fact(data, NEW_FACT.replace("  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n", "  source: []\n"))
    assert "`source` 不能为空" in only(data)


def test_a_source_written_as_plain_text_gives_one_message(data):
    add_fact(data, NEW_FACT.replace("  source: {id: cqn-2021-11-29, section: fengxiangbiao}\n",
                                    "  source: cqn-2021-11-29\n"))
    assert "`source` 应为" in only(data)


def test_a_typo_inside_one_source_is_not_reported_twice(data):
    add_fact(data, NEW_FACT.replace("section: fengxiangbiao}", "sektion: fengxiangbiao}"))
    message = only(data)
    assert "未知字段 `sektion`" in message and "是否想写 `section`" in message


def test_every_record_needs_reviewed(data):
    path = data / "people.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  reviewed: {date: "2026-11-25", by: 编辑组}\n', "", 1), encoding="utf-8")
    message = only(data)
    assert message.startswith("data/people.yml:3:") and "缺少必填字段 `reviewed`" in message


def test_reviewed_needs_a_full_date(data):
    add_fact(data, NEW_FACT.replace('date: "2026-11-25"', 'date: "2026-11"'))
    assert "reviewed.date 要写到日" in only(data)


def test_reviewed_needs_who(data):
    add_fact(data, NEW_FACT.replace(', by: 编辑组}', "}"))
    assert "缺少必填字段 `by`" in only(data)


def test_reviewed_date_must_exist(data):
    add_fact(data, NEW_FACT.replace('date: "2026-11-25"', 'date: "2026-02-30"'))
    assert "日期 2026-02-30 不存在" in only(data)


def test_organisation_about_must_be_text(data):
    path = data / "organisations.yml"
    text = path.read_text(encoding="utf-8")
    # The mapping (zh, and en when there is one) becomes a plain string.
    changed = re.sub(r"  about:\n    zh: (国家市场监督管理总局主管的全国性报纸。)\n(?:    en: .*\n)?",
                     r"  about: \1\n", text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    assert "`about` 应为带字段的记录" in only(data)


def test_a_theme_is_no_longer_tied_to_a_section(data):
    path = data / "themes.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  page: governance.md\n", "  section: fengxiangbiao\n  page: governance.md\n"),
                    encoding="utf-8")
    assert "未知字段 `section`" in only(data)


def test_rank_is_only_for_key_figures(data):
    add_fact(data, figure_fact("3").replace("  time:", "  rank: 2\n  time:"))
    assert "rank 只用于关键数字" in only(data)


def test_rank_must_be_a_positive_whole_number(data):
    add_fact(data, figure_fact("3").replace("  time:", "  key: true\n  rank: 0\n  time:"))
    assert "`rank` 不能小于 1（写的是 0）" in only(data)


# --- a non-programmer's common slips, tried as a contributor would (issue 18) -------------
# Each is named at the line where it is, with how to fix it; before, the message said
# "日期格式应为 YYYY…" for a right date, or a parser's English one line (or ten) below.


def test_word_smart_quotes_around_a_date(data):
    line = add_fact(data, NEW_FACT.replace('date: "2026-11-25"', "date: “2026-11-25”"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 9}:20: “2026-11-25” 两边是中文（弯）引号"), message
    assert '改成英文双引号："2026-11-25"' in message


def test_smart_quotes_around_an_id_on_a_line_of_its_own(data):
    line = add_fact(data, NEW_FACT.replace("  theme: governance", "  theme: ‘governance’"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 1}:10: ‘governance’ 两边是中文（弯）引号"), message


def test_a_chinese_quotation_in_curly_quotes_is_text_not_a_slip(data):
    add_fact(data, NEW_FACT.replace("zh: 一条新的事实。", "zh: “质量强省”"))
    assert problems(data) == []


@pytest.mark.parametrize("after", [" ", ""])
def test_full_width_colon_after_a_key(data, after):
    line = add_fact(data, NEW_FACT.replace("  topic: policy", f"  topic：{after}policy"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 2}:8: 字段名 `topic` 后面是全角冒号“：”"), message
    assert "改成英文冒号加一个空格：`topic: `" in message


def test_full_width_colon_after_a_list_dash(data):
    line = add_fact(data, NEW_FACT.replace("- id: new-fact", "- id：new-fact"))
    assert only(data).startswith(f"data/facts/governance.yml:{line}:5: 字段名 `id` 后面是全角冒号“：”")


def test_a_full_width_colon_inside_a_text_is_text(data):
    add_fact(data, NEW_FACT.replace("zh: 一条新的事实。", "zh: 文件指出：质量是第一位的。"))
    assert problems(data) == []


@pytest.mark.parametrize("edit", [
    ('reviewed: {date: "2026-11-25", by: 编辑组}', 'reviewed: {date: "2026-11-25, by: 编辑组}', 20),
    ('  time: "2021"', '  time: "2021', 9),
], ids=["in-braces", "on-its-own-line"])
def test_deleted_closing_quote(data, edit):
    old, new, column = edit
    line = add_fact(data, NEW_FACT.replace(old, new) + NEW_FACT.replace("new-fact", "second-new-fact"))
    where = line + NEW_FACT.split("\n").index(next(l for l in NEW_FACT.split("\n") if old.strip() in l))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{where}:{column}: 这一行的英文双引号不成对"), message
    assert '补上英文双引号 "' in message


@pytest.mark.parametrize("written", ["2026-11-25", "2021-11", "2021-1-5"])
def test_unquoted_date(data, written):
    line = add_fact(data, NEW_FACT.replace('date: "2026-11-25"', f"date: {written}"))
    message = only(data)
    assert message.startswith(f"data/facts/governance.yml:{line + 9}:20: 日期 {written} 没有加引号"), message
    assert f'日期要写在英文双引号里："{written}"' in message
