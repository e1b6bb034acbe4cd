"""The MkDocs adapter: every MkDocs event the site uses, and what runs at each, in order.

The one hook file mkdocs.yml and mkdocs.en.yml list (``hooks: [hooks/adapter.py]``).  The
report engine (macros/: data, model, report, presentation, outputs) imports nothing from
MkDocs; this file hands it each edition and collects what it makes.  The steps live in the
modules beside it:

    hooks/macros_entry.py  mkdocs-macros' side: registers the engine's macros for the pages
    hooks/editions.py      the English edition (mkdocs.en.yml) built into site/en/ after the
                           Chinese one, its shared assets, the error pages
    hooks/exports.py       the downloads, the citation metadata, the PDF link held back
    hooks/search.py        the site's own search index (search/qa/ of each edition)
    hooks/security.py      the Content-Security-Policy and the check of every published file
    hooks/serve.py         make serve (mkdocs serve --dirty): rebuild only what a data edit changed
    hooks/speedups.py      the optional pieces that lean on other libraries' internals
                           (QA_SPEEDUPS=off, or extra.speedups: false, switches them off)
    hooks/state.py         what the adapter keeps between events

The two editions are two ordinary MkDocs builds driven from here: ``mkdocs build``/``serve``
with mkdocs.yml builds the Chinese edition and, as its last step, the English one
(hooks/editions.py), so ``make build`` and ``make serve`` always write both.

Where a step must run before or after another plugin (mkdocs-macros, Material's search),
the event's priority says so and the comment says why; otherwise the hooks run after the
plugins, in the order written here.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from hooks import editions, exports, search, security, serve, speedups
from hooks.state import STATE
from macros import publication


# --- once per process -------------------------------------------------------------------------

def on_startup(command, dirty, **kwargs) -> None:
    serve.start(command, dirty)


@event_priority(100)   # before mkdocs-macros' on_config (reads extra, asks for git) and the search plugin's
def on_config(config, **kwargs):
    # The published address and the data repository: GitHub Actions' when built there, else
    # mkdocs.yml's (mkdocs-macros reads `extra` in its on_config).
    config = publication.resolve(config)
    STATE.speedups = speedups.enabled(config)
    # (extra.site_search: false leaves the site without its own index: the bench measures
    # what search costs the build, scripts/benchlib/project.py without_search)
    STATE.site_search = (config.get("extra") or {}).get("site_search", True) is not False
    STATE.macro_html = STATE.held = None
    if STATE.speedups:
        speedups.no_git_info()
        speedups.cache_templates(config)
        STATE.macro_html = speedups.MacroHtml()
        STATE.held = speedups.HeldPages()
    if STATE.serving.requested:
        if not STATE.speedups:
            raise PluginError("mkdocs serve --dirty 需要 hooks/speedups.py：用 make serve（它在 QA_SPEEDUPS=off 时不加 --dirty），"
                              "或删去 mkdocs.yml 里的 extra.speedups: false")
        serve.activate()
    return config


def on_serve(server, config, builder, **kwargs):
    # After mkdocs-macros' and the search plugin's on_serve (they add nothing to the server).
    return speedups.faster_server(server, config, builder) if STATE.speedups else server


# --- one build (one edition) ------------------------------------------------------------------

def on_files(files, config, **kwargs):
    files = editions.on_files(files, config)   # the English edition: the shared docs/assets/
    files = exports.on_files(files, config)    # the downloads (Chinese build), the report for the page steps
    return serve.choose_pages(files, config)   # make serve: which pages a data edit changed


def on_pre_build(config, **kwargs) -> None:
    if STATE.site_search:
        search.on_pre_build(config)


@event_priority(100)   # the macros' HTML is back before anything else reads the page
def on_page_content(html, page, config, files, **kwargs):
    if STATE.macro_html is not None:
        html = STATE.macro_html.restore(html, page)
    if STATE.site_search:
        html = search.on_page_content(html, page, config, files)   # also marks the page for Material's search
    if STATE.held is not None:
        html = STATE.held.hold(page, html)   # last: every step before has read the HTML
    return html


@event_priority(100)   # before Material's search plugin and the theme read page.content
def on_page_context(context, page, config, nav, **kwargs):
    if STATE.held is not None:
        STATE.held.give_back(page)
    return context


def on_template_context(context, template_name, config, **kwargs):
    return editions.on_template_context(context, template_name, config)


def on_post_page(output, page, config, **kwargs):
    output = exports.on_post_page(output, page, config)    # citation metadata; the PDF link held back
    output = security.on_post_page(output, page, config)   # the page's check and its policy
    if STATE.held is not None:
        STATE.held.after_writing(page)
    return output


def on_post_template(output_content, template_name, config, **kwargs):
    output_content = editions.on_post_template(output_content, template_name, config)   # 404.html
    return security.on_post_template(output_content, template_name, config)


# After every plugin's on_post_build (Material's search writes its own index there): the
# published files are complete when security reads them back; the English edition last.
@event_priority(-100)
def on_post_build(config, **kwargs) -> None:
    if STATE.site_search:
        search.on_post_build(config)
    exports.on_post_build(config)
    serve.file_build()
    security.on_post_build(config)
    editions.on_post_build(config)
    _build_over()


def on_build_error(error, **kwargs) -> None:
    search.on_build_error(error)
    serve.forget()
    _build_over()


def _build_over() -> None:
    """Macros called later in this process (a script, a test, a build without this adapter)
    return their HTML again."""
    STATE.macro_html = STATE.held = None
