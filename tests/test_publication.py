"""Where the site is published and where its data are edited (macros/publication.py):
from GitHub Actions when built there, from mkdocs.yml otherwise (issue 18)."""

from __future__ import annotations

from macros import publication

SETTINGS = {"extra": {"public_url": "https://anhui-quality.github.io/quality-anhui-report/",
                      "data_repository": {"url": "", "branch": "main"}}}
ACTIONS = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "Quality-Office/anhui-report"}


def test_outside_actions_the_settings_count():
    assert publication.public_url(SETTINGS, {}) == "https://anhui-quality.github.io/quality-anhui-report/"
    assert publication.site_path(SETTINGS, {}) == "/quality-anhui-report/"
    assert publication.repository_url(SETTINGS, {}) == ""
    with_repository = {"extra": {**SETTINGS["extra"], "data_repository": {"url": "https://example.org/r/"}}}
    assert publication.repository_url(with_repository, {}) == "https://example.org/r"


def test_in_actions_the_repository_and_its_pages_address_are_the_built_ones():
    assert publication.repository_url(SETTINGS, ACTIONS) == "https://github.com/Quality-Office/anhui-report"
    # GitHub Pages: the owner's name in lower case as the host, the repository's as the sub-path
    assert publication.public_url(SETTINGS, ACTIONS) == "https://quality-office.github.io/anhui-report/"
    assert publication.site_path(SETTINGS, ACTIONS) == "/anhui-report/"


def test_a_custom_domain_is_kept_and_an_enterprise_server_gives_no_pages_address():
    custom = {"extra": {"public_url": "https://report.example.cn/quality"}}
    assert publication.public_url(custom, ACTIONS) == "https://report.example.cn/quality/"
    enterprise = {"GITHUB_SERVER_URL": "https://git.example.cn", "GITHUB_REPOSITORY": "office/report"}
    assert publication.repository_url(SETTINGS, enterprise) == "https://git.example.cn/office/report"
    assert publication.public_url(SETTINGS, enterprise) == SETTINGS["extra"]["public_url"]


def test_no_address_at_all_gives_the_server_root():
    assert publication.public_url({"extra": {}}, {}) == ""
    assert publication.site_path({"extra": {}}, {}) == "/"


def test_resolve_writes_the_answers_where_the_templates_read_them():
    config = {"extra": {**SETTINGS["extra"], "data_repository": {"url": "", "branch": "trunk"}}}
    publication.resolve(config, ACTIONS)
    assert config["extra"]["public_url"] == "https://quality-office.github.io/anhui-report/"
    assert config["extra"]["data_repository"] == {"url": "https://github.com/Quality-Office/anhui-report",
                                                  "branch": "trunk"}


# --- on the built site ---------------------------------------------------------------------

import json  # noqa: E402
import re  # noqa: E402

from bs4 import BeautifulSoup  # noqa: E402

from conftest import mkdocs_build  # noqa: E402
from macros import render  # noqa: E402

PLACEHOLDER_REPOSITORY = "anhui-quality/quality-anhui-report"
NO_ADDRESS = {"zh": "没有写明代码仓库和纠错邮箱", "en": "names no code repository and no corrections e-mail"}


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_without_an_address_no_page_points_at_a_repository(site):
    """mkdocs.yml sets no repository (the old placeholder is gone): a fact's "建议更正" leads to
    the sources page's "found an error?" section, never to a repository, and that section says
    how else to report an error."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert PLACEHOLDER_REPOSITORY not in text, page
    governance = _soup(site / "governance.html")
    corrections = governance.select("a.qa-fact__correct, a.qa-fact__edit")
    assert governance.select(".qa-inline-fact") and corrections
    assert {a["href"] for a in corrections} == {"sources.html#发现错误怎么办"}
    english = _soup(site / "en" / "governance.html").select("a.qa-fact__correct, a.qa-fact__edit")
    assert english and {a["href"] for a in english} == {"sources.html#corrections"}
    assert "查看" not in governance.select_one(".qa-data-note").get_text()
    for edition, lang in (("", "zh"), ("en/", "en")):
        corrections = _soup(site / edition / "sources.html").select_one(".qa-corrections")
        assert NO_ADDRESS[lang] in corrections.get_text(), corrections
        assert corrections.select("a") == []          # no link to a repository it cannot name


def test_built_in_github_actions_the_site_points_at_that_repository(project_copy, tmp_path):
    actions = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "Quality-Office/anhui-report"}
    result = mkdocs_build(project_copy, tmp_path / "site", environ=actions)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    repository = "https://github.com/Quality-Office/anhui-report"
    governance = _soup(site / "governance.html")
    # each fact's "建议更正" opens its record (issue 20.6: file paths and edit links no longer
    # stand in the page's text)
    records = [a["href"] for a in governance.select("a.qa-fact__correct, a.qa-fact__edit")]
    assert records and all(re.fullmatch(repository + r"/blob/main/data/facts/governance\.yml#L\d+", h) for h in records)
    for edition, lang in (("", "zh"), ("en/", "en")):
        corrections = _soup(site / edition / "sources.html").select_one(".qa-corrections")
        assert f"{repository}/issues/new/choose" in [a["href"] for a in corrections.select("a")]
        assert NO_ADDRESS[lang] not in corrections.get_text()
    # its GitHub Pages address: the sitemaps, the citation metadata and the error pages' sub-path
    pages_address = "https://quality-office.github.io/anhui-report/"
    assert f"<loc>{pages_address}governance.html</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    dataset = json.loads(_soup(site / "data.html").select_one('script[type="application/ld+json"]').string)
    assert dataset["url"] == pages_address + "data.html"
    assert f"url         = {{{pages_address}}}" in (site / "sources.html").read_text(encoding="utf-8")
    assert '"/anhui-report/"' in (site / "404.html").read_text(encoding="utf-8")
    for page in site.rglob("*.html"):
        assert PLACEHOLDER_REPOSITORY not in page.read_text(encoding="utf-8"), page


def test_with_only_an_e_mail_the_sources_page_offers_it():
    html = render.corrections(render.Repository(url="", email="editors@example.org"))
    assert 'href="mailto:editors@example.org"' in html
    assert "代码仓库提交议题" not in html and NO_ADDRESS["zh"] not in html
