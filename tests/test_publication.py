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
