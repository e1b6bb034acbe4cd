"""The built site: every fact present with its source, no hand-typed numbers, no
spam, nothing loaded from outside hosts, readable anchors, failed builds publish nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import render

from conftest import ROOT, THEMED_PAGES, mkdocs_build, add_a_second_source

DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path):
    return soup(path).select_one("article.md-content__inner")


def test_every_fact_and_quotation_is_rendered_once_on_its_theme_page(site, report):
    pages = {t.id: render.page_url(t.page) for t in report.themes}
    seen: dict[str, str] = {}
    for html in site.glob("*.html"):
        # A fact stands in a list of its topic (.qa-fact) or inside a sentence (.qa-inline-fact).
        for element in article(html).select(".qa-fact[id], .qa-inline-fact[id], .qa-quote[id]"):
            assert element["id"] not in seen, f"{element['id']} on {html.name} and {seen[element['id']]}"
            seen[element["id"]] = html.name
    for fact in report.facts:
        assert seen.get(f"fact-{fact.id}") == pages[fact.theme], fact.id
    for quote in report.quotations:
        assert seen.get(f"quote-{quote.id}") == pages[quote.theme], quote.id
    assert len(seen) == len(report.facts) + len(report.quotations)


def test_every_rendered_fact_shows_its_source(site, report):
    """Issue 20.2: a page names its source once, in its "based on" box; a fact or quotation
    carries its own citation only where its source is not the page's.  Either way each
    record's every source is named on its page, with the section, linked to the sources page."""
    records = {f"fact-{f.id}": f for f in report.facts} | {f"quote-{q.id}": q for q in report.quotations}
    checked = 0
    for html in site.glob("*.html"):
        content = article(html)
        box = content.select_one(".qa-based-on")
        named = {a["href"].split("#source-")[1] for a in box.select("a.qa-cite")} if box else set()
        for element in content.select(".qa-fact[id], .qa-inline-fact[id], .qa-quote[id]"):
            record = records[element["id"]]
            own = element.select("a.qa-cite")
            cited = {c.id for c in record.citations}
            if own:
                assert {a["href"].split("#source-")[1] for a in own} == cited, element["id"]
                assert all("一节" in a.text or "全文" in a.text for a in own), element["id"]
            else:
                assert box is not None, f"{html.name}: {element['id']} has no citation and the page no based-on box"
                assert cited <= named, f"{html.name}: {element['id']} cites {cited}, the box names {named}"
            checked += 1
        if box is not None:
            assert "中国质量报" in box.get_text() and "2021年11月29日" in box.get_text(), html.name
            for link in box.select("a.qa-cite"):
                assert soup(site / "sources.html").find(id=link["href"].split("#")[1]) is not None
    assert checked == len(report.facts) + len(report.quotations)


def test_a_fact_from_another_source_carries_its_own_marks(tmp_path):
    """The page's source is named once; a fact citing another source (or reported in another
    month) shows its own "as reported" date and note marker, and the notes list only that."""
    import shutil
    from macros import loader
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    add_a_second_source(data)
    report = loader.load(data)
    html = BeautifulSoup(render.facts(report, render.Repository("https://example.invalid/r"), "governance", "policy"),
                         "html.parser")
    other = html.select_one("#fact-product-quality-regulations-amended")
    assert other.select_one(".qa-fact__time").text == "据2022年1月报道"
    assert [a["href"] for a in other.select("a.qa-note__ref")] == ["#note-governance-1"]
    same = html.select_one("#fact-implementation-opinions-issued")
    assert same.select_one(".qa-fact__time") is None and not same.select("a.qa-note__ref")
    notes = BeautifulSoup(render.notes(report, "governance"), "html.parser").select(".qa-notes__list li")
    assert [n.text for n in notes if "2022年1月10日" in n.text], [n.text for n in notes]
    box = [a["href"] for a in BeautifulSoup(render.based_on(report, "governance"), "html.parser").select("a.qa-cite")]
    assert box[0] == "sources.html#source-cqn-2021-11-29" and "sources.html#source-cqn-2022-01-10" in box


def test_quotations_are_shown_as_quotations_with_speaker(site, report):
    page = article(site / "enterprise-leaders.html")
    for quote in report.quotations:
        figure = page.select_one(f"#quote-{quote.id}")
        assert figure.blockquote is not None
        assert report.name(quote.speaker).zh in figure.figcaption.text


# data.md names the CSV encoding (UTF-8, utf-8-sig): not a figure of the report.
NOT_REPORT_PAGES = ("data.md",)


def test_no_digit_is_typed_into_the_markdown_pages():
    """Numbers reach pages only through macros: outside {{ … }} and {% … %}, no digits."""
    for page in (ROOT / "docs").glob("*.md"):
        if page.name in NOT_REPORT_PAGES:
            continue
        text = page.read_text(encoding="utf-8")
        body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
        prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", body, flags=re.S)
        found = re.findall(r"[0-9０-９]+|[一二三四五六七八九十百千万两]+(?=[个家项名年届次条代])", prose)
        assert not found, f"{page.name}: {found}"


def _numbers_in_data(report) -> set[str]:
    """Every digit run that occurs in the data (text, ids excluded, values, dates)."""
    runs: set[str] = set()
    dumps = [r.model_dump_json() for r in (*report.facts, *report.quotations, *report.entities.values(),
                                           *report.sources.values(), *report.themes)]
    for dump in dumps:
        for run in DIGITS.findall(dump):
            runs.add(run)
            runs.update(str(int(part)) for part in run.split(".") if part)
    return runs


@pytest.mark.parametrize("page", THEMED_PAGES)
def test_every_number_on_a_themed_page_comes_from_data(site, report, page):
    content = article(site / f"{page}.html")
    by_id = {f.id: f for f in report.facts}
    # Figures: the rendered number is the record's value.
    for strong in content.select(".qa-figure"):
        # A figure in a fact's statement, or in the site's own sentence linking to its fact.
        holder = strong.find_parent(attrs={"data-fact-id": True})
        fact_id = holder["data-fact-id"] if holder else strong.find_parent("a", class_="qa-figure-link")["href"].split("#fact-")[1]
        fact = by_id[fact_id]
        assert float(strong["data-value"]) == fact.value
        assert strong.text == render.figure(fact)
        strong.decompose()
    for card in content.select(".qa-card"):
        fact = by_id[card["data-fact-id"]]
        assert card.select_one(".qa-card__number").text + card.select_one(".qa-card__unit").text == render.figure(fact)
        card.select_one(".qa-card__number").decompose()
    # Everything else: each digit run must occur in some record.
    allowed = _numbers_in_data(report)
    for tag in content.select(".headerlink, .qa-fact__anchor, .qa-note__ref"):  # links, not figures
        tag.decompose()
    stray = [n for n in DIGITS.findall(content.get_text(" ")) if n not in allowed]
    assert not stray, stray


SPAM = ("bet体育", "365体育", "体育投注", "手机版app下载", "手机看中经")


def test_no_spam_anywhere_in_the_output(site):
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".js", ".css", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            decoded = json.dumps(json.loads(text), ensure_ascii=False) if path.suffix == ".json" else text
            for token in SPAM:
                assert token not in text.lower() and token not in decoded.lower(), f"{token} in {path}"


ASSET_ATTRIBUTES = {"script": ["src"], "img": ["src", "srcset"], "link": ["href"], "iframe": ["src"],
                    "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"],
                    "object": ["data"], "embed": ["src"], "image": ["href", "xlink:href"], "use": ["href"]}
EXTERNAL = re.compile(r"^(?:[a-z]+:)?//", re.I)


def test_no_asset_is_loaded_from_another_host(site):
    """Links to other sites are fine; anything the browser fetches by itself is not."""
    problems = []
    for html in site.rglob("*.html"):
        page = soup(html)
        for tag_name, attributes in ASSET_ATTRIBUTES.items():
            for tag in page.find_all(tag_name):
                if tag_name == "link" and not set(tag.get("rel", [])) & {
                        "stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch",
                        "modulepreload", "manifest", "apple-touch-icon"}:
                    continue
                for attribute in attributes:
                    value = tag.get(attribute) or ""
                    if EXTERNAL.match(value.strip()):
                        problems.append(f"{html.name}: <{tag_name} {attribute}={value}>")
        for style in page.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(?:https?:)?//", style["style"]):
                problems.append(f"{html.name}: inline style {style['style']}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text):
            problems.append(f"{css.relative_to(site)}: {match.group(1)}")
    assert not problems, "\n".join(problems)


def test_google_fonts_are_not_requested(site):
    for html in site.rglob("*.html"):
        assert "fonts.googleapis" not in html.read_text(encoding="utf-8"), html


def test_chinese_headings_get_readable_anchors(site):
    ids = []
    for html in site.glob("*.html"):
        for heading in article(html).select("h2[id], h3[id]"):
            ids.append(heading["id"])
            assert not re.fullmatch(r"_\d+", heading["id"]), f"{html.name}: {heading['id']}"
    assert "政策文件立法与规划" in ids or "政策文件、立法与规划" in ids or any("政策文件" in i for i in ids)


def test_a_failed_build_leaves_no_site(project_copy):
    """`make build` with broken data fails, names file and line, and publishes nothing."""
    facts = project_copy / "data" / "facts" / "governance.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 16", "value: 十六"), encoding="utf-8")
    (project_copy / "site").mkdir()
    (project_copy / "site" / "index.html").write_text("old", encoding="utf-8")
    # Use the project's environment; an old requirements.txt and pyproject.toml keep make from
    # reinstalling it (and from pointing its path file at this copy).
    os.utime(project_copy / "requirements.txt", (0, 0))
    os.utime(project_copy / "pyproject.toml", (0, 0))
    result = subprocess.run(["make", "build", f"VENV={ROOT / '.venv'}"], cwd=project_copy,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"data/facts/governance\.yml:\d+:\d+: `value` 应为数字", output), output
    assert (project_copy / "site" / "index.html").read_text(encoding="utf-8") == "old"
    assert not (project_copy / ".site-tmp").exists()


def test_strict_build_fails_on_an_unknown_macro(project_copy, tmp_path):
    page = project_copy / "docs" / "governance.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_macro() }}\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
