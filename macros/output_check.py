"""Defence in depth on the built site (issue 21.2): what a published HTML file may run.

The page checks (macros/page_safety.py) keep active content out of the pages; this module
looks at the *output*, so that whatever slips past them (a new extension, a template, a
static file) still cannot run:

* ``content_problems``: a page's own HTML (Markdown plus the macros' HTML) carries no
  script, event handler, frame, embedded object, ``<base>``/``<meta>``/``<link>``, and no
  ``javascript:``/``data:``/``vbscript:`` address;
* ``policy``: the Content-Security-Policy of a page, allowing only the site's own files and
  the theme's own inline scripts by their SHA-256 (computed at build time from the page
  *without* its content, so nothing a page brings can be hashed in);
* ``file_problems``: every published HTML file has that policy, every inline script's
  hash is in it, scripts load only from the site, and no handler, frame or dangerous
  address is anywhere in it (``THEME_SCRIPT_LINKS``: the one ``javascript:`` link the theme
  itself writes).
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

# The placeholder overrides/main.html writes; hooks/security.py puts the policy in its place.
POLICY_PLACEHOLDER = "qa-content-security-policy"

# Everything but scripts: the site's own files only (no outside host, ever).  Styles may be
# inline (the theme and the print title set them; a style cannot run code).
POLICY_TEMPLATE = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
                   "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")

# Elements that load, run or embed something, or change how the page's addresses resolve.
ACTIVE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                             "meta", "link", "portal", "template", "noscript", "form", "style"})
# Script elements that hold data, never run (the glossary's terms, schema.org metadata,
# the theme's configuration): allowed anywhere, needing no hash.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
# Attributes that hold an address.
ADDRESS_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                                "background", "srcset", "cite", "ping"})
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "blob:")
# The theme's own javascript: link (Material's search "share" button, partials/search.html).
THEME_SCRIPT_LINKS = frozenset({"javascript:void(0)"})

_BLANKS = re.compile(r"[\x00-\x20\x7f]+")



def _spaced(word: str) -> str:
    """``word`` as a browser reads it in an address: blanks and controls may stand between letters."""
    return r"[\x00-\x20]*".join(map(re.escape, word))


# A published file needs the full parse only if it has one of these (the theme's own pages
# have none, once its one javascript: link is set aside): frames and embeds, a refresh, a
# handler-like attribute, srcdoc, or an address attribute starting with a dangerous scheme
# or an entity.  Each is searched for on its own in the lowercased text (one expression
# with all of them, or IGNORECASE, is several times slower); parsing every file would cost
# ~20 ms a page.
_FILE_SUSPECTS = (
    re.compile(r"<(?:iframe|frame|frameset|object|embed|applet|base|portal)\b"),
    re.compile(r"http-equiv\s*=\s*[\"']?refresh"),
    re.compile(r"\son[a-z]+\s*="),
    re.compile(r"(?:href|src|action|data|poster|background|srcset|cite|ping)\s*=\s*[\"']?[\x00-\x20]*(?:&|(?:"
               + "|".join(_spaced(w) for w in ("javascript", "data", "vbscript", "file", "blob")) + r")[\x00-\x20]*:)"),
)
# A page's own HTML also may not hold these elements (the macros' JSON data blocks set aside).
_CONTENT_ELEMENTS = re.compile(r"<(?:script|iframe|frame|frameset|object|embed|applet|base|meta|link|portal"
                               r"|template|noscript|form|style)\b")
_DATA_BLOCK = re.compile(r'<script type="application/(?:ld\+)?json"[^<>]*>[^<]*</script>')


def _suspect(lowered: str) -> bool:
    return "srcdoc" in lowered or any(pattern.search(lowered) for pattern in _FILE_SUSPECTS)


_THEME_SCRIPT_LINK = 'href="javascript:void(0)"'
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.I)
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class _Scan(HTMLParser):
    """Elements, attributes and inline scripts of one HTML text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], tuple[int, int]]] = []
        self.inline_scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs, self.getpos()))
        values = dict(attrs)
        if tag == "script" and "src" not in values and (values.get("type") or "").strip().lower() not in DATA_SCRIPT_TYPES:
            self._script = []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs, self.getpos()))

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def _scan(text: str) -> _Scan:
    scan = _Scan()
    scan.feed(text)
    scan.close()
    return scan


def _address_problem(name: str, value: str | None) -> str | None:
    if name not in ADDRESS_ATTRIBUTES or value is None:
        return None
    cleaned = _BLANKS.sub("", value).lower()
    if cleaned.startswith(DANGEROUS_SCHEMES) and cleaned not in THEME_SCRIPT_LINKS:
        return f"{name}={value[:60]!r}"
    return None


def _attribute_problems(tag: str, attrs: list, line: int, column: int) -> list[str]:
    """An element's attributes that run code or load from where they must not: event handlers,
    srcdoc, and addresses with a refused scheme (one rule for a page's content and the output)."""
    out = []
    for name, value in attrs:
        if name.startswith("on") or name == "srcdoc":
            out.append(f"{line}:{column}: <{tag} {name}=…>")
        else:
            problem = _address_problem(name, value)
            if problem:
                out.append(f"{line}:{column}: <{tag} {problem}>")
    return out


def content_problems(content: str) -> list[str]:
    """What a page's own HTML must not hold (each as ``line:col: what``)."""
    lowered = content.lower()
    if not _suspect(lowered) and not _CONTENT_ELEMENTS.search(_DATA_BLOCK.sub("", lowered)):
        return []
    out = []
    for tag, attrs, (line, column) in _scan(content).tags:
        values = dict(attrs)
        data_block = tag == "script" and "src" not in values and (values.get("type") or "").strip().lower() in DATA_SCRIPT_TYPES
        if tag in ACTIVE_ELEMENTS and not data_block:
            out.append(f"{line}:{column}: <{tag}>")
        out += _attribute_problems(tag, attrs, line, column)
    return out


def inline_scripts(text: str) -> list[str]:
    """The bodies of the inline scripts that would run (not data blocks, not src=)."""
    out = []
    for found in _INLINE_SCRIPT.finditer(text):
        attributes = found.group(1)
        kind = _SCRIPT_TYPE.search(attributes)
        if re.search(r"\bsrc\s*=", attributes, re.I):
            continue
        if kind and kind.group(1).strip().lower() in DATA_SCRIPT_TYPES:
            continue
        out.append(found.group(2))
    return out


def policy(chrome: str) -> str:
    """The Content-Security-Policy for a page whose theme part (the page without its own
    content) is ``chrome``: its inline scripts by hash."""
    hashes = sorted({sha256(script) for script in inline_scripts(chrome)})
    return POLICY_TEMPLATE.format(hashes=" ".join(hashes))


def with_policy(output: str, content: str | None) -> str:
    """``output`` with the placeholder replaced by its policy (content left out of the hashes)."""
    if POLICY_PLACEHOLDER not in output:
        return output
    chrome = output.replace(content, "", 1) if content else output
    return output.replace(POLICY_PLACEHOLDER, policy(chrome), 1)


_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def file_problems(text: str, site_files: set[str], here: str) -> list[str]:
    """Everything wrong with one published HTML file (``here``: its path in the site)."""
    out = []
    found = _POLICY_META.search(text)
    if found is None or POLICY_PLACEHOLDER in text:
        return ["没有 Content-Security-Policy（不是由主题生成的 HTML 文件）"]
    if "<script" in text[:found.start()]:
        out.append("Content-Security-Policy 之前已有脚本")
    allowed = set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", found.group(1)))
    for script in inline_scripts(text):
        if sha256(script) not in allowed:
            out.append(f"内联脚本不是主题自己的（{script.strip()[:60]!r}）")
    folder = here.rsplit("/", 1)[0] if "/" in here else ""
    for source in _SCRIPT_SRC.findall(text):
        path = source.split("?")[0].split("#")[0]
        if path.startswith("/") and not path.startswith("//"):
            # Root-relative (the 404 page, served at any address): the site may sit under a
            # sub-path or an edition's folder, so any tail of it naming a site file will do.
            pieces = path.strip("/").split("/")
            targets = {"/".join(pieces[i:]) for i in range(len(pieces))}
        else:
            targets = {_resolve(folder, path)}
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", source, re.I) or not targets & site_files:
            out.append(f"<script src={source[:60]!r}> 不是站内文件")
    if not _suspect(text.replace(_THEME_SCRIPT_LINK, "").lower()):
        return out
    for tag, attrs, (line, column) in _scan(text).tags:
        values = dict(attrs)
        if tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"):
            out.append(f"{line}:{column}: <{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            out.append(f"{line}:{column}: <meta http-equiv=refresh>")
        out += _attribute_problems(tag, attrs, line, column)
    return out


def _resolve(folder: str, address: str) -> str:
    parts = [p for p in (folder.split("/") if folder else [])]
    for piece in address.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def site_problems(site_dir: Path, skip: str | None = None) -> list[str]:
    """``file: problem`` for every published HTML file under ``site_dir`` (``skip``: a folder
    another build checks, e.g. ``en``)."""
    site_dir = Path(site_dir)
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    out = []
    for name in sorted(files):
        if not name.endswith((".html", ".htm")) or (skip and name.startswith(skip + "/")):
            continue
        text = (site_dir / name).read_text(encoding="utf-8", errors="replace")
        out.extend(f"{name}: {problem}" for problem in file_problems(text, files, name))
    return out
