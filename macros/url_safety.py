"""Addresses a reader may be sent to (issue 21.5): a source's URL is published as a link.

Refused, each with a message saying what to write instead:

* user-info before the host (``https://www.ce.cn@other.example/…`` opens other.example);
* a host label that mixes scripts (a Cyrillic ``е`` in ``ce.cn``), written in Unicode or
  as punycode (``xn--…``);
* a host that does not parse.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from . import rules


def _scripts(label: str) -> set[str]:
    from . import textgate
    return {textgate._script(c) for c in label if c.isalpha()} - {"COMMON", "INHERITED"}


def problem(url: str) -> str | None:
    """``what|fix`` for an address that would deceive a reader, or None."""
    if rules.URL_USERINFO.match(url):
        return ("地址的主机名前有“用户名@”，链接实际会打开 @ 后面的网站|"
                "删去 :// 和 @ 之间的部分，只写真正的网站地址，例如 http://www.ce.cn/…")
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return "地址的主机名无法解析|照浏览器地址栏复制完整的地址"
    if not host:
        return "地址缺少主机名|照浏览器地址栏复制完整的地址，例如 http://www.ce.cn/…"
    for label in host.split("."):
        shown = label
        if label.startswith("xn--"):
            try:
                shown = label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                return f"地址的主机名“{label}”不是有效的国际化域名|照浏览器地址栏复制完整的地址"
        shown = unicodedata.normalize("NFKC", shown)
        if len(_scripts(shown)) > 1:
            return (f"地址的主机名“{shown}”混用了不同文字的字母（{'、'.join(sorted(_scripts(shown)))}），是仿冒的网址|"
                    "用英文输入法重新输入网址，或照浏览器地址栏复制")
    return None
