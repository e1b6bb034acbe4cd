"""Where the report is published and where its data are edited: one answer for the site's
build, the PDF, the error pages and the tests.

GitHub Actions knows the repository it runs in (``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``),
so a site built there (deploy, pull requests) links to that repository, whatever mkdocs.yml
says, and, when the published address is a GitHub Pages one, names that repository's Pages
address, ``https://<owner>.github.io/<name>/``.  Anywhere else the settings in mkdocs.yml
count: ``extra.data_repository.url`` (empty: no repository links) and ``extra.public_url``.

The path of the published address is the site's sub-path (``/quality-anhui-report/``), set
there and nowhere else: the error pages (hooks/editions.py) load their styles, scripts and
search from it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

GITHUB_PAGES_HOST = ".github.io"
GITHUB = "https://github.com"


def repository_from_environment(environ: Mapping[str, str]) -> str:
    """The repository a GitHub Actions run builds, or "" elsewhere."""
    name = environ.get("GITHUB_REPOSITORY", "").strip().strip("/")
    if name.count("/") != 1:
        return ""
    return f"{(environ.get('GITHUB_SERVER_URL') or GITHUB).rstrip('/')}/{name}"


def repository_url(config: Mapping, environ: Mapping[str, str] = os.environ) -> str:
    """Where contributors see and edit the data records; "" when no address is known."""
    settings = ((config.get("extra") or {}).get("data_repository") or {})
    return repository_from_environment(environ) or str(settings.get("url") or "").strip().rstrip("/")


def public_url(config: Mapping, environ: Mapping[str, str] = os.environ) -> str:
    """The site's published address, ending with "/"; "" when none is set.  A GitHub Pages
    address follows the repository Actions builds (a fork publishes at its own); any other
    (a custom domain) is kept as set."""
    setting = str((config.get("extra") or {}).get("public_url") or "").strip()
    built = repository_from_environment(environ)
    if built.startswith(GITHUB + "/") and (not setting or urlsplit(setting).hostname.endswith(GITHUB_PAGES_HOST)):
        owner, name = built[len(GITHUB) + 1:].split("/")
        setting = f"https://{owner.lower()}{GITHUB_PAGES_HOST}/{name}/"
    return (setting.rstrip("/") + "/") if setting else ""


def site_path(config: Mapping, environ: Mapping[str, str] = os.environ) -> str:
    """The published address's path ("/quality-anhui-report/"), "/" without one."""
    return urlsplit(public_url(config, environ)).path or "/"


def resolve(config, environ: Mapping[str, str] = os.environ):
    """Write the answers into the config's ``extra`` (MkDocs' config or a plain dict), where
    the macros, the theme overrides and the PDF read them."""
    if config.get("extra") is None:
        config["extra"] = {}
    extra = config["extra"]
    extra["public_url"] = public_url(config, environ)
    extra["data_repository"] = {**(extra.get("data_repository") or {}), "url": repository_url(config, environ)}
    return config
