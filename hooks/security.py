"""The adapter's security step: the Content-Security-Policy of every page and the check of the output (issue 21.2).

* ``on_post_page``: a page's own HTML (Markdown plus the macros' HTML) must hold no script,
  handler, frame or dangerous address — the build fails naming the page; the policy
  placeholder in overrides/main.html gets the hashes of the theme's inline scripts, taken
  from the page *without* its content.
* ``on_post_template``: the same policy for the theme's own pages (404.html).
* ``on_post_build``: every published HTML file of this edition is read back and checked
  (macros/output_check.py): a file the theme did not write (a .html copied from docs/),
  an inline script not in its policy, a script from elsewhere — the build fails.
"""

from __future__ import annotations

from pathlib import Path


from mkdocs.exceptions import PluginError

from macros import output_check

# How many problems the build names before "and N more".
MAX_SHOWN = 20


def _fail(problems: list[str], fix: str) -> None:
    shown = problems[:MAX_SHOWN]
    more = f"\n…以及另外 {len(problems) - MAX_SHOWN} 处" if len(problems) > MAX_SHOWN else ""
    raise PluginError("\n".join(shown) + more + f"\n— {fix}")


def on_post_page(output: str, page, config, **kwargs) -> str:
    content = page.content or ""
    problems = output_check.content_problems(content)
    if problems:
        source = f"docs/{page.file.src_uri}"
        _fail([f"{source}: 生成的页面含有可执行的内容 {p}" for p in problems],
              "页面和数据里不能有脚本、事件属性、框架或 javascript:/data: 地址：删去它（make check 会指出原文位置）")
    return output_check.with_policy(output, content)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    return output_check.with_policy(output_content, None)


def on_post_build(config, **kwargs) -> None:
    english = (config.get("extra") or {}).get("edition") != "en"
    problems = output_check.site_problems(Path(config["site_dir"]), skip="en" if english else None)
    if problems:
        _fail([f"site/{p}" for p in problems],
              "发布的网页里只能有主题自己的脚本：删去 docs/ 里的 .html 等文件，或请维护者检查模板")
