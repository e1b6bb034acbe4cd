"""Contributor and maintainer commands for the report's data.

    python -m scripts.datatool check            validate all of data/ (every problem at once)
    python -m scripts.datatool export-schema    regenerate docs/schema/*.schema.json from the models
    python -m scripts.datatool verify-schema    fail if docs/schema/ drifted from the models
    python -m scripts.datatool verify-templates fail if a page breaks the page grammar (macros/pages.py)
    python -m scripts.datatool verify-translations fail if a UI string has no English (macros/locale/)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from macros import i18n, loader, pages, schema_export
from scripts import ui_strings
from scripts import gitbase


def check(data_dir: Path, docs_dir: Path | None = None) -> int:
    started = time.perf_counter()
    try:
        # ids in the base revision: a duplicate id then blames the record that is new.
        result = loader.validate(data_dir, docs_dir, baseline=gitbase.ids(ROOT, gitbase.default_ref()),
                                 languages=i18n.published())
    except Exception as error:  # noqa: BLE001 - a message, never a traceback
        print(f"{data_dir.name}/:1:1: 校验时出现意外错误（{type(error).__name__}: {error}） — 把这一行报告给维护者",
              file=sys.stderr)
        return 1
    for problem in result.warnings + result.problems:
        print(problem)
    elapsed = time.perf_counter() - started
    if result.problems:
        print(f"\n数据校验失败：{len(result.problems)} 处问题（用时 {elapsed:.2f} 秒）。"
              "按每行“—”后的提示修改，再运行 make check。", file=sys.stderr)
        return 1
    assert result.report is not None
    print(f"数据校验通过：{len(result.report.facts)} 条事实，{len(result.report.entities)} 条实体记录，"
          f"{len(result.report.quotations)} 条引语（用时 {elapsed:.2f} 秒）。")
    return 0


def export_schema() -> int:
    for name in schema_export.write():
        print(f"wrote docs/schema/{name}")
    return 0


def verify_schema() -> int:
    drifted = schema_export.drift()
    if drifted:
        print("docs/schema/ is out of date with macros/schema.py: " + ", ".join(drifted)
              + "\nRun: python -m scripts.datatool export-schema", file=sys.stderr)
        return 1
    print("docs/schema/ matches the models.")
    return 0


def verify_templates(docs_dir: Path) -> int:
    # The page grammar (macros/pages.py): only calls of known macros with literal ids.
    problems = [str(p) for p in pages.check_docs(docs_dir)[1]]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print("page grammar holds: pages hold only calls of known macros with literal ids.")
    return 0


def verify_translations() -> int:
    # Every UI string the templates and code mark with _() has its English (macros/locale/).
    report = loader.load(ROOT / "data")
    catalogue = i18n.catalogue("en")
    missing = {text: where for text, where in ui_strings.message_ids(report).items() if text not in catalogue}
    for text, where in missing.items():
        print(f"{where}: 界面文字没有英文：{text!r} — 在 macros/locale/en.yml（字段说明在 en.dictionary.yml）"
              f"里加一行 {text!r}: <English>", file=sys.stderr)
    if missing:
        return 1
    print(f"every UI string has its English ({len(catalogue)} entries in macros/locale/).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.datatool", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate data/")
    check_parser.add_argument("--data", type=Path, default=ROOT / "data")
    check_parser.add_argument("--docs", type=Path, default=None,
                              help="pages to check with the data (default: docs/ beside --data)")
    commands.add_parser("export-schema", help="regenerate docs/schema/")
    commands.add_parser("verify-schema", help="fail if docs/schema/ drifted")
    templates_parser = commands.add_parser("verify-templates", help="fail on template syntax in non-template pages")
    templates_parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    commands.add_parser("verify-translations", help="fail if a UI string has no English")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.data, args.docs or args.data.parent / "docs")
    if args.command == "export-schema":
        return export_schema()
    if args.command == "verify-schema":
        return verify_schema()
    if args.command == "verify-translations":
        return verify_translations()
    return verify_templates(args.docs)


if __name__ == "__main__":
    sys.exit(main())
